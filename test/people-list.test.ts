import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { XLSX_TYPE, bytes, firstSheet } from './helpers/xlsx.js';

let t: TestApp;
let admin: TestClient;
const ids: Record<string, number> = {};

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  await makeVillage(db, '10532', '10532-T1', 'Thôn Đông');
  ids.a = await makePerson(db, { fullName: 'Nguyễn Văn A', unitCode: '10532', phone: '+84912345678', targetGroup: 'citizen', birthYear: 1960 });
  ids.duc = await makePerson(db, { fullName: 'Trần Đức Đạt', unitCode: '10532-T1', phone: '+84987654321', email: 'dat@example.vn', targetGroup: 'teacher' });
  ids.hoa = await makePerson(db, { fullName: 'Lê Thị Hoa', unitCode: '10532', phone: null, email: 'hoa@example.vn', targetGroup: 'trader', password: 'mat-khau-cua-hoa' });
  ids.pct = await makePerson(db, { fullName: 'Phạm 100% Chắc', unitCode: '10532', phone: '+84356000111', targetGroup: 'other' });
  await db.updateTable('users').set({ consent_at: null, consent_version: null }).where('id', '=', ids.a).execute();
  admin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10532', { fullName: 'Bùi Quản Trị', phone: null, email: 'qt@example.vn', password: 'mat-khau-quan-tri' })));
});
after(() => t.close());

async function found(query: string): Promise<string[]> {
  const res = await admin.get(`/api/people${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return (res.json().items as Array<{ fullName: string }>).map((p) => p.fullName).sort();
}

test('search ignores diacritics and case: "nguyen van a" finds "Nguyễn Văn A", "dat" finds "Đạt"', async () => {
  assert.deepEqual(await found('?q=nguyen%20van%20a'), ['Nguyễn Văn A']);
  assert.deepEqual(await found('?q=NGUY%E1%BB%84N%20v%C4%83n'), ['Nguyễn Văn A']);
  assert.deepEqual(await found('?q=duc%20dat'), ['Trần Đức Đạt']);
  assert.deepEqual(await found('?q=%20%20le%20%20thi%20'), ['Lê Thị Hoa']);
  const page = await admin.get('/quan-tri/nguoi-dung?q=nguyen+van+a');
  assert.match(page.body, /<a href="\/quan-tri\/nguoi-dung\/\d+">Nguyễn Văn A<\/a>/);
  assert.match(page.body, /value="nguyen van a"/, 'the search box keeps the text');
});

test('search by phone number in any format, whole or in part, and by e-mail', async () => {
  for (const q of ['0912345678', '0912 345 678', '+84 912 345 678', '84912345678', '(091) 234-5678', '912.345.678', '345 678']) {
    assert.deepEqual(await found(`?q=${encodeURIComponent(q)}`), ['Nguyễn Văn A'], q);
  }
  assert.deepEqual(await found('?q=DAT%40example.vn'), ['Trần Đức Đạt']);
});

test('LIKE wildcards in the search are plain characters', async () => {
  assert.deepEqual(await found('?q=100%25'), ['Phạm 100% Chắc']);
  assert.deepEqual(await found('?q=%25'), ['Phạm 100% Chắc']);
  assert.deepEqual(await found('?q=_'), []);
});

test('filters: unit (with its villages), target group, status; pages keep the filters', async () => {
  assert.deepEqual(await found('?unit=10532-T1'), ['Trần Đức Đạt']);
  assert.equal((await found('?unit=10532')).length, 5);
  assert.deepEqual(await found('?group=trader'), ['Lê Thị Hoa']);
  assert.deepEqual(await found('?status=not_activated&group='), ['Nguyễn Văn A', 'Phạm 100% Chắc', 'Trần Đức Đạt']);
  assert.equal((await admin.get('/api/people?group=pirate')).statusCode, 400);
  const first = (await admin.get('/api/people?pageSize=2')).json();
  assert.deepEqual([first.total, first.page, first.pages, first.items.length], [5, 1, 3, 2]);
  const last = (await admin.get('/api/people?pageSize=2&page=3')).json();
  assert.equal(last.items.length, 1);
  const html = await admin.get('/quan-tri/nguoi-dung?status=active&group=');
  assert.match(html.body, /Tìm thấy 5 người/);
  assert.match(html.body, /<option value="active" selected="">|<option value="active" selected>/);
  const paged = await admin.get('/quan-tri/nguoi-dung?status=active&pageSize=2&page=2');
  assert.match(paged.body, /Trang 2\/3/);
  assert.match(paged.body, /href="\/quan-tri\/nguoi-dung\?status=active&amp;pageSize=2&amp;page=1" rel="prev"/);
  assert.match(paged.body, /href="\/quan-tri\/nguoi-dung\?status=active&amp;pageSize=2&amp;page=3" rel="next"/);
});

test('the list page: labelled filters, table headers, formatted phones, links to export (same filters) and import', async () => {
  const res = await admin.get('/quan-tri/nguoi-dung?group=teacher');
  assert.equal(res.statusCode, 200);
  for (const id of ['f-q', 'f-unit', 'f-group', 'f-status']) assert.match(res.body, new RegExp(`<label for="${id}">`));
  assert.match(res.body, /<th scope="col">Số điện thoại<\/th>/);
  assert.match(res.body, /0987 654 321/);
  assert.match(res.body, /href="\/api\/people\/export.xlsx\?group=teacher"/);
  assert.match(res.body, /href="\/quan-tri\/nguoi-dung\/nhap"/);
  const many = await admin.get('/quan-tri/nguoi-dung?q=a');
  assert.match(many.body, /Tìm thấy \d+ người/);
});

test('the JSON presenter sends only public fields: never the password hash or login counters', async () => {
  const res = await admin.get(`/api/people/${ids.hoa}`);
  const p = res.json();
  assert.deepEqual(Object.keys(p).sort(), [
    'activated', 'birthYear', 'consentAt', 'consentVersion', 'createdAt', 'deletionRequested', 'email', 'fullName', 'id', 'phone', 'status', 'targetGroup', 'unit',
  ]);
  assert.equal(p.activated, true);
  assert.deepEqual(p.unit, { code: '10532', name: 'Phường Lê Thanh Nghị' });
  const a = (await admin.get(`/api/people/${ids.a}`)).json();
  assert.equal(a.phone, '0912 345 678');
  assert.equal(a.activated, false);
  const list = await admin.get('/api/people');
  assert.doesNotMatch(list.body, /argon2|password|failed_logins|locked_until/);
});

test('the person page shows the details, the activation and the consent state', async () => {
  const res = await admin.get(`/quan-tri/nguoi-dung/${ids.a}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<h1>Nguyễn Văn A<\/h1>/);
  assert.match(res.body, /0912 345 678/);
  assert.match(res.body, /Chưa kích hoạt/);
  assert.match(res.body, /Chưa ghi nhận/);
  const hoa = await admin.get(`/quan-tri/nguoi-dung/${ids.hoa}`);
  assert.match(hoa.body, /Đã kích hoạt/);
  assert.match(hoa.body, /Đã đồng ý ngày/);
  assert.equal((await admin.get('/quan-tri/nguoi-dung/abc')).statusCode, 400);
});

