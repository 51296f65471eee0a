/**
 * Initiatives and models: a unit proposes one with files (checked by their bytes and size), the city returns it
 * with a comment, the unit edits and resubmits, the city accepts it; the public page shows it without personal
 * data; units record replications once each; everything outside a unit's scope answers 404.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { peopleWorkbook } from './helpers/xlsx.js';
import { communityFigures } from '../src/modules/initiatives/figures.js';
import { MAX_FILE_BYTES } from '../src/modules/initiatives/files.js';

let t: TestApp;
let dataDir: string;
const c: Record<string, TestClient> = {};
let initiativeId = 0;

const db = () => t.database.db;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 2)]);

function zip(entries: Record<string, string>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const z = new yazl.ZipFile();
    for (const [name, content] of Object.entries(entries)) z.addBuffer(Buffer.from(content), name);
    z.end();
    const chunks: Buffer[] = [];
    z.outputStream.on('data', (d: Buffer) => chunks.push(d));
    z.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    z.outputStream.on('error', reject);
  });
}

type Upload = { name: string; data: Buffer; type?: string };

/** A browser-like multipart form: _csrf first, then the fields, then the files. */
async function postMultipart(client: TestClient, url: string, fields: Record<string, string | string[]>, files: Upload[], opts: { csrf?: boolean } = {}) {
  const boundary = '----knsInitiative' + Math.random().toString(16).slice(2);
  const parts: Buffer[] = [];
  const field = (k: string, v: string) => parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (opts.csrf !== false) field('_csrf', await client.csrfToken());
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) field(k, one);
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return client.request({ method: 'POST', url, payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

const storedFiles = () => (fs.existsSync(path.join(dataDir, 'initiatives')) ? fs.readdirSync(path.join(dataDir, 'initiatives')).length : 0);
const counts = async () => ({
  initiatives: (await db().selectFrom('initiatives').select('id').execute()).length,
  files: (await db().selectFrom('initiative_files').select('id').execute()).length,
  stored: storedFiles(),
});
const history = async (id: number) => (await db().selectFrom('initiative_history').select(['action', 'comment']).where('initiative_id', '=', id).orderBy('id').execute()).map((h) => [h.action, h.comment]);

const FIELDS = {
  unit: '10507',
  title: 'Tổ công nghệ số “đi từng ngõ, gõ từng nhà”',
  description: 'Tổ đến từng hộ gia đình hướng dẫn cài đặt VNeID và nộp hồ sơ trực tuyến.',
  results: '3.200 lượt người dân được hỗ trợ.',
};

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-initiatives-'));
  t = await makeTestApp({ DATA_DIR: dataDir });
  const ids = {
    td: await makeUnitAdmin(db(), '10507', { fullName: 'Trần Thị Quản Trị', phone: '+84912800001', email: 'quantri.thanhdong@example.vn' }),
    hd: await makeUnitAdmin(db(), '10525', { fullName: 'Phạm Văn Hải' }),
    city: await makeCityAdmin(db()),
    learner: await makePerson(db(), { fullName: 'Nguyễn Văn An', unitCode: '10507' }),
  };
  for (const [k, v] of Object.entries(ids)) c[k] = new TestClient(t.app, await sessionCookie(db(), v));
  c.anon = new TestClient(t.app);
});
after(async () => {
  await t.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a unit proposes an initiative with PDF, DOCX, XLSX and image files; each is stored and served back as it came', async () => {
  const docx = await zip({ '[Content_Types].xml': '<Types/>', 'word/document.xml': '<w:document/>' });
  const xlsx = await peopleWorkbook([['Nguyễn Văn An', '0912 000 001', '', '10507', 'Người dân', 1980]]);
  const res = await postMultipart(c.td, '/quan-tri/sang-kien/moi', FIELDS, [
    { name: 'bao-cao.pdf', data: PDF },
    { name: 'quy-trinh.docx', data: docx },
    { name: 'so-lieu.xlsx', data: xlsx },
    { name: 'anh-hoat-dong.JPG', data: JPEG },
    { name: 'so-do.png', data: PNG },
  ]);
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  initiativeId = Number(/sang-kien\/(\d+)/.exec(res.headers.location as string)![1]);
  const row = await db().selectFrom('initiatives').selectAll().where('id', '=', initiativeId).executeTakeFirstOrThrow();
  assert.equal(row.status, 'submitted');
  assert.equal(row.title, FIELDS.title);
  const files = await db().selectFrom('initiative_files').select(['id', 'file_name', 'kind', 'size']).where('initiative_id', '=', initiativeId).orderBy('id').execute();
  assert.deepEqual(
    files.map((f) => [f.file_name, f.kind]),
    [
      ['bao-cao.pdf', 'pdf'],
      ['quy-trinh.docx', 'docx'],
      ['so-lieu.xlsx', 'xlsx'],
      ['anh-hoat-dong.JPG', 'jpeg'],
      ['so-do.png', 'png'],
    ],
  );
  assert.equal(storedFiles(), 5);
  const pdf = await c.td.get(`/quan-tri/sang-kien/${initiativeId}/tep/${files[0].id}`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(pdf.headers['x-content-type-options'], 'nosniff');
  assert.match(pdf.headers['content-disposition'] as string, /^attachment/);
  assert.ok(pdf.rawPayload.equals(PDF));
  assert.deepEqual(await history(initiativeId), [['submitted', null]]);
  const page = await c.td.get(`/quan-tri/sang-kien/${initiativeId}?xong=gui`);
  assert.match(page.body, /Đã gửi đề xuất/);
  assert.match(page.body, /Chờ xét duyệt/);
});

test('files that are not what they claim, too large files, missing fields or a missing CSRF token are refused and nothing is stored', async () => {
  const before = await counts();
  const notWord = await zip({ 'readme.txt': 'không phải Word' });
  for (const [file, message] of [
    [{ name: 'bao-cao.pdf', data: PNG }, /không đúng định dạng/],
    [{ name: 'anh.png', data: JPEG }, /không đúng định dạng/],
    [{ name: 'quy-trinh.docx', data: notWord }, /không đúng định dạng/],
    [{ name: 'so-lieu.xlsx', data: await zip({ 'word/document.xml': '<w:document/>' }) }, /không đúng định dạng/],
    [{ name: 'chay-thu.exe', data: Buffer.from('MZ\x90\x00') }, /không đúng định dạng/],
    [{ name: 'bao-cao', data: PDF }, /không đúng định dạng/],
  ] as const) {
    const res = await postMultipart(c.td, '/quan-tri/sang-kien/moi', FIELDS, [{ name: 'so-do.png', data: PNG }, file]);
    assert.equal(res.statusCode, 400, file.name);
    assert.match(res.body, message, file.name);
  }
  const big = await postMultipart(c.td, '/quan-tri/sang-kien/moi', FIELDS, [{ name: 'lon.pdf', data: Buffer.concat([PDF, Buffer.alloc(MAX_FILE_BYTES)]) }]);
  assert.equal(big.statusCode, 413);
  assert.match(big.body, /quá lớn/);
  const empty = await postMultipart(c.td, '/quan-tri/sang-kien/moi', { ...FIELDS, title: '', results: '' }, []);
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Vui lòng nhập tên sáng kiến/);
  const otherUnit = await postMultipart(c.td, '/quan-tri/sang-kien/moi', { ...FIELDS, unit: '10525' }, []);
  assert.equal(otherUnit.statusCode, 400);
  assert.match(otherUnit.body, /trong phạm vi bạn quản lý/);
  const noCsrf = await postMultipart(c.td, '/quan-tri/sang-kien/moi', FIELDS, [{ name: 'bao-cao.pdf', data: PDF }], { csrf: false });
  assert.equal(noCsrf.statusCode, 403);
  assert.deepEqual(await counts(), before);
});

