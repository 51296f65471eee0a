import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';

let t: TestApp;
let admin: TestClient;
before(async () => {
  t = await makeTestApp();
  admin = new TestClient(t.app, await sessionCookie(t.database.db, await makeCityAdmin(t.database.db)));
});
after(() => t.close());

async function unitCount() {
  const r = await t.database.db.selectFrom('units').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

test('malformed JSON gets a clear 400 with a stable code, in the caller’s language', async () => {
  const token = await admin.csrfToken();
  const res = await admin.request({
    method: 'POST',
    url: '/api/units?lang=en',
    payload: '{"parentCode": "31", "code": ',
    headers: { 'content-type': 'application/json', 'x-csrf-token': token },
  });
  assert.equal(res.statusCode, 400);
  const body = res.json() as { error: { code: string; message: string } };
  assert.equal(body.error.code, 'BAD_REQUEST');
  assert.match(body.error.message, /not valid/);
});

test('an oversized body is refused with 413 and nothing changes', async () => {
  const before = await unitCount();
  const res = await admin.sendJson('POST', '/api/units', { parentCode: '31', code: 'BIG', name: 'x'.repeat(2 * 1024 * 1024), type: 'so_nganh' });
  assert.equal(res.statusCode, 413);
  assert.equal((res.json() as { error: { code: string } }).error.code, 'BODY_TOO_LARGE');
  assert.equal(await unitCount(), before);
});

test('unknown fields and wrong types are refused by the schema', async () => {
  const res = await admin.sendJson('POST', '/api/units', { parentCode: '31', code: 'SXD2', name: 'Sở mới', type: 'so_nganh', evil: true });
  assert.equal(res.statusCode, 400);
  assert.equal((res.json() as { error: { code: string } }).error.code, 'VALIDATION');
  const wrongType = await admin.sendJson('POST', '/api/units', { parentCode: '31', code: 'SXD3', name: 'Sở mới', type: 'planet' });
  assert.equal(wrongType.statusCode, 400);
});

test('SQL and HTML in text fields are stored as typed and shown escaped', async () => {
  const name = `Sở "Thử'); DROP TABLE units;-- <img src=x onerror=alert(1)>`;
  const res = await admin.sendJson('POST', '/api/units', { parentCode: '31', code: 'SQL-1', name, type: 'so_nganh' });
  assert.equal(res.statusCode, 201, res.body);
  assert.equal((res.json() as { name: string }).name, name);
  const page = await admin.get('/dang-ky');
  assert.doesNotMatch(page.body, /<img src=x/);
  assert.ok(await unitCount() > 100, 'the units table is still there');
});

test('a page that does not exist answers 404 in Vietnamese, the API in JSON', async () => {
  const page = await t.app.inject({ method: 'GET', url: '/khong-co-trang-nay' });
  assert.equal(page.statusCode, 404);
  assert.match(page.body, /Không tìm thấy/);
  const api = await t.app.inject({ method: 'GET', url: '/api/khong-co' });
  assert.equal(api.statusCode, 404);
  assert.equal((api.json() as { error: { code: string } }).error.code, 'NOT_FOUND');
});
