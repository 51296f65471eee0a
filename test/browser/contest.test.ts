/**
 * The online contest in a real browser (Chromium, 360 px): a contestant registers, starts a round, answers some
 * questions (each saved as it is chosen), closes the page, comes back in a new browser context (another device),
 * signs in, resumes with the time the server kept, finishes, and sees the result once the round has closed.
 * axe-core on the landing, registration, round and attempt pages at 360 px; no sideways scrolling.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { startBrowserEnv, seriousViolations, describeViolations, type BrowserEnv } from './browser.js';
import { makeContest, DEFAULT_PREDICTION } from '../helpers/contests.js';
import { makeLearner, sessionCookie } from '../helpers/factories.js';
import type { RoundRow } from '../../src/modules/contests/service.js';

const SHOTS = process.env.CONTEST_SHOTS_DIR || path.resolve('screenshots');
let env: BrowserEnv;
let round: RoundRow;
const slug = 'cong-dan-so-trinh-duyet';
const PHONE = '0915 246 810';
const PASSWORD = 'thi-cong-dan-so-2025';

before(async () => {
  env = await startBrowserEnv({ DEMO_COURSE: 'false' });
  const made = await makeContest(env.t.database.db, {
    slug,
    timeLimitSeconds: 900,
    rounds: [
      { opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000), attemptsAllowed: 1, prediction: DEFAULT_PREDICTION },
      { opensAt: new Date(Date.now() + 2 * 86_400_000), closesAt: new Date(Date.now() + 3 * 86_400_000) },
    ],
  });
  round = made.rounds[0];
  fs.mkdirSync(SHOTS, { recursive: true });
});
after(() => env.close());

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SHOTS, `contest-${name}.png`), fullPage: true });
}

async function newContext(): Promise<BrowserContext> {
  return env.browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
}

/** axe finds nothing serious and the page does not scroll sideways at this width. */
async function checkPage(page: Page, name: string) {
  const violations = await seriousViolations(page);
  assert.deepEqual(violations, [], `${name}: ${describeViolations(violations)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${name} scrolls sideways by ${overflow}px`);
}

async function remainingMs(page: Page): Promise<number> {
  return Number(await page.locator('#contest-timer').getAttribute('data-remaining-ms'));
}

async function deadlineOf(attemptId: number): Promise<number> {
  const row = await env.t.database.db.selectFrom('quiz_attempts').select('deadline_at').where('id', '=', attemptId).executeTakeFirstOrThrow();
  return Date.parse(row.deadline_at!);
}

