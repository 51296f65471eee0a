/** SQL for role grants. Lists are filtered by unit paths (set-based scope) in the query itself. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface GrantListRow {
  id: number;
  role: string;
  createdAt: string;
  userId: number;
  fullName: string;
  unitCode: string;
  unitName: string;
}

export interface GrantFilter {
  /** Unit paths whose subtrees are visible; empty means nothing. */
  paths: string[];
  role?: string;
  id?: number;
  limit: number;
  offset: number;
}

function grantsUnder(db: Conn, f: Pick<GrantFilter, 'paths' | 'role' | 'id'>) {
  let q = db
    .selectFrom('role_grants')
    .innerJoin('units', 'units.id', 'role_grants.unit_id')
    .innerJoin('users', 'users.id', 'role_grants.user_id')
    .where((eb) => eb.or(f.paths.map((p) => eb('units.path', 'like', `${p}%`))));
  if (f.role) q = q.where('role_grants.role', '=', f.role);
  if (f.id !== undefined) q = q.where('role_grants.id', '=', f.id);
  return q;
}

export async function listGrants(db: Conn, f: GrantFilter): Promise<{ rows: GrantListRow[]; total: number }> {
  if (f.paths.length === 0) return { rows: [], total: 0 };
  const { n } = await grantsUnder(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await grantsUnder(db, f)
    .select([
      'role_grants.id as id',
      'role_grants.role as role',
      'role_grants.created_at as createdAt',
      'users.id as userId',
      'users.full_name as fullName',
      'units.code as unitCode',
      'units.name as unitName',
    ])
    .orderBy('units.path')
    .orderBy('role_grants.role')
    .orderBy('users.search_name')
    .orderBy('role_grants.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(n) };
}

export async function grantById(db: Conn, id: number) {
  return db
    .selectFrom('role_grants')
    .innerJoin('units', 'units.id', 'role_grants.unit_id')
    .select(['role_grants.id', 'role_grants.role', 'role_grants.user_id', 'role_grants.unit_id', 'units.path as unitPath'])
    .where('role_grants.id', '=', id)
    .executeTakeFirst();
}

export async function grantExists(db: Conn, userId: number, role: string, unitId: number): Promise<boolean> {
  const row = await db
    .selectFrom('role_grants')
    .select('id')
    .where('user_id', '=', userId)
    .where('role', '=', role)
    .where('unit_id', '=', unitId)
    .executeTakeFirst();
  return !!row;
}

export async function insertGrant(db: Conn, g: { userId: number; role: string; unitId: number; grantedBy: number | null }): Promise<number> {
  const { id } = await db
    .insertInto('role_grants')
    .values({ user_id: g.userId, role: g.role, unit_id: g.unitId, granted_by: g.grantedBy, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteGrant(db: Conn, id: number): Promise<void> {
  await db.deleteFrom('role_grants').where('id', '=', id).execute();
}

export async function countRole(db: Conn, role: string): Promise<number> {
  const { n } = await db
    .selectFrom('role_grants')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('role', '=', role)
    .executeTakeFirstOrThrow();
  return Number(n);
}
