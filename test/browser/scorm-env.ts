/**
 * Browser environment for the SCORM player: the app listens on 127.0.0.1 on a free port, and is
 * reached under two names — the platform as http://localhost:<port> (PUBLIC_URL) and package content
 * as http://127.0.0.1:<port> (CONTENT_URL) — so the two origins are really different sites, as in
 * production. The learner is signed in with a host-only, HttpOnly, SameSite=Lax session cookie.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { makeTestApp, type TestApp } from '../helpers/app.js';
import { createSession } from '../../src/core/sessions.js';
import { makeDataDir, scormCourse } from '../helpers/scorm.js';
import { makeLearner } from '../helpers/factories.js';
import { enrol } from '../helpers/learning.js';
import { CHROMIUM } from './browser.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface ScormBrowserEnv {
  t: TestApp;
  baseUrl: string;
  contentUrl: string;
  browser: Browser;
  dataDir: string;
  /** A browser context signed in as the user (viewport 1280×800 unless given). */
  signedIn(userId: number, viewport?: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function startScormBrowserEnv(env: Record<string, string> = {}): Promise<ScormBrowserEnv> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium`);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const contentUrl = `http://127.0.0.1:${port}`;
  const dataDir = makeDataDir();
  const t = await makeTestApp({ PUBLIC_URL: baseUrl, CONTENT_URL: contentUrl, DATA_DIR: dataDir, ...env });
  await t.app.listen({ host: '127.0.0.1', port });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true, timeout: 30_000 });
  return {
    t,
    baseUrl,
    contentUrl,
    browser,
    dataDir,
    async signedIn(userId, viewport = { width: 1280, height: 800 }) {
      const context = await browser.newContext({ viewport });
      const token = await createSession(t.database.db, userId, 24);
      await context.addCookies([{ name: 'kns_sid', value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
      const page = await context.newPage();
      page.on('dialog', (d) => void d.accept()); // the Golf samples ask "resume where you left off?"
      return { context, page };
    },
    async close() {
      await browser.close();
      await t.close();
      await fsp.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A course with one SCORM activity on the package, and an enrolled learner. */
export async function courseWithLearner(env: ScormBrowserEnv, packageId: number, opts: { fullName?: string } = {}) {
  const db = env.t.database.db;
  const { courseId, activityId } = await scormCourse(db, packageId);
  const userId = await makeLearner(db, { fullName: opts.fullName ?? 'Nguyễn Thị Học' });
  await enrol(db, courseId, userId);
  return { courseId, activityId, userId, url: `${env.baseUrl}/hoc-tap/scorm/${activityId}` };
}

/** The first frame whose URL matches, waiting for it. */
export async function frameMatching(page: Page, pattern: RegExp, timeout = 15_000): Promise<Frame> {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((f) => pattern.test(f.url()));
    if (frame) return frame;
    if (Date.now() > end) throw new Error(`no frame matching ${pattern}; frames: ${page.frames().map((f) => f.url()).join(', ')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Polls until `check` returns a truthy value (e.g. a row the server wrote). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, what: string, timeout = 30_000): Promise<T> {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Closes the tab as a person does (pagehide, unload handlers), then its context. */
export async function closeTab(context: BrowserContext, page: Page): Promise<void> {
  await page.close({ runBeforeUnload: true });
  await new Promise((r) => setTimeout(r, 500));
  await context.close();
}