test('register, start, answer, lose the page, resume elsewhere with the time the server kept, submit, see the result when the round closes', async () => {
  const errors: string[] = [];
  // ---- first device ----
  const first = await newContext();
  let page = await first.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.baseUrl}/cuoc-thi/${slug}`);
  assert.match(await page.locator('h1').innerText(), /Cuộc thi Công dân số/);
  assert.match(await page.locator('main').innerText(), /Lượt truy cập[\s\S]*Người đăng ký[\s\S]*Lượt thi/);
  await checkPage(page, 'landing');
  await shot(page, 'landing-360');

  await page.getByRole('link', { name: 'Đăng ký dự thi' }).click();
  await page.waitForURL(`**/cuoc-thi/${slug}/dang-ky`);
  await checkPage(page, 'registration');
  // A mistake first: the summary names the field.
  await page.getByLabel('Họ và tên', { exact: true }).fill('Hoàng Thị Thu');
  await page.getByRole('button', { name: 'Đăng ký dự thi' }).click();
  await page.locator('.error-summary').waitFor();
  assert.match(await page.locator('.error-summary').innerText(), /Số điện thoại/);
  await checkPage(page, 'registration-errors');
  await shot(page, 'registration-errors-360');

  await page.getByLabel(/^Số điện thoại/).fill(PHONE);
  await page.getByLabel('Đơn vị (xã, phường, đặc khu hoặc sở, ngành)').selectOption({ label: 'Phường Lê Thanh Nghị' });
  await page.getByLabel('Đối tượng', { exact: true }).selectOption({ label: 'Người dân' });
  await page.getByLabel(/^Năm sinh/).fill('1962');
  await page.getByLabel('Mật khẩu', { exact: true }).fill(PASSWORD);
  await page.getByLabel('Nhập lại mật khẩu').fill(PASSWORD);
  await page.getByLabel(/Tôi đồng ý/).check();
  await page.getByRole('button', { name: 'Đăng ký dự thi' }).click();
  await page.waitForURL(`**/cuoc-thi/${slug}?da-dang-ky=1`);
  assert.match(await page.getByRole('status').innerText(), /Đăng ký dự thi thành công/);

  await page.getByRole('link', { name: /^Vào thi: Vòng 1/ }).click();
  await page.waitForURL(`**/cuoc-thi/${slug}/vong/1`);
  await checkPage(page, 'round');
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  await page.waitForURL('**/cuoc-thi/bai-thi/*');
  const attemptUrl = page.url();
  const attemptId = Number(attemptUrl.split('/').pop());

  // The server's remaining time, then the countdown moving on by itself.
  const timer = page.locator('#contest-timer');
  const firstText = await timer.innerText();
  assert.match(firstText, /^Còn lại (14|15):\d\d$/);
  await page.waitForFunction((t) => document.getElementById('contest-timer')?.textContent !== t, firstText, { timeout: 5000 });
  await checkPage(page, 'attempt');

  // Three answers, each saved as it is chosen (no button pressed).
  const fieldsets = page.locator('fieldset.quiz-question');
  assert.equal(await fieldsets.count(), 10);
  const chosen: Array<{ position: number; place: string }> = [];
  for (let i = 0; i < 3; i++) {
    const fs = fieldsets.nth(i);
    const position = Number(await fs.getAttribute('data-position'));
    const input = fs.locator('input').nth(1);
    const saved = page.waitForResponse((r) => r.url().endsWith(`/api/contest-attempts/${attemptId}/answers/${position}`) && r.request().method() === 'PUT');
    await fs.locator('label').nth(1).click();
    assert.equal((await saved).status(), 200);
    await fs.locator('.save-status', { hasText: 'Đã lưu' }).waitFor();
    chosen.push({ position, place: (await input.getAttribute('value'))! });
  }
  const prediction = page.waitForResponse((r) => r.url().endsWith(`/api/contest-attempts/${attemptId}/prediction`));
  await page.getByLabel(/Câu hỏi dự đoán/).fill('2500');
  await page.getByLabel(/Câu hỏi dự đoán/).blur();
  assert.equal((await prediction).status(), 200);
  assert.equal(await page.locator('#answered-count').innerText(), 'Đã trả lời 3/10 câu.');
  await page.locator('h1').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'contest-attempt-top-360.png') });
  await shot(page, 'attempt-360');
  const before = await remainingMs(page);
  // The connection is lost: the page (and this whole browser profile) is gone.
  await first.close();

  // ---- another device ----
  const second = await newContext();
  page = await second.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.baseUrl}/cuoc-thi/${slug}`);
  await page.getByRole('link', { name: 'Đăng nhập để vào thi' }).click();
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('+84915246810');
  await page.getByLabel('Mật khẩu').fill(PASSWORD);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL(`**/cuoc-thi/${slug}`);
  assert.match(await page.locator('main').innerText(), /Bạn đã đăng ký dự thi/);
  await page.getByRole('link', { name: /^Vào thi: Vòng 1/ }).click();
  await page.getByRole('button', { name: 'Tiếp tục làm bài' }).click();
  await page.waitForURL(attemptUrl);
  // The time is the server's: counted to the deadline fixed at the start, not started again.
  const deadline = await deadlineOf(attemptId);
  const afterMs = await remainingMs(page);
  assert.ok(afterMs < before, `resumed with ${afterMs} ms left, had ${before} ms before`);
  assert.ok(afterMs <= deadline - (await page.evaluate(() => performance.timeOrigin)) + 1000, 'more time than the server deadline allows');
  for (const c of chosen) {
    assert.equal(await page.locator(`#q${c.position}-${c.place}`).isChecked(), true, `answer to question ${c.position} lost`);
  }
  assert.equal(await page.getByLabel(/Câu hỏi dự đoán/).inputValue(), '2500');

  // The rest of the answers, then "Nộp bài" with its confirmation.
  const questions = page.locator('fieldset.quiz-question');
  const count = await questions.count();
  assert.equal(count, 10);
  for (let i = 3; i < count; i++) await questions.nth(i).locator('label').first().click();
  await shot(page, 'attempt-resumed-360');
  await page.getByRole('button', { name: 'Nộp bài' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'contest-attempt-bottom-360.png') });
  page.once('dialog', (d) => {
    assert.match(d.message(), /chắc chắn muốn nộp bài/);
    void d.accept();
  });
  await page.getByRole('button', { name: 'Nộp bài' }).click();
  await page.waitForURL(`**/cuoc-thi/${slug}/vong/1?da-nop=1`);
  const main = page.locator('main');
  assert.match(await main.innerText(), /Bài thi đã được nộp/);
  assert.match(await main.innerText(), /Chưa công bố/);
  assert.equal(await page.locator('dd.contest-score', { hasText: /\d+\/10/ }).count(), 0, 'a score shown before the round closed');
  await checkPage(page, 'round-submitted');
  await shot(page, 'round-submitted-360');

  // The round closes (its closing time moved to the past; the server decides what that means).
  const db = env.t.database.db;
  await db.updateTable('contest_rounds').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', round.id).execute();
  await page.reload();
  const entry = await db.selectFrom('contest_entries').select(['correct', 'prediction']).where('attempt_id', '=', attemptId).executeTakeFirstOrThrow();
  assert.equal(Number(entry.prediction), 2500);
  const score = await page.locator('dd.contest-score').innerText();
  assert.equal(score, `${entry.correct}/10`);
  assert.match(await main.innerText(), /Vòng thi đã đóng/);
  await checkPage(page, 'round-closed');
  await shot(page, 'round-result-360');
  assert.deepEqual(errors, []);
  await second.close();
});

