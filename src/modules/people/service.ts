/** Queries of people administration: filters resolved against the caller's scope, one person, pages. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import { countPeople, listPeople, personInScope, type PeopleFilter } from './repository.js';
import { PAGE_SIZE, presentPerson, type PeopleQueryT, type PersonDto } from './schema.js';
import './capabilities.js';
import './messages.js';

export const READ = 'people:read';

/**
 * The caller's filter. A unit filter outside the scope answers 404 like an unknown code does,
 * so nobody learns which units or people exist elsewhere.
 */
export async function resolveFilter(db: Kysely<DB>, actor: Actor | undefined, query: Omit<PeopleQueryT, 'page' | 'pageSize'>): Promise<PeopleFilter> {
  const paths = scopePaths(actor, READ);
  let unitPath: string | undefined;
  if (query.unit) {
    const unit = await unitByCode(db, query.unit);
    if (!unit || !paths.some((p) => unit.path.startsWith(p))) throw new AppError('NOT_FOUND', 404);
    unitPath = unit.path;
  }
  return { paths, unitPath, q: query.q, group: query.group || undefined, status: query.status || undefined };
}

export interface PeoplePage {
  items: PersonDto[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export async function findPeople(db: Kysely<DB>, actor: Actor | undefined, query: PeopleQueryT): Promise<PeoplePage> {
  const filter = await resolveFilter(db, actor, query);
  const pageSize = query.pageSize ?? PAGE_SIZE;
  const total = await countPeople(db, filter);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(query.page ?? 1, pages);
  const rows = total ? await listPeople(db, filter, page, pageSize) : [];
  return { items: rows.map(presentPerson), total, page, pageSize, pages };
}

/** One person in the caller's scope; anyone else (or a deleted person) is "not found". */
export async function getPerson(db: Kysely<DB>, actor: Actor | undefined, id: number): Promise<PersonDto> {
  const row = await personInScope(db, scopePaths(actor, READ), id);
  if (!row) throw new AppError('NOT_FOUND', 404);
  return presentPerson(row);
}

/** Units the caller may filter by (for the select), not retired. */
export async function unitsInScope(db: Kysely<DB>, actor: Actor | undefined, capability = READ): Promise<UnitRow[]> {
  return unitsUnder(db, scopePaths(actor, capability));
}
