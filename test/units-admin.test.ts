import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makeLearner, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { unitByCode } from '../src/modules/units/repository.js';

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

async function clientFor(userId: number) {
  return new TestClient(t.app, await sessionCookie(t.database.db, userId));
}

test('a commune administrator sees their commune and its villages only, with village types to add', async () => {
  await makeVillage(t.database.db, '10507', 'TD-T1', 'Tổ dân phố Thành Đông 1');
  const c = await clientFor(await makeUnitAdmin(t.database.db, '10507'));
  const res = await c.get('/quan-tri/don-vi');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Phường Thành Đông/);
  assert.match(res.body, /Tổ dân phố Thành Đông 1/);
  assert.match(res.body, /href="\/quan-tri\/don-vi\/TD-T1"/, 'the village can be edited');
  assert.doesNotMatch(res.body, /href="\/quan-tri\/don-vi\/10507"/, 'the commune itself is managed by the city');
  assert.doesNotMatch(res.body, /10525/, 'no other commune');
  assert.match(res.body, /<option value="thon"/);
  assert.doesNotMatch(res.body, /<option value="xa"/, 'a commune cannot be added under a commune');
});

test('a learner gets 404 for the unit pages', async () => {
  const c = await clientFor(await makeLearner(t.database.db));
  assert.equal((await c.get('/quan-tri/don-vi')).statusCode, 404);
  assert.equal((await c.postForm('/quan-tri/don-vi', { parentCode: '10507', type: 'thon', code: 'X1', name: 'X' })).statusCode, 404);
});

