/**
 * Learning-day check-in in a real browser: the organiser opens the QR page (no JavaScript needed), the code on
 * screen is read back from a screenshot by an independent decoder (jsQR), the attendee's phone opens it — first
 * signed out (sign-in, then back to the check-in), then again — and is counted once. axe-core and screenshots at
 * 360 px of the events and initiatives pages.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, makeVillage, sessionCookie } from '../helpers/factories.js';
import { decodeQr } from '../helpers/pdf.js';
import { newCheckinSecret } from '../../src/modules/events/token.js';
import { ensureDemoInitiatives } from '../../src/modules/initiatives/demo.js';

let env: BrowserEnv;
let eventId = 0;
const cookies: Record<string, string> = {};
const PASSWORD = 'HocSo@2025-an-toan';

before(async () => {
  env = await startBrowserEnv();
  const db = env.t.database.db;
  const village = await makeVillage(db, '10507', '10507-BR1', 'Tổ dân phố số 5');
  await makeVillage(db, '10507', '10507-BR2', 'Tổ dân phố số 6');
  const organiser = await makeUnitAdmin(db, '10507', { fullName: 'Đỗ Thị Tổ Chức' });
  await makePerson(db, { fullName: 'Nguyễn Thị Ánh Tuyết', unitCode: '10507-BR1', phone: '+84912600001', password: PASSWORD });
  cookies.organiser = await sessionCookie(db, organiser);
  cookies.city = await sessionCookie(db, await makeCityAdmin(db));
  const now = Date.now();
  const ts = new Date(now).toISOString();
  ({ id: eventId } = await db
    .insertInto('events')
    .values({ unit_id: village, kind: 'mot_ngay_hoc_so', title: 'Một ngày học số: cài đặt VNeID', place: 'Nhà văn hóa tổ dân phố số 5', starts_at: new Date(now - 10 * 60_000).toISOString(), ends_at: new Date(now + 3 * 3600_000).toISOString(), checkin_secret: newCheckinSecret(), created_by: organiser, created_at: ts, updated_at: ts })
    .returning('id')
    .executeTakeFirstOrThrow());
  await db.insertInto('event_guest_counts').values({ event_id: eventId, age_band: 'over_60', count: 4, entry_key: 'browser-test-entry-0001', recorded_by: organiser, recorded_at: ts }).execute();
  await ensureDemoInitiatives(db, env.t.config);
});
after(() => env.close());

async function contextAs(who: string | undefined, opts: { javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const context = await env.browser.newContext({ viewport: { width: 360, height: 780 }, ...opts });
  if (who) {
    const [name, value] = cookies[who].split('=');
    await context.addCookies([{ name, value, url: env.baseUrl }]);
  }
  return context;
}

async function checkA11y(page: import('playwright-core').Page, name: string) {
  const violations = await seriousViolations(page);
  await screenshot(page, name);
  assert.equal(violations.length, 0, `${name}: ${describeViolations(violations)}`);
}

test('the organiser shows the QR code; the attendee scans it, signs in, is checked in, and a second scan says already checked in', async () => {
  const organiser = await contextAs('organiser');
  const qrPage = await organiser.newPage();
  const res = await qrPage.goto(`${env.baseUrl}/quan-tri/su-kien/${eventId}/ma-qr`);
  assert.equal(res?.status(), 200);
  assert.ok(res?.headers()['refresh'], 'the page reloads itself to rotate the code');
  // What a phone camera reads: the code on screen rasterised by the browser, decoded by an independent decoder.
  const pixels = await qrPage.evaluate(async () => {
    const svg = document.querySelector('.qr-code svg')!;
    const img = new Image();
    img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(new XMLSerializer().serializeToString(svg));
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 400;
    const g = canvas.getContext('2d')!;
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 400, 400);
    g.drawImage(img, 0, 0, 400, 400);
    return Array.from(g.getImageData(0, 0, 400, 400).data);
  });
  const scanned = decodeQr(new Uint8ClampedArray(pixels), 400, 400);
  assert.ok(scanned, 'the QR code on screen decodes');
  const url = new URL(scanned!);
  assert.equal(url.pathname, `/diem-danh/${eventId}`);
  assert.match(url.searchParams.get('t') ?? '', /^q\d+\./);
  await checkA11y(qrPage, 'event-qr-360');

  // The attendee's phone, not signed in yet.
  const phone = await contextAs(undefined);
  const page = await phone.newPage();
  await page.goto(env.baseUrl + url.pathname + url.search);
  assert.match(page.url(), /\/dang-nhap\?next=/);
  await page.getByLabel('Số điện thoại hoặc thư điện tử').fill('0912 600 001');
  await page.locator('#f-password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/diem-danh\//), page.locator('form[action="/dang-nhap"] button[type="submit"]').click()]);
  assert.match(await page.locator('h2').first().innerText(), /Bạn đã điểm danh thành công/);
  await checkA11y(page, 'event-checkin-360');
  // A second scan of the same code.
  await page.goto(env.baseUrl + url.pathname + url.search);
  assert.match(await page.locator('main').innerText(), /Bạn đã điểm danh\./);
  assert.doesNotMatch(await page.locator('main').innerText(), /thành công/);
  await screenshot(page, 'event-checkin-again-360');

  const db = env.t.database.db;
  const rows = await db.selectFrom('event_attendees').select('user_id').where('event_id', '=', eventId).execute();
  assert.equal(rows.length, 1);

  // The organiser's event page now counts 1 account + 4 anonymous.
  const eventPage = await organiser.newPage();
  await eventPage.goto(`${env.baseUrl}/quan-tri/su-kien/${eventId}`);
  assert.equal(await eventPage.locator('.stat').first().innerText(), '5');
  await checkA11y(eventPage, 'event-page-360');
  await organiser.close();
  await phone.close();
});

const pages = [
  { name: 'events-list', path: '/quan-tri/su-kien', who: 'organiser' },
  { name: 'event-new', path: '/quan-tri/su-kien/moi', who: 'organiser' },
  { name: 'events-dashboard', path: '/quan-tri/su-kien/bao-cao', who: 'organiser' },
  { name: 'initiatives-admin', path: '/quan-tri/sang-kien', who: 'city' },
  { name: 'initiative-new', path: '/quan-tri/sang-kien/moi', who: 'organiser' },
  { name: 'initiatives-dashboard', path: '/quan-tri/sang-kien/bao-cao', who: 'city' },
  { name: 'initiatives-public', path: '/sang-kien' },
];

for (const p of pages) {
  test(`axe-core finds no serious violation on ${p.name} at 360 px`, async () => {
    const context = await contextAs(p.who);
    const page = await context.newPage();
    const res = await page.goto(env.baseUrl + p.path);
    assert.equal(res?.status(), 200, p.path);
    await checkA11y(page, `${p.name}-360`);
    await context.close();
  });
}

test('axe-core on an initiative under review (city) and an accepted one (public, with the replication form for a unit admin) at 360 px', async () => {
  const db = env.t.database.db;
  const pending = await db.selectFrom('initiatives').select('id').where('status', '=', 'submitted').executeTakeFirstOrThrow();
  const accepted = await db.selectFrom('initiatives').select('id').where('status', '=', 'accepted').orderBy('id', 'desc').executeTakeFirstOrThrow();
  const city = await contextAs('city');
  const page = await city.newPage();
  assert.equal((await page.goto(`${env.baseUrl}/quan-tri/sang-kien/${pending.id}`))?.status(), 200);
  await checkA11y(page, 'initiative-review-360');
  await city.close();
  const organiser = await contextAs('organiser');
  const pub = await organiser.newPage();
  assert.equal((await pub.goto(`${env.baseUrl}/sang-kien/${accepted.id}`))?.status(), 200);
  await checkA11y(pub, 'initiative-public-360');
  await organiser.close();
});
