/**
 * Statistics for organisers and unit administrators, always within unit paths (the caller's contest:stats scope,
 * or one unit of it): registrations per day (Vietnam's date), per unit, per target group; per round the score
 * distribution (contestants by their best number of correct answers) and the share of right answers per question
 * (attempt_questions.correct of final attempts). Aggregates only, except `contestantBatches` (the export's list).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Dialect } from '../../db/database.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface ContestStats {
  registrants: number;
  /** Registrants with at least one final attempt. */
  contestants: number;
  perDay: Array<{ day: string; registrants: number }>;
  perUnit: Array<{ unitId: number; code: string; name: string; population: number | null; registrants: number; contestants: number }>;
  perGroup: Array<{ group: string; registrants: number }>;
  rounds: RoundStats[];
}

export interface RoundStats {
  roundId: number;
  number: number;
  title: string;
  contestants: number;
  attempts: number;
  /** k → contestants whose best final attempt had k correct answers (k from 0 to the most questions drawn). */
  distribution: Array<{ correct: number; contestants: number }>;
  /** Hardest first. */
  questions: Array<{ questionId: number; text: string; answered: number; right: number; share: number }>;
}

const under = (paths: string[]) => (eb: any) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`)));

/** YYYY-MM-DD of a timestamp column in Vietnam's time zone, on either database. */
function vnDay(dialect: Dialect, column: string) {
  return dialect === 'postgres'
    ? sql<string>`to_char(${sql.ref(column)} at time zone 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')`
    : sql<string>`date(${sql.ref(column)}, '+7 hours')`;
}

export async function contestStats(db: Conn, dialect: Dialect, contestId: number, paths: string[], now = new Date()): Promise<ContestStats> {
  const empty: ContestStats = { registrants: 0, contestants: 0, perDay: [], perUnit: [], perGroup: [], rounds: [] };
  if (paths.length === 0) return empty;
  const regs = () => db.selectFrom('contest_registrations as r').innerJoin('units as u', 'u.id', 'r.unit_id').where('r.contest_id', '=', contestId).where(under(paths));
  const entries = () => db.selectFrom('contest_entries as e').innerJoin('units as u', 'u.id', 'e.unit_id').where('e.contest_id', '=', contestId).where('e.correct', 'is not', null).where(under(paths));

  const day = vnDay(dialect, 'r.registered_at');
  const perDay = await regs()
    .select((eb) => [day.as('day'), eb.fn.countAll<number>().as('n')])
    .groupBy(day)
    .orderBy(day)
    .execute();
  const perUnitRegs = await regs()
    .select((eb) => ['u.id', 'u.code', 'u.name', 'u.population', eb.fn.countAll<number>().as('n')])
    .groupBy(['u.id', 'u.code', 'u.name', 'u.population'])
    .execute();
  const perUnitContestants = await entries()
    .select((eb) => ['u.id', eb.fn.count<number>('e.registration_id').distinct().as('n')])
    .groupBy('u.id')
    .execute();
  const contestantsOf = new Map(perUnitContestants.map((r) => [r.id, Number(r.n)]));
  const perGroup = await regs()
    .select((eb) => ['r.target_group', eb.fn.countAll<number>().as('n')])
    .groupBy('r.target_group')
    .orderBy('r.target_group')
    .execute();
  const contestants = await entries()
    .select((eb) => eb.fn.count<number>('e.registration_id').distinct().as('n'))
    .executeTakeFirstOrThrow();

  const rounds = await db.selectFrom('contest_rounds').select(['id', 'number', 'title', 'opens_at']).where('contest_id', '=', contestId).orderBy('number').execute();
  const roundStats: RoundStats[] = [];
  for (const round of rounds) {
    if (Date.parse(round.opens_at) > now.getTime()) {
      roundStats.push({ roundId: round.id, number: round.number, title: round.title, contestants: 0, attempts: 0, distribution: [], questions: [] });
      continue;
    }
    const best = entries()
      .where('e.round_id', '=', round.id)
      .select((eb) => ['e.registration_id', eb.fn.max('e.correct').as('best')])
      .groupBy('e.registration_id')
      .as('b');
    const dist = await db
      .selectFrom(best)
      .select((eb) => ['b.best', eb.fn.countAll<number>().as('n')])
      .groupBy('b.best')
      .orderBy('b.best')
      .execute();
    const attempts = await entries()
      .where('e.round_id', '=', round.id)
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('e.question_count').as('q')])
      .executeTakeFirstOrThrow();
    const maxK = Math.max(Number(attempts.q ?? 0), ...dist.map((d) => Number(d.best)));
    const byK = new Map(dist.map((d) => [Number(d.best), Number(d.n)]));
    const distribution = Number(attempts.n) === 0 ? [] : Array.from({ length: maxK + 1 }, (_x, k) => ({ correct: k, contestants: byK.get(k) ?? 0 }));

    const questions = await db
      .selectFrom('attempt_questions as aq')
      .innerJoin('contest_entries as e', 'e.attempt_id', 'aq.attempt_id')
      .innerJoin('units as u', 'u.id', 'e.unit_id')
      .innerJoin('questions as q', 'q.id', 'aq.question_id')
      .where('e.round_id', '=', round.id)
      .where('e.correct', 'is not', null)
      .where(under(paths))
      .select((eb) => [
        'aq.question_id',
        'q.text',
        eb.fn.countAll<number>().as('answered'),
        eb.fn.sum<number>(eb.case().when('aq.correct', '=', 1).then(1).else(0).end()).as('right'),
      ])
      .groupBy(['aq.question_id', 'q.text'])
      .execute();
    roundStats.push({
      roundId: round.id,
      number: round.number,
      title: round.title,
      contestants: dist.reduce((n, d) => n + Number(d.n), 0),
      attempts: Number(attempts.n),
      distribution,
      questions: questions
        .map((q) => ({ questionId: q.question_id, text: q.text, answered: Number(q.answered), right: Number(q.right ?? 0), share: Number(q.answered) ? Number(q.right ?? 0) / Number(q.answered) : 0 }))
        .sort((a, b) => a.share - b.share || b.answered - a.answered || a.questionId - b.questionId),
    });
  }

  return {
    registrants: perUnitRegs.reduce((n, r) => n + Number(r.n), 0),
    contestants: Number(contestants.n),
    perDay: perDay.map((d) => ({ day: String(d.day), registrants: Number(d.n) })),
    perUnit: perUnitRegs
      .map((u) => ({ unitId: u.id, code: u.code, name: u.name, population: u.population, registrants: Number(u.n), contestants: contestantsOf.get(u.id) ?? 0 }))
      .sort((a, b) => b.registrants - a.registrants || a.name.localeCompare(b.name, 'vi')),
    perGroup: perGroup.map((g) => ({ group: g.target_group, registrants: Number(g.n) })),
    rounds: roundStats,
  };
}

