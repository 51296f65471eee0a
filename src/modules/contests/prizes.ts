/**
 * Prizes and awards. The organiser defines prizes per ranking (overall or one round; individual or collective);
 * the platform proposes winners from the final ranking; the organiser confirms them.
 *
 * Proposing (all prizes whose ranking is final: the round closed, or for the overall ranking every round closed):
 *  - unconfirmed (proposed) awards of those prizes are replaced; confirmed ones stay and count against the quantity;
 *  - prizes of one ranking are filled in their order (rank_order, then id), walking the ranking from the top and
 *    skipping whoever already holds a prize of the same ranking (confirmed or just proposed), so nobody gets two
 *    prizes of one ranking and a higher prize is filled first;
 *  - individuals: the contestant ranking; only contestants with at least one correct answer;
 *  - collectives: units (ranking.ts) by participation rate (unknown population after known ones), then contestants;
 *    only units with at least one contestant.
 * Each award gets its certificate code (the same unguessable kind as course certificates).
 */
import type { Kysely, Transaction } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Dialect } from '../../db/database.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import type { Actor } from '../../core/policy.js';
import { nowIso } from '../../db/database.js';
import { newCertificateCode, normalizeCode } from '../certificates/code.js';
import { validatePrize, type Form, type PrizeValues } from './admin-input.js';
import type { AdminContestRow } from './admin-service.js';
import { contestRounds, overallRanking, roundRanking, unitRanking } from './ranking.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface PrizeRow {
  id: number;
  contest_id: number;
  round_id: number | null;
  kind: string;
  name: string;
  rank_order: number;
  quantity: number;
  reward: string;
  created_at: string;
  round_number: number | null;
  round_title: string | null;
  proposed: number;
  confirmed: number;
}

export async function prizesOf(db: Conn, contestId: number): Promise<PrizeRow[]> {
  const rows = await db
    .selectFrom('contest_prizes as p')
    .leftJoin('contest_rounds as r', 'r.id', 'p.round_id')
    .selectAll('p')
    .select(['r.number as round_number', 'r.title as round_title'])
    .select((eb) => [
      eb.selectFrom('contest_awards as a').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('a.prize_id', '=', 'p.id').where('a.status', '=', 'proposed').as('proposed'),
      eb.selectFrom('contest_awards as a').select((e2) => e2.fn.countAll<number>().as('n')).whereRef('a.prize_id', '=', 'p.id').where('a.status', '=', 'confirmed').as('confirmed'),
    ])
    .where('p.contest_id', '=', contestId)
    .execute();
  return rows
    .map((r) => ({ ...r, proposed: Number(r.proposed ?? 0), confirmed: Number(r.confirmed ?? 0) }))
    .sort((a, b) => (a.round_number ?? 0) - (b.round_number ?? 0) || a.kind.localeCompare(b.kind) || a.rank_order - b.rank_order || a.id - b.id);
}

export async function prizeOf(db: Conn, contestId: number, prizeId: number): Promise<PrizeRow> {
  const p = (await prizesOf(db, contestId)).find((x) => x.id === prizeId);
  if (!p) throw notFound();
  return p;
}

const formError = (errors: Record<string, string>) => new AppError('VALIDATION_FORM', 422, {}, errors);

async function checkedPrize(db: Conn, contest: AdminContestRow, form: Form): Promise<PrizeValues> {
  const rounds = await contestRounds(db, contest.id);
  const { values, errors } = validatePrize(form, rounds.map((r) => r.id));
  if (Object.keys(errors).length) throw formError(errors);
  return values!;
}

const prizeColumns = (v: PrizeValues) => ({ kind: v.kind, round_id: v.roundId, name: v.name, rank_order: v.rankOrder, quantity: v.quantity, reward: v.reward });

export async function createPrize(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, form: Form): Promise<number> {
  const values = await checkedPrize(db, contest, form);
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('contest_prizes')
      .values({ ...prizeColumns(values), contest_id: contest.id, created_at: nowIso() })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'contest.prize.create', unitId: contest.unit_id, targetType: 'contest_prize', targetId: id });
    return id;
  });
}

/** Kind and ranking are fixed once the prize has awards; the quantity cannot go below the confirmed ones. */
export async function updatePrize(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, prizeId: number, form: Form): Promise<void> {
  const prize = await prizeOf(db, contest.id, prizeId);
  const values = await checkedPrize(db, contest, form);
  const errors: Record<string, string> = {};
  if (prize.proposed + prize.confirmed > 0) {
    if (values.kind !== prize.kind) errors.kind = 'CONTEST_PRIZE_HAS_AWARDS';
    if (values.roundId !== prize.round_id) errors.ranking = 'CONTEST_PRIZE_HAS_AWARDS';
  }
  if (values.quantity < prize.confirmed) errors.quantity = 'CONTEST_PRIZE_BELOW_CONFIRMED';
  if (Object.keys(errors).length) throw formError(errors);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('contest_prizes').set(prizeColumns(values)).where('id', '=', prize.id).execute();
    await audit(trx, actor, { action: 'contest.prize.update', unitId: contest.unit_id, targetType: 'contest_prize', targetId: prize.id });
  });
}

