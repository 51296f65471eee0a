/** SQL of unit filings: forms, periods, filings with their values and history, the units that must file. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, FilingFormTable, FilingHistoryTable, FilingPeriodTable, FilingTable } from '../../db/schema.js';
import type { UnitRow } from '../units/repository.js';
import { FILED, parseFigures, type FilingFigure, type FilingStatus, type Values } from './filings-model.js';

type Conn = Kysely<DB> | Transaction<DB>;
export type FormRow = Selectable<FilingFormTable>;
export type PeriodRow = Selectable<FilingPeriodTable>;
export type FilingRow = Selectable<FilingTable>;
export type HistoryRow = Selectable<FilingHistoryTable> & { actor_name: string | null };

const underAny = (paths: string[]) => (eb: any) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`)));

export async function forms(db: Conn): Promise<FormRow[]> {
  return db.selectFrom('filing_forms').selectAll().orderBy('id').execute();
}

export async function formById(db: Conn, id: number): Promise<FormRow | undefined> {
  return db.selectFrom('filing_forms').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function periods(db: Conn): Promise<PeriodRow[]> {
  return db.selectFrom('filing_periods').selectAll().orderBy('starts_on', 'desc').orderBy('ends_on', 'desc').orderBy('id', 'desc').execute();
}

export async function periodById(db: Conn, id: number): Promise<PeriodRow | undefined> {
  return db.selectFrom('filing_periods').selectAll().where('id', '=', id).executeTakeFirst();
}

export const periodFigures = (p: PeriodRow): FilingFigure[] => parseFigures(p.figures);

/** The units that file: depth 1 (communes, wards, special zones, city departments), not retired, under the paths. */
export async function filingUnits(db: Conn, paths: string[]): Promise<UnitRow[]> {
  if (paths.length === 0) return [];
  return db
    .selectFrom('units')
    .selectAll()
    .where('depth', '=', 1)
    .where('retired_at', 'is', null)
    .where(underAny(paths))
    .orderBy('name')
    .execute();
}

export async function filingOf(db: Conn, periodId: number, unitId: number): Promise<FilingRow | undefined> {
  return db.selectFrom('filings').selectAll().where('period_id', '=', periodId).where('unit_id', '=', unitId).executeTakeFirst();
}

export async function valuesOf(db: Conn, filingId: number): Promise<Values> {
  const rows = await db.selectFrom('filing_values').selectAll().where('filing_id', '=', filingId).execute();
  return Object.fromEntries(rows.map((r) => [r.code, r.number_value !== null ? Number(r.number_value) : r.text_value]));
}

export async function historyOf(db: Conn, filingId: number): Promise<HistoryRow[]> {
  return db
    .selectFrom('filing_history')
    .leftJoin('users', 'users.id', 'filing_history.actor_id')
    .selectAll('filing_history')
    .select('users.full_name as actor_name')
    .where('filing_id', '=', filingId)
    .orderBy('filing_history.at')
    .orderBy('filing_history.id')
    .execute();
}

export interface UnitStatus {
  unit: UnitRow;
  filing: FilingRow | undefined;
  /** 'none' when the unit has not started. */
  status: FilingStatus | 'none';
}

/** Every filing unit under the paths with its filing of the period (or none). */
export async function statusesOf(db: Conn, periodId: number, paths: string[]): Promise<UnitStatus[]> {
  const units = await filingUnits(db, paths);
  if (units.length === 0) return [];
  const filings = await db
    .selectFrom('filings')
    .innerJoin('units', 'units.id', 'filings.unit_id')
    .selectAll('filings')
    .where('filings.period_id', '=', periodId)
    .where(underAny(paths))
    .execute();
  const byUnit = new Map(filings.map((f) => [f.unit_id, f]));
  return units.map((unit) => {
    const filing = byUnit.get(unit.id);
    return { unit, filing, status: (filing?.status as FilingStatus | undefined) ?? 'none' };
  });
}

/** Per period: how many units have filed (submitted or accepted) and how many were accepted, under the paths. */
export async function periodCounts(db: Conn, paths: string[]): Promise<Map<number, { filed: number; accepted: number; returned: number }>> {
  const out = new Map<number, { filed: number; accepted: number; returned: number }>();
  if (paths.length === 0) return out;
  const rows = await db
    .selectFrom('filings')
    .innerJoin('units', 'units.id', 'filings.unit_id')
    .select(['filings.period_id', 'filings.status'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('units.depth', '=', 1)
    .where('units.retired_at', 'is', null)
    .where(underAny(paths))
    .groupBy(['filings.period_id', 'filings.status'])
    .execute();
  for (const r of rows) {
    const c = out.get(r.period_id) ?? { filed: 0, accepted: 0, returned: 0 };
    const n = Number(r.n);
    if (FILED.includes(r.status as FilingStatus)) c.filed += n;
    if (r.status === 'accepted') c.accepted += n;
    if (r.status === 'returned') c.returned += n;
    out.set(r.period_id, c);
  }
  return out;
}

/** The filings of the given units, all periods: for a unit administrator's list. */
export async function filingsOfUnits(db: Conn, unitIds: number[]): Promise<FilingRow[]> {
  if (unitIds.length === 0) return [];
  return db.selectFrom('filings').selectAll().where('unit_id', 'in', unitIds).execute();
}

/** The last comment of the city when it returned the filing. */
export async function lastReturnComment(db: Conn, filingId: number): Promise<string | null> {
  const row = await db
    .selectFrom('filing_history')
    .select('comment')
    .where('filing_id', '=', filingId)
    .where('action', '=', 'returned')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  return row?.comment ?? null;
}
