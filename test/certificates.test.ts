/**
 * Certificates: issued in the transaction that completes a course, listed and downloaded by their
 * holder as a PDF whose QR code opens the public verification page; that page shows the name, the
 * course, the date and the validity only; revocation within the course host unit's scope; personal
 * data deletion revokes and anonymizes them.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { reportProgress } from './helpers/completion.js';
import { hasPoppler, pdfText, qrFromPdfVectors, qrFromRenderedPage } from './helpers/pdf.js';
import { recordActivityProgress } from '../src/modules/courses/progress.js';
import { newCertificateCode, normalizeCode } from '../src/modules/certificates/code.js';

const PUBLIC_URL = 'https://kynangso.haiphong.gov.vn';
let t: TestApp;
let learnerId: number;
let learner: TestClient;
let course: Awaited<ReturnType<typeof makeCourse>>;
let code: string;

const CODE_RE = /^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/;

async function certificatesOf(userId: number) {
  return t.database.db.selectFrom('certificates').selectAll().where('user_id', '=', userId).execute();
}

before(async () => {
  t = await makeTestApp({ PUBLIC_URL });
  const db = t.database.db;
  learnerId = await makePerson(db, { fullName: 'Nguyễn Thị Ánh Tuyết', unitCode: '10507', phone: '+84912555001', email: 'tuyet@example.vn', birthYear: 1961 });
  learner = new TestClient(t.app, await sessionCookie(db, learnerId));
  course = await makeCourse(db, { title: 'Dịch vụ công trực tuyến và VNeID', activities: [{ type: 'link' }, { type: 'video' }] });
  await enrol(db, course.courseId, learnerId);
});
after(() => t.close());

test('completing a course issues one certificate in the same transaction: unguessable code, name and title snapshots', async () => {
  const db = t.database.db;
  assert.equal(await reportProgress(db, course.activityIds[0], learnerId), false);
  assert.equal((await certificatesOf(learnerId)).length, 0, 'not before the course is completed');
  assert.equal(await reportProgress(db, course.activityIds[1], learnerId), true);
  const [cert, ...more] = await certificatesOf(learnerId);
  assert.equal(more.length, 0);
  assert.match(cert.code, CODE_RE);
  assert.equal(cert.holder_name, 'Nguyễn Thị Ánh Tuyết');
  assert.equal(cert.course_title, 'Dịch vụ công trực tuyến và VNeID');
  assert.equal(cert.revoked_at, null);
  code = cert.code;
  // Snapshots: renaming the course or the person later does not change the certificate.
  await db.updateTable('courses').set({ title: 'Tên mới' }).where('id', '=', course.courseId).execute();
  assert.equal((await certificatesOf(learnerId))[0].course_title, 'Dịch vụ công trực tuyến và VNeID');
  await db.updateTable('courses').set({ title: 'Dịch vụ công trực tuyến và VNeID' }).where('id', '=', course.courseId).execute();
});

test('a completion rolled back leaves no certificate (the issuer runs inside the caller’s transaction)', async () => {
  const db = t.database.db;
  const other = await makePerson(db, { fullName: 'Lê Văn Hoàn', unitCode: '10507' });
  const c = await makeCourse(db, { activities: [{ type: 'link' }] });
  await enrol(db, c.courseId, other);
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      assert.equal(await recordActivityProgress(trx, { activityId: c.activityIds[0], userId: other, status: 'completed' }), true);
      assert.equal((await trx.selectFrom('certificates').select('id').where('user_id', '=', other).execute()).length, 1, 'issued in the transaction');
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.equal((await certificatesOf(other)).length, 0);
  const enrolment = await db.selectFrom('enrolments').select('status').where('user_id', '=', other).executeTakeFirstOrThrow();
  assert.equal(enrolment.status, 'active');
});

test('codes are unguessable (100 random bits, grouped) and read back however they are typed', () => {
  const codes = new Set(Array.from({ length: 2000 }, () => newCertificateCode()));
  assert.equal(codes.size, 2000);
  for (const c of codes) assert.match(c, CODE_RE);
  assert.equal(normalizeCode(code.toLowerCase().replace(/-/g, '')), code);
  assert.equal(normalizeCode(code.replace(/0/g, 'O').replace(/1/g, 'l')), code, 'O typed for 0, l for 1');
  assert.equal(normalizeCode('not-a-code'), undefined);
});

test('the holder lists their certificates and downloads the PDF; nobody else can download it', async () => {
  const page = await learner.get('/hoc-tap/chung-nhan');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Dịch vụ công trực tuyến và VNeID/);
  assert.match(page.body, new RegExp(`href="/hoc-tap/chung-nhan/${code}/pdf"`));
  assert.match(page.body, /Còn hiệu lực/);
  const api = await learner.get('/api/certificates');
  assert.equal(api.statusCode, 200);
  assert.deepEqual(
    api.json().items.map((c: { code: string; verifyUrl: string }) => [c.code, c.verifyUrl]),
    [[code, `${PUBLIC_URL}/chung-nhan/${code}`]],
  );

  const pdf = await learner.get(`/hoc-tap/chung-nhan/${code}/pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.match(String(pdf.headers['content-disposition']), /attachment; filename="chung-nhan-/);
  assert.equal(pdf.rawPayload.subarray(0, 5).toString(), '%PDF-');

  const someone = new TestClient(t.app, await sessionCookie(t.database.db, await makePerson(t.database.db, { fullName: 'Người Khác' })));
  assert.equal((await someone.get(`/hoc-tap/chung-nhan/${code}/pdf`)).statusCode, 404);
  assert.equal((await new TestClient(t.app).get(`/hoc-tap/chung-nhan/${code}/pdf`)).statusCode, 302, 'sign-in first');
});

test('the QR code in the PDF decodes (jsQR) to the public verification URL', async () => {
  const pdf = (await learner.get(`/hoc-tap/chung-nhan/${code}/pdf`)).rawPayload;
  assert.equal(qrFromPdfVectors(pdf), `${PUBLIC_URL}/chung-nhan/${code}`);
});

test('rendered by poppler, the page shows the name with its diacritics and a readable QR code', { skip: !hasPoppler() && 'poppler-utils not installed' }, async () => {
  const pdf = (await learner.get(`/hoc-tap/chung-nhan/${code}/pdf`)).rawPayload;
  assert.equal(qrFromRenderedPage(pdf), `${PUBLIC_URL}/chung-nhan/${code}`);
  const text = pdfText(pdf).normalize('NFC');
  for (const expected of ['GIẤY CHỨNG NHẬN', 'Nguyễn Thị Ánh Tuyết', 'Dịch vụ công trực tuyến và VNeID', 'THÀNH PHỐ HẢI PHÒNG', code]) {
    assert.ok(text.includes(expected), `PDF text has “${expected}”`);
  }
});

test('the public verification page: name, course, date and validity — no phone, e-mail, unit or birth year', async () => {
  const anonymous = new TestClient(t.app);
  const res = await anonymous.get(`/chung-nhan/${code}`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['x-robots-tag'], 'noindex, nofollow');
  assert.match(res.body, /Chứng nhận hợp lệ/);
  assert.match(res.body, /Nguyễn Thị Ánh Tuyết/);
  assert.match(res.body, /Dịch vụ công trực tuyến và VNeID/);
  assert.match(res.body, /\d{2}\/\d{2}\/\d{4}/);
  const main = res.body.slice(res.body.indexOf('<main'), res.body.indexOf('</main>'));
  for (const secret of ['0912 555 001', '912555001', 'tuyet@example.vn', '1961', 'Thành Đông', '10507']) {
    assert.ok(!res.body.includes(secret), `the page does not show ${secret}`);
  }
  assert.doesNotMatch(main, /Người dân|Đơn vị|Năm sinh|Số điện thoại/);
  const en = await anonymous.get(`/chung-nhan/${code}?lang=en`);
  assert.match(en.body, /Valid certificate/);
  const lower = await anonymous.get(`/chung-nhan/${code.toLowerCase()}`);
  assert.equal(lower.statusCode, 301);
  assert.equal(lower.headers.location, `/chung-nhan/${code}`);
});

test('unknown and malformed codes answer 404', async () => {
  const anonymous = new TestClient(t.app);
  for (const bad of ['ABCD-EFGH-JKMN-PQRS-TVWX', 'nope', '0000-0000-0000-0000-0000', 'x'.repeat(40)]) {
    assert.equal((await anonymous.get(`/chung-nhan/${encodeURIComponent(bad)}`)).statusCode, 404, bad);
  }
});

test('revocation: only by certificate:revoke holders of the course host unit, with a reason, audited; the page then says so', async () => {
  const db = t.database.db;
  const unitAdmin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  const otherManager = new TestClient(
    t.app,
    await sessionCookie(db, await makePerson(db, { fullName: 'Quản Lý Học Liệu Xã', unitCode: '10525', roles: [{ role: 'content_manager', unitCode: '10525' }] })),
  );
  const cityManagerId = await makePerson(db, { fullName: 'Quản Lý Học Liệu Thành Phố', unitCode: '31', roles: [{ role: 'content_manager', unitCode: '31' }] });
  const cityManager = new TestClient(t.app, await sessionCookie(db, cityManagerId));

  // The learner's unit administrator has no revoke capability; a content manager of another unit is outside the host's scope.
  assert.equal((await unitAdmin.get('/quan-tri/chung-nhan')).statusCode, 404);
  assert.equal((await unitAdmin.postForm(`/quan-tri/chung-nhan/${code}/thu-hoi`, { reason: 'x' })).statusCode, 404);
  assert.equal((await otherManager.get(`/quan-tri/chung-nhan/${code}`)).statusCode, 404);
  assert.equal((await otherManager.postForm(`/quan-tri/chung-nhan/${code}/thu-hoi`, { reason: 'Gian lận' })).statusCode, 404);
  assert.doesNotMatch((await otherManager.get('/quan-tri/chung-nhan')).body, new RegExp(code));

  const list = await cityManager.get(`/quan-tri/chung-nhan?code=${code.toLowerCase()}`);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, new RegExp(`href="/quan-tri/chung-nhan/${code}"`));
  const empty = await cityManager.postForm(`/quan-tri/chung-nhan/${code}/thu-hoi`, { reason: '   ' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Vui lòng nhập lý do thu hồi/);
  assert.equal((await certificatesOf(learnerId))[0].revoked_at, null);

  const done = await cityManager.postForm(`/quan-tri/chung-nhan/${code}/thu-hoi`, { reason: 'Kết quả học tập không hợp lệ' });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/quan-tri/chung-nhan/${code}?done=1`);
  const [cert] = await certificatesOf(learnerId);
  assert.ok(cert.revoked_at);
  assert.equal(cert.revoked_reason, 'Kết quả học tập không hợp lệ');
  const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'certificate.revoke').executeTakeFirstOrThrow();
  assert.equal(entry.actor_id, cityManagerId);
  assert.equal(entry.target_id, String(cert.id));
  assert.equal(JSON.parse(entry.details!).reason, 'Kết quả học tập không hợp lệ');

  const again = await cityManager.sendJson('POST', `/api/certificates/${code}/revoke`, { reason: 'lần nữa' });
  assert.equal(again.statusCode, 409);
  assert.equal(again.json().error.code, 'CERT_ALREADY_REVOKED');

  const page = await new TestClient(t.app).get(`/chung-nhan/${code}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Chứng nhận đã bị thu hồi/);
  assert.match(page.body, /Thu hồi ngày \d{2}\/\d{2}\/\d{4}/);
  assert.doesNotMatch(page.body, /Kết quả học tập không hợp lệ/, 'the reason is not public');
  assert.doesNotMatch(page.body, /Chứng nhận hợp lệ/);
  assert.match((await learner.get('/hoc-tap/chung-nhan')).body, /Đã thu hồi/);
});

test('a content manager of the host commune revokes certificates of its own courses through the API', async () => {
  const db = t.database.db;
  const c = await makeCourse(db, { hostUnitCode: '10525', activities: [{ type: 'link' }] });
  const person = await makePerson(db, { fullName: 'Phạm Văn Đức', unitCode: '10507' });
  await enrol(db, c.courseId, person);
  await reportProgress(db, c.activityIds[0], person);
  const [cert] = await certificatesOf(person);
  const manager = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { unitCode: '10525', roles: [{ role: 'content_manager', unitCode: '10525' }] })));
  assert.equal((await manager.sendJson('POST', `/api/certificates/${cert.code}/revoke`, { reason: '' })).statusCode, 400);
  const res = await manager.sendJson('POST', `/api/certificates/${cert.code}/revoke`, { reason: 'Cấp nhầm' });
  assert.equal(res.statusCode, 204);
  assert.ok((await certificatesOf(person))[0].revoked_at);
});

test('deleting a person’s data revokes their certificates and removes the name from the public page', async () => {
  const db = t.database.db;
  const person = await makePerson(db, { fullName: 'Đỗ Thị Xóa', unitCode: '10507' });
  const c = await makeCourse(db, { activities: [{ type: 'link' }] });
  await enrol(db, c.courseId, person);
  await reportProgress(db, c.activityIds[0], person);
  const [cert] = await certificatesOf(person);
  assert.match((await new TestClient(t.app).get(`/chung-nhan/${cert.code}`)).body, /Đỗ Thị Xóa/);

  const client = new TestClient(t.app, await sessionCookie(db, person));
  assert.equal((await client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' })).statusCode, 303);
  const city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
  assert.equal((await city.postForm(`/quan-tri/yeu-cau-xoa/${person}`, { confirm: 'yes' })).statusCode, 303);

  const [after] = await certificatesOf(person);
  assert.equal(after.holder_name, '');
  assert.ok(after.revoked_at);
  const page = await new TestClient(t.app).get(`/chung-nhan/${cert.code}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /Đỗ Thị Xóa/);
  assert.match(page.body, /Chứng nhận đã bị thu hồi/);
});
