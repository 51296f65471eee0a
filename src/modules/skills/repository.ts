/** SQL of skill profiles: the framework's competences, and which of them a person covered, from which courses. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ACTIVITY_DONE, TAG_KIND_COMPETENCE, TAG_SUBJECT_ACTIVITY, TAG_SUBJECT_COURSE } from './tags.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface CompetenceRow {
  code: string;
  domain: number;
  domain_vi: string;
  domain_en: string;
  name_vi: string;
  name_en: string;
}

/** The whole framework, in domain and code order (1.1, 1.2, …, 6.3). */
export async function allCompetences(db: Conn): Promise<CompetenceRow[]> {
  const rows = await db.selectFrom('competences').selectAll().execute();
  return rows.sort((a, b) => a.domain - b.domain || a.code.localeCompare(b.code, 'en', { numeric: true }));
}

export interface CoveredRow {
  code: string;
  course_id: number;
  course_title: string;
}

/**
 * Competences the person covered, each with the course it came from: tagged on a course they
 * completed, or on an activity they completed or passed (then the activity's course). One query.
 */
export async function coveredBy(db: Conn, userId: number): Promise<CoveredRow[]> {
  const byCourse = db
    .selectFrom('enrolments as e')
    .innerJoin('content_tags as ct', (join) =>
      join.onRef('ct.subject_id', '=', 'e.course_id').on('ct.subject_type', '=', TAG_SUBJECT_COURSE).on('ct.kind', '=', TAG_KIND_COMPETENCE),
    )
    .innerJoin('courses as c', 'c.id', 'e.course_id')
    .select(['ct.code as code', 'c.id as course_id', 'c.title as course_title'])
    .where('e.user_id', '=', userId)
    .where('e.status', '=', 'completed');
  const byActivity = db
    .selectFrom('activity_progress as ap')
    .innerJoin('content_tags as ct', (join) =>
      join.onRef('ct.subject_id', '=', 'ap.activity_id').on('ct.subject_type', '=', TAG_SUBJECT_ACTIVITY).on('ct.kind', '=', TAG_KIND_COMPETENCE),
    )
    .innerJoin('activities as a', 'a.id', 'ap.activity_id')
    .innerJoin('courses as c', 'c.id', 'a.course_id')
    .select(['ct.code as code', 'c.id as course_id', 'c.title as course_title'])
    .where('ap.user_id', '=', userId)
    .where('ap.status', 'in', ACTIVITY_DONE);
  return byCourse.union(byActivity).execute();
}

/** Ids of the courses the person completed, among the given ones. */
export async function completedCourseIds(db: Conn, userId: number, courseIds: number[]): Promise<Set<number>> {
  if (courseIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('enrolments')
    .select('course_id')
    .where('user_id', '=', userId)
    .where('status', '=', 'completed')
    .where('course_id', 'in', courseIds)
    .execute();
  return new Set(rows.map((r) => r.course_id));
}

export interface CourseChoice {
  id: number;
  title: string;
  status: string;
}

/** Courses the rule may name: published ones, plus any already named (even if archived since). */
export async function ruleCourseChoices(db: Conn, named: number[]): Promise<CourseChoice[]> {
  return db
    .selectFrom('courses')
    .select(['id', 'title', 'status'])
    .where((eb) => (named.length ? eb.or([eb('status', '=', 'published'), eb('id', 'in', named)]) : eb('status', '=', 'published')))
    .orderBy('search_title')
    .orderBy('id')
    .execute();
}

export async function existingCourseIds(db: Conn, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('courses').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

export async function saveSetting(db: Conn, key: string, value: string, userId: number | null): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: now, updated_by: userId })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now, updated_by: userId }))
    .execute();
}
