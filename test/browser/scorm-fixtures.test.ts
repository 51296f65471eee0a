/**
 * Every good sample package of ../shared/fixtures/scorm in the real player (Chromium, platform and
 * content on two different sites): launch, move on, close the tab, reopen (as on another device),
 * resume at the same place; completion and score recorded; a SCO that never calls the API reopens
 * at the page it was left on and is completed once viewed; the multi-SCO package moves through its
 * table of contents; the sequencing package enforces its forced order.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { FIXTURES, FIXTURES_SKIP, fixturesPresent, storePackage } from '../helpers/scorm.js';
import { closeTab, courseWithLearner, eventually, frameMatching, startScormBrowserEnv, type ScormBrowserEnv } from './scorm-env.js';

let env: ScormBrowserEnv;
before(async () => {
  env = await startScormBrowserEnv();
});
after(() => env.close());

const db = () => env.t.database.db;

async function fixtureCourse(name: string) {
  const pkg = await storePackage(db(), env.t.config, path.join(FIXTURES, `${name}.zip`));
  return courseWithLearner(env, pkg.id);
}

/** The Golf samples: a launch page with Previous/Next buttons around an inner page frame. */
async function golfPage(page: Page, pattern: RegExp): Promise<Frame> {
  return frameMatching(page, pattern);
}

async function golfNext(page: Page, launch: Frame, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    const before = page.frames().map((f) => f.url()).join();
    await launch.click('#butNext');
    // Some samples list the same page twice in a row: then no frame changes, and that is fine.
    await eventually(async () => page.frames().map((f) => f.url()).join() !== before, 'the next page', 2000).catch(() => undefined);
  }
}

/**
 * Checks every right answer of the Golf knowledge check (the template marks them) and submits.
 * The frame's URL changes when its navigation commits, long before the template has loaded its
 * question files and written the questions (document.write, at the end of parsing): answering then
 * finds no question and submits a failing score. So wait for the whole document first.
 */
async function answerGolfQuiz(quiz: Frame): Promise<void> {
  await quiz.waitForFunction(() => document.readyState === 'complete' && document.querySelector('input[value="Submit Answers"]') !== null, undefined, { timeout: 15_000 });
  const { answered, questions } = await quiz.evaluate(() => {
    const divs = Array.from(document.querySelectorAll('.correctAnswer'));
    for (const div of divs) {
      const input = div.querySelector('input') as HTMLInputElement;
      if (input.type === 'radio') input.checked = true;
      else input.value = /\(([^)]*)\)/.exec(div.textContent ?? '')![1];
    }
    return { answered: divs.length, questions: document.querySelectorAll('.question').length };
  });
  assert.ok(questions > 0 && answered === questions, `answered ${answered} of ${questions} questions`);
  await quiz.click('input[value="Submit Answers"]');
}

const attemptRows = (userId: number) =>
  db().selectFrom('scorm_attempts').select(['sco_id', 'seq', 'location', 'last_page', 'completion_status', 'success_status', 'score_raw', 'score_scaled', 'total_time_seconds']).where('user_id', '=', userId).orderBy('id').execute();
const progress = (activityId: number, userId: number) =>
  db().selectFrom('activity_progress').select(['status', 'score']).where('activity_id', '=', activityId).where('user_id', '=', userId).executeTakeFirst();

