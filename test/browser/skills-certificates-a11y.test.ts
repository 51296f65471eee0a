/**
 * axe-core at 360 and 1280 px on the pages of enrolment, course reports, skills and certificates:
 * the public verification page (anonymous), the skill profile and the certificates list (learner),
 * the enrolment page with a preview, a course report and the rule page (administrators).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeCityAdmin, makeLearner, makeUnitAdmin, sessionCookie } from '../helpers/factories.js';
import { enrol, makeCourse } from '../helpers/learning.js';
import { reportProgress, tagCompetences } from '../helpers/completion.js';

let env: BrowserEnv;
const cookies: Record<string, string> = {};
let code = '';
let courseId = 0;

before(async () => {
  env = await startBrowserEnv();
  const db = env.t.database.db;
  const learnerId = await makeLearner(db, { fullName: 'Nguyễn Thị Ánh Tuyết', unitCode: '10507' });
  const course = await makeCourse(db, { title: 'An toàn trên không gian mạng', enrolment: 'assigned' });
  courseId = course.courseId;
  await tagCompetences(db, 'course', course.courseId, ['1.1', '4.2']);
  await enrol(db, course.courseId, learnerId);
  await reportProgress(db, course.activityIds[0], learnerId, 'passed', { score: 90, timeSeconds: 420 });
  code = (await db.selectFrom('certificates').select('code').where('user_id', '=', learnerId).executeTakeFirstOrThrow()).code;
  const cityId = await makeCityAdmin(db);
  await db.insertInto('settings').values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [course.courseId], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: cityId }).execute();
  cookies.learner = await sessionCookie(db, learnerId);
  cookies.admin = await sessionCookie(db, await makeUnitAdmin(db, '10507'));
  cookies.city = await sessionCookie(db, cityId);
});
after(() => env.close());

const pages = () => [
  { name: 'certificate-verify', path: `/chung-nhan/${code}` },
  { name: 'skill-profile', path: '/hoc-tap/ky-nang', who: 'learner' },
  { name: 'my-certificates', path: '/hoc-tap/chung-nhan', who: 'learner' },
  { name: 'enrolment', path: `/quan-tri/ghi-danh?course=${courseId}&unit=&group=&preview=1`, who: 'admin' },
  { name: 'course-report', path: `/quan-tri/bao-cao-khoa-hoc/${courseId}`, who: 'admin' },
  { name: 'skills-rule', path: '/quan-tri/pho-cap-ky-nang', who: 'city' },
  { name: 'certificates-admin', path: `/quan-tri/chung-nhan/${code}`, who: 'city' },
];

for (const width of [360, 1280]) {
  for (const index of pages().keys()) {
    test(`axe-core finds no serious or critical violation on page ${index + 1} of skills and certificates at ${width} px`, async () => {
      const p = pages()[index];
      const context = await env.browser.newContext({ viewport: { width, height: 800 } });
      if (p.who) {
        const [name, value] = cookies[p.who].split('=');
        await context.addCookies([{ name, value, url: env.baseUrl }]);
      }
      const page = await context.newPage();
      const res = await page.goto(env.baseUrl + p.path);
      assert.equal(res?.status(), 200, p.path);
      const violations = await seriousViolations(page);
      await screenshot(page, `${p.name}-${width}`);
      assert.equal(violations.length, 0, `${p.name}: ${describeViolations(violations)}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${p.name} scrolls sideways by ${overflow}px`);
      await context.close();
    });
  }
}
