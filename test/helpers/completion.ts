/** Learning progress for tests: completing activities through the one real entry point, competence tags. */
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { recordActivityProgress } from '../../src/modules/courses/progress.js';
import type { ProgressStatus } from '../../src/modules/courses/activity-types.js';

/** Reports progress inside a transaction, as SCORM commits and video beacons do; true when it completed the course. */
export async function reportProgress(
  db: Kysely<DB>,
  activityId: number,
  userId: number,
  status: ProgressStatus = 'completed',
  extra: { score?: number; timeSeconds?: number } = {},
): Promise<boolean> {
  return db.transaction().execute((trx) => recordActivityProgress(trx, { activityId, userId, status, ...extra }));
}

/** Tags a course or an activity with competence codes. */
export async function tagCompetences(db: Kysely<DB>, subjectType: 'course' | 'activity', subjectId: number, codes: string[]): Promise<void> {
  await db
    .insertInto('content_tags')
    .values(codes.map((code) => ({ subject_type: subjectType, subject_id: subjectId, kind: 'competence', code })))
    .execute();
}
