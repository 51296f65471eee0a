/**
 * Digital families: households and members entered by commune or village administrators for their scope,
 * the digital family rule (a member with an account meets the basic digital skills rule), coverage per village
 * and per commune. A person (account) belongs to at most one household: the unique index decides.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { assertCanAt, canAt, scopePaths, type Actor } from '../../core/policy.js';
import { cleanName, normalizeLogin, searchKey } from '../../core/text.js';
import { userByLogin } from '../accounts/repository.js';
import { unitById } from '../units/repository.js';
import { VILLAGE_TYPES, type UnitType } from '../units/types.js';
import { loadAttainedRule } from '../skills/basic-skills-attained.js';
import { FAMILY_MANAGE } from './capabilities.js';
import * as repo from './repository.js';
import './messages.js';
import { isUniqueViolation } from '../../db/database.js';

const invalid = (fields: Record<string, string>, status = 422) => new AppError(Object.values(fields)[0], status, {}, fields);

export interface CoverageRow {
  households: number;
  digital: number;
  /** digital / households, 0..1; 0 when there is no household. */
  share: number;
}

export interface CoverageView {
  ruleSet: boolean;
  total: CoverageRow;
  communes: Array<CoverageRow & { communeId: number | null; communeName: string | null; villages: number }>;
  villages: Array<CoverageRow & { unitId: number; unitName: string; communeName: string | null }>;
}

const share = (digital: number, households: number) => (households ? digital / households : 0);

export function summarizeCoverage(rows: repo.VillageCoverage[], ruleSet: boolean): CoverageView {
  const communes = new Map<number | null, CoverageView['communes'][number]>();
  for (const r of rows) {
    const c = communes.get(r.communeId) ?? { communeId: r.communeId, communeName: r.communeName, villages: 0, households: 0, digital: 0, share: 0 };
    c.villages++;
    c.households += r.households;
    c.digital += r.digital;
    communes.set(r.communeId, c);
  }
  const total = rows.reduce((acc, r) => ({ households: acc.households + r.households, digital: acc.digital + r.digital }), { households: 0, digital: 0 });
  return {
    ruleSet,
    total: { ...total, share: share(total.digital, total.households) },
    communes: [...communes.values()].map((c) => ({ ...c, share: share(c.digital, c.households) })),
    villages: rows.map((r) => ({ unitId: r.unitId, unitName: r.unitName, communeName: r.communeName, households: r.households, digital: r.digital, share: share(r.digital, r.households) })),
  };
}

/** Coverage of the caller's scope (or of the given paths, for figures). */
export async function coverage(db: Kysely<DB>, paths: string[]): Promise<CoverageView> {
  const rule = await loadAttainedRule(db);
  return summarizeCoverage(await repo.coverageByVillage(db, paths, rule), !!rule);
}

export const coverageOf = (db: Kysely<DB>, actor: Actor | undefined) => coverage(db, scopePaths(actor, FAMILY_MANAGE));

export async function householdList(db: Kysely<DB>, actor: Actor | undefined, f: { unitId?: number; q?: string; page: number }) {
  const rule = await loadAttainedRule(db);
  const size = 50;
  const page = Math.max(1, f.page);
  const { rows, total } = await repo.listHouseholds(
    db,
    { paths: scopePaths(actor, FAMILY_MANAGE), unitId: f.unitId, q: f.q ? searchKey(f.q) : undefined, limit: size, offset: (page - 1) * size },
    rule,
  );
  return { rows, total, page, pages: Math.max(1, Math.ceil(total / size)), ruleSet: !!rule };
}

export const villageChoices = (db: Kysely<DB>, actor: Actor | undefined) => repo.villagesUnder(db, scopePaths(actor, FAMILY_MANAGE));

/** A household of the caller's scope (anything else: 404). */
export async function householdInScope(db: Kysely<DB>, actor: Actor | undefined, id: number): Promise<repo.HouseholdRow> {
  const h = await repo.householdById(db, id);
  assertCanAt(actor, FAMILY_MANAGE, h?.unitPath);
  return h!;
}

export async function householdDetail(db: Kysely<DB>, actor: Actor | undefined, id: number) {
  const household = await householdInScope(db, actor, id);
  const rule = await loadAttainedRule(db);
  const members = await repo.membersOf(db, id, rule);
  return { household, members, ruleSet: !!rule, digital: members.some((m) => m.attained) };
}

export interface HouseholdInput {
  unitId?: string;
  address?: string;
  headName?: string;
}