test('the contest list and an upcoming round pass axe at 360 px without sideways scrolling', async () => {
  const context = await newContext();
  const page = await context.newPage();
  for (const [name, url] of [
    ['list', '/cuoc-thi'],
    ['round-upcoming', `/cuoc-thi/${slug}/vong/2`],
    ['landing-en', `/cuoc-thi/${slug}?lang=en`],
  ] as const) {
    await page.goto(env.baseUrl + url);
    await checkPage(page, name);
    await shot(page, `${name}-360`);
  }
  await context.close();
});

test('when the time runs out on the page, the countdown hands over to the server, which shows the attempt finalized', async () => {
  const db = env.t.database.db;
  const short = await makeContest(db, { slug: 'cong-dan-so-het-gio', timeLimitSeconds: 4 });
  const userId = await makeLearner(db, { fullName: 'Mạc Văn Sơn', unitCode: '10507' });
  const context = await newContext();
  const [name, value] = (await sessionCookie(db, userId)).split('=');
  await context.addCookies([{ name, value, url: env.baseUrl }]);
  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/cuoc-thi/${short.contest.slug}`);
  await page.getByRole('button', { name: 'Đăng ký bằng tài khoản này' }).click();
  await page.getByRole('link', { name: /^Vào thi: Vòng 1/ }).click();
  await page.getByRole('button', { name: 'Bắt đầu làm bài' }).click();
  await page.waitForURL('**/cuoc-thi/bai-thi/*');
  const attemptId = Number(page.url().split('/').pop());
  await page.locator('fieldset.quiz-question').first().locator('label').first().click();
  await page.locator('fieldset.quiz-question .save-status', { hasText: 'Đã lưu' }).first().waitFor();
  // No click: the page reloads itself after zero and the server, past the deadline, finalizes the attempt.
  await page.locator('h1', { hasText: 'Bài thi đã kết thúc' }).waitFor({ timeout: 15_000 });
  assert.match(await page.locator('main').innerText(), /tự động nộp với các câu trả lời đã lưu/);
  const attempt = await db.selectFrom('quiz_attempts').select(['state', 'finish_reason']).where('id', '=', attemptId).executeTakeFirstOrThrow();
  assert.equal(attempt.state, 'finished');
  assert.equal(attempt.finish_reason, 'timeout');
  await checkPage(page, 'attempt-ended');
  await shot(page, 'attempt-ended-360');
  await context.close();
});
