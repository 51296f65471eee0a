/**
 * The quiz activity of a course, for a learner: who may take it (signed in and enrolled — active or
 * completed — in a published or archived course; anyone else gets 404), what the page shows, and what
 * the review may show.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../core/errors.js';
import type { Actor } from '../../core/policy.js';
import type { QuizSettings } from '../courses/activity-types.js';
import { isFinal } from './attempt-state.js';
import { attemptsNow } from './attempt-service.js';
import { ACTIVITY_CONTEXT } from './activity-context.js';
import { passedOf, quizGrade, type GradingMethod } from './grading.js';
import { presentQuestionToAnswer, presentReview, type QuestionToAnswerDto, type ReviewDto } from './schema.js';
import * as repo from './repository.js';

type T = (key: string, params?: Record<string, string | number>) => string;

const LIVE_COURSE = ['published', 'archived'];
const MEMBER = ['active', 'completed'];

export interface QuizActivity {
  activity: NonNullable<Awaited<ReturnType<typeof repo.quizActivity>>>;
  /** Undefined while the activity has no quiz set. */
  quiz: repo.QuizRow | undefined;
  ctx: repo.AttemptContext;
}

export async function quizActivityAccess(db: repo.Conn, actor: Actor, activityId: number): Promise<QuizActivity> {
  const activity = await repo.quizActivity(db, activityId, actor.userId);
  if (!activity || activity.type !== 'quiz') throw notFound();
  if (!LIVE_COURSE.includes(activity.course_status) || !MEMBER.includes(activity.enrolment_status ?? '')) throw notFound();
  let settings: QuizSettings;
  try {
    settings = JSON.parse(activity.settings) as QuizSettings;
  } catch {
    settings = {};
  }
  const quiz = typeof settings.quizId === 'number' ? await repo.quizById(db, settings.quizId) : undefined;
  return { activity, quiz, ctx: { type: ACTIVITY_CONTEXT, id: activity.id } };
}

/** An attempt of this learner in this activity; 404 otherwise. */
export async function ownActivityAttempt(db: repo.Conn, a: QuizActivity, actor: Actor, attemptId: number): Promise<repo.AttemptRow> {
  const attempt = await repo.attemptById(db, attemptId);
  if (!attempt || !a.quiz || attempt.user_id !== actor.userId || attempt.quiz_id !== a.quiz.id || attempt.context_type !== a.ctx.type || attempt.context_id !== a.ctx.id) {
    throw notFound();
  }
  return attempt;
}

export interface QuizStanding {
  attempts: repo.AttemptRow[];
  current: repo.AttemptRow | undefined;
  finals: repo.AttemptRow[];
  /** The quiz's grade over the final attempts (highest or last), null before any. */
  grade: number | null;
  passed: boolean | null;
  /** null: unlimited. */
  left: number | null;
}

export async function standing(db: Kysely<DB>, quiz: repo.QuizRow, userId: number, ctx: repo.AttemptContext, now = new Date()): Promise<QuizStanding> {
  const attempts = await attemptsNow(db, quiz.id, userId, ctx, now);
  const finals = attempts.filter((a) => isFinal(a.state));
  const grade = quizGrade(finals, quiz.grading as GradingMethod);
  return {
    attempts,
    current: attempts.find((a) => a.state === 'in_progress'),
    finals,
    grade,
    passed: grade === null ? null : passedOf(grade, quiz.pass_percent),
    left: quiz.attempts_allowed === null ? null : Math.max(0, quiz.attempts_allowed - attempts.length),
  };
}

/** Answers and explanations of a final attempt: per the quiz's review setting. */
export function reviewAllowed(quiz: Pick<repo.QuizRow, 'review'>, s: Pick<QuizStanding, 'left' | 'passed' | 'current'>): boolean {
  if (quiz.review === 'after_submit') return true;
  if (quiz.review === 'after_last') return !s.current && (s.left === 0 || s.passed === true);
  return false;
}

export async function questionsFor(db: repo.Conn, attemptId: number, t: T): Promise<QuestionToAnswerDto[]> {
  return (await repo.questionsToAnswer(db, attemptId)).map((r) => presentQuestionToAnswer(r, t));
}

export async function reviewFor(db: repo.Conn, attemptId: number, t: T): Promise<ReviewDto[]> {
  return (await repo.reviewRows(db, attemptId)).map((r) => presentReview(r, t));
}