for (const name of ['RuntimeBasicCalls_SCORM12', 'RuntimeBasicCalls_SCORM20043rdEdition']) {
  test(`${name}: resume on another device at the same page, then the quiz records score and status`, async (tc) => {
    if (!fixturesPresent) return tc.skip(FIXTURES_SKIP);
    const c = await fixtureCourse(name);
    const first = await env.signedIn(c.userId);
    await first.page.goto(c.url);
    const launch = await golfPage(first.page, /launchpage\.html/);
    await golfPage(first.page, /Playing\/Playing\.html/);
    await golfNext(first.page, launch, 3);
    await golfPage(first.page, /Playing\/OtherScoring\.html/);
    await eventually(async () => (await attemptRows(c.userId))[0].location === '3', 'the bookmark stored');
    await closeTab(first.context, first.page);
    const [closed] = await attemptRows(c.userId);
    assert.equal(closed.completion_status, 'incomplete');
    assert.ok(closed.total_time_seconds >= 1, 'the session time counted at close');
    assert.equal(closed.last_page, null, 'a SCO that calls the API keeps no page: it resumes from its bookmark');

    const other = await env.signedIn(c.userId);
    await other.page.goto(c.url);
    const launch2 = await golfPage(other.page, /launchpage\.html/);
    await golfPage(other.page, /Playing\/OtherScoring\.html/);
    await golfNext(other.page, launch2, 11);
    const quiz = await golfPage(other.page, /assessmenttemplate\.html/);
    await answerGolfQuiz(quiz);
    const done = await eventually(async () => {
      const [row] = await attemptRows(c.userId);
      return row.success_status === 'passed' && row;
    }, 'the quiz result stored');
    assert.equal(done.completion_status, 'completed');
    assert.equal(done.score_raw, 100);
    assert.equal(done.score_scaled, 1);
    assert.deepEqual(await progress(c.activityId, c.userId), { status: 'passed', score: 100 });
    const enrolment = await db().selectFrom('enrolments').select('status').where('course_id', '=', c.courseId).where('user_id', '=', c.userId).executeTakeFirstOrThrow();
    assert.equal(enrolment.status, 'completed');
    await closeTab(other.context, other.page);
  });
}

/** Follows a link inside the SCO frame as a learner does (this sample has none: one is added to the page). */
async function followLink(page: Page, frame: Frame, href: string, lands: RegExp): Promise<Frame> {
  await frame.evaluate((h) => {
    const a = document.createElement('a');
    a.href = h;
    a.id = 'kns-test-link';
    a.textContent = 'next';
    document.body.append(a);
  }, href);
  await frame.click('#kns-test-link');
  return frameMatching(page, lands);
}

test('ContentPackagingSingleSCO_SCORM20042ndEdition (never calls the API): reopens on another device at the page left, completed once viewed', async (tc) => {
  if (!fixturesPresent) return tc.skip(FIXTURES_SKIP);
  const c = await fixtureCourse('ContentPackagingSingleSCO_SCORM20042ndEdition');
  const first = await env.signedIn(c.userId);
  await first.page.goto(c.url);
  const sco = await frameMatching(first.page, /shared\/launchpage\.html/);
  assert.match(await sco.textContent('h1') ?? '', /Not implemented yet/);
  const playing = await followLink(first.page, sco, '../Playing/Playing.html', /Playing\/Playing\.html/);
  await followLink(first.page, playing, 'Par.html?from=playing', /Playing\/Par\.html\?from=playing/);
  const open = await eventually(async () => {
    const [row] = await attemptRows(c.userId);
    return row.last_page === 'Playing/Par.html?from=playing' && row;
  }, 'the page stored');
  assert.equal(open.completion_status, 'incomplete', 'in progress while open');
  assert.equal((await progress(c.activityId, c.userId))?.status, 'in_progress');
  await closeTab(first.context, first.page);

  // Leaving ends the launch: a SCO that never called the API and was viewed is completed.
  const done = await eventually(async () => {
    const [row] = await attemptRows(c.userId);
    return row.completion_status === 'completed' && row;
  }, 'completion stored when the learner left');
  assert.equal(done.last_page, 'Playing/Par.html?from=playing');
  assert.equal((await progress(c.activityId, c.userId))?.status, 'completed');
  const enrolment = await db().selectFrom('enrolments').select('status').where('course_id', '=', c.courseId).where('user_id', '=', c.userId).executeTakeFirstOrThrow();
  assert.equal(enrolment.status, 'completed');

  const other = await env.signedIn(c.userId);
  await other.page.goto(c.url);
  const back = await frameMatching(other.page, /Playing\/Par\.html\?from=playing/);
  assert.match(await back.textContent('h1') ?? '', /Par/);
  assert.ok(!other.page.frames().some((f) => /shared\/launchpage\.html/.test(f.url())), 'the launch page is not shown again');
  await closeTab(other.context, other.page);
});

