/** Learning: joining and leaving, the activity pages, video/document/link progress, completion, privacy between learners. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner, makePerson, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { onCourseCompleted } from '../src/modules/courses/progress.js';

let t: TestApp;
const completions: Array<{ courseId: number; userId: number }> = [];

before(async () => {
  t = await makeTestApp();
  onCourseCompleted(async (_trx, e) => void completions.push({ courseId: e.courseId, userId: e.userId }));
});
after(() => t.close());

async function person(fullName = 'Phạm Thị Học') {
  const id = await makeLearner(t.database.db, { fullName });
  return { id, client: new TestClient(t.app, await sessionCookie(t.database.db, id)) };
}
const enrolmentOf = (courseId: number, userId: number) =>
  t.database.db.selectFrom('enrolments').selectAll().where('course_id', '=', courseId).where('user_id', '=', userId).executeTakeFirst();
const progressOf = (activityId: number, userId: number) =>
  t.database.db.selectFrom('activity_progress').selectAll().where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();

const videoAndDoc = [
  { type: 'video', title: 'Video hướng dẫn', settings: { url: '/files/huong-dan.mp4', minWatchedShare: 0.9 } },
  { type: 'document', title: 'Sổ tay', settings: { url: 'https://example.vn/so-tay.pdf' } },
  { type: 'quiz', title: 'Kiểm tra', required: false },
];

test('self-enrolment in an open course: the page offers to join, then shows progress and "Rời khóa học"', async () => {
  const { courseId } = await makeCourse(t.database.db, { title: 'Tham gia tự do', slug: 'tham-gia-tu-do' });
  const anonymous = await new TestClient(t.app).get('/khoa-hoc/tham-gia-tu-do');
  assert.match(anonymous.body, /href="\/dang-nhap\?next=%2Fkhoa-hoc%2Ftham-gia-tu-do"/);
  const { id, client } = await person();
  const page = await client.get('/khoa-hoc/tham-gia-tu-do');
  assert.match(page.body, /<form method="post" action="\/khoa-hoc\/tham-gia-tu-do\/tham-gia"/);
  assert.match(page.body, /Tham gia khóa học/);
  const joined = await client.postForm('/khoa-hoc/tham-gia-tu-do/tham-gia', {});
  assert.equal(joined.statusCode, 303);
  assert.equal(joined.headers.location, '/khoa-hoc/tham-gia-tu-do?done=joined');
  const e = await enrolmentOf(courseId, id);
  assert.deepEqual([e?.status, e?.source], ['active', 'self']);
  const after = await client.get('/khoa-hoc/tham-gia-tu-do?done=joined');
  assert.match(after.body, /Bạn đã tham gia khóa học/);
  assert.match(after.body, /<progress max="100" value="0"/);
  assert.match(after.body, /Rời khóa học/);
  assert.equal((await client.postForm('/khoa-hoc/tham-gia-tu-do/tham-gia', {})).statusCode, 303, 'joining twice is harmless');
  assert.equal((await t.database.db.selectFrom('enrolments').select('id').where('course_id', '=', courseId).execute()).length, 1);
  assert.equal((await new TestClient(t.app).postForm('/khoa-hoc/tham-gia-tu-do/tham-gia', {})).statusCode, 401, 'signed in only');
});

test('leaving keeps the history; joining again reactivates the same row with its progress', async () => {
  const db = t.database.db;
  const { courseId, activityIds } = await makeCourse(db, { slug: 'roi-va-quay-lai', activities: [{ type: 'link', settings: { url: 'https://a.vn' } }, { type: 'link', settings: { url: 'https://b.vn' } }] });
  const { id, client } = await person();
  await client.postForm('/khoa-hoc/roi-va-quay-lai/tham-gia', {});
  const first = (await enrolmentOf(courseId, id))!;
  await client.get(`/hoc-tap/hoat-dong/${activityIds[0]}/mo`);
  const left = await client.postForm('/khoa-hoc/roi-va-quay-lai/roi', {});
  assert.equal(left.statusCode, 303);
  const gone = (await enrolmentOf(courseId, id))!;
  assert.equal(gone.status, 'left');
  assert.ok(gone.left_at);
  assert.equal((await progressOf(activityIds[0], id))?.status, 'completed', 'progress is kept');
  const home = await client.get('/hoc-tap');
  assert.doesNotMatch(home.body, /roi-va-quay-lai/);
  const page = await client.get('/khoa-hoc/roi-va-quay-lai');
  assert.match(page.body, /Bạn đã rời khóa học này ngày/);
  assert.match(page.body, /Tham gia lại/);
  // Activities need the learner back in the course first.
  const activity = await client.get(`/hoc-tap/hoat-dong/${activityIds[1]}`);
  assert.match(activity.body, /Bạn cần tham gia khóa học/);
  assert.equal((await client.get(`/hoc-tap/hoat-dong/${activityIds[1]}/mo`)).headers.location, `/hoc-tap/hoat-dong/${activityIds[1]}`);
  assert.equal((await progressOf(activityIds[1], id)), undefined);
  await client.postForm('/khoa-hoc/roi-va-quay-lai/tham-gia', { next: `/hoc-tap/hoat-dong/${activityIds[1]}` });
  const again = (await enrolmentOf(courseId, id))!;
  assert.deepEqual([again.id, again.status, again.left_at, again.enrolled_at, again.started_at], [first.id, 'active', null, first.enrolled_at, gone.started_at]);
  assert.match((await client.get('/khoa-hoc/roi-va-quay-lai')).body, /<progress max="100" value="50"/);
  assert.equal((await client.postForm('/khoa-hoc/roi-va-quay-lai/roi', {})).statusCode, 303);
  assert.equal((await client.postForm('/khoa-hoc/roi-va-quay-lai/roi', {})).statusCode, 409, 'cannot leave twice');
});

test('assigned courses: "Khóa học do đơn vị giao", no self-enrolment, 404 for anyone not enrolled, no leaving', async () => {
  const db = t.database.db;
  const { courseId, activityIds } = await makeCourse(db, { slug: 'don-vi-giao', enrolment: 'assigned' });
  const outsider = await person();
  assert.equal((await outsider.client.get('/khoa-hoc/don-vi-giao')).statusCode, 404);
  assert.equal((await outsider.client.get(`/hoc-tap/hoat-dong/${activityIds[0]}`)).statusCode, 404);
  assert.equal((await outsider.client.get(`/hoc-tap/hoat-dong/${activityIds[0]}/mo`)).statusCode, 404);
  assert.equal((await outsider.client.postForm('/khoa-hoc/don-vi-giao/tham-gia', {})).statusCode, 404);
  const member = await person();
  await enrol(db, courseId, member.id, 'unit');
  const page = await member.client.get('/khoa-hoc/don-vi-giao');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Khóa học do đơn vị giao/);
  assert.doesNotMatch(page.body, /Rời khóa học/);
  assert.equal((await member.client.postForm('/khoa-hoc/don-vi-giao/roi', {})).statusCode, 409);
  assert.equal((await member.client.get(`/hoc-tap/hoat-dong/${activityIds[0]}`)).statusCode, 200);
});

test('a document opens through the site: recorded as completed, then redirected to the PDF (no JavaScript)', async () => {
  const { activityIds } = await makeCourse(t.database.db, { slug: 'tai-lieu', activities: videoAndDoc });
  const { id, client } = await person();
  await client.postForm('/khoa-hoc/tai-lieu/tham-gia', {});
  const page = await client.get(`/hoc-tap/hoat-dong/${activityIds[1]}`);
  assert.match(page.body, new RegExp(`<a class="button" href="/hoc-tap/hoat-dong/${activityIds[1]}/mo">Mở tài liệu \\(PDF\\)</a>`));
  assert.doesNotMatch(page.body, /<script/);
  const open = await client.get(`/hoc-tap/hoat-dong/${activityIds[1]}/mo`);
  assert.equal(open.statusCode, 303);
  assert.equal(open.headers.location, 'https://example.vn/so-tay.pdf');
  assert.equal((await progressOf(activityIds[1], id))?.status, 'completed');
  const course = await client.get('/khoa-hoc/tai-lieu');
  assert.match(course.body, /Đã hoàn thành/);
  assert.match(course.body, /<progress max="100" value="50"/);
  const quiz = await client.get(`/hoc-tap/hoat-dong/${activityIds[2]}`);
  assert.match(quiz.body, /Bài kiểm tra sắp ra mắt/);
});

test('video: below the minimum share nothing completes; at the share the activity and then the course complete, once', async () => {
  const { courseId, activityIds } = await makeCourse(t.database.db, { slug: 'video', activities: videoAndDoc });
  const { id, client } = await person();
  await client.postForm('/khoa-hoc/video/tham-gia', {});
  const page = await client.get(`/hoc-tap/hoat-dong/${activityIds[0]}`);
  assert.match(page.body, /<video id="video" controls="" preload="metadata"|<video id="video" controls preload="metadata"/);
  assert.match(page.body, new RegExp(`data-progress-url="/api/activities/${activityIds[0]}/progress"`));
  assert.match(page.body, /Xem ít nhất 90 % thời lượng video/);
  const report = (watchedShare: number) => client.sendJson('POST', `/api/activities/${activityIds[0]}/progress`, { watchedShare });
  await client.get(`/hoc-tap/hoat-dong/${activityIds[1]}/mo`);
  const low = await report(0.85);
  assert.equal(low.statusCode, 200, low.body);
  assert.deepEqual(low.json(), { status: 'in_progress', watchedShare: 0.85, courseCompleted: false });
  assert.equal((await enrolmentOf(courseId, id))?.status, 'active');
  assert.equal((await report(0.5)).json().watchedShare, 0.85, 'the highest share is kept');
  assert.match((await client.get('/khoa-hoc/video')).body, /đã xem 85 %/);
  assert.equal(completions.filter((c) => c.courseId === courseId).length, 0);
  const enough = await report(0.9);
  assert.deepEqual(enough.json(), { status: 'completed', watchedShare: 0.9, courseCompleted: true });
  assert.equal((await enrolmentOf(courseId, id))?.status, 'completed');
  assert.equal((await report(1)).json().courseCompleted, false);
  assert.deepEqual(completions.filter((c) => c.courseId === courseId), [{ courseId, userId: id }]);
  const home = await client.get('/hoc-tap');
  assert.match(home.body, /Đã hoàn thành/);
  assert.match(home.body, /Hoàn thành ngày/);
  const clamped = await report(1.5);
  assert.deepEqual([clamped.statusCode, clamped.json().watchedShare], [200, 1], 'clamped to 0..1');
  assert.equal((await client.request({ method: 'POST', url: `/api/activities/${activityIds[0]}/progress`, payload: '{"watchedShare":"lots"}', headers: { 'content-type': 'application/json', 'x-csrf-token': await client.csrfToken() } })).statusCode, 400);
});

test('the beacon: an urlencoded body with the CSRF token as a field; without the token it is refused', async () => {
  const { activityIds } = await makeCourse(t.database.db, { slug: 'beacon', activities: videoAndDoc });
  const { id, client } = await person();
  await client.postForm('/khoa-hoc/beacon/tham-gia', {});
  const url = `/api/activities/${activityIds[0]}/progress`;
  const beacon = (fields: Record<string, string>) =>
    client.request({ method: 'POST', url, payload: new URLSearchParams(fields).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' } });
  assert.equal((await beacon({ watchedShare: '0.3' })).statusCode, 403);
  const ok = await beacon({ watchedShare: '0.3', _csrf: await client.csrfToken() });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal((await progressOf(activityIds[0], id))?.progress, 0.3);
  const plain = await client.request({ method: 'POST', url, payload: JSON.stringify({ watchedShare: 0.4 }), headers: { 'content-type': 'application/json' } });
  assert.equal(plain.statusCode, 403, 'JSON without the header is refused');
});

test('progress reports need an enrolment; a document link is not a video', async () => {
  const { activityIds } = await makeCourse(t.database.db, { slug: 'chua-tham-gia', activities: videoAndDoc });
  const { id, client } = await person();
  const res = await client.sendJson('POST', `/api/activities/${activityIds[0]}/progress`, { watchedShare: 1 });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().error.code, 'COURSE_NOT_JOINED');
  await client.postForm('/khoa-hoc/chua-tham-gia/tham-gia', {});
  assert.equal((await client.sendJson('POST', `/api/activities/${activityIds[1]}/progress`, { watchedShare: 1 })).statusCode, 404);
  assert.equal((await client.sendJson('POST', '/api/activities/999999/progress', { watchedShare: 1 })).statusCode, 404);
  assert.equal(await progressOf(activityIds[0], id), undefined);
});

test('SCORM activities go to the SCORM player; content managers preview without recording anything', async () => {
  const db = t.database.db;
  const { activityIds } = await makeCourse(db, { slug: 'xem-truoc', status: 'draft', hostUnitCode: '10507', activities: [{ type: 'scorm', settings: { packageId: 1, completion: 'completed' } }, { type: 'document', settings: { url: '/files/a.pdf' } }] });
  const managerId = await makePerson(db, { unitCode: '10507', roles: [{ role: 'content_manager', unitCode: '10507' }] });
  const manager = new TestClient(t.app, await sessionCookie(db, managerId));
  assert.equal((await manager.get(`/hoc-tap/hoat-dong/${activityIds[0]}`)).headers.location, `/hoc-tap/scorm/${activityIds[0]}`);
  const preview = await manager.get('/khoa-hoc/xem-truoc');
  assert.equal(preview.statusCode, 200);
  assert.match(preview.body, /Bản nháp/);
  assert.match((await manager.get(`/hoc-tap/hoat-dong/${activityIds[1]}`)).body, /xem trước/);
  assert.equal((await manager.get(`/hoc-tap/hoat-dong/${activityIds[1]}/mo`)).headers.location, '/files/a.pdf');
  assert.equal(await progressOf(activityIds[1], managerId), undefined);
  assert.equal((await (await person()).client.get('/khoa-hoc/xem-truoc')).statusCode, 404, 'a learner does not see drafts');
});

test('a quiz shows "sắp ra mắt" until the quiz engine attaches a quiz; then it opens the quiz player', async () => {
  const db = t.database.db;
  const { activityIds } = await makeCourse(db, { slug: 'kiem-tra', activities: [{ type: 'link', settings: { url: 'https://a.vn' } }, { type: 'quiz', title: 'Kiểm tra', required: false }] });
  const { client } = await person();
  await client.postForm('/khoa-hoc/kiem-tra/tham-gia', {});
  assert.match((await client.get('/khoa-hoc/kiem-tra')).body, /Sắp ra mắt/);
  await db.updateTable('activities').set({ settings: JSON.stringify({ quizId: 7 }) }).where('id', '=', activityIds[1]).execute();
  assert.doesNotMatch((await client.get('/khoa-hoc/kiem-tra')).body, /Sắp ra mắt/);
  assert.equal((await client.get(`/hoc-tap/hoat-dong/${activityIds[1]}`)).headers.location, `/hoc-tap/quiz/${activityIds[1]}`);
});

test('one learner\'s progress is never visible to another', async () => {
  const { activityIds } = await makeCourse(t.database.db, { title: 'Riêng tư', slug: 'rieng-tu', activities: videoAndDoc });
  const a = await person('Người Học A');
  const b = await person('Người Học B');
  for (const p of [a, b]) await p.client.postForm('/khoa-hoc/rieng-tu/tham-gia', {});
  await a.client.get(`/hoc-tap/hoat-dong/${activityIds[1]}/mo`);
  await a.client.sendJson('POST', `/api/activities/${activityIds[0]}/progress`, { watchedShare: 0.6 });
  const pageB = await b.client.get('/khoa-hoc/rieng-tu');
  assert.match(pageB.body, /<progress max="100" value="0"/);
  assert.doesNotMatch(pageB.body, /Đã hoàn thành|đã xem 60 %/);
  assert.match((await a.client.get('/khoa-hoc/rieng-tu')).body, /đã xem 60 %/);
  assert.match((await b.client.get(`/hoc-tap/hoat-dong/${activityIds[0]}`)).body, /id="video-status"[^>]*>Chưa bắt đầu</);
  const homeB = await b.client.get('/hoc-tap');
  assert.match(homeB.body, /<progress max="100" value="0"/);
  // B's report does not move A's numbers, and A's share does not count for B.
  const mine = await b.client.sendJson('POST', `/api/activities/${activityIds[0]}/progress`, { watchedShare: 0.1 });
  assert.equal(mine.json().watchedShare, 0.1);
  const outline = await new TestClient(t.app).get('/api/courses/rieng-tu');
  assert.doesNotMatch(outline.body, /progress|status":"(completed|in_progress)/);
});

test('the learner home: courses in progress with their bars, completed ones, and the catalogue link', async () => {
  const db = t.database.db;
  const { client } = await person();
  const home = await client.get('/hoc-tap');
  assert.match(home.body, /Bạn chưa tham gia khóa học nào/);
  assert.match(home.body, /href="\/khoa-hoc">Xem tất cả khóa học/);
  const { activityIds } = await makeCourse(db, { title: 'Đang học dở', slug: 'dang-hoc-do', activities: [{ type: 'link', settings: { url: 'https://a.vn' } }, { type: 'link', settings: { url: 'https://b.vn' } }, { type: 'link', settings: { url: 'https://c.vn' } }] });
  await client.postForm('/khoa-hoc/dang-hoc-do/tham-gia', {});
  await client.get(`/hoc-tap/hoat-dong/${activityIds[0]}/mo`);
  const after = await client.get('/hoc-tap');
  assert.match(after.body, /<h2 id="dang-hoc">Đang học<\/h2>/);
  assert.match(after.body, /Đang học dở/);
  assert.match(after.body, /<progress max="100" value="33" aria-label="Tiến độ khóa học Đang học dở"/);
  assert.match(after.body, /\(1\/3 hoạt động\)/);
});
