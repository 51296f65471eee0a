/**
 * Taking part in a round, on the quiz engine (context 'contest', see contest-context.ts):
 *  - enterRound: registered contestants only, while the round is open by the server's clock; resumes the
 *    attempt in progress (any device, the real time left), else plans the next one with the engine (the round's
 *    attempts allowed, deadline capped at the round's close) and writes it with its entry by group commit
 *    (start-batch.ts): one read and a share of one transaction per start. Concurrent starts end with one attempt
 *    (the engine's unique number; the loser resumes the winner's).
 *  - saveContestAnswer: the hot path. The attempt's shapes (owner, deadline, each position's option order and
 *    type) are frozen at start, so they are cached in process by attempt id; the choices are checked against
 *    them and stored with ONE conditional statement per group commit (save-batch.ts: the saves queued meanwhile
 *    share one statement; each still answered only once committed). When it changes nothing
 *    we find out why: the same answer again (changed: false), time up (the attempt is finalized, QUIZ_TIME_UP),
 *    already submitted (QUIZ_ATTEMPT_CLOSED).
 *  - the deadline of a contest attempt is min(start + time limit, the round's closes_at): nothing is accepted
 *    after a round closes.
 *  - results (correct answers) are hidden until the round closes, unless the contest shows scores on submit.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { t as translate, type Lang } from '../../core/i18n.js';
import { attemptsNow, planAttempt, submitAttempt, touchAttempt } from '../quizzes/attempt-service.js';
import { isFinal, isPastDeadline } from '../quizzes/attempt-state.js';
import * as quizRepo from '../quizzes/repository.js';
import { presentQuestionToAnswer } from '../quizzes/schema.js';
import { questionCount } from './contest-context.js';
import { roundStatus } from './round-status.js';
import * as repo from './repository.js';
import { saveResponseBatched } from './save-batch.js';
import { startBatched } from './start-batch.js';
import type { ContestantAttemptResult, ContestantRoundResult, ContestRow, PlayView, RoundRow } from './service.js';
import './messages-core.js';

/* ---------- in-process caches (per database, so several apps in one process never mix) ---------- */

/** Draw candidates and quiz settings are re-read after this long: an organiser's change shows within seconds. */
const DRAW_CACHE_MS = 10_000;
const SHAPES_MAX = 200_000;

interface AttemptShape {
  userId: number;
  contextType: string;
  roundId: number;
  deadlineMs: number | null;
  /** By position - 1: the option order shown (original indexes) and the question's type. */
  positions: Array<{ order: number[]; type: string } | undefined>;
  hasPrediction: boolean;
}

interface Caches {
  draw: Map<number, { until: number; value: Promise<repo.BankSource> }>;
  quiz: Map<number, { until: number; value: Promise<quizRepo.QuizRow | undefined> }>;
  shapes: Map<number, AttemptShape>;
}

const caches = new WeakMap<Kysely<DB>, Caches>();
function cachesOf(db: Kysely<DB>): Caches {
  let c = caches.get(db);
  if (!c) caches.set(db, (c = { draw: new Map(), quiz: new Map(), shapes: new Map() }));
  return c;
}

function cached<T>(map: Map<number, { until: number; value: Promise<T> }>, key: number, load: () => Promise<T>): Promise<T> {
  const now = Date.now();
  const hit = map.get(key);
  if (hit && hit.until > now) return hit.value;
  const value = load();
  map.set(key, { until: now + DRAW_CACHE_MS, value });
  value.catch(() => map.delete(key));
  return value;
}

const drawSource = (db: Kysely<DB>, bankId: number) => cached(cachesOf(db).draw, bankId, () => repo.drawSourceOf(db, bankId));
const quizOf = (db: Kysely<DB>, quizId: number) => cached(cachesOf(db).quiz, quizId, () => quizRepo.quizById(db, quizId));

/** The attempt's frozen shapes (cached: nothing in them changes after the start). */
async function shapeOf(db: Kysely<DB>, attemptId: number): Promise<AttemptShape | undefined> {
  const { shapes } = cachesOf(db);
  const hit = shapes.get(attemptId);
  if (hit) return hit;
  const loaded = await repo.attemptShapes(db, attemptId);
  if (!loaded) return undefined;
  let hasPrediction = false;
  if (loaded.attempt.context_type === repo.CONTEST_CONTEXT) hasPrediction = !!(await repo.entryWithRound(db, attemptId))?.prediction_question;
  const positions: AttemptShape['positions'] = [];
  for (const p of loaded.positions) positions[p.position - 1] = { order: JSON.parse(p.option_order) as number[], type: p.type };
  const shape: AttemptShape = {
    userId: loaded.attempt.user_id,
    contextType: loaded.attempt.context_type,
    roundId: loaded.attempt.context_id,
    deadlineMs: loaded.attempt.deadline_at === null ? null : Date.parse(loaded.attempt.deadline_at),
    positions,
    hasPrediction,
  };
  remember(db, attemptId, shape);
  return shape;
}

