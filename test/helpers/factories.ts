/** Named factories: people with roles at units, and sessions for them. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { createSession } from '../../src/core/sessions.js';
import { hashPassword } from '../../src/core/passwords.js';
import { searchKey } from '../../src/core/text.js';
import { unitByCode, insertUnit } from '../../src/modules/units/repository.js';
import { grantRole, insertUser } from '../../src/modules/accounts/repository.js';
import type { Role } from '../../src/core/policy.js';

let counter = 0;
/** A unique valid mobile number per call: +8490xxxxxxx. */
export function uniquePhone(): string {
  counter++;
  return '+8490' + String(1_000_000 + ((process.pid * 1000 + counter) % 9_000_000)).padStart(7, '0');
}

export async function unitId(db: Kysely<DB>, code: string): Promise<number> {
  const unit = await unitByCode(db, code);
  if (!unit) throw new Error(`no unit ${code}`);
  return unit.id;
}

export async function makeVillage(db: Kysely<DB>, communeCode: string, code: string, name: string): Promise<number> {
  const parent = await unitByCode(db, communeCode);
  const unit = await insertUnit(db, { code, name, type: 'thon', parent });
  return unit.id;
}

export interface PersonOptions {
  unitCode?: string;
  fullName?: string;
  phone?: string | null;
  email?: string | null;
  password?: string;
  targetGroup?: string;
  birthYear?: number | null;
  roles?: Array<{ role: Role; unitCode: string }>;
}

export async function makePerson(db: Kysely<DB>, opts: PersonOptions = {}): Promise<number> {
  const fullName = opts.fullName ?? 'Nguyễn Văn An';
  const id = await insertUser(db, {
    fullName,
    searchName: searchKey(fullName),
    phone: opts.phone === undefined ? uniquePhone() : opts.phone,
    email: opts.email ?? null,
    unitId: await unitId(db, opts.unitCode ?? '10507'),
    targetGroup: (opts.targetGroup ?? 'citizen') as 'citizen',
    birthYear: opts.birthYear ?? null,
    passwordHash: opts.password ? await hashPassword(opts.password) : null,
    consentAt: new Date().toISOString(),
    consentVersion: 'test',
  });
  for (const r of opts.roles ?? []) await grantRole(db, id, r.role, await unitId(db, r.unitCode), null);
  return id;
}

export const makeLearner = (db: Kysely<DB>, opts: PersonOptions = {}) => makePerson(db, opts);

export const makeUnitAdmin = (db: Kysely<DB>, unitCode: string, opts: PersonOptions = {}) =>
  makePerson(db, { fullName: 'Trần Thị Quản Trị', ...opts, unitCode, roles: [{ role: 'unit_admin', unitCode }] });

export async function makeCityAdmin(db: Kysely<DB>, cityCode = '31'): Promise<number> {
  return makePerson(db, { fullName: 'Quản trị thành phố', unitCode: cityCode, roles: [{ role: 'city_admin', unitCode: cityCode }] });
}

/** A session cookie for the person, as the browser would hold it. */
export async function sessionCookie(db: Kysely<DB>, userId: number): Promise<string> {
  return `kns_sid=${await createSession(db, userId, 24)}`;
}
