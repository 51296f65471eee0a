/**
 * Course reports: totals, by commune and by target group, learners, one learner's SCORM detail and the
 * .xlsx export — aggregated in SQL over the learners of the caller's own scope only (least privilege:
 * the content manager of the host unit sees no more than their own units).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { makeTestApp, makeTestDatabase, type TestApp } from './helpers/app.js';
import { buildApp } from '../src/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { reportProgress } from './helpers/completion.js';
import { bytes, readWorkbook } from './helpers/xlsx.js';
import { interactionsOf } from '../src/modules/course-reports/cmi-detail.js';

let t: TestApp;
let course: Awaited<ReturnType<typeof makeCourse>>;
let thanhDong: TestClient;
let city: TestClient;
let otherManager: TestClient;
const p = { an: 0, binh: 0, chi: 0, dung: 0, ha: 0, khanh: 0, roi: 0 };

type Totals = { enrolled: number; started: number; completed: number; completionRate: number; averageScore: number | null };
const totals = (x: Totals) => ({ enrolled: x.enrolled, started: x.started, completed: x.completed, completionRate: x.completionRate, averageScore: x.averageScore });

const CMI_12 = {
  core: { lesson_status: 'passed', score: { raw: '80', min: '0', max: '100' }, total_time: '00:12:30' },
  interactions: {
    '0': { id: 'q1-dich-vu-cong', type: 'choice', result: 'correct', student_response: 'b' },
    '1': { id: 'q2-mat-khau', type: 'fill-in', result: 'wrong', student_response: 'mật khẩu 123' },
  },
};

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  await makeVillage(db, '10507', '10507-T7', 'Thôn Báo Cáo');
  course = await makeCourse(db, { title: 'Kỹ năng số cơ bản', activities: [{ type: 'scorm', title: 'Bài giảng SCORM' }, { type: 'link', title: 'Cổng dịch vụ công' }] });
  p.an = await makePerson(db, { fullName: 'Nguyễn Văn An', unitCode: '10507' });
  p.binh = await makePerson(db, { fullName: 'Trần Thị Bình', unitCode: '10507', targetGroup: 'teacher' });
  p.chi = await makePerson(db, { fullName: 'Lê Thị Chi', unitCode: '10507-T7' });
  p.dung = await makePerson(db, { fullName: 'Phạm Văn Dũng', unitCode: '10507' });
  p.ha = await makePerson(db, { fullName: 'Hoàng Thị Hà', unitCode: '10525' });
  p.khanh = await makePerson(db, { fullName: 'Vũ Văn Khánh', unitCode: '10525' });
  p.roi = await makePerson(db, { fullName: 'Đinh Văn Rời', unitCode: '10507' });
  for (const id of Object.values(p)) await enrol(db, course.courseId, id);
  await db.updateTable('enrolments').set({ status: 'left', left_at: new Date().toISOString() }).where('user_id', '=', p.roi).execute();
  const [scorm, link] = course.activityIds;
  // An: completes (score 80, 750 s). Bình: started (score 40). Chi (village): started, no score. Dũng: nothing.
  // Hà (other commune): completes with 100. Khánh: nothing. Rời left the course.
  await reportProgress(db, scorm, p.an, 'passed', { score: 80, timeSeconds: 750 });
  await reportProgress(db, link, p.an, 'completed');
  await reportProgress(db, scorm, p.binh, 'in_progress', { score: 40, timeSeconds: 300 });
  await reportProgress(db, link, p.chi, 'in_progress');
  await reportProgress(db, scorm, p.ha, 'passed', { score: 100, timeSeconds: 600 });
  await reportProgress(db, link, p.ha, 'completed');
  const now = new Date().toISOString();
  const { id: packageId } = await db
    .insertInto('scorm_packages')
    .values({ lineage_id: null, version: 1, title: 'Gói thử', scorm_version: '1.2', sha256: 'x'.repeat(64), storage_key: `pkg-${process.pid}`, manifest: '{}', file_count: 1, total_bytes: 1, uploaded_by: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('scorm_attempts')
    .values({ activity_id: scorm, package_id: packageId, user_id: p.an, sco_id: 'sco-1', attempt: 1, cmi: JSON.stringify(CMI_12), seq: 3, completion_status: 'completed', success_status: 'passed', score_scaled: 0.8, score_raw: 80, total_time_seconds: 750, location: null, created_at: now, updated_at: now })
    .execute();

  thanhDong = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
  otherManager = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { unitCode: '10525', roles: [{ role: 'content_manager', unitCode: '10525' }] })));
});
after(() => t.close());

test('a commune administrator: totals over the commune and its villages only', async () => {
  const res = await thanhDong.get(`/api/course-reports/${course.courseId}`);
  assert.equal(res.statusCode, 200);
  const r = res.json();
  assert.deepEqual(totals(r.totals), { enrolled: 4, started: 3, completed: 1, completionRate: 0.25, averageScore: 60 });
  assert.deepEqual(
    r.byUnit.map((u: Totals & { unit: { code: string } | null }) => [u.unit?.code, u.enrolled, u.completed]),
    [['10507', 4, 1]],
    'the village counts in its commune',
  );
  assert.deepEqual(
    r.byGroup.map((g: Totals & { targetGroup: string }) => [g.targetGroup, g.enrolled, g.started, g.completed, g.averageScore]),
    [['citizen', 3, 2, 1, 80], ['teacher', 1, 1, 0, 40]],
  );
});

test('the city administrator sees every commune; a content manager elsewhere sees only their own commune, even of a city course', async () => {
  const r = (await city.get(`/api/course-reports/${course.courseId}`)).json();
  assert.deepEqual(totals(r.totals), { enrolled: 6, started: 4, completed: 2, completionRate: 0.3333, averageScore: 73.3 });
  assert.deepEqual(r.byUnit.map((u: { unit: { code: string } }) => u.unit.code), ['10525', '10507'], 'Hải Dương before Thành Đông');
  const other = (await otherManager.get(`/api/course-reports/${course.courseId}`)).json();
  assert.deepEqual(totals(other.totals), { enrolled: 2, started: 1, completed: 1, completionRate: 0.5, averageScore: 100 });
  const list = (await otherManager.get('/api/course-reports')).json();
  const item = list.items.find((c: { id: number }) => c.id === course.courseId);
  assert.deepEqual([item.enrolled, item.completed, item.averageScore], [2, 1, 100]);
  const mine = (await thanhDong.get('/api/course-reports')).json().items.find((c: { id: number }) => c.id === course.courseId);
  assert.deepEqual([mine.enrolled, mine.started, mine.completed, mine.averageScore], [4, 3, 1, 60]);
});

test('learners: status, score, time, last activity — only of the scope, filterable by unit and status', async () => {
  const res = await thanhDong.get(`/api/course-reports/${course.courseId}/learners`);
  assert.equal(res.statusCode, 200);
  const items = res.json().items as Array<{ fullName: string; status: string; score: number | null; timeSeconds: number; lastActivityAt: string | null }>;
  assert.deepEqual(
    items.map((l) => [l.fullName, l.status, l.score, l.timeSeconds, l.lastActivityAt !== null]),
    [
      ['Lê Thị Chi', 'in_progress', null, 0, true],
      ['Nguyễn Văn An', 'completed', 80, 750, true],
      ['Phạm Văn Dũng', 'not_started', null, 0, false],
      ['Trần Thị Bình', 'in_progress', 40, 300, true],
    ],
  );
  const village = (await thanhDong.get(`/api/course-reports/${course.courseId}/learners?unit=10507-T7`)).json();
  assert.deepEqual(village.items.map((l: { fullName: string }) => l.fullName), ['Lê Thị Chi']);
  const done = (await thanhDong.get(`/api/course-reports/${course.courseId}/learners?status=completed`)).json();
  assert.deepEqual(done.items.map((l: { fullName: string }) => l.fullName), ['Nguyễn Văn An']);
  assert.equal((await thanhDong.get(`/api/course-reports/${course.courseId}/learners?unit=10525`)).statusCode, 404);
  assert.equal((await thanhDong.get(`/api/course-reports/${course.courseId}?unit=10525`)).statusCode, 404);
  const paged = (await thanhDong.get(`/api/course-reports/${course.courseId}/learners?pageSize=3&page=2`)).json();
  assert.deepEqual([paged.total, paged.pages, paged.items.length], [4, 2, 1]);
});

test('the report page: totals, by unit, by group and learners, in Vietnamese, without anyone outside the scope', async () => {
  const res = await thanhDong.get(`/quan-tri/bao-cao-khoa-hoc/${course.courseId}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<h1>Kỹ năng số cơ bản<\/h1>/);
  assert.match(res.body, /Tỷ lệ hoàn thành/);
  assert.match(res.body, /25 %/);
  assert.match(res.body, /Phường Thành Đông/);
  assert.match(res.body, /Giáo viên/);
  assert.match(res.body, /Nguyễn Văn An/);
  assert.match(res.body, /0:12:30/);
  for (const outside of ['Hoàng Thị Hà', 'Vũ Văn Khánh', 'Phường Hải Dương', 'Đinh Văn Rời']) assert.ok(!res.body.includes(outside), outside);
  const list = await thanhDong.get('/quan-tri/bao-cao-khoa-hoc');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, new RegExp(`href="/quan-tri/bao-cao-khoa-hoc/${course.courseId}"`));
});

test('one learner’s SCORM detail: status, score, time and the interactions from the CMI data', async () => {
  const res = await thanhDong.get(`/api/course-reports/${course.courseId}/learners/${p.an}`);
  assert.equal(res.statusCode, 200);
  const d = res.json();
  assert.deepEqual(d.activities.map((a: { title: string; status: string }) => [a.title, a.status]), [['Bài giảng SCORM', 'passed'], ['Cổng dịch vụ công', 'completed']]);
  assert.equal(d.scorm.length, 1);
  const s = d.scorm[0];
  assert.deepEqual([s.scoId, s.completionStatus, s.successStatus, s.score, s.totalTimeSeconds], ['sco-1', 'completed', 'passed', 80, 750]);
  assert.deepEqual(s.interactions, [
    { id: 'q1-dich-vu-cong', type: 'choice', result: 'correct', response: 'b', at: null },
    { id: 'q2-mat-khau', type: 'fill-in', result: 'wrong', response: 'mật khẩu 123', at: null },
  ]);
  const page = await thanhDong.get(`/quan-tri/bao-cao-khoa-hoc/${course.courseId}/hoc-vien/${p.an}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Câu trả lời của học viên/);
  assert.match(page.body, /mật khẩu 123/);
  // Outside the scope, not enrolled, or left: 404.
  for (const id of [p.ha, p.roi, 999_999]) {
    assert.equal((await thanhDong.get(`/api/course-reports/${course.courseId}/learners/${id}`)).statusCode, 404, String(id));
    assert.equal((await thanhDong.get(`/quan-tri/bao-cao-khoa-hoc/${course.courseId}/hoc-vien/${id}`)).statusCode, 404);
  }
  assert.equal((await city.get(`/api/course-reports/${course.courseId}/learners/${p.ha}`)).statusCode, 200);
});

test('CMI documents are read in every shape scorm-again or a package may leave', () => {
  const expected = [{ id: 'q1', type: 'choice', result: 'correct', response: 'a', at: '2026-11-24T10:00:00' }];
  const item2004 = { id: 'q1', type: 'choice', result: 'correct', learner_response: 'a', timestamp: '2026-11-24T10:00:00' };
  assert.deepEqual(interactionsOf(JSON.stringify({ completion_status: 'completed', interactions: [item2004] })), expected);
  assert.deepEqual(interactionsOf(JSON.stringify({ cmi: { interactions: { childArray: [item2004] } } })), expected);
  assert.deepEqual(
    interactionsOf(JSON.stringify({ 'cmi.interactions.0.id': 'q1', 'cmi.interactions.0.type': 'choice', 'cmi.interactions.0.result': 'correct', 'cmi.interactions.0.learner_response': 'a', 'cmi.interactions.0.timestamp': '2026-11-24T10:00:00' })),
    expected,
  );
  assert.deepEqual(interactionsOf('not json'), []);
  assert.deepEqual(interactionsOf('{}'), []);
});

test('the .xlsx export: learners of the scope, by unit, by group; audited', async () => {
  const res = await thanhDong.get(`/api/course-reports/${course.courseId}/export.xlsx`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-disposition']), /bao-cao-khoa-hoc-\d+-\d{4}-\d{2}-\d{2}\.xlsx/);
  const sheets = [...(await readWorkbook(bytes(res))).values()];
  assert.equal(sheets.length, 3);
  assert.deepEqual(sheets[0].slice(1).map((r) => r[0]), ['Lê Thị Chi', 'Nguyễn Văn An', 'Phạm Văn Dũng', 'Trần Thị Bình']);
  assert.equal(sheets[0][0][0], 'Học viên');
  assert.deepEqual(sheets[1].slice(1).map((r) => r.slice(0, 4)), [['Phường Thành Đông', '4', '3', '1']]);
  assert.deepEqual(sheets[2].slice(1).map((r) => r[0]), ['Người dân', 'Giáo viên']);
  const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'course_report.export').execute();
  assert.equal(audit.length, 1);
  assert.equal(JSON.parse(audit[0].details!).count, 4);
});

test('people without course:report find nothing (404); unknown courses answer 404', async () => {
  const learner = new TestClient(t.app, await sessionCookie(t.database.db, p.an));
  for (const url of ['/quan-tri/bao-cao-khoa-hoc', `/quan-tri/bao-cao-khoa-hoc/${course.courseId}`, '/api/course-reports', `/api/course-reports/${course.courseId}/export.xlsx`]) {
    assert.equal((await learner.get(url)).statusCode, 404, url);
  }
  assert.equal((await thanhDong.get('/api/course-reports/999999')).statusCode, 404);
  assert.equal((await new TestClient(t.app).get('/api/course-reports')).statusCode, 401);
});

test('aggregated in the database: the same number of queries for 3 learners or 60 (no per-learner query)', async () => {
  let queries = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      queries++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  const { database, drop } = await makeTestDatabase(t.config);
  const app = await buildApp({ config: t.config, database: { ...database, db: database.db.withPlugin(counter) }, logger: false });
  try {
    const db = database.db;
    const c = await makeCourse(db, { title: 'Đếm truy vấn', activities: [{ type: 'scorm' }, { type: 'link' }] });
    const admin = new TestClient(app, await sessionCookie(db, await makeCityAdmin(db)));
    const counts = async () => {
      const result: number[] = [];
      for (const url of [`/api/course-reports/${c.courseId}`, `/api/course-reports/${c.courseId}/learners?pageSize=200`, `/quan-tri/bao-cao-khoa-hoc/${c.courseId}`, '/api/course-reports']) {
        queries = 0;
        const res = await admin.get(url);
        assert.equal(res.statusCode, 200, url);
        result.push(queries);
      }
      return result;
    };
    const addLearners = async (n: number, from: number) => {
      for (let i = 0; i < n; i++) {
        const id = await makePerson(db, { fullName: `Học Viên ${from + i}`, unitCode: i % 2 ? '10507' : '10525', targetGroup: i % 3 ? 'citizen' : 'teacher' });
        await enrol(db, c.courseId, id);
        if (i % 2) await reportProgress(db, c.activityIds[0], id, 'passed', { score: 50 + i, timeSeconds: 60 });
      }
    };
    await addLearners(3, 0);
    await admin.get('/'); // the CSRF token and any first-request work
    const few = await counts();
    await addLearners(57, 3);
    const many = await counts();
    assert.deepEqual(many, few);
    assert.ok(few.every((n) => n <= 20), `queries per request: ${few.join(', ')}`);
    const r = (await admin.get(`/api/course-reports/${c.courseId}`)).json();
    assert.equal(r.totals.enrolled, 60);
  } finally {
    await app.close();
    await database.close();
    await drop();
  }
});
