/**
 * SCORM package library over HTTP: uploads (API and form), refusals with their vi/en messages and
 * nothing written, versions (new row, same lineage, version + 1, activities moved, learners in
 * progress kept on their version), the real sample packages when ../shared is there.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner, makePerson, sessionCookie } from './helpers/factories.js';
import { TestClient, multipartBody } from './helpers/client.js';
import { enrol } from './helpers/learning.js';
import { BROKEN_FIXTURES, FIXTURES, FIXTURES_SKIP, GOOD_FIXTURES, fixturesPresent, makeDataDir, scormCourse } from './helpers/scorm.js';
import { SCORM12_FILES, SCORM12_MANIFEST, SCORM2004_FILES, buildTestPackage } from '../src/modules/scorm/package/test-packages.js';

let t: TestApp;
let dataDir: string;
let manager: TestClient;

before(async () => {
  dataDir = makeDataDir();
  t = await makeTestApp({ DATA_DIR: dataDir, SCORM_MAX_UPLOAD_MB: '1' });
  const id = await makePerson(t.database.db, { fullName: 'Lê Thị Nội Dung', unitCode: '31', roles: [{ role: 'content_manager', unitCode: '31' }] });
  manager = new TestClient(t.app, await sessionCookie(t.database.db, id));
});
after(async () => {
  await t.close();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

const packagesDir = () => path.join(dataDir, 'packages');
const stored = () => (fs.existsSync(packagesDir()) ? fs.readdirSync(packagesDir()).sort() : []);
const packageRows = async () => t.database.db.selectFrom('scorm_packages').selectAll().orderBy('id').execute();

async function upload(client: TestClient, zip: Buffer, opts: { url?: string; fields?: Record<string, string>; lang?: 'en' } = {}) {
  const { body, boundary } = multipartBody(opts.fields ?? {}, { field: 'file', filename: 'goi-scorm.zip', contentType: 'application/zip', content: zip });
  return client.request({
    method: 'POST',
    url: opts.url ?? '/api/scorm/packages',
    payload: body,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      'x-csrf-token': await client.csrfToken(),
      ...(opts.lang ? { cookie: `${client.cookieHeader()}; lang=en` } : {}),
    },
  });
}

/** Refused with `code`; no row and no new folder left. */
async function assertRefused(zip: Buffer, code: string, status = 422, lang?: 'en') {
  const rows = (await packageRows()).length;
  const folders = stored();
  const res = await upload(manager, zip, { lang });
  assert.equal(res.statusCode, status, res.body);
  const err = res.json().error;
  assert.equal(err.code, code);
  assert.equal((await packageRows()).length, rows, 'no row written');
  assert.deepEqual(stored(), folders, 'no folder written');
  assert.deepEqual(fs.existsSync(path.join(dataDir, 'tmp')) ? fs.readdirSync(path.join(dataDir, 'tmp')) : [], [], 'temporary upload removed');
  return err.message as string;
}

test('a content manager uploads a SCORM 1.2 and a SCORM 2004 package', async () => {
  const res = await upload(manager, await buildTestPackage(SCORM12_FILES));
  assert.equal(res.statusCode, 201, res.body);
  const body = res.json();
  assert.deepEqual({ ...body, id: 0, lineageId: 0 }, { id: 0, lineageId: 0, title: 'Kỹ năng số cơ bản', version: 1, scormVersion: '1.2', items: 1, activitiesUpdated: 0 });
  assert.equal(body.lineageId, body.id);
  const row = (await packageRows()).find((r) => r.id === body.id)!;
  assert.match(row.storage_key, /^[a-f0-9]{32}$/);
  assert.ok(fs.existsSync(path.join(packagesDir(), row.storage_key, 'index.html')));
  assert.equal(JSON.parse(row.manifest).version, '1.2');
  assert.equal(row.file_count, 2);

  const r2004 = await upload(manager, await buildTestPackage(SCORM2004_FILES));
  assert.equal(r2004.statusCode, 201, r2004.body);
  assert.equal(r2004.json().scormVersion, '2004 4th');
  assert.equal(r2004.json().items, 2);

  const list = await manager.get('/api/scorm/packages');
  assert.equal(list.statusCode, 200);
  assert.ok(list.json().some((p: { id: number }) => p.id === body.id));
  const audit = await t.database.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'scorm.package.upload').execute();
  assert.ok(audit.some((a) => a.target_id === String(body.id)));
});

