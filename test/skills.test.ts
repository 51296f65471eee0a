/**
 * Skill profiles and the city's "basic digital skills attained" rule: competences from completed
 * courses and completed activities, grouped by the 6 domains; the rule set by the city administrator
 * only; meetsBasicSkills and the per-commune counts computed in SQL.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { reportProgress, tagCompetences } from './helpers/completion.js';
import { basicSkillsByCommune, basicSkillsUserIds, loadBasicSkillsRule, meetsBasicSkills } from '../src/modules/skills/basic-skills.js';

let t: TestApp;
let city: TestClient;
let learner: TestClient;
const ids = { an: 0, binh: 0, chi: 0, dung: 0, cityAdmin: 0 };
const courses = { a: 0, b: 0, c: 0 };
let bActivities: number[] = [];

type Profile = {
  attained: number;
  total: number;
  domains: Array<{ domain: number; name: { vi: string; en: string }; attained: number; competences: Array<{ code: string; attained: boolean; courses: Array<{ title: string }> }> }>;
  basicSkills: { configured: boolean; met: boolean; courses: Array<{ id: number; completed: boolean }>; competences: Array<{ code: string; covered: boolean }> };
};

const attainedCodes = (p: Profile) => p.domains.flatMap((d) => d.competences.filter((c) => c.attained).map((c) => c.code));

async function setRule(rule: unknown) {
  const res = await city.sendJson('PUT', '/api/skills/basic-rule', rule);
  assert.equal(res.statusCode, 200, res.body);
  return res;
}

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  await makeVillage(db, '10507', '10507-T3', 'Thôn Kỹ Năng');
  ids.an = await makePerson(db, { fullName: 'Nguyễn Văn An', unitCode: '10507' });
  ids.binh = await makePerson(db, { fullName: 'Trần Thị Bình', unitCode: '10507-T3' });
  ids.chi = await makePerson(db, { fullName: 'Lê Thị Chi', unitCode: '10525' });
  ids.dung = await makePerson(db, { fullName: 'Phạm Văn Dũng', unitCode: '10525' });
  ids.cityAdmin = await makeCityAdmin(db);
  city = new TestClient(t.app, await sessionCookie(db, ids.cityAdmin));
  learner = new TestClient(t.app, await sessionCookie(db, ids.an));

  // Course A: tagged 1.1 and 4.2 as a whole. Course B: two activities, the first tagged 2.3. Course C: tagged 6.1.
  const a = await makeCourse(db, { title: 'An toàn trên không gian mạng' });
  const b = await makeCourse(db, { title: 'Dịch vụ công trực tuyến', activities: [{ type: 'link' }, { type: 'link' }] });
  const c = await makeCourse(db, { title: 'Trí tuệ nhân tạo cho mọi người' });
  Object.assign(courses, { a: a.courseId, b: b.courseId, c: c.courseId });
  bActivities = b.activityIds;
  await tagCompetences(db, 'course', a.courseId, ['1.1', '4.2']);
  await tagCompetences(db, 'activity', b.activityIds[0], ['2.3']);
  await tagCompetences(db, 'course', c.courseId, ['6.1']);

  // An: completes A, and only the first activity of B (so B is not completed). Bình: completes A and B.
  // Chi: completes C. Dũng: nothing.
  for (const [person, course] of [[ids.an, a], [ids.an, b], [ids.binh, a], [ids.binh, b], [ids.chi, c], [ids.dung, a]] as const) {
    await enrol(db, course.courseId, person);
  }
  await reportProgress(db, a.activityIds[0], ids.an);
  await reportProgress(db, b.activityIds[0], ids.an);
  await reportProgress(db, a.activityIds[0], ids.binh);
  await reportProgress(db, b.activityIds[0], ids.binh);
  await reportProgress(db, b.activityIds[1], ids.binh);
  await reportProgress(db, c.activityIds[0], ids.chi);
  await reportProgress(db, a.activityIds[0], ids.dung, 'in_progress');
});
after(() => t.close());

test('the skill profile: competences of completed courses and completed activities, by the 6 domains, in vi and en', async () => {
  const res = await learner.get('/api/skills/profile');
  assert.equal(res.statusCode, 200);
  const p = res.json() as Profile;
  assert.equal(p.total, 24);
  assert.deepEqual(p.domains.map((d) => d.domain), [1, 2, 3, 4, 5, 6]);
  assert.equal(p.domains[3].name.vi, 'An toàn');
  assert.equal(p.domains[3].name.en, 'Safety');
  assert.deepEqual(attainedCodes(p), ['1.1', '2.3', '4.2']);
  assert.equal(p.attained, 3);
  const c23 = p.domains[1].competences.find((c) => c.code === '2.3')!;
  assert.deepEqual(c23.courses.map((c) => c.title), ['Dịch vụ công trực tuyến'], 'through the course of the completed activity');
  assert.equal(p.basicSkills.configured, false);
});

test('the skill profile page (signed-in) lists domains and attained competences; anonymous people sign in first', async () => {
  const page = await learner.get('/hoc-tap/ky-nang');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Hồ sơ kỹ năng số<\/h1>/);
  assert.match(page.body, /Bạn đã đạt 3\/24 năng lực số/);
  assert.match(page.body, /Khai thác dữ liệu và thông tin/);
  assert.match(page.body, /Bảo vệ dữ liệu cá nhân và quyền riêng tư/);
  assert.match(page.body, /Thành phố chưa công bố tiêu chí phổ cập kỹ năng số/);
  assert.match((await learner.get('/hoc-tap/ky-nang?lang=en')).body, /Protecting personal data and privacy/);
  await learner.get('/?lang=vi');
  const anonymous = await new TestClient(t.app).get('/hoc-tap/ky-nang');
  assert.equal(anonymous.statusCode, 302);
  assert.equal((await new TestClient(t.app).get('/api/skills/profile')).statusCode, 401);
});

test('only the city administrator sets the rule: unit administrators and content managers find no page (404)', async () => {
  const db = t.database.db;
  const unitAdmin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  const manager = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { unitCode: '31', roles: [{ role: 'content_manager', unitCode: '31' }] })));
  for (const c of [unitAdmin, manager, learner]) {
    assert.equal((await c.get('/quan-tri/pho-cap-ky-nang')).statusCode, 404);
    assert.equal((await c.postForm('/quan-tri/pho-cap-ky-nang', { courses: String(courses.a), mode: 'all' })).statusCode, 404);
    assert.equal((await c.sendJson('PUT', '/api/skills/basic-rule', { courses: [courses.a], mode: 'all', competences: [] })).statusCode, 404);
  }
  assert.equal(await loadBasicSkillsRule(db), undefined);
});

test('the rule page: form without JavaScript, refusals shown next to the fields, saved and audited', async () => {
  assert.match((await city.get('/quan-tri')).body, /href="\/quan-tri\/pho-cap-ky-nang">Tiêu chí phổ cập kỹ năng số</);
  const page = await city.get('/quan-tri/pho-cap-ky-nang');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Chưa có tiêu chí/);
  assert.match(page.body, new RegExp(`<input type="checkbox" id="course-${courses.a}" name="courses" value="${courses.a}"`));
  assert.match(page.body, /<legend>4\. An toàn<\/legend>/);

  const empty = await city.postForm('/quan-tri/pho-cap-ky-nang', { mode: 'all' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Vui lòng chọn ít nhất một khóa học hoặc một năng lực/);
  const unknown = await city.postForm('/quan-tri/pho-cap-ky-nang', { courses: '999999', mode: 'all' });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Có khóa học không tồn tại/);

  const body = new URLSearchParams({ _csrf: await city.csrfToken(), mode: 'any' });
  body.append('courses', String(courses.a));
  body.append('courses', String(courses.c));
  body.append('competences', '1.1');
  const saved = await city.request({ method: 'POST', url: '/quan-tri/pho-cap-ky-nang', payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 300));
  assert.deepEqual(await loadBasicSkillsRule(t.database.db), { courses: [courses.a, courses.c].sort((x, y) => x - y), mode: 'any', competences: ['1.1'] });
  const after = await city.get('/quan-tri/pho-cap-ky-nang?saved=1');
  assert.match(after.body, /Đã lưu tiêu chí/);
  assert.match(after.body, new RegExp(`id="course-${courses.c}" name="courses" value="${courses.c}" checked`));
  const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'skills.rule_set').execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor_id, ids.cityAdmin);
});

test('meetsBasicSkills: courses all/any, competences all covered, both — computed in SQL', async () => {
  const db = t.database.db;
  const met = async (rule: unknown) => {
    await setRule(rule);
    return [...(await meetsBasicSkills(db))].sort((a, b) => a - b);
  };
  const sorted = (...xs: number[]) => xs.sort((a, b) => a - b);
  assert.deepEqual(await met({ courses: [courses.a], mode: 'all', competences: [] }), sorted(ids.an, ids.binh));
  assert.deepEqual(await met({ courses: [courses.a, courses.b], mode: 'all', competences: [] }), [ids.binh]);
  assert.deepEqual(await met({ courses: [courses.b, courses.c], mode: 'any', competences: [] }), sorted(ids.binh, ids.chi));
  // 2.3 is covered by An through an activity of a course An has not completed.
  assert.deepEqual(await met({ courses: [], mode: 'all', competences: ['1.1', '2.3'] }), sorted(ids.an, ids.binh));
  assert.deepEqual(await met({ courses: [], mode: 'all', competences: ['1.1', '6.1'] }), []);
  assert.deepEqual(await met({ courses: [courses.b], mode: 'all', competences: ['4.2'] }), [ids.binh]);
  // Restricted to given people (chunked "in" lists).
  await setRule({ courses: [courses.a], mode: 'all', competences: [] });
  assert.deepEqual([...(await meetsBasicSkills(db, [ids.an, ids.chi, ids.dung]))], [ids.an]);
  assert.deepEqual([...(await meetsBasicSkills(db, []))], []);
  // The subquery composes with any report query.
  const rule = (await loadBasicSkillsRule(db))!;
  const inCommune = await db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('units.path', 'like', `${(await db.selectFrom('units').select('path').where('code', '=', '10507').executeTakeFirstOrThrow()).path}%`)
    .where('users.id', 'in', basicSkillsUserIds(db, rule))
    .executeTakeFirstOrThrow();
  assert.equal(Number(inCommune.n), 2);
});

test('counts per commune (villages counted in their commune), scoped by paths', async () => {
  const db = t.database.db;
  await setRule({ courses: [courses.a], mode: 'all', competences: [] });
  const cityPath = (await db.selectFrom('units').select('path').where('depth', '=', 0).executeTakeFirstOrThrow()).path;
  const all = await basicSkillsByCommune(db, [cityPath]);
  const byCode = new Map(all.map((r) => [r.unitCode, r]));
  // Thành Đông: An, Bình (in a village of it) and the unit administrator made by an earlier test.
  assert.deepEqual({ ...byCode.get('10507')!, unitId: 0 }, { unitId: 0, unitCode: '10507', unitName: 'Phường Thành Đông', people: 3, attained: 2 });
  assert.equal(byCode.get('10525')!.people, 2);
  assert.equal(byCode.get('10525')!.attained, 0);
  const thanhDongPath = (await db.selectFrom('units').select('path').where('code', '=', '10507').executeTakeFirstOrThrow()).path;
  assert.deepEqual((await basicSkillsByCommune(db, [thanhDongPath])).map((r) => [r.unitCode, r.people, r.attained]), [['10507', 3, 2]]);
  const page = await city.get('/quan-tri/pho-cap-ky-nang');
  assert.match(page.body, /Số người đạt theo đơn vị/);
  assert.match(page.body, /Phường Thành Đông<\/th><td>3<\/td><td>2<\/td><td>66,7 %/);
});

test('the learner sees “Đã đạt phổ cập kỹ năng số”, or what is still missing', async () => {
  await setRule({ courses: [courses.a], mode: 'all', competences: ['1.1'] });
  const met = await learner.get('/hoc-tap/ky-nang');
  assert.match(met.body, /Đã đạt phổ cập kỹ năng số/);
  assert.equal(((await learner.get('/api/skills/profile')).json() as Profile).basicSkills.met, true);

  await setRule({ courses: [courses.a, courses.b], mode: 'all', competences: ['6.1'] });
  const notMet = await learner.get('/hoc-tap/ky-nang');
  assert.match(notMet.body, /Chưa đạt phổ cập kỹ năng số/);
  assert.doesNotMatch(notMet.body, /Đã đạt phổ cập kỹ năng số/);
  assert.match(notMet.body, /Hoàn thành tất cả các khóa học sau/);
  assert.match(notMet.body, /Dịch vụ công trực tuyến — chưa xong/);
  assert.match(notMet.body, /An toàn trên không gian mạng — đã xong/);
  const p = (await learner.get('/api/skills/profile')).json() as Profile;
  assert.equal(p.basicSkills.met, false);
  assert.deepEqual(p.basicSkills.competences, [{ code: '6.1', name: { vi: 'Hiểu biết về trí tuệ nhân tạo', en: 'Understanding artificial intelligence' }, covered: false }]);
  assert.ok(bActivities.length === 2);
});

test('the API refuses unknown competence codes and fields', async () => {
  const bad = await city.sendJson('PUT', '/api/skills/basic-rule', { courses: [], mode: 'all', competences: ['9.9'] });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.code, 'SKILLS_RULE_COMPETENCE_UNKNOWN');
  assert.equal((await city.sendJson('PUT', '/api/skills/basic-rule', { courses: [], mode: 'most', competences: ['1.1'] })).statusCode, 400);
  assert.equal((await city.sendJson('PUT', '/api/skills/basic-rule', { courses: [], mode: 'all', competences: ['1.1'], extra: 1 })).statusCode, 400);
  const current = await city.get('/api/skills/basic-rule');
  assert.equal(current.statusCode, 200);
  assert.equal(current.json().rule.mode, 'all');
});
