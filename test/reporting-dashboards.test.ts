/**
 * Movement dashboards: charts drawn on the server as SVG (accessible, escaped), the dashboard's figures equal a
 * small known dataset (October 2025), a unit administrator sees only their unit (404 elsewhere), and the .xlsx
 * export holds the page's tables.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import ExcelJS from 'exceljs';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie, unitId } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { makeCourse } from './helpers/learning.js';
import { bytes, readWorkbook } from './helpers/xlsx.js';
import { barChartSvg, lineChartSvg, pieChartSvg } from '../src/modules/reporting/charts.js';
import { presetPeriod, resolvePeriod } from '../src/modules/reporting/dashboard-period.js';

let t: TestApp;
let city: TestClient;
let thanhDong: TestClient;
let learner: TestClient;
const OCT = 'ky=khac&tu=2025-10-01&den=2025-10-31';
const VILLAGE = 'Thôn <b>Mới</b> & "Đông"';

async function enrolAt(db: Kysely<DB>, courseId: number, userId: number, enrolledAt: string, completedAt?: string) {
  await db
    .insertInto('enrolments')
    .values({
      course_id: courseId,
      user_id: userId,
      source: 'self',
      enrolled_by: null,
      status: completedAt ? 'completed' : 'active',
      enrolled_at: enrolledAt,
      started_at: enrolledAt,
      completed_at: completedAt ?? null,
      left_at: null,
    })
    .execute();
}

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  await makeVillage(db, '10507', '10507-TM', VILLAGE);
  const a = await makeCourse(db, { title: 'Kỹ năng số cơ bản' });
  const b = await makeCourse(db, { title: 'An toàn thông tin', hostUnitCode: '10507' });
  // Phường Thành Đông (10507): two public servants and a student (in the village); Phường Hải Dương (10525): one citizen.
  const u1 = await makePerson(db, { unitCode: '10507', targetGroup: 'public_servant', birthYear: 1990 });
  const u2 = await makePerson(db, { unitCode: '10507', targetGroup: 'public_servant', birthYear: 1950 });
  const u3 = await makePerson(db, { unitCode: '10507-TM', targetGroup: 'student', birthYear: 2012 });
  const u4 = await makePerson(db, { unitCode: '10525', targetGroup: 'citizen', birthYear: 1980 });
  await enrolAt(db, a.courseId, u1, '2025-10-05T02:00:00.000Z', '2025-10-10T03:00:00.000Z');
  await enrolAt(db, a.courseId, u2, '2025-10-06T02:00:00.000Z');
  await enrolAt(db, b.courseId, u3, '2025-10-07T02:00:00.000Z', '2025-10-08T02:00:00.000Z');
  await enrolAt(db, b.courseId, u1, '2025-09-20T02:00:00.000Z'); // before the period
  await enrolAt(db, a.courseId, u4, '2025-10-12T02:00:00.000Z', '2025-10-20T02:00:00.000Z');
  await db.updateTable('units').set({ population: 1000 }).where('code', '=', '10507').execute();
  await db.updateTable('units').set({ population: 2000 }).where('code', '=', '10525').execute();
  const cityId = await makeCityAdmin(db);
  await db
    .insertInto('settings')
    .values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [a.courseId], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: cityId })
    .execute();
  city = new TestClient(t.app, await sessionCookie(db, cityId));
  thanhDong = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  learner = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { unitCode: '10507' })));
  assert.ok(await unitId(db, '10507-TM'));
});
after(() => t.close());

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The rows of the page's table whose caption id is t-<key>: [row label, ...cell texts]. */
function tableRows(html: string, key: string): string[][] {
  const start = html.indexOf(`<caption id="t-${key}"`);
  assert.ok(start > 0, `table ${key} on the page`);
  const table = html.slice(start, html.indexOf('</table>', start));
  const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => decode(c[1].replace(/<[^>]+>/g, '').trim())),
  );
  return rows.slice(1); // without the heading row
}
const rowOf = (rows: string[][], label: string) => {
  const row = rows.find((r) => r[0] === label);
  assert.ok(row, `row ${label} in ${JSON.stringify(rows.map((r) => r[0]))}`);
  return row!;
};

