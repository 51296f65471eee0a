/**
 * Registration: one per person and contest. A person is identified by their normalized phone number
 * (+84…, any way of writing it is the same number) and/or their ID number (digits only): the unique
 * constraints of contest_registrations decide, so even two registrations racing cannot both get through.
 *
 *  - registerNewContestant: the public form (no account yet): the account (validated like a sign-up,
 *    password hashed with argon2) and the registration, in one transaction.
 *  - registerAccount: one click for a signed-in account; idempotent.
 * The contestant's unit must be a commune-level unit (xã, phường, đặc khu) or a city department, not
 * retired: an account at a village registers with its commune.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { hashPassword } from '../../core/passwords.js';
import { FormError } from '../accounts/service.js';
import { insertUser } from '../accounts/repository.js';
import { TARGET_GROUPS, validatePassword, validatePerson, type FieldErrors } from '../accounts/people-input.js';
import * as repo from './repository.js';
import type { ContestRow, NewContestantInput, RegistrationRow } from './service.js';
import './messages-core.js';
import { isUniqueViolation } from '../../db/database.js';

const ELIGIBLE_TYPES = ['phuong', 'xa', 'dac_khu', 'so_nganh'];
const VILLAGE_TYPES = ['thon', 'to_dan_pho'];

/** Whether the contest takes registrations at this moment (its window; no window: always). */
export function registrationOpen(contest: Pick<ContestRow, 'registration_opens_at' | 'registration_closes_at' | 'status'>, now = new Date()): boolean {
  const t = now.getTime();
  if (contest.status !== 'published') return false;
  if (contest.registration_opens_at && t < Date.parse(contest.registration_opens_at)) return false;
  if (contest.registration_closes_at && t >= Date.parse(contest.registration_closes_at)) return false;
  return true;
}

function assertOpen(contest: ContestRow, now: Date) {
  if (!registrationOpen(contest, now)) throw new AppError('CONTEST_REGISTRATION_CLOSED', 409);
}

/** "0012 3456 7890" → "001234567890"; 12 digits (CCCD) or 9 (old ID). Undefined when not one; null when empty. */
export function normalizeIdNumber(raw: string | undefined): string | null | undefined {
  const compact = String(raw ?? '').replace(/[\s.-]/g, '');
  if (!compact) return null;
  return /^(\d{9}|\d{12})$/.test(compact) ? compact : undefined;
}

const groupsOf = (contest: ContestRow): string[] => {
  try {
    const list = JSON.parse(contest.target_groups) as unknown;
    return Array.isArray(list) && list.length ? list.map(String) : [...TARGET_GROUPS];
  } catch {
    return [...TARGET_GROUPS];
  }
};

const eligible = (u: { type: string; retired_at: string | null } | undefined) => !!u && !u.retired_at && ELIGIBLE_TYPES.includes(u.type);

/** The unit a contestant counts for: the unit itself, or the commune of a village. */
async function contestUnit(db: Kysely<DB>, unit: { id: number; type: string; parent_id: number | null; retired_at: string | null }) {
  if (eligible(unit)) return unit.id;
  if (VILLAGE_TYPES.includes(unit.type) && unit.parent_id !== null) {
    const parent = await repo.unitForContest(db, { id: unit.parent_id });
    if (parent && eligible(parent)) return parent.id;
  }
  return undefined;
}

/** After a unique violation: what the loser of the race is told. */
async function conflictError(db: Kysely<DB>, contestId: number, phone: string | null, idNumber: string | null): Promise<AppError> {
  if (await repo.registrationByIdentity(db, contestId, phone, idNumber)) return new AppError('CONTEST_ALREADY_REGISTERED', 409);
  if (phone && (await repo.userWithPhone(db, phone))) return new AppError('CONTEST_PHONE_HAS_ACCOUNT', 409);
  return new AppError('CONTEST_ALREADY_REGISTERED', 409);
}

