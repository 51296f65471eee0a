/**
 * Courses in a real browser: a learner finds a course by a search typed without diacritics, joins it,
 * opens a document and watches a (short, audio-only) video whose page script reports the watched share;
 * axe-core on the catalogue, course and learning pages at 360 and 1280 px, no sideways scrolling.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext } from 'playwright-core';
import { startBrowserEnv, seriousViolations, describeViolations, screenshot, type BrowserEnv } from './browser.js';
import { makeLearner, makePerson, sessionCookie } from '../helpers/factories.js';
import { makeCourse } from '../helpers/learning.js';

let env: BrowserEnv;
let learnerCookie: string;
let managerCookie: string;
let courseId: number;
let videoId: number;

/** A silent mono WAV file of the given length: <video> plays it and knows its duration. */
function silentWav(seconds: number, rate = 8000): Buffer {
  const data = Buffer.alloc(seconds * rate * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

before(async () => {
  env = await startBrowserEnv({ DEMO_COURSE: 'false' });
  const db = env.t.database.db;
  learnerCookie = await sessionCookie(db, await makeLearner(db, { fullName: 'Lương Thị Hạnh', unitCode: '10507' }));
  managerCookie = await sessionCookie(db, await makePerson(db, { unitCode: '31', roles: [{ role: 'content_manager', unitCode: '31' }] }));
  const course = await makeCourse(db, {
    title: 'Kỹ năng số cho người cao tuổi',
    slug: 'ky-nang-so-nguoi-cao-tuoi',
    description: 'Dùng điện thoại thông minh an toàn: cài đặt, gọi video, nhận biết tin nhắn lừa đảo.\n\nMỗi bài chỉ 5–7 phút.',
    audience: ['citizen'],
    activities: [
      { type: 'document', title: 'Sổ tay an toàn trên mạng', settings: { url: '/files/so-tay.pdf' } },
      { type: 'video', title: 'Gọi video bằng Zalo', settings: { url: '/files/goi-video.wav', minWatchedShare: 0.9 } },
      { type: 'quiz', title: 'Kiểm tra cuối khóa', required: false },
    ],
  });
  courseId = course.courseId;
  videoId = course.activityIds[1];
  await db.insertInto('content_tags').values([
    { subject_type: 'course', subject_id: courseId, kind: 'theme', code: '1' },
    { subject_type: 'course', subject_id: courseId, kind: 'competence', code: '4.2' },
  ]).execute();
  for (let i = 1; i <= 5; i++) await makeCourse(db, { title: `Thanh toán trực tuyến ${i}`, slug: `thanh-toan-${i}`, audience: ['trader'] });
});
after(() => env.close());

async function contextFor(width: number, cookie?: string): Promise<BrowserContext> {
  const context = await env.browser.newContext({ viewport: { width, height: 800 }, locale: 'vi-VN' });
  if (cookie) {
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: env.baseUrl }]);
  }
  await context.route('**/files/so-tay.pdf', (route) => route.fulfill({ contentType: 'text/plain; charset=utf-8', body: 'Sổ tay (PDF)' }));
  await context.route('**/files/goi-video.wav', (route) => route.fulfill({ contentType: 'audio/wav', body: silentWav(3) }));
  return context;
}

