import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

test('GET /api/units lists the 114 communes (45 phường, 67 xã, 2 đặc khu) and 14 departments under the city', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/api/units' });
  assert.equal(res.statusCode, 200);
  const { city, units } = res.json() as { city: string; units: Array<{ code: string; type: string; parentCode: string | null; name: string }> };
  assert.equal(city, 'Thành phố Hải Phòng');
  const count = (type: string) => units.filter((u) => u.type === type).length;
  assert.deepEqual([count('phuong'), count('xa'), count('dac_khu'), count('so_nganh')], [45, 67, 2, 14]);
  assert.ok(units.filter((u) => u.type !== 'thanh_pho').every((u) => u.parentCode === '31'));
  assert.equal(units.find((u) => u.code === '10507')?.name, 'Phường Thành Đông');
});

test('a commune administrator adds a village under their commune, not under another', async () => {
  const admin = await makeUnitAdmin(t.database.db, '10507');
  const c = new TestClient(t.app, await sessionCookie(t.database.db, admin));
  const ok = await c.sendJson('POST', '/api/units', { parentCode: '10507', code: '10507-T1', name: 'Tổ dân phố số 1', type: 'to_dan_pho' });
  assert.equal(ok.statusCode, 201, ok.body);
  const other = await c.sendJson('POST', '/api/units', { parentCode: '10525', code: '10525-T1', name: 'Tổ dân phố số 1', type: 'to_dan_pho' });
  assert.equal(other.statusCode, 404);
  const wrongType = await c.sendJson('POST', '/api/units', { parentCode: '10507', code: '10507-X', name: 'Xã con', type: 'xa' });
  assert.equal(wrongType.statusCode, 422);
});

test('rename, move and retire; a retired unit keeps its record; unknown fields are refused', async () => {
  const admin = await makeCityAdmin(t.database.db);
  const c = new TestClient(t.app, await sessionCookie(t.database.db, admin));
  await c.sendJson('POST', '/api/units', { parentCode: '10525', code: 'HD-T9', name: 'Thôn 9', type: 'thon' });
  const renamed = await c.sendJson('PATCH', '/api/units/HD-T9', { name: 'Thôn Chín' });
  assert.equal(renamed.json().name, 'Thôn Chín');
  const moved = await c.sendJson('PATCH', '/api/units/HD-T9', { parentCode: '10532' });
  assert.equal(moved.json().parentCode, '10532');
  const retired = await c.sendJson('PATCH', '/api/units/HD-T9', { retired: true });
  assert.equal(retired.json().retired, true);
  const list = (await t.app.inject({ method: 'GET', url: '/api/units' })).json() as { units: Array<{ code: string }> };
  assert.ok(!list.units.some((u) => u.code === 'HD-T9'));
  const withRetired = (await t.app.inject({ method: 'GET', url: '/api/units?includeRetired=true' })).json() as { units: Array<{ code: string }> };
  assert.ok(withRetired.units.some((u) => u.code === 'HD-T9'));
  const unknown = await c.sendJson('PATCH', '/api/units/10507', { name: 'X', owner: 'me' });
  assert.equal(unknown.statusCode, 400);
  const audit = await t.database.db.selectFrom('audit_log').select('action').where('target_type', '=', 'unit').execute();
  assert.ok(['unit.create', 'unit.update', 'unit.retire'].every((a) => audit.some((r) => r.action === a)));
});

test('a learner cannot change units (404, nothing learned)', async () => {
  const c = new TestClient(t.app);
  const res = await c.sendJson('PATCH', '/api/units/10507', { name: 'Hacked' });
  assert.equal(res.statusCode, 401);
});
