/**
 * Short-lived state of a sign-in through an identity provider (OIDC), kept so that any app instance
 * can continue a flow another instance started: nothing is held in process memory, and no signing
 * key is needed (the config has no cookie secret, and a per-process random key would break as soon
 * as the callback reaches another instance).
 *
 * How: the browser holds `<random>.<base64url(JSON data)>` in an HttpOnly cookie; the database holds
 * only the SHA-256 of that whole value, as a `one_time_tokens` row (purpose `oidc_state` while at
 * the provider, `oidc_signup` while completing the profile) with an expiry and a used-mark.
 *   - a changed byte anywhere (data or random part) finds no row: the data cannot be tampered with;
 *   - the secret parts (PKCE verifier, nonce) are in an HttpOnly cookie nobody else can read;
 *   - using the flow marks the row used, so a replayed callback or a resubmitted form is refused;
 *   - it expires on the server, whatever the browser does with the cookie.
 */
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { FastifyReply } from 'fastify';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { hashToken } from '../../core/tokens.js';

export type FlowPurpose = 'oidc_state' | 'oidc_signup';
type Conn = Kysely<DB> | Transaction<DB>;

/** Cookie names and the one path they are sent to (the start, callback and profile routes). */
export const FLOW_COOKIE: Record<FlowPurpose, string> = { oidc_state: 'kns_oidc', oidc_signup: 'kns_oidc_signup' };
export const FLOW_PATH = '/dang-nhap/oidc';
const MAX_VALUE = 3800; // stays under the 4 KB a browser keeps per cookie

/** Starts a flow: stores the hash, returns the cookie value. Also sweeps expired flow rows. */
export async function openFlow(db: Conn, purpose: FlowPurpose, data: object, ttlMinutes: number): Promise<string> {
  const value = `${crypto.randomBytes(32).toString('base64url')}.${Buffer.from(JSON.stringify(data)).toString('base64url')}`;
  if (value.length > MAX_VALUE) throw new Error('OIDC flow data too large for a cookie');
  const now = Date.now();
  await db
    .deleteFrom('one_time_tokens')
    .where('purpose', 'in', ['oidc_state', 'oidc_signup'])
    .where('expires_at', '<', new Date(now).toISOString())
    .execute();
  await db
    .insertInto('one_time_tokens')
    .values({
      id: hashToken(value),
      purpose,
      user_id: null,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlMinutes * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return value;
}

/** The flow's data while it is valid (known, unused, not expired); does not use it up. */
export async function readFlow<T>(db: Conn, purpose: FlowPurpose, value: string | undefined): Promise<T | undefined> {
  if (!value || value.length > MAX_VALUE) return undefined;
  const row = await db
    .selectFrom('one_time_tokens')
    .select('id')
    .where('id', '=', hashToken(value))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  // The hash matched a row only this app wrote, so the data is what we stored.
  return JSON.parse(Buffer.from(value.slice(value.indexOf('.') + 1), 'base64url').toString('utf8')) as T;
}

/** Marks the flow used; true only for the one caller that used it (a replay gets false). */
export async function finishFlow(db: Conn, purpose: FlowPurpose, value: string): Promise<boolean> {
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: new Date().toISOString() })
    .where('id', '=', hashToken(value))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function setFlowCookie(reply: FastifyReply, config: Config, purpose: FlowPurpose, value: string, ttlMinutes: number): void {
  reply.setCookie(FLOW_COOKIE[purpose], value, {
    path: FLOW_PATH,
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET navigation, which carries Lax cookies.
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: ttlMinutes * 60,
  });
}

export function clearFlowCookie(reply: FastifyReply, purpose: FlowPurpose): void {
  reply.clearCookie(FLOW_COOKIE[purpose], { path: FLOW_PATH });
}