test('ContentPackagingOneFilePerSCO_SCORM12: 18 items in 4 groups, moved through with the table of contents', async (tc) => {
  if (!fixturesPresent) return tc.skip(FIXTURES_SKIP);
  const c = await fixtureCourse('ContentPackagingOneFilePerSCO_SCORM12');
  const first = await env.signedIn(c.userId);
  const { page } = first;
  await page.goto(c.url);
  await frameMatching(page, /Playing\/Playing\.html/);
  assert.deepEqual(await page.$$eval('.toc-group', (g) => g.map((x) => x.textContent)), ['Playing the Game', 'Etiquette', 'Handicapping', 'Having Fun']);
  const ids = await page.$$eval('button[data-item]', (b) => b.map((x) => x.dataset.item!));
  assert.equal(ids.length, 18);
  await page.click('button[data-item="etiquette_distracting_item"]');
  await frameMatching(page, /Etiquette\/Distracting\.html/);
  assert.equal(await page.getAttribute('button[data-item="etiquette_distracting_item"]', 'aria-current'), 'step');
  await page.click('#nav-next');
  await frameMatching(page, /Etiquette\/Play\.html/);
  await eventually(async () => (await attemptRows(c.userId)).filter((r) => r.completion_status === 'completed').length === 3, 'three visits stored');
  await closeTab(first.context, page);

  const other = await env.signedIn(c.userId);
  await other.page.goto(c.url);
  await frameMatching(other.page, /Etiquette\/Play\.html/);
  assert.equal(await other.page.getAttribute('[data-item-status="etiquette_distracting_item"]', 'data-status'), 'completed');
  for (const id of ids) {
    if (await other.page.getAttribute(`[data-item-status="${id}"]`, 'data-status') === 'completed') continue;
    await other.page.click(`button[data-item="${id}"]`);
    await eventually(async () => (await other.page.getAttribute(`[data-item-status="${id}"]`, 'data-status')) === 'completed', `${id} visited`);
  }
  await eventually(async () => (await progress(c.activityId, c.userId))?.status === 'completed', 'the activity completed when every item was opened');
  await closeTab(other.context, other.page);
});

test('SequencingForcedSequential_SCORM20043rdEdition: later lessons stay disabled until the earlier one is satisfied', async (tc) => {
  if (!fixturesPresent) return tc.skip(FIXTURES_SKIP);
  const c = await fixtureCourse('SequencingForcedSequential_SCORM20043rdEdition');
  const first = await env.signedIn(c.userId);
  const { page } = first;
  await page.goto(c.url);
  const launch = await frameMatching(page, /launchpage\.html\?content=playing/);
  await frameMatching(page, /Playing\/Playing\.html/);
  const tocState = () => page.$$eval('button[data-item]', (b) => Object.fromEntries(b.map((x) => [x.dataset.item!, x.getAttribute('aria-disabled') === 'true' ? 'disabled' : x.hasAttribute('aria-current') ? 'current' : 'open'])));
  assert.deepEqual(await tocState(), { playing_item: 'current', etuqiette_item: 'disabled', handicapping_item: 'disabled', havingfun_item: 'disabled', assessment_item: 'disabled' });
  // Even forced, a click on a disabled lesson does nothing.
  await page.click('button[data-item="handicapping_item"]', { force: true });
  await new Promise((r) => setTimeout(r, 500));
  assert.ok(page.frames().some((f) => /content=playing/.test(f.url())));
  assert.ok(!page.frames().some((f) => /content=handicapping/.test(f.url())));

  await golfNext(page, launch, 4); // the last page completes and satisfies "Playing the Game"
  await eventually(async () => (await attemptRows(c.userId))[0].success_status === 'passed', 'playing satisfied');
  await page.click('#nav-next');
  const etiquette = await frameMatching(page, /launchpage\.html\?content=etiquette/);
  await frameMatching(page, /Etiquette\/Course\.html/);
  await eventually(async () => (await tocState()).etuqiette_item === 'current', 'the second lesson delivered');
  assert.deepEqual(await tocState(), { playing_item: 'open', etuqiette_item: 'current', handicapping_item: 'disabled', havingfun_item: 'disabled', assessment_item: 'disabled' });
  await golfNext(page, etiquette, 2);
  await frameMatching(page, /Etiquette\/Play\.html/);
  await eventually(async () => (await attemptRows(c.userId))[1].location === '2', 'the bookmark in the second lesson');
  await closeTab(first.context, page);

  const other = await env.signedIn(c.userId);
  await other.page.goto(c.url);
  await frameMatching(other.page, /launchpage\.html\?content=etiquette/);
  await frameMatching(other.page, /Etiquette\/Play\.html/);
  const state = await db().selectFrom('scorm_sequencing').select('state').where('user_id', '=', c.userId).executeTakeFirstOrThrow();
  assert.equal(JSON.parse(state.state).sequencing.currentActivity, 'etuqiette_item');
  await closeTab(other.context, other.page);
});
