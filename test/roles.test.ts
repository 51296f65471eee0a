import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makeLearner, makeUnitAdmin, makeVillage, sessionCookie, unitId } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

async function clientFor(userId: number) {
  return new TestClient(t.app, await sessionCookie(t.database.db, userId));
}

const grantsOf = (userId: number) =>
  t.database.db.selectFrom('role_grants').select(['id', 'role', 'unit_id']).where('user_id', '=', userId).execute();

test('the last city administrator cannot be revoked', async () => {
  const admin = await makeCityAdmin(t.database.db);
  const c = await clientFor(admin);
  const [grant] = await grantsOf(admin);
  const res = await c.request({ method: 'DELETE', url: `/api/roles/${grant.id}`, headers: { 'x-csrf-token': await c.csrfToken() } });
  assert.equal(res.statusCode, 409);
  assert.equal(res.json().error.code, 'ROLE_LAST_CITY_ADMIN');
  assert.equal((await grantsOf(admin)).length, 1);
});

test('a unit administrator grants a role by phone through the form; it is listed and audited', async () => {
  const db = t.database.db;
  const admin = await makeUnitAdmin(db, '10507');
  const learner = await makeLearner(db, { unitCode: '10507', fullName: 'Lê Văn Bình', phone: '+84912000001' });
  await makeVillage(db, '10507', 'RG-T1', 'Tổ dân phố Rồng 1');
  const c = await clientFor(admin);
  const page = await c.get('/quan-tri/vai-tro');
  assert.equal(page.statusCode, 200);
  const roleSelect = /<select id="f-role"[^]*?<\/select>/.exec(page.body)?.[0] ?? '';
  assert.match(roleSelect, /<option value="team_member"/);
  assert.doesNotMatch(roleSelect, /<option value="city_admin"/, 'a unit administrator cannot grant city_admin');
  assert.match(page.body, /<option value="RG-T1">/, 'villages of the commune can be chosen');

  const res = await c.postForm('/quan-tri/vai-tro', { login: '0912 000 001', role: 'team_member', unitCode: 'RG-T1' });
  assert.equal(res.statusCode, 303, res.body);
  const after = await c.get(res.headers.location as string);
  assert.match(after.body, /Đã cấp vai trò Thành viên tổ công nghệ số cho Lê Văn Bình/);
  assert.match(after.body, /<th scope="row">Lê Văn Bình<\/th><td>Thành viên tổ công nghệ số<\/td><td>Tổ dân phố Rồng 1<\/td>/);
  const grants = await grantsOf(learner);
  assert.deepEqual(grants.map((g) => g.role), ['team_member']);
  const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'role.grant').where('target_id', '=', String(learner)).executeTakeFirst();
  assert.ok(entry);
  assert.equal(entry.actor_id, admin);
  assert.deepEqual(JSON.parse(entry.details!).role, 'team_member');

  const again = await c.postForm('/quan-tri/vai-tro', { login: '0912000001', role: 'team_member', unitCode: 'RG-T1' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Người này đã có vai trò này tại đơn vị đã chọn/);
});

test('only a city administrator grants city_admin, and only at the city', async () => {
  const db = t.database.db;
  const unitAdmin = await makeUnitAdmin(db, '10507');
  const target = await makeLearner(db, { unitCode: '10507', email: 'nguoi.nhan@example.vn' });
  const c = await clientFor(unitAdmin);
  const refused = await c.sendJson('POST', '/api/roles', { login: 'nguoi.nhan@example.vn', role: 'city_admin', unitCode: '10507' });
  assert.equal(refused.statusCode, 403);
  assert.equal(refused.json().error.fields.role, 'ROLE_CITY_ADMIN_ONLY');

  const city = await clientFor(await makeCityAdmin(db));
  const atCommune = await city.sendJson('POST', '/api/roles', { login: 'nguoi.nhan@example.vn', role: 'city_admin', unitCode: '10507' });
  assert.equal(atCommune.statusCode, 422);
  const atCity = await city.sendJson('POST', '/api/roles', { login: 'nguoi.nhan@example.vn', role: 'city_admin', unitCode: '31' });
  assert.equal(atCity.statusCode, 201, atCity.body);
  assert.deepEqual((await grantsOf(target)).map((g) => g.role), ['city_admin']);
});

