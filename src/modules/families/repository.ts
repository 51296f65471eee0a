/**
 * SQL of digital families. Households are scoped by their village's path (in the same query).
 *
 * A household is a digital family when at least one member linked to an active account meets the city's basic
 * digital skills rule (src/modules/skills/basic-skills.ts); members without an account never count. With no rule
 * saved, no household is a digital family.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BasicSkillsRule } from '../skills/basic-skills.js';
import { attainedUserIds } from '../skills/basic-skills-attained.js';
import { VILLAGE_TYPES } from '../units/types.js';

type Conn = Kysely<DB> | Transaction<DB>;

/** Ids of the digital families: a subquery of one column, household_id. */
export function digitalHouseholdIds(db: Conn, rule: BasicSkillsRule) {
  return db
    .selectFrom('household_members as hm')
    .innerJoin('users as mu', 'mu.id', 'hm.user_id')
    .select('hm.household_id as household_id')
    .where('mu.status', '=', 'active')
    .where('hm.user_id', 'in', attainedUserIds(db, rule))
    .distinct();
}

const inPaths = (paths: string[]) => (eb: any) => eb.or(paths.map((p) => eb('v.path', 'like', `${p}%`)));

export interface VillageCoverage {
  unitId: number;
  unitName: string;
  unitType: string;
  communeId: number | null;
  communeName: string | null;
  households: number;
  digital: number;
}

/**
 * Per village or residential group under the paths: households and digital families. Villages without households
 * are listed too (0 of 0), so that the ones nobody has started on show.
 */
export async function coverageByVillage(db: Conn, paths: string[], rule: BasicSkillsRule | undefined): Promise<VillageCoverage[]> {
  if (paths.length === 0) return [];
  let q = db
    .selectFrom('units as v')
    .leftJoin('units as c', 'c.id', 'v.parent_id')
    .leftJoin('households as h', 'h.unit_id', 'v.id')
    .where('v.type', 'in', VILLAGE_TYPES)
    .where(inPaths(paths))
    .where((eb) => eb.or([eb('v.retired_at', 'is', null), eb('h.id', 'is not', null)]));
  if (rule) q = q.leftJoin(digitalHouseholdIds(db, rule).as('d'), 'd.household_id', 'h.id');
  const rows = await q
    .select((eb) => [
      'v.id as unitId',
      'v.name as unitName',
      'v.type as unitType',
      'c.id as communeId',
      'c.name as communeName',
      eb.fn.count<number>('h.id').as('households'),
      (rule ? eb.fn.count<number>(sql.ref('d.household_id')) : sql<number>`0`).as('digital'),
    ])
    .groupBy(['v.id', 'v.name', 'v.type', 'c.id', 'c.name'])
    .execute();
  return rows
    .map((r) => ({ ...r, communeId: r.communeId ?? null, communeName: r.communeName ?? null, households: Number(r.households), digital: Number(r.digital) }))
    .sort((a, b) => (a.communeName ?? '').localeCompare(b.communeName ?? '', 'vi') || a.unitName.localeCompare(b.unitName, 'vi'));
}

export interface HouseholdListRow {
  id: number;
  address: string;
  headName: string;
  unitName: string;
  members: number;
  digital: boolean;
}

export interface HouseholdFilter {
  paths: string[];
  unitId?: number;
  q?: string;
  limit: number;
  offset: number;
}

export async function listHouseholds(db: Conn, f: HouseholdFilter, rule: BasicSkillsRule | undefined): Promise<{ rows: HouseholdListRow[]; total: number }> {
  if (f.paths.length === 0) return { rows: [], total: 0 };
  let base = db.selectFrom('households as h').innerJoin('units as v', 'v.id', 'h.unit_id').where(inPaths(f.paths));
  if (f.unitId) base = base.where('h.unit_id', '=', f.unitId);
  if (f.q) base = base.where('h.search_text', 'like', `%${f.q.replace(/[%_\\]/g, '')}%`);
  const total = Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const members = db.selectFrom('household_members').select((eb) => ['household_id', eb.fn.countAll<number>().as('n')]).groupBy('household_id');
  let q = base.leftJoin(members.as('m'), 'm.household_id', 'h.id');
  if (rule) q = q.leftJoin(digitalHouseholdIds(db, rule).as('d'), 'd.household_id', 'h.id');
  const rows = await q
    .select([
      'h.id as id',
      'h.address as address',
      'h.head_name as headName',
      'v.name as unitName',
      'm.n as members',
      (rule ? sql<number | null>`d.household_id` : sql<number | null>`null`).as('digitalId'),
    ])
    .orderBy('v.name')
    .orderBy('h.search_text')
    .orderBy('h.id')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return {
    total,
    rows: rows.map((r) => ({ id: r.id, address: r.address, headName: r.headName, unitName: r.unitName, members: Number(r.members ?? 0), digital: r.digitalId !== null && r.digitalId !== undefined })),
  };
}