export async function registerNewContestant(
  db: Kysely<DB>,
  config: Config,
  contest: ContestRow,
  input: NewContestantInput,
  now = new Date(),
): Promise<{ userId: number; registration: RegistrationRow }> {
  assertOpen(contest, now);
  const { values, errors } = validatePerson({ fullName: input.fullName, phone: input.phone, unitCode: input.unitCode, targetGroup: input.targetGroup, birthYear: input.birthYear }, now);
  const fieldErrors: FieldErrors = { ...errors };
  if (!String(input.phone ?? '').trim()) fieldErrors.phone = 'CONTEST_PHONE_REQUIRED';
  const idNumber = normalizeIdNumber(input.idNumber);
  if (idNumber === undefined) fieldErrors.idNumber = 'CONTEST_ID_NUMBER_INVALID';
  if (values && !groupsOf(contest).includes(values.targetGroup)) fieldErrors.targetGroup = 'CONTEST_GROUP_INVALID';
  const pwError = validatePassword(input.password ?? '', input.passwordConfirm);
  if (pwError) fieldErrors.password = pwError;
  if (!input.consent) fieldErrors.consent = 'CONSENT_REQUIRED';
  const unit = values ? await repo.unitForContest(db, { code: values.unitCode }) : undefined;
  if (values && !eligible(unit)) fieldErrors.unitCode = 'CONTEST_UNIT_INVALID';
  if (!values || !unit || Object.keys(fieldErrors).length) throw new FormError(fieldErrors);

  const phone = values.phone!;
  // Clear answers first (the usual case); the unique constraints below decide races.
  if (await repo.registrationByIdentity(db, contest.id, phone, idNumber ?? null)) throw new AppError('CONTEST_ALREADY_REGISTERED', 409);
  if (await repo.userWithPhone(db, phone)) throw new AppError('CONTEST_PHONE_HAS_ACCOUNT', 409);

  const passwordHash = await hashPassword(input.password);
  const at = now.toISOString();
  try {
    return await db.transaction().execute(async (trx) => {
      const userId = await insertUser(trx, {
        ...values,
        unitId: unit.id,
        passwordHash,
        consentAt: at,
        consentVersion: config.privacyPolicyVersion,
      });
      const registration = await repo.insertRegistration(trx, {
        contestId: contest.id,
        userId,
        fullName: values.fullName,
        phone,
        idNumber: idNumber ?? null,
        unitId: unit.id,
        targetGroup: values.targetGroup,
        at,
      });
      return { userId, registration };
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw await conflictError(db, contest.id, phone, idNumber ?? null);
    throw err;
  }
}

export interface AccountRegistrationExtra {
  /** CCCD, optional. */
  idNumber?: string;
  /** Needed only when the account's unit is not a commune-level unit or department (e.g. the city itself). */
  unitCode?: string;
  /** Needed only when the account's target group is not one the contest offers. */
  targetGroup?: string;
}

export async function registerAccount(db: Kysely<DB>, contest: ContestRow, userId: number, extra: AccountRegistrationExtra = {}, now = new Date()): Promise<RegistrationRow> {
  const existing = await repo.registrationOf(db, contest.id, userId);
  if (existing) return existing;
  assertOpen(contest, now);
  const user = await repo.userForRegistration(db, userId);
  if (!user || user.status !== 'active') throw new AppError('NOT_FOUND', 404);

  const fieldErrors: FieldErrors = {};
  const idNumber = normalizeIdNumber(extra.idNumber);
  if (idNumber === undefined) fieldErrors.idNumber = 'CONTEST_ID_NUMBER_INVALID';
  let unitId: number | undefined;
  if (extra.unitCode) {
    const chosen = await repo.unitForContest(db, { code: extra.unitCode.trim() });
    unitId = chosen && eligible(chosen) ? chosen.id : undefined;
  } else {
    unitId = await contestUnit(db, { id: user.unit_id, type: user.type, parent_id: user.parent_id, retired_at: user.retired_at });
  }
  if (unitId === undefined) fieldErrors.unitCode = 'CONTEST_UNIT_INVALID';
  const groups = groupsOf(contest);
  const targetGroup = extra.targetGroup ?? user.target_group;
  if (!groups.includes(targetGroup)) fieldErrors.targetGroup = 'CONTEST_GROUP_INVALID';
  if (Object.keys(fieldErrors).length) throw new FormError(fieldErrors);
  if (!user.phone && !idNumber) throw new FormError({ idNumber: 'CONTEST_ID_NUMBER_INVALID' });

  const same = await repo.registrationByIdentity(db, contest.id, user.phone, idNumber ?? null);
  // A click that raced this one may have registered the account just now: that registration is the answer.
  if (same) {
    if (same.user_id === userId) return same;
    throw new AppError('CONTEST_ALREADY_REGISTERED', 409);
  }
  try {
    return await repo.insertRegistration(db, {
      contestId: contest.id,
      userId,
      fullName: user.full_name,
      phone: user.phone,
      idNumber: idNumber ?? null,
      unitId: unitId!,
      targetGroup,
      at: now.toISOString(),
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // Two clicks at once: the first one's registration is the answer to both.
    const mine = await repo.registrationOf(db, contest.id, userId);
    if (mine) return mine;
    throw await conflictError(db, contest.id, user.phone, idNumber ?? null);
  }
}
