/**
 * SQL for people administration. Every query is filtered to the caller's scope in SQL: a person is
 * visible only when their unit's path starts with one of the scope paths. Deleted people never show.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { normalizePhone, searchKey } from '../../core/text.js';
import type { PersonRow, StatusFilter } from './schema.js';

export interface PeopleFilter {
  /** Scope paths from scopePaths(actor, capability); empty means nothing is visible. */
  paths: string[];
  /** The subtree chosen in the unit filter (already checked to be in scope). */
  unitPath?: string;
  q?: string;
  group?: string;
  status?: StatusFilter;
}

type Eb = ExpressionBuilder<DB & { units: DB['units'] }, 'users' | 'units'>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');
const likeEscaped = (column: string, pattern: string) => sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;

/** Name without diacritics, or a phone number in any format (whole or in part), or an e-mail address. */
function searchCondition(eb: Eb, q: string): Expression<SqlBool> {
  const ors: Expression<SqlBool>[] = [];
  const key = searchKey(q);
  if (key) ors.push(likeEscaped('users.search_name', `%${escapeLike(key)}%`));
  const phone = normalizePhone(q);
  if (phone) ors.push(eb('users.phone', '=', phone));
  let digits = q.replace(/[\s.\-()+]/g, '');
  if (/^\d{4,}$/.test(digits)) {
    if (digits.startsWith('0')) digits = digits.replace(/^0+/, '');
    else if (digits.startsWith('84') && digits.length >= 11) digits = digits.slice(2);
    if (digits) ors.push(eb('users.phone', 'like', `%${digits}%`));
  }
  if (q.includes('@')) ors.push(eb('users.email', '=', q.trim().toLowerCase()));
  return eb.or(ors);
}

const hasIdentity = (eb: Eb) =>
  eb.exists(eb.selectFrom('oidc_identities').select('oidc_identities.user_id').whereRef('oidc_identities.user_id', '=', 'users.id'));

function where(eb: Eb, f: PeopleFilter): Expression<SqlBool> {
  const and: Expression<SqlBool>[] = [
    eb('users.status', '!=', 'deleted'),
    eb.or(f.paths.map((p) => eb('units.path', 'like', `${p}%`))),
  ];
  if (f.unitPath) and.push(eb('units.path', 'like', `${f.unitPath}%`));
  if (f.group) and.push(eb('users.target_group', '=', f.group));
  if (f.q?.trim()) and.push(searchCondition(eb, f.q.trim()));
  if (f.status === 'active') and.push(eb('users.status', '=', 'active'));
  if (f.status === 'deletion_requested') and.push(eb('users.deletion_requested_at', 'is not', null));
  if (f.status === 'not_activated') {
    and.push(eb('users.status', '=', 'active'), eb('users.password_hash', 'is', null), eb.not(hasIdentity(eb)));
  }
  return eb.and(and);
}

function base(db: Kysely<DB>, f: PeopleFilter) {
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .where((eb) => where(eb, f));
}

function selectPerson(db: Kysely<DB>, f: PeopleFilter) {
  return base(db, f).select([
    'users.id',
    'users.full_name',
    'users.phone',
    'users.email',
    'users.target_group',
    'users.birth_year',
    'users.status',
    'users.consent_at',
    'users.consent_version',
    'users.deletion_requested_at',
    'users.created_at',
    'units.code as unit_code',
    'units.name as unit_name',
    sql<number>`case when users.password_hash is not null or exists (select 1 from oidc_identities o where o.user_id = users.id) then 1 else 0 end`.as(
      'activated',
    ),
  ]);
}

export async function countPeople(db: Kysely<DB>, f: PeopleFilter): Promise<number> {
  if (f.paths.length === 0) return 0;
  const row = await base(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listPeople(db: Kysely<DB>, f: PeopleFilter, page: number, pageSize: number): Promise<PersonRow[]> {
  if (f.paths.length === 0) return [];
  return selectPerson(db, f)
    .orderBy('users.search_name')
    .orderBy('users.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
}

/** One person, only when inside the scope and not deleted. */
export async function personInScope(db: Kysely<DB>, paths: string[], id: number): Promise<PersonRow | undefined> {
  if (paths.length === 0) return undefined;
  return selectPerson(db, { paths }).where('users.id', '=', id).executeTakeFirst();
}

/** Every matching person in batches, in list order (keyset paging: memory stays flat for any size). */
export async function* eachPerson(db: Kysely<DB>, f: PeopleFilter, batch = 1000): AsyncGenerator<PersonRow[]> {
  if (f.paths.length === 0) return;
  let after: { name: string; id: number } | undefined;
  for (;;) {
    let q = selectPerson(db, f).select('users.search_name');
    if (after) {
      const { name, id } = after;
      q = q.where((eb) => eb.or([eb('users.search_name', '>', name), eb.and([eb('users.search_name', '=', name), eb('users.id', '>', id)])]));
    }
    const rows = await q.orderBy('users.search_name').orderBy('users.id').limit(batch).execute();
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { name: last.search_name, id: last.id };
  }
}
