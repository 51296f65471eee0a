/**
 * The materialized "basic digital skills attained" table (src/modules/skills/basic-skills-attained.ts) holds exactly
 * the people the rule's reference subquery (basicSkillsUserIds) finds, after a sequence of real writes: the rule
 * saved on its admin page, courses joined and left, documents opened and videos watched through the routes, a done
 * activity lowered again (a new SCORM attempt goes through the same recordActivityProgress), a re-activation by a
 * unit's bulk enrolment, a personal-data deletion. The table is compared WITHOUT any rebuild in between (the marker
 * says it is built for the saved rule), so each step proves the incremental upkeep. Then a rule written behind the
 * application's back is picked up by the next reader (rebuild), and a dashboard counts from the table.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { makeCourse } from './helpers/learning.js';
import { tagCompetences } from './helpers/completion.js';
import { recordActivityProgress } from '../src/modules/courses/progress.js';
import { BASIC_SKILLS_KEY, loadBasicSkillsRule, meetsBasicSkills } from '../src/modules/skills/basic-skills.js';
import { BASIC_SKILLS_BUILT_KEY, ensureBasicSkills } from '../src/modules/skills/basic-skills-attained.js';

let t: TestApp;
let city: TestClient;
const db = (): Kysely<DB> => t.database.db;
const lesson = [
  { type: 'video', title: 'Video', settings: { url: '/files/video.mp4', minWatchedShare: 0.9 } },
  { type: 'document', title: 'Tài liệu', settings: { url: 'https://example.vn/tai-lieu.pdf' } },
];
let a: Awaited<ReturnType<typeof makeCourse>>;
let b: Awaited<ReturnType<typeof makeCourse>>;
let c1: string;
let c2: string;
const people: Record<string, { id: number; client: TestClient }> = {};

before(async () => {
  t = await makeTestApp();
  city = new TestClient(t.app, await sessionCookie(db(), await makeCityAdmin(db())));
  a = await makeCourse(db(), { slug: 'pho-cap-a', title: 'Phổ cập A', activities: lesson });
  b = await makeCourse(db(), { slug: 'pho-cap-b', title: 'Phổ cập B', activities: lesson, hostUnitCode: '10507' });
  [c1, c2] = (await db().selectFrom('competences').select('code').orderBy('code').limit(2).execute()).map((r) => r.code);
  // The documents carry the competences: A's covers c1, B's covers c1 and c2.
  await tagCompetences(db(), 'activity', a.activityIds[1], [c1]);
  await tagCompetences(db(), 'activity', b.activityIds[1], [c1, c2]);
  for (const key of ['an', 'binh', 'cuong', 'dung']) {
    const id = await makePerson(db(), { unitCode: '10507', fullName: `Người học ${key}` });
    people[key] = { id, client: new TestClient(t.app, await sessionCookie(db(), id)) };
  }
});
after(() => t.close());

const sorted = (ids: Iterable<number>) => [...ids].map(Number).sort((x, y) => x - y);

/** The table equals the reference, with no rebuild pending; returns the ids. */
async function same(label: string): Promise<number[]> {
  const settings = await db().selectFrom('settings').select(['key', 'value']).where('key', 'in', [BASIC_SKILLS_KEY, BASIC_SKILLS_BUILT_KEY]).execute();
  assert.equal(settings.find((s) => s.key === BASIC_SKILLS_BUILT_KEY)?.value, settings.find((s) => s.key === BASIC_SKILLS_KEY)?.value ?? '', `${label}: built for the saved rule`);
  const rule = await loadBasicSkillsRule(db());
  const expected = sorted(rule ? await meetsBasicSkills(db(), undefined, rule) : []);
  const table = sorted((await db().selectFrom('basic_skills_attained').select('user_id').execute()).map((r) => r.user_id));
  assert.deepEqual(table, expected, label);
  return table;
}

