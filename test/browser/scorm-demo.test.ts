/**
 * The demo course the first start loads ("Kỹ năng số cơ bản: Nhận diện tin giả", a SCORM 1.2 lesson
 * the project wrote) on a 360 px phone: read, leave, come back to the same page, pass the self-check.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { ensureDemoCourse } from '../../src/modules/scorm/demo.js';
import { makeLearner } from '../helpers/factories.js';
import { enrol } from '../helpers/learning.js';
import { describeViolations, screenshot, seriousViolations } from './browser.js';
import { closeTab, eventually, frameMatching, startScormBrowserEnv, type ScormBrowserEnv } from './scorm-env.js';

let env: ScormBrowserEnv;
before(async () => {
  env = await startScormBrowserEnv();
});
after(() => env.close());

const PHONE = { width: 360, height: 740 };

test('the first start loads the demo course: published, open, hosted by the city, one SCORM lesson', async () => {
  const db = env.t.database.db;
  const courseId = await ensureDemoCourse(db, env.t.config);
  assert.ok(courseId);
  assert.equal(await ensureDemoCourse(db, env.t.config), null, 'only when there is no course yet');
  const course = await db.selectFrom('courses').innerJoin('units', 'units.id', 'courses.host_unit_id').select(['courses.title', 'courses.status', 'courses.enrolment', 'units.code']).where('courses.id', '=', courseId).executeTakeFirstOrThrow();
  assert.deepEqual(course, { title: 'Kỹ năng số cơ bản: Nhận diện tin giả', status: 'published', enrolment: 'open', code: '31' });
  const activities = await db.selectFrom('activities').select(['type', 'settings']).where('course_id', '=', courseId).execute();
  assert.equal(activities.length, 1);
  assert.equal(activities[0].type, 'scorm');
  const pkg = await db.selectFrom('scorm_packages').select(['title', 'scorm_version']).where('id', '=', JSON.parse(activities[0].settings).packageId).executeTakeFirstOrThrow();
  assert.deepEqual(pkg, { title: 'Nhận diện tin giả trên mạng xã hội', scorm_version: '1.2' });
});

test('the demo lesson on a 360 px phone: resume on the same page, then the self-check passes the course', async () => {
  const db = env.t.database.db;
  const course = await db.selectFrom('courses').select('id').where('slug', '=', 'ky-nang-so-co-ban-nhan-dien-tin-gia').executeTakeFirstOrThrow();
  const activity = await db.selectFrom('activities').select('id').where('course_id', '=', course.id).executeTakeFirstOrThrow();
  const userId = await makeLearner(db, { fullName: 'Vũ Thị Lan' });
  await enrol(db, course.id, userId);
  const url = `${env.baseUrl}/hoc-tap/scorm/${activity.id}`;

  const first = await env.signedIn(userId, PHONE);
  await first.page.goto(url);
  let lesson = await frameMatching(first.page, /\/content\/[a-f0-9]+\/index\.html/);
  await lesson.waitForSelector('h1:text("Tin giả là gì?")');
  await lesson.click('#nut-tiep');
  await lesson.waitForSelector('h1:text("Dấu hiệu nhận biết tin giả")');
  assert.equal(await lesson.textContent('#tien-do'), 'Trang 2/4');
  await screenshot(first.page, 'scorm-demo-360');
  const violations = await seriousViolations(first.page);
  assert.deepEqual(violations, [], describeViolations(violations));
  const width = await first.page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= PHONE.width, `no horizontal scrolling (${width} px)`);
  await eventually(async () => (await db.selectFrom('scorm_attempts').select('location').where('user_id', '=', userId).executeTakeFirst())?.location === '1', 'the bookmark stored');
  await closeTab(first.context, first.page);

  const again = await env.signedIn(userId, PHONE);
  await again.page.goto(url);
  lesson = await frameMatching(again.page, /\/content\/[a-f0-9]+\/index\.html/);
  await lesson.waitForSelector('h1:text("Dấu hiệu nhận biết tin giả")');
  assert.equal(await lesson.textContent('#thong-bao'), 'Bạn đang học tiếp từ trang 2.');
  await lesson.click('#nut-tiep');
  await lesson.waitForSelector('h1:text("Kiểm chứng trước khi chia sẻ")');
  await lesson.click('#nut-tiep');
  await lesson.waitForSelector('h1:text("Tự kiểm tra")');
  await lesson.check('input[name="cau1"][value="b"]');
  await lesson.check('input[name="cau2"][value="b"]');
  await lesson.check('input[name="cau3"][value="a"]');
  await lesson.click('button:text("Nộp bài")');
  await lesson.waitForSelector('.ket-qua-chinh');
  assert.match(await lesson.textContent('.ket-qua-chinh') ?? '', /Chúc mừng! Bạn trả lời đúng 3\/3 câu/);
  await screenshot(again.page, 'scorm-demo-360-result');
  const progress = await eventually(
    async () => db.selectFrom('activity_progress').select(['status', 'score']).where('activity_id', '=', activity.id).where('user_id', '=', userId).where('status', '=', 'passed').executeTakeFirst(),
    'the lesson passed',
  );
  assert.deepEqual(progress, { status: 'passed', score: 100 });
  const enrolment = await db.selectFrom('enrolments').select('status').where('course_id', '=', course.id).where('user_id', '=', userId).executeTakeFirstOrThrow();
  assert.equal(enrolment.status, 'completed');
  await closeTab(again.context, again.page);
});
