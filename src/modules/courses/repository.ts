/**
 * SQL for authoring: courses in the caller's 'course:manage' scope (by the host unit's path, in the
 * query itself), their topics, activities and tags, and the SCORM packages an activity can launch.
 */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { ActivityTable, CourseTable, DB, TopicTable } from '../../db/schema.js';

export type Conn = Kysely<DB> | Transaction<DB>;
export type CourseRow = Selectable<CourseTable> & { host_code: string; host_name: string; host_path: string };
export type TopicRow = Selectable<TopicTable>;
export type ActivityRow = Selectable<ActivityTable>;
export type SubjectType = 'course' | 'activity';
export type TagKind = 'competence' | 'theme';

const under = (paths: string[]) => (eb: any) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`)));

function courses(db: Conn) {
  return db
    .selectFrom('courses')
    .innerJoin('units', 'units.id', 'courses.host_unit_id')
    .selectAll('courses')
    .select(['units.code as host_code', 'units.name as host_name', 'units.path as host_path']);
}

export async function listManagedCourses(db: Conn, paths: string[], limit: number, offset: number) {
  if (paths.length === 0) return { rows: [] as Array<CourseRow & { activity_count: number }>, total: 0 };
  const { n } = await db
    .selectFrom('courses')
    .innerJoin('units', 'units.id', 'courses.host_unit_id')
    .where(under(paths))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await courses(db)
    .select((eb) => eb.selectFrom('activities').select(eb.fn.countAll<number>().as('c')).whereRef('activities.course_id', '=', 'courses.id').as('activity_count'))
    .where(under(paths))
    .orderBy('courses.updated_at', 'desc')
    .orderBy('courses.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return { rows: rows.map((r) => ({ ...r, activity_count: Number(r.activity_count) })), total: Number(n) };
}

/** One course, only when its host unit is inside the scope. */
export async function managedCourse(db: Conn, paths: string[], id: number): Promise<CourseRow | undefined> {
  if (paths.length === 0) return undefined;
  return courses(db).where('courses.id', '=', id).where(under(paths)).executeTakeFirst();
}

export async function courseBySlug(db: Conn, slug: string): Promise<CourseRow | undefined> {
  return courses(db).where('courses.slug', '=', slug).executeTakeFirst();
}

export async function courseById(db: Conn, id: number): Promise<CourseRow | undefined> {
  return courses(db).where('courses.id', '=', id).executeTakeFirst();
}

export async function slugsLike(db: Conn, base: string): Promise<Set<string>> {
  const rows = await db.selectFrom('courses').select('slug').where('slug', 'like', `${base}%`).execute();
  return new Set(rows.map((r) => r.slug));
}

export type CourseValues = Pick<CourseTable, 'title' | 'search_title' | 'description' | 'host_unit_id' | 'enrolment' | 'audience' | 'status'>;

export async function insertCourse(db: Conn, v: CourseValues & { slug: string; owner_id: number | null }): Promise<number> {
  const now = new Date().toISOString();
  const { id } = await db.insertInto('courses').values({ ...v, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateCourse(db: Conn, id: number, v: Partial<CourseValues>): Promise<void> {
  await db.updateTable('courses').set({ ...v, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}

export async function tagsOf(db: Conn, subjectType: SubjectType, ids: number[], kind?: TagKind) {
  if (ids.length === 0) return [];
  let q = db.selectFrom('content_tags').select(['subject_id', 'kind', 'code']).where('subject_type', '=', subjectType).where('subject_id', 'in', ids);
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}

/** Replaces the subject's tags of one kind. */
export async function setTags(db: Conn, subjectType: SubjectType, id: number, kind: TagKind, codes: string[]): Promise<void> {
  await db.deleteFrom('content_tags').where('subject_type', '=', subjectType).where('subject_id', '=', id).where('kind', '=', kind).execute();
  if (codes.length) {
    await db.insertInto('content_tags').values(codes.map((code) => ({ subject_type: subjectType, subject_id: id, kind, code }))).execute();
  }
}

export async function topicsOf(db: Conn, courseId: number): Promise<TopicRow[]> {
  return db.selectFrom('topics').selectAll().where('course_id', '=', courseId).orderBy('position').orderBy('id').execute();
}

export async function activitiesOf(db: Conn, courseId: number): Promise<ActivityRow[]> {
  return db.selectFrom('activities').selectAll().where('course_id', '=', courseId).orderBy('position').orderBy('id').execute();
}

export async function activityById(db: Conn, id: number): Promise<ActivityRow | undefined> {
  return db.selectFrom('activities').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function nextPosition(db: Conn, table: 'topics' | 'activities', column: 'course_id' | 'topic_id', id: number): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.max<number | null>('position').as('p'))
    .where(column as 'course_id', '=', id)
    .executeTakeFirst();
  return Number(row?.p ?? 0) + 1;
}

/** Learners with any recorded progress in the activity (removing it would erase their history). */
export async function progressCount(db: Conn, activityId: number): Promise<number> {
  const { n } = await db
    .selectFrom('activity_progress')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activity_id', '=', activityId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/** The newest version of each uploaded SCORM package (what a new activity should launch). */
export async function latestPackages(db: Conn) {
  return db
    .selectFrom('scorm_packages as p')
    .select(['p.id', 'p.title', 'p.version', 'p.scorm_version', 'p.created_at'])
    .where(({ eb, selectFrom, ref }) =>
      eb.not(
        eb.exists(
          selectFrom('scorm_packages as q')
            .select('q.id')
            .where((qb) => qb(qb.fn.coalesce('q.lineage_id', 'q.id'), '=', qb.fn.coalesce(ref('p.lineage_id'), ref('p.id'))))
            .whereRef('q.version', '>', 'p.version'),
        ),
      ),
    )
    .orderBy('p.title')
    .execute();
}

export async function packageById(db: Conn, id: number) {
  return db.selectFrom('scorm_packages').select(['id', 'title', 'version', 'lineage_id']).where('id', '=', id).executeTakeFirst();
}
