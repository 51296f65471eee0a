import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { MAX_UPLOAD } from '../src/app.js';
import { makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient, multipartBody } from './helpers/client.js';
import {
  TEMPLATE_HEADERS,
  XLSX_TYPE,
  bytes,
  firstSheet,
  headersOnlyWorkbook,
  peopleWorkbook,
  peopleWorkbookInline,
  personRow,
  readWorkbook,
  uploadForm,
  workbookWithFormula,
  workbookWithMergedCells,
} from './helpers/xlsx.js';

const IMPORT = '/quan-tri/nguoi-dung/nhap';
let t: TestApp;
let admin: TestClient;
let adminId: number;

before(async () => {
  t = await makeTestApp({ IMPORT_MAX_ROWS: '30' });
  await makeVillage(t.database.db, '10507', '10507-T1', 'Tổ dân phố số 1');
  adminId = await makeUnitAdmin(t.database.db, '10507');
  admin = new TestClient(t.app, await sessionCookie(t.database.db, adminId));
});
after(() => t.close());

async function peopleCount(): Promise<number> {
  const row = await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Uploads and asserts the file was refused as a whole, with nothing stored. */
async function assertRefused(content: Buffer, message: RegExp, opts: { filename?: string; contentType?: string } = {}) {
  const before = await peopleCount();
  const res = await uploadForm(admin, IMPORT, content, opts);
  assert.equal(res.statusCode, 422, res.body.slice(0, 300));
  assert.match(res.body, message);
  assert.match(res.body, /class="error-summary"/);
  assert.equal(await peopleCount(), before, 'nothing is stored');
  return res;
}

test('the template has the Vietnamese headers and lists the unit codes of the scope and the target groups', async () => {
  const res = await admin.get('/quan-tri/nguoi-dung/mau-nhap.xlsx');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], XLSX_TYPE);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="mau-nhap-nguoi-dung.xlsx"/);
  const sheets = await readWorkbook(bytes(res));
  const [data, codes] = [...sheets.values()];
  assert.deepEqual(data[0], TEMPLATE_HEADERS);
  assert.equal(data.length, 1, 'no sample rows that could be imported by mistake');
  const unitCodes = codes.slice(1).map((r) => r[0]).filter(Boolean);
  assert.deepEqual(unitCodes.sort(), ['10507', '10507-T1'], 'only units of the importer’s scope');
  const groups = codes.slice(1).map((r) => r[3]).filter(Boolean);
  assert.ok(groups.includes('Người dân') && groups.includes('Cán bộ, công chức, viên chức'));
  const english = await admin.get('/quan-tri/nguoi-dung/mau-nhap.xlsx?lang=en');
  assert.deepEqual((await firstSheet(bytes(english)))[0], ['Full name', 'Phone number', 'E-mail', 'Unit code', 'Target group', 'Year of birth']);
  await admin.get('/?lang=vi');
});

test('the import page works without JavaScript: labelled file input, token before the file, activation explained', async () => {
  const res = await admin.get(IMPORT);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /enctype="multipart\/form-data"/);
  assert.match(res.body, /<label for="f-file">/);
  assert.ok(res.body.indexOf('name="_csrf"', res.body.indexOf('enctype')) < res.body.indexOf('name="file"'));
  assert.match(res.body, /Quên mật khẩu/);
  assert.match(res.body, /href="\/quan-tri\/nguoi-dung\/mau-nhap.xlsx"/);
});

