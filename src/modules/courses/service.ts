/**
 * Authoring commands for content managers: a course, its topics. Every command loads the course inside
 * the caller's 'course:manage' scope first (404 outside it), validates, writes in one transaction and
 * leaves an audit entry (course.create, course.update, course.publish).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { cleanName } from '../../core/text.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { unitsUnder, type UnitRow } from '../units/repository.js';
import { referenceLists } from './reference.js';
import { freeSlug, slugify, validateCourse, TITLE_MAX, type CourseInput, type CourseFormValues } from './course-input.js';
import * as repo from './repository.js';
import './capabilities.js';
import { refreshAfterCourseTags } from '../skills/basic-skills-attained.js';

export const MANAGE = 'course:manage';

const invalid = (fields: Record<string, string>) => new AppError('COURSE_INVALID', 422, {}, fields);

/** Units the caller may host a course at (their scope, not retired). */
export function hostUnits(db: Kysely<DB>, actor: Actor | undefined): Promise<UnitRow[]> {
  return unitsUnder(db, scopePaths(actor, MANAGE));
}

export async function loadManagedCourse(db: repo.Conn, actor: Actor | undefined, id: number): Promise<repo.CourseRow> {
  const course = await repo.managedCourse(db, scopePaths(actor, MANAGE), id);
  if (!course) throw notFound();
  return course;
}

async function checked(db: Kysely<DB>, actor: Actor | undefined, input: CourseInput) {
  const units = await hostUnits(db, actor);
  const { values, errors } = validateCourse(input, await referenceLists(db), new Set(units.map((u) => u.code)));
  if (!values) throw invalid(errors);
  return { values, hostUnit: units.find((u) => u.code === values.hostUnitCode)! };
}

async function writeTags(db: repo.Conn, courseId: number, v: CourseFormValues) {
  await repo.setTags(db, 'course', courseId, 'competence', v.competences);
  await repo.setTags(db, 'course', courseId, 'theme', v.themes);
}

const columns = (v: CourseFormValues, hostUnitId: number) => ({
  title: v.title,
  search_title: v.searchTitle,
  description: v.description,
  host_unit_id: hostUnitId,
  enrolment: v.enrolment,
  audience: v.audience.join(','),
  status: v.status,
});

async function assertPublishable(db: repo.Conn, courseId: number | undefined, status: string) {
  if (status !== 'published') return;
  const activities = courseId === undefined ? [] : await repo.activitiesOf(db, courseId);
  if (activities.length === 0) throw invalid({ status: 'COURSE_PUBLISH_EMPTY' });
}

export async function createCourse(db: Kysely<DB>, actor: Actor | undefined, input: CourseInput): Promise<number> {
  const { values, hostUnit } = await checked(db, actor, input);
  await assertPublishable(db, undefined, values.status);
  return db.transaction().execute(async (trx) => {
    const base = slugify(values.title);
    const slug = freeSlug(base, await repo.slugsLike(trx, base));
    const id = await repo.insertCourse(trx, { ...columns(values, hostUnit.id), slug, owner_id: actor?.userId ?? null });
    await writeTags(trx, id, values);
    await audit(trx, actor, { action: 'course.create', unitId: hostUnit.id, targetType: 'course', targetId: id, details: { slug, status: values.status } });
    return id;
  });
}

export async function updateCourseDetails(db: Kysely<DB>, actor: Actor | undefined, id: number, input: CourseInput): Promise<void> {
  const course = await loadManagedCourse(db, actor, id);
  const { values, hostUnit } = await checked(db, actor, input);
  await assertPublishable(db, id, values.status);
  await db.transaction().execute(async (trx) => {
    await repo.updateCourse(trx, id, columns(values, hostUnit.id));
    await writeTags(trx, id, values);
    await refreshAfterCourseTags(trx, id); // the basic-skills rule reads the competences of completed courses
    const publishing = values.status === 'published' && course.status !== 'published';
    await audit(trx, actor, {
      action: publishing ? 'course.publish' : 'course.update',
      unitId: hostUnit.id,
      targetType: 'course',
      targetId: id,
      details: { status: values.status, ...(course.status !== values.status ? { from: course.status } : {}) },
    });
  });
}

/** Structure changes (topics, activities) are course updates too: touched and audited. */
export async function structureChanged(db: repo.Conn, actor: Actor | undefined, course: repo.CourseRow, change: string, details: Record<string, unknown> = {}) {
  await repo.updateCourse(db, course.id, {});
  await audit(db, actor, { action: 'course.update', unitId: course.host_unit_id, targetType: 'course', targetId: course.id, details: { change, ...details } });
}

function topicTitle(raw: string | undefined): string {
  const title = cleanName(raw ?? '');
  if (!title) throw invalid({ title: 'TOPIC_TITLE_REQUIRED' });
  if (title.length > TITLE_MAX) throw invalid({ title: 'TOPIC_TITLE_TOO_LONG' });
  return title;
}

async function managedTopic(db: repo.Conn, actor: Actor | undefined, courseId: number, topicId: number) {
  const course = await loadManagedCourse(db, actor, courseId);
  const topics = await repo.topicsOf(db, courseId);
  const index = topics.findIndex((t) => t.id === topicId);
  if (index < 0) throw notFound();
  return { course, topics, index, topic: topics[index] };
}

export async function addTopic(db: Kysely<DB>, actor: Actor | undefined, courseId: number, rawTitle: string | undefined): Promise<number> {
  const course = await loadManagedCourse(db, actor, courseId);
  const title = topicTitle(rawTitle);
  return db.transaction().execute(async (trx) => {
    const position = await repo.nextPosition(trx, 'topics', 'course_id', courseId);
    const { id } = await trx.insertInto('topics').values({ course_id: courseId, position, title, description: '' }).returning('id').executeTakeFirstOrThrow();
    await structureChanged(trx, actor, course, 'topic.add', { topicId: id });
    return id;
  });
}

export async function renameTopic(db: Kysely<DB>, actor: Actor | undefined, courseId: number, topicId: number, rawTitle: string | undefined) {
  const { course } = await managedTopic(db, actor, courseId, topicId);
  const title = topicTitle(rawTitle);
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('topics').set({ title }).where('id', '=', topicId).execute();
    await structureChanged(trx, actor, course, 'topic.rename', { topicId });
  });
}

export async function moveTopic(db: Kysely<DB>, actor: Actor | undefined, courseId: number, topicId: number, direction: 'up' | 'down') {
  const { course, topics, index } = await managedTopic(db, actor, courseId, topicId);
  const other = topics[direction === 'up' ? index - 1 : index + 1];
  if (!other) return;
  await db.transaction().execute(async (trx) => {
    // Renumber the whole list in its new order: positions stay 1..n even after removals.
    const order = topics.map((t) => t.id);
    [order[index], order[topics.indexOf(other)]] = [other.id, topicId];
    for (const [i, id] of order.entries()) await trx.updateTable('topics').set({ position: i + 1 }).where('id', '=', id).execute();
    await structureChanged(trx, actor, course, 'topic.move', { topicId, direction });
  });
}

export async function removeTopic(db: Kysely<DB>, actor: Actor | undefined, courseId: number, topicId: number) {
  const { course } = await managedTopic(db, actor, courseId, topicId);
  const activities = (await repo.activitiesOf(db, courseId)).filter((a) => a.topic_id === topicId);
  if (activities.length) throw new AppError('TOPIC_NOT_EMPTY', 409);
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('topics').where('id', '=', topicId).execute();
    await structureChanged(trx, actor, course, 'topic.remove', { topicId });
  });
}
