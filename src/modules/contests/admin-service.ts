/**
 * The organisers' commands on contests and rounds, and who may see which contest:
 *  - contest:manage at the contest's organising unit (or above): everything about it;
 *  - contest:stats somewhere: the statistics of published or archived contests, restricted to their own units.
 * Anything else answers 404. Every write checks all fields first and writes in one transaction (nothing half-saved),
 * with an audit entry.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAnywhere, canAt, scopePaths, type Actor } from '../../core/policy.js';
import { nowIso } from '../../db/database.js';
import { listQuizzesForUnit } from '../quizzes/repository.js';
import { unitByCode } from '../units/repository.js';
import { CONTEST_MANAGE, CONTEST_STATS } from './capabilities.js';
import { validateContest, validateRound, type ContestValues, type Form, type RoundValues } from './admin-input.js';
import { isUniqueViolation } from '../../db/database.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface AdminContestRow {
  id: number;
  slug: string;
  unit_id: number;
  title: string;
  summary: string;
  rules: string;
  prizes_text: string;
  target_groups: string;
  ranking_order: string;
  show_score_on_submit: number;
  registration_opens_at: string | null;
  registration_closes_at: string | null;
  status: string;
  created_at: string;
  updated_at: string;
  unit_path: string;
  unit_code: string;
  unit_name: string;
}

const contests = (db: Conn) =>
  db
    .selectFrom('contests as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select([
      'c.id',
      'c.slug',
      'c.unit_id',
      'c.title',
      'c.summary',
      'c.rules',
      'c.prizes_text',
      'c.target_groups',
      'c.ranking_order',
      'c.show_score_on_submit',
      'c.registration_opens_at',
      'c.registration_closes_at',
      'c.status',
      'c.created_at',
      'c.updated_at',
      'u.path as unit_path',
      'u.code as unit_code',
      'u.name as unit_name',
    ]);

export async function contestById(db: Conn, id: number): Promise<AdminContestRow | undefined> {
  return contests(db).where('c.id', '=', id).executeTakeFirst();
}

export const canManage = (actor: Actor | undefined, c: { unit_path: string }) => canAt(actor, CONTEST_MANAGE, c.unit_path);

/** The contest for an organiser of its unit; 404 otherwise. */
export async function managedContest(db: Conn, actor: Actor | undefined, id: number): Promise<AdminContestRow> {
  const c = await contestById(db, id);
  if (!c || !canManage(actor, c)) throw notFound();
  return c;
}

/** The contest for its statistics: organisers of its unit, or stats holders once it is not a draft; 404 otherwise. */
export async function statsContest(db: Conn, actor: Actor | undefined, id: number): Promise<AdminContestRow> {
  const c = await contestById(db, id);
  if (!c) throw notFound();
  if (canManage(actor, c)) return c;
  if (c.status !== 'draft' && canAnywhere(actor, CONTEST_STATS)) return c;
  throw notFound();
}

/** Contests listed at /quan-tri/cuoc-thi: those the actor organises, and the others' non-drafts for stats holders. */
export async function contestsForAdmin(db: Conn, actor: Actor | undefined): Promise<Array<AdminContestRow & { manage: boolean }>> {
  const all = await contests(db).orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').execute();
  const stats = canAnywhere(actor, CONTEST_STATS);
  return all.map((c) => ({ ...c, manage: canManage(actor, c) })).filter((c) => c.manage || (stats && c.status !== 'draft'));
}

/** Units an organiser may choose as a contest's organising unit: their scope roots and the units just below. */
export async function organiserUnits(db: Conn, actor: Actor | undefined) {
  const paths = scopePaths(actor, CONTEST_MANAGE);
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'path', 'depth'])
    .where('retired_at', 'is', null)
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .orderBy('depth')
    .orderBy('name')
    .execute();
  const rootDepth = new Map(rows.filter((r) => paths.includes(r.path)).map((r) => [r.path, r.depth]));
  return rows.filter((r) => paths.some((p) => r.path.startsWith(p) && r.depth <= (rootDepth.get(p) ?? 0) + 1));
}

const formError = (errors: Record<string, string>) => new AppError('VALIDATION_FORM', 422, {}, errors);