test('a good file is imported in one go: labels or codes, phones in any format, no password, no consent, audited', async () => {
  const before = await peopleCount();
  const file = await peopleWorkbook([
    personRow({ name: '  Phạm   Thị Hoa ', phone: '0912 300 001', group: 'Người dân', year: 1958 }),
    personRow({ name: 'Đỗ Văn Đức', phone: '+84 912 300 002', email: 'Duc@Example.VN', group: 'public_servant', unit: '10507-T1', year: '' }),
    personRow({ name: 'Lê Minh Châu', phone: 912300003, group: 'giao vien', unit: 10507 }),
  ]);
  const res = await uploadForm(admin, IMPORT, file);
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.match(res.body, /Đã nhập 3 người dùng/);
  assert.equal(await peopleCount(), before + 3);
  const rows = await t.database.db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['full_name', 'search_name', 'phone', 'email', 'target_group', 'birth_year', 'password_hash', 'consent_at', 'status', 'units.code'])
    .where('phone', 'in', ['+84912300001', '+84912300002', '+84912300003'])
    .orderBy('phone')
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.full_name, r.search_name, r.email, r.target_group, r.birth_year, r.code]),
    [
      ['Phạm Thị Hoa', 'pham thi hoa', null, 'citizen', 1958, '10507'],
      ['Đỗ Văn Đức', 'do van duc', 'duc@example.vn', 'public_servant', null, '10507-T1'],
      ['Lê Minh Châu', 'le minh chau', null, 'teacher', 1980, '10507'],
    ],
  );
  assert.ok(rows.every((r) => r.password_hash === null && r.consent_at === null && r.status === 'active'));
  const entry = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'people.import').executeTakeFirstOrThrow();
  assert.equal(entry.actor_id, adminId);
  assert.equal(JSON.parse(entry.details!).count, 3);
  // An imported person activates the account through "Quên mật khẩu".
  const c = new TestClient(t.app);
  await c.postForm('/quen-mat-khau', { login: '0912 300 001' });
  assert.equal(t.messages.last()?.to.phone, '+84912300001');
});

test('an "STT" numbering column (formulas, numbers on empty rows) is ignored, and the page names unused columns', async () => {
  const before = await peopleCount();
  const file = await peopleWorkbook(
    [
      [1, ...personRow({ name: 'Mai Thị Ngân', phone: '0912 310 001' })],
      [2, ...personRow({ name: 'Tạ Văn Quý', phone: '0912 310 002' })],
      [3],
      [4],
    ],
    {
      headers: ['STT', ...TEMPLATE_HEADERS, 'Ghi chú'],
      edit: (ws) => {
        ws.getCell('A3').value = { formula: 'ROW()-1', result: 2 };
      },
    },
  );
  const res = await uploadForm(admin, IMPORT, file);
  assert.equal(res.statusCode, 200, res.body.slice(0, 400));
  assert.match(res.body, /Đã nhập 2 người dùng/);
  assert.match(res.body, /Các cột sau không được dùng khi nhập: STT, Ghi chú\./);
  assert.equal(await peopleCount(), before + 2);
});

test('the upload needs the CSRF token: missing or sent after the file is refused (403) and the file is never read', async () => {
  const file = await peopleWorkbook([personRow({ phone: '0912 400 001' })]);
  const before = await peopleCount();
  const missing = await uploadForm(admin, IMPORT, file, { token: false });
  assert.equal(missing.statusCode, 403);
  assert.match(missing.body, /Phiên làm việc của biểu mẫu đã hết hạn/);
  const late = await uploadForm(admin, IMPORT, file, { tokenAfterFile: true });
  assert.equal(late.statusCode, 403);
  // The check comes before any reading: a file that is not Excel still gets 403, not "not an Excel file".
  assert.equal((await uploadForm(admin, IMPORT, Buffer.from('not excel'), { token: false })).statusCode, 403);
  assert.equal(await peopleCount(), before);
  // Scripts send the token in the x-csrf-token header instead (TestClient.postMultipart does).
  const { body, boundary } = multipartBody({}, { field: 'file', filename: 'a.xlsx', contentType: XLSX_TYPE, content: file });
  const viaHeader = await admin.postMultipart(IMPORT, body, boundary);
  assert.equal(viaHeader.statusCode, 200, viaHeader.body.slice(0, 300));
  assert.equal(await peopleCount(), before + 1);
});

