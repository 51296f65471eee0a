/**
 * The support log in a real browser (Chromium, 360 px): a team member records two entries (one with a photo) while
 * the network is off — they stay on the phone — then the network comes back and they arrive exactly once; reloading
 * twice more sends nothing again. An answer lost on the way (stored by the server, never seen by the phone) is sent
 * again and still counted once. The plain form works without JavaScript. axe and screenshots of the form, the
 * member's page and the commune's dashboard.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makePerson, makeUnitAdmin, makeVillage, sessionCookie } from '../helpers/factories.js';
import { grantRole } from '../../src/modules/accounts/repository.js';
import { insertMember, insertTeam, updateTeam } from '../../src/modules/teams/repository.js';

let env: BrowserEnv;
let dataDir: string;
let memberId = 0;
let adminId = 0;
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), crypto.randomBytes(300)]);

before(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-teams-browser-'));
  env = await startBrowserEnv({ DEMO_COURSE: 'false', DATA_DIR: dataDir });
  const db = env.t.database.db;
  const villageId = await makeVillage(db, '10507', `BT-${process.pid}`, 'Tổ dân phố số 5');
  await makeVillage(db, '10507', `BT2-${process.pid}`, 'Tổ dân phố số 6');
  memberId = await makePerson(db, { fullName: 'Nguyễn Thị Hồng Nhung', unitCode: '10507' });
  const teamId = await insertTeam(db, { unitId: villageId, name: 'Tổ công nghệ số cộng đồng Tổ dân phố số 5', createdBy: null });
  await insertMember(db, { teamId, userId: memberId, addedBy: null });
  await grantRole(db, memberId, 'team_member', villageId, null);
  await updateTeam(db, teamId, { leader_id: memberId });
  adminId = await makeUnitAdmin(db, '10507');
});
after(async () => {
  await env.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function contextFor(userId: number, opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN', ...opts });
  const [name, value] = (await sessionCookie(env.t.database.db, userId)).split('=');
  await context.addCookies([{ name, value, url: env.baseUrl }]);
  return context;
}

const rows = async () => env.t.database.db.selectFrom('support_entries').select(['id', 'service', 'people', 'vulnerable', 'photo_type']).where('user_id', '=', memberId).orderBy('id').execute();

async function waitForRows(n: number): Promise<void> {
  for (let i = 0; i < 100 && (await rows()).length < n; i++) await new Promise((r) => setTimeout(r, 100));
}

async function checkPage(page: Page, name: string) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${name}: ${describeViolations(violations)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
}

async function fill(page: Page, service: string, people: string, vulnerable: string) {
  await page.getByLabel(service).check();
  await page.getByLabel('Số người được hỗ trợ').fill(people);
  await page.getByLabel('Trong đó: người cao tuổi, người yếu thế').fill(vulnerable);
}

const queueText = (page: Page) => page.locator('#support-queue').innerText();

test('entries recorded offline stay on the phone and arrive exactly once when the network returns', async () => {
  const context = await contextFor(memberId);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.baseUrl}/to-cong-nghe-so/ghi-nhan`);
  assert.equal(await page.locator('h1').innerText(), 'Ghi nhận hỗ trợ người dân');
  await checkPage(page, 'form');
  await screenshot(page, 'teams-support-form-360');

  await context.setOffline(true);
  await fill(page, 'Cài đặt, kích hoạt VNeID', '4', '1');
  await page.getByLabel('Ảnh').setInputFiles({ name: 'ho-tro.png', mimeType: 'image/png', buffer: PNG });
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.locator('#support-queue', { hasText: '(1 mục)' }).waitFor();
  assert.equal(await queueText(page), 'Đã lưu trên máy, sẽ gửi khi có mạng (1 mục)');
  await fill(page, 'Nhận diện lừa đảo trực tuyến', '7', '3');
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.locator('#support-queue', { hasText: '(2 mục)' }).waitFor();
  await screenshot(page, 'teams-support-form-offline-360');
  assert.equal((await rows()).length, 0, 'nothing reached the server while offline');
  // The form was cleared for the next entry with a new key.
  assert.equal(await page.getByLabel('Số người được hỗ trợ').inputValue(), '1');

  await context.setOffline(false);
  await page.locator('#support-queue', { hasText: 'Đã gửi xong' }).waitFor();
  await waitForRows(2);
  const arrived = await rows();
  assert.deepEqual(
    arrived.map((r) => [r.service, r.people, r.vulnerable, r.photo_type]),
    [
      ['vneid', 4, 1, 'image/png'],
      ['scam_awareness', 7, 3, null],
    ],
  );

  // Reload twice more: the queue is empty, nothing is sent again.
  for (let i = 0; i < 2; i++) {
    await page.reload();
    await page.waitForLoadState('networkidle');
    assert.equal(await page.locator('#support-queue').getAttribute('data-pending'), '0');
  }
  assert.equal((await rows()).length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an answer lost on the way: the server stored the entry, the phone sends it again, it still counts once', async () => {
  const before = (await rows()).length;
  const context = await contextFor(memberId);
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/to-cong-nghe-so/ghi-nhan`);
  let posts = 0;
  await page.route('**/to-cong-nghe-so/ghi-nhan', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    // The first time the server stores it and the answer never reaches the phone; then the network stays down.
    if (posts++ === 0) await route.fetch();
    await route.abort('failed');
  });
  await fill(page, 'Thanh toán trực tuyến', '2', '0');
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.locator('#support-queue', { hasText: '(1 mục)' }).waitFor();
  assert.equal((await rows()).length, before + 1, 'the server has it');
  await page.unroute('**/to-cong-nghe-so/ghi-nhan');
  // The next page load sends what is kept: the server answers the same success, the phone forgets it.
  await page.goto(`${env.baseUrl}/to-cong-nghe-so`);
  await page.locator('#support-queue', { hasText: 'Đã gửi xong' }).waitFor();
  assert.equal((await rows()).length, before + 1);
  await page.reload();
  await page.waitForLoadState('networkidle');
  assert.equal(await page.locator('#support-queue').getAttribute('data-pending'), '0');
  assert.equal((await rows()).length, before + 1);
  await checkPage(page, 'my team');
  await screenshot(page, 'teams-my-team-360');
  await context.close();
});

