/** SQL of the community teams and their support log. Lists are filtered by unit paths in the query itself. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { VILLAGE_TYPES } from '../units/types.js';

type Conn = Kysely<DB> | Transaction<DB>;

const pathsFilter = (paths: string[], column: 'units.path' | 'place.path' | 'village.path') =>
  (eb: any) => eb.or(paths.map((p) => eb(column, 'like', `${p}%`)));

export interface TeamRow {
  id: number;
  name: string;
  leaderId: number | null;
  unitId: number;
  unitCode: string;
  unitName: string;
  unitPath: string;
  communeId: number;
  communeCode: string;
  communeName: string;
  communePath: string;
}

function teamsQuery(db: Conn) {
  return db
    .selectFrom('community_teams')
    .innerJoin('units', 'units.id', 'community_teams.unit_id')
    .innerJoin('units as commune', 'commune.id', 'units.parent_id')
    .select([
      'community_teams.id as id',
      'community_teams.name as name',
      'community_teams.leader_id as leaderId',
      'units.id as unitId',
      'units.code as unitCode',
      'units.name as unitName',
      'units.path as unitPath',
      'commune.id as communeId',
      'commune.code as communeCode',
      'commune.name as communeName',
      'commune.path as communePath',
    ]);
}

export async function teamById(db: Conn, id: number): Promise<TeamRow | undefined> {
  return teamsQuery(db).where('community_teams.id', '=', id).executeTakeFirst();
}

export async function teamByUnit(db: Conn, unitId: number): Promise<TeamRow | undefined> {
  return teamsQuery(db).where('community_teams.unit_id', '=', unitId).executeTakeFirst();
}

/** The team the person belongs to (one at most). */
export async function teamOfUser(db: Conn, userId: number): Promise<TeamRow | undefined> {
  return teamsQuery(db)
    .innerJoin('community_team_members as m', 'm.team_id', 'community_teams.id')
    .where('m.user_id', '=', userId)
    .executeTakeFirst();
}