test('nobody grants at a unit outside their scope, nor to a person of another unit (404, as for nobody)', async () => {
  const db = t.database.db;
  const c = await clientFor(await makeUnitAdmin(db, '10507'));
  await makeLearner(db, { unitCode: '10507', phone: '+84912000002' });
  await makeLearner(db, { unitCode: '10525', phone: '+84912000003' });

  const otherUnit = await c.sendJson('POST', '/api/roles', { login: '0912000002', role: 'content_manager', unitCode: '10525' });
  assert.equal(otherUnit.statusCode, 404);

  const otherPerson = await c.sendJson('POST', '/api/roles', { login: '0912000003', role: 'content_manager', unitCode: '10507' });
  const nobody = await c.sendJson('POST', '/api/roles', { login: '0912999999', role: 'content_manager', unitCode: '10507' });
  assert.equal(otherPerson.statusCode, 404);
  assert.equal(nobody.statusCode, 404);
  assert.deepEqual(otherPerson.json(), nobody.json(), 'the answer does not tell whether the person exists');

  const form = await c.postForm('/quan-tri/vai-tro', { login: '0912000003', role: 'content_manager', unitCode: '10507' });
  assert.equal(form.statusCode, 404);
  assert.match(form.body, /Không tìm thấy người dùng với số điện thoại hoặc thư điện tử này trong phạm vi bạn quản lý/);
  assert.match(form.body, /value="0912000003"/, 'the form keeps what was typed');
});

test('JSON API: list in scope without contact details, grant, revoke with audit; outside scope is 404', async () => {
  const db = t.database.db;
  const admin = await makeUnitAdmin(db, '10532');
  const person = await makeLearner(db, { unitCode: '10532', fullName: 'Đỗ Thị Cúc', phone: '+84912000004' });
  const c = await clientFor(admin);
  const created = await c.sendJson('POST', '/api/roles', { login: '+84 912 000 004', role: 'contest_organiser', unitCode: '10532' });
  assert.equal(created.statusCode, 201, created.body);
  const grant = created.json();
  assert.equal(grant.role, 'contest_organiser');
  assert.deepEqual(grant.person, { id: person, fullName: 'Đỗ Thị Cúc' });
  assert.deepEqual(grant.unit.code, '10532');

  const list = await c.get('/api/roles');
  assert.equal(list.statusCode, 200);
  const body = list.json() as { items: Array<{ unit: { code: string }; person: { fullName: string } }>; total: number };
  assert.ok(body.items.length >= 2, 'the administrator and the new grant');
  assert.ok(body.items.every((g) => g.unit.code === '10532'), 'only grants in scope');
  assert.doesNotMatch(list.body, /\+849|phone|email|password/);

  const outsider = await clientFor(await makeUnitAdmin(db, '10507'));
  const foreign = await outsider.request({ method: 'DELETE', url: `/api/roles/${grant.id}`, headers: { 'x-csrf-token': await outsider.csrfToken() } });
  assert.equal(foreign.statusCode, 404);

  const revoked = await c.request({ method: 'DELETE', url: `/api/roles/${grant.id}`, headers: { 'x-csrf-token': await c.csrfToken() } });
  assert.equal(revoked.statusCode, 204);
  assert.equal((await grantsOf(person)).length, 0);
  const entry = await db.selectFrom('audit_log').select('unit_id').where('action', '=', 'role.revoke').where('target_id', '=', String(person)).executeTakeFirst();
  assert.equal(entry?.unit_id, await unitId(db, '10532'));
});

test('revoking through the page; a learner gets 404 for roles; the admin home links to roles', async () => {
  const db = t.database.db;
  const admin = await makeUnitAdmin(db, '10537');
  const person = await makeLearner(db, { unitCode: '10537', phone: '+84912000005' });
  const c = await clientFor(admin);
  await c.postForm('/quan-tri/vai-tro', { login: '0912000005', role: 'unit_admin', unitCode: '10537' });
  const [grant] = await grantsOf(person);
  const res = await c.postForm(`/quan-tri/vai-tro/${grant.id}/thu-hoi`, {});
  assert.equal(res.statusCode, 303);
  assert.match((await c.get(res.headers.location as string)).body, /Đã thu hồi vai trò/);
  assert.equal((await grantsOf(person)).length, 0);

  const home = await c.get('/quan-tri');
  assert.match(home.body, /href="\/quan-tri\/vai-tro">Vai trò</);

  const learner = await clientFor(await makeLearner(db));
  assert.equal((await learner.get('/quan-tri/vai-tro')).statusCode, 404);
  assert.equal((await learner.get('/api/roles')).statusCode, 404);
});
