/**
 * Enrolment by a unit administrator: by filter with a preview count, or from an .xlsx file (all or
 * nothing, per-row report); already enrolled people skipped, people who had left re-activated;
 * audited; and never anyone outside the administrator's scope.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { bytes, firstSheet, peopleWorkbook, uploadForm } from './helpers/xlsx.js';

const HEADERS = ['Họ và tên', 'Số điện thoại', 'Thư điện tử'];
let t: TestApp;
let admin: TestClient;
let adminId: number;
let course: number;
let fileCourse: number;
const p = { an: 0, binh: 0, chi: 0, ngoai: 0, xoa: 0, roi: 0, da: 0 };

async function enrolmentsOf(courseId: number) {
  return t.database.db.selectFrom('enrolments').selectAll().where('course_id', '=', courseId).orderBy('user_id').execute();
}

before(async () => {
  t = await makeTestApp({ IMPORT_MAX_ROWS: '20' });
  const db = t.database.db;
  await makeVillage(db, '10507', '10507-T5', 'Tổ dân phố số 5');
  adminId = await makeUnitAdmin(db, '10507', { phone: '+84912700000' });
  admin = new TestClient(t.app, await sessionCookie(db, adminId));
  p.an = await makePerson(db, { fullName: 'Nguyễn Văn An', unitCode: '10507', phone: '+84912700001' });
  p.binh = await makePerson(db, { fullName: 'Trần Thị Bình', unitCode: '10507-T5', targetGroup: 'teacher', phone: '+84912700002', email: 'binh@example.vn' });
  p.chi = await makePerson(db, { fullName: 'Lê Thị Chi', unitCode: '10507-T5', phone: '+84912700003' });
  p.ngoai = await makePerson(db, { fullName: 'Phạm Văn Ngoài', unitCode: '10525', phone: '+84912700004', email: 'ngoai@example.vn' });
  p.xoa = await makePerson(db, { fullName: 'Đỗ Văn Xóa', unitCode: '10507', phone: '+84912700005' });
  p.roi = await makePerson(db, { fullName: 'Vũ Thị Rời', unitCode: '10507', phone: '+84912700006' });
  p.da = await makePerson(db, { fullName: 'Hoàng Văn Đã', unitCode: '10507', phone: '+84912700007' });
  await db.updateTable('users').set({ status: 'deleted' }).where('id', '=', p.xoa).execute();
  course = (await makeCourse(db, { title: 'Kỹ năng số cho mọi nhà', enrolment: 'assigned' })).courseId;
  fileCourse = (await makeCourse(db, { title: 'Thanh toán trực tuyến an toàn', enrolment: 'open' })).courseId;
  await makeCourse(db, { title: 'Khóa học nháp', status: 'draft' });
  await enrol(db, course, p.roi, 'self');
  await db.updateTable('enrolments').set({ status: 'left', left_at: new Date().toISOString() }).where('user_id', '=', p.roi).execute();
  await enrol(db, course, p.da, 'self');
});
after(() => t.close());

test('the page lists published courses only, and works without JavaScript (GET filter form, POST confirmation)', async () => {
  const res = await admin.get('/quan-tri/ghi-danh');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Kỹ năng số cho mọi nhà/);
  assert.match(res.body, /Thanh toán trực tuyến an toàn/);
  assert.doesNotMatch(res.body, /Khóa học nháp/);
  const chosen = await admin.get(`/quan-tri/ghi-danh?course=${course}`);
  assert.equal(chosen.statusCode, 200);
  assert.match(chosen.body, /Khóa học do đơn vị giao/);
  assert.match(chosen.body, /<label for="f-unit">/);
  assert.match(chosen.body, /Tổ dân phố số 5/);
  assert.doesNotMatch(chosen.body, /Phường Hải Dương/, 'no unit outside the scope in the filter');
  assert.ok(chosen.body.indexOf('name="_csrf"', chosen.body.indexOf('multipart/form-data')) < chosen.body.indexOf('name="file"'));
  const home = await admin.get('/quan-tri');
  assert.match(home.body, /href="\/quan-tri\/ghi-danh">Ghi danh học viên</);
  assert.match(home.body, /href="\/quan-tri\/bao-cao-khoa-hoc">Báo cáo khóa học</);
  assert.doesNotMatch(home.body, /\/quan-tri\/pho-cap-ky-nang|\/quan-tri\/chung-nhan/, 'no card for what a unit administrator cannot do');
});

test('the preview counts the people of the scope matching the filter, and who is already enrolled or had left', async () => {
  // Thành Đông: the administrator, An, Bình, Chi, Rời (left), Đã (enrolled); not Xóa (deleted), not Ngoài (other commune).
  const all = await admin.get(`/api/enrolments/preview?course=${course}`);
  assert.equal(all.statusCode, 200);
  assert.deepEqual(all.json(), { matched: 6, enrolled: 1, left: 1 });
  assert.deepEqual((await admin.get(`/api/enrolments/preview?course=${course}&unit=10507-T5`)).json(), { matched: 2, enrolled: 0, left: 0 });
  assert.deepEqual((await admin.get(`/api/enrolments/preview?course=${course}&group=teacher`)).json(), { matched: 1, enrolled: 0, left: 0 });
  const page = await admin.get(`/quan-tri/ghi-danh?course=${course}&unit=&group=citizen&preview=1`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /5 người phù hợp với bộ lọc/);
  assert.match(page.body, /Sẽ ghi danh mới: 3 người/);
  assert.match(page.body, /sẽ được ghi danh lại: 1 người/);
  assert.match(page.body, /Đã ghi danh từ trước, sẽ bỏ qua: 1 người/);
  assert.match(page.body, /Xác nhận ghi danh 4 người/);
  assert.equal((await enrolmentsOf(course)).length, 2, 'a preview changes nothing');
});

test('a unit outside the scope, a draft or unknown course answer 404 and enrol nobody', async () => {
  const before = await t.database.db.selectFrom('enrolments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal((await admin.get(`/api/enrolments/preview?course=${course}&unit=10525`)).statusCode, 404);
  assert.equal((await admin.get(`/quan-tri/ghi-danh?course=${course}&unit=10525&preview=1`)).statusCode, 404);
  assert.equal((await admin.sendJson('POST', '/api/enrolments/bulk', { course, unit: '10525' })).statusCode, 404);
  assert.equal((await admin.postForm('/quan-tri/ghi-danh', { course: String(course), unit: '10525' })).statusCode, 404);
  assert.equal((await admin.postForm('/quan-tri/ghi-danh', { course: '999999' })).statusCode, 404);
  const draft = await t.database.db.selectFrom('courses').select('id').where('status', '=', 'draft').executeTakeFirstOrThrow();
  assert.equal((await admin.sendJson('POST', '/api/enrolments/bulk', { course: draft.id })).statusCode, 404);
  const after = await t.database.db.selectFrom('enrolments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
});

test('enrolling by filter: new enrolments (source unit, enrolled_by), the left re-activated, the enrolled skipped; audited', async () => {
  const res = await admin.postForm('/quan-tri/ghi-danh', { course: String(course), unit: '', group: 'citizen' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Đã ghi danh 3 người mới vào khóa học “Kỹ năng số cho mọi nhà”/);
  assert.match(res.body, /Ghi danh lại 1 người đã rời khóa học/);
  assert.match(res.body, /Bỏ qua 1 người đã ghi danh từ trước/);
  const rows = new Map((await enrolmentsOf(course)).map((e) => [e.user_id, e]));
  for (const id of [p.an, p.chi, adminId]) {
    assert.equal(rows.get(id)?.source, 'unit');
    assert.equal(rows.get(id)?.enrolled_by, adminId);
    assert.equal(rows.get(id)?.status, 'active');
  }
  assert.equal(rows.get(p.roi)?.status, 'active');
  assert.equal(rows.get(p.roi)?.left_at, null);
  assert.equal(rows.get(p.da)?.source, 'self', 'the already enrolled are left alone');
  for (const id of [p.binh, p.ngoai, p.xoa]) assert.equal(rows.has(id), false);
  const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'enrolment.bulk').execute();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor_id, adminId);
  assert.equal(audit[0].target_id, String(course));
  assert.deepEqual(JSON.parse(audit[0].details!), { source: 'unit', filters: { group: 'citizen' }, matched: 5, enrolled: 3, reactivated: 1, skipped: 1 });

  const again = await admin.sendJson('POST', '/api/enrolments/bulk', { course });
  assert.equal(again.statusCode, 200);
  assert.deepEqual(again.json(), { matched: 6, enrolled: 1, reactivated: 0, skipped: 5 });
  assert.equal((await enrolmentsOf(course)).some((e) => e.user_id === p.ngoai), false, 'never the other commune');
});

test('from an .xlsx file: all or nothing — one row naming someone outside the scope and nobody is enrolled', async () => {
  const file = await peopleWorkbook(
    [
      ['Nguyễn Văn An', '0912 700 001', ''],
      ['Trần Thị Bình', '', 'BINH@example.vn'],
      ['Phạm Văn Ngoài', '0912700004', ''],
      ['Người lạ', '0999 999 999', ''],
      ['Không liên hệ', '', ''],
      ['Trùng', '+84 912 700 001', ''],
      ['Sai', '0912 700 003', 'binh@example.vn'],
    ],
    { headers: HEADERS },
  );
  const res = await uploadForm(admin, `/quan-tri/ghi-danh/nhap?course=${fileCourse}`, file);
  assert.equal(res.statusCode, 422, res.body.slice(0, 300));
  assert.match(res.body, /Chưa ghi danh người nào/);
  assert.match(res.body, /Không tìm thấy người dùng này trong các đơn vị bạn quản lý/);
  assert.match(res.body, /Người này đã có ở dòng 2 trong tệp/);
  assert.match(res.body, /Số điện thoại và thư điện tử thuộc về hai người khác nhau/);
  assert.doesNotMatch(res.body, /Phạm Văn Ngoài/, 'nothing learned about the other commune');
  assert.equal((await enrolmentsOf(fileCourse)).length, 0);

  const link = /href="(\/quan-tri\/ghi-danh\/bao-cao\/[0-9a-f-]+)"/.exec(res.body)![1];
  const report = await admin.get(link);
  assert.equal(report.statusCode, 200);
  const rows = (await firstSheet(bytes(report))).slice(1);
  // Row 4: outside the scope; row 5: not a valid number; row 6: no contact; row 7: duplicate; row 8: two people.
  assert.deepEqual(rows.map((r) => r[0]), ['4', '5', '6', '7', '8']);
  assert.match(rows[0][1], /Số điện thoại \(B\)/);
  const someoneElse = new TestClient(t.app, await sessionCookie(t.database.db, await makeUnitAdmin(t.database.db, '10507')));
  assert.equal((await someoneElse.get(link)).statusCode, 404, 'the report is its uploader’s');
});

test('from an .xlsx file: phones in any format and e-mails, source import, skipped and re-activated counted', async () => {
  const db = t.database.db;
  await enrol(db, fileCourse, p.chi, 'self');
  await enrol(db, fileCourse, p.roi, 'self');
  await db.updateTable('enrolments').set({ status: 'left', left_at: new Date().toISOString() }).where('course_id', '=', fileCourse).where('user_id', '=', p.roi).execute();
  const file = await peopleWorkbook(
    [
      ['Nguyễn Văn An', 912700001, ''],
      ['Trần Thị Bình', '', 'Binh@Example.VN'],
      ['Lê Thị Chi', '+84 912 700 003', ''],
      ['Vũ Thị Rời', '0912.700.006', ''],
    ],
    { headers: HEADERS },
  );
  const res = await uploadForm(admin, `/quan-tri/ghi-danh/nhap?course=${fileCourse}`, file);
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.match(res.body, /Đã ghi danh 2 người mới/);
  assert.match(res.body, /Ghi danh lại 1 người/);
  assert.match(res.body, /Bỏ qua 1 người/);
  const rows = new Map((await enrolmentsOf(fileCourse)).map((e) => [e.user_id, e]));
  assert.equal(rows.get(p.an)?.source, 'import');
  assert.equal(rows.get(p.binh)?.source, 'import');
  assert.equal(rows.get(p.binh)?.enrolled_by, adminId);
  assert.equal(rows.get(p.roi)?.status, 'active');
  assert.equal(rows.get(p.chi)?.source, 'self');
  const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'enrolment.bulk').orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.deepEqual(JSON.parse(audit.details!), { source: 'import', rows: 4, matched: 4, enrolled: 2, reactivated: 1, skipped: 1 });
});

test('the file upload checks the CSRF token before reading the file; files without a contact column are refused whole', async () => {
  const file = await peopleWorkbook([['Phạm Văn Ngoài', '0912700004', '']], { headers: HEADERS });
  const noToken = await uploadForm(admin, `/quan-tri/ghi-danh/nhap?course=${fileCourse}`, file, { token: false });
  assert.equal(noToken.statusCode, 403);
  const noColumn = await uploadForm(admin, `/quan-tri/ghi-danh/nhap?course=${fileCourse}`, await peopleWorkbook([['An', 'x']], { headers: ['Họ và tên', 'Ghi chú'] }));
  assert.equal(noColumn.statusCode, 422);
  assert.match(noColumn.body, /Thiếu cột: Số điện thoại hoặc Thư điện tử/);
  const notExcel = await uploadForm(admin, `/quan-tri/ghi-danh/nhap?course=${fileCourse}`, Buffer.from('họ tên,số điện thoại\n'), { filename: 'a.csv', contentType: 'text/csv' });
  assert.equal(notExcel.statusCode, 422);
  const template = await admin.get('/quan-tri/ghi-danh/mau.xlsx');
  assert.equal(template.statusCode, 200);
  assert.deepEqual((await firstSheet(bytes(template)))[0], HEADERS);
});

test('a learner, a content manager and a village administrator outside the commune: 404 or only their own village', async () => {
  const db = t.database.db;
  const learner = new TestClient(t.app, await sessionCookie(db, p.an));
  assert.equal((await learner.get('/quan-tri/ghi-danh')).statusCode, 404);
  assert.equal((await learner.sendJson('POST', '/api/enrolments/bulk', { course })).statusCode, 404);
  const manager = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { unitCode: '31', roles: [{ role: 'content_manager', unitCode: '31' }] })));
  assert.equal((await manager.get('/quan-tri/ghi-danh')).statusCode, 404);
  const village = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507-T5')));
  const other = (await makeCourse(db, { title: 'Khóa học thôn' })).courseId;
  const res = await village.sendJson('POST', '/api/enrolments/bulk', { course: other });
  assert.equal(res.statusCode, 200);
  const enrolled = (await enrolmentsOf(other)).map((e) => e.user_id);
  assert.ok(enrolled.includes(p.binh) && enrolled.includes(p.chi));
  assert.ok(!enrolled.includes(p.an) && !enrolled.includes(adminId), 'not the commune above the village');
  assert.equal((await village.get(`/api/enrolments/preview?course=${other}&unit=10507`)).statusCode, 404);
});