export async function insertTeam(db: Conn, v: { unitId: number; name: string; createdBy: number | null }): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await db
    .insertInto('community_teams')
    .values({ unit_id: v.unitId, name: v.name, leader_id: null, created_by: v.createdBy, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateTeam(db: Conn, id: number, set: { name?: string; leader_id?: number | null }): Promise<void> {
  await db
    .updateTable('community_teams')
    .set({ ...set, updated_at: new Date().toISOString() })
    .where('id', '=', id)
    .execute();
}

export async function deleteTeam(db: Conn, id: number): Promise<void> {
  await db.deleteFrom('community_team_members').where('team_id', '=', id).execute();
  await db.deleteFrom('community_teams').where('id', '=', id).execute();
}

export interface MemberRow {
  userId: number;
  fullName: string;
  phone: string | null;
  email: string | null;
  joinedAt: string;
}

export async function membersOf(db: Conn, teamId: number): Promise<MemberRow[]> {
  return db
    .selectFrom('community_team_members as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select(['users.id as userId', 'users.full_name as fullName', 'users.phone as phone', 'users.email as email', 'm.joined_at as joinedAt'])
    .where('m.team_id', '=', teamId)
    .orderBy('users.search_name')
    .orderBy('users.id')
    .execute();
}

export async function memberTeamId(db: Conn, userId: number): Promise<number | undefined> {
  const row = await db.selectFrom('community_team_members').select('team_id').where('user_id', '=', userId).executeTakeFirst();
  return row?.team_id;
}

export async function insertMember(db: Conn, v: { teamId: number; userId: number; addedBy: number | null }): Promise<void> {
  await db
    .insertInto('community_team_members')
    .values({ team_id: v.teamId, user_id: v.userId, added_by: v.addedBy, joined_at: new Date().toISOString() })
    .execute();
}

export async function deleteMember(db: Conn, teamId: number, userId: number): Promise<boolean> {
  const res = await db.deleteFrom('community_team_members').where('team_id', '=', teamId).where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

export async function deleteRoleGrant(db: Conn, userId: number, role: string, unitId: number): Promise<void> {
  await db.deleteFrom('role_grants').where('user_id', '=', userId).where('role', '=', role).where('unit_id', '=', unitId).execute();
}

export async function countEntriesOfTeam(db: Conn, teamId: number): Promise<number> {
  const { n } = await db
    .selectFrom('support_entries')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('team_id', '=', teamId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

// ---- coverage ----

export interface VillageCoverageRow {
  unitId: number;
  code: string;
  name: string;
  type: string;
  communeId: number;
  teamId: number | null;
  teamName: string | null;
  leaderName: string | null;
  members: number;
}

/** Every village (or residential group) under the paths, with its team and the team's member count. */
export async function villageCoverage(db: Conn, paths: string[]): Promise<VillageCoverageRow[]> {
  if (paths.length === 0) return [];
  const rows = await db
    .selectFrom('units')
    .leftJoin('community_teams as team', 'team.unit_id', 'units.id')
    .leftJoin('users as leader', 'leader.id', 'team.leader_id')
    .select((eb) => [
      'units.id as unitId',
      'units.code as code',
      'units.name as name',
      'units.type as type',
      'units.parent_id as communeId',
      'team.id as teamId',
      'team.name as teamName',
      'leader.full_name as leaderName',
      eb
        .selectFrom('community_team_members as m')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('m.team_id', '=', 'team.id')
        .as('members'),
    ])
    .where('units.type', 'in', VILLAGE_TYPES)
    .where('units.retired_at', 'is', null)
    .where(pathsFilter(paths, 'units.path'))
    .orderBy('units.name')
    .orderBy('units.id')
    .execute();
  return rows.map((r) => ({ ...r, communeId: r.communeId ?? 0, members: Number(r.members ?? 0) }));
}

// ---- support entries ----

export interface NewEntry {
  teamId: number;
  userId: number;
  unitId: number;
  day: string;
  service: string;
  people: number;
  vulnerable: number;
  note: string | null;
  personName: string | null;
  personPhone: string | null;
  consentAt: string | null;
  photoKey: string | null;
  photoType: string | null;
  clientKey: string;
}

export async function insertEntry(db: Conn, e: NewEntry): Promise<number> {
  const { id } = await db
    .insertInto('support_entries')
    .values({
      team_id: e.teamId,
      user_id: e.userId,
      unit_id: e.unitId,
      day: e.day,
      service: e.service,
      people: e.people,
      vulnerable: e.vulnerable,
      note: e.note,
      person_name: e.personName,
      person_phone: e.personPhone,
      consent_at: e.consentAt,
      photo_key: e.photoKey,
      photo_type: e.photoType,
      client_key: e.clientKey,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function entryIdByKey(db: Conn, userId: number, clientKey: string): Promise<number | undefined> {
  const row = await db.selectFrom('support_entries').select('id').where('user_id', '=', userId).where('client_key', '=', clientKey).executeTakeFirst();
  return row?.id;
}

export interface EntryRow {
  id: number;
  day: string;
  service: string;
  people: number;
  vulnerable: number;
  note: string | null;
  personName: string | null;
  personPhone: string | null;
  hasPhoto: boolean;
  placeName: string;
  teamId: number;
  teamName: string;
  recorderId: number;
  recorderName: string;
  createdAt: string;
}

export interface EntryFilter {
  /** Team villages whose subtrees are visible (administrators). */
  paths?: string[];
  teamId?: number;
  userId?: number;
  from?: string;
  to?: string;
}

function entriesQuery(db: Conn, f: EntryFilter) {
  let q = db
    .selectFrom('support_entries as e')
    .innerJoin('community_teams as team', 'team.id', 'e.team_id')
    .innerJoin('units as village', 'village.id', 'team.unit_id')
    .innerJoin('units as place', 'place.id', 'e.unit_id');
  if (f.paths) q = q.where(pathsFilter(f.paths, 'village.path'));
  if (f.teamId !== undefined) q = q.where('e.team_id', '=', f.teamId);
  if (f.userId !== undefined) q = q.where('e.user_id', '=', f.userId);
  if (f.from) q = q.where('e.day', '>=', f.from);
  if (f.to) q = q.where('e.day', '<=', f.to);
  return q;
}

export async function listEntries(db: Conn, f: EntryFilter, page: { limit: number; offset: number }): Promise<{ rows: EntryRow[]; total: number }> {
  if (f.paths && f.paths.length === 0) return { rows: [], total: 0 };
  const { n } = await entriesQuery(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await entriesQuery(db, f)
    .innerJoin('users as recorder', 'recorder.id', 'e.user_id')
    .select([
      'e.id as id',
      'e.day as day',
      'e.service as service',
      'e.people as people',
      'e.vulnerable as vulnerable',
      'e.note as note',
      'e.person_name as personName',
      'e.person_phone as personPhone',
      'e.photo_key as photoKey',
      'place.name as placeName',
      'team.id as teamId',
      'team.name as teamName',
      'recorder.id as recorderId',
      'recorder.full_name as recorderName',
      'e.created_at as createdAt',
    ])
    .orderBy('e.day', 'desc')
    .orderBy('e.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { rows: rows.map(({ photoKey, ...r }) => ({ ...r, hasPhoto: !!photoKey })), total: Number(n) };
}

export async function entryPhoto(db: Conn, id: number) {
  return db
    .selectFrom('support_entries as e')
    .innerJoin('community_teams as team', 'team.id', 'e.team_id')
    .innerJoin('units as village', 'village.id', 'team.unit_id')
    .select(['e.id', 'e.user_id as userId', 'e.team_id as teamId', 'team.leader_id as leaderId', 'village.path as teamPath', 'e.photo_key as photoKey', 'e.photo_type as photoType'])
    .where('e.id', '=', id)
    .executeTakeFirst();
}

export interface Totals {
  sessions: number;
  people: number;
  vulnerable: number;
}

const totalsSelect = [
  (eb: any) => eb.fn.countAll().as('sessions'),
  (eb: any) => eb.fn.coalesce(eb.fn.sum('e.people'), eb.lit(0)).as('people'),
  (eb: any) => eb.fn.coalesce(eb.fn.sum('e.vulnerable'), eb.lit(0)).as('vulnerable'),
] as const;

const toTotals = (r: { sessions: unknown; people: unknown; vulnerable: unknown }): Totals => ({
  sessions: Number(r.sessions),
  people: Number(r.people),
  vulnerable: Number(r.vulnerable),
});

/** Totals of the support given by the teams under the path (team villages), over the period. */
export async function supportTotals(db: Conn, path: string, period: { from?: string; to?: string }): Promise<Totals> {
  const row = await entriesQuery(db, { paths: [path], ...period })
    .select((eb) => totalsSelect.map((s) => s(eb)))
    .executeTakeFirstOrThrow();
  return toTotals(row as never);
}

export async function supportByService(db: Conn, path: string, period: { from?: string; to?: string }): Promise<Array<Totals & { service: string }>> {
  const rows = await entriesQuery(db, { paths: [path], ...period })
    .select((eb) => ['e.service as service', ...totalsSelect.map((s) => s(eb))])
    .groupBy('e.service')
    .execute();
  return rows.map((r) => ({ service: (r as { service: string }).service, ...toTotals(r as never) }));
}

/** By place (village or the commune itself) — for a commune's dashboard. */
export async function supportByPlace(db: Conn, path: string, period: { from?: string; to?: string }): Promise<Array<Totals & { unitId: number; name: string }>> {
  const rows = await entriesQuery(db, { paths: [path], ...period })
    .select((eb) => ['place.id as unitId', 'place.name as name', ...totalsSelect.map((s) => s(eb))])
    .groupBy(['place.id', 'place.name'])
    .orderBy('place.name')
    .execute();
  return rows.map((r) => ({ unitId: (r as { unitId: number }).unitId, name: (r as { name: string }).name, ...toTotals(r as never) }));
}

/** By commune (the parent of the team's village) — for the city's dashboard. */
export async function supportByCommune(db: Conn, path: string, period: { from?: string; to?: string }): Promise<Array<Totals & { unitId: number; name: string }>> {
  const rows = await entriesQuery(db, { paths: [path], ...period })
    .innerJoin('units as commune', 'commune.id', 'village.parent_id')
    .select((eb) => ['commune.id as unitId', 'commune.name as name', ...totalsSelect.map((s) => s(eb))])
    .groupBy(['commune.id', 'commune.name'])
    .orderBy('commune.name')
    .execute();
  return rows.map((r) => ({ unitId: (r as { unitId: number }).unitId, name: (r as { name: string }).name, ...toTotals(r as never) }));
}
