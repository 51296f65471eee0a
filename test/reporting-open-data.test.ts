/**
 * Open data: public aggregates per unit and period as CSV and JSON — no personal data, counts from 1 to 4 shown as
 * "<5" (0 stays 0, by decision: see open-data.ts), only ended months, cache headers, UTF-8 CSV with a BOM.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson } from './helpers/factories.js';
import { makeCourse } from './helpers/learning.js';
import { OPEN_COLUMNS, parseOpenPeriod, suppress } from '../src/modules/reporting/open-data.js';

let t: TestApp;
/** People whose details must never appear in open data. */
const PEOPLE = [
  { fullName: 'Zyxwar Quệch Độc Nhất', phone: '+84987650001', email: 'zyxwar.doc.nhat@example.test', unitCode: '10507' },
  { fullName: 'Qwolt Nghiêm Hiếm Có', phone: '+84987650002', email: 'qwolt.hiem@example.test', unitCode: '10507' },
  { fullName: 'Vexmor Lạ Lùng', phone: '+84987650003', email: 'vexmor.la@example.test', unitCode: '10525' },
];
const ids: number[] = [];

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  const course = await makeCourse(db, { title: 'Kỹ năng số cơ bản' });
  const enrol = (userId: number, at: string) =>
    db
      .insertInto('enrolments')
      .values({ course_id: course.courseId, user_id: userId, source: 'self', enrolled_by: null, status: 'active', enrolled_at: at, started_at: null, completed_at: null, left_at: null })
      .execute();
  for (const p of PEOPLE) {
    const id = await makePerson(db, { ...p, targetGroup: 'citizen', birthYear: 1961 });
    ids.push(id);
    await enrol(id, '2025-10-15T03:00:00.000Z');
  }
  // Phường Hải Dương (10525) gets 6 learners in October 2025 in all: above the threshold.
  for (let i = 0; i < 5; i++) await enrol(await makePerson(db, { fullName: `Người học ${i}`, unitCode: '10525' }), '2025-10-20T03:00:00.000Z');
  await db.updateTable('units').set({ population: 12345 }).where('code', '=', '10507').execute();
});
after(() => t.close());

const anonymous = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

const parseCsv = (text: string): string[][] => parse(text, { relax_column_count: true });

test('suppression rule and periods: 1–4 become "<5", 0 stays 0; only whole months that have ended', () => {
  assert.deepEqual([0, 1, 4, 5, 120].map(suppress), [0, '<5', '<5', 5, 120]);
  const now = new Date('2026-11-25T03:00:00Z');
  assert.deepEqual(parseOpenPeriod({ ky: '2025-10' }, now)?.period, { from: '2025-10-01', to: '2025-11-01' });
  assert.deepEqual(parseOpenPeriod({ ky: '2025-Q4' }, now)?.period, { from: '2025-10-01', to: '2026-01-01' });
  assert.deepEqual(parseOpenPeriod({ ky: '2025' }, now)?.period, { from: '2025-01-01', to: '2026-01-01' });
  assert.deepEqual(parseOpenPeriod({ tu: '2025-09', den: '2025-11' }, now)?.period, { from: '2025-09-01', to: '2025-12-01' });
  assert.deepEqual(parseOpenPeriod({ from: '2025-09', to: '2025-09' }, now)?.period, { from: '2025-09-01', to: '2025-10-01' });
  assert.deepEqual(parseOpenPeriod({}, now)?.period, { from: '2026-10-01', to: '2026-11-01' }, 'default: the last ended month');
  for (const bad of [{ ky: '2026-11' }, { ky: '2026' }, { ky: '2025-13' }, { ky: '2025-10-05' }, { tu: '2025-10-01', den: '2025-10-15' }, { tu: '2025-11', den: '2025-09' }, { tu: '2025-09' }, { ky: '2025-10', tu: '2025-09' }]) {
    assert.equal(parseOpenPeriod(bad, now), undefined, JSON.stringify(bad));
  }
});

test('the open-data page and the files are public: no sign-in needed', async () => {
  const page = await anonymous('/du-lieu-mo');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1>Dữ liệu mở/);
  assert.ok(page.body.includes('href="/du-lieu-mo/chi-so.csv?ky='));
  for (const k of OPEN_COLUMNS) assert.ok(page.body.includes(`<code>${k}</code>`), `column ${k} documented`);
  assert.equal((await anonymous('/du-lieu-mo/chi-so.csv?ky=2025-10')).statusCode, 200);
  assert.equal((await anonymous('/du-lieu-mo/chi-so.json?ky=2025-10')).statusCode, 200);
});

