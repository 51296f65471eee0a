/**
 * Rankings of a contest: contestants per round and overall, and units. The rules (see ORGANISERS.md):
 *
 *  - Only final attempts count (contest_entries with `correct` set).
 *  - The keys, in the contest's order (contests.ranking_order): `correct` (more first), `prediction` (the distance
 *    |prediction − actual| smaller first; no prediction after every one with one), `duration` (shorter first),
 *    `submitted` (earlier finished_at first). Keys left out of the order are not used. When every configured key
 *    is equal, the contestant who registered first (smaller registration id) ranks first, so places are unique.
 *  - A round's actual number (the answer to the prediction question) is the number of contestants with at least
 *    one final attempt that answered every question right. It does not depend on the order, so it is well defined
 *    even when `prediction` comes before `correct`.
 *  - A contestant's result in a round is their best final attempt by that same order (best of N).
 *  - Overall: correct = the sum over rounds of each round's result; prediction = first the number of rounds with a
 *    prediction question where the result had no prediction (or the round was not taken; fewer first), then the sum
 *    of the distances; duration = the sum of the results' durations; submitted = when the last of the results was
 *    submitted. Same order, same final tie-break.
 *  - Units are ranked at the level just below the contest's organising unit (a city contest: communes, wards,
 *    special zones and departments; a contestant registered at a village counts for its commune): registrants,
 *    contestants (at least one final attempt), participation rate = contestants ÷ units.population (when known),
 *    winners (confirmed individual awards).
 *
 * The pure functions take plain rows; the queries below read one narrow table (contest_entries).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

export const RANK_KEYS = ['correct', 'prediction', 'duration', 'submitted'] as const;
export type RankKey = (typeof RANK_KEYS)[number];
export const DEFAULT_RANKING_ORDER: RankKey[] = [...RANK_KEYS];

type Conn = Kysely<DB> | Transaction<DB>;

/** The stored JSON order; unknown or repeated keys are dropped; nothing usable → the default order. */
export function parseRankingOrder(json: string | null | undefined): RankKey[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json ?? '');
  } catch {
    return [...DEFAULT_RANKING_ORDER];
  }
  if (!Array.isArray(raw)) return [...DEFAULT_RANKING_ORDER];
  const keys: RankKey[] = [];
  for (const k of raw) if ((RANK_KEYS as readonly unknown[]).includes(k) && !keys.includes(k as RankKey)) keys.push(k as RankKey);
  return keys.length ? keys : [...DEFAULT_RANKING_ORDER];
}

/** One final attempt, as contest_entries holds it. */
export interface EntryResult {
  attemptId: number;
  registrationId: number;
  unitId: number;
  correct: number;
  questionCount: number;
  durationMs: number;
  /** ISO time the attempt became final. */
  finishedAt: string;
  prediction: number | null;
}

/** |prediction − actual|; null without a prediction. */
export function predictionDistance(prediction: number | null, actual: number): number | null {
  return prediction === null ? null : Math.abs(prediction - actual);
}

/** The number of contestants with at least one final attempt that answered every question right. */
export function actualFullMarks(entries: EntryResult[]): number {
  const who = new Set<number>();
  for (const e of entries) if (e.questionCount > 0 && e.correct >= e.questionCount) who.add(e.registrationId);
  return who.size;
}

/** What the keys compare; `missingPredictions` is used by the overall ranking only (0 in a round). */
export interface Comparable {
  registrationId: number;
  correct: number;
  missingPredictions: number;
  predictionDistance: number | null;
  durationMs: number;
  submittedMs: number;
}

