/**
 * Accounts behind external identities (oidc_identities: issuer + subject → user).
 * Linking to an existing account happens only on a contact the provider says it verified.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import type { PersonInput } from './people-input.js';
import { insertUser, userByLogin, type UserRow } from './repository.js';
import { FormError, checkSelfRegistration } from './service.js';
import { finishFlow } from './oidc-flow.js';
import type { OidcPerson } from './oidc.js';
import { isUniqueViolation } from '../../db/database.js';

type Conn = Kysely<DB> | Transaction<DB>;
async function linkedUser(db: Conn, issuer: string, subject: string) {
  return db
    .selectFrom('oidc_identities')
    .innerJoin('users', 'users.id', 'oidc_identities.user_id')
    .select(['users.id', 'users.status'])
    .where('oidc_identities.issuer', '=', issuer)
    .where('oidc_identities.subject', '=', subject)
    .executeTakeFirst();
}

async function insertIdentity(db: Conn, issuer: string, subject: string, userId: number) {
  await db.insertInto('oidc_identities').values({ issuer, subject, user_id: userId, created_at: new Date().toISOString() }).execute();
}

/**
 * The account to sign in for this identity: the linked one, or an existing account whose e-mail or
 * phone the provider verified (which then gets linked). Undefined: a new account is needed.
 */
export async function accountForIdentity(db: Kysely<DB>, person: OidcPerson, providerName: string): Promise<number | undefined> {
  const linked = await linkedUser(db, person.issuer, person.subject);
  if (linked) {
    if (linked.status !== 'active') throw new AppError('OIDC_ACCOUNT_INACTIVE', 403, { name: providerName });
    return linked.id;
  }
  let match: UserRow | undefined;
  if (person.email && person.emailVerified) match = await userByLogin(db, { email: person.email });
  if (!match && person.phone && person.phoneVerified) match = await userByLogin(db, { phone: person.phone });
  if (!match) return undefined;
  if (match.status !== 'active') throw new AppError('OIDC_ACCOUNT_INACTIVE', 403, { name: providerName });
  const other = await db
    .selectFrom('oidc_identities')
    .select('subject')
    .where('issuer', '=', person.issuer)
    .where('user_id', '=', match.id)
    .executeTakeFirst();
  // The account already belongs to another person at this provider: never move or add a second link silently.
  if (other) throw new AppError('OIDC_LINK_CONFLICT', 409, { name: providerName });
  try {
    await insertIdentity(db, person.issuer, person.subject, match.id);
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    // The same callback twice at once (two tabs): the other request linked it already.
    const again = await linkedUser(db, person.issuer, person.subject);
    if (again?.id !== match.id) throw err;
  }
  return match.id;
}

export interface ProfileInput extends PersonInput {
  consent: boolean;
}

/**
 * Creates the account (no password: the person signs in through the provider, or sets one later
 * with "forgot password") and links the identity. The signup flow is used up in the same
 * transaction, so a resubmitted form creates nothing and a failed insert leaves the flow usable.
 */
export async function createAccountForIdentity(
  db: Kysely<DB>,
  config: Config,
  flowValue: string,
  identity: { issuer: string; subject: string },
  input: ProfileInput,
): Promise<number> {
  const { values, unit } = await checkSelfRegistration(db, input);
  try {
    return await db.transaction().execute(async (trx) => {
      if (!(await finishFlow(trx, 'oidc_signup', flowValue))) throw new AppError('OIDC_STATE_INVALID', 400);
      const userId = await insertUser(trx, {
        ...values,
        unitId: unit.id,
        passwordHash: null,
        consentAt: new Date().toISOString(),
        consentVersion: config.privacyPolicyVersion,
      });
      await insertIdentity(trx, identity.issuer, identity.subject, userId);
      return userId;
    });
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    if (await linkedUser(db, identity.issuer, identity.subject)) throw new AppError('OIDC_IDENTITY_TAKEN', 409);
    throw new FormError(values.phone ? { phone: 'PERSON_PHONE_TAKEN' } : { email: 'PERSON_EMAIL_TAKEN' }, 409);
  }
}
