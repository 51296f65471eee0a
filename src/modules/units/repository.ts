/** SQL for the unit tree. Subtrees are path prefixes: "/1/7/" covers "/1/7/42/". */
import type { Kysely, Transaction } from 'kysely';
import type { DB, UnitTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';

export type UnitRow = Selectable<UnitTable>;
type Conn = Kysely<DB> | Transaction<DB>;

export async function allUnits(db: Conn, opts: { includeRetired?: boolean } = {}): Promise<UnitRow[]> {
  let q = db.selectFrom('units').selectAll().orderBy('depth').orderBy('name');
  if (!opts.includeRetired) q = q.where('retired_at', 'is', null);
  return q.execute();
}

export async function unitById(db: Conn, id: number): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function unitByCode(db: Conn, code: string): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

export async function cityUnit(db: Conn): Promise<UnitRow | undefined> {
  return db.selectFrom('units').selectAll().where('depth', '=', 0).orderBy('id').executeTakeFirst();
}

export async function countUnits(db: Conn): Promise<number> {
  const row = await db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Units under any of the given paths (inclusive), not retired unless asked. */
export async function unitsUnder(db: Conn, paths: string[], opts: { includeRetired?: boolean } = {}): Promise<UnitRow[]> {
  if (paths.length === 0) return [];
  let q = db
    .selectFrom('units')
    .selectAll()
    .where((eb) => eb.or(paths.map((p) => eb('path', 'like', `${p}%`))))
    .orderBy('depth')
    .orderBy('name');
  if (!opts.includeRetired) q = q.where('retired_at', 'is', null);
  return q.execute();
}

export async function insertUnit(
  db: Conn,
  values: { code: string; name: string; type: string; parent: UnitRow | undefined; population?: number | null },
): Promise<UnitRow> {
  const now = new Date().toISOString();
  const { id } = await db
    .insertInto('units')
    .values({
      code: values.code,
      name: values.name,
      type: values.type,
      parent_id: values.parent?.id ?? null,
      path: '/',
      depth: values.parent ? values.parent.depth + 1 : 0,
      population: values.population ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const path = `${values.parent?.path ?? '/'}${id}/`;
  await db.updateTable('units').set({ path }).where('id', '=', id).execute();
  return (await unitById(db, id))!;
}

export async function updateUnit(db: Conn, id: number, set: Partial<Pick<UnitRow, 'name' | 'population' | 'retired_at' | 'code'>>) {
  await db
    .updateTable('units')
    .set({ ...set, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

/** Moves a unit and its whole subtree under a new parent, rewriting paths and depths. */
export async function moveSubtree(db: Conn, unit: UnitRow, newParent: UnitRow): Promise<void> {
  const newPath = `${newParent.path}${unit.id}/`;
  const depthShift = newParent.depth + 1 - unit.depth;
  const subtree = await db.selectFrom('units').select(['id', 'path', 'depth']).where('path', 'like', `${unit.path}%`).execute();
  const now = new Date().toISOString();
  for (const u of subtree) {
    await db
      .updateTable('units')
      .set({ path: newPath + u.path.slice(unit.path.length), depth: u.depth + depthShift, updated_at: now })
      .where('id', '=', u.id)
      .execute();
  }
  await db.updateTable('units').set({ parent_id: newParent.id }).where('id', '=', unit.id).execute();
}