const cmpNum = (a: number, b: number) => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` ranks before `b`. */
export function compareBy(order: readonly RankKey[], a: Comparable, b: Comparable): number {
  for (const key of order) {
    let c: number;
    if (key === 'correct') c = cmpNum(b.correct, a.correct);
    else if (key === 'prediction') {
      c = cmpNum(a.missingPredictions, b.missingPredictions);
      if (c === 0) {
        if (a.predictionDistance === null && b.predictionDistance !== null) c = 1;
        else if (a.predictionDistance !== null && b.predictionDistance === null) c = -1;
        else if (a.predictionDistance !== null && b.predictionDistance !== null) c = cmpNum(a.predictionDistance, b.predictionDistance);
      }
    } else if (key === 'duration') c = cmpNum(a.durationMs, b.durationMs);
    else c = cmpNum(a.submittedMs, b.submittedMs);
    if (c !== 0) return c;
  }
  return cmpNum(a.registrationId, b.registrationId);
}

export interface RoundRankRow extends Comparable {
  place: number;
  unitId: number;
  attemptId: number;
  questionCount: number;
  finishedAt: string;
  prediction: number | null;
  /** Final attempts the contestant made in the round. */
  attempts: number;
}

export interface RoundRanking {
  /** Contestants whose best attempt answered everything right (the prediction question's answer). */
  actual: number;
  rows: RoundRankRow[];
}

const comparableOf = (e: EntryResult, actual: number) => ({
  registrationId: e.registrationId,
  correct: e.correct,
  missingPredictions: 0,
  predictionDistance: predictionDistance(e.prediction, actual),
  durationMs: e.durationMs,
  submittedMs: Date.parse(e.finishedAt),
});

/** A round's ranking from its final attempts: best attempt per contestant, then the order. */
export function rankRound(entries: EntryResult[], order: readonly RankKey[]): RoundRanking {
  const actual = actualFullMarks(entries);
  const best = new Map<number, { row: Omit<RoundRankRow, 'place'>; attempts: number }>();
  for (const e of entries) {
    const row = { ...comparableOf(e, actual), unitId: e.unitId, attemptId: e.attemptId, questionCount: e.questionCount, finishedAt: e.finishedAt, prediction: e.prediction, attempts: 0 };
    const seen = best.get(e.registrationId);
    if (!seen) best.set(e.registrationId, { row, attempts: 1 });
    else {
      seen.attempts++;
      // Same contestant: the attempt id breaks a full tie (the earlier attempt stands).
      const c = compareBy(order, row, seen.row) || cmpNum(row.attemptId, seen.row.attemptId);
      if (c < 0) seen.row = row;
    }
  }
  const rows = [...best.values()].map(({ row, attempts }) => ({ ...row, attempts }));
  rows.sort((a, b) => compareBy(order, a, b));
  return { actual, rows: rows.map((r, i) => ({ ...r, place: i + 1 })) };
}

export interface OverallRankRow extends Comparable {
  place: number;
  unitId: number;
  /** Rounds taken (with a final attempt). */
  rounds: number;
  questionCount: number;
  /** Sum of the prediction distances over the rounds with one. */
  predictionDistance: number | null;
  /** When the last counted result was submitted (ISO). */
  lastFinishedAt: string;
  /** Round id → the round's result. */
  perRound: Map<number, RoundRankRow>;
}

/** The overall ranking from the rankings of every round of the contest (see the header for the rules). */
export function rankOverall(rounds: Array<{ roundId: number; hasPrediction: boolean; ranking: RoundRanking }>, order: readonly RankKey[]): OverallRankRow[] {
  const predictionRounds = rounds.filter((r) => r.hasPrediction).length;
  const acc = new Map<number, Omit<OverallRankRow, 'place'> & { withPrediction: number }>();
  for (const r of rounds) {
    for (const row of r.ranking.rows) {
      let a = acc.get(row.registrationId);
      if (!a) {
        a = {
          registrationId: row.registrationId,
          unitId: row.unitId,
          correct: 0,
          missingPredictions: 0,
          predictionDistance: null,
          durationMs: 0,
          submittedMs: 0,
          rounds: 0,
          questionCount: 0,
          lastFinishedAt: row.finishedAt,
          perRound: new Map(),
          withPrediction: 0,
        };
        acc.set(row.registrationId, a);
      }
      a.correct += row.correct;
      a.durationMs += row.durationMs;
      a.questionCount += row.questionCount;
      a.rounds++;
      if (row.submittedMs > a.submittedMs) {
        a.submittedMs = row.submittedMs;
        a.lastFinishedAt = row.finishedAt;
      }
      if (r.hasPrediction && row.predictionDistance !== null) {
        a.withPrediction++;
        a.predictionDistance = (a.predictionDistance ?? 0) + row.predictionDistance;
      }
      a.perRound.set(r.roundId, row);
    }
  }
  const rows = [...acc.values()].map(({ withPrediction, ...a }) => ({ ...a, missingPredictions: predictionRounds - withPrediction }));
  rows.sort((a, b) => compareBy(order, a, b));
  return rows.map((r, i) => ({ ...r, place: i + 1 }));
}

// ---- Units ----

export const UNIT_RANK_BASES = ['contestants', 'rate', 'winners'] as const;
export type UnitRankBasis = (typeof UNIT_RANK_BASES)[number];

export interface UnitTally {
  unitId: number;
  code: string;
  name: string;
  population: number | null;
  registrants: number;
  contestants: number;
  winners: number;
}

export interface UnitRankRow extends UnitTally {
  place: number;
  /** contestants ÷ population; null when the population is unknown. */
  rate: number | null;
}

export const participationRate = (contestants: number, population: number | null): number | null => (population && population > 0 ? contestants / population : null);

/**
 * Units by contestants (then rate, winners), by participation rate (unknown population last; then contestants),
 * or by winners (then contestants, rate). Name breaks a full tie (Vietnamese collation).
 */
export function rankUnits(units: UnitTally[], basis: UnitRankBasis): UnitRankRow[] {
  const rows = units.map((u) => ({ ...u, rate: participationRate(u.contestants, u.population) }));
  type Row = (typeof rows)[number];
  const rate = (a: Row, b: Row) => {
    if (a.rate === null || b.rate === null) return a.rate === b.rate ? 0 : a.rate === null ? 1 : -1;
    return cmpNum(b.rate, a.rate);
  };
  const keys: Array<(a: Row, b: Row) => number> =
    basis === 'rate'
      ? [rate, (a, b) => cmpNum(b.contestants, a.contestants), (a, b) => cmpNum(b.winners, a.winners)]
      : basis === 'winners'
        ? [(a, b) => cmpNum(b.winners, a.winners), (a, b) => cmpNum(b.contestants, a.contestants), rate]
        : [(a, b) => cmpNum(b.contestants, a.contestants), rate, (a, b) => cmpNum(b.winners, a.winners)];
  rows.sort((a, b) => {
    for (const k of keys) {
      const c = k(a, b);
      if (c !== 0) return c;
    }
    return a.name.localeCompare(b.name, 'vi') || cmpNum(a.unitId, b.unitId);
  });
  return rows.map((r, i) => ({ ...r, place: i + 1 }));
}

/**
 * The unit a registration counts for: the ancestor just below the organising unit ("/1/" → "/1/7/42/" counts
 * for 7). The organising unit itself, or a unit outside its subtree, counts for itself.
 */
export function rankedUnitId(unitId: number, unitPath: string, organiserPath: string): number {
  if (!unitPath.startsWith(organiserPath) || unitPath === organiserPath) return unitId;
  return Number(unitPath.slice(organiserPath.length).split('/')[0]);
}

// ---- Queries ----

/** The final attempts of a round (optionally of units under `unitPaths`). */
export async function finalEntries(db: Conn, roundId: number, unitPaths?: string[]): Promise<EntryResult[]> {
  let q = db
    .selectFrom('contest_entries as e')
    .select(['e.attempt_id', 'e.registration_id', 'e.unit_id', 'e.correct', 'e.question_count', 'e.duration_ms', 'e.finished_at', 'e.prediction'])
    .where('e.round_id', '=', roundId)
    .where('e.correct', 'is not', null)
    .where('e.finished_at', 'is not', null);
  if (unitPaths) {
    if (unitPaths.length === 0) return [];
    q = q.innerJoin('units as u', 'u.id', 'e.unit_id').where((eb) => eb.or(unitPaths.map((p) => eb('u.path', 'like', `${p}%`))));
  }
  const rows = await q.execute();
  return rows.map((r) => ({
    attemptId: r.attempt_id,
    registrationId: r.registration_id,
    unitId: r.unit_id,
    correct: Number(r.correct),
    questionCount: Number(r.question_count),
    durationMs: Number(r.duration_ms ?? 0),
    finishedAt: r.finished_at!,
    prediction: r.prediction === null ? null : Number(r.prediction),
  }));
}

export interface RoundInfo {
  id: number;
  number: number;
  title: string;
  opens_at: string;
  closes_at: string;
  prediction_question: string | null;
}

export async function contestRounds(db: Conn, contestId: number): Promise<RoundInfo[]> {
  return db.selectFrom('contest_rounds').select(['id', 'number', 'title', 'opens_at', 'closes_at', 'prediction_question']).where('contest_id', '=', contestId).orderBy('number').execute();
}

export async function roundRanking(db: Conn, contest: { ranking_order: string }, roundId: number): Promise<RoundRanking> {
  return rankRound(await finalEntries(db, roundId), parseRankingOrder(contest.ranking_order));
}

export async function overallRanking(db: Conn, contest: { id: number; ranking_order: string }): Promise<OverallRankRow[]> {
  const order = parseRankingOrder(contest.ranking_order);
  const rounds = await contestRounds(db, contest.id);
  const parts = [];
  for (const r of rounds) parts.push({ roundId: r.id, hasPrediction: r.prediction_question !== null, ranking: rankRound(await finalEntries(db, r.id), order) });
  return rankOverall(parts, order);
}

/** Tallies of the units ranked for the contest, overall or for one round. */
export async function unitTallies(db: Conn, contest: { id: number; unit_id: number }, roundId?: number): Promise<UnitTally[]> {
  const organiser = await db.selectFrom('units').select('path').where('id', '=', contest.unit_id).executeTakeFirstOrThrow();
  const registrants = await db
    .selectFrom('contest_registrations as r')
    .innerJoin('units as u', 'u.id', 'r.unit_id')
    .select((eb) => ['r.unit_id', 'u.path', eb.fn.countAll<number>().as('n')])
    .where('r.contest_id', '=', contest.id)
    .groupBy(['r.unit_id', 'u.path'])
    .execute();
  let cq = db
    .selectFrom('contest_entries as e')
    .select((eb) => ['e.unit_id', eb.fn.count<number>('e.registration_id').distinct().as('n')])
    .where('e.contest_id', '=', contest.id)
    .where('e.correct', 'is not', null);
  if (roundId !== undefined) cq = cq.where('e.round_id', '=', roundId);
  const contestants = await cq.groupBy('e.unit_id').execute();
  const winners = await db
    .selectFrom('contest_awards as a')
    .innerJoin('contest_prizes as p', 'p.id', 'a.prize_id')
    .innerJoin('contest_registrations as r', 'r.id', 'a.registration_id')
    .select((eb) => ['r.unit_id', eb.fn.countAll<number>().as('n')])
    .where('p.contest_id', '=', contest.id)
    .where('a.status', '=', 'confirmed')
    .groupBy('r.unit_id')
    .execute();

  const pathOf = new Map(registrants.map((r) => [r.unit_id, r.path]));
  const tally = new Map<number, { registrants: number; contestants: number; winners: number }>();
  const add = (unitId: number, field: 'registrants' | 'contestants' | 'winners', n: number) => {
    const path = pathOf.get(unitId);
    const ranked = path ? rankedUnitId(unitId, path, organiser.path) : unitId;
    const t = tally.get(ranked) ?? { registrants: 0, contestants: 0, winners: 0 };
    t[field] += Number(n);
    tally.set(ranked, t);
  };
  for (const r of registrants) add(r.unit_id, 'registrants', r.n);
  // A contestant's entries carry the registration's unit, so it is among the registrants' units.
  for (const c of contestants) add(c.unit_id, 'contestants', c.n);
  for (const w of winners) add(w.unit_id, 'winners', w.n);
  if (tally.size === 0) return [];
  const units = await db.selectFrom('units').select(['id', 'code', 'name', 'population']).where('id', 'in', [...tally.keys()]).execute();
  return units.map((u) => ({ unitId: u.id, code: u.code, name: u.name, population: u.population, ...tally.get(u.id)! }));
}

export async function unitRanking(db: Conn, contest: { id: number; unit_id: number }, basis: UnitRankBasis, roundId?: number): Promise<UnitRankRow[]> {
  return rankUnits(await unitTallies(db, contest, roundId), basis);
}
