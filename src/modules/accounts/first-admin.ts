/**
 * The first city administrator: created from ADMIN_EMAIL and ADMIN_PASSWORD when both are set;
 * otherwise a one-time setup link is printed at every start until someone uses one.
 */
import type { Kysely } from 'kysely';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { hashPassword } from '../../core/passwords.js';
import { searchKey } from '../../core/text.js';
import { cityUnit } from '../units/repository.js';
import { grantRole, insertUser, userByLogin } from './repository.js';
import { issueToken } from './one-time-tokens.js';
import { audit } from '../../core/audit.js';

export async function hasCityAdmin(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('role_grants').select('id').where('role', '=', 'city_admin').executeTakeFirst();
  return !!row;
}

export async function createCityAdmin(
  db: Kysely<DB>,
  config: Config,
  input: { fullName: string; email: string; password: string },
): Promise<number> {
  const city = await cityUnit(db);
  if (!city) throw new Error('the unit tree is empty');
  const passwordHash = await hashPassword(input.password);
  return db.transaction().execute(async (trx) => {
    const existing = await userByLogin(trx, { email: input.email });
    const id =
      existing?.id ??
      (await insertUser(trx, {
        fullName: input.fullName,
        searchName: searchKey(input.fullName),
        phone: null,
        email: input.email,
        unitId: city.id,
        targetGroup: 'public_servant',
        birthYear: null,
        passwordHash,
        consentAt: new Date().toISOString(),
        consentVersion: config.privacyPolicyVersion,
      }));
    await grantRole(trx, id, 'city_admin', city.id, null);
    await audit(trx, undefined, { action: 'account.first_admin', unitId: city.id, targetType: 'user', targetId: id });
    return id;
  });
}

export async function ensureCityAdmin(
  db: Kysely<DB>,
  config: Config,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  announce?: (text: string) => void,
) {
  if (await hasCityAdmin(db)) return;
  if (config.adminEmail && config.adminPassword) {
    await createCityAdmin(db, config, { fullName: 'Quản trị thành phố', email: config.adminEmail, password: config.adminPassword });
    log.info('city administrator created from ADMIN_EMAIL');
    return;
  }
  const token = await issueToken(db, 'setup', null, 24 * 60);
  const link = `${config.publicUrl}/thiet-lap?token=${token}`;
  log.warn({ setupLink: link }, 'no city administrator yet: open the setup link (valid 24 h, single use)');
  announce?.(`\n  Thiết lập quản trị viên đầu tiên / First administrator setup:\n  ${link}\n`);
}
