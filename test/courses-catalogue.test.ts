/** The public catalogue (/khoa-hoc, /api/courses): published courses only, search without diacritics, filters, pages. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { KyselyPlugin } from 'kysely';
import { makeTestApp, makeTestDatabase, type TestApp } from './helpers/app.js';
import { buildApp } from '../src/app.js';
import { makeLearner, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { ensureLearningReference } from '../src/modules/courses/reference-data.js';

let t: TestApp;
let anonymous: TestClient;
let learner: TestClient;
let learnerId: number;

async function tag(subjectType: string, subjectId: number, kind: string, code: string) {
  await t.database.db.insertInto('content_tags').values({ subject_type: subjectType, subject_id: subjectId, kind, code }).execute();
}

before(async () => {
  // Exact lists below: no demo course, whatever the default.
  t = await makeTestApp({ DEMO_COURSE: 'false' });
  const db = t.database.db;
  const a = await makeCourse(db, { title: 'Kỹ năng số cơ bản', slug: 'ky-nang-so-co-ban', audience: [], description: 'Cho mọi người.' });
  await tag('course', a.courseId, 'theme', '1');
  const b = await makeCourse(db, { title: 'Thanh toán không dùng tiền mặt', slug: 'thanh-toan', audience: ['trader'], hostUnitCode: '10507' });
  await tag('course', b.courseId, 'theme', '2');
  await tag('activity', b.activityIds[0], 'competence', '4.2');
  const c = await makeCourse(db, { title: 'Định danh điện tử VNeID', slug: 'dinh-danh', audience: ['citizen', 'public_servant'] });
  await tag('course', c.courseId, 'competence', '2.6');
  await makeCourse(db, { title: 'Kỹ năng số nâng cao (bản nháp)', slug: 'ban-nhap', status: 'draft' });
  await makeCourse(db, { title: 'Kỹ năng số lưu trữ', slug: 'luu-tru', status: 'archived' });
  const assigned = await makeCourse(db, { title: 'Kỹ năng số cho công chức', slug: 'cong-chuc', enrolment: 'assigned' });
  learnerId = await makeLearner(db);
  await enrol(db, assigned.courseId, learnerId, 'unit');
  anonymous = new TestClient(t.app);
  learner = new TestClient(t.app, await sessionCookie(db, learnerId));
});
after(() => t.close());

async function titles(client: TestClient, query = ''): Promise<string[]> {
  const res = await client.get(`/api/courses${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as Array<{ title: string }>).map((c) => c.title).sort((a, b) => a.localeCompare(b, 'vi'));
}

test('the framework is loaded on start: 24 competences in 6 domains, 4 themes; loading again changes nothing', async () => {
  const db = t.database.db;
  const count = async (table: 'competences' | 'learning_themes') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  assert.deepEqual([await count('competences'), await count('learning_themes')], [24, 4]);
  assert.deepEqual(await ensureLearningReference(db), { competences: 0, themes: 0 });
  const theme = await db.selectFrom('learning_themes').selectAll().where('id', '=', 4).executeTakeFirstOrThrow();
  assert.equal(theme.name_vi, 'Ứng dụng AI trong công việc và cuộc sống');
  assert.equal(theme.competences, '6.1;6.2;6.3;3.1');
});

test('only published courses are public: drafts and archived ones are neither listed nor shown', async () => {
  const all = await titles(anonymous);
  assert.deepEqual(all, ['Định danh điện tử VNeID', 'Kỹ năng số cơ bản', 'Thanh toán không dùng tiền mặt']);
  for (const slug of ['ban-nhap', 'luu-tru', 'cong-chuc', 'khong-co']) {
    assert.equal((await anonymous.get(`/khoa-hoc/${slug}`)).statusCode, 404, slug);
    assert.equal((await anonymous.get(`/api/courses/${slug}`)).statusCode, 404, slug);
  }
});

test('search ignores diacritics and case: "ky nang so" finds "Kỹ năng số", "DINH DANH" finds "Định danh"', async () => {
  assert.deepEqual(await titles(anonymous, '?q=ky%20nang%20so'), ['Kỹ năng số cơ bản']);
  assert.deepEqual(await titles(anonymous, '?q=K%E1%BB%B9%20n%C4%83ng'), ['Kỹ năng số cơ bản']);
  assert.deepEqual(await titles(anonymous, '?q=DINH%20DANH'), ['Định danh điện tử VNeID']);
  assert.deepEqual(await titles(anonymous, '?q=co%20ban%20ky%20nang'), ['Kỹ năng số cơ bản'], 'every word, in any order');
  assert.deepEqual(await titles(anonymous, '?q=ky%20nang%20tien%20mat'), [], 'every word must match');
  assert.deepEqual(await titles(anonymous, '?q=%25'), [], 'LIKE wildcards are plain characters');
  const page = await anonymous.get('/khoa-hoc?q=ky+nang+so');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<a href="\/khoa-hoc\/ky-nang-so-co-ban">Kỹ năng số cơ bản<\/a>/);
  assert.match(page.body, /Tìm thấy 1 khóa học/);
  assert.match(page.body, /name="q" type="search" value="ky nang so"/);
});

test('filters: theme, competence (of the course or of an activity), target group (and courses for everyone)', async () => {
  assert.deepEqual(await titles(anonymous, '?theme=2'), ['Thanh toán không dùng tiền mặt']);
  assert.deepEqual(await titles(anonymous, '?competence=4.2'), ['Thanh toán không dùng tiền mặt']);
  assert.deepEqual(await titles(anonymous, '?competence=2.6'), ['Định danh điện tử VNeID']);
  assert.deepEqual(await titles(anonymous, '?group=trader'), ['Kỹ năng số cơ bản', 'Thanh toán không dùng tiền mặt']);
  assert.deepEqual(await titles(anonymous, '?group=public_servant&q=dinh'), ['Định danh điện tử VNeID']);
  assert.deepEqual(await titles(anonymous, '?group=&theme=&competence='), await titles(anonymous), 'empty selects filter nothing');
  for (const bad of ['?group=pirate', '?theme=abc', '?competence=x', '?page=0', '?sort=title']) assert.equal((await anonymous.get(`/api/courses${bad}`)).statusCode, 400, bad);
  const page = await anonymous.get('/khoa-hoc?theme=2&group=trader');
  assert.match(page.body, /<option value="2" selected/);
  assert.match(page.body, /<option value="trader" selected/);
  assert.match(page.body, /Hộ kinh doanh, tiểu thương/);
});

test('the API presents summaries: host unit, audience, themes by name, activity count, no internal ids', async () => {
  const res = await anonymous.get('/api/courses?q=thanh%20toan');
  const [item] = res.json().items;
  assert.deepEqual(item, {
    slug: 'thanh-toan',
    title: 'Thanh toán không dùng tiền mặt',
    summary: 'Khóa học thử nghiệm.',
    url: '/khoa-hoc/thanh-toan',
    host: { code: '10507', name: 'Phường Thành Đông' },
    enrolment: 'open',
    audience: ['trader'],
    themes: [{ id: 2, name: 'Sử dụng dịch vụ số thiết yếu' }],
    activityCount: 1,
  });
  const outline = (await anonymous.get('/api/courses/thanh-toan')).json();
  assert.equal(outline.status, 'published');
  assert.deepEqual(outline.competences, [{ code: '4.2', name: 'Bảo vệ dữ liệu cá nhân và quyền riêng tư' }]);
  assert.equal(outline.topics[0].activities[0].type, 'link');
  assert.equal(outline.topics[0].activities[0].required, true);
  const en = await anonymous.get('/api/courses?q=thanh%20toan&lang=en');
  assert.equal(en.json().items[0].themes[0].name, 'Using essential digital services');
  await anonymous.get('/api/courses?lang=vi');
});

test('assigned courses: listed and shown only to the learners enrolled in them', async () => {
  assert.ok(!(await titles(anonymous)).includes('Kỹ năng số cho công chức'));
  assert.ok((await titles(learner)).includes('Kỹ năng số cho công chức'));
  const page = await learner.get('/khoa-hoc/cong-chuc');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Khóa học do đơn vị giao/);
  assert.doesNotMatch(page.body, /Rời khóa học/);
});

test('pages of 12; a page past the end shows the last one', async () => {
  const db = t.database.db;
  for (let i = 1; i <= 14; i++) await makeCourse(db, { title: `Trang thử ${i}`, slug: `trang-thu-${i}` });
  const first = (await anonymous.get('/api/courses?q=trang%20thu')).json();
  assert.deepEqual([first.total, first.pages, first.items.length], [14, 2, 12]);
  const second = (await anonymous.get('/api/courses?q=trang%20thu&page=2')).json();
  assert.equal(second.items.length, 2);
  const beyond = (await anonymous.get('/api/courses?q=trang%20thu&page=9')).json();
  assert.deepEqual([beyond.page, beyond.items.length], [2, 2]);
  const html = await anonymous.get('/khoa-hoc?q=trang+thu');
  assert.match(html.body, /Trang 1\/2/);
  assert.match(html.body, /href="\/khoa-hoc\?q=trang\+thu&amp;page=2" rel="next"/);
});

test('the catalogue page is light: no script, and one query a page whatever its size (lists cached)', async () => {
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
    for (let i = 1; i <= 30; i++) await makeCourse(database.db, { title: `Đếm truy vấn ${i}`, slug: `dem-${i}`, activities: [{ type: 'link' }, { type: 'video' }] });
    await app.inject('/khoa-hoc');
    // One query a page, total and themes included; a page past the last one needs the count, then the last page.
    for (const [url, expected] of [['/khoa-hoc', 1], ['/khoa-hoc?q=dem&page=2', 1], ['/khoa-hoc?theme=1&group=trader&competence=4.2', 1], ['/api/courses?pageSize=50', 1], ['/khoa-hoc?q=dem&page=9', 3]] as const) {
      queries = 0;
      const res = await app.inject(url);
      assert.equal(res.statusCode, 200);
      assert.equal(queries, expected, `${url}: ${queries} queries`);
    }
    const res = await app.inject('/khoa-hoc');
    assert.doesNotMatch(res.body, /<script/);
    assert.ok(res.body.length < 40_000, `${res.body.length} bytes`);
  } finally {
    await app.close();
    await database.close();
    await drop();
  }
});