test('files that are not Excel are refused with a clear message', async () => {
  await assertRefused(Buffer.from('Họ và tên,Số điện thoại\nNguyễn Văn An,0912000001\n'), /không phải tệp Excel/, { filename: 'danh-sach.xlsx' });
  await assertRefused(Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n'), /không phải tệp Excel/, { filename: 'danh-sach.pdf', contentType: 'application/pdf' });
  await assertRefused(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]), /Excel 97–2003 \(\.xls\) không được hỗ trợ/, { filename: 'cu.xls' });
  await assertRefused(Buffer.from('PK\x03\x04 this is a broken zip'), /không phải tệp Excel/);
});

test('a file over the 10 MiB upload limit is refused (413) and nothing is stored', async () => {
  const before = await peopleCount();
  const res = await uploadForm(admin, IMPORT, Buffer.alloc(MAX_UPLOAD + 1024, 0x41));
  assert.equal(res.statusCode, 413);
  assert.match(res.body, /Dữ liệu gửi lên quá lớn/);
  assert.equal(await peopleCount(), before);
});

test('empty files are refused: zero bytes, headers only, no file chosen', async () => {
  await assertRefused(Buffer.alloc(0), /Tệp không có dữ liệu|Vui lòng chọn tệp Excel/);
  await assertRefused(await headersOnlyWorkbook(), /Tệp không có dữ liệu/);
  const { body, boundary } = multipartBody({ _csrf: await admin.csrfToken() }, { field: 'file', filename: '', contentType: 'application/octet-stream', content: Buffer.alloc(0) });
  const none = await admin.request({ method: 'POST', url: IMPORT, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /Vui lòng chọn tệp Excel/);
});

test('wrong headers: the message names the missing columns', async () => {
  const res = await assertRefused(await peopleWorkbook([['Nguyễn Văn An', '0912000001']], { headers: ['Tên', 'Điện thoại di động'] }), /Thiếu cột/);
  assert.match(res.body, /Thiếu cột: Họ và tên, Mã đơn vị, Đối tượng, Số điện thoại hoặc Thư điện tử/);
  await assertRefused(await peopleWorkbook([], { headers: [...TEMPLATE_HEADERS, 'Số điện thoại'] }), /Cột “Số điện thoại” xuất hiện hơn một lần/);
});

test('more rows than IMPORT_MAX_ROWS are refused before any is checked', async () => {
  const rows = Array.from({ length: 31 }, (_, i) => personRow({ phone: `0912 5${String(i).padStart(5, '0')}` }));
  await assertRefused(await peopleWorkbook(rows), /Tệp có 31 dòng dữ liệu, vượt quá giới hạn 30 dòng/);
});

test('formulas are refused by cell, merged cells by range', async () => {
  const formula = await assertRefused(await workbookWithFormula(), /Chưa nhập người nào/);
  assert.match(formula.body, /<td>3<\/td><td>Số điện thoại \(B\)<\/td><td>Công thức không được hỗ trợ/);
  await assertRefused(await workbookWithMergedCells(), /Tệp có ô gộp \(D2:D3\)/);
});

test('duplicates: the same number in another format in the database or in the file, and e-mails', async () => {
  await makePerson(t.database.db, { phone: '+84912600001', email: 'da-co@example.vn' });
  const res = await assertRefused(
    await peopleWorkbook([
      personRow({ name: 'Người Mới', phone: '0912.600.001' }),
      personRow({ name: 'Trùng Một', phone: '0912 600 002' }),
      personRow({ name: 'Trùng Hai', phone: '+84912600002' }),
      personRow({ name: 'Thư Trùng', phone: '0912 600 003', email: 'DA-CO@example.vn' }),
      personRow({ name: 'Hợp Lệ', phone: '0912 600 004' }),
    ]),
    /Chưa nhập người nào: tệp có 3 lỗi ở 3 dòng/,
  );
  assert.match(res.body, /<td>2<\/td><td>Số điện thoại \(B\)<\/td><td>Số điện thoại này đã được đăng ký/);
  assert.match(res.body, /<td>4<\/td><td>Số điện thoại \(B\)<\/td><td>Số điện thoại trùng với dòng 3 trong tệp/);
  assert.match(res.body, /<td>5<\/td><td>Thư điện tử \(C\)<\/td><td>Địa chỉ thư điện tử này đã được đăng ký/);
  const valid = await t.database.db.selectFrom('users').select('id').where('phone', '=', '+84912600004').executeTakeFirst();
  assert.equal(valid, undefined, 'valid rows of a refused file are not imported either');
});

test('a unit code outside the importer’s scope is a row error, worded like an unknown code', async () => {
  const res = await assertRefused(
    await peopleWorkbook([personRow({ phone: '0912 700 001', unit: '10525' }), personRow({ phone: '0912 700 002', unit: 'KHONG-CO' })]),
    /Chưa nhập người nào/,
  );
  const rows = [...res.body.matchAll(/<td>(\d+)<\/td><td>Mã đơn vị \(D\)<\/td><td>([^<]+)</g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(rows, [
    ['2', 'Mã đơn vị không tồn tại hoặc không thuộc phạm vi bạn quản lý.'],
    ['3', 'Mã đơn vị không tồn tại hoặc không thuộc phạm vi bạn quản lý.'],
  ]);
});

test('the error report downloads as .xlsx (row, column, reason in the reader’s language), for its importer only', async () => {
  const res = await assertRefused(
    await peopleWorkbook([personRow({ name: '', phone: '0912 800 001' }), personRow({ phone: '12345', group: 'Không rõ', year: 1800 })]),
    /Chưa nhập người nào: tệp có 4 lỗi ở 2 dòng/,
  );
  const link = /href="(\/quan-tri\/nguoi-dung\/nhap\/bao-cao\/[0-9a-f-]+)"/.exec(res.body)?.[1];
  assert.ok(link, 'the page links to the report');
  const report = await admin.get(link);
  assert.equal(report.statusCode, 200);
  assert.equal(report.headers['content-type'], XLSX_TYPE);
  assert.deepEqual(await firstSheet(bytes(report)), [
    ['Dòng', 'Cột', 'Lỗi'],
    ['2', 'Họ và tên (A)', 'Vui lòng nhập họ và tên.'],
    ['3', 'Số điện thoại (B)', 'Số điện thoại không hợp lệ (ví dụ: 0912 345 678).'],
    ['3', 'Đối tượng (E)', 'Đối tượng không hợp lệ: ghi một đối tượng có trong trang tính “Mã hợp lệ” của tệp mẫu.'],
    ['3', 'Năm sinh (F)', 'Năm sinh phải là năm có 4 chữ số, từ 1900 đến nay.'],
  ]);
  const english = await firstSheet(bytes(await admin.get(`${link}?lang=en`)));
  assert.deepEqual(english[1], ['2', 'Full name (A)', 'Please enter the full name.']);
  await admin.get('/?lang=vi');
  const stored = await t.database.db.selectFrom('import_reports').select('issues').executeTakeFirstOrThrow();
  assert.doesNotMatch(stored.issues, /0912|12345|Không rõ/, 'the stored report holds no cell values');
  const other = new TestClient(t.app, await sessionCookie(t.database.db, await makeUnitAdmin(t.database.db, '10507', { phone: null, email: 'khac@example.vn' })));
  assert.equal((await other.get(link)).statusCode, 404);
});

test('the JSON API import answers 201, or 422 with the issues and the report link', async () => {
  const ok = await peopleWorkbook([personRow({ name: 'Vũ Thị Lan', phone: '0912 900 001' })]);
  let { body, boundary } = multipartBody({}, { field: 'file', filename: 'a.xlsx', contentType: XLSX_TYPE, content: ok });
  const created = await admin.postMultipart('/api/people/import', body, boundary);
  assert.equal(created.statusCode, 201, created.body);
  assert.deepEqual(created.json(), { imported: 1, ignoredColumns: [] });
  const bad = await peopleWorkbook([personRow({ phone: '0912 900 001' })], { headers: [...TEMPLATE_HEADERS, 'Ghi chú'] });
  ({ body, boundary } = multipartBody({}, { field: 'file', filename: 'b.xlsx', contentType: XLSX_TYPE, content: bad }));
  const refused = await admin.postMultipart('/api/people/import', body, boundary);
  assert.equal(refused.statusCode, 422);
  const json = refused.json();
  assert.equal(json.error.code, 'IMPORT_ROWS_INVALID');
  assert.deepEqual(json.issues, [{ row: 2, column: 'Số điện thoại (B)', field: 'phone', code: 'PERSON_PHONE_TAKEN', message: 'Số điện thoại này đã được đăng ký.' }]);
  assert.match(json.reportUrl, /^\/quan-tri\/nguoi-dung\/nhap\/bao-cao\//);
});

test('a learner cannot reach the import (404) and an anonymous visitor is sent to sign in', async () => {
  const learner = new TestClient(t.app, await sessionCookie(t.database.db, await makePerson(t.database.db)));
  assert.equal((await learner.get(IMPORT)).statusCode, 404);
  assert.equal((await learner.get('/quan-tri/nguoi-dung/mau-nhap.xlsx')).statusCode, 404);
  const res = await uploadForm(learner, IMPORT, await peopleWorkbook([personRow({ phone: '0912 990 001' })]));
  assert.equal(res.statusCode, 404);
  const anonymous = await new TestClient(t.app).get(IMPORT);
  assert.equal(anonymous.statusCode, 302);
});

test('a large file of Vietnamese names keeps every diacritic (multi-byte letters across read chunks)', async () => {
  const big = await makeTestApp();
  try {
    const id = await makeUnitAdmin(big.database.db, '10507');
    const c = new TestClient(big.app, await sessionCookie(big.database.db, id));
    // Names dense in 2- and 3-byte letters, enough of them for many 16 KiB chunk boundaries to fall inside one.
    const family = ['Nguyễn', 'Trần', 'Phạm', 'Hoàng', 'Huỳnh', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lữ'];
    const middle = ['Văn', 'Thị', 'Hữu', 'Đức', 'Ngọc', 'Xuân', 'Quốc', 'Thế', 'Mỹ', 'Bảo'];
    const given = ['Ấn', 'Bình', 'Cường', 'Dũng', 'Hà', 'Hải', 'Hạnh', 'Hùng', 'Hương', 'Mến', 'Phượng', 'Sơn', 'Thảo', 'Tuấn', 'Yến', 'Ưng', 'Ổn', 'Tưởng', 'Đạt', 'Lộc'];
    // Every name different (mixed-radix digits of i), so the shared-strings part of the file is large too.
    const names = Array.from({ length: 4000 }, (_, i) => `${family[i % 14]} ${middle[Math.floor(i / 14) % 10]} ${given[Math.floor(i / 140) % 20]} ${given[Math.floor(i / 2800) % 20]}`);
    const rows = names.map((name, i) => personRow({ name, phone: `0913 ${String(i).padStart(6, '0').replace(/^(\d{3})/, '$1 ')}` }));
    const res = await uploadForm(c, IMPORT, await peopleWorkbook(rows));
    assert.equal(res.statusCode, 200, res.body.slice(0, 400));
    assert.match(res.body, /Đã nhập 4\.000 người dùng/);
    const stored = await big.database.db.selectFrom('users').select(['full_name', 'phone']).where('phone', 'like', '+84913%').orderBy('phone').execute();
    assert.deepEqual(stored.map((r) => r.full_name), names);
    // Texts inline in the worksheet (no shared strings) take the other path (see also xlsx-read.test.ts).
    const inline = names.map((name, i) => personRow({ name, phone: `0914 ${String(i).padStart(6, '0').replace(/^(\d{3})/, '$1 ')}` }));
    assert.equal((await uploadForm(c, IMPORT, await peopleWorkbookInline(inline))).statusCode, 200);
    const stored2 = await big.database.db.selectFrom('users').select(['full_name', 'phone']).where('phone', 'like', '+84914%').orderBy('phone').execute();
    assert.deepEqual(stored2.map((r) => r.full_name), names);
  } finally {
    await big.close();
  }
});