test('scope: another commune, a learner and a unit administrator reviewing all get 404; the proposal is not public yet', async () => {
  const file = await db().selectFrom('initiative_files').select('id').where('initiative_id', '=', initiativeId).executeTakeFirstOrThrow();
  for (const url of [`/quan-tri/sang-kien/${initiativeId}`, `/quan-tri/sang-kien/${initiativeId}/sua`, `/quan-tri/sang-kien/${initiativeId}/tep/${file.id}`]) {
    assert.equal((await c.hd.get(url)).statusCode, 404, url);
    assert.equal((await c.learner.get(url)).statusCode, 404, url);
  }
  assert.doesNotMatch((await c.hd.get('/quan-tri/sang-kien')).body, /đi từng ngõ/);
  assert.match((await c.td.get('/quan-tri/sang-kien')).body, /đi từng ngõ/);
  const edit = await postMultipart(c.hd, `/quan-tri/sang-kien/${initiativeId}/sua`, { title: 'Chiếm quyền', description: 'x', results: 'y' }, []);
  assert.equal(edit.statusCode, 404);
  // Only the city reviews: a unit administrator cannot accept their own proposal.
  assert.equal((await c.td.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { decision: 'accept' })).statusCode, 404);
  assert.equal((await c.anon.get(`/sang-kien/${initiativeId}`)).statusCode, 404);
  assert.doesNotMatch((await c.anon.get('/sang-kien')).body, /đi từng ngõ/);
  assert.equal((await db().selectFrom('initiatives').select('status').where('id', '=', initiativeId).executeTakeFirstOrThrow()).status, 'submitted');
});

