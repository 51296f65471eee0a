/**
 * The learner side: who may see a course and open its activities, joining and leaving, and progress.
 * Every progress report goes through recordActivityProgress (progress.ts): course completion is decided there.
 *
 * Visibility: published open courses are public; assigned ones only to their enrolled learners;
 * archived ones only to learners enrolled before; drafts only to content managers in scope (a preview).
 * Anyone else gets 404, as for a course that does not exist.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { canAt, type Actor } from '../../core/policy.js';
import { completeCourseIfDone, isDone, recordActivityProgress } from './progress.js';
import { parseSettings, minWatchedOf } from './activity-input.js';
import * as repo from './repository.js';
import { enrolmentOf, joinCourse, leaveCourse, progressIn, type EnrolmentRow } from './learner-repository.js';
import { MANAGE } from './service.js';

export interface Access {
  course: repo.CourseRow;
  enrolment: EnrolmentRow | undefined;
  /** Content manager of the host unit: sees drafts, opens activities as a preview (nothing recorded). */
  manager: boolean;
  /** Enrolled (active or completed) in a course learners can use: activities open and progress counts. */
  learning: boolean;
}

const isMember = (e: EnrolmentRow | undefined) => !!e && e.status !== 'left';

export async function courseAccess(db: repo.Conn, actor: Actor | undefined, course: repo.CourseRow | undefined): Promise<Access> {
  if (!course) throw notFound();
  const enrolment = actor ? await enrolmentOf(db, course.id, actor.userId) : undefined;
  const manager = canAt(actor, MANAGE, course.host_path);
  const live = course.status === 'published' || course.status === 'archived';
  const visible =
    manager ||
    (course.status === 'published' && course.enrolment === 'open') ||
    (live && isMember(enrolment));
  if (!visible) throw notFound();
  return { course, enrolment, manager, learning: live && isMember(enrolment) };
}

export async function accessBySlug(db: repo.Conn, actor: Actor | undefined, slug: string) {
  return courseAccess(db, actor, await repo.courseBySlug(db, slug));
}

export interface Overall {
  done: number;
  total: number;
  percent: number;
}

/** Share of the required activities done (of all activities when none is required). */
export function overallProgress(
  activities: Array<{ id: number; required: number }>,
  progress: Map<number, { status: string }>,
  completed: boolean,
): Overall {
  const required = activities.filter((a) => a.required === 1);
  const counted = required.length ? required : activities;
  const done = counted.filter((a) => isDone(progress.get(a.id)?.status)).length;
  const percent = completed ? 100 : counted.length ? Math.floor((done / counted.length) * 100) : 0;
  return { done, total: counted.length, percent };
}

export async function learnerProgress(db: repo.Conn, courseId: number, userId: number) {
  const rows = await progressIn(db, courseId, userId);
  return new Map(rows.map((r) => [r.activity_id, { status: r.status, progress: r.progress }]));
}

/** Self-enrolment: open, published courses only. Re-joining after leaving reactivates the same row. */
export async function join(db: Kysely<DB>, actor: Actor, slug: string): Promise<repo.CourseRow> {
  const { course, enrolment } = await accessBySlug(db, actor, slug);
  if (course.status !== 'published' || course.enrolment !== 'open') {
    if (isMember(enrolment)) return course;
    throw new AppError('COURSE_NOT_OPEN', 409);
  }
  if (isMember(enrolment)) return course;
  await db.transaction().execute(async (trx) => {
    await joinCourse(trx, course.id, actor.userId);
    // Required activities may have changed while the learner was away: done may already mean complete.
    if (enrolment) await completeCourseIfDone(trx, course.id, actor.userId);
  });
  return course;
}

/** Leaving keeps the history (status 'left', left_at); only self-chosen courses can be left. */
export async function leave(db: Kysely<DB>, actor: Actor, slug: string): Promise<repo.CourseRow> {
  const { course, enrolment } = await accessBySlug(db, actor, slug);
  if (!enrolment || enrolment.status !== 'active') throw new AppError('COURSE_NOT_ACTIVE', 409);
  if (course.enrolment !== 'open') throw new AppError('COURSE_ASSIGNED', 409);
  await leaveCourse(db, enrolment.id);
  return course;
}

/** An activity with its course, for a signed-in person; 404 when the course is not theirs to see. */
export async function activityAccess(db: repo.Conn, actor: Actor, activityId: number) {
  const activity = await repo.activityById(db, activityId);
  if (!activity) throw notFound();
  const access = await courseAccess(db, actor, await repo.courseById(db, activity.course_id));
  return { ...access, activity, settings: parseSettings(activity.settings) };
}

/** Video: the watched share (union of watched intervals, measured by the page) clamped to 0..1. */
export async function recordVideo(db: Kysely<DB>, actor: Actor, activityId: number, share: number) {
  const { activity, settings, learning } = await activityAccess(db, actor, activityId);
  if (activity.type !== 'video') throw notFound();
  if (!learning) throw new AppError('COURSE_NOT_JOINED', 409);
  const watched = Math.min(1, Math.max(0, Number.isFinite(share) ? share : 0));
  const min = minWatchedOf(settings);
  // Floating point: 0.8999999 of a 90 % rule is a rounding error, not a missed second.
  const status = watched + 1e-6 >= min ? 'completed' : 'in_progress';
  const courseCompleted = await db.transaction().execute((trx) => recordActivityProgress(trx, { activityId, userId: actor.userId, status, progress: watched }));
  const now = (await learnerProgress(db, activity.course_id, actor.userId)).get(activityId);
  return { status: now?.status ?? status, watchedShare: now?.progress ?? watched, courseCompleted };
}

/** Document and link: opening it through the site completes it; returns where to send the browser. */
export async function openResource(db: Kysely<DB>, actor: Actor, activityId: number) {
  const { activity, settings, learning, manager, course } = await activityAccess(db, actor, activityId);
  if (activity.type !== 'document' && activity.type !== 'link') throw notFound();
  if (learning) {
    await db.transaction().execute((trx) => recordActivityProgress(trx, { activityId, userId: actor.userId, status: 'completed', progress: 1 }));
  }
  return { url: String(settings.url ?? ''), allowed: learning || manager, slug: course.slug };
}
