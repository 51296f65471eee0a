/** SQL for a person's own data, deletion requests, and anonymization. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Conn = Kysely<DB> | Transaction<DB>;

/** The person's row with their unit; includes secrets, so it never leaves the server as is. */
export async function personWithUnit(db: Conn, userId: number) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .selectAll('users')
    .select(['units.code as unitCode', 'units.name as unitName', 'units.path as unitPath'])
    .where('users.id', '=', userId)
    .executeTakeFirst();
}
export type PersonWithUnit = NonNullable<Awaited<ReturnType<typeof personWithUnit>>>;

export async function rolesOf(db: Conn, userId: number) {
  return db
    .selectFrom('role_grants')
    .innerJoin('units', 'units.id', 'role_grants.unit_id')
    .select(['role_grants.role', 'role_grants.created_at as grantedAt', 'units.code as unitCode', 'units.name as unitName'])
    .where('role_grants.user_id', '=', userId)
    .orderBy('role_grants.id')
    .execute();
}

export async function sessionsOf(db: Conn, userId: number) {
  return db
    .selectFrom('sessions')
    .select(['created_at as createdAt', 'expires_at as expiresAt'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date().toISOString())
    .orderBy('created_at')
    .execute();
}

export async function identitiesOf(db: Conn, userId: number) {
  return db
    .selectFrom('oidc_identities')
    .select(['issuer', 'subject', 'created_at as linkedAt'])
    .where('user_id', '=', userId)
    .execute();
}

export async function oneTimeLinksOf(db: Conn, userId: number) {
  return db
    .selectFrom('one_time_tokens')
    .select(['purpose', 'created_at as createdAt', 'expires_at as expiresAt', 'used_at as usedAt'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** Audit entries the person made or that are about them (no details: those describe other objects). */
export async function activityOf(db: Conn, userId: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('units', 'units.id', 'audit_log.unit_id')
    .select(['audit_log.at', 'audit_log.action', 'audit_log.actor_id as actorId', 'audit_log.target_type as targetType', 'audit_log.target_id as targetId', 'units.code as unitCode'])
    .where((eb) =>
      eb.or([eb('audit_log.actor_id', '=', userId), eb.and([eb('audit_log.target_type', '=', 'user'), eb('audit_log.target_id', '=', String(userId))])]),
    )
    .orderBy('audit_log.at')
    .orderBy('audit_log.id')
    .execute();
}

export async function setDeletionRequested(db: Conn, userId: number, at: string | null): Promise<boolean> {
  const result = await db
    .updateTable('users')
    .set({ deletion_requested_at: at, updated_at: new Date().toISOString() })
    .where('id', '=', userId)
    .where('deletion_requested_at', at === null ? 'is not' : 'is', null)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Pending requests of people whose unit is under one of the paths, oldest first. */
export async function pendingRequests(db: Conn, paths: string[], opts: { userId?: number } = {}) {
  if (paths.length === 0) return [];
  let q = db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select([
      'users.id',
      'users.full_name as fullName',
      'users.phone',
      'users.email',
      'users.deletion_requested_at as requestedAt',
      'users.unit_id as unitId',
      'units.name as unitName',
    ])
    .where('users.deletion_requested_at', 'is not', null)
    .where('users.deleted_at', 'is', null)
    .where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`))));
  if (opts.userId !== undefined) q = q.where('users.id', '=', opts.userId);
  return q.orderBy('users.deletion_requested_at').orderBy('users.id').limit(500).execute();
}
export type PendingRequest = Awaited<ReturnType<typeof pendingRequests>>[number];

/**
 * Removes everything that identifies the person and keeps the row, so learning records stay linked
 * and aggregates (per unit, per target group) stay right.
 */
export async function anonymizePerson(trx: Transaction<DB>, userId: number, placeholderName: string): Promise<boolean> {
  const now = new Date().toISOString();
  const result = await trx
    .updateTable('users')
    .set({
      full_name: placeholderName,
      // The column is NOT NULL: an empty key matches no search.
      search_name: '',
      phone: null,
      email: null,
      birth_year: null,
      password_hash: null,
      failed_logins: 0,
      locked_until: null,
      status: 'deleted',
      deleted_at: now,
      updated_at: now,
    })
    .where('id', '=', userId)
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) return false; // someone else carried it out a moment ago
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
  await trx.deleteFrom('oidc_identities').where('user_id', '=', userId).execute();
  await trx.deleteFrom('role_grants').where('user_id', '=', userId).execute();
  await trx.deleteFrom('one_time_tokens').where('user_id', '=', userId).execute();
  return true;
}