/** A prize without confirmed awards (its proposals go with it). */
export async function deletePrize(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, prizeId: number): Promise<void> {
  const prize = await prizeOf(db, contest.id, prizeId);
  if (prize.confirmed > 0) throw new AppError('CONTEST_PRIZE_HAS_CONFIRMED', 409);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('contest_awards').where('prize_id', '=', prize.id).where('status', '=', 'proposed').execute();
    await trx.deleteFrom('contest_prizes').where('id', '=', prize.id).execute();
    await audit(trx, actor, { action: 'contest.prize.delete', unitId: contest.unit_id, targetType: 'contest_prize', targetId: prize.id });
  });
}

// ---- Proposing and confirming ----

/** One ranking's candidates in order: a registration (individual) or a unit (collective), with its place. */
type Candidate = { key: number; place: number };

export interface ProposeOutcome {
  proposed: number;
  /** Prizes left alone because their ranking is not final yet. */
  notFinal: number[];
  /** Prizes that could not be filled completely (not enough eligible candidates). */
  short: number[];
}

export async function proposeAwards(db: Kysely<DB>, dialect: Dialect, actor: Actor, contest: AdminContestRow, now = new Date()): Promise<ProposeOutcome> {
  const prizes = await prizesOf(db, contest.id);
  const rounds = await contestRounds(db, contest.id);
  const closed = new Map(rounds.map((r) => [r.id, Date.parse(r.closes_at) <= now.getTime()]));
  const allClosed = rounds.length > 0 && rounds.every((r) => closed.get(r.id));
  const outcome: ProposeOutcome = { proposed: 0, notFinal: [], short: [] };

  // Group the prizes by ranking: (kind, round).
  const groups = new Map<string, PrizeRow[]>();
  for (const p of prizes) {
    const final = p.round_id === null ? allClosed : closed.get(p.round_id) === true;
    if (!final) {
      outcome.notFinal.push(p.id);
      continue;
    }
    const k = `${p.kind}:${p.round_id ?? 'all'}`;
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  // Rankings are read before the transaction (they are final: nothing changes them any more).
  const candidates = new Map<string, Candidate[]>();
  for (const [k, group] of groups) {
    const { kind, round_id } = group[0];
    if (kind === 'collective') {
      const units = await unitRanking(db, contest, 'rate', round_id ?? undefined);
      candidates.set(k, units.filter((u) => u.contestants > 0).map((u) => ({ key: u.unitId, place: u.place })));
    } else if (round_id === null) {
      const rows = await overallRanking(db, contest);
      candidates.set(k, rows.filter((r) => r.correct > 0).map((r) => ({ key: r.registrationId, place: r.place })));
    } else {
      const { rows } = await roundRanking(db, contest, round_id);
      candidates.set(k, rows.filter((r) => r.correct > 0).map((r) => ({ key: r.registrationId, place: r.place })));
    }
  }

  await db.transaction().execute(async (trx) => {
    // Two organisers proposing at once: the second waits for the first (PostgreSQL; SQLite has one writer).
    if (dialect === 'postgres') await sql`select id from contests where id = ${contest.id} for update`.execute(trx);
    for (const [k, group] of groups) {
      const ids = group.map((p) => p.id);
      await trx.deleteFrom('contest_awards').where('prize_id', 'in', ids).where('status', '=', 'proposed').execute();
      const confirmed = await trx.selectFrom('contest_awards').select(['prize_id', 'registration_id', 'unit_id']).where('prize_id', 'in', ids).where('status', '=', 'confirmed').execute();
      const collective = group[0].kind === 'collective';
      const holders = new Set(confirmed.map((a) => (collective ? a.unit_id : a.registration_id)));
      const list = candidates.get(k) ?? [];
      const sorted = [...group].sort((a, b) => a.rank_order - b.rank_order || a.id - b.id);
      for (const prize of sorted) {
        let need = prize.quantity - confirmed.filter((a) => a.prize_id === prize.id).length;
        for (const c of list) {
          if (need <= 0) break;
          if (holders.has(c.key)) continue;
          holders.add(c.key);
          await trx
            .insertInto('contest_awards')
            .values({
              prize_id: prize.id,
              registration_id: collective ? null : c.key,
              unit_id: collective ? c.key : null,
              place: c.place,
              status: 'proposed',
              code: newCertificateCode(),
              confirmed_by: null,
              confirmed_at: null,
              created_at: nowIso(),
            })
            .execute();
          need--;
          outcome.proposed++;
        }
        if (need > 0) outcome.short.push(prize.id);
      }
    }
    await audit(trx, actor, { action: 'contest.awards.propose', unitId: contest.unit_id, targetType: 'contest', targetId: contest.id, details: { proposed: outcome.proposed } });
  });
  return outcome;
}

const prizeIdsOf = (db: Conn, contestId: number) => db.selectFrom('contest_prizes').select('id').where('contest_id', '=', contestId);

/** Confirms one proposed award of the contest (an award already confirmed stays as it is). */
export async function confirmAward(db: Kysely<DB>, actor: Actor, contest: AdminContestRow, awardId: number): Promise<void> {
  const award = await db.selectFrom('contest_awards').select(['id', 'status']).where('id', '=', awardId).where('prize_id', 'in', prizeIdsOf(db, contest.id)).executeTakeFirst();
  if (!award) throw notFound();
  if (award.status === 'confirmed') return;
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('contest_awards').set({ status: 'confirmed', confirmed_by: actor.userId, confirmed_at: nowIso() }).where('id', '=', award.id).where('status', '=', 'proposed').execute();
    await audit(trx, actor, { action: 'contest.award.confirm', unitId: contest.unit_id, targetType: 'contest_award', targetId: award.id });
  });
}