test('adding a village through the form; bad input re-renders with field errors in Vietnamese and English', async () => {
  const c = await clientFor(await makeUnitAdmin(t.database.db, '10507'));
  const empty = await c.postForm('/quan-tri/don-vi', { parentCode: '', type: '', code: '', name: '' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Vui lòng chọn đơn vị cấp trên/);
  assert.match(empty.body, /Vui lòng chọn loại đơn vị/);

  const badCode = await c.postForm('/quan-tri/don-vi', { parentCode: '10507', type: 'thon', code: 'mã có dấu', name: 'Thôn Mới', population: '' });
  assert.equal(badCode.statusCode, 422);
  assert.match(badCode.body, /Mã đơn vị chỉ gồm chữ cái không dấu/);
  assert.match(badCode.body, /value="Thôn Mới"/, 'the form keeps what was typed');

  const badPopulation = await c.postForm('/quan-tri/don-vi', { parentCode: '10507', type: 'thon', code: 'TD-T2', name: 'Thôn 2', population: 'nhiều' });
  assert.equal(badPopulation.statusCode, 422);
  assert.match(badPopulation.body, /Dân số phải là số nguyên không âm/);

  const wrongType = await c.postForm('/quan-tri/don-vi', { parentCode: '10507', type: 'xa', code: 'TD-X', name: 'Xã con' });
  assert.equal(wrongType.statusCode, 422);
  assert.match(wrongType.body, /Không thể đặt đơn vị loại này/);

  const outside = await c.postForm('/quan-tri/don-vi', { parentCode: '10525', type: 'thon', code: 'HD-T1', name: 'Thôn 1' });
  assert.equal(outside.statusCode, 404);
  assert.match(outside.body, /Không tìm thấy đơn vị cấp trên này trong phạm vi bạn quản lý/);
  assert.equal(await unitByCode(t.database.db, 'HD-T1'), undefined);

  const english = await c.postForm('/quan-tri/don-vi?lang=en', { parentCode: '10507', type: 'thon', code: 'TD-T2', name: '  ' });
  assert.equal(english.statusCode, 422);
  assert.match(english.body, /Please enter the unit name/);

  const ok = await c.postForm('/quan-tri/don-vi?lang=vi', { parentCode: '10507', type: 'to_dan_pho', code: 'TD-T2', name: 'Tổ dân phố số 2', population: '1.250' });
  assert.equal(ok.statusCode, 303, ok.body);
  assert.equal(ok.headers.location, '/quan-tri/don-vi?created=TD-T2');
  const list = await c.get(ok.headers.location as string);
  assert.match(list.body, /Đã thêm đơn vị Tổ dân phố số 2/);
  const unit = await unitByCode(t.database.db, 'TD-T2');
  assert.equal(unit?.population, 1250);

  const taken = await c.postForm('/quan-tri/don-vi', { parentCode: '10507', type: 'thon', code: 'TD-T2', name: 'Trùng mã' });
  assert.equal(taken.statusCode, 409);
  assert.match(taken.body, /Mã đơn vị &quot;TD-T2&quot; đã được dùng|Mã đơn vị "TD-T2" đã được dùng/);
});

test('edit page: rename and population, move, retire and restore, each audited', async () => {
  const db = t.database.db;
  await makeVillage(db, '10525', 'ED-T1', 'Thôn Một');
  const c = await clientFor(await makeCityAdmin(db));
  const page = await c.get('/quan-tri/don-vi/ED-T1');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Thôn Một<\/h1>/);

  const blank = await c.postForm('/quan-tri/don-vi/ED-T1', { name: '', population: '' });
  assert.equal(blank.statusCode, 422);
  assert.match(blank.body, /Vui lòng nhập tên đơn vị/);

  const saved = await c.postForm('/quan-tri/don-vi/ED-T1', { name: 'Thôn Nhất', population: '800' });
  assert.equal(saved.statusCode, 303);
  assert.match((await c.get(saved.headers.location as string)).body, /Đã lưu tên và dân số/);
  assert.equal((await unitByCode(db, 'ED-T1'))?.name, 'Thôn Nhất');

  const moved = await c.postForm('/quan-tri/don-vi/ED-T1/chuyen', { parentCode: '10532' });
  assert.equal(moved.statusCode, 303);
  const target = await unitByCode(db, '10532');
  assert.equal((await unitByCode(db, 'ED-T1'))?.parent_id, target!.id);
  const underCity = await c.postForm('/quan-tri/don-vi/ED-T1/chuyen', { parentCode: '31' });
  assert.equal(underCity.statusCode, 422, 'a village cannot sit directly under the city');

  const retired = await c.postForm('/quan-tri/don-vi/ED-T1/trang-thai', { retired: 'yes' });
  assert.equal(retired.statusCode, 303);
  assert.ok((await unitByCode(db, 'ED-T1'))?.retired_at);
  const restored = await c.postForm('/quan-tri/don-vi/ED-T1/trang-thai', { retired: 'no' });
  assert.equal(restored.statusCode, 303);
  assert.equal((await unitByCode(db, 'ED-T1'))?.retired_at, null);

  const unit = await unitByCode(db, 'ED-T1');
  const actions = await db.selectFrom('audit_log').select('action').where('target_id', '=', String(unit!.id)).execute();
  for (const a of ['unit.update', 'unit.retire', 'unit.restore']) assert.ok(actions.some((r) => r.action === a), a);
});

test('retiring a commune with active villages is refused with an explanation', async () => {
  const db = t.database.db;
  await makeVillage(db, '10532', 'RT-T1', 'Thôn Còn Hoạt Động');
  const c = await clientFor(await makeCityAdmin(db));
  const res = await c.postForm('/quan-tri/don-vi/10532/trang-thai', { retired: 'yes' });
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /còn đơn vị trực thuộc đang hoạt động/);
  assert.equal((await unitByCode(db, '10532'))?.retired_at, null);
});

test('a commune administrator cannot open or change a unit of another commune (404)', async () => {
  const db = t.database.db;
  await makeVillage(db, '10525', 'OT-T1', 'Thôn Khác');
  const c = await clientFor(await makeUnitAdmin(db, '10507'));
  assert.equal((await c.get('/quan-tri/don-vi/OT-T1')).statusCode, 404);
  assert.equal((await c.postForm('/quan-tri/don-vi/OT-T1', { name: 'Đổi tên' })).statusCode, 404);
  assert.equal((await c.postForm('/quan-tri/don-vi/OT-T1/trang-thai', { retired: 'yes' })).statusCode, 404);
  assert.equal((await c.get('/quan-tri/don-vi/10507')).statusCode, 404, 'their own commune belongs to the city');
  assert.equal((await unitByCode(db, 'OT-T1'))?.name, 'Thôn Khác');
});
