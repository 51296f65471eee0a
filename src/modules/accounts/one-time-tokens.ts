/** One-time links (password reset, first-admin setup): stored hashed, single use, short-lived. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { hashToken, newToken } from '../../core/tokens.js';

export type TokenPurpose = 'password_reset' | 'setup';

export async function issueToken(db: Kysely<DB>, purpose: TokenPurpose, userId: number | null, ttlMinutes: number): Promise<string> {
  const { token, hash } = newToken();
  const now = Date.now();
  await db
    .insertInto('one_time_tokens')
    .values({
      id: hash,
      purpose,
      user_id: userId,
      created_at: new Date(now).toISOString(),
      expires_at: new Date(now + ttlMinutes * 60_000).toISOString(),
      used_at: null,
    })
    .execute();
  return token;
}

/** The token's row if it is valid now; does not use it up. */
export async function peekToken(db: Kysely<DB>, purpose: TokenPurpose, token: string) {
  if (!token || token.length > 100) return undefined;
  return db
    .selectFrom('one_time_tokens')
    .selectAll()
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
}

/** Marks the token used; true only for the one caller that used it (a replay gets false). */
export async function consumeToken(db: Kysely<DB>, purpose: TokenPurpose, token: string): Promise<boolean> {
  const result = await db
    .updateTable('one_time_tokens')
    .set({ used_at: new Date().toISOString() })
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
