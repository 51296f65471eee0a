/**
 * Granting and revoking roles. A role is granted at a unit in the granter's 'role:grant' scope,
 * to a person whose own unit is in that scope too; city_admin only by a city administrator, at the city.
 * Anything outside the scope answers 404, so nobody learns which people exist elsewhere.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, isRole, type Actor } from '../../core/policy.js';
import { normalizeLogin } from '../../core/text.js';
import { userByLogin } from '../accounts/repository.js';
import { unitByCode, unitById } from '../units/repository.js';
import { countRole, deleteGrant, grantById, grantExists, insertGrant } from './repository.js';
import './capabilities.js';
import { isUniqueViolation } from '../../db/database.js';

const CAP = 'role:grant';

const isCityAdmin = (actor: Actor | undefined) => !!actor?.grants.some((g) => g.role === 'city_admin');

const refuse = (code: string, status: number, field: string) => new AppError(code, status, {}, { [field]: code });

export interface GrantInput {
  login: string;
  role: string;
  unitCode: string;
}

/** Grants the role; returns the new grant's id. */
export async function grantRoleTo(db: Kysely<DB>, actor: Actor | undefined, input: GrantInput): Promise<number> {
  const role = input.role;
  if (!isRole(role)) throw refuse('ROLE_INVALID', 422, 'role');
  const login = normalizeLogin(input.login);
  if (!login.phone && !login.email) throw refuse('ROLE_LOGIN_INVALID', 422, 'login');
  const unit = input.unitCode ? await unitByCode(db, input.unitCode) : undefined;
  if (!unit || unit.retired_at || !canAt(actor, CAP, unit.path)) throw new AppError('NOT_FOUND', 404, {}, { unitCode: 'ROLE_UNIT_UNKNOWN' });
  if (role === 'city_admin') {
    if (!isCityAdmin(actor)) throw refuse('ROLE_CITY_ADMIN_ONLY', 403, 'role');
    if (unit.depth !== 0) throw refuse('ROLE_CITY_ADMIN_AT_CITY', 422, 'unitCode');
  }
  const person = await userByLogin(db, login);
  const personUnit = person && person.status === 'active' ? await unitById(db, person.unit_id) : undefined;
  if (!person || !personUnit || !canAt(actor, CAP, personUnit.path)) {
    throw new AppError('NOT_FOUND', 404, {}, { login: 'ROLE_PERSON_NOT_FOUND' });
  }
  const duplicate = () => refuse('ROLE_ALREADY_GRANTED', 409, 'role');
  if (await grantExists(db, person.id, role, unit.id)) throw duplicate();
  try {
    return await db.transaction().execute(async (trx) => {
      const id = await insertGrant(trx, { userId: person.id, role, unitId: unit.id, grantedBy: actor?.userId ?? null });
      await audit(trx, actor, { action: 'role.grant', unitId: unit.id, targetType: 'user', targetId: person.id, details: { role, grantId: id } });
      return id;
    });
  } catch (err) {
    // Two administrators granting the same role at once: the unique constraint decides.
    if (isUniqueViolation(err)) throw duplicate();
    throw err;
  }
}

export async function revokeGrant(db: Kysely<DB>, actor: Actor | undefined, grantId: number): Promise<void> {
  const grant = await grantById(db, grantId);
  if (!grant || !canAt(actor, CAP, grant.unitPath)) throw notFound();
  if (grant.role === 'city_admin') {
    if (!isCityAdmin(actor)) throw new AppError('ROLE_CITY_ADMIN_ONLY', 403);
    if ((await countRole(db, 'city_admin')) <= 1) throw new AppError('ROLE_LAST_CITY_ADMIN', 409);
  }
  await db.transaction().execute(async (trx) => {
    await deleteGrant(trx, grant.id);
    await audit(trx, actor, {
      action: 'role.revoke',
      unitId: grant.unit_id,
      targetType: 'user',
      targetId: grant.user_id,
      details: { role: grant.role, grantId: grant.id },
    });
  });
}
