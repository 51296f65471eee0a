/** SQL for accounts. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, UserTable } from '../../db/schema.js';
import type { PersonValues } from './people-input.js';

export type UserRow = Selectable<UserTable>;
type Conn = Kysely<DB> | Transaction<DB>;

export async function userByLogin(db: Conn, login: { phone?: string; email?: string }): Promise<UserRow | undefined> {
  if (login.phone) return db.selectFrom('users').selectAll().where('phone', '=', login.phone).executeTakeFirst();
  if (login.email) return db.selectFrom('users').selectAll().where('email', '=', login.email).executeTakeFirst();
  return undefined;
}

export async function userById(db: Conn, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which of these phones and e-mails are already taken (one query each, for imports too). */
export async function takenContacts(db: Conn, phones: string[], emails: string[]) {
  const chunk = <T>(xs: T[]) => Array.from({ length: Math.ceil(xs.length / 500) }, (_, i) => xs.slice(i * 500, i * 500 + 500));
  const taken = { phones: new Set<string>(), emails: new Set<string>() };
  for (const part of chunk(phones)) {
    for (const r of await db.selectFrom('users').select('phone').where('phone', 'in', part).execute()) taken.phones.add(r.phone!);
  }
  for (const part of chunk(emails)) {
    for (const r of await db.selectFrom('users').select('email').where('email', 'in', part).execute()) taken.emails.add(r.email!);
  }
  return taken;
}

export interface NewUser extends Omit<PersonValues, 'unitCode'> {
  unitId: number;
  passwordHash: string | null;
  consentAt: string | null;
  consentVersion: string | null;
}

export function userRowValues(u: NewUser, now: string) {
  return {
    full_name: u.fullName,
    search_name: u.searchName,
    phone: u.phone,
    email: u.email,
    unit_id: u.unitId,
    target_group: u.targetGroup,
    birth_year: u.birthYear,
    password_hash: u.passwordHash,
    status: 'active',
    consent_at: u.consentAt,
    consent_version: u.consentVersion,
    created_at: now,
    updated_at: now,
    locked_until: null,
    deletion_requested_at: null,
    deleted_at: null,
  };
}

export async function insertUser(db: Conn, u: NewUser): Promise<number> {
  const { id } = await db
    .insertInto('users')
    .values(userRowValues(u, new Date().toISOString()))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function recordFailedLogin(db: Conn, user: UserRow, maxFailures: number, lockMinutes: number): Promise<void> {
  const failures = user.failed_logins + 1;
  await db
    .updateTable('users')
    .set({
      failed_logins: failures >= maxFailures ? 0 : failures,
      locked_until: failures >= maxFailures ? new Date(Date.now() + lockMinutes * 60_000).toISOString() : user.locked_until,
    })
    .where('id', '=', user.id)
    .execute();
}

export async function clearFailedLogins(db: Conn, userId: number): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null }).where('id', '=', userId).execute();
}

export async function setPassword(db: Conn, userId: number, passwordHash: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, updated_at: new Date().toISOString() })
    .where('id', '=', userId)
    .execute();
}

export async function grantRole(db: Conn, userId: number, role: string, unitId: number, grantedBy: number | null) {
  await db
    .insertInto('role_grants')
    .values({ user_id: userId, role, unit_id: unitId, granted_by: grantedBy, created_at: new Date().toISOString() })
    .execute();
}
