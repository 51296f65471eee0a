import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makeLearner, makeUnitAdmin, sessionCookie, unitId } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';

let t: TestApp;
let city: TestClient;
before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
  // Just after midnight on 2 January 2025 in Vietnam (17:30 UTC on 1 January).
  await db
    .insertInto('audit_log')
    .values({ at: '2025-01-01T17:30:00.000Z', actor_id: null, action: 'unit.retire', unit_id: await unitId(db, '10525'), target_type: 'unit', target_id: '7', details: null })
    .execute();
});
after(() => t.close());

interface Entry {
  action: string;
  actionLabel: string;
  at: string;
  atLocal: string;
  actor: { fullName: string } | null;
  unit: { code: string } | null;
  target: { type: string; id: string } | null;
}

test('a unit administrator and a learner get 404; nobody signed in gets 401 or the sign-in page', async () => {
  const db = t.database.db;
  const unitAdmin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  assert.equal((await unitAdmin.get('/quan-tri/nhat-ky')).statusCode, 404);
  assert.equal((await unitAdmin.get('/api/audit')).statusCode, 404);
  const learner = new TestClient(t.app, await sessionCookie(db, await makeLearner(db)));
  assert.equal((await learner.get('/api/audit')).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'GET', url: '/api/audit' })).statusCode, 401);
  const page = await t.app.inject({ method: 'GET', url: '/quan-tri/nhat-ky' });
  assert.equal(page.statusCode, 302);
  assert.match(page.headers.location as string, /^\/dang-nhap\?next=/);
});

test('the city administrator reads who did what, with labels, filters by action, unit and pages', async () => {
  const created = await city.sendJson('POST', '/api/units', { parentCode: '10507', code: 'AU-T1', name: 'Thôn Nhật Ký', type: 'thon' });
  assert.equal(created.statusCode, 201);
  const res = await city.get('/api/audit?action=unit.create');
  assert.equal(res.statusCode, 200);
  const body = res.json() as { items: Entry[]; total: number };
  assert.equal(body.total, 1);
  const [entry] = body.items;
  assert.equal(entry.actionLabel, 'Thêm đơn vị');
  assert.equal(entry.actor?.fullName, 'Quản trị thành phố');
  assert.equal(entry.unit?.code, 'AU-T1');
  assert.equal(entry.target?.type, 'unit');

  const english = await city.get('/api/audit?action=unit.create&lang=en');
  assert.equal((english.json() as { items: Entry[] }).items[0].actionLabel, 'Unit added');
  await city.get('/?lang=vi');

  const underCommune = (await city.get('/api/audit?unitCode=10507')).json() as { items: Entry[] };
  assert.ok(underCommune.items.some((e) => e.unit?.code === 'AU-T1'), 'a unit filter covers the units below it');
  assert.ok(underCommune.items.every((e) => e.unit?.code !== '10525'));

  const paged = (await city.get('/api/audit?pageSize=1&page=2')).json() as { items: Entry[]; total: number; page: number };
  assert.equal(paged.items.length, 1);
  assert.ok(paged.total >= 2);
  assert.equal(paged.page, 2);

  assert.equal((await city.get('/api/audit?secret=1')).statusCode, 400, 'unknown filters are refused');
});

test('times are Vietnam time; a date range means Vietnam calendar days', async () => {
  const day2 = (await city.get('/api/audit?from=2025-01-02&to=2025-01-02')).json() as { items: Entry[] };
  assert.deepEqual(day2.items.map((e) => e.action), ['unit.retire']);
  assert.equal(day2.items[0].atLocal, '2025-01-02T00:30:00.000+07:00');
  assert.equal(day2.items[0].actor, null);
  const day1 = (await city.get('/api/audit?from=2025-01-01&to=2025-01-01')).json() as { items: Entry[] };
  assert.equal(day1.items.length, 0, 'it is not 1 January in Vietnam');
  assert.equal((await city.get('/api/audit?from=2025-02-30')).statusCode, 400);

  const page = await city.get('/quan-tri/nhat-ky?from=2025-01-02&to=2025-01-02');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /02\/01\/2025 00:30/);
  assert.match(page.body, /Ngừng hoạt động đơn vị/);
  assert.match(page.body, /Phường Hải Dương/);
  assert.match(page.body, /Hệ thống/);
});

test('the page lists recent entries with the actor name and a bad date is explained, not fatal', async () => {
  const page = await city.get('/quan-tri/nhat-ky?from=2025-13-40');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ngày không hợp lệ/);
  assert.match(page.body, /Quản trị thành phố/);
  assert.match(page.body, /Thêm đơn vị/);
  assert.match(page.body, /<option value="unit.create">Thêm đơn vị<\/option>/);
});