function remember(db: Kysely<DB>, attemptId: number, shape: AttemptShape): void {
  const { shapes } = cachesOf(db);
  if (shapes.size >= SHAPES_MAX) shapes.delete(shapes.keys().next().value!);
  shapes.set(attemptId, shape);
}

/** A contest attempt of this user (else 404, whoever else's it is). */
async function ownShape(db: Kysely<DB>, attemptId: number, userId: number): Promise<AttemptShape> {
  const shape = await shapeOf(db, attemptId);
  if (!shape || shape.userId !== userId || shape.contextType !== repo.CONTEST_CONTEXT) throw notFound();
  return shape;
}

/** Forgets every cached value of this database (tests that change a bank or quiz under a running app). */
export function clearPlayCaches(db: Kysely<DB>): void {
  caches.delete(db);
}

/* ---------- entering a round ---------- */

export async function enterRound(db: Kysely<DB>, contest: ContestRow, round: RoundRow, userId: number, now = new Date()): Promise<{ attemptId: number; resumed: boolean }> {
  const { attemptId, resumed } = await enter(db, contest, round, userId, now);
  return { attemptId, resumed };
}

/**
 * enterRound and the play view at once (the API's start): a fresh attempt's view is built from what the start
 * just wrote and the cached bank — one query — and primes the answer cache, so the first answer is one statement too.
 */
export async function enterRoundWithView(db: Kysely<DB>, contest: ContestRow, round: RoundRow, userId: number, lang: Lang, now = new Date()): Promise<{ attemptId: number; resumed: boolean; view: PlayView }> {
  const entered = await enter(db, contest, round, userId, now);
  const view = entered.fresh ? freshView(db, entered.fresh, round, lang, now) : await playView(db, entered.attemptId, userId, lang, now);
  return { attemptId: entered.attemptId, resumed: entered.resumed, view };
}

interface Fresh {
  attempt: quizRepo.AttemptRow;
  plan: quizRepo.AttemptPlan;
  bank: repo.BankSource;
}

/** The view of an attempt just started, from its plan and the bank it was drawn from (no query). */
function freshView(db: Kysely<DB>, { attempt, plan, bank }: Fresh, round: RoundRow, lang: Lang, now: Date): PlayView {
  const deadlineMs = Date.parse(attempt.deadline_at!);
  const positions: AttemptShape['positions'] = plan.questions.map((q) => ({ order: q.optionOrder, type: bank.shapes.get(q.questionId)!.type }));
  remember(db, attempt.id, { userId: attempt.user_id, contextType: repo.CONTEST_CONTEXT, roundId: round.id, deadlineMs, positions, hasPrediction: !!round.prediction_question });
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  return {
    attemptId: attempt.id,
    contestId: round.contest_id,
    roundId: round.id,
    number: attempt.number,
    state: attempt.state,
    deadlineAt: attempt.deadline_at,
    remainingMs: Math.max(0, deadlineMs - now.getTime()),
    questions: plan.questions.map((d, i) => {
      const text = bank.texts.get(d.questionId)!;
      const q = presentQuestionToAnswer(
        { position: i + 1, option_order: JSON.stringify(d.optionOrder), response: null, answered_at: null, type: bank.shapes.get(d.questionId)!.type, text: text.text, options: text.options },
        t,
      );
      return { position: q.position, text: q.text, type: q.type, options: q.options.map((o) => o.text), chosen: q.chosen };
    }),
    prediction: round.prediction_question ? { question: round.prediction_question, value: null } : null,
  };
}

/**
 * Resumes the attempt in progress, or starts the next one: one read (the registration and the attempts that matter),
 * the plan made in process (bank and quiz cached), then the write by group commit (start-batch.ts).
 */
