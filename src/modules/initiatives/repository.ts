/** SQL of initiatives. Lists are filtered by the caller's unit paths in the same query. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, InitiativeFileTable, InitiativeHistoryTable, InitiativeTable } from '../../db/schema.js';
import { COMMUNE_TYPES } from '../units/types.js';

type Conn = Kysely<DB> | Transaction<DB>;
export type InitiativeRow = Selectable<InitiativeTable>;
export type HistoryRow = Selectable<InitiativeHistoryTable>;
export type FileRow = Selectable<InitiativeFileTable>;
export interface InitiativeWithUnit extends InitiativeRow {
  unit_name: string;
  unit_path: string;
  unit_code: string;
}
export interface InitiativeListRow extends InitiativeWithUnit {
  replications: number;
}
export const STATUSES = ['submitted', 'returned', 'accepted'] as const;
/** Units that propose initiatives: communes, wards, special zones and city departments. */
export const PROPOSING_TYPES: string[] = [...COMMUNE_TYPES, 'so_nganh'];

const underAny = (paths: string[]) => (eb: any) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`)));

function withUnit(db: Conn) {
  return db
    .selectFrom('initiatives')
    .innerJoin('units', 'units.id', 'initiatives.unit_id')
    .selectAll('initiatives')
    .select(['units.name as unit_name', 'units.path as unit_path', 'units.code as unit_code']);
}


export async function initiativeById(db: Conn, id: number): Promise<InitiativeWithUnit | undefined> {
  return withUnit(db).where('initiatives.id', '=', id).executeTakeFirst();
}

export async function initiativesUnder(db: Conn, paths: string[]): Promise<InitiativeListRow[]> {
  if (paths.length === 0) return [];
  const rows = await withUnit(db)
    .select((eb) =>
      eb
        .selectFrom('initiative_replications')
        .select((sb) => sb.fn.countAll<number>().as('n'))
        .whereRef('initiative_replications.initiative_id', '=', 'initiatives.id')
        .as('replications'),
    )
    .where(underAny(paths))
    .orderBy('initiatives.submitted_at', 'desc')
    .orderBy('initiatives.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, replications: Number(r.replications ?? 0) }));
}

/** Accepted initiatives, newest decision first: what the public page shows. */
export async function acceptedInitiatives(db: Conn): Promise<InitiativeListRow[]> {
  const rows = await withUnit(db)
    .select((eb) =>
      eb
        .selectFrom('initiative_replications')
        .select((sb) => sb.fn.countAll<number>().as('n'))
        .whereRef('initiative_replications.initiative_id', '=', 'initiatives.id')
        .as('replications'),
    )
    .where('initiatives.status', '=', 'accepted')
    .orderBy('initiatives.decided_at', 'desc')
    .orderBy('initiatives.id', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, replications: Number(r.replications ?? 0) }));
}

export async function historyOf(db: Conn, id: number): Promise<HistoryRow[]> {
  return db.selectFrom('initiative_history').selectAll().where('initiative_id', '=', id).orderBy('at').orderBy('id').execute();
}

export async function filesOf(db: Conn, id: number): Promise<FileRow[]> {
  return db.selectFrom('initiative_files').selectAll().where('initiative_id', '=', id).orderBy('id').execute();
}

export async function replicationsOf(db: Conn, id: number) {
  return db
    .selectFrom('initiative_replications')
    .innerJoin('units', 'units.id', 'initiative_replications.unit_id')
    .select(['initiative_replications.id', 'units.name as unit_name', 'initiative_replications.replicated_on', 'initiative_replications.note'])
    .where('initiative_replications.initiative_id', '=', id)
    .orderBy('initiative_replications.replicated_on')
    .orderBy('initiative_replications.id')
    .execute();
}

export async function proposingUnitsUnder(db: Conn, paths: string[]) {
  if (paths.length === 0) return [];
  return db
    .selectFrom('units')
    .selectAll()
    .where(underAny(paths))
    .where('type', 'in', PROPOSING_TYPES)
    .where('retired_at', 'is', null)
    .orderBy('depth')
    .orderBy('name')
    .execute();
}

export interface UnitInitiatives {
  id: number;
  name: string;
  path: string;
  proposed: number;
  accepted: number;
  pending: number;
  replicated: number;
}

/** Per proposing unit under the paths: initiatives proposed, accepted, pending/returned, and replications it recorded (its subtree). */
export async function byUnit(db: Conn, paths: string[]): Promise<UnitInitiatives[]> {
  const units = await proposingUnitsUnder(db, paths);
  if (units.length === 0) return [];
  const initiatives = await db
    .selectFrom('initiatives')
    .innerJoin('units', 'units.id', 'initiatives.unit_id')
    .select(['units.path', 'initiatives.status'])
    .where(underAny(paths))
    .execute();
  const replications = await db
    .selectFrom('initiative_replications')
    .innerJoin('units', 'units.id', 'initiative_replications.unit_id')
    .select(['units.path'])
    .where(underAny(paths))
    .execute();
  return units.map((u) => {
    const mine = initiatives.filter((i) => i.path.startsWith(u.path));
    return {
      id: u.id,
      name: u.name,
      path: u.path,
      proposed: mine.length,
      accepted: mine.filter((i) => i.status === 'accepted').length,
      pending: mine.filter((i) => i.status !== 'accepted').length,
      replicated: replications.filter((r) => r.path.startsWith(u.path)).length,
    };
  });
}
