/**
 * The quiz engine: start an attempt (draw and freeze its questions and option orders), save answers as
 * they are given, submit (grade on the server), and finalize attempts past their deadline — on touch and
 * in bulk (`finalizeOverdueAttempts`, for a periodic sweeper). States and transitions: attempt-state.ts.
 *
 * Every command runs in one transaction that first locks the attempt row, then checks its state:
 *  - answers and submits after the deadline are refused (QUIZ_TIME_UP); the attempt is finalized then,
 *    graded on the answers saved before the deadline;
 *  - a bad answer (question not in the attempt, option out of range, several options on a single-choice
 *    question, not a number) refuses the whole request before anything is written;
 *  - the same answer twice writes nothing the second time; a second submit returns the same result.
 * Answers arrive as the positions shown (1…n) and the option places shown (0…k-1); they are stored as
 * the questions' own option indexes, so grading never depends on the order shown.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { TRANSITIONS, acceptsAnswers, finalizeEvent, isFinal, isPastDeadline, type AttemptEvent } from './attempt-state.js';
import { contextHandler, type QuizLike } from './contexts.js';
import { drawWithRetries, NotEnoughQuestions, optionOrder, type Candidate, type DrawRule, type Random } from './draw.js';
import { isRight, passedOf, scoreOf } from './grading.js';
import * as repo from './repository.js';
import './activity-context.js';
import { isUniqueViolation } from '../../db/database.js';

type Trx = Transaction<DB>;

/** Points of every drawn question (the contest may weigh them later). */
const POINTS = 1;

export interface Answer {
  position: number;
  /** Option places as shown, as sent: validated here. Empty: no answer (clears a saved one). */
  choices: string[];
}

async function quizOf(db: repo.Conn, id: number): Promise<QuizLike> {
  const quiz = await repo.quizById(db, id);
  if (!quiz) throw new Error(`quiz ${id} of an attempt is missing`);
  return quiz;
}

/** Grades the attempt and applies the event (submit, grade or abandon); tells the context. */
async function gradeAndClose(trx: Trx, attempt: repo.AttemptRow, quiz: QuizLike, event: AttemptEvent, now: Date): Promise<repo.AttemptRow> {
  const rows = await repo.gradingRows(trx, attempt.id);
  const items = rows.map((r) => ({
    position: r.position,
    points: r.points,
    right: isRight(JSON.parse(r.answer_key) as number[], r.response === null ? null : (JSON.parse(r.response) as number[])),
  }));
  const right = items.filter((i) => i.right).map((i) => i.position);
  await repo.markCorrect(trx, attempt.id, right);
  const { score, percent } = scoreOf(items);
  const passed = passedOf(percent, quiz.pass_percent);
  const t = TRANSITIONS[event];
  const closed = await repo.transitionAttempt(trx, attempt.id, t.from, t.to, {
    finished_at: now.toISOString(),
    finish_reason: event === 'submit' ? 'submitted' : 'timeout',
    score,
    percent,
    passed: passed === null ? null : passed ? 1 : 0,
  });
  if (!closed) throw new Error(`attempt ${attempt.id} could not ${event} from ${attempt.state}`);
  await contextHandler(closed.context_type)?.onFinal?.(trx, closed, quiz, { correct: right.length });
  return closed;
}

/** Expires (when still in progress) and finalizes an attempt past its deadline. The attempt row is locked. */
async function finalizeLocked(trx: Trx, attempt: repo.AttemptRow, now: Date): Promise<repo.AttemptRow> {
  if (attempt.state === 'in_progress') {
    await repo.transitionAttempt(trx, attempt.id, TRANSITIONS.expire.from, TRANSITIONS.expire.to);
    attempt = { ...attempt, state: 'overdue' };
  }
  const answered = (await repo.gradingRows(trx, attempt.id)).filter((r) => r.response !== null).length;
  return gradeAndClose(trx, attempt, await quizOf(trx, attempt.quiz_id), finalizeEvent(answered), now);
}

const due = (a: repo.AttemptRow, now: Date) => a.state === 'overdue' || (a.state === 'in_progress' && isPastDeadline(a.deadline_at, now));

/** Finalizes the attempt if it is past its deadline ("when touched"); returns it as it is now. */
export async function touchAttempt(db: Kysely<DB>, attempt: repo.AttemptRow, now = new Date()): Promise<repo.AttemptRow> {
  if (!due(attempt, now)) return attempt;
  return db.transaction().execute(async (trx) => {
    const locked = await repo.lockAttempt(trx, attempt.id);
    if (!locked || !due(locked, now)) return locked ?? attempt;
    return finalizeLocked(trx, locked, now);
  });
}