export async function confirmAllAwards(db: Kysely<DB>, actor: Actor, contest: AdminContestRow): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const res = await trx
      .updateTable('contest_awards')
      .set({ status: 'confirmed', confirmed_by: actor.userId, confirmed_at: nowIso() })
      .where('status', '=', 'proposed')
      .where('prize_id', 'in', prizeIdsOf(trx, contest.id))
      .executeTakeFirst();
    const n = Number(res.numUpdatedRows);
    await audit(trx, actor, { action: 'contest.awards.confirm', unitId: contest.unit_id, targetType: 'contest', targetId: contest.id, details: { confirmed: n } });
    return n;
  });
}

export interface AwardRow {
  id: number;
  prize_id: number;
  place: number;
  status: string;
  code: string;
  confirmed_at: string | null;
  prize_name: string;
  prize_kind: string;
  rank_order: number;
  reward: string;
  round_id: number | null;
  round_number: number | null;
  round_title: string | null;
  registration_id: number | null;
  full_name: string | null;
  phone: string | null;
  /** The contestant's unit (individual) or the unit awarded (collective). */
  unit_id: number | null;
  unit_code: string | null;
  unit_name: string | null;
}

const awards = (db: Conn) =>
  db
    .selectFrom('contest_awards as a')
    .innerJoin('contest_prizes as p', 'p.id', 'a.prize_id')
    .leftJoin('contest_rounds as rd', 'rd.id', 'p.round_id')
    .leftJoin('contest_registrations as r', 'r.id', 'a.registration_id')
    .leftJoin('units as u', (j) => j.on((eb) => eb('u.id', '=', eb.fn.coalesce('a.unit_id', 'r.unit_id'))))
    .select([
      'a.id',
      'a.prize_id',
      'a.place',
      'a.status',
      'a.code',
      'a.confirmed_at',
      'p.name as prize_name',
      'p.kind as prize_kind',
      'p.rank_order',
      'p.reward',
      'p.round_id',
      'rd.number as round_number',
      'rd.title as round_title',
      'a.registration_id',
      'r.full_name',
      'r.phone',
      'u.id as unit_id',
      'u.code as unit_code',
      'u.name as unit_name',
    ]);

/** The contest's awards: by ranking (overall first), kind, prize order, place. */
export async function awardsOf(db: Conn, contestId: number, opts: { status?: 'proposed' | 'confirmed'; ids?: number[] } = {}): Promise<AwardRow[]> {
  let q = awards(db).where('p.contest_id', '=', contestId);
  if (opts.status) q = q.where('a.status', '=', opts.status);
  if (opts.ids) q = q.where('a.id', 'in', opts.ids.length ? opts.ids : [0]);
  const rows = await q.execute();
  return rows.sort(
    (a, b) => (a.round_number ?? 0) - (b.round_number ?? 0) || b.prize_kind.localeCompare(a.prize_kind) || a.rank_order - b.rank_order || a.prize_id - b.prize_id || a.place - b.place,
  );
}

export interface PublicAward {
  code: string;
  recipient: string | null;
  kind: string;
  prize_name: string;
  contest_title: string;
  round_title: string | null;
  confirmed_at: string;
}

/** A confirmed award by its code, as typed (any case, with or without dashes); proposed ones do not exist. */
export async function confirmedAwardByCode(db: Conn, raw: string): Promise<PublicAward | undefined> {
  const code = normalizeCode(raw);
  if (!code) return undefined;
  const row = await db
    .selectFrom('contest_awards as a')
    .innerJoin('contest_prizes as p', 'p.id', 'a.prize_id')
    .innerJoin('contests as c', 'c.id', 'p.contest_id')
    .leftJoin('contest_rounds as rd', 'rd.id', 'p.round_id')
    .leftJoin('contest_registrations as r', 'r.id', 'a.registration_id')
    .leftJoin('units as u', 'u.id', 'a.unit_id')
    .select(['a.code', 'p.kind', 'p.name as prize_name', 'c.title as contest_title', 'rd.title as round_title', 'a.confirmed_at', 'r.full_name', 'u.name as unit_name'])
    .where('a.code', '=', code)
    .where('a.status', '=', 'confirmed')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    code: row.code,
    recipient: row.kind === 'collective' ? row.unit_name : row.full_name,
    kind: row.kind,
    prize_name: row.prize_name,
    contest_title: row.contest_title,
    round_title: row.round_title,
    confirmed_at: row.confirmed_at!,
  };
}