test('the city returns it with a comment (required), the unit edits and resubmits (a file removed), the city accepts; history kept', async () => {
  const noComment = await c.city.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { decision: 'return', comment: '  ' });
  assert.equal(noComment.statusCode, 400);
  assert.match(noComment.body, /Vui lòng ghi nhận xét/);
  const noDecision = await c.city.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { comment: 'ok' });
  assert.equal(noDecision.statusCode, 400);
  const comment = 'Đề nghị bổ sung số liệu người cao tuổi được hỗ trợ.';
  const ret = await c.city.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { decision: 'return', comment });
  assert.equal(ret.statusCode, 303);
  assert.equal((await db().selectFrom('initiatives').select('status').where('id', '=', initiativeId).executeTakeFirstOrThrow()).status, 'returned');
  // Returned: no second decision until it is resubmitted.
  const again = await c.city.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { decision: 'accept' });
  assert.equal(again.statusCode, 409);
  const unitView = await c.td.get(`/quan-tri/sang-kien/${initiativeId}`);
  assert.match(unitView.body, /Trả lại để bổ sung/);
  assert.match(unitView.body, /bổ sung số liệu người cao tuổi/);

  const files = await db().selectFrom('initiative_files').select(['id', 'storage_key']).where('initiative_id', '=', initiativeId).orderBy('id').execute();
  const storedBefore = storedFiles();
  const resubmit = await postMultipart(
    c.td,
    `/quan-tri/sang-kien/${initiativeId}/sua`,
    { title: FIELDS.title, description: FIELDS.description, results: '3.200 lượt người dân được hỗ trợ, trong đó 410 người cao tuổi.', removeFile: [String(files[4].id), String(files[3].id)] },
    [{ name: 'bo-sung.pdf', data: PDF }],
  );
  assert.equal(resubmit.statusCode, 303, resubmit.body.slice(0, 400));
  const row = await db().selectFrom('initiatives').selectAll().where('id', '=', initiativeId).executeTakeFirstOrThrow();
  assert.equal(row.status, 'submitted');
  assert.match(row.results, /410 người cao tuổi/);
  const names = (await db().selectFrom('initiative_files').select('file_name').where('initiative_id', '=', initiativeId).orderBy('id').execute()).map((f) => f.file_name);
  assert.deepEqual(names, ['bao-cao.pdf', 'quy-trinh.docx', 'so-lieu.xlsx', 'bo-sung.pdf']);
  assert.equal(storedFiles(), storedBefore - 1);

  const accept = await c.city.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { decision: 'accept', comment: '' });
  assert.equal(accept.statusCode, 303);
  assert.deepEqual(await history(initiativeId), [
    ['submitted', null],
    ['returned', comment],
    ['resubmitted', null],
    ['accepted', null],
  ]);
  // Accepted: no more edits, no second decision.
  assert.equal((await c.td.get(`/quan-tri/sang-kien/${initiativeId}/sua`)).statusCode, 409);
  const lateEdit = await postMultipart(c.td, `/quan-tri/sang-kien/${initiativeId}/sua`, { title: 'Đổi tên', description: 'x', results: 'y' }, []);
  assert.equal(lateEdit.statusCode, 409);
  assert.equal((await c.city.postForm(`/quan-tri/sang-kien/${initiativeId}/xet-duyet`, { decision: 'return', comment: 'x' })).statusCode, 409);
});

