/**
 * All SQL of quiz attempts: reading and locking them, writing planned attempts (insertAttempts), the questions to
 * answer, responses, grading rows and state transitions, the sweeper's queries. Re-exported by repository.ts. The
 * queries that build an attempt's pages never select `answer_key` nor `explanation`: the key cannot leak by mistake
 * through them.
 */
import { sql, type Selectable } from 'kysely';
import type { AttemptQuestionTable, QuizAttemptTable } from '../../db/schema.js';
import { isPostgres, nowIso as now } from '../../db/database.js';
import type { Conn } from './repository.js';

export type AttemptRow = Selectable<QuizAttemptTable>;
export type AttemptQuestionRow = Selectable<AttemptQuestionTable>;

/** Rows of attempt_questions per INSERT on SQLite: 200 × 8 columns stays far below its bind-parameter limit. */
const QUESTIONS_PER_INSERT = 200;

export interface AttemptContext {
  /** 'activity' for a course's quiz activity; the contest adds its own type. */
  type: string;
  id: number;
}

export async function attemptsOf(db: Conn, quizId: number, userId: number, ctx: AttemptContext): Promise<AttemptRow[]> {
  return db
    .selectFrom('quiz_attempts')
    .selectAll()
    .where('quiz_id', '=', quizId)
    .where('user_id', '=', userId)
    .where('context_type', '=', ctx.type)
    .where('context_id', '=', ctx.id)
    .orderBy('number')
    .execute();
}