/** The learner's attempts in this context (`known`: as the caller just read them), any of them past its deadline finalized first. */
export async function attemptsNow(db: Kysely<DB>, quizId: number, userId: number, ctx: repo.AttemptContext, now = new Date(), known?: repo.AttemptRow[]): Promise<repo.AttemptRow[]> {
  const attempts = known ?? (await repo.attemptsOf(db, quizId, userId, ctx));
  if (!attempts.some((a) => due(a, now))) return attempts;
  for (const a of attempts) await touchAttempt(db, a, now);
  return repo.attemptsOf(db, quizId, userId, ctx);
}

/** What a draw needs of a bank, when the caller keeps it cached: candidates, and each one's type and option count. */
export interface DrawSource {
  candidates: Candidate[];
  shapes: Map<number, { type: string; count: number }>;
}

/**
 * Plans attempt n+1 of the learner (nothing written): checks that none is in progress and that attempts are left,
 * draws its questions and option orders, and sets its deadline (start + time limit, capped at `deadlineCap`).
 */
export async function planAttempt(
  db: repo.Conn,
  quiz: QuizLike,
  userId: number,
  ctx: repo.AttemptContext,
  attempts: repo.AttemptRow[],
  opts: { now: Date; random?: Random; draw?: DrawSource; deadlineCap?: string },
): Promise<repo.AttemptPlan> {
  if (attempts.some((a) => a.state === 'in_progress')) throw new AppError('QUIZ_ATTEMPT_IN_PROGRESS', 409);
  if (quiz.attempts_allowed !== null && attempts.length >= quiz.attempts_allowed) throw new AppError('QUIZ_NO_ATTEMPTS_LEFT', 409, { allowed: quiz.attempts_allowed });
  const rules = JSON.parse(quiz.rules) as DrawRule[];
  let ids: number[];
  try {
    ids = drawWithRetries(opts.draw?.candidates ?? (await repo.candidatesOf(db, quiz.bank_id)), rules, { shuffleQuestions: quiz.shuffle_questions === 1, random: opts.random });
  } catch (err) {
    if (err instanceof NotEnoughQuestions) throw new AppError('QUIZ_NOT_ENOUGH_QUESTIONS', 409);
    throw err;
  }
  const shapes = opts.draw?.shapes ?? (await repo.optionCounts(db, ids));
  const { now } = opts;
  let deadlineMs = quiz.time_limit_seconds ? now.getTime() + quiz.time_limit_seconds * 1000 : null;
  if (opts.deadlineCap !== undefined) deadlineMs = Math.min(deadlineMs ?? Infinity, Date.parse(opts.deadlineCap));
  return {
    quizId: quiz.id,
    userId,
    ctx,
    number: Math.max(0, ...attempts.map((a) => a.number)) + 1,
    startedAt: now.toISOString(),
    deadlineAt: deadlineMs === null ? null : new Date(deadlineMs).toISOString(),
    maxScore: ids.length * POINTS,
    questions: ids.map((questionId) => {
      const shape = shapes.get(questionId)!;
      return { questionId, optionOrder: optionOrder(shape.count, shape.type, quiz.shuffle_options === 1, opts.random), points: POINTS };
    }),
  };
}

