/** Authoring commands for activities inside a course's topics: add, edit, reorder, remove (scope first, audited). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import type { Actor } from '../../core/policy.js';
import { referenceLists } from './reference.js';
import { parseSettings, validateActivity, type ActivityInput, type ActivityValues } from './activity-input.js';
import type { ActivityType, QuizSettings } from './activity-types.js';
import { loadManagedCourse, structureChanged } from './service.js';
import * as repo from './repository.js';
import { refreshAfterActivityTags } from '../skills/basic-skills-attained.js';

async function checked(db: Kysely<DB>, courseId: number, type: ActivityType, input: ActivityInput, currentPackageId?: number) {
  const topics = await repo.topicsOf(db, courseId);
  const packages = type === 'scorm' ? await repo.latestPackages(db) : [];
  // An activity keeps launching the version it was set to, even after a newer one was uploaded.
  const packageIds = new Set([...packages.map((p) => p.id), ...(currentPackageId ? [currentPackageId] : [])]);
  const { values, errors } = validateActivity(type, input, { ref: await referenceLists(db), topicIds: new Set(topics.map((t) => t.id)), packageIds });
  if (!values) throw new AppError('ACTIVITY_INVALID', 422, {}, errors);
  return values;
}

const columns = (v: ActivityValues) => ({ title: v.title, required: v.required ? 1 : 0, settings: JSON.stringify(v.settings) });

export async function addActivity(db: Kysely<DB>, actor: Actor | undefined, courseId: number, type: ActivityType, input: ActivityInput): Promise<number> {
  const course = await loadManagedCourse(db, actor, courseId);
  const values = await checked(db, courseId, type, input);
  return db.transaction().execute(async (trx) => {
    const now = new Date().toISOString();
    const position = await repo.nextPosition(trx, 'activities', 'topic_id', values.topicId);
    const { id } = await trx
      .insertInto('activities')
      .values({ course_id: courseId, topic_id: values.topicId, position, type, ...columns(values), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await repo.setTags(trx, 'activity', id, 'competence', values.competences);
    await structureChanged(trx, actor, course, 'activity.add', { activityId: id, type });
    return id;
  });
}

/** The activity, only when it belongs to a course in the caller's scope. */
export async function loadManagedActivity(db: Kysely<DB>, actor: Actor | undefined, courseId: number, activityId: number) {
  const course = await loadManagedCourse(db, actor, courseId);
  const activity = await repo.activityById(db, activityId);
  if (!activity || activity.course_id !== course.id) throw notFound();
  return { course, activity };
}

export async function updateActivity(db: Kysely<DB>, actor: Actor | undefined, courseId: number, activityId: number, input: ActivityInput) {
  const { course, activity } = await loadManagedActivity(db, actor, courseId, activityId);
  const current = parseSettings(activity.settings);
  const values = await checked(db, courseId, activity.type as ActivityType, input, Number(current.packageId) || undefined);
  // A quiz's settings belong to the quiz engine (which quiz it runs): the form never changes them.
  if (activity.type === 'quiz') values.settings = current as QuizSettings;
  await db.transaction().execute(async (trx) => {
    const moved = values.topicId !== activity.topic_id;
    const position = moved ? await repo.nextPosition(trx, 'activities', 'topic_id', values.topicId) : activity.position;
    await trx
      .updateTable('activities')
      .set({ ...columns(values), topic_id: values.topicId, position, updated_at: new Date().toISOString() })
      .where('id', '=', activityId)
      .execute();
    await repo.setTags(trx, 'activity', activityId, 'competence', values.competences);
    await refreshAfterActivityTags(trx, activityId); // the basic-skills rule reads the competences of done activities
    await structureChanged(trx, actor, course, 'activity.update', { activityId });
  });
}

export async function moveActivity(db: Kysely<DB>, actor: Actor | undefined, courseId: number, activityId: number, direction: 'up' | 'down') {
  const { course, activity } = await loadManagedActivity(db, actor, courseId, activityId);
  const siblings = (await repo.activitiesOf(db, courseId)).filter((a) => a.topic_id === activity.topic_id);
  const index = siblings.findIndex((a) => a.id === activityId);
  const otherIndex = direction === 'up' ? index - 1 : index + 1;
  if (otherIndex < 0 || otherIndex >= siblings.length) return;
  const order = siblings.map((a) => a.id);
  [order[index], order[otherIndex]] = [order[otherIndex], order[index]];
  await db.transaction().execute(async (trx) => {
    for (const [i, id] of order.entries()) await trx.updateTable('activities').set({ position: i + 1 }).where('id', '=', id).execute();
    await structureChanged(trx, actor, course, 'activity.move', { activityId, direction });
  });
}

/**
 * Removes an activity nobody has started. Once learners have progress in it, removing it would erase
 * their history: the manager makes it optional instead (the page says so).
 */
export async function removeActivity(db: Kysely<DB>, actor: Actor | undefined, courseId: number, activityId: number) {
  const { course } = await loadManagedActivity(db, actor, courseId, activityId);
  const learners = await repo.progressCount(db, activityId);
  if (learners > 0) throw new AppError('ACTIVITY_HAS_PROGRESS', 409, { count: learners });
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('content_tags').where('subject_type', '=', 'activity').where('subject_id', '=', activityId).execute();
    await trx.deleteFrom('activities').where('id', '=', activityId).execute();
    await structureChanged(trx, actor, course, 'activity.remove', { activityId });
  });
}