test('CSV: UTF-8 with a BOM, a header row of the documented columns, one row per commune-level unit and department, small counts "<5"', async () => {
  const res = await anonymous('/du-lieu-mo/chi-so.csv?ky=2025-10');
  assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.match(String(res.headers['content-disposition']), /chi-so-2025-10\.csv/);
  const raw = res.rawPayload;
  assert.deepEqual([...raw.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'byte-order mark');
  const rows = parseCsv(raw.subarray(3).toString('utf8'));
  assert.deepEqual(rows[0], OPEN_COLUMNS);
  const col = (name: string) => OPEN_COLUMNS.indexOf(name);
  const td = rows.find((r) => r[col('ma_don_vi')] === '10507')!;
  assert.equal(td[col('ten_don_vi')], 'Phường Thành Đông', 'Vietnamese text intact');
  assert.equal(td[col('tu_ngay')], '2025-10-01');
  assert.equal(td[col('den_ngay')], '2025-10-31');
  assert.equal(td[col('dan_so')], '12345', 'population is a figure of the unit, not suppressed');
  assert.equal(td[col('hoc_vien')], '<5', '2 learners');
  assert.equal(td[col('luot_ghi_danh')], '<5');
  assert.equal(td[col('luot_hoan_thanh')], '0', 'zero is shown as 0');
  assert.equal(td[col('ty_le_dat_pho_cap')], '', 'no share from a suppressed count');
  const hd = rows.find((r) => r[col('ma_don_vi')] === '10525')!;
  assert.equal(hd[col('hoc_vien')], '6');
  assert.equal(hd[col('luot_ghi_danh')], '6');
  assert.equal(rows.filter((r) => r[col('ma_don_vi')] === '31').length, 0, 'no city total row (it would give the small counts back)');
  assert.ok(rows.length > 100, `every commune-level unit and department: ${rows.length - 1} rows`);
  assert.ok(rows.every((r) => r.length === OPEN_COLUMNS.length), 'rectangular');
  assert.ok(raw.subarray(3).toString('utf8').split('\r\n').length === rows.length + 1, 'CRLF line ends, one line per row');
});

test('JSON: the same figures, "<5" as a string, columns documented, suppression stated', async () => {
  const res = await anonymous('/du-lieu-mo/chi-so.json?ky=2025-10');
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json();
  assert.deepEqual(body.period, { from: '2025-10-01', to: '2025-10-31', label: '2025-10' });
  assert.deepEqual(body.columns.map((c: { key: string }) => c.key), OPEN_COLUMNS);
  assert.ok(body.columns.every((c: { description: string }) => c.description.length > 5));
  assert.equal(body.suppression.marker, '<5');
  const td = body.rows.find((r: Record<string, unknown>) => r.ma_don_vi === '10507');
  assert.equal(td.hoc_vien, '<5');
  assert.equal(td.luot_hoan_thanh, 0);
  assert.equal(td.ty_le_dat_pho_cap, null);
  assert.equal(body.rows.find((r: Record<string, unknown>) => r.ma_don_vi === '10525').hoc_vien, 6);
  for (const row of body.rows) assert.deepEqual(Object.keys(row), OPEN_COLUMNS, 'no other field');
  const sept = (await anonymous('/du-lieu-mo/chi-so.json?ky=2025-09')).json();
  assert.equal(sept.rows.find((r: Record<string, unknown>) => r.ma_don_vi === '10525').hoc_vien, 0, 'nothing in September');
  const range = (await anonymous('/du-lieu-mo/chi-so.json?tu=2025-09&den=2025-10')).json();
  assert.equal(range.rows.find((r: Record<string, unknown>) => r.ma_don_vi === '10525').hoc_vien, 6);
});

test('no personal data: none of the people’s names, phones or e-mails appear in the CSV, the JSON or the page', async () => {
  const bodies = [
    (await anonymous('/du-lieu-mo/chi-so.csv?ky=2025-10')).body,
    (await anonymous('/du-lieu-mo/chi-so.json?ky=2025-10')).body,
    (await anonymous('/du-lieu-mo/chi-so.json?ky=2025')).body,
    (await anonymous('/du-lieu-mo/chi-so.csv?ky=2025-q4&lang=en')).body,
    (await anonymous('/du-lieu-mo')).body,
  ];
  const needles = PEOPLE.flatMap((p) => [
    p.fullName,
    p.fullName.split(' ')[0], // the distinctive given name alone
    p.email,
    p.email.split('@')[0],
    p.phone,
    '0' + p.phone.slice(3), // 0987650001
    p.phone.slice(3), // 987650001
  ]);
  for (const body of bodies) {
    for (const n of needles) assert.ok(!body.toLowerCase().includes(n.toLowerCase()), `"${n}" leaked`);
    assert.ok(!/user_?id|full_?name|phone|email|birth/i.test(body), 'no person-level field names');
  }
  // The people are counted (so the test would see them if they leaked): 2 at Thành Đông, 1 + 5 at Hải Dương.
  const json = JSON.parse(bodies[1]);
  assert.equal(json.rows.find((r: Record<string, unknown>) => r.ma_don_vi === '10525').hoc_vien, 6);
  assert.equal(ids.length, 3);
});

test('cache headers: public, an ETag, 304 when unchanged; a month not ended or a malformed period is refused', async () => {
  const first = await anonymous('/du-lieu-mo/chi-so.json?ky=2025-10');
  assert.match(String(first.headers['cache-control']), /^public, max-age=\d+/);
  const etag = String(first.headers.etag);
  assert.match(etag, /^"[\w-]+"$/);
  const again = await anonymous('/du-lieu-mo/chi-so.json?ky=2025-10', { 'if-none-match': etag });
  assert.equal(again.statusCode, 304);
  assert.equal(again.body, '');
  const csv = await anonymous('/du-lieu-mo/chi-so.csv?ky=2025-10');
  assert.notEqual(csv.headers.etag, etag);
  assert.match(String(csv.headers['cache-control']), /^public/);

  const current = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);
  for (const q of [`ky=${current}`, 'ky=2999', 'ky=abc', 'tu=2025-10-01&den=2025-10-02']) {
    const res = await anonymous(`/du-lieu-mo/chi-so.json?${q}`);
    assert.equal(res.statusCode, 400, q);
    assert.equal(res.json().error.code, 'OPEN_DATA_PERIOD');
    assert.equal((await anonymous(`/du-lieu-mo/chi-so.csv?${q}`)).statusCode, 400, q);
  }
});
