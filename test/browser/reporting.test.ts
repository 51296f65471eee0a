/**
 * The city dashboard in Chromium at 360 px and 1280 px: no serious or critical axe-core violation, no sideways
 * scroll on a phone, the server-drawn charts visible; screenshots in screenshots/reporting-dashboard-*.png.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeCityAdmin, makePerson, makeVillage, sessionCookie } from '../helpers/factories.js';
import { makeCourse } from '../helpers/learning.js';

let env: BrowserEnv;
let cookie = '';

before(async () => {
  env = await startBrowserEnv();
  const db = env.t.database.db;
  await makeVillage(db, '10507', '10507-BR', 'Tổ dân phố số 1');
  const course = await makeCourse(db, { title: 'Kỹ năng số cơ bản cho người dân' });
  const groups = ['public_servant', 'citizen', 'student', 'trader'];
  const units = ['10507', '10525', '10532', '10507-BR'];
  for (let i = 0; i < 24; i++) {
    const id = await makePerson(db, { unitCode: units[i % units.length], targetGroup: groups[i % groups.length], birthYear: 1950 + i * 3 });
    const day = String(1 + (i % 28)).padStart(2, '0');
    await db
      .insertInto('enrolments')
      .values({
        course_id: course.courseId,
        user_id: id,
        source: 'self',
        enrolled_by: null,
        status: i % 3 === 0 ? 'completed' : 'active',
        enrolled_at: `2025-10-${day}T02:00:00.000Z`,
        started_at: null,
        completed_at: i % 3 === 0 ? `2025-10-${day}T09:00:00.000Z` : null,
        left_at: null,
      })
      .execute();
  }
  await db.updateTable('units').set({ population: 40000 }).where('code', 'in', ['10507', '10525', '10532']).execute();
  const cityId = await makeCityAdmin(db);
  await db
    .insertInto('settings')
    .values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [course.courseId], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: cityId })
    .execute();
  cookie = await sessionCookie(db, cityId);
});
after(() => env.close());

test('the city dashboard at 360 and 1280 px: accessible, no sideways scroll, charts drawn', async () => {
  for (const width of [360, 1280]) {
    const context = await env.browser.newContext({ viewport: { width, height: 800 } });
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: env.baseUrl }]);
    const page = await context.newPage();
    const res = await page.goto(`${env.baseUrl}/quan-tri/so-lieu?ky=khac&tu=2025-10-01&den=2025-10-31`);
    assert.equal(res?.status(), 200);
    const charts = await page.locator('figure.chart svg[role="img"]').evaluateAll((svgs) =>
      svgs.map((s) => ({ name: s.querySelector('title')?.textContent ?? '', width: s.getBoundingClientRect().width })),
    );
    assert.ok(charts.length >= 6, `charts: ${charts.length}`);
    for (const c of charts) assert.ok(c.name && c.width > 200 && c.width <= width, `${c.name}: ${c.width}px`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `scrolls sideways by ${overflow}px at ${width}`);
    assert.equal(await page.locator('script').count(), 0, 'the page needs no JavaScript');
    await screenshot(page, `reporting-dashboard-${width}`);
    const violations = await seriousViolations(page);
    assert.equal(violations.length, 0, `${width}px: ${describeViolations(violations)}`);
    await context.close();
  }
});
