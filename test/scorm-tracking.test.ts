/**
 * SCORM tracking over HTTP: commit ordering (seq), replays, another learner's attempt, CSRF in the
 * body for beacons, progress and course completion, the resume data a new launch starts from, the
 * multi-item rollup, the 2004 sequencing state, and the player's access rules.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fsp from 'node:fs/promises';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol } from './helpers/learning.js';
import { makeDataDir, multiSco12, scormCourse, storePackage } from './helpers/scorm.js';
import { SCORM12_FILES, SCORM2004_FILES } from '../src/modules/scorm/package/test-packages.js';
import type { PlayerData } from '../src/modules/scorm/client/protocol.js';

let t: TestApp;
let dataDir: string;
let pkg12: number;
let pkg2004: number;
let pkgMulti: number;

before(async () => {
  dataDir = makeDataDir();
  t = await makeTestApp({ DATA_DIR: dataDir });
  pkg12 = (await storePackage(t.database.db, t.config, SCORM12_FILES)).id;
  pkg2004 = (await storePackage(t.database.db, t.config, SCORM2004_FILES)).id;
  pkgMulti = (await storePackage(t.database.db, t.config, multiSco12(2))).id;
});
after(async () => {
  await t.close();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

async function learnerIn(packageId: number, opts: { completion?: 'completed' | 'passed' } = {}) {
  const db = t.database.db;
  const { courseId, activityId } = await scormCourse(db, packageId, opts);
  const userId = await makeLearner(db);
  await enrol(db, courseId, userId);
  const client = new TestClient(t.app, await sessionCookie(db, userId));
  return { courseId, activityId, userId, client, open: () => openPlayer(client, activityId) };
}

async function openPlayer(client: TestClient, activityId: number): Promise<PlayerData> {
  const res = await client.get(`/hoc-tap/scorm/${activityId}`);
  assert.equal(res.statusCode, 200, res.body);
  return JSON.parse(/<script type="application\/json" id="scorm-data">(.*?)<\/script>/s.exec(res.body)![1]) as PlayerData;
}

const commit = (client: TestClient, attemptId: number, seq: number, cmi: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  client.sendJson('POST', `/api/scorm/attempts/${attemptId}/commit`, { seq, cmi, ...extra });

const cmi12 = (core: Record<string, unknown>, rest: Record<string, unknown> = {}) => ({ core: { lesson_status: 'incomplete', ...core }, ...rest });

const progressOf = (activityId: number, userId: number) =>
  t.database.db.selectFrom('activity_progress').select(['status', 'score', 'time_seconds']).where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();
const enrolmentOf = (courseId: number, userId: number) =>
  t.database.db.selectFrom('enrolments').select(['status', 'started_at', 'completed_at']).where('course_id', '=', courseId).where('user_id', '=', userId).executeTakeFirstOrThrow();

test('the player opens for enrolled learners only, with one attempt row per item', async () => {
  const { activityId, client, userId } = await learnerIn(pkg12);
  const data = await openPlayer(client, activityId);
  assert.equal(data.version, '1.2');
  assert.equal(data.contentOrigin, 'http://127.0.0.1:3000');
  assert.equal(data.launchPage, 'http://127.0.0.1:3000/launch?scorm=12');
  assert.equal(data.items.length, 1);
  const [item] = data.items;
  assert.equal(item.launchUrl, 'index.html');
  assert.ok(item.attemptId);
  assert.deepEqual((item.cmi as { core: Record<string, string> }).core.entry, 'ab-initio');
  assert.equal((item.cmi as { core: Record<string, string> }).core.student_id, String(userId));
  assert.equal((item.cmi as { student_data: Record<string, string> }).student_data.mastery_score, '80');
  assert.equal((item.cmi as Record<string, string>).launch_data, 'mode=practice');
  await openPlayer(client, activityId);
  assert.equal((await t.database.db.selectFrom('scorm_attempts').select('id').where('user_id', '=', userId).execute()).length, 1, 'opening again creates nothing');

  const stranger = new TestClient(t.app, await sessionCookie(t.database.db, await makeLearner(t.database.db)));
  const refused = await stranger.get(`/hoc-tap/scorm/${activityId}`);
  assert.equal(refused.statusCode, 404);
  assert.match(refused.body, /Bạn chưa tham gia khóa học có bài học này/);
  const anonymous = await new TestClient(t.app).get(`/hoc-tap/scorm/${activityId}`);
  assert.equal(anonymous.statusCode, 302);
  assert.equal((await client.get('/hoc-tap/scorm/999999')).statusCode, 404);
});

test('commits apply in sequence order; older and replayed ones change nothing but answer 200', async () => {
  const { client, open } = await learnerIn(pkg12);
  const id = (await open()).items[0].attemptId!;
  const row = () => t.database.db.selectFrom('scorm_attempts').select(['seq', 'location', 'cmi']).where('id', '=', id).executeTakeFirstOrThrow();
  let res = await commit(client, id, 2, cmi12({ lesson_location: '2' }));
  assert.deepEqual([res.statusCode, res.json()], [200, { applied: true }]);
  res = await commit(client, id, 1, cmi12({ lesson_location: '1' }));
  assert.deepEqual([res.statusCode, res.json()], [200, { applied: false, seq: 2 }]);
  res = await commit(client, id, 2, cmi12({ lesson_location: '9' }));
  assert.deepEqual(res.json(), { applied: false, seq: 2 }, 'a replay of seq 2 changes nothing');
  assert.deepEqual({ seq: (await row()).seq, location: (await row()).location }, { seq: 2, location: '2' });
  res = await commit(client, id, 3, cmi12({ lesson_location: '3' }, { suspend_data: 'a=1' }));
  assert.deepEqual(res.json(), { applied: true });
  const r = await row();
  assert.equal(r.location, '3');
  assert.equal(JSON.parse(r.cmi).suspend_data, 'a=1', 'the whole CMI JSON is stored');
});

test('a stale commit (another tab of the attempt counted further) answers applied: false with the stored seq; above it, it lands', async () => {
  const { activityId, userId, client, open } = await learnerIn(pkg12);
  const id = (await open()).items[0].attemptId!;
  const row = () => t.database.db.selectFrom('scorm_attempts').select(['seq', 'location', 'completion_status']).where('id', '=', id).executeTakeFirstOrThrow();
  // The other tab (same learner, same attempt) is at seq 7.
  const otherTab = new TestClient(t.app, await sessionCookie(t.database.db, userId));
  assert.deepEqual((await commit(otherTab, id, 7, cmi12({ lesson_location: 'tab-b' }))).json(), { applied: true });
  // This tab is still at 3: refused, both on the one-UPDATE path (same status) and the status path (passed).
  let res = await commit(client, id, 3, cmi12({ lesson_location: 'tab-a' }));
  assert.deepEqual([res.statusCode, res.json()], [200, { applied: false, seq: 7 }]);
  res = await commit(client, id, 4, cmi12({ lesson_location: 'tab-a', lesson_status: 'passed', score: { raw: '90' } }));
  assert.deepEqual([res.statusCode, res.json()], [200, { applied: false, seq: 7 }]);
  assert.deepEqual(await row(), { seq: 7, location: 'tab-b', completion_status: 'incomplete' });
  assert.notEqual((await progressOf(activityId, userId))?.status, 'completed', 'a refused commit reports no progress');
  // Counted past the stored seq, the same data lands: the tab that commits last wins.
  res = await commit(client, id, 8, cmi12({ lesson_location: 'tab-a', lesson_status: 'passed', score: { raw: '90' } }));
  assert.deepEqual(res.json(), { applied: true });
  assert.deepEqual(await row(), { seq: 8, location: 'tab-a', completion_status: 'completed' });
});

test("another learner's attempt answers 404 and is not touched; bad bodies are refused", async () => {
  const a = await learnerIn(pkg12);
  const b = await learnerIn(pkg12);
  const idA = (await a.open()).items[0].attemptId!;
  const res = await commit(b.client, idA, 5, cmi12({ lesson_status: 'passed' }));
  assert.equal(res.statusCode, 404);
  assert.equal(res.json().error.code, 'NOT_FOUND');
  assert.equal((await t.database.db.selectFrom('scorm_attempts').select('seq').where('id', '=', idA).executeTakeFirstOrThrow()).seq, 0);
  assert.equal((await commit(a.client, 999999, 1, cmi12({}))).statusCode, 404);
  assert.equal((await commit(a.client, idA, 0, cmi12({}))).statusCode, 400, 'seq starts at 1');
  assert.equal((await a.client.sendJson('POST', `/api/scorm/attempts/${idA}/commit`, { seq: 1, cmi: 'x' })).statusCode, 400);
  assert.equal((await a.client.sendJson('POST', `/api/scorm/attempts/${idA}/commit`, { seq: 1, cmi: {}, extra: 1 })).statusCode, 400);
  const anonymous = await new TestClient(t.app).sendJson('POST', `/api/scorm/attempts/${idA}/commit`, { seq: 1, cmi: {} });
  assert.equal(anonymous.statusCode, 401);
});

test('CSRF: the header, or the token inside the body as sendBeacon sends it; none is refused', async () => {
  const { client, open } = await learnerIn(pkg12);
  const id = (await open()).items[0].attemptId!;
  const url = `/api/scorm/attempts/${id}/commit`;
  const plain = await client.request({ method: 'POST', url, payload: JSON.stringify({ seq: 1, cmi: cmi12({}) }), headers: { 'content-type': 'application/json' } });
  assert.equal(plain.statusCode, 403);
  const beacon = await client.request({
    method: 'POST',
    url,
    payload: JSON.stringify({ seq: 2, cmi: cmi12({ lesson_location: '4' }), _csrf: await client.csrfToken() }),
    headers: { 'content-type': 'application/json' },
  });
  assert.deepEqual([beacon.statusCode, beacon.json()], [200, { applied: true }]);
});

test('progress: incomplete starts the course, completed completes it; time and score are recorded', async () => {
  const { courseId, activityId, userId, client, open } = await learnerIn(pkg12);
  const id = (await open()).items[0].attemptId!;
  await commit(client, id, 1, cmi12({ lesson_status: 'incomplete', lesson_location: '1' }));
  assert.equal((await progressOf(activityId, userId))?.status, 'in_progress');
  assert.ok((await enrolmentOf(courseId, userId)).started_at);
  // Mastery score 80 (from the manifest, in the CMI): 85 is a pass.
  await commit(client, id, 2, cmi12({ lesson_status: 'completed', score: { raw: '85', min: '0', max: '100' }, total_time: '00:03:20' }, { student_data: { mastery_score: '80' } }));
  assert.deepEqual(await progressOf(activityId, userId), { status: 'passed', score: 85, time_seconds: 200 });
  const e = await enrolmentOf(courseId, userId);
  assert.equal(e.status, 'completed');
  assert.ok(e.completed_at);
  const row = await t.database.db.selectFrom('scorm_attempts').select(['completion_status', 'success_status', 'score_raw', 'score_scaled', 'total_time_seconds', 'reported']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { completion_status: 'completed', success_status: 'passed', score_raw: 85, score_scaled: 0.85, total_time_seconds: 200, reported: 'completed|passed|85' });
  // A later commit with the same status is the one-statement path and changes no progress.
  await commit(client, id, 3, cmi12({ lesson_status: 'completed', lesson_location: '5', score: { raw: '85', min: '0', max: '100' } }, { student_data: { mastery_score: '80' } }));
  assert.equal((await progressOf(activityId, userId))?.status, 'passed');
});

test('SCORM 1.2 failed and the rule "passed": only a pass completes', async () => {
  const failed = await learnerIn(pkg12);
  const idF = (await failed.open()).items[0].attemptId!;
  await commit(failed.client, idF, 1, cmi12({ lesson_status: 'failed', score: { raw: '40', min: '0', max: '100' } }));
  assert.equal((await progressOf(failed.activityId, failed.userId))?.status, 'failed');
  assert.equal((await enrolmentOf(failed.courseId, failed.userId)).status, 'active');

  const strict = await learnerIn(pkg2004, { completion: 'passed' });
  const data = await strict.open();
  assert.equal(data.version, '2004');
  const sco = data.items.find((i) => i.scormType === 'sco')!;
  await commit(strict.client, sco.attemptId!, 1, { completion_status: 'completed', success_status: 'unknown' });
  const asset = data.items.find((i) => i.scormType === 'asset')!;
  await commit(strict.client, asset.attemptId!, 2, { completion_status: 'completed' });
  assert.equal((await progressOf(strict.activityId, strict.userId))?.status, 'in_progress', 'completed is not enough under "passed"');
  await commit(strict.client, sco.attemptId!, 3, { completion_status: 'completed', success_status: 'passed', score: { scaled: '0.9' } });
  assert.deepEqual(await progressOf(strict.activityId, strict.userId), { status: 'passed', score: 90, time_seconds: 0 });
  assert.equal((await enrolmentOf(strict.courseId, strict.userId)).status, 'completed');
});

test('a multi-SCO package is done when every item is', async () => {
  const m = await learnerIn(pkgMulti);
  const data = await m.open();
  const [a, b] = data.items.filter((i) => i.launchUrl);
  await commit(m.client, a.attemptId!, 1, cmi12({ lesson_status: 'completed' }));
  assert.equal((await progressOf(m.activityId, m.userId))?.status, 'in_progress');
  await commit(m.client, b.attemptId!, 2, cmi12({ lesson_status: 'completed' }));
  assert.equal((await progressOf(m.activityId, m.userId))?.status, 'completed');
  const again = await m.open();
  assert.deepEqual(again.items.filter((i) => i.launchUrl).map((i) => i.status), ['completed', 'completed']);
});

test('resume: the next launch, on any device, starts from the stored bookmark and suspend data', async () => {
  const { activityId, userId, client, open } = await learnerIn(pkg12);
  const id = (await open()).items[0].attemptId!;
  await commit(client, id, 7, cmi12({ lesson_location: '3', exit: 'suspend', session_time: '00:00:30', total_time: '00:01:30' }, { suspend_data: 'trang=3' }));
  const otherDevice = new TestClient(t.app, await sessionCookie(t.database.db, userId));
  const data = await openPlayer(otherDevice, activityId);
  assert.equal(data.seq, 7, 'the next commit continues after the stored sequence number');
  const cmi = data.items[0].cmi as { core: Record<string, string>; suspend_data: string };
  assert.equal(cmi.core.lesson_location, '3');
  assert.equal(cmi.core.entry, 'resume');
  assert.equal(cmi.core.total_time, '00:01:30');
  assert.equal(cmi.suspend_data, 'trang=3');
  assert.equal(cmi.core.exit, undefined, 'per-session elements are not carried over');
  assert.equal(cmi.core.session_time, undefined);
  assert.equal(data.startItem, data.items[0].id);
});

test('the page of a SCO that never calls the API: stored with a commit, handed back at the next launch, cleared with null', async () => {
  const { activityId, userId, client, open } = await learnerIn(pkg12);
  const first = await open();
  assert.equal(first.items[0].page, null);
  assert.equal(first.silentCompletion, true, "by default such a SCO is completed once viewed");
  const id = first.items[0].attemptId!;
  const lastPage = async () => (await t.database.db.selectFrom('scorm_attempts').select('last_page').where('id', '=', id).executeTakeFirstOrThrow()).last_page;
  let res = await commit(client, id, 1, cmi12({ lesson_status: 'incomplete' }), { page: 'pages/hai%20b.html?x=1#p2' });
  assert.deepEqual([res.statusCode, res.json()], [200, { applied: true }]);
  const otherDevice = new TestClient(t.app, await sessionCookie(t.database.db, userId));
  assert.equal((await openPlayer(otherDevice, activityId)).items[0].page, 'pages/hai%20b.html?x=1#p2');
  // A commit without a page leaves it; a stale commit changes nothing, its page neither.
  await commit(client, id, 2, cmi12({ lesson_status: 'incomplete' }));
  assert.equal(await lastPage(), 'pages/hai%20b.html?x=1#p2');
  res = await commit(client, id, 1, cmi12({ lesson_status: 'incomplete' }), { page: 'old.html' });
  assert.deepEqual(res.json(), { applied: false, seq: 2 });
  assert.equal(await lastPage(), 'pages/hai%20b.html?x=1#p2');
  // Pages outside the package folder are refused and change nothing.
  for (const page of ['../other/x.html', '/content/k/x.html', 'https://example.com/x.html', 'javascript:alert(1)', 'a/%2e%2e/b.html', 'a\\b.html']) {
    res = await commit(client, id, 10, cmi12({ lesson_status: 'incomplete' }), { page });
    assert.equal(res.statusCode, 400, page);
  }
  assert.equal(await lastPage(), 'pages/hai%20b.html?x=1#p2');
  // The SCO called Initialize after all: the player sends null, and the next launch starts at the launch URL.
  await commit(client, id, 3, cmi12({ lesson_status: 'incomplete' }), { page: null });
  assert.equal(await lastPage(), null);
  assert.equal((await openPlayer(otherDevice, activityId)).items[0].page, null);
});

test('the activity setting silentSco "never" turns off completing a SCO that never calls the API', async () => {
  const { activityId, open } = await learnerIn(pkg2004);
  assert.equal((await open()).silentCompletion, true);
  await t.database.db.updateTable('activities').set({ settings: JSON.stringify({ packageId: pkg2004, completion: 'completed', silentSco: 'never' }) }).where('id', '=', activityId).execute();
  const data = await open();
  assert.equal(data.silentCompletion, false);
  assert.deepEqual(data.items.filter((i) => i.scormType === 'asset').map((i) => i.page), [null], 'assets keep no page');
});

test('SCORM 2004: the sequencing state is stored with a commit and handed back at the next launch', async () => {
  const { client, open } = await learnerIn(pkg2004);
  const data = await open();
  assert.ok(data.sequencing);
  const tree = data.sequencing.tree as { id: string; sequencingControls?: Record<string, boolean>; children: Array<{ id: string; primaryObjective?: { minNormalizedMeasure?: number } }> };
  assert.equal(tree.id, 'org');
  assert.deepEqual(tree.sequencingControls, { choice: false, flow: true, forwardOnly: true });
  assert.deepEqual(tree.children.map((c) => c.id), ['bai1', 'bai2']);
  assert.equal(tree.children[0].primaryObjective?.minNormalizedMeasure, 0.7);
  assert.equal(data.sequencing.state, null);
  const sco = data.items.find((i) => i.id === 'bai1')!;
  assert.equal((sco.cmi as Record<string, string>).scaled_passing_score, '0.7');
  const state = JSON.stringify({ sequencing: { currentActivity: 'bai1', suspendedActivity: null } });
  await commit(client, sco.attemptId!, 4, { completion_status: 'incomplete', location: 'p2' }, { sequencing: state });
  await commit(client, sco.attemptId!, 3, { completion_status: 'incomplete' }, { sequencing: '{"old":true}' });
  const again = await open();
  assert.equal(again.sequencing?.state, state, 'an older state does not replace a newer one');
  assert.equal(again.seq, 4);

  // Another item of the package (its own attempt row, still at seq 0) committed by a second tab that counted only to
  // 2: its CMI alone would be accepted, but the sequencing state it carries is older than the stored one (4). The
  // commit is refused whole, with the seq to count past — never a silent "saved".
  const other = again.items.find((i) => i.id === 'bai2')!;
  const stale = await commit(client, other.attemptId!, 2, { completion_status: 'incomplete', location: 'b2' }, { sequencing: '{"stale":true}' });
  assert.equal(stale.statusCode, 200);
  assert.deepEqual(stale.json(), { applied: false, seq: 4 });
  const after = await open();
  assert.equal(after.sequencing?.state, state, 'the stored state is unchanged');
  assert.notEqual((after.items.find((i) => i.id === 'bai2')!.cmi as Record<string, unknown>).location, 'b2', 'nothing of the refused commit was written');
  // The player counts past it and sends the same again: now stored.
  const newer = JSON.stringify({ sequencing: { currentActivity: 'bai2', suspendedActivity: null } });
  assert.deepEqual((await commit(client, other.attemptId!, 5, { completion_status: 'incomplete', location: 'b2' }, { sequencing: newer })).json(), { applied: true });
  const last = await open();
  assert.equal(last.sequencing?.state, newer);
  assert.equal((last.items.find((i) => i.id === 'bai2')!.cmi as Record<string, unknown>).location, 'b2');
});