async function checkedContest(db: Conn, actor: Actor, form: Form, id?: number): Promise<{ values: ContestValues; unitId: number }> {
  const { values, errors } = validateContest(form);
  let unitId = 0;
  if (values) {
    const unit = await unitByCode(db, values.unitCode);
    if (!unit || unit.retired_at || !canAt(actor, CONTEST_MANAGE, unit.path)) errors.unit = 'CONTEST_UNIT_OUT_OF_SCOPE';
    else unitId = unit.id;
    let q = db.selectFrom('contests').select('id').where('slug', '=', values.slug);
    if (id !== undefined) q = q.where('id', '!=', id);
    if (await q.executeTakeFirst()) errors.slug = 'CONTEST_SLUG_TAKEN';
    if (values.status === 'published') {
      const rounds = id === undefined ? 0 : Number((await db.selectFrom('contest_rounds').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', id).executeTakeFirstOrThrow()).n);
      if (rounds === 0) errors.status = 'CONTEST_PUBLISH_NEEDS_ROUND';
    }
  }
  if (Object.keys(errors).length) throw formError(errors);
  return { values: values!, unitId };
}

const contestColumns = (v: ContestValues, unitId: number) => ({
  slug: v.slug,
  unit_id: unitId,
  title: v.title,
  summary: v.summary,
  rules: v.rules,
  prizes_text: v.prizesText,
  target_groups: JSON.stringify(v.targetGroups),
  ranking_order: JSON.stringify(v.rankingOrder),
  show_score_on_submit: v.showScoreOnSubmit ? 1 : 0,
  registration_opens_at: v.registrationOpensAt,
  registration_closes_at: v.registrationClosesAt,
  status: v.status,
});

export async function createContest(db: Kysely<DB>, actor: Actor, form: Form): Promise<number> {
  const { values, unitId } = await checkedContest(db, actor, form);
  try {
    return await db.transaction().execute(async (trx) => {
      const at = nowIso();
      const { id } = await trx
        .insertInto('contests')
        .values({ ...contestColumns(values, unitId), created_by: actor.userId, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'contest.create', unitId, targetType: 'contest', targetId: id });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw formError({ slug: 'CONTEST_SLUG_TAKEN' });
    throw err;
  }
}

export async function updateContest(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, form: Form): Promise<void> {
  const { values, unitId } = await checkedContest(db, actor, form, contest.id);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('contests').set({ ...contestColumns(values, unitId), updated_at: nowIso() }).where('id', '=', contest.id).execute();
      await audit(trx, actor, { action: 'contest.update', unitId, targetType: 'contest', targetId: contest.id, details: { status: values.status } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw formError({ slug: 'CONTEST_SLUG_TAKEN' });
    throw err;
  }
}

// ---- Rounds ----

export async function roundOf(db: Conn, contestId: number, roundId: number) {
  const r = await db.selectFrom('contest_rounds').selectAll().where('id', '=', roundId).where('contest_id', '=', contestId).executeTakeFirst();
  if (!r) throw notFound();
  return r;
}

export async function roundsWithQuiz(db: Conn, contestId: number) {
  return db
    .selectFrom('contest_rounds as r')
    .innerJoin('quizzes as q', 'q.id', 'r.quiz_id')
    .selectAll('r')
    .select('q.title as quiz_title')
    .where('r.contest_id', '=', contestId)
    .orderBy('r.number')
    .execute();
}

/** The quizzes a round may use: those of the organising unit's subtree. */
export const quizChoices = (db: Conn, contest: AdminContestRow) => listQuizzesForUnit(db, [contest.unit_path]);

async function entryCount(db: Conn, roundId: number): Promise<number> {
  const row = await db.selectFrom('quiz_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('context_type', '=', 'contest').where('context_id', '=', roundId).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function checkedRound(db: Conn, contest: AdminContestRow, form: Form, current?: { id: number; quiz_id: number }): Promise<RoundValues> {
  const { values, errors } = validateRound(form);
  if (values) {
    if (!(await quizChoices(db, contest)).some((q) => q.id === values.quizId)) errors.quiz = 'CONTEST_QUIZ_UNKNOWN';
    else if (current && current.quiz_id !== values.quizId && (await entryCount(db, current.id)) > 0) errors.quiz = 'CONTEST_ROUND_QUIZ_LOCKED';
    let q = db.selectFrom('contest_rounds').select('id').where('contest_id', '=', contest.id).where('number', '=', values.number);
    if (current) q = q.where('id', '!=', current.id);
    if (await q.executeTakeFirst()) errors.number = 'CONTEST_ROUND_NUMBER_TAKEN';
  }
  if (Object.keys(errors).length) throw formError(errors);
  return values!;
}

const roundColumns = (v: RoundValues) => ({
  number: v.number,
  title: v.title,
  opens_at: v.opensAt,
  closes_at: v.closesAt,
  quiz_id: v.quizId,
  attempts_allowed: v.attemptsAllowed,
  prediction_question: v.predictionQuestion,
});

export async function createRound(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, form: Form): Promise<number> {
  const values = await checkedRound(db, contest, form);
  try {
    return await db.transaction().execute(async (trx) => {
      const at = nowIso();
      const { id } = await trx
        .insertInto('contest_rounds')
        .values({ ...roundColumns(values), contest_id: contest.id, created_at: at, updated_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'contest.round.create', unitId: contest.unit_id, targetType: 'contest_round', targetId: id });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw formError({ number: 'CONTEST_ROUND_NUMBER_TAKEN' });
    throw err;
  }
}

export async function updateRound(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, roundId: number, form: Form): Promise<void> {
  const round = await roundOf(db, contest.id, roundId);
  const values = await checkedRound(db, contest, form, round);
  try {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('contest_rounds').set({ ...roundColumns(values), updated_at: nowIso() }).where('id', '=', round.id).execute();
      await audit(trx, actor, { action: 'contest.round.update', unitId: contest.unit_id, targetType: 'contest_round', targetId: round.id });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw formError({ number: 'CONTEST_ROUND_NUMBER_TAKEN' });
    throw err;
  }
}

/** Only a round nobody entered and no prize refers to. */
export async function deleteRound(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, roundId: number): Promise<void> {
  const round = await roundOf(db, contest.id, roundId);
  if ((await entryCount(db, round.id)) > 0) throw new AppError('CONTEST_ROUND_HAS_ENTRIES', 409);
  if (await db.selectFrom('contest_prizes').select('id').where('round_id', '=', round.id).executeTakeFirst()) throw new AppError('CONTEST_ROUND_HAS_PRIZES', 409);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('contest_rounds').where('id', '=', round.id).execute();
    await audit(trx, actor, { action: 'contest.round.delete', unitId: contest.unit_id, targetType: 'contest_round', targetId: round.id });
  });
}
