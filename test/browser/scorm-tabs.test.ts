/**
 * The same lesson open in two tabs: each page counts its own commit sequence numbers, so one tab is
 * refused (the server holds the other's higher seq). It then counts past it and sends its latest data
 * again: the tab that commits last wins, and neither tab's progress is silently dropped.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { SCORM12_MANIFEST } from '../../src/modules/scorm/package/test-packages.js';
import { storePackage } from '../helpers/scorm.js';
import { courseWithLearner, eventually, frameMatching, startScormBrowserEnv, type ScormBrowserEnv } from './scorm-env.js';

let env: ScormBrowserEnv;
before(async () => {
  env = await startScormBrowserEnv();
});
after(() => env.close());

const RUNTIME_PAGE = '<!doctype html><html lang="vi"><meta charset="utf-8"><title>API</title><body><h1>API</h1></body></html>';
type Api = Record<string, (...a: string[]) => string>;

async function openLesson(page: Page, url: string) {
  await page.goto(url);
  const sco = await frameMatching(page, /\/content\/[a-f0-9]+\/index\.html/);
  await sco.evaluate(() => (window.parent as unknown as { API: Api }).API.LMSInitialize(''));
  return (where: string) =>
    sco.evaluate((w) => {
      const api = (window.parent as unknown as { API: Api }).API;
      api.LMSSetValue('cmi.core.lesson_location', w);
      api.LMSCommit('');
    }, where);
}

test('two tabs of the same lesson: the tab that commits last wins, nothing is silently dropped', async () => {
  const db = env.t.database.db;
  const p = await storePackage(db, env.t.config, { 'imsmanifest.xml': SCORM12_MANIFEST, 'index.html': RUNTIME_PAGE });
  const c = await courseWithLearner(env, p.id);
  const row = () => db.selectFrom('scorm_attempts').select(['location', 'seq']).where('user_id', '=', c.userId).executeTakeFirstOrThrow();
  const { context, page: tabA } = await env.signedIn(c.userId);
  const tabB = await context.newPage();
  const commitA = await openLesson(tabA, c.url);
  const commitB = await openLesson(tabB, c.url);
  const refusals: number[] = [];
  for (const tab of [tabA, tabB]) {
    tab.on('response', (res) => {
      if (res.url().includes('/commit')) void res
          .json()
          .then((b: { applied: boolean; seq?: number }) => b.applied || refusals.push(b.seq!))
          .catch(() => undefined); // a beacon's answer while the tab closes
    });
  }

  // Tab B works further: its counter is ahead.
  for (const w of ['b1', 'b2', 'b3']) {
    await commitB(w);
    await eventually(async () => (await row()).location === w, `tab B's ${w} stored`);
  }
  // Tab A, counting from where it started, is refused once, then lands above B.
  await commitA('a1');
  const afterA = await eventually(async () => {
    const r = await row();
    return r.location === 'a1' && r;
  }, "tab A's commit stored despite its lower counter");
  assert.ok(afterA.seq > 3);
  await eventually(async () => refusals.length === 1, 'the refusal seen');
  assert.deepEqual(refusals, [3], 'refused once with the stored seq, then resent once');
  await eventually(async () => (await tabA.textContent('#player-status'))?.includes('Đã lưu'), 'tab A says saved');

  // Now tab B is behind: its next commit lands as well.
  await commitB('b4');
  await eventually(async () => (await row()).location === 'b4', "tab B's later commit stored: the last writer wins");
  await eventually(async () => (await tabB.textContent('#player-status'))?.includes('Đã lưu'), 'tab B says saved');
  await eventually(async () => refusals.length === 2, "tab B's refusal seen");
  assert.equal(refusals[1], afterA.seq);
  await context.close();
});
