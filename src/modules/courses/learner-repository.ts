/** SQL of a learner's own learning: enrolments, progress, their courses with overall progress. Always by user id. */
import type { Selectable } from 'kysely';
import type { EnrolmentTable } from '../../db/schema.js';
import type { Conn } from './repository.js';

export type EnrolmentRow = Selectable<EnrolmentTable>;
const DONE = ['completed', 'passed'];

export async function enrolmentOf(db: Conn, courseId: number, userId: number): Promise<EnrolmentRow | undefined> {
  return db.selectFrom('enrolments').selectAll().where('course_id', '=', courseId).where('user_id', '=', userId).executeTakeFirst();
}

/** Joining: a new row, or the same row again after leaving (its history kept: enrolled_at, started_at). */
export async function joinCourse(db: Conn, courseId: number, userId: number): Promise<void> {
  const now = new Date().toISOString();
  await db
    .insertInto('enrolments')
    .values({ course_id: courseId, user_id: userId, source: 'self', enrolled_by: null, status: 'active', enrolled_at: now, started_at: null, completed_at: null, left_at: null })
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doUpdateSet({ status: 'active', left_at: null }).where('enrolments.status', '=', 'left'))
    .execute();
}

export async function leaveCourse(db: Conn, enrolmentId: number): Promise<void> {
  await db.updateTable('enrolments').set({ status: 'left', left_at: new Date().toISOString() }).where('id', '=', enrolmentId).where('status', '=', 'active').execute();
}

export async function progressIn(db: Conn, courseId: number, userId: number) {
  return db
    .selectFrom('activity_progress')
    .innerJoin('activities', 'activities.id', 'activity_progress.activity_id')
    .select(['activity_progress.activity_id', 'activity_progress.status', 'activity_progress.progress', 'activity_progress.completed_at'])
    .where('activities.course_id', '=', courseId)
    .where('activity_progress.user_id', '=', userId)
    .execute();
}

export interface MyCourseRow {
  course_id: number;
  slug: string;
  title: string;
  host_name: string;
  status: string;
  enrolled_at: string;
  completed_at: string | null;
  required_total: number;
  required_done: number;
}

/** The learner's courses (not left, not drafts) with how many required activities are done: one query. */
export async function myCourses(db: Conn, userId: number): Promise<MyCourseRow[]> {
  const rows = await db
    .selectFrom('enrolments')
    .innerJoin('courses', 'courses.id', 'enrolments.course_id')
    .innerJoin('units', 'units.id', 'courses.host_unit_id')
    .select((eb) => [
      'courses.id as course_id',
      'courses.slug',
      'courses.title',
      'units.name as host_name',
      'enrolments.status',
      'enrolments.enrolled_at',
      'enrolments.completed_at',
      eb
        .selectFrom('activities')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('activities.course_id', '=', 'courses.id')
        .where('activities.required', '=', 1)
        .as('required_total'),
      eb
        .selectFrom('activities')
        .innerJoin('activity_progress', 'activity_progress.activity_id', 'activities.id')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('activities.course_id', '=', 'courses.id')
        .whereRef('activity_progress.user_id', '=', 'enrolments.user_id')
        .where('activities.required', '=', 1)
        .where('activity_progress.status', 'in', DONE)
        .as('required_done'),
    ])
    .where('enrolments.user_id', '=', userId)
    .where('enrolments.status', 'in', ['active', 'completed'])
    .where('courses.status', '!=', 'draft')
    .orderBy('enrolments.enrolled_at', 'desc')
    .execute();
  return rows.map((r) => ({ ...r, required_total: Number(r.required_total), required_done: Number(r.required_done) }));
}
