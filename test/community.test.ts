/** The community hub: every module's figures for a unit in scope, against targets; another commune's unit is 404. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';

let t: TestApp;
let adminA: TestClient;
let learner: TestClient;

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  const village1 = await makeVillage(db, '10507', '10507-HUB1', 'Tổ dân phố Hub 1');
  await makeVillage(db, '10507', '10507-HUB2', 'Tổ dân phố Hub 2');
  // One team of 2 members in village 1: 2 villages → the target is 6 members and 2 villages with a team.
  const now = new Date().toISOString();
  const m1 = await makePerson(db, { unitCode: '10507' });
  const m2 = await makePerson(db, { unitCode: '10507' });
  const { id: teamId } = await db.insertInto('community_teams').values({ unit_id: village1, name: 'Tổ Hub', leader_id: m1, created_by: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  for (const u of [m1, m2]) await db.insertInto('community_team_members').values({ team_id: teamId, user_id: u, added_by: null, joined_at: now }).execute();
  adminA = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  learner = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { unitCode: '10507' })));
});
after(() => t.close());

test("a commune administrator sees their commune's figures against targets, with the gaps marked", async () => {
  const res = await adminA.get('/quan-tri/cong-dong');
  assert.equal(res.statusCode, 200);
  for (const title of ['Tổ công nghệ số cộng đồng', 'Đại sứ số', 'Gia đình số', 'Một ngày học số và sự kiện', 'Sáng kiến, mô hình']) assert.ok(res.body.includes(`<h2>${title}</h2>`), title);
  const row = (label: string) => new RegExp(`<th scope="row">${label}</th><td>([^<]*)</td><td>([^<]*)(<strong[^>]*>[^<]*</strong>)?</td>`).exec(res.body);
  const withTeam = row('Thôn, tổ dân phố có Tổ công nghệ số cộng đồng');
  assert.ok(withTeam, 'the villages-with-a-team row');
  assert.equal(withTeam[1], '1');
  assert.equal(withTeam[2].trim(), '2');
  assert.match(withTeam[3] ?? '', /chưa đạt/);
  const members = row('Thành viên Tổ công nghệ số cộng đồng');
  assert.ok(members);
  assert.deepEqual([members[1], members[2].trim()], ['2', '6']);
  assert.ok(res.body.includes('href="/quan-tri/to-cong-nghe-so/so-lieu"'));
});

test('another commune is 404; a learner cannot open the hub', async () => {
  assert.equal((await adminA.get('/quan-tri/cong-dong?don_vi=10606')).statusCode, 404);
  assert.equal((await adminA.get('/quan-tri/cong-dong?don_vi=10507')).statusCode, 200);
  assert.equal((await learner.get('/quan-tri/cong-dong')).statusCode, 404);
});