test('without JavaScript the plain form records an entry, and a refused one shows its message by the field', async () => {
  const before = (await rows()).length;
  const context = await contextFor(memberId, { javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/to-cong-nghe-so/ghi-nhan`);
  await fill(page, 'Chữ ký số', '3', '5');
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Số người cao tuổi, yếu thế không được lớn hơn số người được hỗ trợ/);
  assert.equal((await rows()).length, before);
  await page.getByLabel('Trong đó: người cao tuổi, người yếu thế').fill('2');
  await page.getByLabel('Chữ ký số').check();
  await page.getByRole('button', { name: 'Ghi nhận', exact: true }).click();
  await page.waitForURL('**/to-cong-nghe-so?da-ghi=*');
  assert.match(await page.locator('main').innerText(), /Đã ghi nhận lượt hỗ trợ/);
  assert.equal((await rows()).length, before + 1);
  await context.close();
});

test('the commune dashboard and log at 360 px', async () => {
  const context = await contextFor(adminId);
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/quan-tri/to-cong-nghe-so/so-lieu?don-vi=10507`);
  assert.match(await page.locator('h1').innerText(), /Phường Thành Đông/);
  assert.match(await page.locator('#support-totals').innerText(), /4\s*lượt hỗ trợ/);
  await checkPage(page, 'dashboard');
  await screenshot(page, 'teams-dashboard-360');
  await page.goto(`${env.baseUrl}/quan-tri/to-cong-nghe-so/xa/10507`);
  await checkPage(page, 'commune');
  await screenshot(page, 'teams-commune-360');
  await page.goto(`${env.baseUrl}/quan-tri/to-cong-nghe-so/nhat-ky?don-vi=10507`);
  await checkPage(page, 'log');
  await context.close();
});