test('the public page shows an accepted initiative without personal data', async () => {
  const list = await c.anon.get('/sang-kien');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /đi từng ngõ/);
  const page = await c.anon.get(`/sang-kien/${initiativeId}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Phường Thành Đông/);
  assert.match(page.body, /410 người cao tuổi/);
  for (const body of [list.body, page.body]) {
    for (const secret of ['Trần Thị Quản Trị', 'Quản trị thành phố', '0912 800 001', '912800001', 'quantri.thanhdong', 'bổ sung số liệu', 'bao-cao.pdf', '/tep/']) {
      assert.ok(!body.includes(secret), `public page shows ${secret}`);
    }
  }
  assert.doesNotMatch(page.body, /Ghi nhận đơn vị tôi đã nhân rộng/, 'no replication form for the public');
});

test('replication: once per unit, only for units in scope, not the proposing unit, not in the future', async () => {
  const today = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
  const form = await c.hd.get(`/sang-kien/${initiativeId}`);
  assert.match(form.body, /Ghi nhận đơn vị tôi đã nhân rộng/);
  const ok = await c.hd.postForm(`/sang-kien/${initiativeId}/nhan-rong`, { repUnit: '10525', repDate: today, repNote: 'Triển khai tại 5 tổ dân phố' });
  assert.equal(ok.statusCode, 303);
  const twice = await c.hd.postForm(`/sang-kien/${initiativeId}/nhan-rong`, { repUnit: '10525', repDate: today, repNote: 'Lần nữa' });
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /đã ghi nhận nhân rộng/);
  const outOfScope = await c.hd.postForm(`/sang-kien/${initiativeId}/nhan-rong`, { repUnit: '10532', repDate: today });
  assert.equal(outOfScope.statusCode, 400);
  const own = await c.td.postForm(`/sang-kien/${initiativeId}/nhan-rong`, { repUnit: '10507', repDate: today });
  assert.equal(own.statusCode, 400);
  assert.match(own.body, /chính mình/);
  const future = await c.city.postForm(`/sang-kien/${initiativeId}/nhan-rong`, { repUnit: '10532', repDate: '2999-01-01' });
  assert.equal(future.statusCode, 400);
  assert.equal((await c.learner.postForm(`/sang-kien/${initiativeId}/nhan-rong`, { repUnit: '10507', repDate: today })).statusCode, 404);
  const rows = await db().selectFrom('initiative_replications').innerJoin('units', 'units.id', 'initiative_replications.unit_id').select(['units.code', 'replicated_on']).execute();
  assert.deepEqual(rows, [{ code: '10525', replicated_on: today }]);
  const pub = await c.anon.get(`/sang-kien/${initiativeId}`);
  assert.match(pub.body, /Phường Hải Dương/);
  assert.doesNotMatch(pub.body, /Triển khai tại 5 tổ dân phố/, 'notes stay in the administration');
  // Accepted: other units' administrators may now read its files, to replicate it.
  const file = await db().selectFrom('initiative_files').select('id').where('initiative_id', '=', initiativeId).executeTakeFirstOrThrow();
  assert.equal((await c.hd.get(`/quan-tri/sang-kien/${initiativeId}/tep/${file.id}`)).statusCode, 200);
  assert.equal((await c.learner.get(`/quan-tri/sang-kien/${initiativeId}/tep/${file.id}`)).statusCode, 404);
});

test('dashboard and figures count proposals, acceptances and replications per unit', async () => {
  const path = async (code: string) => (await db().selectFrom('units').select('path').where('code', '=', code).executeTakeFirstOrThrow()).path;
  const f = async (code: string) => Object.fromEntries((await communityFigures(db(), await path(code))).map((x) => [x.key, x.value]));
  assert.deepEqual(await f('10507'), { 'initiatives.proposed': 1, 'initiatives.accepted': 1, 'initiatives.replicated': 0 });
  assert.deepEqual(await f('10525'), { 'initiatives.proposed': 0, 'initiatives.accepted': 0, 'initiatives.replicated': 1 });
  assert.deepEqual(await f('31'), { 'initiatives.proposed': 1, 'initiatives.accepted': 1, 'initiatives.replicated': 1 });
  const dash = await c.hd.get('/quan-tri/sang-kien/bao-cao');
  assert.equal(dash.statusCode, 200);
  assert.match(dash.body, /Phường Hải Dương<\/th><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
  assert.doesNotMatch(dash.body, /Phường Thành Đông/);
  const city = await c.city.get('/quan-tri/sang-kien/bao-cao');
  assert.match(city.body, /Phường Thành Đông<\/th><td>1<\/td><td>1<\/td><td>0<\/td><td>0<\/td>/);
});
