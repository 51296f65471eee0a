/** progress.ts: the one entry point of activity progress and course completion, on both databases. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner } from './helpers/factories.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { completeCourseIfDone, isDone, onCourseCompleted, recordActivityProgress } from '../src/modules/courses/progress.js';

let t: TestApp;
const completions: Array<{ courseId: number; userId: number }> = [];
before(async () => {
  t = await makeTestApp();
  onCourseCompleted(async (_trx, e) => void completions.push({ courseId: e.courseId, userId: e.userId }));
});
after(() => t.close());

const calls = (courseId: number, userId: number) => completions.filter((c) => c.courseId === courseId && c.userId === userId).length;

async function setup(activities: Array<{ type: string; required?: boolean }>) {
  const db = t.database.db;
  const userId = await makeLearner(db);
  const course = await makeCourse(db, { activities });
  await enrol(db, course.courseId, userId);
  return { db, userId, ...course };
}

const row = (userId: number, activityId: number) =>
  t.database.db.selectFrom('activity_progress').selectAll().where('user_id', '=', userId).where('activity_id', '=', activityId).executeTakeFirstOrThrow();
const enrolment = (userId: number, courseId: number) =>
  t.database.db.selectFrom('enrolments').selectAll().where('user_id', '=', userId).where('course_id', '=', courseId).executeTakeFirstOrThrow();

test('isDone: completed and passed are done, nothing else', () => {
  assert.deepEqual(['completed', 'passed', 'failed', 'in_progress', 'not_started', null, undefined].map(isDone), [true, true, false, false, false, false, false]);
});

test('progress only goes up unless a downgrade is allowed; the share keeps its highest value', async () => {
  const { db, userId, activityIds: [a] } = await setup([{ type: 'video' }, { type: 'link' }]);
  await recordActivityProgress(db, { activityId: a, userId, status: 'in_progress', progress: 0.4 });
  await recordActivityProgress(db, { activityId: a, userId, status: 'in_progress', progress: 0.2 });
  assert.equal((await row(userId, a)).progress, 0.4);
  await recordActivityProgress(db, { activityId: a, userId, status: 'completed', progress: 0.95 });
  const completedAt = (await row(userId, a)).completed_at;
  assert.ok(completedAt);
  await recordActivityProgress(db, { activityId: a, userId, status: 'in_progress', progress: 0.1 });
  assert.equal((await row(userId, a)).status, 'completed', 'a later, lower report does not undo completion');
  assert.equal((await row(userId, a)).completed_at, completedAt, 'the first completion time is kept');
  await recordActivityProgress(db, { activityId: a, userId, status: 'failed', allowDowngrade: true });
  const after = await row(userId, a);
  assert.equal(after.status, 'failed');
  assert.equal(after.completed_at, null);
});

test('the enrolment gets started_at at the first report', async () => {
  const { db, userId, courseId, activityIds: [a] } = await setup([{ type: 'link' }, { type: 'link' }]);
  assert.equal((await enrolment(userId, courseId)).started_at, null);
  await recordActivityProgress(db, { activityId: a, userId, status: 'in_progress' });
  assert.ok((await enrolment(userId, courseId)).started_at);
});

test('a course completes when every required activity is done, not before; optional ones do not count', async () => {
  const { db, userId, courseId, activityIds: [a, b, optional] } = await setup([{ type: 'link' }, { type: 'video' }, { type: 'quiz', required: false }]);
  assert.equal(await recordActivityProgress(db, { activityId: a, userId, status: 'completed' }), false);
  assert.equal(await recordActivityProgress(db, { activityId: b, userId, status: 'in_progress', progress: 0.89 }), false);
  assert.equal((await enrolment(userId, courseId)).status, 'active');
  assert.equal(calls(courseId, userId), 0);
  assert.equal(await recordActivityProgress(db, { activityId: b, userId, status: 'passed' }), true);
  const e = await enrolment(userId, courseId);
  assert.equal(e.status, 'completed');
  assert.ok(e.completed_at);
  assert.equal(calls(courseId, userId), 1);
  assert.equal(optional > 0, true);
});

test('listeners are told exactly once, however often the last activity is reported again', async () => {
  const { db, userId, courseId, activityIds: [a] } = await setup([{ type: 'link' }]);
  assert.equal(await recordActivityProgress(db, { activityId: a, userId, status: 'completed' }), true);
  for (let i = 0; i < 3; i++) assert.equal(await recordActivityProgress(db, { activityId: a, userId, status: 'completed' }), false);
  assert.equal(await completeCourseIfDone(db, courseId, userId), false);
  // Two reports at once (two tabs): still one completion.
  const other = await setup([{ type: 'link' }]);
  await Promise.all([1, 2].map(() => t.database.db.transaction().execute((trx) => recordActivityProgress(trx, { activityId: other.activityIds[0], userId: other.userId, status: 'completed' }))));
  assert.equal(calls(courseId, userId), 1);
  assert.equal(calls(other.courseId, other.userId), 1);
});

test('no completion without an active enrolment (not enrolled, or left)', async () => {
  const db = t.database.db;
  const userId = await makeLearner(db);
  const { courseId, activityIds: [a] } = await makeCourse(db, { activities: [{ type: 'link' }] });
  assert.equal(await recordActivityProgress(db, { activityId: a, userId, status: 'completed' }), false);
  assert.equal((await row(userId, a)).status, 'completed', 'the progress itself is recorded');
  const left = await setup([{ type: 'link' }]);
  await db.updateTable('enrolments').set({ status: 'left', left_at: new Date().toISOString() }).where('user_id', '=', left.userId).execute();
  assert.equal(await recordActivityProgress(db, { activityId: left.activityIds[0], userId: left.userId, status: 'completed' }), false);
  assert.equal((await enrolment(left.userId, left.courseId)).status, 'left');
  assert.equal(calls(courseId, userId) + calls(left.courseId, left.userId), 0);
});

test('an unknown activity is ignored', async () => {
  assert.equal(await recordActivityProgress(t.database.db, { activityId: 987654, userId: 1, status: 'completed' }), false);
});
