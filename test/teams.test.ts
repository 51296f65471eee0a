/**
 * Community digital technology teams over HTTP (SQLite, and PostgreSQL with TEST_DATABASE_URL): teams and members
 * managed within the administrator's commune (404 elsewhere), the support log (place inside the team's commune,
 * counts, consent, photos by magic bytes and size, the idempotency key counted once), who sees which log,
 * coverage and the dashboard figures on a known dataset, and figures.ts.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { TestClient, multipartBody } from './helpers/client.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie, uniquePhone } from './helpers/factories.js';
import { unitByCode, updateUnit } from '../src/modules/units/repository.js';
import { communityFigures } from '../src/modules/teams/figures.js';
import { insertEntry } from '../src/modules/teams/repository.js';
import { todayVn } from '../src/modules/teams/support.js';
import { ensureDemoTeams } from '../src/modules/teams/demo.js';

let t: TestApp;
let db: Kysely<DB>;
let dataDir: string;
const pid = process.pid;
const V1 = `TV1-${pid}`;
const V2 = `TV2-${pid}`;
const V3 = `TV3-${pid}`;
const W1 = `TW1-${pid}`; // a village of another commune (10606)

let adminA: TestClient; // unit_admin of Phường Thành Đông (10507)
let adminB: TestClient; // unit_admin of Xã Nam Sách (10606)
let city: TestClient;
const phones = { m1: uniquePhone(), m2: uniquePhone(), m3: uniquePhone(), m4: uniquePhone(), other: uniquePhone() };
const ids: Record<string, number> = {};
let team1 = 0;

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(200)]);
const JPEG_HEAD = Buffer.from([0xff, 0xd8, 0xff, 0xe0]);

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-teams-'));
  t = await makeTestApp({ DEMO_COURSE: 'false', DATA_DIR: dataDir, SUPPORT_PHOTO_MAX_MB: '1' });
  db = t.database.db;
  await makeVillage(db, '10507', V1, 'Tổ dân phố Thử Một');
  await makeVillage(db, '10507', V2, 'Tổ dân phố Thử Hai');
  await makeVillage(db, '10507', V3, 'Tổ dân phố Thử Ba');
  await makeVillage(db, '10606', W1, 'Thôn Thử Bên Kia');
  adminA = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507', { fullName: 'Cán bộ Thành Đông' })));
  adminB = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10606', { fullName: 'Cán bộ Nam Sách' })));
  city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
  ids.m1 = await makePerson(db, { fullName: 'Nguyễn Văn Một', phone: phones.m1, unitCode: V1 });
  ids.m2 = await makePerson(db, { fullName: 'Trần Thị Hai', phone: phones.m2, unitCode: V1 });
  ids.m3 = await makePerson(db, { fullName: 'Lê Văn Ba', phone: phones.m3, unitCode: '10507' });
  ids.m4 = await makePerson(db, { fullName: 'Phạm Thị Bốn', phone: phones.m4, unitCode: V2 });
  ids.other = await makePerson(db, { fullName: 'Đỗ Văn Khác', phone: phones.other, unitCode: W1 });
});
after(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const teamIdOf = async (villageCode: string) => {
  const unit = await unitByCode(db, villageCode);
  const row = await db.selectFrom('community_teams').select('id').where('unit_id', '=', unit!.id).executeTakeFirst();
  return row?.id;
};
const grants = async (userId: number) =>
  (await db.selectFrom('role_grants').innerJoin('units', 'units.id', 'role_grants.unit_id').select(['role', 'units.code']).where('user_id', '=', userId).execute()).map((g) => `${g.role}@${g.code}`);
const entryCount = async () => Number((await db.selectFrom('support_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

test('a commune administrator creates a team for a village of their commune; another commune cannot see or touch it', async () => {
  let res = await adminA.postForm('/quan-tri/to-cong-nghe-so', { village: V1, name: '' });
  assert.equal(res.statusCode, 303, res.body);
  team1 = (await teamIdOf(V1))!;
  assert.match(res.headers.location as string, new RegExp(`/quan-tri/to-cong-nghe-so/to/${team1}`));
  const page = await adminA.get(`/quan-tri/to-cong-nghe-so/to/${team1}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Tổ công nghệ số cộng đồng Tổ dân phố Thử Một/);

  // A second team for the same village is refused.
  res = await adminA.postForm('/quan-tri/to-cong-nghe-so', { village: V1, name: 'Tổ khác', xa: '10507' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /đã có tổ/);

  // Another commune's administrator: 404 for the page, for creating in our village, for adding members.
  assert.equal((await adminB.get(`/quan-tri/to-cong-nghe-so/to/${team1}`)).statusCode, 404);
  assert.equal((await adminB.get('/quan-tri/to-cong-nghe-so/xa/10507')).statusCode, 404);
  res = await adminB.postForm('/quan-tri/to-cong-nghe-so', { village: V2, name: '' });
  assert.equal(res.statusCode, 404);
  assert.equal(await teamIdOf(V2), undefined);
  assert.equal((await adminB.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien`, { login: phones.other })).statusCode, 404);
  // A learner without the capability: 404 too.
  const learner = new TestClient(t.app, await sessionCookie(db, ids.m4));
  assert.equal((await learner.get('/quan-tri/to-cong-nghe-so')).statusCode, 404);
});

test('members are added by phone within the commune, get team_member at the village, one team per person; the leader is a member', async () => {
  for (const p of [phones.m1, phones.m2, phones.m3]) {
    const res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien`, { login: p });
    assert.equal(res.statusCode, 303, res.body);
  }
  assert.deepEqual(await grants(ids.m1), [`team_member@${V1}`]);
  // Already a member; a person of another commune; a login that is not one.
  let res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien`, { login: phones.m1 });
  assert.equal(res.statusCode, 409);
  res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien`, { login: phones.other });
  assert.equal(res.statusCode, 404);
  assert.match(res.body, /Không tìm thấy người dùng này/);
  res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien`, { login: 'không phải số' });
  assert.equal(res.statusCode, 422);

  // One team per person: m1 cannot join the team of V2.
  assert.equal((await adminA.postForm('/quan-tri/to-cong-nghe-so', { village: V2, name: 'Tổ số 2' })).statusCode, 303);
  const team2 = (await teamIdOf(V2))!;
  res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team2}/thanh-vien`, { login: phones.m1 });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /thành viên của một tổ khác/);

  // Leader: only a member.
  res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/to-truong`, { userId: String(ids.m4) });
  assert.equal(res.statusCode, 422);
  res = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/to-truong`, { userId: String(ids.m1) });
  assert.equal(res.statusCode, 303);
  assert.equal((await db.selectFrom('community_teams').select('leader_id').where('id', '=', team1).executeTakeFirstOrThrow()).leader_id, ids.m1);

  // Rename; remove a member (the role goes with the membership); delete a team without entries.
  assert.equal((await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/ten`, { name: 'Tổ CNS số 1' })).statusCode, 303);
  assert.equal((await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien/${ids.m3}/xoa`, {})).statusCode, 303);
  assert.deepEqual(await grants(ids.m3), []);
  assert.equal((await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/thanh-vien`, { login: phones.m3 })).statusCode, 303);
  assert.equal((await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team2}/xoa`, {})).statusCode, 303);
  assert.equal(await teamIdOf(V2), undefined);
  const audit = await db.selectFrom('audit_log').select('action').where('action', 'like', 'team.%').execute();
  assert.ok(audit.length >= 8);
});

async function member(name: 'm1' | 'm2' | 'm3') {
  return new TestClient(t.app, await sessionCookie(db, ids[name]));
}

const baseFields = (key: string = crypto.randomUUID()) => ({ khoa: key, ngay: todayVn(), noi: V1, dich_vu: 'vneid', so_nguoi: '5', so_yeu_the: '2' });

async function postSupport(client: TestClient, fields: Record<string, string>, file?: { filename: string; contentType: string; content: Buffer }, json = true) {
  const { body, boundary } = multipartBody(fields, file ? { field: 'anh', ...file } : undefined);
  return client.request({
    method: 'POST',
    url: '/to-cong-nghe-so/ghi-nhan',
    payload: body,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': await client.csrfToken(), ...(json ? { accept: 'application/json' } : {}) },
  });
}

test('a member records support; the same key replayed, or sent three times at once, is stored once and answers the same success', async () => {
  const m1 = await member('m1');
  const form = await m1.get('/to-cong-nghe-so/ghi-nhan');
  assert.equal(form.statusCode, 200);
  const key = /name="khoa" value="([^"]+)"/.exec(form.body)?.[1];
  assert.ok(key && key.length >= 16, 'the form carries a key generated by the server');
  assert.notEqual(/name="khoa" value="([^"]+)"/.exec((await m1.get('/to-cong-nghe-so/ghi-nhan')).body)?.[1], key, 'a new key per form');

  const before = await entryCount();
  // Without JavaScript: the plain form, a 303 to the member's page.
  const plain = await postSupport(m1, baseFields(key), undefined, false);
  assert.equal(plain.statusCode, 303, plain.body);
  const replay = await postSupport(m1, baseFields(key));
  assert.equal(replay.statusCode, 200);
  assert.equal(replay.json().duplicate, true);
  assert.equal(await entryCount(), before + 1);
  assert.equal(replay.json().id, (await db.selectFrom('support_entries').select('id').where('client_key', '=', key).executeTakeFirstOrThrow()).id);

  const key2 = crypto.randomUUID();
  const answers = await Promise.all([1, 2, 3].map(() => postSupport(m1, baseFields(key2))));
  assert.deepEqual(answers.map((a) => a.statusCode), [200, 200, 200]);
  assert.equal(new Set(answers.map((a) => a.json().id)).size, 1);
  assert.equal(answers.filter((a) => a.json().duplicate === false).length, 1);
  assert.equal(await entryCount(), before + 2);

  // A urlencoded post (a form without the photo field) works too.
  const res = await m1.postForm('/to-cong-nghe-so/ghi-nhan', { ...baseFields(), dich_vu: 'online_payment', so_nguoi: '1', so_yeu_the: '1' });
  assert.equal(res.statusCode, 303, res.body);
  assert.equal(await entryCount(), before + 3);
  // The same key from another member is a different entry (the key is unique per member).
  const m2 = await member('m2');
  assert.equal((await postSupport(m2, { ...baseFields(key), so_nguoi: '2', so_yeu_the: '0' })).json().duplicate, false);
  assert.equal(await entryCount(), before + 4);
});

test('bad input is refused with a clear error and stores nothing: another commune, counts, consent, photos', async () => {
  const m1 = await member('m1');
  const before = await entryCount();
  const cases: Array<[Record<string, string>, number, string]> = [
    [{ noi: W1 }, 422, 'noi'],
    [{ noi: '10606' }, 422, 'noi'],
    [{ noi: 'KHONG-CO' }, 422, 'noi'],
    [{ so_nguoi: '-3' }, 422, 'so_nguoi'],
    [{ so_nguoi: '0' }, 422, 'so_nguoi'],
    [{ so_nguoi: 'năm' }, 422, 'so_nguoi'],
    [{ so_yeu_the: '-1' }, 422, 'so_yeu_the'],
    [{ so_nguoi: '3', so_yeu_the: '4' }, 422, 'so_yeu_the'],
    [{ dich_vu: 'bua' }, 422, 'dich_vu'],
    [{ ngay: '2031-02-30' }, 422, 'ngay'],
    [{ ngay: '2099-01-01' }, 422, 'ngay'],
    [{ ho_ten: 'Bà Nguyễn Thị Tư' }, 422, 'dong_y'],
    [{ ho_ten: 'Bà Nguyễn Thị Tư', dien_thoai: '12345', dong_y: '1' }, 422, 'dien_thoai'],
  ];
  for (const [change, status, field] of cases) {
    const res = await postSupport(m1, { ...baseFields(), ...change });
    assert.equal(res.statusCode, status, `${JSON.stringify(change)}: ${res.body}`);
    assert.ok(res.json().error.fields[field], `${JSON.stringify(change)} names ${field}: ${res.body}`);
  }
  // The no-JavaScript form shows the message by the field, keeps the key.
  const fields = { ...baseFields(), noi: W1 };
  const page = await postSupport(m1, fields, undefined, false);
  assert.equal(page.statusCode, 422);
  assert.match(page.body, /Chỉ ghi nhận được hỗ trợ trong xã, phường của tổ bạn/);
  assert.ok(page.body.includes(`value="${fields.khoa}"`));

  // Photos: a text file named .jpg, a fake image, one over SUPPORT_PHOTO_MAX_MB (1 MB here).
  let res = await postSupport(m1, baseFields(), { filename: 'anh.jpg', contentType: 'image/jpeg', content: Buffer.from('không phải ảnh') });
  assert.equal(res.statusCode, 422);
  assert.match(res.json().error.fields.anh, /JPEG, PNG hoặc WebP/);
  res = await postSupport(m1, baseFields(), { filename: 'anh.png', contentType: 'image/png', content: Buffer.from('GIF89a........') });
  assert.equal(res.statusCode, 422);
  res = await postSupport(m1, baseFields(), { filename: 'lon.jpg', contentType: 'image/jpeg', content: Buffer.concat([JPEG_HEAD, Buffer.alloc(1024 * 1024 + 10)]) });
  assert.equal(res.statusCode, 413);
  assert.match(res.json().error.message, /tối đa 1 MB/);
  assert.equal(await entryCount(), before);
  const stored = fs.existsSync(path.join(dataDir, 'support-photos')) ? fs.readdirSync(path.join(dataDir, 'support-photos'), { recursive: true }).filter((f) => /\.(jpg|png|webp)$/.test(String(f))) : [];
  assert.deepEqual(stored, [], 'no refused photo left on disk');

  // Somebody who is not a member: the form is not there.
  assert.equal((await city.get('/to-cong-nghe-so/ghi-nhan')).statusCode, 404);
  assert.equal((await postSupport(city, baseFields())).statusCode, 404);
});

test('a photo that is an image is stored and shown to the recorder, the leader and the commune only', async () => {
  const m3 = await member('m3');
  const res = await postSupport(m3, { ...baseFields(), dich_vu: 'e_health_book' }, { filename: 'ảnh hỗ trợ.bin', contentType: 'application/octet-stream', content: PNG });
  assert.equal(res.statusCode, 200, res.body);
  const id = res.json().id as number;
  const row = await db.selectFrom('support_entries').select(['photo_type', 'photo_key']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.photo_type, 'image/png');
  const url = `/to-cong-nghe-so/anh/${id}`;
  for (const [who, client, status] of [
    ['recorder', m3, 200],
    ['leader', await member('m1'), 200],
    ['commune admin', adminA, 200],
    ['city', city, 200],
    ['other member', await member('m2'), 404],
    ['other commune', adminB, 404],
  ] as const) {
    const photo = await client.get(url);
    assert.equal(photo.statusCode, status, who);
    if (status === 200) {
      assert.equal(photo.headers['content-type'], 'image/png');
      assert.equal(photo.headers['x-content-type-options'], 'nosniff');
      assert.ok(photo.rawPayload.equals(PNG), who);
    }
  }
});

test('the leader sees the team log, a member their own, the commune all of it, another commune 404', async () => {
  const m1Page = (await (await member('m1')).get('/to-cong-nghe-so')).body;
  const m2Page = (await (await member('m2')).get('/to-cong-nghe-so')).body;
  assert.match(m1Page, /Nhật ký hỗ trợ của tổ/);
  assert.match(m1Page, /Người ghi: Trần Thị Hai/);
  assert.match(m2Page, /Các lượt tôi đã ghi/);
  assert.equal((m2Page.match(/<li class="card">/g) ?? []).length, 1, 'm2 recorded one entry');
  assert.doesNotMatch(m2Page, /Sổ sức khỏe điện tử/);

  const log = await adminA.get('/quan-tri/to-cong-nghe-so/nhat-ky?don-vi=10507');
  assert.equal(log.statusCode, 200);
  assert.match(log.body, /Sổ sức khỏe điện tử trên VNeID/);
  assert.match(log.body, /Trần Thị Hai/);
  assert.equal((await adminB.get('/quan-tri/to-cong-nghe-so/nhat-ky?don-vi=10507')).statusCode, 404);
  assert.equal((await adminB.get('/quan-tri/to-cong-nghe-so/so-lieu?don-vi=10507')).statusCode, 404);
  assert.equal((await adminB.get(`/quan-tri/to-cong-nghe-so/nhat-ky?don-vi=${V1}`)).statusCode, 404);
  const own = await adminB.get('/quan-tri/to-cong-nghe-so/nhat-ky');
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /Chưa có lượt hỗ trợ nào/);

  // A team that logged support cannot be deleted.
  const del = await adminA.postForm(`/quan-tri/to-cong-nghe-so/to/${team1}/xoa`, {});
  assert.equal(del.statusCode, 409);
  assert.ok(await teamIdOf(V1));
});

test('coverage, the dashboard and figures.ts on a known dataset (Phường Hải Dương)', async () => {
  const C = (n: number) => `HD${n}-${pid}`;
  for (const n of [1, 2, 3, 4]) await makeVillage(db, '10525', C(n), `Khu dân cư số ${n}`);
  const retired = await unitByCode(db, C(4));
  await updateUnit(db, retired!.id, { retired_at: new Date().toISOString() });
  const adminHD = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10525')));
  const people: number[] = [];
  for (let i = 0; i < 4; i++) people.push(await makePerson(db, { fullName: `Thành viên ${i}`, phone: uniquePhone(), unitCode: '10525' }));
  assert.equal((await adminHD.postForm('/quan-tri/to-cong-nghe-so', { village: C(1), name: '' })).statusCode, 303);
  assert.equal((await adminHD.postForm('/quan-tri/to-cong-nghe-so', { village: C(2), name: '' })).statusCode, 303);
  const [c1, c2] = [(await teamIdOf(C(1)))!, (await teamIdOf(C(2)))!];
  for (const userId of people.slice(0, 3)) {
    const phone = (await db.selectFrom('users').select('phone').where('id', '=', userId).executeTakeFirstOrThrow()).phone!;
    assert.equal((await adminHD.postForm(`/quan-tri/to-cong-nghe-so/to/${c1}/thanh-vien`, { login: phone })).statusCode, 303);
  }
  const phone3 = (await db.selectFrom('users').select('phone').where('id', '=', people[3]).executeTakeFirstOrThrow()).phone!;
  assert.equal((await adminHD.postForm(`/quan-tri/to-cong-nghe-so/to/${c2}/thanh-vien`, { login: phone3 })).statusCode, 303);

  // Coverage: 3 villages (the retired one does not count), 2 with a team, 1 on target, 4 members; C2 and C3 below.
  const page = await adminHD.get('/quan-tri/to-cong-nghe-so');
  assert.equal(page.statusCode, 303, 'a single commune goes straight to its page');
  const commune = await adminHD.get(page.headers.location as string);
  const below = /<ul id="below-target">([\s\S]*?)<\/ul>/.exec(commune.body)?.[1] ?? '';
  assert.deepEqual([...below.matchAll(/<li>(.*?)<\/li>/g)].map((m) => m[1]), ['Khu dân cư số 2: Thiếu 2 thành viên', 'Khu dân cư số 3: Chưa có tổ']);

  // Entries: two in the period, one before it.
  const hd = await unitByCode(db, '10525');
  const v1 = await unitByCode(db, C(1));
  const v2 = await unitByCode(db, C(2));
  const entry = (teamId: number, userId: number, unitId: number, day: string, service: string, n: number, v: number) =>
    insertEntry(db, { teamId, userId, unitId, day, service, people: n, vulnerable: v, note: null, personName: null, personPhone: null, consentAt: null, photoKey: null, photoType: null, clientKey: crypto.randomUUID() });
  await entry(c1, people[0], v1!.id, '2025-06-10', 'vneid', 5, 2);
  await entry(c1, people[1], hd!.id, '2025-06-12', 'online_payment', 3, 0);
  await entry(c2, people[3], v2!.id, '2025-06-20', 'vneid', 10, 4);
  await entry(c1, people[2], v1!.id, '2025-05-01', 'scam_awareness', 40, 30);

  const figures = Object.fromEntries((await communityFigures(db, hd!.path)).map((f) => [f.key, f]));
  assert.equal(figures['teams.villages'].value, 3);
  assert.deepEqual([figures['teams.villagesWithTeam'].value, figures['teams.villagesWithTeam'].target], [2, 3]);
  assert.deepEqual([figures['teams.villagesMeetingTarget'].value, figures['teams.villagesMeetingTarget'].target], [1, 3]);
  assert.deepEqual([figures['teams.members'].value, figures['teams.members'].target], [4, 9]);
  assert.equal(figures['teams.supportSessions'].value, 4);
  assert.equal(figures['teams.peopleHelped'].value, 58);
  assert.equal(figures['teams.vulnerableHelped'].value, 36);
  assert.equal(figures['teams.peopleHelped'].label.vi, 'Người dân được hỗ trợ');
  // A village's figures are its own.
  const v2Figures = Object.fromEntries((await communityFigures(db, v2!.path)).map((f) => [f.key, f.value]));
  assert.deepEqual([v2Figures['teams.villages'], v2Figures['teams.members'], v2Figures['teams.peopleHelped']], [1, 1, 10]);

  // The dashboard over June: 3 sessions, 18 people, 6 elderly; by service and by place.
  const dash = await adminHD.get('/quan-tri/to-cong-nghe-so/so-lieu?don-vi=10525&tu=2025-06-01&den=2025-06-30');
  assert.equal(dash.statusCode, 200);
  const totals = [...(/<ul class="cards" id="support-totals">([\s\S]*?)<\/ul>/.exec(dash.body)?.[1] ?? '').matchAll(/<span class="stat">(\d+)<\/span>/g)].map((m) => Number(m[1]));
  assert.deepEqual(totals, [3, 18, 6]);
  const row = (label: string) => {
    const m = new RegExp(`<th scope="row">${label}</th><td class="num">(\\d+)</td><td class="num">(\\d+)</td><td class="num">(\\d+)</td>`).exec(dash.body);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
  };
  assert.deepEqual(row('Cài đặt, kích hoạt VNeID'), [2, 15, 6]);
  assert.deepEqual(row('Thanh toán trực tuyến'), [1, 3, 0]);
  assert.equal(row('Nhận diện lừa đảo trực tuyến'), undefined, 'May is outside the period');
  assert.deepEqual(row('Khu dân cư số 1'), [1, 5, 2]);
  assert.deepEqual(row('Phường Hải Dương'), [1, 3, 0]);
  assert.deepEqual(row('Khu dân cư số 2'), [1, 10, 4]);
  // The city's dashboard groups by commune and lists villages below target with their commune.
  const cityDash = await city.get('/quan-tri/to-cong-nghe-so/so-lieu?tu=2025-06-01&den=2025-06-30');
  assert.equal(cityDash.statusCode, 200);
  assert.match(cityDash.body, /Theo xã, phường, đặc khu/);
  assert.match(cityDash.body, /<th scope="row">Phường Hải Dương<\/th><td class="num">3<\/td><td class="num">18<\/td><td class="num">6<\/td>/);
  assert.match(cityDash.body, /Khu dân cư số 3, Phường Hải Dương: Chưa có tổ/);
  // The city's overview lists communes.
  const overview = await city.get('/quan-tri/to-cong-nghe-so');
  assert.equal(overview.statusCode, 200);
  assert.match(overview.body, /Phường Hải Dương<\/a><\/th><td class="num">3<\/td><td class="num">2<\/td><td class="num">1<\/td><td class="num">4<\/td>/);
});

test('the demo teams load once, with members and about twenty entries', async () => {
  // Only on a database without teams: this one has some, so nothing happens…
  assert.equal(await ensureDemoTeams(db, { demoCourse: true }), 0);
  // …and on a fresh one the demo loads.
  const fresh = await makeTestApp({ DEMO_COURSE: 'false' });
  try {
    const fdb = fresh.database.db;
    assert.equal(await ensureDemoTeams(fdb, { demoCourse: true }), 3);
    assert.equal(await ensureDemoTeams(fdb, { demoCourse: true }), 0);
    const n = Number((await fdb.selectFrom('support_entries').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    assert.ok(n >= 15 && n <= 20, `${n} entries`);
    const figures = Object.fromEntries((await communityFigures(fdb, (await unitByCode(fdb, '10507'))!.path)).map((f) => [f.key, f.value]));
    assert.deepEqual([figures['teams.villages'], figures['teams.villagesWithTeam'], figures['teams.villagesMeetingTarget']], [3, 2, 1]);
  } finally {
    await fresh.close();
  }
});
