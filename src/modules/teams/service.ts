/**
 * Teams: created by unit administrators for the villages of their commune (one team per village), members are
 * accounts of the administrator's units (one team per person), one of them the leader. A member holds the
 * team_member role at the team's village, granted and revoked with the membership in the same transaction.
 * Everything outside the caller's 'team:manage' scope answers 404.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { assertCanAt, canAt, scopePaths, type Actor } from '../../core/policy.js';
import { cleanName, normalizeLogin } from '../../core/text.js';
import { userByLogin, grantRole } from '../accounts/repository.js';
import { grantExists } from '../roles/repository.js';
import { unitByCode, unitById, unitsUnder, type UnitRow } from '../units/repository.js';
import { COMMUNE_TYPES, VILLAGE_TYPES, type UnitType } from '../units/types.js';
import { TEAM_MANAGE, TEAM_MIN_MEMBERS } from './capabilities.js';
import * as repo from './repository.js';
import { isUniqueViolation } from '../../db/database.js';

const fieldError = (code: string, status: number, field: string) => new AppError(code, status, {}, { [field]: code });

export const isVillage = (u: Pick<UnitRow, 'type'>) => VILLAGE_TYPES.includes(u.type as UnitType);
export const isCommune = (u: Pick<UnitRow, 'type'>) => COMMUNE_TYPES.includes(u.type as UnitType);

/** A team the actor manages, or 404. */
export async function managedTeam(db: Kysely<DB>, actor: Actor | undefined, teamId: number): Promise<repo.TeamRow> {
  const team = await repo.teamById(db, teamId);
  assertCanAt(actor, TEAM_MANAGE, team?.unitPath);
  return team!;
}

/** The commune-level units (and for the city, all of them) whose coverage the actor may see. */
export async function managedCommunes(db: Kysely<DB>, actor: Actor | undefined): Promise<UnitRow[]> {
  const paths = scopePaths(actor, TEAM_MANAGE);
  const units = await unitsUnder(db, paths);
  const communes = units.filter(isCommune);
  // A unit administrator of a single village sees that village's commune page, limited to the village.
  if (communes.length === 0) {
    const parents = new Map<number, UnitRow>();
    for (const v of units.filter(isVillage)) {
      const parent = v.parent_id ? await unitById(db, v.parent_id) : undefined;
      if (parent) parents.set(parent.id, parent);
    }
    return [...parents.values()];
  }
  return communes;
}

/** A unit by code that the actor may see the teams of (commune, village or the city), or 404. */
export async function managedUnit(db: Kysely<DB>, actor: Actor | undefined, code: string): Promise<UnitRow> {
  const unit = code ? await unitByCode(db, code) : undefined;
  if (!unit || unit.retired_at || !canAt(actor, TEAM_MANAGE, unit.path)) throw notFound();
  return unit;
}

export interface CoverageSummary {
  villages: number;
  withTeam: number;
  meetingTarget: number;
  members: number;
  target: number;
  below: repo.VillageCoverageRow[];
}

/** Coverage of a set of villages: with a team, meeting the target of members, and the ones below it. */
export function summarizeCoverage(rows: repo.VillageCoverageRow[], target = TEAM_MIN_MEMBERS): CoverageSummary {
  return {
    villages: rows.length,
    withTeam: rows.filter((r) => r.teamId !== null).length,
    meetingTarget: rows.filter((r) => r.members >= target).length,
    members: rows.reduce((s, r) => s + r.members, 0),
    target,
    below: rows.filter((r) => r.members < target),
  };
}

export interface CommuneCoverage {
  commune: UnitRow;
  rows: repo.VillageCoverageRow[];
  summary: CoverageSummary;
}

/** The coverage of one commune's villages, limited to what the actor manages (a village admin: their village). */
export async function communeCoverage(db: Kysely<DB>, actor: Actor | undefined, communeCode: string): Promise<CommuneCoverage> {
  const commune = await unitByCode(db, communeCode);
  if (!commune || commune.retired_at || !isCommune(commune)) throw notFound();
  const paths = canAt(actor, TEAM_MANAGE, commune.path)
    ? [commune.path]
    : scopePaths(actor, TEAM_MANAGE).filter((p) => p.startsWith(commune.path));
  if (paths.length === 0) throw notFound();
  const rows = await repo.villageCoverage(db, paths);
  return { commune, rows, summary: summarizeCoverage(rows) };
}

/** Every commune of the actor's scope with its summary (the city's overview). */
export async function coverageOverview(db: Kysely<DB>, actor: Actor | undefined): Promise<Array<{ commune: UnitRow; summary: CoverageSummary }>> {
  const communes = await managedCommunes(db, actor);
  const rows = await repo.villageCoverage(db, scopePaths(actor, TEAM_MANAGE));
  const byCommune = new Map<number, repo.VillageCoverageRow[]>();
  for (const r of rows) byCommune.set(r.communeId, [...(byCommune.get(r.communeId) ?? []), r]);
  return communes
    .sort((a, b) => a.name.localeCompare(b.name, 'vi'))
    .map((commune) => ({ commune, summary: summarizeCoverage(byCommune.get(commune.id) ?? []) }));
}