export interface ContestantRow {
  id: number;
  full_name: string;
  phone: string | null;
  target_group: string;
  registered_at: string;
  unit_code: string;
  unit_name: string;
}

/** The registrations under `paths`, in batches (keyset on id), for the export. */
export async function* contestantBatches(db: Conn, contestId: number, paths: string[], size = 2000): AsyncGenerator<ContestantRow[]> {
  if (paths.length === 0) return;
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('contest_registrations as r')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['r.id', 'r.full_name', 'r.phone', 'r.target_group', 'r.registered_at', 'u.code as unit_code', 'u.name as unit_name'])
      .where('r.contest_id', '=', contestId)
      .where(under(paths))
      .where('r.id', '>', after)
      .orderBy('r.id')
      .limit(size)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1].id;
    if (rows.length < size) return;
  }
}

/** Best correct answers per round of the given registrations: registration id → round id → best. */
export async function bestPerRound(db: Conn, registrationIds: number[]): Promise<Map<number, Map<number, number>>> {
  const out = new Map<number, Map<number, number>>();
  if (registrationIds.length === 0) return out;
  const rows = await db
    .selectFrom('contest_entries')
    .select((eb) => ['registration_id', 'round_id', eb.fn.max('correct').as('best')])
    .where('registration_id', 'in', registrationIds)
    .where('correct', 'is not', null)
    .groupBy(['registration_id', 'round_id'])
    .execute();
  for (const r of rows) {
    const m = out.get(r.registration_id) ?? new Map<number, number>();
    m.set(r.round_id, Number(r.best));
    out.set(r.registration_id, m);
  }
  return out;
}
