/** A person's learning records for their personal-data export: courses, activities, SCORM and quiz attempts, certificates. */
import type { Kysely } from 'kysely';
import { Type, type Static } from '@sinclair/typebox';
import type { DB } from '../../db/schema.js';
import { CONTEST_CONTEXT } from '../contests/repository.js';

const NullableString = () => Type.Union([Type.String(), Type.Null()]);
const NullableNumber = () => Type.Union([Type.Number(), Type.Null()]);

export const LearningRecordsSchema = Type.Object({
  enrolments: Type.Array(
    Type.Object({ course: Type.String(), status: Type.String(), enrolledAt: Type.String(), completedAt: NullableString(), leftAt: NullableString() }),
  ),
  activities: Type.Array(
    Type.Object({ course: Type.String(), activity: Type.String(), status: Type.String(), score: NullableNumber(), progress: NullableNumber(), completedAt: NullableString() }),
  ),
  scormAttempts: Type.Array(
    Type.Object({ activity: Type.String(), sco: Type.String(), attempt: Type.Integer(), completionStatus: NullableString(), successStatus: NullableString(), scoreScaled: NullableNumber(), totalTimeSeconds: Type.Integer(), updatedAt: Type.String() }),
  ),
  quizAttempts: Type.Array(
    Type.Object({ quiz: Type.String(), number: Type.Integer(), state: Type.String(), startedAt: Type.String(), finishedAt: NullableString(), percent: NullableNumber() }),
  ),
  certificates: Type.Array(
    Type.Object({ code: Type.String(), course: Type.String(), issuedAt: Type.String(), revokedAt: NullableString() }),
  ),
});
export type LearningRecords = Static<typeof LearningRecordsSchema>;

export async function learningRecordsOf(db: Kysely<DB>, userId: number): Promise<LearningRecords> {
  const [enrolments, activities, scormAttempts, quizAttempts, certificates] = await Promise.all([
    db
      .selectFrom('enrolments')
      .innerJoin('courses', 'courses.id', 'enrolments.course_id')
      .select(['courses.title as course', 'enrolments.status', 'enrolments.enrolled_at as enrolledAt', 'enrolments.completed_at as completedAt', 'enrolments.left_at as leftAt'])
      .where('enrolments.user_id', '=', userId)
      .orderBy('enrolments.enrolled_at')
      .execute(),
    db
      .selectFrom('activity_progress')
      .innerJoin('activities', 'activities.id', 'activity_progress.activity_id')
      .innerJoin('courses', 'courses.id', 'activities.course_id')
      .select(['courses.title as course', 'activities.title as activity', 'activity_progress.status', 'activity_progress.score', 'activity_progress.progress', 'activity_progress.completed_at as completedAt'])
      .where('activity_progress.user_id', '=', userId)
      .orderBy('activity_progress.id')
      .execute(),
    db
      .selectFrom('scorm_attempts')
      .innerJoin('activities', 'activities.id', 'scorm_attempts.activity_id')
      .select(['activities.title as activity', 'scorm_attempts.sco_id as sco', 'scorm_attempts.attempt', 'scorm_attempts.completion_status as completionStatus', 'scorm_attempts.success_status as successStatus', 'scorm_attempts.score_scaled as scoreScaled', 'scorm_attempts.total_time_seconds as totalTimeSeconds', 'scorm_attempts.updated_at as updatedAt'])
      .where('scorm_attempts.user_id', '=', userId)
      .orderBy('scorm_attempts.id')
      .execute(),
    db
      .selectFrom('quiz_attempts')
      .innerJoin('quizzes', 'quizzes.id', 'quiz_attempts.quiz_id')
      .select(['quizzes.title as quiz', 'quiz_attempts.number', 'quiz_attempts.state', 'quiz_attempts.started_at as startedAt', 'quiz_attempts.finished_at as finishedAt', 'quiz_attempts.percent'])
      .where('quiz_attempts.user_id', '=', userId)
      // Contest attempts are in community-records.ts, with their contest and round (and the result only once shown).
      .where('quiz_attempts.context_type', '!=', CONTEST_CONTEXT)
      .orderBy('quiz_attempts.id')
      .execute(),
    db
      .selectFrom('certificates')
      .select(['code', 'course_title as course', 'issued_at as issuedAt', 'revoked_at as revokedAt'])
      .where('user_id', '=', userId)
      .orderBy('issued_at')
      .execute(),
  ]);
  return { enrolments, activities, scormAttempts, quizAttempts, certificates };
}