export interface HouseholdRow {
  id: number;
  unitId: number;
  unitName: string;
  unitPath: string;
  communePath: string;
  address: string;
  headName: string;
  createdAt: string;
}

export async function householdById(db: Conn, id: number): Promise<HouseholdRow | undefined> {
  return db
    .selectFrom('households as h')
    .innerJoin('units as v', 'v.id', 'h.unit_id')
    .leftJoin('units as c', 'c.id', 'v.parent_id')
    .select(['h.id as id', 'h.unit_id as unitId', 'v.name as unitName', 'v.path as unitPath', 'c.path as communePath', 'h.address as address', 'h.head_name as headName', 'h.created_at as createdAt'])
    .where('h.id', '=', id)
    .executeTakeFirst()
    .then((r) => (r ? { ...r, communePath: r.communePath ?? r.unitPath } : undefined));
}

export async function insertHousehold(db: Conn, v: { unitId: number; address: string; headName: string; searchText: string; by: number | null }): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await db
    .insertInto('households')
    .values({ unit_id: v.unitId, address: v.address, head_name: v.headName, search_text: v.searchText, created_by: v.by, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteHousehold(db: Conn, id: number): Promise<void> {
  await db.deleteFrom('household_members').where('household_id', '=', id).execute();
  await db.deleteFrom('households').where('id', '=', id).execute();
}

export interface MemberRow {
  id: number;
  userId: number | null;
  fullName: string;
  birthYear: number | null;
  hasAccount: boolean;
  attained: boolean;
}

export async function membersOf(db: Conn, householdId: number, rule: BasicSkillsRule | undefined): Promise<MemberRow[]> {
  let q = db.selectFrom('household_members as hm').leftJoin('users as u', 'u.id', 'hm.user_id').where('hm.household_id', '=', householdId);
  if (rule) q = q.leftJoin(attainedUserIds(db, rule).as('met'), 'met.user_id', 'hm.user_id');
  const rows = await q
    .select([
      'hm.id as id',
      'hm.user_id as userId',
      'hm.full_name as memberName',
      'hm.birth_year as memberBirthYear',
      'u.full_name as accountName',
      'u.birth_year as accountBirthYear',
      'u.status as status',
      (rule ? sql<number | null>`met.user_id` : sql<number | null>`null`).as('met'),
    ])
    .orderBy('hm.id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.userId,
    fullName: r.accountName ?? r.memberName ?? '',
    birthYear: r.userId ? (r.accountBirthYear ?? null) : r.memberBirthYear,
    hasAccount: r.userId !== null,
    attained: r.status === 'active' && r.met !== null && r.met !== undefined,
  }));
}

export async function memberOfUser(db: Conn, userId: number): Promise<{ householdId: number } | undefined> {
  return db.selectFrom('household_members').select('household_id as householdId').where('user_id', '=', userId).executeTakeFirst();
}

export async function namedMembers(db: Conn, householdId: number): Promise<Array<{ fullName: string | null; birthYear: number | null }>> {
  return db.selectFrom('household_members').select(['full_name as fullName', 'birth_year as birthYear']).where('household_id', '=', householdId).where('user_id', 'is', null).execute();
}

export async function insertMember(db: Conn, householdId: number, v: { userId: number | null; fullName: string | null; birthYear: number | null }): Promise<number> {
  const { id } = await db
    .insertInto('household_members')
    .values({ household_id: householdId, user_id: v.userId, full_name: v.fullName, birth_year: v.birthYear, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function deleteMember(db: Conn, householdId: number, memberId: number): Promise<boolean> {
  const r = await db.deleteFrom('household_members').where('id', '=', memberId).where('household_id', '=', householdId).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Villages and residential groups under the paths, with their commune's name (the household form's choices). */
export async function villagesUnder(db: Conn, paths: string[]) {
  if (paths.length === 0) return [];
  return db
    .selectFrom('units as v')
    .leftJoin('units as c', 'c.id', 'v.parent_id')
    .select(['v.id as id', 'v.name as name', 'v.path as path', 'c.name as communeName'])
    .where('v.type', 'in', VILLAGE_TYPES)
    .where('v.retired_at', 'is', null)
    .where(inPaths(paths))
    .orderBy('c.name')
    .orderBy('v.name')
    .execute();
}