async function enter(db: Kysely<DB>, contest: ContestRow, round: RoundRow, userId: number, now: Date): Promise<{ attemptId: number; resumed: boolean; fresh?: Fresh }> {
  if (round.contest_id !== contest.id) throw notFound();
  if (contest.status !== 'published' || roundStatus(round, now) !== 'open') throw new AppError('CONTEST_ROUND_NOT_OPEN', 409);
  const ctx = { type: repo.CONTEST_CONTEXT, id: round.id };
  for (let tries = 0; tries < 3; tries++) {
    const contestant = await repo.contestantAtStart(db, contest.id, round.id, userId);
    if (!contestant) throw new AppError('CONTEST_NOT_REGISTERED', 403);
    const thisRound = contestant.attempts.filter((a) => a.context_id === round.id && a.quiz_id === round.quiz_id);
    const attempts = await attemptsNow(db, round.quiz_id, userId, ctx, now, thisRound);
    const running = attempts.find((a) => a.state === 'in_progress');
    if (running) return { attemptId: running.id, resumed: true };
    if (attempts.length >= round.attempts_allowed) throw new AppError('QUIZ_NO_ATTEMPTS_LEFT', 409, { allowed: round.attempts_allowed });
    const other = contestant.attempts.find((a) => a.context_id !== round.id && a.state === 'in_progress' && !isPastDeadline(a.deadline_at, now));
    if (other) {
      const otherRound = await repo.roundById(db, other.context_id);
      throw new AppError('CONTEST_ATTEMPT_IN_PROGRESS', 409, { round: otherRound?.number ?? '' });
    }
    const quiz = await quizOf(db, round.quiz_id);
    if (!quiz) throw new Error(`quiz ${round.quiz_id} of round ${round.id} is missing`);
    const bank = await drawSource(db, quiz.bank_id);
    const plan = await planAttempt(db, { ...quiz, attempts_allowed: round.attempts_allowed }, userId, ctx, attempts, { now, draw: bank, deadlineCap: round.closes_at });
    try {
      const id = await startBatched(db, {
        plan,
        entry: { contestId: round.contest_id, roundId: round.id, registrationId: contestant.registrationId, unitId: contestant.unitId, questionCount: questionCount(quiz) },
      });
      return { attemptId: id, resumed: false, fresh: { attempt: quizRepo.plannedAttemptRow(plan, id), plan, bank } };
    } catch (err) {
      // Two starts at once (two tabs, two devices, two instances): one attempt was created; resume it.
      if (err instanceof AppError && err.code === 'QUIZ_ATTEMPT_IN_PROGRESS') continue;
      throw err;
    }
  }
  throw new AppError('QUIZ_ATTEMPT_IN_PROGRESS', 409);
}

/* ---------- the attempt as its owner sees it ---------- */

export async function playView(db: Kysely<DB>, attemptId: number, userId: number, lang: Lang, now = new Date()): Promise<PlayView> {
  let attempt = await quizRepo.attemptById(db, attemptId);
  if (!attempt || attempt.user_id !== userId || attempt.context_type !== repo.CONTEST_CONTEXT) throw notFound();
  attempt = await touchAttempt(db, attempt, now);
  const entry = await repo.entryWithRound(db, attemptId);
  const base = {
    attemptId: attempt.id,
    contestId: entry?.contest_id ?? 0,
    roundId: attempt.context_id,
    number: attempt.number,
    state: attempt.state,
  };
  if (attempt.state !== 'in_progress') {
    return { ...base, deadlineAt: attempt.deadline_at, remainingMs: null, questions: [], prediction: entry?.prediction_question ? { question: entry.prediction_question, value: entry.prediction } : null };
  }
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const rows = await quizRepo.questionsToAnswer(db, attemptId);
  return {
    ...base,
    deadlineAt: attempt.deadline_at,
    remainingMs: attempt.deadline_at === null ? null : Math.max(0, Date.parse(attempt.deadline_at) - now.getTime()),
    questions: rows.map((r) => {
      const q = presentQuestionToAnswer(r, t);
      return { position: q.position, text: q.text, type: q.type, options: q.options.map((o) => o.text), chosen: q.chosen };
    }),
    prediction: entry?.prediction_question ? { question: entry.prediction_question, value: entry.prediction } : null,
  };
}

/* ---------- answers and the prediction ---------- */

/** Choices (places as shown) → the stored response (original indexes, sorted, JSON); throws 422 on bad input. */
function responseOf(shape: AttemptShape, position: number, choices: unknown[]): string | null {
  const q = Number.isSafeInteger(position) && position >= 1 ? shape.positions[position - 1] : undefined;
  if (!q) throw new AppError('QUIZ_QUESTION_NOT_IN_ATTEMPT', 422, { position });
  if (!Array.isArray(choices) || choices.length > 20) throw new AppError('QUIZ_CHOICE_INVALID', 422, { position });
  const places = new Set<number>();
  for (const c of choices) {
    if (typeof c !== 'number' || !Number.isInteger(c) || c < 0) throw new AppError('QUIZ_CHOICE_INVALID', 422, { position });
    if (c >= q.order.length) throw new AppError('QUIZ_CHOICE_OUT_OF_RANGE', 422, { position });
    places.add(c);
  }
  if (q.type !== 'multiple' && places.size > 1) throw new AppError('QUIZ_SINGLE_ONE_CHOICE', 422, { position });
  const original = [...places].map((p) => q.order[p]).sort((a, b) => a - b);
  return original.length ? JSON.stringify(original) : null;
}