test('refused packages name the problem in Vietnamese and English; nothing is written', async () => {
  let msg = await assertRefused(await buildTestPackage({ 'imsmanifest.xml': SCORM12_MANIFEST }), 'MANIFEST_FILE_MISSING');
  assert.equal(msg, 'Tệp khởi chạy “index.html” được khai báo trong imsmanifest.xml nhưng không có trong gói. Lưu ý: tên tệp phân biệt chữ hoa, chữ thường.');
  msg = await assertRefused(await buildTestPackage({ 'imsmanifest.xml': SCORM12_MANIFEST }), 'MANIFEST_FILE_MISSING', 422, 'en');
  assert.match(msg, /The launch file “index.html” named in imsmanifest.xml is not in the package/);
  msg = await assertRefused(Buffer.from('<html>không phải zip</html>'), 'ZIP_INVALID');
  assert.match(msg, /không phải tệp \.zip hợp lệ/);
  msg = await assertRefused(await buildTestPackage({ 'Khoa hoc/imsmanifest.xml': SCORM12_MANIFEST, 'Khoa hoc/index.html': 'x' }), 'MANIFEST_NOT_AT_ROOT');
  assert.match(msg, /thư mục con “Khoa hoc”/);
  await assertRefused(await buildTestPackage({ ...SCORM12_FILES, '../evil.txt': 'x' }), 'ZIP_UNSAFE_PATH');
  assert.equal(fs.existsSync(path.join(dataDir, 'evil.txt')), false);
  // Over SCORM_MAX_UPLOAD_MB (1 MiB here): 413, the stream is cut, nothing kept.
  const big = await buildTestPackage({ ...SCORM12_FILES, 'video.bin': Buffer.from(Array.from({ length: 1300 * 1024 }, () => Math.floor(Math.random() * 256))) }, { store: true });
  msg = await assertRefused(big, 'ZIP_FILE_TOO_LARGE', 413);
  assert.match(msg, /vượt quá giới hạn 1 MiB/);
});

test('uploads need the capability, a CSRF token and a file', async () => {
  const learner = new TestClient(t.app, await sessionCookie(t.database.db, await makeLearner(t.database.db)));
  assert.equal((await upload(learner, await buildTestPackage(SCORM12_FILES))).statusCode, 404);
  assert.equal((await learner.get('/quan-tri/goi-scorm')).statusCode, 404);
  const { body, boundary } = multipartBody({}, { field: 'file', filename: 'a.zip', contentType: 'application/zip', content: await buildTestPackage(SCORM12_FILES) });
  const noToken = await manager.request({ method: 'POST', url: '/api/scorm/packages', payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
  assert.equal(noToken.statusCode, 403);
  const none = multipartBody({ note: 'x' });
  const noFile = await manager.request({
    method: 'POST',
    url: '/api/scorm/packages',
    payload: none.body,
    headers: { 'content-type': `multipart/form-data; boundary=${none.boundary}`, 'x-csrf-token': await manager.csrfToken() },
  });
  assert.equal(noFile.statusCode, 422);
  assert.equal(noFile.json().error.code, 'SCORM_NO_FILE');
});

test('the library page uploads without JavaScript and shows refusals', async () => {
  const page = await manager.get('/quan-tri/goi-scorm');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Gói SCORM/);
  assert.match(page.body, /Tải lên phiên bản mới/);
  const good = multipartBody({ _csrf: await manager.csrfToken() }, { field: 'file', filename: 'bai.zip', contentType: 'application/zip', content: await buildTestPackage(SCORM12_FILES) });
  const ok = await manager.request({ method: 'POST', url: '/quan-tri/goi-scorm', payload: good.body, headers: { 'content-type': `multipart/form-data; boundary=${good.boundary}` } });
  assert.equal(ok.statusCode, 201);
  assert.match(ok.body, /Đã tải lên “Kỹ năng số cơ bản”, phiên bản 1\./);
  const bad = multipartBody({ _csrf: await manager.csrfToken() }, { field: 'file', filename: 'bai.zip', contentType: 'application/zip', content: await buildTestPackage({ 'index.html': 'x' }) });
  const refused = await manager.request({ method: 'POST', url: '/quan-tri/goi-scorm', payload: bad.body, headers: { 'content-type': `multipart/form-data; boundary=${bad.boundary}` } });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Gói SCORM thiếu tệp imsmanifest.xml ở thư mục gốc/);
});