test('a learner finds the course without typing diacritics, joins, opens the document and sees progress', async () => {
  const context = await contextFor(360, learnerCookie);
  const page = await context.newPage();
  await page.goto(env.baseUrl + '/khoa-hoc');
  await page.getByLabel('Tìm theo tên khóa học').fill('ky nang so nguoi cao tuoi');
  await page.getByRole('button', { name: 'Tìm', exact: true }).click();
  await page.waitForURL('**/khoa-hoc?q=ky+nang+so+nguoi+cao+tuoi*');
  assert.match(await page.getByRole('status').innerText(), /Tìm thấy 1 khóa học/);
  await screenshot(page, 'courses-search-360');
  await page.getByRole('link', { name: 'Kỹ năng số cho người cao tuổi' }).click();
  await page.getByRole('button', { name: 'Tham gia khóa học' }).click();
  await page.waitForURL('**/khoa-hoc/ky-nang-so-nguoi-cao-tuoi?done=joined');
  assert.match(await page.locator('main').innerText(), /Bạn đã tham gia khóa học/);
  await page.getByRole('link', { name: 'Sổ tay an toàn trên mạng' }).click();
  await screenshot(page, 'courses-document-360');
  await page.getByRole('link', { name: 'Mở tài liệu (PDF)' }).click();
  await page.waitForURL('**/files/so-tay.pdf');
  await page.goto(env.baseUrl + '/khoa-hoc/ky-nang-so-nguoi-cao-tuoi');
  assert.equal(await page.getByRole('progressbar', { name: 'Tiến độ của bạn' }).getAttribute('value'), '50');
  const item = page.locator('.activity-list li', { hasText: 'Sổ tay an toàn trên mạng' });
  assert.match(await item.innerText(), /Đã hoàn thành/);
  await screenshot(page, 'courses-course-progress-360');
  await page.goto(env.baseUrl + '/hoc-tap');
  assert.match(await page.locator('main').innerText(), /Đang học[\s\S]*Kỹ năng số cho người cao tuổi[\s\S]*50 %/);
  await screenshot(page, 'courses-learner-home-360');
  await context.close();
});

test('the video page reports what was watched; watching it all completes the activity and the course', async () => {
  const context = await contextFor(360, learnerCookie);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${env.baseUrl}/hoc-tap/hoat-dong/${videoId}`);
  const reported = page.waitForResponse((r) => r.url().endsWith(`/api/activities/${videoId}/progress`) && r.request().method() === 'POST');
  await page.evaluate(() => {
    const v = document.getElementById('video') as HTMLVideoElement;
    v.muted = true;
    void v.play();
  });
  await page.waitForFunction(() => (document.getElementById('video') as HTMLVideoElement).ended, undefined, { timeout: 15_000 });
  const res = await reported;
  assert.equal(res.status(), 200);
  await page.getByText('Đã hoàn thành', { exact: true }).waitFor({ timeout: 5000 });
  assert.deepEqual(errors, []);
  await screenshot(page, 'courses-video-360');
  const enrolment = await env.t.database.db.selectFrom('enrolments').select('status').where('course_id', '=', courseId).executeTakeFirstOrThrow();
  assert.equal(enrolment.status, 'completed', 'document + video done: the optional quiz does not hold completion back');
  await page.goto(env.baseUrl + '/hoc-tap');
  assert.match(await page.locator('#da-hoan-thanh + ul').innerText(), /Kỹ năng số cho người cao tuổi/);
  await context.close();
});

const pages: Array<{ name: string; path: string | (() => string); cookie?: () => string }> = [
  { name: 'catalogue', path: '/khoa-hoc' },
  { name: 'catalogue-search', path: '/khoa-hoc?q=thanh+toan&group=trader' },
  { name: 'course', path: '/khoa-hoc/ky-nang-so-nguoi-cao-tuoi' },
  { name: 'course-learner', path: '/khoa-hoc/ky-nang-so-nguoi-cao-tuoi', cookie: () => learnerCookie },
  { name: 'activity-video', path: () => `/hoc-tap/hoat-dong/${videoId}`, cookie: () => learnerCookie },
  { name: 'authoring-list', path: '/quan-tri/khoa-hoc', cookie: () => managerCookie },
  { name: 'authoring-outline', path: () => `/quan-tri/khoa-hoc/${courseId}`, cookie: () => managerCookie },
  { name: 'authoring-form', path: () => `/quan-tri/khoa-hoc/${courseId}/sua`, cookie: () => managerCookie },
  { name: 'authoring-activity', path: () => `/quan-tri/khoa-hoc/${courseId}/hoat-dong/${videoId}`, cookie: () => managerCookie },
];

for (const width of [360, 1280]) {
  for (const p of pages) {
    test(`axe-core finds no serious or critical violation on ${p.name} at ${width} px, and nothing scrolls sideways`, async () => {
      const context = await contextFor(width, p.cookie?.());
      const page = await context.newPage();
      const path = typeof p.path === 'string' ? p.path : p.path();
      const res = await page.goto(env.baseUrl + path);
      assert.equal(res?.status(), 200);
      const violations = await seriousViolations(page);
      await screenshot(page, `courses-${p.name}-${width}`);
      assert.equal(violations.length, 0, describeViolations(violations));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px`);
      await context.close();
    });
  }
}