/** Why a conditional save changed nothing: same value (fine), or the attempt no longer takes answers. */
async function explainUnchanged(db: Kysely<DB>, attemptId: number, now: Date): Promise<{ changed: false }> {
  const attempt = await quizRepo.attemptById(db, attemptId);
  if (!attempt) throw notFound();
  if (attempt.state === 'in_progress' && !isPastDeadline(attempt.deadline_at, now)) return { changed: false };
  return refuseLate(db, attempt, now);
}

async function refuseLate(db: Kysely<DB>, attempt: quizRepo.AttemptRow, now: Date): Promise<never> {
  if (isFinal(attempt.state) && attempt.finish_reason === 'submitted') throw new AppError('QUIZ_ATTEMPT_CLOSED', 409);
  // Past the deadline: finalized now (graded on the answers saved in time), the late answer refused.
  await touchAttempt(db, attempt, now);
  throw new AppError('QUIZ_TIME_UP', 409, { attemptId: attempt.id });
}

export async function saveContestAnswer(db: Kysely<DB>, attemptId: number, userId: number, position: number, choices: number[], now = new Date()): Promise<{ changed: boolean; remainingMs: number | null }> {
  const shape = await ownShape(db, attemptId, userId);
  const response = responseOf(shape, position, choices);
  const remainingMs = shape.deadlineMs === null ? null : shape.deadlineMs - now.getTime();
  if (remainingMs !== null && remainingMs < 0) {
    const attempt = await quizRepo.attemptById(db, attemptId);
    if (!attempt) throw notFound();
    return refuseLate(db, attempt, now);
  }
  // Group commit (save-batch.ts): written with the other saves queued meanwhile, answered once committed.
  const changed = await saveResponseBatched(db, { attemptId, userId, position, response, nowIso: now.toISOString() });
  if (changed) return { changed: true, remainingMs };
  await explainUnchanged(db, attemptId, now);
  return { changed: false, remainingMs };
}

export const PREDICTION_MAX = 1_000_000_000_000;

export async function saveContestPrediction(db: Kysely<DB>, attemptId: number, userId: number, value: number, now = new Date()): Promise<{ changed: boolean }> {
  const shape = await ownShape(db, attemptId, userId);
  if (!shape.hasPrediction) throw new AppError('CONTEST_NO_PREDICTION', 409);
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > PREDICTION_MAX) throw new AppError('CONTEST_PREDICTION_INVALID', 422);
  if (shape.deadlineMs !== null && now.getTime() > shape.deadlineMs) {
    const attempt = await quizRepo.attemptById(db, attemptId);
    if (!attempt) throw notFound();
    return refuseLate(db, attempt, now);
  }
  if (await repo.savePredictionIfOpen(db, { attemptId, userId, value, nowIso: now.toISOString() })) return { changed: true };
  return explainUnchanged(db, attemptId, now);
}

/* ---------- submit and results ---------- */

export async function submitContestAttempt(db: Kysely<DB>, attemptId: number, userId: number, now = new Date()): Promise<{ attemptId: number; roundId: number; state: string }> {
  const { roundId } = await ownShape(db, attemptId, userId);
  const attempt = await submitAttempt(db, attemptId, userId, [], now);
  return { attemptId: attempt.id, roundId, state: attempt.state };
}

/** Whether a contestant may see results of this round now. */
export const resultsVisible = (contest: Pick<ContestRow, 'show_score_on_submit'>, round: Pick<RoundRow, 'opens_at' | 'closes_at'>, now = new Date()) =>
  roundStatus(round, now) === 'closed' || contest.show_score_on_submit === 1;

export async function roundResultFor(db: Kysely<DB>, contest: ContestRow, round: RoundRow, userId: number, now = new Date()): Promise<ContestantRoundResult> {
  if (round.contest_id !== contest.id) throw notFound();
  const attempts = await attemptsNow(db, round.quiz_id, userId, { type: repo.CONTEST_CONTEXT, id: round.id }, now);
  const entries = new Map((await repo.entriesOf(db, attempts.map((a) => a.id))).map((e) => [e.attempt_id, e]));
  const visible = resultsVisible(contest, round, now);
  const results: ContestantAttemptResult[] = attempts.map((a) => {
    const e = entries.get(a.id);
    const final = isFinal(a.state);
    return {
      attemptId: a.id,
      number: a.number,
      state: a.state,
      correct: visible && final ? (e?.correct ?? null) : null,
      questionCount: e?.question_count ?? a.max_score,
      durationMs: final ? (e?.duration_ms ?? null) : null,
      finishedAt: final ? (e?.finished_at ?? a.finished_at) : null,
      prediction: e?.prediction ?? null,
    };
  });
  return {
    round,
    status: roundStatus(round, now),
    visible,
    attempts: results,
    attemptsLeft: Math.max(0, round.attempts_allowed - attempts.length),
    inProgressAttemptId: attempts.find((a) => a.state === 'in_progress')?.id ?? null,
  };
}
