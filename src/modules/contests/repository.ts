/**
 * All SQL of the contest's core: contests and rounds, registrations, entries (the contest's side of each
 * attempt), the one-statement answer save and counters. Nothing here selects `answer_key` or `explanation`.
 */
import { isPostgres, prepared } from '../../db/database.js';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { DrawSource } from '../quizzes/attempt-service.js';
import type { AttemptRow } from '../quizzes/repository.js';
import type { ContestRow, RegistrationRow, RoundRow } from './service.js';

export type Conn = Kysely<DB> | Transaction<DB>;

export const CONTEST_CONTEXT = 'contest';

export { isPostgres };

/* ---------- contests and rounds ---------- */

export async function contestBySlug(db: Conn, slug: string): Promise<ContestRow | undefined> {
  return db.selectFrom('contests').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export async function contestById(db: Conn, id: number): Promise<ContestRow | undefined> {
  return db.selectFrom('contests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function roundsOf(db: Conn, contestId: number): Promise<RoundRow[]> {
  return db.selectFrom('contest_rounds').selectAll().where('contest_id', '=', contestId).orderBy('number').execute();
}

export async function roundById(db: Conn, id: number): Promise<RoundRow | undefined> {
  return db.selectFrom('contest_rounds').selectAll().where('id', '=', id).executeTakeFirst();
}

/* ---------- registrations ---------- */

export async function registrationOf(db: Conn, contestId: number, userId: number): Promise<RegistrationRow | undefined> {
  return db.selectFrom('contest_registrations').selectAll().where('contest_id', '=', contestId).where('user_id', '=', userId).executeTakeFirst();
}

/** A registration of this contest with this phone or this ID number (either may be null). */
export async function registrationByIdentity(db: Conn, contestId: number, phone: string | null, idNumber: string | null): Promise<RegistrationRow | undefined> {
  if (!phone && !idNumber) return undefined;
  return db
    .selectFrom('contest_registrations')
    .selectAll()
    .where('contest_id', '=', contestId)
    .where((eb) => eb.or([...(phone ? [eb('phone', '=', phone)] : []), ...(idNumber ? [eb('id_number', '=', idNumber)] : [])]))
    .executeTakeFirst();
}

export async function insertRegistration(
  db: Conn,
  r: { contestId: number; userId: number; fullName: string; phone: string | null; idNumber: string | null; unitId: number; targetGroup: string; at: string },
): Promise<RegistrationRow> {
  return db
    .insertInto('contest_registrations')
    .values({
      contest_id: r.contestId,
      user_id: r.userId,
      full_name: r.fullName,
      phone: r.phone,
      id_number: r.idNumber,
      unit_id: r.unitId,
      target_group: r.targetGroup,
      registered_at: r.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function userWithPhone(db: Conn, phone: string): Promise<{ id: number } | undefined> {
  return db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
}

export async function userForRegistration(db: Conn, userId: number) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.full_name', 'users.phone', 'users.target_group', 'users.status', 'units.id as unit_id', 'units.depth', 'units.parent_id', 'units.retired_at', 'units.type'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}

export async function unitForContest(db: Conn, where: { code: string } | { id: number }) {
  const q = db.selectFrom('units').select(['id', 'code', 'name', 'type', 'depth', 'parent_id', 'retired_at']);
  return ('code' in where ? q.where('code', '=', where.code) : q.where('id', '=', where.id)).executeTakeFirst();
}

/* ---------- entries ---------- */

export interface EntryValues {
  attemptId: number;
  contestId: number;
  roundId: number;
  registrationId: number;
  unitId: number;
  questionCount: number;
}

/** The contest's side of new attempts (one INSERT). */
export async function insertEntries(trx: Conn, entries: EntryValues[]): Promise<void> {
  if (entries.length === 0) return;
  await trx
    .insertInto('contest_entries')
    .values(
      entries.map((e) => ({
        attempt_id: e.attemptId,
        contest_id: e.contestId,
        round_id: e.roundId,
        registration_id: e.registrationId,
        unit_id: e.unitId,
        prediction: null,
        correct: null,
        question_count: e.questionCount,
        duration_ms: null,
        finished_at: null,
      })),
    )
    .execute();
}

export async function finishEntry(trx: Conn, attemptId: number, v: { correct: number; durationMs: number; finishedAt: string }): Promise<void> {
  await trx
    .updateTable('contest_entries')
    .set({ correct: v.correct, duration_ms: v.durationMs, finished_at: v.finishedAt })
    .where('attempt_id', '=', attemptId)
    .execute();
}

export async function entriesOf(db: Conn, attemptIds: number[]) {
  if (attemptIds.length === 0) return [];
  return db
    .selectFrom('contest_entries')
    .select(['attempt_id', 'prediction', 'correct', 'question_count', 'duration_ms', 'finished_at'])
    .where('attempt_id', 'in', attemptIds)
    .execute();
}

/** The entry with its round's prediction question (for the play view). */
export async function entryWithRound(db: Conn, attemptId: number) {
  return db
    .selectFrom('contest_entries')
    .innerJoin('contest_rounds', 'contest_rounds.id', 'contest_entries.round_id')
    .select(['contest_entries.contest_id', 'contest_entries.round_id', 'contest_entries.prediction', 'contest_rounds.prediction_question'])
    .where('contest_entries.attempt_id', '=', attemptId)
    .executeTakeFirst();
}

/**
 * What a start needs to know of the contestant, in one query: the registration (id and unit) and the user's contest
 * attempts that matter — every attempt of this round, and any attempt in progress in another round. Undefined when
 * the user is not registered in the contest.
 */
export async function contestantAtStart(db: Conn, contestId: number, roundId: number, userId: number): Promise<{ registrationId: number; unitId: number; attempts: AttemptRow[] } | undefined> {
  const rows = await db
    .selectFrom('contest_registrations as r')
    .leftJoin('quiz_attempts as a', (join) =>
      join
        .onRef('a.user_id', '=', 'r.user_id')
        .on('a.context_type', '=', CONTEST_CONTEXT)
        .on((eb) => eb.or([eb('a.context_id', '=', roundId), eb('a.state', '=', 'in_progress')])),
    )
    .select(['r.id as registration_id', 'r.unit_id as registration_unit_id'])
    .selectAll('a')
    .where('r.contest_id', '=', contestId)
    .where('r.user_id', '=', userId)
    .orderBy('a.number')
    .execute();
  if (rows.length === 0) return undefined;
  const attempts: AttemptRow[] = [];
  for (const { registration_id: _r, registration_unit_id: _u, ...a } of rows) if (a.id !== null) attempts.push(a as AttemptRow);
  return { registrationId: rows[0].registration_id, unitId: rows[0].registration_unit_id, attempts };
}

/* ---------- the hot path: one conditional statement per answer ---------- */

/** The attempt's frozen shapes: owner, context, deadline, and each position's option order and type. */
export async function attemptShapes(db: Conn, attemptId: number) {
  const attempt = await db
    .selectFrom('quiz_attempts')
    .select(['id', 'user_id', 'context_type', 'context_id', 'deadline_at'])
    .where('id', '=', attemptId)
    .executeTakeFirst();
  if (!attempt) return undefined;
  const positions = await db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.option_order', 'questions.type'])
    .where('attempt_questions.attempt_id', '=', attemptId)
    .orderBy('attempt_questions.position')
    .execute();
  return { attempt, positions };
}

/**
 * Stores one response when it differs from the stored one and the attempt is the user's, in progress and
 * not past its deadline — all in one statement. On PostgreSQL the attempt row is read FOR SHARE: a submit or
 * a grading (which lock it FOR UPDATE) waits for this answer, or this answer sees the attempt final and
 * changes nothing. SQLite runs one writer at a time. Returns whether a row changed.
 */
export async function saveResponseIfOpen(
  db: Conn,
  a: { attemptId: number; userId: number; position: number; response: string | null; nowIso: string },
): Promise<boolean> {
  const live = db
    .selectFrom('quiz_attempts')
    .select(sql<number>`1`.as('one'))
    .where('id', '=', a.attemptId)
    .where('user_id', '=', a.userId)
    .where('state', '=', 'in_progress')
    .where('deadline_at', '>=', a.nowIso);
  const query = db
    .updateTable('attempt_questions')
    .set({ response: a.response, answered_at: a.response === null ? null : a.nowIso })
    .where('attempt_id', '=', a.attemptId)
    .where('position', '=', a.position)
    .where('response', 'is distinct from', a.response)
    .where((eb) => eb.exists(isPostgres(db) ? live.forShare() : live));
  // A prepared statement on PostgreSQL: planning this small statement cost as much as running it (bench).
  const r = await db.executeQuery(prepared(query.compile()));
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** The same condition for the prediction, stored on the entry. */
export async function savePredictionIfOpen(db: Conn, a: { attemptId: number; userId: number; value: number; nowIso: string }): Promise<boolean> {
  const live = db
    .selectFrom('quiz_attempts')
    .select(sql<number>`1`.as('one'))
    .where('id', '=', a.attemptId)
    .where('user_id', '=', a.userId)
    .where('state', '=', 'in_progress')
    .where('deadline_at', '>=', a.nowIso);
  const query = db
    .updateTable('contest_entries')
    .set({ prediction: a.value })
    .where('attempt_id', '=', a.attemptId)
    .where('prediction', 'is distinct from', a.value)
    .where((eb) => eb.exists(isPostgres(db) ? live.forShare() : live));
  const r = await db.executeQuery(prepared(query.compile()));
  return Number(r.numAffectedRows ?? 0) > 0;
}

export async function storedResponse(db: Conn, attemptId: number, position: number): Promise<string | null | undefined> {
  const row = await db.selectFrom('attempt_questions').select('response').where('attempt_id', '=', attemptId).where('position', '=', position).executeTakeFirst();
  return row ? row.response : undefined;
}

/* ---------- the draw's candidates (cached by the caller) ---------- */

/** The drawn questions of a fresh attempt (no join: texts come from the cached bank). */
export async function drawnQuestions(db: Conn, attemptId: number) {
  return db.selectFrom('attempt_questions').select(['position', 'question_id', 'option_order']).where('attempt_id', '=', attemptId).orderBy('position').execute();
}

/** The draw's candidates with, for building a fresh attempt's view without another query, each question's text and options. */
export interface BankSource extends DrawSource {
  texts: Map<number, { text: string; options: string }>;
}

export async function drawSourceOf(db: Conn, bankId: number): Promise<BankSource> {
  const rows = await db
    .selectFrom('questions')
    .select(['id', 'type', 'topic', 'competence', 'difficulty', 'options', 'text'])
    .where('bank_id', '=', bankId)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
  return {
    candidates: rows.map(({ id, type, topic, competence, difficulty }) => ({ id, type, topic, competence, difficulty })),
    shapes: new Map(rows.map((r) => [r.id, { type: r.type, count: (JSON.parse(r.options) as string[]).length }])),
    texts: new Map(rows.map((r) => [r.id, { text: r.text, options: r.options }])),
  };
}

/* ---------- counters ---------- */

export async function addVisits(db: Conn, contestId: number, day: string, n: number): Promise<void> {
  await db
    .insertInto('contest_visits')
    .values({ contest_id: contestId, day, visits: n })
    .onConflict((oc) => oc.columns(['contest_id', 'day']).doUpdateSet({ visits: sql`contest_visits.visits + ${n}` }))
    .execute();
}

export async function counterTotals(db: Conn, contestId: number) {
  const [visits, registrants, attempts, units] = await Promise.all([
    db.selectFrom('contest_visits').select((eb) => eb.fn.sum<number>('visits').as('n')).where('contest_id', '=', contestId).executeTakeFirst(),
    db.selectFrom('contest_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', contestId).executeTakeFirst(),
    db.selectFrom('contest_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', contestId).executeTakeFirst(),
    db
      .selectFrom('contest_registrations')
      .innerJoin('units', 'units.id', 'contest_registrations.unit_id')
      .select((eb) => ['units.id', 'units.code', 'units.name', 'units.population', eb.fn.countAll<number>().as('n')])
      .where('contest_registrations.contest_id', '=', contestId)
      .groupBy(['units.id', 'units.code', 'units.name', 'units.population'])
      .execute(),
  ]);
  return {
    visits: Number(visits?.n ?? 0),
    registrants: Number(registrants?.n ?? 0),
    attempts: Number(attempts?.n ?? 0),
    units: units.map((u) => ({ unitId: u.id, code: u.code, name: u.name, population: u.population, registrants: Number(u.n) })),
  };
}
