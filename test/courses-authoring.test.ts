/** Authoring courses (/quan-tri/khoa-hoc): scope by host unit, the forms and their errors, topics, activities, audit. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner, makePerson, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { makeCourse } from './helpers/learning.js';
import { recordActivityProgress } from '../src/modules/courses/progress.js';

let t: TestApp;
let cityManager: TestClient;
let managerA: TestClient;
let managerB: TestClient;
let learner: TestClient;

const manager = async (unitCode: string, fullName: string) =>
  new TestClient(t.app, await sessionCookie(t.database.db, await makePerson(t.database.db, { fullName, unitCode, roles: [{ role: 'content_manager', unitCode }] })));

before(async () => {
  t = await makeTestApp();
  cityManager = await manager('31', 'Quản Lý Thành Phố');
  managerA = await manager('10507', 'Quản Lý Thành Đông');
  managerB = await manager('10532', 'Quản Lý Lê Thanh Nghị');
  learner = new TestClient(t.app, await sessionCookie(t.database.db, await makeLearner(t.database.db)));
});
after(() => t.close());

const course = (id: number) => t.database.db.selectFrom('courses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const idFrom = (location: unknown) => Number(/\/quan-tri\/khoa-hoc\/(\d+)/.exec(String(location))?.[1]);
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

async function create(client: TestClient, fields: Record<string, string>) {
  const res = await client.postForm('/quan-tri/khoa-hoc', { title: 'Khóa học', hostUnit: '10507', enrolment: 'open', status: 'draft', ...fields });
  assert.equal(res.statusCode, 303, text(res.body).slice(0, 500));
  return idFrom(res.headers.location);
}

test('a content manager creates a course at their unit: slug from the title, tags, audit course.create', async () => {
  const body = new URLSearchParams({ _csrf: await managerA.csrfToken(), title: 'Kỹ năng số  cơ bản', description: 'Đoạn 1.\n\nĐoạn 2.', hostUnit: '10507', enrolment: 'open', status: 'draft' });
  for (const g of ['trader', 'citizen']) body.append('audience', g);
  for (const c of ['4.2', '1.1']) body.append('competences', c);
  body.append('themes', '2');
  const res = await managerA.request({ method: 'POST', url: '/quan-tri/khoa-hoc', payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.statusCode, 303);
  const id = idFrom(res.headers.location);
  const c = await course(id);
  assert.deepEqual([c.title, c.search_title, c.slug, c.audience, c.status, c.enrolment], ['Kỹ năng số cơ bản', 'ky nang so co ban', 'ky-nang-so-co-ban', 'citizen,trader', 'draft', 'open']);
  const tags = await t.database.db.selectFrom('content_tags').select(['kind', 'code']).where('subject_type', '=', 'course').where('subject_id', '=', id).orderBy('kind').orderBy('code').execute();
  assert.deepEqual(tags, [{ kind: 'competence', code: '1.1' }, { kind: 'competence', code: '4.2' }, { kind: 'theme', code: '2' }]);
  const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'course.create').where('target_id', '=', String(id)).executeTakeFirstOrThrow();
  assert.equal(entry.target_type, 'course');
  const page = await managerA.get(String(res.headers.location));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Đã tạo khóa học/);
  // The same title again: another address.
  assert.equal((await course(await create(managerA, { title: 'Kỹ năng số cơ bản' }))).slug, 'ky-nang-so-co-ban-2');
});

test('the form re-renders with each field\'s error, values kept; publishing needs an activity', async () => {
  const res = await managerA.postForm('/quan-tri/khoa-hoc', { title: '', hostUnit: '10532', enrolment: 'open', status: 'published', description: 'Giữ lại' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Vui lòng nhập tên khóa học/);
  assert.match(res.body, /Vui lòng chọn một đơn vị trong phạm vi bạn quản lý/);
  assert.match(res.body, /href="#f-title"/);
  assert.match(res.body, /aria-invalid="true"/);
  assert.match(res.body, />Giữ lại<\/textarea>/);
  const empty = await managerA.postForm('/quan-tri/khoa-hoc', { title: 'Trống', hostUnit: '10507', enrolment: 'open', status: 'published' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /cần ít nhất một hoạt động trước khi xuất bản/);
  assert.equal((await managerA.postForm('/quan-tri/khoa-hoc', { title: 'X', pirate: '1' })).statusCode, 400, 'unknown fields are refused');
});

test('a content manager of one unit cannot see or change another unit\'s course (404)', async () => {
  const id = await create(managerB, { title: 'Khóa của Lê Thanh Nghị', hostUnit: '10532' });
  const { topicId, activityIds } = await makeCourse(t.database.db, { hostUnitCode: '10532', status: 'draft' });
  const otherId = (await t.database.db.selectFrom('topics').select('course_id').where('id', '=', topicId).executeTakeFirstOrThrow()).course_id;
  const list = await managerA.get('/quan-tri/khoa-hoc');
  assert.doesNotMatch(list.body, /Khóa của Lê Thanh Nghị/);
  for (const url of [`/quan-tri/khoa-hoc/${id}`, `/quan-tri/khoa-hoc/${id}/sua`, `/quan-tri/khoa-hoc/${otherId}/hoat-dong/${activityIds[0]}`, `/quan-tri/khoa-hoc/${id}/hoat-dong/moi?type=link`]) {
    assert.equal((await managerA.get(url)).statusCode, 404, url);
  }
  const posts: Array<[string, Record<string, string>]> = [
    [`/quan-tri/khoa-hoc/${id}/sua`, { title: 'Chiếm', hostUnit: '10507', enrolment: 'open', status: 'draft' }],
    [`/quan-tri/khoa-hoc/${id}/chuyen-de`, { title: 'Chen vào' }],
    [`/quan-tri/khoa-hoc/${otherId}/chuyen-de/${topicId}`, { title: 'Đổi tên' }],
    [`/quan-tri/khoa-hoc/${otherId}/hoat-dong`, { type: 'link', title: 'x', topic: String(topicId), url: 'https://x.vn' }],
    [`/quan-tri/khoa-hoc/${otherId}/hoat-dong/${activityIds[0]}/xoa`, {}],
  ];
  for (const [url, fields] of posts) assert.equal((await managerA.postForm(url, fields)).statusCode, 404, url);
  assert.equal((await course(id)).title, 'Khóa của Lê Thanh Nghị');
  // Moving a course into another unit's subtree is refused too.
  const own = await create(managerA, { title: 'Của Thành Đông' });
  const move = await managerA.postForm(`/quan-tri/khoa-hoc/${own}/sua`, { title: 'Của Thành Đông', hostUnit: '10532', enrolment: 'open', status: 'draft' });
  assert.equal(move.statusCode, 422);
  // A learner has no authoring pages at all.
  assert.equal((await learner.get('/quan-tri/khoa-hoc')).statusCode, 404);
  assert.equal((await learner.postForm('/quan-tri/khoa-hoc', { title: 'x' })).statusCode, 404);
});

test('the city\'s content manager hosts courses for a department and sees every unit\'s courses', async () => {
  const id = await create(cityManager, { title: 'Chuyển đổi số cho Sở Tư pháp', hostUnit: 'STP', enrolment: 'assigned' });
  assert.equal((await course(id)).enrolment, 'assigned');
  const list = await cityManager.get('/quan-tri/khoa-hoc');
  assert.match(list.body, /Chuyển đổi số cho Sở Tư pháp/);
  assert.match(list.body, /Khóa của Lê Thanh Nghị/);
  assert.match(list.body, /Sở Tư pháp/);
  assert.equal((await managerA.get(`/quan-tri/khoa-hoc/${id}`)).statusCode, 404);
});

test('topics: add, rename, move up and down, remove only when empty', async () => {
  const id = await create(managerA, { title: 'Chuyên đề' });
  for (const title of ['Một', 'Hai', 'Ba']) assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de`, { title })).statusCode, 303);
  const topics = async () => (await t.database.db.selectFrom('topics').select(['id', 'title']).where('course_id', '=', id).orderBy('position').execute());
  const [one, two, three] = await topics();
  const blank = await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de`, { title: '  ' });
  assert.equal(blank.statusCode, 422);
  assert.match(blank.body, /Vui lòng nhập tên chuyên đề/);
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de/${two.id}`, { title: 'Hai (mới)' })).statusCode, 303);
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de/${three.id}/di-chuyen`, { direction: 'up' })).statusCode, 303);
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de/${one.id}/di-chuyen`, { direction: 'down' })).statusCode, 303);
  assert.deepEqual((await topics()).map((x) => x.title), ['Ba', 'Một', 'Hai (mới)']);
  await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong`, { type: 'link', title: 'Cổng dịch vụ công', topic: String(one.id), url: 'https://dichvucong.gov.vn', required: '1' });
  const refused = await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de/${one.id}/xoa`, {});
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /Chỉ xóa được chuyên đề không còn hoạt động/);
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de/${three.id}/xoa`, {})).statusCode, 303);
  assert.deepEqual((await topics()).map((x) => x.title), ['Một', 'Hai (mới)']);
  const audit = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'course.update').where('target_id', '=', String(id)).execute();
  assert.ok(audit.some((a) => a.details?.includes('topic.remove')));
});

test('activities: each type\'s form, URL checks, defaults (video 90 %, quiz optional), order, edit, remove', async () => {
  const db = t.database.db;
  const id = await create(managerA, { title: 'Hoạt động' });
  await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de`, { title: 'Chuyên đề 1' });
  const topic = (await db.selectFrom('topics').select('id').where('course_id', '=', id).executeTakeFirstOrThrow()).id;
  const choose = await managerA.get(`/quan-tri/khoa-hoc/${id}/hoat-dong/moi?topic=${topic}`);
  assert.match(choose.body, /name="type" value="video"/);
  const videoForm = await managerA.get(`/quan-tri/khoa-hoc/${id}/hoat-dong/moi?topic=${topic}&type=video`);
  assert.match(videoForm.body, /name="minWatched"[^>]*value="90"/);
  assert.match(videoForm.body, /id="f-required" name="required" value="1" checked/);
  const quizForm = await managerA.get(`/quan-tri/khoa-hoc/${id}/hoat-dong/moi?topic=${topic}&type=quiz`);
  assert.doesNotMatch(quizForm.body, /id="f-required" name="required" value="1" checked/);
  for (const url of ['http://video.example.vn/a.mp4', 'javascript:alert(1)', '//evil.example/a.mp4']) {
    const bad = await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong`, { type: 'video', title: 'Video', topic: String(topic), url, minWatched: '90', required: '1' });
    assert.equal(bad.statusCode, 422, url);
    assert.match(bad.body, /Địa chỉ phải bắt đầu bằng https:\/\//);
    assert.match(bad.body, new RegExp(`value="${url.replace(/[/.()]/g, '\\$&')}"`), 'the value is kept');
  }
  const add = (fields: Record<string, string>) => managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong`, { topic: String(topic), ...fields });
  assert.equal((await add({ type: 'video', title: 'Video VNeID', url: '/files/vneid.mp4', minWatched: '90', required: '1', competences: '2.6' })).statusCode, 303);
  assert.equal((await add({ type: 'document', title: 'Sổ tay', url: 'https://example.vn/so-tay.pdf', required: '1' })).statusCode, 303);
  assert.equal((await add({ type: 'quiz', title: 'Kiểm tra cuối khóa' })).statusCode, 303);
  const rows = await db.selectFrom('activities').select(['id', 'type', 'title', 'required', 'settings', 'position']).where('course_id', '=', id).orderBy('position').execute();
  assert.deepEqual(rows.map((r) => [r.type, r.required, JSON.parse(r.settings)]), [
    ['video', 1, { url: '/files/vneid.mp4', minWatchedShare: 0.9 }],
    ['document', 1, { url: 'https://example.vn/so-tay.pdf' }],
    ['quiz', 0, {}],
  ]);
  const [video, doc, quiz] = rows;
  // The quiz engine attaches its quiz in the settings; editing the activity here keeps it.
  await db.updateTable('activities').set({ settings: JSON.stringify({ quizId: 42 }) }).where('id', '=', quiz.id).execute();
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong/${quiz.id}`, { title: 'Kiểm tra cuối khóa', topic: String(topic) })).statusCode, 303);
  assert.deepEqual(JSON.parse((await db.selectFrom('activities').select('settings').where('id', '=', quiz.id).executeTakeFirstOrThrow()).settings), { quizId: 42 });
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong/${quiz.id}/di-chuyen`, { direction: 'up' })).statusCode, 303);
  const order = await db.selectFrom('activities').select('title').where('course_id', '=', id).orderBy('position').execute();
  assert.deepEqual(order.map((r) => r.title), ['Video VNeID', 'Kiểm tra cuối khóa', 'Sổ tay']);
  const edit = await managerA.get(`/quan-tri/khoa-hoc/${id}/hoat-dong/${video.id}`);
  assert.match(edit.body, /value="\/files\/vneid.mp4"/);
  assert.match(edit.body, /id="f-competences-2.6" name="competences" value="2.6" checked/);
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong/${video.id}`, { title: 'Video VNeID', topic: String(topic), url: '/files/vneid.mp4', minWatched: '80' })).statusCode, 303);
  const edited = await db.selectFrom('activities').selectAll().where('id', '=', video.id).executeTakeFirstOrThrow();
  assert.deepEqual([edited.required, JSON.parse(edited.settings).minWatchedShare], [0, 0.8]);
  // Removing: fine while nobody started it; refused once a learner has progress.
  const someone = await makeLearner(db);
  await recordActivityProgress(db, { activityId: doc.id, userId: someone, status: 'completed' });
  const refused = await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong/${doc.id}/xoa`, {});
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /đã có 1 học viên có kết quả/);
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong/${quiz.id}/xoa`, {})).statusCode, 303);
  assert.equal((await db.selectFrom('activities').select('id').where('course_id', '=', id).execute()).length, 2);
});

test('SCORM activities pick the newest version of each package; publishing is audited as course.publish', async () => {
  const db = t.database.db;
  const now = new Date().toISOString();
  const pkg = (title: string, version: number, lineage: number | null, key: string) =>
    db
      .insertInto('scorm_packages')
      .values({ lineage_id: lineage, version, title, scorm_version: '1.2', sha256: key.padEnd(64, '0'), storage_key: key, manifest: '{}', file_count: 1, total_bytes: 1, uploaded_by: null, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
  const v1 = (await pkg('An toàn trên mạng', 1, null, 'pkg-a1')).id;
  await db.updateTable('scorm_packages').set({ lineage_id: v1 }).where('id', '=', v1).execute();
  const v2 = (await pkg('An toàn trên mạng', 2, v1, 'pkg-a2')).id;
  const other = (await pkg('Thanh toán số', 1, null, 'pkg-b1')).id;
  const id = await create(managerA, { title: 'SCORM' });
  await managerA.postForm(`/quan-tri/khoa-hoc/${id}/chuyen-de`, { title: 'Bài giảng' });
  const topic = (await db.selectFrom('topics').select('id').where('course_id', '=', id).executeTakeFirstOrThrow()).id;
  const form = await managerA.get(`/quan-tri/khoa-hoc/${id}/hoat-dong/moi?topic=${topic}&type=scorm`);
  assert.match(form.body, new RegExp(`<option value="${v2}">An toàn trên mạng \\(phiên bản 2\\)</option>`));
  assert.match(form.body, new RegExp(`<option value="${other}">`));
  assert.doesNotMatch(form.body, new RegExp(`<option value="${v1}">`));
  const old = await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong`, { type: 'scorm', title: 'Bài 1', topic: String(topic), packageId: String(v1), completion: 'completed', required: '1' });
  assert.equal(old.statusCode, 422, 'an old version is not offered for new activities');
  const ok = await managerA.postForm(`/quan-tri/khoa-hoc/${id}/hoat-dong`, { type: 'scorm', title: 'Bài 1', topic: String(topic), packageId: String(v2), completion: 'passed', required: '1' });
  assert.equal(ok.statusCode, 303);
  const settings = JSON.parse((await db.selectFrom('activities').select('settings').where('course_id', '=', id).executeTakeFirstOrThrow()).settings);
  assert.deepEqual(settings, { packageId: v2, completion: 'passed' });
  assert.equal((await managerA.postForm(`/quan-tri/khoa-hoc/${id}/sua`, { title: 'SCORM', hostUnit: '10507', enrolment: 'open', status: 'published' })).statusCode, 303);
  const actions = await db.selectFrom('audit_log').select('action').where('target_type', '=', 'course').where('target_id', '=', String(id)).orderBy('id').execute();
  assert.deepEqual([actions[0].action, actions[actions.length - 1].action], ['course.create', 'course.publish']);
  await managerA.postForm(`/quan-tri/khoa-hoc/${id}/sua`, { title: 'SCORM (sửa)', hostUnit: '10507', enrolment: 'open', status: 'published' });
  const last = await db.selectFrom('audit_log').select('action').where('target_id', '=', String(id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(last.action, 'course.update');
});

test('the edit form shows the stored values; the admin home and the menu lead content managers to their courses', async () => {
  const id = await create(managerA, { title: 'Sửa tôi', audience: 'teacher', themes: '3' });
  const form = await managerA.get(`/quan-tri/khoa-hoc/${id}/sua`);
  assert.match(form.body, /name="title" type="text" value="Sửa tôi"/);
  assert.match(form.body, /name="audience" value="teacher" checked/);
  assert.match(form.body, /name="themes" value="3" checked/);
  const home = await managerA.get('/hoc-tap');
  assert.match(home.body, /href="\/quan-tri">Quản trị</);
  // The administration home offers a content manager their courses, banks and contests — not people, whom they may not read.
  const admin = await managerA.get('/quan-tri');
  assert.equal(admin.statusCode, 200);
  assert.match(admin.body, /href="\/quan-tri\/khoa-hoc"/);
  assert.match(admin.body, /href="\/quan-tri\/cuoc-thi"/);
  assert.doesNotMatch(admin.body, /href="\/quan-tri\/nguoi-dung"/);
  assert.doesNotMatch(admin.body, /người trong phạm vi/);
});