test('charts are SVG drawn on the server, named by their <title>, with the data in the picture and every label escaped', () => {
  const svg = barChartSvg({
    title: 'Học viên theo đơn vị <b>',
    description: 'Số liệu ở bảng bên dưới',
    horizontal: true,
    categories: ['Phường Thành Đông', 'Xã </text><script>alert(1)</script>', 'Đặc khu {a|x}'],
    series: [{ name: 'Học viên', values: [1234, 56, 7] }],
  });
  assert.match(svg, /^<svg role="img" aria-labelledby="(chart-\d+)-title \1-desc"/);
  const id = /aria-labelledby="(chart-\d+)-title/.exec(svg)![1];
  assert.ok(svg.includes(`<title id="${id}-title">Học viên theo đơn vị &lt;b&gt;</title>`));
  assert.ok(svg.includes(`<desc id="${id}-desc">Số liệu ở bảng bên dưới</desc>`));
  assert.ok(svg.includes('>Phường Thành Đông</text>'));
  assert.ok(svg.includes('>1.234</text>'), 'value label in Vietnamese grouping');
  assert.ok(!svg.includes('<script'), 'no markup from a label survives');
  assert.ok(svg.includes('&lt;/text&gt;&lt;script&gt;'));
  assert.ok(svg.includes('viewBox="0 0 480 '));
  assert.ok(!/<style/.test(svg), 'no interactive styles');
  const other = barChartSvg({ title: 'x', categories: ['a'], series: [{ name: 's', values: [1] }] });
  assert.notEqual(/aria-labelledby="(chart-\d+)/.exec(other)![1], id, 'ids are unique per chart');

  const line = lineChartSvg({ title: 'Theo ngày', categories: ['01/10', '02/10', '03/10'], series: [{ name: 'Ghi danh', values: [3, 9, 4] }, { name: 'Hoàn thành', values: [0, 1, 2] }] });
  assert.match(line, /<title id="chart-\d+-title">Theo ngày<\/title>/);
  assert.ok(line.includes('>02/10</text>') && line.includes('>Hoàn thành</text>'), 'axis labels and legend');
  assert.ok(/<path d="M[\d.]+ [\d.]+L/.test(line), 'a line is drawn');

  const pie = pieChartSvg({ title: 'Độ tuổi', slices: [{ name: 'Trên 60 tuổi', value: 1 }, { name: 'Từ 18 đến 35 tuổi', value: 3 }] });
  assert.ok(pie.includes('Trên 60 tuổi: 1 (25 %)'), pie.slice(0, 200));
  assert.ok(pie.includes('Từ 18 đến 35 tuổi: 3 (75 %)'));

  const shares = barChartSvg({ title: 'Tỷ lệ', horizontal: true, stacked: true, percent: true, categories: ['A'], series: [{ name: 'Đạt', values: [0.25] }, { name: 'Chưa', values: [0.75] }] });
  assert.ok(shares.includes('>100 %</text>') && shares.includes('>Đạt</text>'), 'a stacked share bar with a percent axis');
});

test('periods: presets in Vietnam time, from–to inclusive, a bad range falls back to this month', () => {
  assert.deepEqual(presetPeriod('thang', '2025-10-15'), { from: '2025-10-01', to: '2025-11-01' });
  assert.deepEqual(presetPeriod('quy', '2025-11-30'), { from: '2025-10-01', to: '2026-01-01' });
  assert.deepEqual(presetPeriod('nam', '2025-02-01'), { from: '2025-01-01', to: '2026-01-01' });
  // 31 October 2025, 18:00 UTC is already 1 November in Hai Phong.
  assert.deepEqual(resolvePeriod({ ky: 'thang' }, new Date('2025-10-31T18:00:00Z')).period, { from: '2025-11-01', to: '2025-12-01' });
  assert.deepEqual(resolvePeriod({ ky: 'khac', tu: '2025-10-01', den: '2025-10-31' }).period, { from: '2025-10-01', to: '2025-11-01' });
  const bad = resolvePeriod({ ky: 'khac', tu: '2025-10-31', den: '2025-10-01' }, new Date('2025-10-15T00:00:00Z'));
  assert.equal(bad.invalid, true);
  assert.deepEqual(bad.period, { from: '2025-10-01', to: '2025-11-01' });
});

test('the city dashboard: figures per unit, per target group, per age band, per day and against targets equal the data', async () => {
  const res = await city.get(`/quan-tri/so-lieu?${OCT}`);
  assert.equal(res.statusCode, 200);
  const html = res.body;
  assert.match(html, /<h1>Số liệu phong trào: [^<]+<\/h1>/);
  assert.ok(html.includes('từ 01/10/2025 đến 31/10/2025'));
  // unit, learners, of whom public servants, enrolments, completions, attained, population, share, registrants, helped
  const units = tableRows(html, 'by-unit');
  assert.deepEqual(rowOf(units, 'Phường Thành Đông').slice(1), ['3', '2', '3', '2', '1', '1.000', '0,1 %', '0', '0']);
  assert.deepEqual(rowOf(units, 'Phường Hải Dương').slice(1), ['1', '0', '1', '1', '1', '2.000', '0,05 %', '0', '0']);
  assert.equal(rowOf(units, 'Phường Lê Thanh Nghị')[1], '0');
  assert.ok(html.includes(`href="/quan-tri/so-lieu?don_vi=10507&amp;ky=khac&amp;tu=2025-10-01&amp;den=2025-10-31"`), 'units link to their own dashboard, same period');

  const groups = tableRows(html, 'by-group');
  assert.deepEqual(rowOf(groups, 'Cán bộ, công chức, viên chức').slice(1), ['2', '50 %']);
  assert.deepEqual(rowOf(groups, 'Học sinh, sinh viên').slice(1), ['1', '25 %']);
  assert.deepEqual(rowOf(groups, 'Người dân').slice(1), ['1', '25 %']);
  assert.deepEqual(rowOf(groups, 'Giáo viên').slice(1), ['0', '0 %']);
  assert.deepEqual(rowOf(groups, 'Tổng').slice(1), ['4', '100 %']);

  // Ages at the end of 2025: 35 (1990), 75 (1950), 13 (2012), 45 (1980).
  const ages = tableRows(html, 'by-age');
  assert.equal(rowOf(ages, 'Dưới 18 tuổi')[1], '1');
  assert.equal(rowOf(ages, 'Từ 18 đến 35 tuổi')[1], '1');
  assert.equal(rowOf(ages, 'Từ 36 đến 60 tuổi')[1], '1');
  assert.equal(rowOf(ages, 'Trên 60 tuổi')[1], '1');

  const days = tableRows(html, 'over-time');
  assert.equal(days.filter((r) => /^\d\d\/10\/2025$/.test(r[0])).length, 31, 'one row per day of October');
  assert.deepEqual(rowOf(days, '05/10/2025').slice(1), ['1', '0', '0']);
  assert.deepEqual(rowOf(days, '08/10/2025').slice(1), ['0', '1', '0']);
  assert.deepEqual(rowOf(days, '10/10/2025').slice(1), ['0', '1', '0']);
  assert.deepEqual(rowOf(days, 'Tổng').slice(1), ['4', '3', '0']);

  const targets = tableRows(html, 'targets');
  // unit, attained, population, share, staff with an account, staff share
  assert.deepEqual(rowOf(targets, 'Phường Thành Đông').slice(1), ['1', '1.000', '0,1 %', '2', '50 %']);
  assert.deepEqual(rowOf(targets, 'Phường Hải Dương').slice(1), ['1', '2.000', '0,05 %', '0', '—']);

  const courses = tableRows(html, 'courses');
  assert.deepEqual(rowOf(courses, 'Kỹ năng số cơ bản').slice(1), [rowOf(courses, 'Kỹ năng số cơ bản')[1], '3', '2']);
  assert.deepEqual(rowOf(courses, 'An toàn thông tin').slice(1), ['Phường Thành Đông', '1', '1']);

  // Each chart is an SVG named by its title and followed by its data table.
  const charts = [...html.matchAll(/<figure class="chart">[\s\S]*?<\/figure>\s*<div class="table-wrap"[^>]*><table><caption id="t-([\w-]+)"/g)].map((m) => m[1]);
  assert.deepEqual(charts, ['by-unit', 'by-group', 'by-age', 'over-time', 'targets', 'community', 'courses'], 'every chart is followed by its table');
  assert.equal((html.match(/<svg role="img" aria-labelledby="chart-\d+-title/g) ?? []).length, 7);
  assert.ok(!html.includes('<script'), 'no client JavaScript');
  const byUnitChart = html.slice(html.indexOf('<h2 id="h-by-unit">'), html.indexOf('<caption id="t-by-unit"'));
  assert.ok(byUnitChart.includes('>Phường Thành Đông</text>'), 'the chart shows the unit');
});

test('a unit administrator sees only their unit: their own figures and villages, 404 for other units and the city', async () => {
  const own = await thanhDong.get(`/quan-tri/so-lieu?${OCT}`);
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /<h1>Số liệu phong trào: Phường Thành Đông<\/h1>/);
  assert.ok(!own.body.includes('Phường Hải Dương'), 'no other commune on the page');
  const villages = tableRows(own.body, 'by-unit');
  assert.deepEqual(rowOf(villages, VILLAGE).slice(1, 5), ['1', '0', '1', '1'], 'the village (name escaped) has the student');
  assert.ok(own.body.includes('Thôn &lt;b>Mới&lt;/b> &amp; &quot;Đông&quot;'), 'the name is escaped in the table');
  assert.match(own.body, /<text [^>]*>Thôn &lt;b&gt;Mới&lt;\/b&gt; &amp;[^<]*<\/text>/, 'and in the chart');
  assert.ok(!own.body.includes('<b>Mới</b>'), 'never as markup, in the table or the chart');
  const cards = [...own.body.matchAll(/<span class="stat">([^<]+)<\/span> ([^<]+)</g)].map((m) => [m[2].trim(), m[1]]);
  assert.equal(Object.fromEntries(cards)['Học viên'], '3');
  assert.equal(Object.fromEntries(cards)['Lượt hoàn thành'], '2');

  for (const url of [`/quan-tri/so-lieu?don_vi=10525&${OCT}`, `/quan-tri/so-lieu?don_vi=31&${OCT}`, '/quan-tri/so-lieu?don_vi=khong-co', `/quan-tri/so-lieu/so-lieu.xlsx?don_vi=10525&${OCT}`]) {
    const res = await thanhDong.get(url);
    assert.equal(res.statusCode, 404, url);
    assert.ok(!res.body.includes('Hải Dương'), url);
  }
  assert.equal((await thanhDong.get(`/quan-tri/so-lieu?don_vi=10507-TM&${OCT}`)).statusCode, 200, 'a village below is in scope');
  assert.equal((await learner.get('/quan-tri/so-lieu')).statusCode, 404, 'no report:view: 404');
  const anonymous = await t.app.inject({ method: 'GET', url: '/quan-tri/so-lieu' });
  assert.equal(anonymous.statusCode, 302);
  assert.match(String(anonymous.headers.location), /^\/dang-nhap/);
});

test('the .xlsx export holds the page’s tables with the same figures', async () => {
  const res = await city.get(`/quan-tri/so-lieu/so-lieu.xlsx?${OCT}`);
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /spreadsheetml/);
  assert.match(String(res.headers['content-disposition']), /so-lieu-31-2025-10-01-2025-10-31\.xlsx/);
  const sheets = await readWorkbook(bytes(res));
  const names = [...sheets.keys()];
  assert.deepEqual(names.slice(0, 2), ['Thông tin', 'Số liệu chính']);
  for (const n of ['Theo đơn vị trực thuộc', 'Theo đối tượng', 'Theo độ tuổi', 'Theo thời gian', 'Từng đơn vị so với chỉ tiêu', 'Theo khóa học']) assert.ok(names.includes(n), `${n} in ${names}`);
  const units = sheets.get('Theo đơn vị trực thuộc')!;
  assert.deepEqual(units[0].slice(0, 3), ['Đơn vị', 'Học viên', 'Trong đó cán bộ, công chức, viên chức']);
  const td = units.find((r) => r[0] === 'Phường Thành Đông')!;
  assert.deepEqual(td.slice(1, 8), ['3', '2', '3', '2', '1', '1000', '0.001']);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes(res) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Theo đơn vị trực thuộc')!;
  const share = ws.getRow(units.indexOf(td) + 1).getCell(8);
  assert.equal(share.value, 0.001);
  assert.equal(share.numFmt, '0.0%', 'shares are numbers shown as percentages');
  const summary = sheets.get('Số liệu chính')!;
  assert.deepEqual(summary.find((r) => r[0] === 'Học viên')?.slice(0, 2), ['Học viên', '4']);
  const days = sheets.get('Theo thời gian')!;
  assert.deepEqual(days.find((r) => r[0] === '05/10/2025')?.slice(1, 4), ['1', '0', '0']);

  const own = await thanhDong.get(`/quan-tri/so-lieu/so-lieu.xlsx?${OCT}`);
  assert.equal(own.statusCode, 200);
  const ownSheets = await readWorkbook(bytes(own));
  assert.ok(!JSON.stringify([...ownSheets.values()]).includes('Hải Dương'), 'the unit administrator’s file has only their unit');
});
