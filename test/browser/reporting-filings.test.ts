/**
 * A unit's filing form in a real browser at 360 px: axe-core finds no serious violation on the empty form nor on
 * the form refused with per-field errors (which a person looks at in screenshots/reporting-filing-*.png).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeUnitAdmin, sessionCookie } from '../helpers/factories.js';

let env: BrowserEnv;
let cookie = '';
let periodId = 0;

before(async () => {
  env = await startBrowserEnv();
  const db = env.t.database.db;
  cookie = await sessionCookie(db, await makeUnitAdmin(db, '10507', { fullName: 'Trần Thị Quản Trị' }));
  const form = await db.selectFrom('filing_forms').selectAll().orderBy('id').executeTakeFirstOrThrow();
  ({ id: periodId } = await db
    .insertInto('filing_periods')
    .values({ form_id: form.id, kind: 'quarter', name: '', starts_on: '2025-10-01', ends_on: '2025-12-31', deadline: new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10), figures: form.figures, created_by: null, created_at: new Date().toISOString() })
    .returning('id')
    .executeTakeFirstOrThrow());
});
after(() => env.close());

test('the unit’s filing form at 360 px: accessible empty and with per-field errors', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 } });
  const [name, value] = cookie.split('=');
  await context.addCookies([{ name, value, url: env.baseUrl }]);
  const page = await context.newPage();
  const res = await page.goto(`${env.baseUrl}/quan-tri/bao-cao-don-vi/ky/${periodId}/don-vi/10507`);
  assert.equal(res?.status(), 200);
  assert.equal(await page.locator('h1').innerText(), 'Số liệu của đơn vị · Quý IV/2025');
  let violations = await seriousViolations(page);
  await screenshot(page, 'reporting-filing-form');
  assert.equal(violations.length, 0, describeViolations(violations));
  // No horizontal scrolling at 360 px.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth));

  await page.fill('#f-v_articles', '-3');
  await page.fill('#f-v_banners', '2,5');
  await Promise.all([page.waitForURL(/don-vi\/10507$/), page.click('button[value="submit"]')]);
  assert.match(await page.locator('.error-summary').innerText(), /Không được nhập số âm/);
  assert.equal(await page.locator('#f-v_articles').getAttribute('aria-invalid'), 'true');
  violations = await seriousViolations(page);
  await screenshot(page, 'reporting-filing-errors');
  assert.equal(violations.length, 0, describeViolations(violations));
  await context.close();
});