/** The rule's page, with repeated fields (several competences). */
async function saveRule(fields: Array<[string, string]>) {
  const body = new URLSearchParams([['_csrf', await city.csrfToken()], ...fields]);
  return city.request({ method: 'POST', url: '/quan-tri/pho-cap-ky-nang', payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const join = (who: string, slug: string) => people[who].client.postForm(`/khoa-hoc/${slug}/tham-gia`, {});
const openDocument = (who: string, activityId: number) => people[who].client.get(`/hoc-tap/hoat-dong/${activityId}/mo`);
const watch = (who: string, activityId: number, share: number) => people[who].client.sendJson('POST', `/api/activities/${activityId}/progress`, { watchedShare: share });

test('the table follows every write the rule reads, and equals the reference subquery at each step', async () => {
  // The rule, saved on its page: course A completed and competence c1 covered.
  const saved = await saveRule([['courses', String(a.courseId)], ['mode', 'all'], ['competences', c1]]);
  assert.equal(saved.statusCode, 303, saved.body);
  assert.deepEqual(await same('rule saved, nobody yet'), []);

  // An joins A and opens its document (c1 covered), but A is not completed yet.
  assert.equal((await join('an', 'pho-cap-a')).statusCode, 303);
  assert.equal((await openDocument('an', a.activityIds[1])).statusCode, 303);
  assert.deepEqual(await same('c1 covered, course not completed'), []);
  // The video watched: the course completes → attained.
  assert.equal((await watch('an', a.activityIds[0], 0.95)).json().courseCompleted, true);
  assert.deepEqual(await same('An completed A'), [people.an.id]);

  // Bình completes A the other way round (video first, then the document); Cường completes B only.
  await join('binh', 'pho-cap-a');
  await watch('binh', a.activityIds[0], 1);
  assert.deepEqual(await same('Bình: video only'), [people.an.id]);
  await openDocument('binh', a.activityIds[1]);
  await join('cuong', 'pho-cap-b');
  await openDocument('cuong', b.activityIds[1]);
  await watch('cuong', b.activityIds[0], 1);
  assert.deepEqual(await same('Bình completed A, Cường B'), sorted([people.an.id, people.binh.id]));

  // A new attempt lowers Bình's document (as a SCORM commit may): c1 no longer covered by it — but still by nothing
  // else, so Bình no longer meets the rule.
  await db().transaction().execute((trx) => recordActivityProgress(trx, { activityId: a.activityIds[1], userId: people.binh.id, status: 'in_progress', allowDowngrade: true }));
  assert.deepEqual(await same('Bình’s document lowered'), [people.an.id]);

  // The rule changes on its page: competences c1 and c2, no course. Rebuilt: only Cường covers both (course B).
  assert.equal((await saveRule([['mode', 'any'], ['competences', c1], ['competences', c2]])).statusCode, 303);
  assert.deepEqual(await same('rule: c1 + c2'), [people.cuong.id]);

  // Dũng joins B, opens its document (both competences) and leaves: done activities count, left course or not.
  await join('dung', 'pho-cap-b');
  await openDocument('dung', b.activityIds[1]);
  assert.equal((await people.dung.client.postForm('/khoa-hoc/pho-cap-b/roi', {})).statusCode, 303);
  assert.deepEqual(await same('Dũng covered c1 + c2, then left B'), sorted([people.cuong.id, people.dung.id]));

  // Rule: course B completed ("any"). A unit administrator's bulk enrolment re-activates Dũng's left enrolment in B;
  // completed before leaving (set here: the app never lets a completed enrolment be left), it comes back completed.
  assert.equal((await saveRule([['courses', String(b.courseId)], ['mode', 'any']])).statusCode, 303);
  assert.deepEqual(await same('rule: course B'), [people.cuong.id]);
  await db().updateTable('enrolments').set({ completed_at: new Date().toISOString() }).where('course_id', '=', b.courseId).where('user_id', '=', people.dung.id).execute();
  const admin = new TestClient(t.app, await sessionCookie(db(), await makeUnitAdmin(db(), '10507')));
  const bulk = await admin.sendJson('POST', '/api/enrolments/bulk', { course: b.courseId, unit: '10507' });
  assert.equal(bulk.statusCode, 200, bulk.body);
  assert.equal((bulk.json() as { reactivated: number }).reactivated, 1);
  assert.deepEqual(await same('Dũng re-activated as completed'), sorted([people.cuong.id, people.dung.id]));

  // Cường's data is deleted (at his request, by the administrator): his anonymous records still count.
  assert.equal((await people.cuong.client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' })).statusCode, 303);
  assert.equal((await city.postForm(`/quan-tri/yeu-cau-xoa/${people.cuong.id}`, { confirm: 'yes' })).statusCode, 303);
  assert.equal((await db().selectFrom('users').select('status').where('id', '=', people.cuong.id).executeTakeFirstOrThrow()).status, 'deleted');
  assert.deepEqual(await same('after the deletion'), sorted([people.cuong.id, people.dung.id]));
});

test('a rule written behind the application’s back is picked up by the next reader; no rule, an empty table', async () => {
  const now = new Date().toISOString();
  await db().updateTable('settings').set({ value: JSON.stringify({ courses: [a.courseId], mode: 'all' }), updated_at: now }).where('key', '=', BASIC_SKILLS_KEY).execute();
  const stale = await db().selectFrom('settings').select('value').where('key', '=', BASIC_SKILLS_BUILT_KEY).executeTakeFirstOrThrow();
  assert.notEqual(stale.value, JSON.stringify({ courses: [a.courseId], mode: 'all' }));
  // A reader: the city dashboard's figures (they count from the table).
  const page = await city.get('/quan-tri/so-lieu?ky=khac&tu=2020-01-01&den=2030-12-31');
  assert.equal(page.statusCode, 200);
  assert.deepEqual(await same('rebuilt for course A'), sorted([people.an.id, people.binh.id])); // Bình's enrolment stayed completed

  await db().deleteFrom('settings').where('key', '=', BASIC_SKILLS_KEY).execute();
  assert.equal(await ensureBasicSkills(db()), undefined);
  assert.deepEqual(await same('no rule'), []);
  // With no rule, writes leave the table empty.
  await join('dung', 'pho-cap-a');
  await openDocument('dung', a.activityIds[1]);
  await watch('dung', a.activityIds[0], 1);
  assert.deepEqual(await same('no rule, a course completed'), []);
});