export async function attemptById(db: Conn, id: number): Promise<AttemptRow | undefined> {
  return db.selectFrom('quiz_attempts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The attempt, locked for the rest of the transaction on PostgreSQL (SQLite runs one writer at a time). */
export async function lockAttempt(trx: Conn, id: number): Promise<AttemptRow | undefined> {
  const q = trx.selectFrom('quiz_attempts').selectAll().where('id', '=', id);
  return (isPostgres(trx) ? q.forUpdate() : q).executeTakeFirst();
}

/** An attempt as planned before it is written (attempt-service.planAttempt): its questions drawn, option orders frozen. */
export interface AttemptPlan {
  quizId: number;
  userId: number;
  ctx: AttemptContext;
  number: number;
  startedAt: string;
  deadlineAt: string | null;
  maxScore: number;
  questions: Array<{ questionId: number; optionOrder: number[]; points: number }>;
}

/**
 * Writes planned attempts (one INSERT of the attempts, then their questions 200 rows per INSERT); returns their ids
 * in the plans' order. Plans of one call are of distinct (user, context): the unique (quiz, user, context, number)
 * refuses a second start of the same attempt number, and fails the whole call.
 */
export async function insertAttempts(trx: Conn, plans: AttemptPlan[]): Promise<number[]> {
  if (plans.length === 0) return [];
  const inserted = await trx
    .insertInto('quiz_attempts')
    .values(
      plans.map((a) => ({
        quiz_id: a.quizId,
        user_id: a.userId,
        context_type: a.ctx.type,
        context_id: a.ctx.id,
        number: a.number,
        state: 'in_progress',
        started_at: a.startedAt,
        deadline_at: a.deadlineAt,
        finished_at: null,
        finish_reason: null,
        score: null,
        max_score: a.maxScore,
        percent: null,
        passed: null,
        updated_at: a.startedAt,
      })),
    )
    .returning(['id', 'user_id', 'context_type', 'context_id'])
    .execute();
  // RETURNING's order is not promised: match rows to plans by (user, context), distinct within a call.
  const key = (userId: number, type: string, id: number) => `${userId} ${type} ${id}`;
  const ids = new Map(inserted.map((r) => [key(r.user_id, r.context_type, r.context_id), r.id]));
  const attemptIds = plans.map((p) => ids.get(key(p.userId, p.ctx.type, p.ctx.id))!);
  const rows = plans.flatMap((p, i) =>
    p.questions.map((q, k) => ({
      attempt_id: attemptIds[i],
      position: k + 1,
      question_id: q.questionId,
      option_order: JSON.stringify(q.optionOrder),
      points: q.points,
      response: null,
      answered_at: null,
      correct: null,
    })),
  );
  if (isPostgres(trx)) {
    // One statement whatever the number of rows (5 array parameters): a 2,000-row VALUES list costs PostgreSQL far
    // more to parse and plan than the insert itself.
    await sql`insert into attempt_questions (attempt_id, position, question_id, option_order, points)
select * from unnest(${rows.map((r) => r.attempt_id)}::int[], ${rows.map((r) => r.position)}::int[], ${rows.map((r) => r.question_id)}::int[], ${rows.map((r) => r.option_order)}::text[], ${rows.map((r) => r.points)}::float8[])`.execute(trx);
  } else {
    for (let i = 0; i < rows.length; i += QUESTIONS_PER_INSERT) await trx.insertInto('attempt_questions').values(rows.slice(i, i + QUESTIONS_PER_INSERT)).execute();
  }
  return attemptIds;
}

/** The row insertAttempts wrote for this plan (saves reading it back). */
export function plannedAttemptRow(plan: AttemptPlan, id: number): AttemptRow {
  return {
    id,
    quiz_id: plan.quizId,
    user_id: plan.userId,
    context_type: plan.ctx.type,
    context_id: plan.ctx.id,
    number: plan.number,
    state: 'in_progress',
    started_at: plan.startedAt,
    deadline_at: plan.deadlineAt,
    finished_at: null,
    finish_reason: null,
    score: null,
    max_score: plan.maxScore,
    percent: null,
    passed: null,
    updated_at: plan.startedAt,
  };
}

/** Texts and option texts of the questions drawn for an attempt: what the learner sees. No key, no explanation. */
export async function questionsToAnswer(db: Conn, attemptId: number) {
  return db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select([
      'attempt_questions.position',
      'attempt_questions.option_order',
      'attempt_questions.response',
      'attempt_questions.answered_at',
      'questions.type',
      'questions.text',
      'questions.options',
    ])
    .where('attempt_questions.attempt_id', '=', attemptId)
    .orderBy('attempt_questions.position')
    .execute();
}
export type QuestionToAnswer = Awaited<ReturnType<typeof questionsToAnswer>>[number];

/** What grading needs: responses and keys (server side only). */
export async function gradingRows(trx: Conn, attemptId: number) {
  return trx
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.points', 'attempt_questions.response', 'questions.answer_key'])
    .where('attempt_questions.attempt_id', '=', attemptId)
    .orderBy('attempt_questions.position')
    .execute();
}

/** Everything about a finished attempt's questions, for its review (only when the quiz allows it). */
export async function reviewRows(db: Conn, attemptId: number) {
  return db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select([
      'attempt_questions.position',
      'attempt_questions.option_order',
      'attempt_questions.response',
      'attempt_questions.correct',
      'questions.type',
      'questions.text',
      'questions.options',
      'questions.answer_key',
      'questions.explanation',
    ])
    .where('attempt_questions.attempt_id', '=', attemptId)
    .orderBy('attempt_questions.position')
    .execute();
}
export type ReviewRow = Awaited<ReturnType<typeof reviewRows>>[number];

/** Question types, option orders and saved responses of an attempt (of some positions only), to check answers first. */
export async function answerShapes(trx: Conn, attemptId: number, positions?: number[]) {
  let q = trx
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.option_order', 'attempt_questions.response', 'questions.type'])
    .where('attempt_questions.attempt_id', '=', attemptId);
  if (positions) q = q.where('attempt_questions.position', 'in', positions.length ? positions : [0]);
  return q.execute();
}

export async function setResponse(trx: Conn, attemptId: number, position: number, response: string | null, at: string): Promise<void> {
  await trx
    .updateTable('attempt_questions')
    .set({ response, answered_at: response === null ? null : at })
    .where('attempt_id', '=', attemptId)
    .where('position', '=', position)
    .execute();
}

/** Marks each graded question right (1) or wrong (0): one statement. */
export async function markCorrect(trx: Conn, attemptId: number, right: number[]): Promise<void> {
  await trx
    .updateTable('attempt_questions')
    .set((eb) => ({ correct: right.length ? eb.case().when('position', 'in', right).then(1).else(0).end() : eb.val(0) }))
    .where('attempt_id', '=', attemptId)
    .execute();
}

/** Applies a transition only from the states it allows; the attempt as it is now, or undefined when it was not in one of them. */
export async function transitionAttempt(
  trx: Conn,
  id: number,
  from: readonly string[],
  to: string,
  values: Partial<Pick<AttemptRow, 'finished_at' | 'finish_reason' | 'score' | 'percent' | 'passed'>> = {},
): Promise<AttemptRow | undefined> {
  return trx
    .updateTable('quiz_attempts')
    .set({ ...values, state: to, updated_at: now() })
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .returningAll()
    .executeTakeFirst();
}

/** in_progress attempts past their deadline become overdue, all at once (the sweeper's first step). */
export async function expireDue(db: Conn, nowIso: string): Promise<number> {
  const r = await db
    .updateTable('quiz_attempts')
    .set({ state: 'overdue', updated_at: nowIso })
    .where('state', '=', 'in_progress')
    .where('deadline_at', 'is not', null)
    .where('deadline_at', '<', nowIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function overdueIds(db: Conn, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('quiz_attempts').select('id').where('state', '=', 'overdue').orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** Final attempts of a learner in one context, for the quiz's grade. */
export async function finalAttempts(db: Conn, quizId: number, userId: number, ctx: AttemptContext) {
  return db
    .selectFrom('quiz_attempts')
    .select(['number', 'percent'])
    .where('quiz_id', '=', quizId)
    .where('user_id', '=', userId)
    .where('context_type', '=', ctx.type)
    .where('context_id', '=', ctx.id)
    .where('state', 'in', ['finished', 'abandoned'])
    .execute();
}
