import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeUnitAdmin, makeLearner, sessionCookie } from '../helpers/factories.js';

let env: BrowserEnv;
let learnerCookie: string;
let adminCookie: string;
before(async () => {
  env = await startBrowserEnv();
  const db = env.t.database.db;
  learnerCookie = await sessionCookie(db, await makeLearner(db, { fullName: 'Lương Văn Bình', unitCode: '10507' }));
  adminCookie = await sessionCookie(db, await makeUnitAdmin(db, '10507'));
});
after(() => env.close());

const pages: Array<{ name: string; path: string; who?: 'learner' | 'admin' }> = [
  { name: 'home', path: '/' },
  { name: 'signup', path: '/dang-ky' },
  { name: 'signin', path: '/dang-nhap' },
  { name: 'learner-home', path: '/hoc-tap', who: 'learner' },
  { name: 'admin-home', path: '/quan-tri', who: 'admin' },
];

for (const width of [360, 1280]) {
  for (const p of pages) {
    test(`axe-core finds no serious or critical violation on ${p.name} at ${width} px`, async () => {
      const context = await env.browser.newContext({ viewport: { width, height: 800 } });
      if (p.who) {
        const [name, value] = (p.who === 'admin' ? adminCookie : learnerCookie).split('=');
        await context.addCookies([{ name, value, url: env.baseUrl }]);
      }
      const page = await context.newPage();
      const res = await page.goto(env.baseUrl + p.path);
      assert.equal(res?.status(), 200);
      assert.equal(new URL(page.url()).pathname, p.path, 'not redirected away');
      const violations = await seriousViolations(page);
      await screenshot(page, `${p.name}-${width}`);
      assert.equal(violations.length, 0, describeViolations(violations));
      // Nothing wider than the screen: no sideways scrolling on a cheap phone.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
      await context.close();
    });
  }
}
