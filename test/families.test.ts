/**
 * Digital families: households and members entered by commune and village administrators for their scope; a
 * household is a digital family when a member with an (active) account meets the basic digital skills rule;
 * coverage per village and commune computed right on a known dataset; a person belongs to one household only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { reportProgress } from './helpers/completion.js';
import { communityFigures } from '../src/modules/families/figures.js';

let t: TestApp;
const c: Record<string, TestClient> = {};
const units: Record<string, number> = {};
const people: Record<string, number> = {};
const households: Record<string, number> = {};
const db = () => t.database.db;

type Coverage = {
  ruleSet: boolean;
  total: { households: number; digital: number; share: number };
  communes: Array<{ communeName: string | null; villages: number; households: number; digital: number; share: number }>;
  villages: Array<{ unitName: string; households: number; digital: number; share: number }>;
};

async function addHousehold(client: TestClient, unit: number, address: string, headName: string): Promise<number> {
  const res = await client.postForm('/quan-tri/gia-dinh-so/ho-moi', { unitId: String(unit), address, headName });
  assert.equal(res.statusCode, 303, res.body);
  return Number(/\/ho\/(\d+)\?ok=moi$/.exec(res.headers.location as string)![1]);
}

const addAccount = (client: TestClient, household: number, login: string) => client.postForm(`/quan-tri/gia-dinh-so/ho/${household}/thanh-vien`, { kind: 'account', login });
const addNamed = (client: TestClient, household: number, fullName: string, birthYear = '') =>
  client.postForm(`/quan-tri/gia-dinh-so/ho/${household}/thanh-vien`, { kind: 'named', fullName, birthYear });
const memberCount = async () => Number((await db().selectFrom('household_members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  t = await makeTestApp();
  units.v1 = await makeVillage(db(), '10507', 'F-TDP1', 'Tổ dân phố Đông Kinh');
  units.v2 = await makeVillage(db(), '10507', 'F-TDP2', 'Tổ dân phố Tây Kinh');
  units.v0 = await makeVillage(db(), '10507', 'F-TDP3', 'Tổ dân phố Nam Kinh');
  units.v3 = await makeVillage(db(), '10525', 'F-THON1', 'Thôn Đồng Lạc');
  c.commune = new TestClient(t.app, await sessionCookie(db(), await makeUnitAdmin(db(), '10507')));
  c.other = new TestClient(t.app, await sessionCookie(db(), await makeUnitAdmin(db(), '10525')));
  c.village = new TestClient(t.app, await sessionCookie(db(), await makeUnitAdmin(db(), 'F-TDP1')));
  c.city = new TestClient(t.app, await sessionCookie(db(), await makeCityAdmin(db())));
  c.learner = new TestClient(t.app, await sessionCookie(db(), await makePerson(db(), { unitCode: '10507' })));

  // People with accounts: "met" ones complete the rule's course; Hà is at commune level, Quân in a village.
  const specs: Array<[key: string, name: string, unit: string, phone: string, met: boolean]> = [
    ['an', 'Nguyễn Văn An', 'F-TDP1', '+84913000001', true],
    ['binh', 'Trần Thị Bình', '10507', '+84913000002', false],
    ['cuong', 'Lê Văn Cường', 'F-TDP1', '+84913000003', true],
    ['dung', 'Phạm Thị Dung', 'F-TDP1', '+84913000004', false],
    ['ha', 'Hoàng Thị Hà', '10507', '+84913000005', true],
    ['khanh', 'Vũ Văn Khánh', 'F-TDP2', '+84913000006', true],
    ['quan', 'Đặng Văn Quân', 'F-THON1', '+84913000007', true],
  ];
  const rule = await makeCourse(db(), { title: 'Phổ cập kỹ năng số' });
  for (const [key, fullName, unitCode, phone, met] of specs) {
    people[key] = await makePerson(db(), { fullName, unitCode, phone });
    if (met) {
      await enrol(db(), rule.courseId, people[key]);
      await reportProgress(db(), rule.activityIds[0], people[key]);
    }
  }
  await db().insertInto('settings').values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [rule.courseId], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: null }).execute();
});
after(() => t.close());

test('the commune administrator enters households of their villages and their members', async () => {
  // Tổ dân phố Đông Kinh: 4 households, 2 digital.
  households.h1 = await addHousehold(c.commune, units.v1, 'Số 12 ngõ 5 phố Đông Kinh', 'Nguyễn Văn An');
  households.h2 = await addHousehold(c.commune, units.v1, 'Số 14 ngõ 5 phố Đông Kinh', 'Trần Thị Bình');
  households.h3 = await addHousehold(c.commune, units.v1, 'Số 3 phố Đông Kinh', 'Phạm Thị Dung');
  households.h4 = await addHousehold(c.commune, units.v1, 'Số 7 phố Đông Kinh', 'Mạc Văn Tư');
  // Tổ dân phố Tây Kinh: 3 households, 1 digital.
  households.h5 = await addHousehold(c.commune, units.v2, 'Số 2 phố Tây Kinh', 'Hoàng Thị Hà');
  households.h6 = await addHousehold(c.commune, units.v2, 'Số 4 phố Tây Kinh', 'Vũ Văn Khánh');
  households.h7 = await addHousehold(c.commune, units.v2, 'Số 6 phố Tây Kinh', 'Lương Thị Bảy');

  for (const [h, login] of [
    ['h1', '0913 000 001'], // An: meets the rule → digital
    ['h2', '0913000002'], // Bình: does not …
    ['h2', 'tel-less'], // (invalid, checked below)
    ['h3', '0913000004'], // Dung: does not → not digital
    ['h5', '+84913000005'], // Hà (account at commune level): meets → digital
    ['h6', '0913000006'], // Khánh: meets, but the account is deleted below → not digital
  ] as const) {
    const res = await addAccount(c.commune, households[h], login);
    if (login === 'tel-less') {
      assert.equal(res.statusCode, 422);
      assert.match(res.body, /Vui lòng nhập số điện thoại hoặc thư điện tử hợp lệ/);
    } else assert.equal(res.statusCode, 303, res.body);
  }
  assert.equal((await addAccount(c.commune, households.h2, '0913000003')).statusCode, 303); // Cường meets → h2 digital
  assert.equal((await addNamed(c.commune, households.h2, 'Trần Văn Cháu', '2015')).statusCode, 303);
  assert.equal((await addNamed(c.commune, households.h4, 'Mạc Văn Tư', '1950')).statusCode, 303); // no account: never counts
  assert.equal((await addNamed(c.commune, households.h4, 'Mạc Thị Năm')).statusCode, 303);
  await db().updateTable('users').set({ status: 'deleted' }).where('id', '=', people.khanh).execute();

  const page = await c.commune.get(`/quan-tri/gia-dinh-so/ho/${households.h2}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Hộ này là Gia đình số/);
  assert.match(page.body, /Trần Văn Cháu/);
  assert.match(page.body, /Chưa có tài khoản/);
  assert.match((await c.commune.get(`/quan-tri/gia-dinh-so/ho/${households.h3}`)).body, /Hộ này chưa là Gia đình số/);
});

test('coverage per village and commune on the known dataset: 7 households, 3 digital families', async () => {
  const res = await c.commune.get('/api/families/coverage');
  assert.equal(res.statusCode, 200);
  const cov = res.json() as Coverage;
  assert.equal(cov.ruleSet, true);
  assert.deepEqual(cov.total, { households: 7, digital: 3, share: 3 / 7 });
  assert.deepEqual(
    cov.communes.map((x) => [x.communeName, x.villages, x.households, x.digital, x.share]),
    [['Phường Thành Đông', 3, 7, 3, 3 / 7]],
  );
  assert.deepEqual(
    cov.villages.map((v) => [v.unitName, v.households, v.digital, v.share]),
    [
      ['Tổ dân phố Đông Kinh', 4, 2, 0.5],
      ['Tổ dân phố Nam Kinh', 0, 0, 0],
      ['Tổ dân phố Tây Kinh', 3, 1, 1 / 3],
    ],
  );

  // The page: shares as percentages, the villages below the goal, lowest share first.
  const page = await c.commune.get('/quan-tri/gia-dinh-so');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /42,9 %/);
  assert.match(page.body, /50 %/);
  assert.match(page.body, /33,3 %/);
  assert.match(page.body, /Thôn, tổ dân phố chưa đạt mục tiêu \(3\)/);
  assert.ok(page.body.indexOf('Tổ dân phố Nam Kinh (Phường') < page.body.indexOf('Tổ dân phố Tây Kinh (Phường'), 'lowest share first');

  // The other commune adds one digital household; the city sees both communes, each commune only its own.
  households.h8 = await addHousehold(c.other, units.v3, 'Xóm Trại, thôn Đồng Lạc', 'Đặng Văn Quân');
  assert.equal((await addAccount(c.other, households.h8, '0913000007')).statusCode, 303);
  const city = (await c.city.get('/api/families/coverage')).json() as Coverage;
  assert.deepEqual(city.total, { households: 8, digital: 4, share: 0.5 });
  assert.deepEqual(
    city.communes.map((x) => [x.communeName, x.households, x.digital]),
    [
      ['Phường Hải Dương', 1, 1],
      ['Phường Thành Đông', 7, 3],
    ],
  );
  assert.deepEqual(((await c.commune.get('/api/families/coverage')).json() as Coverage).total, { households: 7, digital: 3, share: 3 / 7 });

  // A village administrator sees their village only.
  const village = (await c.village.get('/api/families/coverage')).json() as Coverage;
  assert.deepEqual(village.total, { households: 4, digital: 2, share: 0.5 });
  assert.deepEqual(village.villages.map((v) => v.unitName), ['Tổ dân phố Đông Kinh']);

  // Figures for the community hub.
  const path = (await db().selectFrom('units').select('path').where('code', '=', '10507').executeTakeFirstOrThrow()).path;
  assert.deepEqual(
    (await communityFigures(db(), path)).map((f) => [f.key, f.value, f.target]),
    [
      ['families.households', 7, undefined],
      ['families.digital', 3, 7],
      ['families.villagesCovered', 0, 3],
    ],
  );

  // Without a rule, no household is a digital family.
  await db().deleteFrom('settings').where('key', '=', 'basic_skills_rule').execute();
  const none = (await c.commune.get('/api/families/coverage')).json() as Coverage;
  assert.deepEqual([none.ruleSet, none.total.households, none.total.digital], [false, 7, 0]);
  assert.match((await c.commune.get('/quan-tri/gia-dinh-so')).body, /Thành phố chưa công bố tiêu chí phổ cập kỹ năng số/);
  const rule = await db().selectFrom('courses').select('id').where('title', '=', 'Phổ cập kỹ năng số').executeTakeFirstOrThrow();
  await db().insertInto('settings').values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [rule.id], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: null }).execute();
});

test('a unit sees only its own households: 404 outside the scope, for reads and writes', async () => {
  const before = await memberCount();
  const h1 = households.h1;
  for (const res of [
    await c.other.get(`/quan-tri/gia-dinh-so/ho/${h1}`),
    await c.other.get(`/api/families/households/${h1}`),
    await addNamed(c.other, h1, 'Người Lạ', '1990'),
    await c.other.postForm(`/quan-tri/gia-dinh-so/ho/${h1}/xoa`, {}),
    await c.village.get(`/quan-tri/gia-dinh-so/ho/${households.h5}`), // the village admin, a household of the neighbouring village
    await c.learner.get('/quan-tri/gia-dinh-so'),
    await c.learner.get('/api/families/coverage'),
  ]) {
    assert.equal(res.statusCode, 404);
  }
  assert.equal(await memberCount(), before);
  assert.ok(await db().selectFrom('households').select('id').where('id', '=', h1).executeTakeFirst());

  // Creating a household in a village of another commune, or in a commune itself: refused, nothing stored.
  const count = async () => Number((await db().selectFrom('households').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const n = await count();
  const res = await c.other.postForm('/quan-tri/gia-dinh-so/ho-moi', { unitId: String(units.v1), address: 'Số 1', headName: 'Người Lạ' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Vui lòng chọn một thôn, tổ dân phố trong phạm vi bạn quản lý/);
  const commune = (await db().selectFrom('units').select('id').where('code', '=', '10507').executeTakeFirstOrThrow()).id;
  assert.equal((await c.commune.postForm('/quan-tri/gia-dinh-so/ho-moi', { unitId: String(commune), address: 'Số 1', headName: 'Ai Đó' })).statusCode, 422);
  assert.equal((await c.commune.postForm('/quan-tri/gia-dinh-so/ho-moi', { unitId: String(units.v1), address: '', headName: '' })).statusCode, 422);
  assert.equal(await count(), n);

  // Lists are scoped too.
  const list = await c.other.get('/quan-tri/gia-dinh-so/ho');
  assert.doesNotMatch(list.body, /Đông Kinh/);
  assert.match(list.body, /Xóm Trại, thôn Đồng Lạc/);
  // An account of another commune cannot be looked up by a commune administrator.
  const stranger = await addAccount(c.commune, households.h7, '0913000007');
  assert.equal(stranger.statusCode, 422);
  assert.match(stranger.body, /Không tìm thấy tài khoản đang hoạt động này/);
});

test('a person belongs to at most one household: duplicates are refused clearly and nothing changes', async () => {
  const before = await memberCount();
  const again = await addAccount(c.commune, households.h7, '0913 000 001'); // An is in h1
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Người này đã là thành viên của một hộ gia đình\. Mỗi người chỉ thuộc một hộ\./);
  assert.equal((await addAccount(c.commune, households.h1, '0913000001')).statusCode, 409, 'the same household again');
  const named = await addNamed(c.commune, households.h2, 'trần văn cháu', '2015');
  assert.equal(named.statusCode, 409);
  assert.match(named.body, /Hộ đã có thành viên cùng họ tên và năm sinh này/);
  assert.equal((await addNamed(c.commune, households.h2, 'Trần Văn Cháu', '1890')).statusCode, 422, 'impossible birth year');
  assert.equal(await memberCount(), before);
  // The unique index holds even if the service check is bypassed (two administrators at once).
  await assert.rejects(db().insertInto('household_members').values({ household_id: households.h7, user_id: people.an, full_name: null, birth_year: null, created_at: new Date().toISOString() }).execute());

  // Removing a member frees the person for another household.
  const member = await db().selectFrom('household_members').select('id').where('user_id', '=', people.an).executeTakeFirstOrThrow();
  assert.equal((await c.commune.postForm(`/quan-tri/gia-dinh-so/ho/${households.h1}/thanh-vien/${member.id}/xoa`, {})).statusCode, 303);
  assert.equal((await addAccount(c.commune, households.h7, '0913000001')).statusCode, 303);
  const cov = (await c.commune.get('/api/families/coverage')).json() as Coverage;
  assert.deepEqual(cov.villages.map((v) => [v.unitName, v.digital]), [
    ['Tổ dân phố Đông Kinh', 1],
    ['Tổ dân phố Nam Kinh', 0],
    ['Tổ dân phố Tây Kinh', 2],
  ]);
});
