/**
 * Unit filings: the city defines periods (the default form holds the seed's figures); a unit saves a draft,
 * submits; the city returns it (comment required), the unit resubmits, the city accepts — history kept with the
 * values as submitted. Invalid values are refused field by field with nothing changed; replays are harmless;
 * the list of units that have not filed is exact and marks overdue after the deadline (and exports .xlsx);
 * a unit administrator sees only their unit (404 elsewhere); filedFigures sums accepted filings only.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { firstSheet } from './helpers/xlsx.js';
import { filedFigures, periodOverview } from '../src/modules/reporting/filings-service.js';
import { isOverdue, parseCount } from '../src/modules/reporting/filings-model.js';
import { periodById } from '../src/modules/reporting/filings-repository.js';

let t: TestApp;
const c: Record<string, TestClient> = {};
const db = () => t.database.db;
const BASE = '/quan-tri/bao-cao-don-vi';
let quarter = 0;

const FULL = { v_articles: '12', v_banners: '4', v_broadcasts: '30', v_training_sessions: '2', v_training_attendees: '85', v_notes: 'Tuyên truyền trên loa mỗi sáng thứ Hai.' };

before(async () => {
  t = await makeTestApp();
  await makeVillage(db(), '10507', '10507-T1', 'Tổ dân phố số 1');
  const ids = {
    td: await makeUnitAdmin(db(), '10507', { fullName: 'Trần Thị Quản Trị' }),
    hd: await makeUnitAdmin(db(), '10525', { fullName: 'Phạm Văn Hải' }),
    city: await makeCityAdmin(db()),
    learner: await makePerson(db(), { fullName: 'Nguyễn Văn An', unitCode: '10507' }),
  };
  for (const [k, v] of Object.entries(ids)) c[k] = new TestClient(t.app, await sessionCookie(db(), v));
});
after(() => t.close());

async function createPeriod(fields: Record<string, string>): Promise<number> {
  const res = await c.city.postForm(`${BASE}/ky-moi`, { form: '1', ...fields });
  assert.equal(res.statusCode, 303, res.body.slice(0, 2000));
  return Number(/\/ky\/(\d+)$/.exec(res.headers.location as string)![1]);
}

const revisionOn = (body: string) => /name="revision" value="(\d+)"/.exec(body)?.[1];
async function openForm(client: TestClient, periodId: number, unit: string) {
  const page = await client.get(`${BASE}/ky/${periodId}/don-vi/${unit}`);
  assert.equal(page.statusCode, 200, page.body.slice(0, 500));
  return { page, revision: revisionOn(page.body) };
}
async function file(client: TestClient, periodId: number, unit: string, action: 'save' | 'submit', values: Record<string, string>, revision?: string) {
  const rev = revision ?? (await openForm(client, periodId, unit)).revision!;
  return client.postForm(`${BASE}/ky/${periodId}/don-vi/${unit}`, { ...values, revision: rev, action });
}
async function review(periodId: number, unit: string, decision: string, comment = '', revision?: string) {
  let rev = revision;
  if (rev === undefined) {
    const page = await c.city.get(`${BASE}/ky/${periodId}/don-vi/${unit}/xet-duyet`);
    rev = revisionOn(page.body) ?? '0';
  }
  return c.city.postForm(`${BASE}/ky/${periodId}/don-vi/${unit}/xet-duyet`, { decision, comment, revision: rev });
}

async function state(periodId: number, unit: string) {
  const row = await db()
    .selectFrom('filings')
    .innerJoin('units', 'units.id', 'filings.unit_id')
    .select(['filings.id', 'filings.status', 'filings.revision'])
    .where('filings.period_id', '=', periodId)
    .where('units.code', '=', unit)
    .executeTakeFirst();
  if (!row) return undefined;
  const values = await db().selectFrom('filing_values').selectAll().where('filing_id', '=', row.id).orderBy('code').execute();
  const history = await db().selectFrom('filing_history').selectAll().where('filing_id', '=', row.id).orderBy('id').execute();
  return {
    status: row.status,
    revision: row.revision,
    values: Object.fromEntries(values.map((v) => [v.code, v.number_value ?? v.text_value])),
    history: history.map((h) => [h.action, h.comment, h.values_json ? JSON.parse(h.values_json) : null, h.actor_id]),
  };
}

test('the default form holds the seed’s figures; the city creates a quarter, refuses a duplicate and invalid periods field by field', async () => {
  const form = await c.city.get(`${BASE}/mau-bieu/1`);
  assert.equal(form.statusCode, 200);
  for (const label of ['Tin bài đã đăng', 'Pano, băng rôn', 'Lượt phát thanh trên loa', 'Lớp tập huấn trực tiếp', 'Người tham dự tập huấn', 'Ghi chú']) assert.ok(form.body.includes(label), label);

  quarter = await createPeriod({ kind: 'quarter', year: '2025', quarter: '4', deadline: '2099-01-10' });
  const p = await periodById(db(), quarter);
  assert.deepEqual([p!.kind, p!.starts_on, p!.ends_on, p!.deadline], ['quarter', '2025-10-01', '2025-12-31', '2099-01-10']);
  const overview = await c.city.get(`${BASE}/ky/${quarter}`);
  assert.match(overview.body, /Quý IV\/2025/);

  const again = await c.city.postForm(`${BASE}/ky-moi`, { form: '1', kind: 'quarter', year: '2025', quarter: '4', deadline: '2099-01-10' });
  assert.equal(again.statusCode, 400);
  assert.match(again.body, /Kỳ báo cáo này đã có/);
  const bad = await c.city.postForm(`${BASE}/ky-moi`, { form: '1', kind: 'campaign', name: 'Đ', startsOn: '2025-10-31', endsOn: '2025-10-01', deadline: '2025-02-30' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Vui lòng nhập tên đợt/);
  assert.match(bad.body, /Ngày kết thúc phải sau hoặc trùng ngày bắt đầu/);
  assert.match(bad.body, /Vui lòng nhập ngày hợp lệ/);
  const month = await c.city.postForm(`${BASE}/ky-moi`, { form: '1', kind: 'month', year: '2025', month: '13', deadline: '2025-12-05' });
  assert.equal(month.statusCode, 400);
  assert.match(month.body, /Vui lòng nhập tháng từ 1 đến 12/);
  assert.equal((await db().selectFrom('filing_periods').select('id').execute()).length, 1);
});

test('draft → submit → return (comment required) → resubmit → accept, with every transition kept and replays harmless', async () => {
  // Draft: partial values are fine.
  const first = await openForm(c.td, quarter, '10507');
  assert.match(first.page.body, /Chưa nhập/);
  assert.equal(first.revision, '0');
  const saved = await file(c.td, quarter, '10507', 'save', { v_articles: '12', v_notes: '' }, first.revision);
  assert.equal(saved.statusCode, 303);
  assert.match(saved.headers.location as string, /xong=luu$/);
  let s = await state(quarter, '10507');
  assert.equal(s!.status, 'draft');
  assert.deepEqual(s!.values, { articles: 12 });

  // Submitting with required figures missing: per-field errors, nothing changed.
  const incomplete = await file(c.td, quarter, '10507', 'submit', { v_articles: '12' });
  assert.equal(incomplete.statusCode, 400);
  assert.equal((incomplete.body.match(/Vui lòng nhập giá trị trước khi gửi/g) ?? []).length, 4 * 2, 'summary + field, four required figures');
  assert.deepEqual(await state(quarter, '10507'), s);

  // Submit.
  const { revision } = await openForm(c.td, quarter, '10507');
  const submitted = await file(c.td, quarter, '10507', 'submit', FULL, revision);
  assert.equal(submitted.statusCode, 303);
  assert.match(submitted.headers.location as string, /xong=nop$/);
  s = await state(quarter, '10507');
  assert.equal(s!.status, 'submitted');
  assert.deepEqual(s!.values, { articles: 12, banners: 4, broadcasts: 30, notes: FULL.v_notes, training_attendees: 85, training_sessions: 2 });
  assert.deepEqual(s!.history.map((h) => h[0]), ['drafted', 'submitted']);
  assert.deepEqual(s!.history[1][2], { articles: 12, banners: 4, broadcasts: 30, training_sessions: 2, training_attendees: 85, notes: FULL.v_notes });

  // The same submission again (double click, replayed form): harmless.
  const twice = await file(c.td, quarter, '10507', 'submit', FULL, revision);
  assert.equal(twice.statusCode, 303);
  assert.match(twice.headers.location as string, /xong=da-nop$/);
  assert.deepEqual(await state(quarter, '10507'), s);
  // A draft save of a submitted filing is refused.
  const late = await file(c.td, quarter, '10507', 'save', { ...FULL, v_articles: '999' }, revision);
  assert.equal(late.statusCode, 409);
  assert.deepEqual(await state(quarter, '10507'), s);

  // Return: a comment is required.
  const noComment = await review(quarter, '10507', 'return', '  ');
  assert.equal(noComment.statusCode, 400);
  assert.match(noComment.body, /Vui lòng nêu ý kiến khi trả lại số liệu/);
  assert.deepEqual(await state(quarter, '10507'), s);
  const reviewPage = await c.city.get(`${BASE}/ky/${quarter}/don-vi/10507/xet-duyet`);
  const staleReview = revisionOn(reviewPage.body)!;
  const returned = await review(quarter, '10507', 'return', 'Số người tham dự tập huấn chưa khớp với danh sách điểm danh.', staleReview);
  assert.equal(returned.statusCode, 303);
  s = await state(quarter, '10507');
  assert.equal(s!.status, 'returned');
  const unitView = await c.td.get(`${BASE}/ky/${quarter}/don-vi/10507`);
  assert.match(unitView.body, /Bị trả lại, cần sửa/);
  assert.match(unitView.body, /Số người tham dự tập huấn chưa khớp với danh sách điểm danh\./);

  // Resubmit with the corrected figure.
  const resubmitted = await file(c.td, quarter, '10507', 'submit', { ...FULL, v_training_attendees: '1.200' });
  assert.equal(resubmitted.statusCode, 303);
  s = await state(quarter, '10507');
  assert.equal(s!.status, 'submitted');
  assert.equal(s!.values.training_attendees, 1200);
  assert.deepEqual(s!.history.map((h) => h[0]), ['drafted', 'submitted', 'returned', 'resubmitted']);
  assert.equal(s!.history[2][1], 'Số người tham dự tập huấn chưa khớp với danh sách điểm danh.');
  assert.equal(s!.history[3][2].training_attendees, 1200);
  assert.equal(s!.history[1][2].training_attendees, 85, 'the first submission’s values are kept');

  // The old "return" form replayed after the resubmission does not return the new submission.
  const replayedReturn = await review(quarter, '10507', 'return', 'Số người tham dự tập huấn chưa khớp với danh sách điểm danh.', staleReview);
  assert.equal(replayedReturn.statusCode, 409);
  assert.deepEqual(await state(quarter, '10507'), s);

  // Accept; accepting again is harmless; the unit can no longer change it.
  const accepted = await review(quarter, '10507', 'accept');
  assert.equal(accepted.statusCode, 303);
  assert.match(accepted.headers.location as string, /xong=cong-nhan$/);
  s = await state(quarter, '10507');
  assert.equal(s!.status, 'accepted');
  assert.deepEqual(s!.history.map((h) => h[0]), ['drafted', 'submitted', 'returned', 'resubmitted', 'accepted']);
  const acceptTwice = await review(quarter, '10507', 'accept', '', String(s!.revision - 1));
  assert.equal(acceptTwice.statusCode, 303);
  assert.match(acceptTwice.headers.location as string, /xong=da-xu-ly$/);
  assert.equal((await file(c.td, quarter, '10507', 'save', FULL, String(s!.revision))).statusCode, 409);
  assert.deepEqual(await state(quarter, '10507'), s);
  const page = await c.td.get(`${BASE}/ky/${quarter}/don-vi/10507`);
  assert.match(page.body, /Đã duyệt/);
  assert.doesNotMatch(page.body, /name="revision"/, 'no form once accepted');
  assert.match(page.body, /Thành phố trả lại/);
  assert.match(page.body, /Trần Thị Quản Trị/);
});

test('invalid values are refused field by field and nothing is half-saved', async () => {
  const { revision } = await openForm(c.hd, quarter, '10525');
  assert.equal((await file(c.hd, quarter, '10525', 'save', { v_articles: '5', v_banners: '2' }, revision)).statusCode, 303);
  const before = await state(quarter, '10525');
  assert.deepEqual(before!.values, { articles: 5, banners: 2 });
  const res = await file(c.hd, quarter, '10525', 'save', {
    v_articles: '7',
    v_banners: '-3',
    v_broadcasts: '2,5',
    v_training_sessions: 'mười',
    v_training_attendees: '10000001',
    v_notes: 'x'.repeat(2001),
  });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Không được nhập số âm/);
  assert.equal((res.body.match(/Vui lòng nhập số nguyên không âm, ví dụ 1200 hoặc 1\.200/g) ?? []).length, 2 * 2);
  assert.match(res.body, /Số quá lớn \(tối đa 10\.000\.000\)/);
  assert.match(res.body, /Nội dung quá dài/);
  assert.match(res.body, /id="f-v_banners"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="f-v_banners"/);
  assert.match(res.body, /value="-3"/, 'what was typed is shown again');
  assert.deepEqual(await state(quarter, '10525'), before, 'the valid article count was not saved either');

  for (const [input, expected] of [
    ['1200', 1200],
    ['1.200', 1200],
    ['1 200 000', 1_200_000],
    ['0', 0],
    ['', null],
  ] as const) assert.deepEqual(parseCount(input), { value: expected }, input);
  for (const input of ['1.5', '12.00', '1,2', '-1', '1e3', '10000001', '0x10']) assert.ok('error' in parseCount(input), input);
});

test('the units that have not filed: exact on a known set, overdue after the deadline, exported as .xlsx', async () => {
  const month = await createPeriod({ kind: 'month', year: '2025', month: '10', deadline: '2025-11-10' });
  // Three communes file (one accepted, two awaiting review); one has a draft, one was returned: both still count as not filed.
  for (const code of ['10507', '10525', '10532']) assert.equal((await file(c.city, month, code, 'submit', FULL)).statusCode, 303);
  assert.equal((await review(month, '10507', 'accept')).statusCode, 303);
  assert.equal((await file(c.city, month, '10537', 'save', { v_articles: '3' })).statusCode, 303);
  assert.equal((await file(c.city, month, 'SKHCN', 'submit', FULL)).statusCode, 303);
  assert.equal((await review(month, 'SKHCN', 'return', 'Thiếu số liệu tập huấn.')).statusCode, 303);

  const units = await db().selectFrom('units').select(['code', 'name', 'type']).where('depth', '=', 1).where('retired_at', 'is', null).execute();
  assert.equal(units.length, 128);
  const expected = units.filter((u) => !['10507', '10525', '10532'].includes(u.code));
  assert.equal(expected.filter((u) => u.type !== 'so_nganh').length, 111);
  assert.equal(expected.filter((u) => u.type === 'so_nganh').length, 14);

  const page = await c.city.get(`${BASE}/ky/${month}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Đơn vị chưa gửi số liệu \(125\)/);
  assert.match(page.body, /Đã gửi: 3\/128 đơn vị\./);
  assert.match(page.body, /Đã hết hạn/);

  const xlsx = await c.city.get(`${BASE}/ky/${month}/chua-nop.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  assert.match(xlsx.headers['content-type'] as string, /spreadsheetml/);
  const rows = (await firstSheet(xlsx.rawPayload)).slice(3);
  assert.equal(rows.length, 125);
  assert.deepEqual(rows.map((r) => String(r[1])).sort(), expected.map((u) => u.code).sort());
  assert.ok(rows.every((r) => r[5] === 'Có'), 'all overdue: the deadline has passed');
  const status = Object.fromEntries(rows.map((r) => [String(r[1]), r[4]]));
  assert.equal(status['10537'], 'Đang soạn (chưa gửi)');
  assert.equal(status.SKHCN, 'Bị trả lại, cần sửa');
  assert.ok(expected.filter((u) => !['10537', 'SKHCN'].includes(u.code)).every((u) => status[u.code] === 'Chưa nhập'));

  // The deadline is the whole day in Vietnam: not overdue at 23:59 (UTC+7), overdue a minute later.
  const p = (await periodById(db(), month))!;
  const city = { userId: 0, unitId: 1, unitPath: '/1/', fullName: '', grants: [{ role: 'city_admin' as const, unitId: 1, unitPath: (await db().selectFrom('units').select('path').where('depth', '=', 0).executeTakeFirstOrThrow()).path }] };
  assert.equal((await periodOverview(db(), city, p, new Date('2025-11-10T16:59:00Z'))).overdue, false);
  assert.equal((await periodOverview(db(), city, p, new Date('2025-11-10T17:00:00Z'))).overdue, true);
  assert.equal(isOverdue('2025-11-10', new Date('2025-11-10T16:59:59Z')), false);

  // A period whose deadline has not come: listed, not overdue.
  const future = await c.city.get(`${BASE}/ky/${quarter}`);
  assert.match(future.body, /Đơn vị chưa gửi số liệu \(127\)/);
  assert.doesNotMatch(future.body, /Quá hạn|Đã hết hạn/);
  const list = await c.city.get(BASE);
  assert.match(list.body, /Tháng 10\/2025/);
  assert.match(list.body, /3\/128/);
});

test('a unit administrator sees only their unit’s filings: every other one answers 404', async () => {
  const home = await c.td.get(BASE);
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Phường Thành Đông/);
  assert.doesNotMatch(home.body, /Phường Hải Dương/);
  assert.doesNotMatch(home.body, /Tạo kỳ báo cáo/);
  for (const url of [
    `${BASE}/ky/${quarter}/don-vi/10525`,
    `${BASE}/ky/${quarter}/don-vi/SKHCN`,
    `${BASE}/ky/${quarter}/don-vi/10507-T1`,
    `${BASE}/ky/${quarter}/don-vi/khong-co`,
    `${BASE}/ky/999/don-vi/10507`,
    `${BASE}/ky/${quarter}`,
    `${BASE}/ky/${quarter}/chua-nop.xlsx`,
    `${BASE}/ky/${quarter}/don-vi/10507/xet-duyet`,
    `${BASE}/ky-moi`,
    `${BASE}/mau-bieu`,
  ]) assert.equal((await c.td.get(url)).statusCode, 404, url);
  const before = await state(quarter, '10525');
  assert.equal((await c.td.postForm(`${BASE}/ky/${quarter}/don-vi/10525`, { ...FULL, revision: String(before!.revision), action: 'submit' })).statusCode, 404);
  assert.equal((await c.hd.postForm(`${BASE}/ky/${quarter}/don-vi/10525/xet-duyet`, { decision: 'accept', revision: String(before!.revision) })).statusCode, 404);
  assert.deepEqual(await state(quarter, '10525'), before);
  assert.equal((await c.learner.get(BASE)).statusCode, 404);
  assert.equal((await c.learner.get(`${BASE}/ky/${quarter}/don-vi/10507`)).statusCode, 404);
  // The city sees all.
  assert.equal((await c.city.get(`${BASE}/ky/${quarter}/don-vi/10525`)).statusCode, 200);
  const admin = await c.td.get('/quan-tri');
  assert.match(admin.body, /href="\/quan-tri\/bao-cao-don-vi"/);
});

test('filedFigures sums only accepted filings of the units under a path, within the period, the outer of nested periods once', async () => {
  const city = (await db().selectFrom('units').select('path').where('depth', '=', 0).executeTakeFirstOrThrow()).path;
  const td = (await db().selectFrom('units').select('path').where('code', '=', '10507').executeTakeFirstOrThrow()).path;
  const year = { from: '2025-01-01', to: '2025-12-31' };
  // Accepted so far: 10507 in Q4 (articles 12, attendees 1200) and in October (FULL, inside Q4: not counted again).
  assert.deepEqual(await filedFigures(db(), city, year), { articles: 12, banners: 4, broadcasts: 30, training_sessions: 2, training_attendees: 1200 });
  // Accept 10525's October filing (articles 12, attendees 85); 10532 stays submitted, SKHCN returned.
  assert.equal((await review(Number((await db().selectFrom('filing_periods').select('id').where('kind', '=', 'month').executeTakeFirstOrThrow()).id), '10525', 'accept')).statusCode, 303);
  assert.deepEqual(await filedFigures(db(), city, year), { articles: 24, banners: 8, broadcasts: 60, training_sessions: 4, training_attendees: 1285 });
  assert.deepEqual(await filedFigures(db(), td, year), { articles: 12, banners: 4, broadcasts: 30, training_sessions: 2, training_attendees: 1200 });
  // October only: the quarter does not lie within it; 10507's and 10525's October filings do.
  assert.deepEqual(await filedFigures(db(), city, { from: '2025-10-01', to: '2025-10-31' }), { articles: 24, banners: 8, broadcasts: 60, training_sessions: 4, training_attendees: 170 });
  // Another year: nothing.
  assert.deepEqual(await filedFigures(db(), city, { from: '2024-01-01', to: '2024-12-31' }), {});
});

test('the city edits the form: new periods use the new figures, existing periods keep theirs', async () => {
  const page = await c.city.get(`${BASE}/mau-bieu/1`);
  const fields: Record<string, string> = { name: 'Số liệu phong trào “Bình dân học vụ số”' };
  const codes = ['articles', 'banners', 'broadcasts', 'training_sessions', 'training_attendees', 'notes'];
  codes.forEach((code, i) => {
    fields[`code_${i}`] = code;
    fields[`labelVi_${i}`] = new RegExp(`name="labelVi_${i}"[^>]*value="([^"]*)"`).exec(page.body)?.[1] ?? code;
    fields[`labelEn_${i}`] = '';
    fields[`kind_${i}`] = code === 'notes' ? 'text' : 'count';
    if (code !== 'notes') fields[`required_${i}`] = '1';
  });
  const dup = await c.city.postForm(`${BASE}/mau-bieu/1`, { ...fields, code_6: 'banners', labelVi_6: 'Trùng mã', kind_6: 'count' });
  assert.equal(dup.statusCode, 400);
  assert.match(dup.body, /Mã chỉ tiêu này đã dùng cho chỉ tiêu khác/);
  const ok = await c.city.postForm(`${BASE}/mau-bieu/1`, { ...fields, code_6: 'zalo_posts', labelVi_6: 'Bài đăng trên Zalo', kind_6: 'count', code_7: '', labelVi_7: '', kind_7: 'count' });
  assert.equal(ok.statusCode, 303);
  const next = await createPeriod({ kind: 'year', year: '2026', deadline: '2027-01-15' });
  assert.match((await c.td.get(`${BASE}/ky/${next}/don-vi/10507`)).body, /Bài đăng trên Zalo/);
  assert.doesNotMatch((await c.td.get(`${BASE}/ky/${quarter}/don-vi/10507`)).body, /Bài đăng trên Zalo/);
});

test('two submissions at once (a double click) submit once; a campaign period is named with its dates', async () => {
  const campaign = await createPeriod({ kind: 'campaign', name: 'Tháng cao điểm “Bình dân học vụ số”', startsOn: '2025-10-01', endsOn: '2025-10-31', deadline: '2025-11-05' });
  const outcomes = await Promise.all([file(c.td, campaign, '10507', 'submit', FULL, '0'), file(c.td, campaign, '10507', 'submit', FULL, '0')]);
  assert.deepEqual(outcomes.map((r) => r.statusCode), [303, 303]);
  assert.deepEqual(outcomes.map((r) => /xong=([\w-]+)/.exec(r.headers.location as string)![1]).sort(), ['da-nop', 'nop']);
  const s = await state(campaign, '10507');
  assert.equal(s!.status, 'submitted');
  assert.deepEqual(s!.history.map((h) => h[0]), ['drafted', 'submitted']);
  const list = await c.td.get(BASE);
  assert.match(list.body, /Tháng cao điểm “Bình dân học vụ số” \(01\/10\/2025 – 31\/10\/2025\)/);
});

test('figures of another form do not hide a unit’s filings in periods inside theirs; a figure nobody gave stays absent', async () => {
  const city = (await db().selectFrom('units').select('path').where('depth', '=', 0).executeTakeFirstOrThrow()).path;
  const year = { from: '2025-01-01', to: '2025-12-31' };
  const before = await filedFigures(db(), city, year);
  assert.ok((before.articles ?? 0) > 0, 'filings of the default form accepted earlier in this file');
  const created = await c.city.postForm(`${BASE}/mau-bieu`, { name: 'Hạ tầng viễn thông' });
  assert.equal(created.statusCode, 303);
  const formId = /\/mau-bieu\/(\d+)$/.exec(created.headers.location as string)![1];
  const saved = await c.city.postForm(`${BASE}/mau-bieu/${formId}`, {
    name: 'Hạ tầng viễn thông',
    code_0: 'bts_stations', labelVi_0: 'Số trạm BTS', labelEn_0: '', kind_0: 'count', required_0: '1',
    code_1: 'fiber_km', labelVi_1: 'Cáp quang (km)', labelEn_1: '', kind_1: 'count',
  });
  assert.equal(saved.statusCode, 303, saved.body.slice(0, 1000));
  // The whole year 2025 on the telecom form, filed by 10507, whose Q4 and October filings (default form) are accepted.
  const res = await c.city.postForm(`${BASE}/ky-moi`, { form: formId, kind: 'year', year: '2025', deadline: '2026-01-15' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 1000));
  const telecomYear = Number(/\/ky\/(\d+)$/.exec(res.headers.location as string)![1]);
  assert.equal((await file(c.td, telecomYear, '10507', 'submit', { v_bts_stations: '680', v_fiber_km: '' })).statusCode, 303);
  assert.equal((await review(telecomYear, '10507', 'accept')).statusCode, 303);
  const after = await filedFigures(db(), city, year);
  assert.deepEqual(after, { ...before, bts_stations: 680 });
  assert.equal('fiber_km' in after, false);
});
