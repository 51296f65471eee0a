/**
 * Sessions live in the database, so any app instance behind the load balancer can serve any request.
 * The cookie holds a random token; the table holds only its SHA-256.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../db/database.js';
import { hashToken, newToken } from './tokens.js';
import { isRole, type Actor } from './policy.js';

export const SESSION_COOKIE = 'kns_sid';

export async function createSession(db: Kysely<DB>, userId: number, ttlHours: number): Promise<string> {
  const { token, hash } = newToken();
  const now = Date.now();
  await db
    .insertInto('sessions')
    .values({
      id: hash,
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlHours * 3600_000).toISOString(),
    })
    .execute();
  return token;
}

export async function destroySession(db: Kysely<DB>, token: string): Promise<void> {
  cache.delete(hashToken(token));
  await db.deleteFrom('sessions').where('id', '=', hashToken(token)).execute();
}

export async function destroyUserSessions(db: Kysely<DB>, userId: number): Promise<void> {
  for (const [id, entry] of cache) if (entry.actor.userId === userId) cache.delete(id);
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/**
 * In-process cache of session lookups, for the few hot routes that opt in (`config.sessionCache`:
 * SCORM commits) — every other route always asks the database. A cached actor lives at most
 * SESSION_CACHE_SECONDS (default 5; 0 turns it off): signing out on this instance removes it at
 * once, but on other instances a revoked session can still commit its own SCORM data until it
 * expires. Measured in docs/benchmarks.md (SCORM commits): it halves the database round trips.
 */
const cache = new Map<string, { actor: Actor; until: number }>();
const CACHE_MAX = 100_000;

/** The actor behind a session token, with their role grants, or undefined. One query. */
export async function actorForToken(db: Kysely<DB>, token: string, cacheSeconds = 0): Promise<Actor | undefined> {
  const id = hashToken(token);
  const now = Date.now();
  if (cacheSeconds > 0) {
    const hit = cache.get(id);
    if (hit && hit.until > now) return hit.actor;
    if (hit) cache.delete(id);
  }
  const rows = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .leftJoin('role_grants', 'role_grants.user_id', 'users.id')
    .leftJoin('units as grant_units', (join) => join.onRef('grant_units.id', '=', 'role_grants.unit_id').on('grant_units.retired_at', 'is', null))
    .select([
      'users.id as userId',
      'users.unit_id as unitId',
      'units.path as unitPath',
      'users.full_name as fullName',
      'sessions.expires_at as expiresAt',
      'role_grants.role as role',
      'role_grants.unit_id as grantUnitId',
      'grant_units.path as grantUnitPath',
    ])
    .where('sessions.id', '=', id)
    .where('sessions.expires_at', '>', nowIso())
    .where('users.status', '=', 'active')
    .execute();
  if (rows.length === 0) return undefined;
  const { userId, unitId, unitPath, fullName, expiresAt } = rows[0];
  const grants = rows.flatMap((g) =>
    g.role && isRole(g.role) && g.grantUnitId !== null && g.grantUnitPath !== null ? [{ role: g.role, unitId: g.grantUnitId, unitPath: g.grantUnitPath }] : [],
  );
  const actor: Actor = { userId, unitId, unitPath, fullName, grants };
  if (cacheSeconds > 0) {
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(id, { actor, until: Math.min(now + cacheSeconds * 1000, Date.parse(expiresAt)) });
  }
  return actor;
}

export async function grantsOf(db: Kysely<DB>, userId: number): Promise<Actor['grants']> {
  const grants = await db
    .selectFrom('role_grants')
    .innerJoin('units', 'units.id', 'role_grants.unit_id')
    .select(['role_grants.role', 'role_grants.unit_id as unitId', 'units.path as unitPath'])
    .where('role_grants.user_id', '=', userId)
    .where('units.retired_at', 'is', null)
    .execute();
  return grants.flatMap((g) => (isRole(g.role) ? [{ role: g.role, unitId: g.unitId, unitPath: g.unitPath }] : []));
}