test('export: the filtered people with formatted phones and labels, audited without the search text', async () => {
  const res = await admin.get('/api/people/export.xlsx?q=0912%20345%20678');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], XLSX_TYPE);
  assert.match(String(res.headers['content-disposition']), /^attachment; filename="nguoi-dung-\d{4}-\d{2}-\d{2}\.xlsx"/);
  const rows = await firstSheet(bytes(res));
  assert.deepEqual(rows[0], ['Họ và tên', 'Số điện thoại', 'Thư điện tử', 'Mã đơn vị', 'Đơn vị', 'Đối tượng', 'Năm sinh', 'Trạng thái', 'Ngày tạo']);
  assert.deepEqual(rows.slice(1).map((r) => r.slice(0, 8)), [
    ['Nguyễn Văn A', '0912 345 678', '', '10532', 'Phường Lê Thanh Nghị', 'Người dân', '1960', 'Chưa kích hoạt'],
  ]);
  const all = await firstSheet(bytes(await admin.get('/api/people/export.xlsx')));
  assert.equal(all.length, 1 + 5);
  const entry = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'people.export').orderBy('id').executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(entry.details!), { count: 1, filters: { search: true } });
});

test('the export streams any size: 2,400 people in keyset batches, in list order', async () => {
  const db = t.database.db;
  const { insertPeople } = await import('../src/modules/people/import-repository.js');
  const unit = await db.selectFrom('units').select('id').where('code', '=', '10532-T1').executeTakeFirstOrThrow();
  const people = Array.from({ length: 2400 }, (_, i) => ({
    fullName: `Hàng Loạt ${String(i).padStart(4, '0')}`,
    searchName: `hang loat ${String(i).padStart(4, '0')}`,
    phone: `+8496${String(i).padStart(7, '0')}`,
    email: null,
    unitId: unit.id,
    targetGroup: 'citizen' as const,
    birthYear: null,
    passwordHash: null,
    consentAt: null,
    consentVersion: null,
  }));
  await db.transaction().execute((trx) => insertPeople(trx, people));
  const rows = await firstSheet(bytes(await admin.get('/api/people/export.xlsx?q=hang%20loat')));
  assert.equal(rows.length, 1 + 2400);
  assert.deepEqual(rows.slice(1).map((r) => r[0]), people.map((p) => p.fullName));
});
