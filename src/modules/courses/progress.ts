/**
 * The one way an activity reports a learner's progress (SCORM commits, video beacons, document opens,
 * quiz attempts). Runs inside the caller's transaction: the activity's progress row, then the course's
 * completion (all required activities done), then whoever listens for completed courses (certificates).
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { ProgressStatus } from './activity-types.js';
import { refreshBasicSkills } from '../skills/basic-skills-attained.js';

type Conn = Kysely<DB> | Transaction<DB>;

const DONE: ProgressStatus[] = ['completed', 'passed'];
const RANK: Record<ProgressStatus, number> = { not_started: 0, in_progress: 1, failed: 2, completed: 3, passed: 4 };

export interface ProgressReport {
  activityId: number;
  userId: number;
  status: ProgressStatus;
  score?: number | null;
  /** Share done 0..1 (video). */
  progress?: number | null;
  timeSeconds?: number;
  /** A later report may lower the status (e.g. a new SCORM attempt); otherwise progress only goes up. */
  allowDowngrade?: boolean;
}

export type CourseCompletedListener = (trx: Conn, e: { courseId: number; userId: number; completedAt: string }) => Promise<void>;
const listeners: CourseCompletedListener[] = [];

/** Certificates (and later, reports) subscribe here. */
export function onCourseCompleted(listener: CourseCompletedListener): void {
  listeners.push(listener);
}

export function isDone(status: string | null | undefined): boolean {
  return DONE.includes(status as ProgressStatus);
}

/** Records progress; returns true when this report completed the course. */
export async function recordActivityProgress(db: Conn, r: ProgressReport): Promise<boolean> {
  const now = new Date().toISOString();
  const activity = await db.selectFrom('activities').select(['id', 'course_id']).where('id', '=', r.activityId).executeTakeFirst();
  if (!activity) return false;
  const current = await db
    .selectFrom('activity_progress')
    .selectAll()
    .where('activity_id', '=', r.activityId)
    .where('user_id', '=', r.userId)
    .executeTakeFirst();
  const status: ProgressStatus =
    current && !r.allowDowngrade && RANK[current.status as ProgressStatus] > RANK[r.status] ? (current.status as ProgressStatus) : r.status;
  const completedAt = isDone(status) ? (current?.completed_at ?? now) : null;
  const values = {
    status,
    score: r.score ?? current?.score ?? null,
    progress: Math.max(r.progress ?? 0, current?.progress ?? 0) || null,
    time_seconds: r.timeSeconds ?? current?.time_seconds ?? 0,
    completed_at: completedAt,
    updated_at: now,
  };
  if (current) {
    await db.updateTable('activity_progress').set(values).where('id', '=', current.id).execute();
  } else {
    await db
      .insertInto('activity_progress')
      .values({ activity_id: r.activityId, user_id: r.userId, ...values })
      .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doUpdateSet(values))
      .execute();
  }
  await db
    .updateTable('enrolments')
    .set({ started_at: now })
    .where('course_id', '=', activity.course_id)
    .where('user_id', '=', r.userId)
    .where('started_at', 'is', null)
    .execute();
  if (!isDone(status) || isDone(current?.status)) {
    // Done → not done again (a new SCORM attempt): the basic-skills rule reads done activities.
    if (isDone(current?.status) && !isDone(status)) await refreshBasicSkills(db, [r.userId]);
    return false;
  }
  const completed = await completeCourseIfDone(db, activity.course_id, r.userId);
  if (!completed) await refreshBasicSkills(db, [r.userId]); // (a completed course refreshed it already)
  return completed;
}

/** Marks the enrolment completed when every required activity is done; tells the listeners once. */
export async function completeCourseIfDone(db: Conn, courseId: number, userId: number): Promise<boolean> {
  const enrolment = await db
    .selectFrom('enrolments')
    .select(['id', 'status'])
    .where('course_id', '=', courseId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!enrolment || enrolment.status !== 'active') return false;
  const remaining = await db
    .selectFrom('activities')
    .leftJoin('activity_progress', (join) =>
      join.onRef('activity_progress.activity_id', '=', 'activities.id').on('activity_progress.user_id', '=', userId),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('activities.course_id', '=', courseId)
    .where('activities.required', '=', 1)
    .where((eb) => eb.or([eb('activity_progress.status', 'is', null), eb('activity_progress.status', 'not in', DONE)]))
    .executeTakeFirstOrThrow();
  if (Number(remaining.n) > 0) return false;
  const completedAt = new Date().toISOString();
  const updated = await db
    .updateTable('enrolments')
    .set({ status: 'completed', completed_at: completedAt })
    .where('id', '=', enrolment.id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) !== 1) return false;
  await refreshBasicSkills(db, [userId]);
  for (const listener of listeners) await listener(db, { courseId, userId, completedAt });
  return true;
}
