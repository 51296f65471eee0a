/**
 * Scope isolation: an administrator of one commune never learns about a person of another commune,
 * through any route that returns people — the person is absent from every list, search and export,
 * and their own pages answer 404 (never 403).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { bytes, firstSheet } from './helpers/xlsx.js';

let t: TestApp;
let thanhDong: TestClient; // administrator of Phường Thành Đông (10507)
let village: TestClient; // administrator of a village of Thành Đông only
let city: TestClient;
const ids = { own: 0, villager: 0, other: 0, deleted: 0 };

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  await makeVillage(db, '10507', '10507-T2', 'Tổ dân phố số 2');
  ids.own = await makePerson(db, { fullName: 'Nguyễn Văn Trong', unitCode: '10507', phone: '+84912111001' });
  ids.villager = await makePerson(db, { fullName: 'Nguyễn Thị Thôn', unitCode: '10507-T2', phone: '+84912111002' });
  ids.other = await makePerson(db, { fullName: 'Nguyễn Văn Ngoài', unitCode: '10525', phone: '+84912111003' });
  ids.deleted = await makePerson(db, { fullName: 'Nguyễn Văn Xóa', unitCode: '10507', phone: '+84912111004' });
  await db.updateTable('users').set({ status: 'deleted' }).where('id', '=', ids.deleted).execute();
  thanhDong = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507', { fullName: 'Quản Trị Phường' })));
  village = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507-T2', { fullName: 'Quản Trị Tổ' })));
  city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
});
after(() => t.close());

/** Names in every people-returning list route, for the same query string. */
async function namesEverywhere(c: TestClient, query = ''): Promise<Record<string, string[]>> {
  const sep = query ? '&' : '?';
  const html = await c.get(`/quan-tri/nguoi-dung${query}`);
  assert.equal(html.statusCode, 200, html.body.slice(0, 200));
  const json = await c.get(`/api/people${query}${sep}pageSize=200`);
  assert.equal(json.statusCode, 200, json.body);
  const xlsx = await c.get(`/api/people/export.xlsx${query}`);
  assert.equal(xlsx.statusCode, 200);
  return {
    html: [...html.body.matchAll(/<a href="\/quan-tri\/nguoi-dung\/\d+">([^<]+)<\/a>/g)].map((m) => m[1]).sort(),
    json: (json.json().items as Array<{ fullName: string }>).map((p) => p.fullName).sort(),
    xlsx: (await firstSheet(bytes(xlsx))).slice(1).map((r) => r[0]).sort(),
  };
}

function assertSame(all: Record<string, string[]>, expected: string[]) {
  for (const [route, names] of Object.entries(all)) assert.deepEqual(names, [...expected].sort(), `route: ${route}`);
}

test('a commune administrator sees the commune and its villages, never another commune, in every list, search and export', async () => {
  assertSame(await namesEverywhere(thanhDong), ['Nguyễn Văn Trong', 'Nguyễn Thị Thôn', 'Quản Trị Phường', 'Quản Trị Tổ']);
  assertSame(await namesEverywhere(thanhDong, '?q=ngoai'), []);
  assertSame(await namesEverywhere(thanhDong, '?q=Nguy%E1%BB%85n'), ['Nguyễn Văn Trong', 'Nguyễn Thị Thôn']);
  assertSame(await namesEverywhere(thanhDong, '?q=0912%20111%20003'), []);
  assertSame(await namesEverywhere(thanhDong, '?q=0912%20111'), ['Nguyễn Văn Trong', 'Nguyễn Thị Thôn']);
  const html = await thanhDong.get('/quan-tri/nguoi-dung?q=nguyen');
  assert.doesNotMatch(html.body, /Ngoài|0912 111 003/);
});

test('a person of another commune answers 404 on every route that shows one person, like a person that does not exist', async () => {
  for (const id of [ids.other, 999_999]) {
    const page = await thanhDong.get(`/quan-tri/nguoi-dung/${id}`);
    assert.equal(page.statusCode, 404);
    assert.doesNotMatch(page.body, /Ngoài/);
    const api = await thanhDong.get(`/api/people/${id}`);
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error.code, 'NOT_FOUND');
  }
  assert.equal((await thanhDong.get(`/api/people/${ids.own}`)).statusCode, 200);
  assert.equal((await thanhDong.get(`/quan-tri/nguoi-dung/${ids.villager}`)).statusCode, 200);
});

test('filtering by a unit outside the scope answers 404 on every list route (as an unknown code does)', async () => {
  for (const code of ['10525', 'KHONG-CO']) {
    assert.equal((await thanhDong.get(`/quan-tri/nguoi-dung?unit=${code}`)).statusCode, 404);
    assert.equal((await thanhDong.get(`/api/people?unit=${code}`)).statusCode, 404);
    assert.equal((await thanhDong.get(`/api/people/export.xlsx?unit=${code}`)).statusCode, 404);
  }
});

test('a village administrator sees only the village: not the commune above it', async () => {
  assertSame(await namesEverywhere(village), ['Nguyễn Thị Thôn', 'Quản Trị Tổ']);
  assert.equal((await village.get(`/api/people/${ids.own}`)).statusCode, 404);
  assert.equal((await village.get('/api/people?unit=10507')).statusCode, 404);
});

test('deleted people are in no list and their pages answer 404, even for the city administrator', async () => {
  const all = await namesEverywhere(city, '?q=nguyen');
  assertSame(all, ['Nguyễn Văn Trong', 'Nguyễn Thị Thôn', 'Nguyễn Văn Ngoài']);
  assert.equal((await city.get(`/api/people/${ids.deleted}`)).statusCode, 404);
  assert.equal((await city.get(`/quan-tri/nguoi-dung/${ids.deleted}`)).statusCode, 404);
  assert.equal((await city.get(`/api/people/${ids.other}`)).statusCode, 200);
});

test('a learner finds no people routes (404), an anonymous caller must sign in', async () => {
  const learner = new TestClient(t.app, await sessionCookie(t.database.db, ids.own));
  for (const url of ['/quan-tri/nguoi-dung', `/quan-tri/nguoi-dung/${ids.own}`, '/api/people', `/api/people/${ids.own}`, '/api/people/export.xlsx']) {
    assert.equal((await learner.get(url)).statusCode, 404, url);
  }
  assert.equal((await new TestClient(t.app).get('/api/people')).statusCode, 401);
  assert.equal((await new TestClient(t.app).get('/quan-tri/nguoi-dung')).statusCode, 302);
});
