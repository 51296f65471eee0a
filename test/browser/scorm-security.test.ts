/**
 * A hostile package cannot act as the learner: its pages run on the content origin (another site),
 * where the session cookie never goes; what it tries against the platform fails; it cannot read the
 * player's page. And the runtime API a SCO sees answers SCORM error codes synchronously.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SCORM12_MANIFEST } from '../../src/modules/scorm/package/test-packages.js';
import { storePackage } from '../helpers/scorm.js';
import { closeTab, courseWithLearner, eventually, frameMatching, startScormBrowserEnv, type ScormBrowserEnv } from './scorm-env.js';

let env: ScormBrowserEnv;
before(async () => {
  env = await startScormBrowserEnv();
});
after(() => env.close());

const db = () => env.t.database.db;

function hostilePage(platform: string): string {
  return `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Bài học</title><body><h1>Bài học</h1><pre id="out"></pre>
<script>
(async function () {
  var r = {};
  r.cookie = document.cookie;
  try { r.player = window.top.document.title; } catch (e) { r.player = 'blocked:' + e.name; }
  try { r.playerCookie = window.top.document.cookie; } catch (e) { r.playerCookie = 'blocked:' + e.name; }
  try { r.wrapperHasApi = typeof window.parent.API; } catch (e) { r.wrapperHasApi = 'blocked'; }
  async function probe(url, init) {
    try { var res = await fetch(url, init); return 'status:' + res.status + ':' + (await res.text()).slice(0, 40); }
    catch (e) { return 'failed:' + e.name; }
  }
  r.me = await probe('${platform}/api/me', { credentials: 'include' });
  r.commit = await probe('${platform}/api/scorm/attempts/1/commit', { method: 'POST', credentials: 'include', headers: { 'content-type': 'text/plain' }, body: '{"seq":999999,"cmi":{"core":{"lesson_status":"passed"}}}' });
  r.noCors = await probe('${platform}/api/me', { credentials: 'include', mode: 'no-cors' });
  r.beacon = navigator.sendBeacon('${platform}/api/scorm/attempts/1/commit', '{"seq":999998,"cmi":{"core":{"lesson_status":"passed"}}}');
  r.ownOrigin = await probe('/api/me', {});
  document.getElementById('out').textContent = JSON.stringify(r);
})();
</script></body></html>`;
}

test('a hostile package cannot read the session, call the platform as the learner, or read the player', async () => {
  const pkg = await storePackage(db(), env.t.config, { 'imsmanifest.xml': SCORM12_MANIFEST, 'index.html': hostilePage(env.baseUrl) });
  const c = await courseWithLearner(env, pkg.id);
  const { context, page } = await env.signedIn(c.userId);
  const platformRequests: string[] = [];
  page.on('request', (r) => {
    if (r.url().startsWith(env.baseUrl + '/api/')) platformRequests.push(`${r.method()} ${r.url()} from ${r.frame().url()}`);
  });
  await page.goto(c.url);
  const sco = await frameMatching(page, /\/content\/[a-f0-9]+\/index\.html/);
  assert.ok(sco.url().startsWith(env.contentUrl), 'package content comes from the content origin');
  const out = await eventually(async () => (await sco.textContent('#out')) || undefined, 'the hostile page probes');
  const r = JSON.parse(out) as Record<string, unknown>;
  assert.equal(r.cookie, '', 'no cookie at all on the content origin');
  assert.match(String(r.player), /^blocked:SecurityError/);
  assert.match(String(r.playerCookie), /^blocked:SecurityError/);
  assert.equal(r.wrapperHasApi, 'object', 'the SCORM API is there, in the wrapper');
  assert.match(String(r.me), /^failed:TypeError/, 'fetch to the platform refused (connect-src, CORS, no cookie)');
  assert.match(String(r.commit), /^failed:TypeError/);
  assert.match(String(r.noCors), /^failed:TypeError/);
  // (a beacon reports only that it was queued; CSP blocks it on its way — the database check below shows nothing arrived)
  assert.match(String(r.ownOrigin), /^status:404/, 'the content origin has no API');
  // Only the player itself (platform origin) talked to the platform API.
  for (const line of platformRequests) assert.match(line, new RegExp(`from ${env.baseUrl}/hoc-tap/scorm/`), line);
  const row = await db().selectFrom('scorm_attempts').select(['seq', 'success_status']).where('user_id', '=', c.userId).executeTakeFirstOrThrow();
  assert.ok(row.seq < 999998 && row.success_status !== 'passed', 'no forged commit was applied');
  // The player page itself: the session cookie is HttpOnly, host-only.
  assert.doesNotMatch(await page.evaluate(() => document.cookie), /kns_sid/);
  const cookies = await context.cookies();
  const sid = cookies.find((k) => k.name === 'kns_sid')!;
  assert.deepEqual([sid.domain, sid.httpOnly, sid.sameSite], ['localhost', true, 'Lax']);
  assert.ok(!cookies.some((k) => k.domain === '127.0.0.1'), 'no cookie was set for the content origin');
  await closeTab(context, page);
});

const RUNTIME_PAGE = '<!doctype html><html lang="vi"><meta charset="utf-8"><title>API</title><body><h1>API</h1></body></html>';

test('the SCO sees a synchronous SCORM API: values, and error codes for invalid SetValue calls (1.2 and 2004)', async () => {
  const p12 = await storePackage(db(), env.t.config, { 'imsmanifest.xml': SCORM12_MANIFEST, 'index.html': RUNTIME_PAGE });
  const c = await courseWithLearner(env, p12.id, { fullName: 'Trần Văn Kiểm' });
  const { context, page } = await env.signedIn(c.userId);
  await page.goto(c.url);
  const sco = await frameMatching(page, /\/content\/[a-f0-9]+\/index\.html/);
  // Evaluated as source text: the test runner's transpiler would otherwise inject helpers the page lacks.
  const r12 = await sco.evaluate(`(() => {
    const api = window.parent.API;
    const call = (m, ...a) => [api[m](...a), api.LMSGetLastError()];
    return {
      init: call('LMSInitialize', ''),
      name: call('LMSGetValue', 'cmi.core.student_name'),
      mastery: call('LMSGetValue', 'cmi.student_data.mastery_score'),
      badStatus: call('LMSSetValue', 'cmi.core.lesson_status', 'xong'),
      badScore: call('LMSSetValue', 'cmi.core.score.raw', 'nhiều'),
      readOnly: call('LMSSetValue', 'cmi.core.student_name', 'Ai đó'),
      unknown: call('LMSGetValue', 'cmi.core.khong_co'),
      good: call('LMSSetValue', 'cmi.core.lesson_location', 'trang-2'),
      readBack: call('LMSGetValue', 'cmi.core.lesson_location'),
      commit: call('LMSCommit', ''),
    };
  })()`);
  assert.deepEqual(r12, {
    init: ['true', '0'],
    name: ['Trần Văn Kiểm', '0'],
    mastery: ['80', '0'],
    badStatus: ['false', '405'],
    badScore: ['false', '405'],
    readOnly: ['false', '403'],
    unknown: ['', '401'],
    good: ['true', '0'],
    readBack: ['trang-2', '0'],
    commit: ['true', '0'],
  });
  await eventually(async () => (await db().selectFrom('scorm_attempts').select('location').where('user_id', '=', c.userId).executeTakeFirst())?.location === 'trang-2', 'the commit stored');
  await closeTab(context, page);

  const manifest2004 = `<?xml version="1.0"?><manifest identifier="kns.api.2004" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3">
    <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
    <organizations default="o"><organization identifier="o"><title>API 2004</title><item identifier="i" identifierref="r"><title>Bài</title></item></organization></organizations>
    <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"/></resources></manifest>`;
  const p2004 = await storePackage(db(), env.t.config, { 'imsmanifest.xml': manifest2004, 'index.html': RUNTIME_PAGE });
  const c2 = await courseWithLearner(env, p2004.id);
  const second = await env.signedIn(c2.userId);
  await second.page.goto(c2.url);
  const sco2 = await frameMatching(second.page, /\/content\/[a-f0-9]+\/index\.html/);
  const r2004 = await sco2.evaluate(`(() => {
    const api = window.parent.API_1484_11;
    const call = (m, ...a) => [api[m](...a), api.GetLastError()];
    return {
      init: call('Initialize', ''),
      entry: call('GetValue', 'cmi.entry'),
      badStatus: call('SetValue', 'cmi.completion_status', 'xong'),
      outOfRange: call('SetValue', 'cmi.score.scaled', '2'),
      readOnly: call('SetValue', 'cmi.learner_id', 'x'),
      undefinedElement: call('GetValue', 'cmi.khong_co'),
      good: call('SetValue', 'cmi.location', 'p3'),
      status: call('SetValue', 'cmi.completion_status', 'completed'),
      terminate: call('Terminate', ''),
      after: call('GetValue', 'cmi.location'),
    };
  })()`);
  assert.deepEqual(r2004, {
    init: ['true', '0'],
    entry: ['ab-initio', '0'],
    badStatus: ['false', '406'],
    outOfRange: ['false', '407'],
    readOnly: ['false', '404'],
    undefinedElement: ['', '401'],
    good: ['true', '0'],
    status: ['true', '0'],
    terminate: ['true', '0'],
    after: ['', '123'],
  });
  await eventually(async () => (await db().selectFrom('scorm_attempts').select('completion_status').where('user_id', '=', c2.userId).executeTakeFirst())?.completion_status === 'completed', 'the terminate commit stored');
  await closeTab(second.context, second.page);
});

test('a short network loss loses nothing: commits wait, retry and arrive in order', async () => {
  const p = await storePackage(db(), env.t.config, { 'imsmanifest.xml': SCORM12_MANIFEST, 'index.html': RUNTIME_PAGE });
  const c = await courseWithLearner(env, p.id);
  const { context, page } = await env.signedIn(c.userId);
  await page.goto(c.url);
  const sco = await frameMatching(page, /\/content\/[a-f0-9]+\/index\.html/);
  await sco.evaluate(() => (window.parent as unknown as { API: Record<string, (...a: string[]) => string> }).API.LMSInitialize(''));
  let dropped = 0;
  await page.route('**/api/scorm/attempts/*/commit', (route) => {
    dropped++;
    return route.abort('internetdisconnected');
  });
  for (const where of ['1', '2', '3']) {
    await sco.evaluate((w) => {
      const api = (window.parent as unknown as { API: Record<string, (...a: string[]) => string> }).API;
      api.LMSSetValue('cmi.core.lesson_location', w);
      api.LMSCommit('');
    }, where);
  }
  await eventually(async () => dropped >= 1 && (await page.textContent('#player-status'))?.includes('Mất kết nối'), 'the player says it is offline');
  await page.unroute('**/api/scorm/attempts/*/commit');
  const row = await eventually(async () => {
    const r = await db().selectFrom('scorm_attempts').select(['location', 'seq']).where('user_id', '=', c.userId).executeTakeFirst();
    return r?.location === '3' && r;
  }, 'the queued commits delivered after the network came back', 15_000);
  assert.ok(row.seq >= 2);
  await eventually(async () => (await page.textContent('#player-status'))?.includes('Đã lưu'), 'saved');
  await closeTab(context, page);
});
