import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startBrowserEnv, screenshot, type BrowserEnv } from './browser.js';

let env: BrowserEnv;
before(async () => {
  env = await startBrowserEnv();
});
after(() => env.close());

test('a resident signs up, signs out, signs in again and lands on the learner home', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 }, locale: 'vi-VN' });
  const page = await context.newPage();
  await page.goto(env.baseUrl + '/');
  await page.getByRole('link', { name: 'Đăng ký học miễn phí' }).click();
  await page.getByLabel('Họ và tên', { exact: true }).fill('Đỗ Thị Lan');
  await page.getByLabel(/^Số điện thoại/).fill('0913 222 333');
  await page.getByLabel('Đơn vị (xã, phường, đặc khu hoặc sở, ngành)').selectOption({ label: 'Phường Lê Thanh Nghị' });
  await page.getByLabel('Đối tượng', { exact: true }).selectOption({ label: 'Người dân' });
  await page.getByLabel(/^Năm sinh/).fill('1955');
  await page.getByLabel('Mật khẩu', { exact: true }).fill('hoc-so-moi-ngay');
  await page.getByLabel('Nhập lại mật khẩu').fill('hoc-so-moi-ngay');
  await page.getByLabel(/Tôi đồng ý/).check();
  await screenshot(page, 'signup-filled-360');
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  await page.waitForURL('**/hoc-tap');
  assert.match(await page.locator('h1').innerText(), /Học tập của tôi/);
  assert.match(await page.locator('main').innerText(), /Xin chào, Đỗ Thị Lan!/);
  assert.match(await page.locator('main').innerText(), /Phường Lê Thanh Nghị/);

  await page.getByRole('button', { name: 'Đăng xuất' }).click();
  await page.waitForURL(env.baseUrl + '/');
  await page.getByRole('link', { name: 'Đăng nhập' }).first().click();
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('+84 913 222 333');
  await page.getByLabel('Mật khẩu').fill('hoc-so-moi-ngay');
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL('**/hoc-tap');
  assert.match(await page.locator('main').innerText(), /Xin chào, Đỗ Thị Lan!/);
  await screenshot(page, 'learner-home-360');
  await context.close();
});

test('sign-up with mistakes shows an error summary and keeps what was typed', async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.baseUrl + '/dang-ky');
  await page.getByLabel('Họ và tên', { exact: true }).fill('Vũ Văn Nam');
  await page.getByLabel(/^Số điện thoại/).fill('12345');
  await page.getByRole('button', { name: 'Đăng ký' }).click();
  const summary = page.locator('.error-summary');
  await summary.waitFor();
  const text = await summary.innerText();
  assert.match(text, /Số điện thoại không hợp lệ/);
  assert.match(text, /Bạn cần đồng ý/);
  assert.equal(await page.getByLabel('Họ và tên', { exact: true }).inputValue(), 'Vũ Văn Nam');
  await screenshot(page, 'signup-errors-1280');
  await context.close();
});

test('the English switch and the larger-text setting work without JavaScript', async () => {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(env.baseUrl + '/dang-nhap');
  await page.getByRole('link', { name: 'English' }).click();
  assert.equal(await page.locator('h1').innerText(), 'Sign in');
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByRole('button', { name: 'Larger text' }).click();
  await page.waitForLoadState();
  assert.equal(await page.locator('html').getAttribute('class'), 'large-text');
  const size = await page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  assert.equal(size, '20px');
  await screenshot(page, 'signin-en-large-360');
  await context.close();
});