export async function createHousehold(db: Kysely<DB>, actor: Actor, input: HouseholdInput): Promise<number> {
  const fields: Record<string, string> = {};
  const address = cleanName(input.address ?? '');
  const headName = cleanName(input.headName ?? '');
  const unit = /^\d{1,10}$/.test(input.unitId ?? '') ? await unitById(db, Number(input.unitId)) : undefined;
  if (!unit || unit.retired_at || !VILLAGE_TYPES.includes(unit.type as UnitType) || !canAt(actor, FAMILY_MANAGE, unit.path)) fields.unitId = 'FAMILY_UNIT_INVALID';
  if (!address) fields.address = 'FAMILY_ADDRESS_REQUIRED';
  else if (address.length > 300) fields.address = 'FAMILY_ADDRESS_TOO_LONG';
  if (!headName) fields.headName = 'FAMILY_HEAD_REQUIRED';
  else if (headName.length > 200) fields.headName = 'FAMILY_HEAD_TOO_LONG';
  if (Object.keys(fields).length) throw invalid(fields);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertHousehold(trx, { unitId: unit!.id, address, headName, searchText: searchKey(`${headName} ${address}`), by: actor.userId });
    await audit(trx, actor, { action: 'family.household_create', unitId: unit!.id, targetType: 'household', targetId: id });
    return id;
  });
}

export async function removeHousehold(db: Kysely<DB>, actor: Actor, id: number): Promise<void> {
  const h = await householdInScope(db, actor, id);
  await db.transaction().execute(async (trx) => {
    await repo.deleteHousehold(trx, id);
    await audit(trx, actor, { action: 'family.household_delete', unitId: h.unitId, targetType: 'household', targetId: id });
  });
}

export interface MemberInput {
  kind?: string;
  login?: string;
  fullName?: string;
  birthYear?: string;
}

/**
 * Adds a member: an account (by phone or e-mail; of the caller's scope or of the household's commune) or a person
 * without one (name, optional birth year). Refused clearly, with nothing stored: an account already in a household
 * (this one or another), the same name and birth year twice in the household.
 */
export async function addMember(db: Kysely<DB>, actor: Actor, householdId: number, input: MemberInput): Promise<number> {
  const h = await householdInScope(db, actor, householdId);
  let values: { userId: number | null; fullName: string | null; birthYear: number | null };
  if (input.kind === 'account') {
    const key = normalizeLogin(input.login ?? '');
    if (!key.phone && !key.email) throw invalid({ login: 'FAMILY_LOGIN_INVALID' });
    const user = await userByLogin(db, key);
    const unit = user ? await unitById(db, user.unit_id) : undefined;
    const reachable = unit && (unit.path.startsWith(h.communePath) || canAt(actor, FAMILY_MANAGE, unit.path));
    // Someone the caller may not see is answered like nobody.
    if (!user || user.status !== 'active' || !reachable) throw invalid({ login: 'FAMILY_PERSON_UNKNOWN' });
    if (await repo.memberOfUser(db, user.id)) throw invalid({ login: 'FAMILY_MEMBER_TAKEN' }, 409);
    values = { userId: user.id, fullName: null, birthYear: null };
  } else {
    const fullName = cleanName(input.fullName ?? '');
    const fields: Record<string, string> = {};
    if (!fullName) fields.fullName = 'FAMILY_MEMBER_NAME_REQUIRED';
    else if (fullName.length > 200) fields.fullName = 'FAMILY_MEMBER_NAME_TOO_LONG';
    let birthYear: number | null = null;
    const by = (input.birthYear ?? '').trim();
    if (by) {
      birthYear = /^\d{4}$/.test(by) ? Number(by) : NaN;
      if (!(birthYear >= 1900 && birthYear <= new Date().getFullYear())) fields.birthYear = 'FAMILY_BIRTH_YEAR_INVALID';
    }
    if (Object.keys(fields).length) throw invalid(fields);
    const key = searchKey(fullName);
    const same = (await repo.namedMembers(db, householdId)).some((m) => searchKey(m.fullName ?? '') === key && (m.birthYear ?? null) === birthYear);
    if (same) throw invalid({ fullName: 'FAMILY_MEMBER_DUPLICATE' }, 409);
    values = { userId: null, fullName, birthYear };
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await repo.insertMember(trx, householdId, values);
      await audit(trx, actor, { action: 'family.member_add', unitId: h.unitId, targetType: 'household', targetId: householdId, details: { account: values.userId !== null } });
      return id;
    });
  } catch (err) {
    // Two administrators adding the same person at once: the unique index decides.
    if (isUniqueViolation(err)) throw invalid({ login: 'FAMILY_MEMBER_TAKEN' }, 409);
    throw err;
  }
}

export async function removeMember(db: Kysely<DB>, actor: Actor, householdId: number, memberId: number): Promise<void> {
  const h = await householdInScope(db, actor, householdId);
  await db.transaction().execute(async (trx) => {
    if (!(await repo.deleteMember(trx, householdId, memberId))) throw new AppError('NOT_FOUND', 404);
    await audit(trx, actor, { action: 'family.member_remove', unitId: h.unitId, targetType: 'household', targetId: householdId });
  });
}
