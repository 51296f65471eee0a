/**
 * Results of a contest written straight into the tables (registrations, quiz_attempts, contest_entries,
 * attempt_questions), as the core writes them when attempts become final — for ranking, prize and statistics tests
 * that should not depend on playing rounds through the pages.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { makePerson, uniquePhone, unitId } from './factories.js';

let seq = 0;

export async function register(db: Kysely<DB>, contestId: number, opts: { unitCode?: string; fullName?: string; targetGroup?: string; registeredAt?: string } = {}) {
  seq++;
  const fullName = opts.fullName ?? `Thí sinh ${seq}`;
  const phone = uniquePhone();
  const userId = await makePerson(db, { unitCode: opts.unitCode ?? '10507', fullName, phone });
  const reg = await db
    .insertInto('contest_registrations')
    .values({
      contest_id: contestId,
      user_id: userId,
      full_name: fullName,
      phone,
      id_number: null,
      unit_id: await unitId(db, opts.unitCode ?? '10507'),
      target_group: opts.targetGroup ?? 'citizen',
      registered_at: opts.registeredAt ?? new Date().toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { ...reg, userId };
}

export interface EntrySpec {
  correct: number | null;
  questionCount?: number;
  durationMs?: number;
  /** Default: now. */
  finishedAt?: string;
  prediction?: number | null;
  /** Per drawn question: right or not (attempt_questions). */
  questions?: Array<{ questionId: number; correct: boolean }>;
}

/** One attempt of a registration in a round; `correct: null` is an attempt still in progress. */
export async function addEntry(db: Kysely<DB>, reg: { id: number; contest_id: number; unit_id: number; userId: number }, round: { id: number; quiz_id: number }, spec: EntrySpec) {
  const prev = await db.selectFrom('quiz_attempts').select('number').where('user_id', '=', reg.userId).where('context_type', '=', 'contest').where('context_id', '=', round.id).orderBy('number', 'desc').executeTakeFirst();
  const finished = spec.correct !== null;
  const finishedAt = spec.finishedAt ?? new Date().toISOString();
  const durationMs = spec.durationMs ?? 60_000;
  const startedAt = new Date(Date.parse(finishedAt) - durationMs).toISOString();
  const n = spec.questionCount ?? 10;
  const { id } = await db
    .insertInto('quiz_attempts')
    .values({
      quiz_id: round.quiz_id,
      user_id: reg.userId,
      context_type: 'contest',
      context_id: round.id,
      number: (prev?.number ?? 0) + 1,
      state: finished ? 'finished' : 'in_progress',
      started_at: startedAt,
      deadline_at: null,
      finished_at: finished ? finishedAt : null,
      finish_reason: finished ? 'submitted' : null,
      score: spec.correct,
      max_score: n,
      percent: spec.correct === null ? null : (100 * spec.correct) / n,
      passed: null,
      updated_at: finishedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('contest_entries')
    .values({
      attempt_id: id,
      contest_id: reg.contest_id,
      round_id: round.id,
      registration_id: reg.id,
      unit_id: reg.unit_id,
      prediction: spec.prediction ?? null,
      correct: spec.correct,
      question_count: n,
      duration_ms: finished ? durationMs : null,
      finished_at: finished ? finishedAt : null,
    })
    .execute();
  for (const [i, q] of (spec.questions ?? []).entries()) {
    await db
      .insertInto('attempt_questions')
      .values({ attempt_id: id, position: i + 1, question_id: q.questionId, option_order: '[0,1,2,3]', points: 1, response: '[0]', answered_at: finishedAt, correct: q.correct ? 1 : 0 })
      .execute();
  }
  return id;
}