/** Starts attempt n+1: draws its questions and option orders and freezes them. */
export async function startAttempt(
  db: Kysely<DB>,
  quiz: QuizLike,
  userId: number,
  ctx: repo.AttemptContext,
  opts: {
    now?: Date;
    random?: Random;
    /** The learner's attempts in this context as just read with attemptsNow (saves reading them again). */
    attempts?: repo.AttemptRow[];
    /** The bank's candidates and their shapes, from a cache of the caller: saves two queries. */
    draw?: DrawSource;
  } = {},
): Promise<repo.AttemptRow> {
  const now = opts.now ?? new Date();
  const attempts = opts.attempts ?? (await attemptsNow(db, quiz.id, userId, ctx, now));
  const plan = await planAttempt(db, quiz, userId, ctx, attempts, { now, random: opts.random, draw: opts.draw });
  try {
    return await db.transaction().execute(async (trx) => {
      const [id] = await repo.insertAttempts(trx, [plan]);
      const attempt = (await repo.attemptById(trx, id))!;
      await contextHandler(ctx.type)?.onStart?.(trx, attempt, quiz);
      return attempt;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('QUIZ_ATTEMPT_IN_PROGRESS', 409);
    throw err;
  }
}

/** Checks answers against the attempt's questions; every problem refuses the whole request. */
function checkAnswers(shapes: Awaited<ReturnType<typeof repo.answerShapes>>, answers: Answer[]): Array<{ position: number; response: string | null; stored: string | null }> {
  const byPosition = new Map(shapes.map((s) => [s.position, s]));
  return answers.map(({ position, choices }) => {
    const shape = byPosition.get(position);
    if (!shape) throw new AppError('QUIZ_QUESTION_NOT_IN_ATTEMPT', 422, { position });
    const order = JSON.parse(shape.option_order) as number[];
    const places = new Set<number>();
    for (const c of choices) {
      if (!/^\d{1,3}$/.test(c)) throw new AppError('QUIZ_CHOICE_INVALID', 422, { position });
      const place = Number(c);
      if (place >= order.length) throw new AppError('QUIZ_CHOICE_OUT_OF_RANGE', 422, { position });
      places.add(place);
    }
    if (shape.type !== 'multiple' && places.size > 1) throw new AppError('QUIZ_SINGLE_ONE_CHOICE', 422, { position });
    const original = [...places].map((p) => order[p]).sort((a, b) => a - b);
    return { position, response: original.length ? JSON.stringify(original) : null, stored: shape.response };
  });
}

/** The attempt for its owner, locked; 404 for anyone else. */
async function ownAttempt(trx: Trx, attemptId: number, userId: number): Promise<repo.AttemptRow> {
  const attempt = await repo.lockAttempt(trx, attemptId);
  if (!attempt || attempt.user_id !== userId) throw notFound();
  return attempt;
}

type Outcome<T> = { ok: T } | { timeUp: repo.AttemptRow };

async function run<T>(db: Kysely<DB>, body: (trx: Trx) => Promise<Outcome<T>>): Promise<T> {
  const outcome = await db.transaction().execute(body);
  // Thrown after the commit: the finalization of a late attempt is kept, the late answer is not.
  if ('timeUp' in outcome) throw new AppError('QUIZ_TIME_UP', 409, { attemptId: outcome.timeUp.id });
  return outcome.ok;
}

async function saveChecked(trx: Trx, attemptId: number, answers: Answer[], now: Date): Promise<number> {
  if (answers.length === 0) return 0;
  const positions = [...new Set(answers.map((a) => a.position))].filter((p) => Number.isSafeInteger(p) && p > 0 && p < 100_000);
  const checked = checkAnswers(await repo.answerShapes(trx, attemptId, positions), answers);
  let changed = 0;
  for (const a of checked) {
    if (a.response === a.stored) continue; // the same answer again: nothing changes
    await repo.setResponse(trx, attemptId, a.position, a.response, now.toISOString());
    changed++;
  }
  return changed;
}

/** Saves answers as given; returns how many changed. */
export async function saveAnswers(db: Kysely<DB>, attemptId: number, userId: number, answers: Answer[], now = new Date()): Promise<{ changed: number; attempt: repo.AttemptRow }> {
  return run<{ changed: number; attempt: repo.AttemptRow }>(db, async (trx) => {
    const attempt = await ownAttempt(trx, attemptId, userId);
    if (isFinal(attempt.state)) {
      if (attempt.finish_reason === 'timeout') return { timeUp: attempt };
      throw new AppError('QUIZ_ATTEMPT_CLOSED', 409);
    }
    if (!acceptsAnswers(attempt, now)) return { timeUp: await finalizeLocked(trx, attempt, now) };
    return { ok: { changed: await saveChecked(trx, attempt.id, answers, now), attempt } };
  });
}

/**
 * Saves the last answers (if any) and submits: graded, final. A second submit of the same attempt returns
 * the same result and changes nothing; a submit after the deadline is refused (the attempt is finalized).
 */
export async function submitAttempt(db: Kysely<DB>, attemptId: number, userId: number, answers: Answer[] = [], now = new Date()): Promise<repo.AttemptRow> {
  return run<repo.AttemptRow>(db, async (trx) => {
    const attempt = await ownAttempt(trx, attemptId, userId);
    if (isFinal(attempt.state)) return attempt.finish_reason === 'submitted' ? { ok: attempt } : { timeUp: attempt };
    if (!acceptsAnswers(attempt, now)) return { timeUp: await finalizeLocked(trx, attempt, now) };
    await saveChecked(trx, attempt.id, answers, now);
    return { ok: await gradeAndClose(trx, attempt, await quizOf(trx, attempt.quiz_id), 'submit', now) };
  });
}

/**
 * For a periodic sweeper: every attempt in progress past its deadline becomes overdue (one UPDATE), then
 * every overdue attempt is graded (or abandoned when nothing was answered), each in its own transaction.
 * Safe to run on several instances at once: transitions are conditional. Returns how many were finalized.
 */
export async function finalizeOverdueAttempts(db: Kysely<DB>, now = new Date(), batch = 200): Promise<number> {
  await repo.expireDue(db, now.toISOString());
  let done = 0;
  for (;;) {
    const ids = await repo.overdueIds(db, batch);
    if (ids.length === 0) return done;
    let progressed = 0;
    for (const id of ids) {
      const finalized = await db.transaction().execute(async (trx) => {
        const attempt = await repo.lockAttempt(trx, id);
        if (!attempt || attempt.state !== 'overdue') return false;
        await finalizeLocked(trx, attempt, now);
        return true;
      });
      if (finalized) {
        done++;
        progressed++;
      }
    }
    if (progressed === 0) return done;
  }
}
