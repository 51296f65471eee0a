/**
 * SQL of the public catalogue: one query per page (walking courses_catalogue_idx newest first), whatever
 * the page size; a second one only for a page past the last.
 */
import { SqliteAdapter, sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DB } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import type { Conn } from './repository.js';

export interface CatalogueFilter {
  q?: string;
  theme?: number;
  competence?: string;
  /** A target group: courses for that group and courses for everyone. */
  group?: string;
  /** Signed in: assigned courses this learner is enrolled in are listed too. */
  userId?: number;
}

export interface CatalogueRow {
  id: number;
  slug: string;
  title: string;
  description: string;
  enrolment: string;
  audience: string;
  host_code: string;
  host_name: string;
  activity_count: number;
  total: number;
  /** Ids of the themes the course carries, as strings. */
  themes: string[];
}

type Eb = ExpressionBuilder<DB, 'courses'>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, '\\$&');

/**
 * Courses carrying a tag, as "id in (the few tagged ids)": one range of content_tags_lookup_idx per query,
 * whatever the planner thinks of the tables (a correlated exists() can turn into a scan on fresh statistics).
 */
const tagged = (eb: Eb, kind: string, code: string) =>
  eb(
    'courses.id',
    'in',
    eb.selectFrom('content_tags').select('content_tags.subject_id').where('content_tags.kind', '=', kind).where('content_tags.code', '=', code).where('content_tags.subject_type', '=', 'course'),
  );

function where(eb: Eb, f: CatalogueFilter): Expression<SqlBool> {
  const visible: Expression<SqlBool>[] = [eb('courses.enrolment', '=', 'open')];
  if (f.userId !== undefined) {
    visible.push(
      eb.exists(
        eb
          .selectFrom('enrolments')
          .select('enrolments.id')
          .whereRef('enrolments.course_id', '=', 'courses.id')
          .where('enrolments.user_id', '=', f.userId)
          .where('enrolments.status', '!=', 'left'),
      ),
    );
  }
  const and: Expression<SqlBool>[] = [eb('courses.status', '=', 'published'), eb.or(visible)];
  // Every word, in any order: "nguoi cao tuoi ky nang" finds "Kỹ năng số cho người cao tuổi".
  const words = f.q ? searchKey(f.q).split(' ').filter(Boolean).slice(0, 8) : [];
  for (const word of words) and.push(sql<SqlBool>`courses.search_title like ${`%${escapeLike(word)}%`} escape '\\'`);
  if (f.theme !== undefined) and.push(tagged(eb, 'theme', String(f.theme)));
  if (f.competence) {
    const ofActivities = eb
      .selectFrom('content_tags')
      .innerJoin('activities', 'activities.id', 'content_tags.subject_id')
      .select('activities.course_id')
      .where('content_tags.kind', '=', 'competence')
      .where('content_tags.code', '=', f.competence)
      .where('content_tags.subject_type', '=', 'activity');
    and.push(eb.or([tagged(eb, 'competence', f.competence), eb('courses.id', 'in', ofActivities)]));
  }
  if (f.group) {
    and.push(eb.or([eb('courses.audience', '=', ''), sql<SqlBool>`(',' || courses.audience || ',') like ${`%,${escapeLike(f.group)},%`} escape '\\'`]));
  }
  return eb.and(and);
}

const isSqlite = (db: Conn) => db.getExecutor().adapter instanceof SqliteAdapter;

/**
 * One query for a whole page: the courses, each with its activity count and which of the given themes it
 * carries (one exists() per theme: portable, and there are only a handful), and the total of the filter.
 * One round trip and one plan per page matter on PostgreSQL, which plans every query it is sent.
 */
export async function cataloguePage(db: Conn, f: CatalogueFilter, limit: number, offset: number, themeIds: number[]): Promise<CatalogueRow[]> {
  const rows = await db
    .selectFrom('courses')
    .innerJoin('units', 'units.id', 'courses.host_unit_id')
    .select((eb) => [
      'courses.id',
      'courses.slug',
      'courses.title',
      // The card shows the start of the description only: never read 5,000 characters for it.
      sql<string>`substr(courses.description, 1, 300)`.as('description'),
      'courses.enrolment',
      'courses.audience',
      'units.code as host_code',
      'units.name as host_name',
      eb.selectFrom('activities').select(eb.fn.countAll<number>().as('n')).whereRef('activities.course_id', '=', 'courses.id').as('activity_count'),
      // The total, counted once per query: PostgreSQL counts the filtered rows in the same scan (a window);
      // SQLite would then compute every column of every match before the limit, so it counts apart.
      isSqlite(db)
        ? eb
            .selectFrom('courses')
            .select((inner) => inner.fn.countAll<number>().as('n'))
            .where((inner) => where(inner, f))
            .as('total')
        : sql<number>`count(*) over ()`.as('total'),
      ...themeIds.map((id) =>
        eb
          .exists(
            eb
              .selectFrom('content_tags')
              .select('content_tags.code')
              .where('content_tags.subject_type', '=', 'course')
              .whereRef('content_tags.subject_id', '=', 'courses.id')
              .where('content_tags.kind', '=', 'theme')
              .where('content_tags.code', '=', String(id)),
          )
          .as(`theme_${id}`),
      ),
    ])
    .where((eb) => where(eb, f))
    .orderBy('courses.created_at', 'desc')
    .orderBy('courses.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => {
    const flags = r as unknown as Record<string, unknown>;
    return {
      id: r.id,
      slug: r.slug,
      title: r.title,
      description: r.description,
      enrolment: r.enrolment,
      audience: r.audience,
      host_code: r.host_code,
      host_name: r.host_name,
      activity_count: Number(r.activity_count),
      total: Number(r.total),
      // SQLite answers 1/0, PostgreSQL true/false.
      themes: themeIds.filter((id) => Number(flags[`theme_${id}`]) === 1).map(String),
    };
  });
}

/** Only for a page past the last one (it has no row to carry the total). */
export async function catalogueCount(db: Conn, f: CatalogueFilter): Promise<number> {
  // No join: every course has its host unit (a foreign key), so the count is read from the index alone.
  const row = await db
    .selectFrom('courses')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where((eb) => where(eb, f))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
