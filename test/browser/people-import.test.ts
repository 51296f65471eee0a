import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBrowserEnv, screenshot, type BrowserEnv } from './browser.js';
import { makeUnitAdmin } from '../helpers/factories.js';
import { peopleWorkbook, personRow } from '../helpers/xlsx.js';

let env: BrowserEnv;
let dir: string;
before(async () => {
  env = await startBrowserEnv();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-import-'));
  await makeUnitAdmin(env.t.database.db, '10507', { phone: '+84911000999', password: 'quan-tri-phuong-1' });
});
after(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await env.close();
});

async function signInAsAdmin() {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(env.baseUrl + '/dang-nhap');
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('0911 000 999');
  await page.getByLabel('Mật khẩu').fill('quan-tri-phuong-1');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/quan-tri');
  return { context, page };
}

test('a unit administrator imports an .xlsx and finds the people in the list', async () => {
  const file = path.join(dir, 'good.xlsx');
  fs.writeFileSync(
    file,
    await peopleWorkbook([
      personRow({ name: 'Hoàng Văn Tùng', phone: '0915 111 001' }),
      personRow({ name: 'Ngô Thị Thu', phone: '0915 111 002', group: 'Giáo viên', year: 1990 }),
      personRow({ name: 'Bùi Đức Anh', phone: '', email: 'anh.bui@example.vn', group: 'Cán bộ, công chức, viên chức' }),
    ]),
  );
  const { context, page } = await signInAsAdmin();
  await page.goto(env.baseUrl + '/quan-tri/nguoi-dung/nhap');
  await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles(file);
  await page.getByRole('button', { name: 'Tải lên và nhập' }).click();
  await page.getByText('Đã nhập 3 người dùng.').waitFor();
  await screenshot(page, 'import-done-1280');
  await page.goto(env.baseUrl + '/quan-tri/nguoi-dung?q=ngo%20thi%20thu');
  assert.match(await page.locator('main').innerText(), /Ngô Thị Thu/);
  await context.close();
});

test('a file with bad rows imports nobody and yields the per-row report, downloadable as .xlsx', async () => {
  const file = path.join(dir, 'bad.xlsx');
  fs.writeFileSync(
    file,
    await peopleWorkbook([
      personRow({ name: 'Đặng Văn Hải', phone: '0916 222 001' }),
      personRow({ name: '', phone: '0916 222 002' }),
      personRow({ name: 'Phan Thị Yến', phone: '12345' }),
      personRow({ name: 'Trịnh Văn Long', phone: '0916 222 004', unit: '10525' }),
    ]),
  );
  const { context, page } = await signInAsAdmin();
  await page.goto(env.baseUrl + '/quan-tri/nguoi-dung/nhap');
  await page.getByLabel('Tệp Excel (.xlsx)').setInputFiles(file);
  await page.getByRole('button', { name: 'Tải lên và nhập' }).click();
  await page.locator('.error-summary').waitFor();
  const main = await page.locator('main').innerText();
  assert.match(main, /Chưa nhập người nào/);
  const rows = await page.locator('table tbody tr').allInnerTexts();
  assert.ok(rows.some((r) => /^3\b/.test(r.trim())), 'row 3: empty name');
  assert.ok(rows.some((r) => /^4\b/.test(r.trim()) && /Số điện thoại/.test(r)), 'row 4: bad phone');
  assert.ok(rows.some((r) => /^5\b/.test(r.trim())), 'row 5: unit outside the administrator’s commune');
  await screenshot(page, 'import-report-1280');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Tải báo cáo lỗi (.xlsx)' }).click()]);
  const saved = path.join(dir, 'report.xlsx');
  await download.saveAs(saved);
  assert.equal(fs.readFileSync(saved).subarray(0, 2).toString(), 'PK', 'an .xlsx (zip) file');
  const hai = await env.t.database.db.selectFrom('users').select('id').where('phone', '=', '+84916222001').executeTakeFirst();
  assert.equal(hai, undefined, 'the valid row was not imported either');
  await context.close();
});
