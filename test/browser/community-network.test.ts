/**
 * The demo digital ambassadors and digital families in a browser: the demo loads once (a second call adds nothing);
 * axe-core at 360 px on the mentor page, the invitation QR page, the invitation a person opens (anonymous and signed
 * in), the network page, the families coverage page and a household page, with screenshots in screenshots/; and the
 * invitation accepted by tapping the button, without JavaScript.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, sessionCookie } from '../helpers/factories.js';
import { makeCourse } from '../helpers/learning.js';
import { ensureDemoAmbassadors } from '../../src/modules/ambassadors/demo.js';
import { ensureDemoFamilies } from '../../src/modules/families/demo.js';

let env: BrowserEnv;
const cookies: Record<string, string> = {};
const paths: Record<string, string> = {};

before(async () => {
  env = await startBrowserEnv();
  const db = env.t.database.db;
  // A rule for the demo people to meet: one published course.
  const course = await makeCourse(db, { title: 'Kỹ năng số cơ bản cho mọi người', activities: [{ type: 'link' }, { type: 'link' }] });
  await db.insertInto('settings').values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [course.courseId], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: null }).execute();
  assert.equal(await ensureDemoAmbassadors(db, { demoCourse: true }), 3);
  assert.equal(await ensureDemoFamilies(db, { demoCourse: true }), 20);
  assert.equal(await ensureDemoAmbassadors(db, { demoCourse: true }), 0, 'only once');
  assert.equal(await ensureDemoFamilies(db, { demoCourse: true }), 0, 'only once');

  const mentor = await db.selectFrom('users').select('id').where('email', '=', 'dai-su-so.1@demo.kynangso.invalid').executeTakeFirstOrThrow();
  const mentorRow = await db.selectFrom('ambassador_mentors').select('id').where('user_id', '=', mentor.id).executeTakeFirstOrThrow();
  const open = await db
    .selectFrom('ambassador_invitations')
    .select(['id', 'token'])
    .where('mentor_id', '=', mentorRow.id)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  const mentee = await db.selectFrom('ambassador_mentees').select('mentee_id').where('mentor_id', '=', mentorRow.id).orderBy('joined_at').executeTakeFirstOrThrow();
  const household = await db.selectFrom('households').select('id').orderBy('id').executeTakeFirstOrThrow();
  Object.assign(paths, {
    qr: `/dai-su-so/ma-moi/${open.id}`,
    invitation: `/loi-moi/${open.token}`,
    mentee: `/dai-su-so/hoc-vien/${mentee.mentee_id}`,
    household: `/quan-tri/gia-dinh-so/ho/${household.id}`,
  });
  cookies.mentor = await sessionCookie(db, mentor.id);
  cookies.person = await sessionCookie(db, await makePerson(db, { fullName: 'Phùng Thị Mới', unitCode: '10507' }));
  cookies.admin = await sessionCookie(db, await makeUnitAdmin(db, '10507'));
  cookies.city = await sessionCookie(db, await makeCityAdmin(db));
});
after(() => env.close());

const pages = () => [
  { name: 'ambassador-mentor', path: '/dai-su-so', who: 'mentor', expect: /Đại sứ số: học viên của tôi/ },
  { name: 'ambassador-qr', path: paths.qr, who: 'mentor', expect: /alt="Mã QR của lời mời"/ },
  { name: 'ambassador-mentee', path: paths.mentee, who: 'mentor', expect: /Các khóa học/ },
  { name: 'ambassador-invitation-anonymous', path: paths.invitation, expect: /Đăng nhập để nhận lời mời/ },
  { name: 'ambassador-invitation', path: paths.invitation, who: 'person', expect: /Đại sứ số Nguyễn Thị Thanh Hương \(Phường Thành Đông\) mời bạn/ },
  { name: 'ambassador-network', path: '/quan-tri/dai-su-so', who: 'city', expect: /Đại sứ số chưa đạt chỉ tiêu \(1\)/ },
  { name: 'families-coverage', path: '/quan-tri/gia-dinh-so', who: 'admin', expect: /<span class="stat">7<\/span> trên 20 hộ/ },
  { name: 'families-household', path: paths.household, who: 'admin', expect: /Hộ này là Gia đình số/ },
];

for (const index of pages().keys()) {
  test(`axe-core finds no serious or critical violation on community network page ${index + 1} at 360 px, without sideways scrolling`, async () => {
    const p = pages()[index];
    const context = await env.browser.newContext({ viewport: { width: 360, height: 800 } });
    if (p.who) {
      const [name, value] = cookies[p.who].split('=');
      await context.addCookies([{ name, value, url: env.baseUrl }]);
    }
    const page = await context.newPage();
    const res = await page.goto(env.baseUrl + p.path);
    assert.equal(res?.status(), 200, p.path);
    assert.match(await page.content(), p.expect);
    const violations = await seriousViolations(page);
    await screenshot(page, `${p.name}-360`);
    assert.equal(violations.length, 0, `${p.name}: ${describeViolations(violations)}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${p.name} scrolls sideways by ${overflow}px`);
    await context.close();
  });
}

test('a person accepts the invitation by tapping the button (JavaScript off) and the mentor sees them', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 800 }, javaScriptEnabled: false });
  const [name, value] = cookies.person.split('=');
  await context.addCookies([{ name, value, url: env.baseUrl }]);
  const page = await context.newPage();
  await page.goto(env.baseUrl + paths.invitation);
  await page.getByRole('button', { name: 'Nhận lời mời' }).click();
  await page.waitForURL(`**${paths.invitation}`);
  assert.match(await page.content(), /Bạn đã là học viên của Đại sứ số Nguyễn Thị Thanh Hương/);
  await context.close();

  const mentor = await env.browser.newContext({ viewport: { width: 360, height: 800 } });
  const [mn, mv] = cookies.mentor.split('=');
  await mentor.addCookies([{ name: mn, value: mv, url: env.baseUrl }]);
  const mp = await mentor.newPage();
  await mp.goto(env.baseUrl + '/dai-su-so');
  assert.match(await mp.content(), /Phùng Thị Mới/);
  await mentor.close();
});