test('a new version is a new immutable row of the same lineage; learners in progress keep their version', async () => {
  const db = t.database.db;
  const v1 = (await upload(manager, await buildTestPackage(SCORM12_FILES))).json();
  const v1Row = (await packageRows()).find((r) => r.id === v1.id)!;
  const v1Files = fs.readdirSync(path.join(packagesDir(), v1Row.storage_key)).sort();
  const { courseId, activityId } = await scormCourse(db, v1.id);
  const early = await makeLearner(db, { fullName: 'Phạm Văn Sớm' });
  await enrol(db, courseId, early);
  const earlyClient = new TestClient(t.app, await sessionCookie(db, early));
  assert.equal((await earlyClient.get(`/hoc-tap/scorm/${activityId}`)).statusCode, 200); // attempt 1 on v1

  // A city administrator (course:manage) uploads v2 and moves the activities to it.
  const adminId = await makePerson(db, { unitCode: '31', roles: [{ role: 'city_admin', unitCode: '31' }] });
  const admin = new TestClient(t.app, await sessionCookie(db, adminId));
  const changed = SCORM12_MANIFEST.replace('Kỹ năng số cơ bản', 'Kỹ năng số cơ bản (bản mới)');
  const v2res = await upload(admin, await buildTestPackage({ 'imsmanifest.xml': changed, 'index.html': '<p>mới</p>' }), {
    url: `/api/scorm/packages/${v1.id}/versions`,
    fields: { updateActivities: '1' },
  });
  assert.equal(v2res.statusCode, 201, v2res.body);
  const v2 = v2res.json();
  assert.equal(v2.lineageId, v1.lineageId);
  assert.equal(v2.version, 2);
  assert.equal(v2.activitiesUpdated, 1);
  const v3 = (await upload(manager, await buildTestPackage(SCORM12_FILES), { url: `/api/scorm/packages/${v2.id}/versions` })).json();
  assert.equal(v3.version, 3, 'versions count along the lineage, whichever version it was uploaded from');
  assert.equal(v3.activitiesUpdated, 0, 'without course:manage (or the option) activities stay');
  const settings = JSON.parse((await db.selectFrom('activities').select('settings').where('id', '=', activityId).executeTakeFirstOrThrow()).settings);
  assert.equal(settings.packageId, v2.id);
  // v1 is untouched: same row, same files.
  const again = (await packageRows()).find((r) => r.id === v1.id)!;
  assert.deepEqual(again, v1Row);
  assert.deepEqual(fs.readdirSync(path.join(packagesDir(), v1Row.storage_key)).sort(), v1Files);

  const keyOf = async (client: TestClient) => /"packageBase":"\/content\/([a-f0-9]+)\//.exec((await client.get(`/hoc-tap/scorm/${activityId}`)).body)![1];
  const v2Row = (await packageRows()).find((r) => r.id === v2.id)!;
  assert.equal(await keyOf(earlyClient), v1Row.storage_key, 'the learner in progress keeps v1');
  const late = await makeLearner(db, { fullName: 'Đỗ Thị Muộn' });
  await enrol(db, courseId, late);
  assert.equal(await keyOf(new TestClient(t.app, await sessionCookie(db, late))), v2Row.storage_key, 'a new learner starts on v2');
  const restart = await earlyClient.postForm(`/hoc-tap/scorm/${activityId}/hoc-lai`, {});
  assert.equal(restart.statusCode, 303);
  assert.equal(await keyOf(earlyClient), v2Row.storage_key, 'a new attempt uses the current version');
  const attempts = await db.selectFrom('scorm_attempts').select(['attempt', 'package_id']).where('user_id', '=', early).orderBy('attempt').execute();
  assert.deepEqual(attempts, [{ attempt: 1, package_id: v1.id }, { attempt: 2, package_id: v2.id }]);
});

test('the real sample packages: the good ones import, the broken ones are refused with the right reason', async (tc) => {
  if (!fixturesPresent) return tc.skip(FIXTURES_SKIP);
  for (const name of GOOD_FIXTURES) {
    const res = await upload(manager, fs.readFileSync(path.join(FIXTURES, `${name}.zip`)));
    assert.equal(res.statusCode, 201, `${name}: ${res.body}`);
  }
  for (const [name, code] of Object.entries(BROKEN_FIXTURES)) {
    const message = await assertRefused(fs.readFileSync(path.join(FIXTURES, `${name}.zip`)), code);
    assert.ok(message.length > 20, `${name}: ${message}`);
  }
});