export async function createTeam(db: Kysely<DB>, actor: Actor | undefined, input: { villageCode: string; name: string }): Promise<number> {
  const village = input.villageCode ? await unitByCode(db, input.villageCode) : undefined;
  if (!village || village.retired_at || !isVillage(village) || !canAt(actor, TEAM_MANAGE, village.path)) {
    throw new AppError('NOT_FOUND', 404, {}, { village: 'TEAM_VILLAGE_UNKNOWN' });
  }
  const name = cleanName(input.name || '') || `Tổ công nghệ số cộng đồng ${village.name}`;
  if (name.length > 200) throw fieldError('TEAM_NAME_TOO_LONG', 422, 'name');
  if (await repo.teamByUnit(db, village.id)) throw fieldError('TEAM_EXISTS', 409, 'village');
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await repo.insertTeam(trx, { unitId: village.id, name, createdBy: actor?.userId ?? null });
      await audit(trx, actor, { action: 'team.create', unitId: village.id, targetType: 'community_team', targetId: id });
      return id;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('TEAM_EXISTS', 409, 'village');
    throw err;
  }
}

export async function renameTeam(db: Kysely<DB>, actor: Actor | undefined, teamId: number, rawName: string): Promise<void> {
  const team = await managedTeam(db, actor, teamId);
  const name = cleanName(rawName || '');
  if (!name) throw fieldError('TEAM_NAME_REQUIRED', 422, 'name');
  if (name.length > 200) throw fieldError('TEAM_NAME_TOO_LONG', 422, 'name');
  await db.transaction().execute(async (trx) => {
    await repo.updateTeam(trx, team.id, { name });
    await audit(trx, actor, { action: 'team.rename', unitId: team.unitId, targetType: 'community_team', targetId: team.id });
  });
}

/** Deletes a team without support entries (a team that logged help is kept: its figures are the movement's). */
export async function removeTeam(db: Kysely<DB>, actor: Actor | undefined, teamId: number): Promise<void> {
  const team = await managedTeam(db, actor, teamId);
  if ((await repo.countEntriesOfTeam(db, team.id)) > 0) throw new AppError('TEAM_HAS_ENTRIES', 409);
  await db.transaction().execute(async (trx) => {
    for (const m of await repo.membersOf(trx, team.id)) await repo.deleteRoleGrant(trx, m.userId, 'team_member', team.unitId);
    await repo.deleteTeam(trx, team.id);
    await audit(trx, actor, { action: 'team.delete', unitId: team.unitId, targetType: 'community_team', targetId: team.id });
  });
}

/** Adds a person (by phone or e-mail) of the actor's units; grants team_member at the team's village. */
export async function addMember(db: Kysely<DB>, actor: Actor | undefined, teamId: number, rawLogin: string): Promise<number> {
  const team = await managedTeam(db, actor, teamId);
  const login = normalizeLogin(rawLogin || '');
  if (!login.phone && !login.email) throw fieldError('TEAM_LOGIN_INVALID', 422, 'login');
  const person = await userByLogin(db, login);
  const personUnit = person && person.status === 'active' ? await unitById(db, person.unit_id) : undefined;
  if (!person || !personUnit || !canAt(actor, TEAM_MANAGE, personUnit.path)) throw new AppError('NOT_FOUND', 404, {}, { login: 'TEAM_PERSON_NOT_FOUND' });
  const current = await repo.memberTeamId(db, person.id);
  if (current === team.id) throw fieldError('TEAM_MEMBER_ALREADY', 409, 'login');
  if (current !== undefined) throw fieldError('TEAM_MEMBER_ELSEWHERE', 409, 'login');
  try {
    await db.transaction().execute(async (trx) => {
      await repo.insertMember(trx, { teamId: team.id, userId: person.id, addedBy: actor?.userId ?? null });
      if (!(await grantExists(trx, person.id, 'team_member', team.unitId))) {
        await grantRole(trx, person.id, 'team_member', team.unitId, actor?.userId ?? null);
      }
      await audit(trx, actor, { action: 'team.member.add', unitId: team.unitId, targetType: 'user', targetId: person.id, details: { teamId: team.id } });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw fieldError('TEAM_MEMBER_ELSEWHERE', 409, 'login');
    throw err;
  }
  return person.id;
}

export async function removeMember(db: Kysely<DB>, actor: Actor | undefined, teamId: number, userId: number): Promise<void> {
  const team = await managedTeam(db, actor, teamId);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteMember(trx, team.id, userId))) throw notFound();
    await repo.deleteRoleGrant(trx, userId, 'team_member', team.unitId);
    if (team.leaderId === userId) await repo.updateTeam(trx, team.id, { leader_id: null });
    await audit(trx, actor, { action: 'team.member.remove', unitId: team.unitId, targetType: 'user', targetId: userId, details: { teamId: team.id } });
  });
}

/** Names the leader (a member), or none with userId null. */
export async function setLeader(db: Kysely<DB>, actor: Actor | undefined, teamId: number, userId: number | null): Promise<void> {
  const team = await managedTeam(db, actor, teamId);
  if (userId !== null && (await repo.memberTeamId(db, userId)) !== team.id) throw fieldError('TEAM_LEADER_NOT_MEMBER', 422, 'leader');
  await db.transaction().execute(async (trx) => {
    await repo.updateTeam(trx, team.id, { leader_id: userId });
    await audit(trx, actor, { action: 'team.leader', unitId: team.unitId, targetType: 'community_team', targetId: team.id, details: { userId } });
  });
}
