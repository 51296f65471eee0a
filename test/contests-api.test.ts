/**
 * The contestants' JSON API on both databases: public contest info, one-click registration, entering and
 * resuming on another device, answers (idempotent, bad input), submit twice, results hidden until the round
 * closes, another person's attempt (404), the answer key never in any response, and the per-account rate limit.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { CONTEST_EXPLAIN, makeContest } from './helpers/contests.js';
import { clearContestCache } from '../src/modules/contests/api.js';

let t: TestApp;
let db: Kysely<DB>;

before(async () => {
  t = await makeTestApp({ CONTEST_SWEEP_SECONDS: '0' });
  db = t.database.db;
});
after(() => t.close());

async function signedIn(userId?: number) {
  const id = userId ?? (await makePerson(db, { fullName: 'Phan Thị Mai', unitCode: '10507' }));
  return { userId: id, client: new TestClient(t.app, await sessionCookie(db, id)) };
}

/** Every response of an attempt is kept and scanned for the key. */
function keeper() {
  const seen: LightMyRequestResponse[] = [];
  return { seen, keep: async (p: Promise<LightMyRequestResponse>) => (seen.push(await p), seen[seen.length - 1]) };
}

async function assertNoKey(seen: LightMyRequestResponse[], bankId: number) {
  const keys = await db.selectFrom('questions').select(['answer_key', 'explanation']).where('bank_id', '=', bankId).execute();
  for (const res of seen) {
    assert.ok(!res.body.includes(CONTEST_EXPLAIN), 'no explanation text');
    for (const k of keys) assert.ok(!res.body.includes(k.explanation));
    assert.doesNotMatch(res.body, /answer_?key|explanation|"correct"|"right"|"score"|"percent"|"passed"/i, `no key or result field in ${res.body.slice(0, 200)}`);
  }
}

const rightPlaces = async (attemptId: number) => {
  const rows = await db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.option_order', 'questions.answer_key'])
    .where('attempt_id', '=', attemptId)
    .execute();
  return new Map(
    rows.map((r) => {
      const order = JSON.parse(r.option_order) as number[];
      const key = new Set(JSON.parse(r.answer_key) as number[]);
      return [r.position, order.flatMap((o, place) => (key.has(o) ? [place] : []))];
    }),
  );
};

test('public contest info: rules, rounds with their status, live counters; drafts are not found', async () => {
  const { contest } = await makeContest(db);
  const anon = new TestClient(t.app);
  const res = await anon.get(`/api/contests/${contest.slug}`);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.equal(body.title, contest.title);
  assert.equal(body.rounds.length, 1);
  assert.equal(body.rounds[0].status, 'open');
  assert.equal(body.rounds[0].questionCount, 10);
  assert.equal(body.rounds[0].timeLimitSeconds, 900);
  assert.equal(body.registrationOpen, true);
  assert.equal(body.counters.registrants, 0);
  assert.equal('registered' in body, false);
  const draft = await makeContest(db, { status: 'draft' });
  assert.equal((await anon.get(`/api/contests/${draft.contest.slug}`)).statusCode, 404);
  assert.equal((await anon.get('/api/contests/khong-co')).statusCode, 404);
});

test('one click registration: 401 when signed out, 201 then 200, and the contest says registered', async () => {
  const { contest } = await makeContest(db);
  const anon = new TestClient(t.app);
  assert.equal((await anon.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {})).statusCode, 401);
  const { client } = await signedIn();
  const first = await client.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {});
  assert.equal(first.statusCode, 201, first.body);
  assert.equal(first.json().unitCode, '10507');
  assert.equal(first.json().fullName, 'Phan Thị Mai');
  const second = await client.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {});
  assert.equal(second.statusCode, 200);
  assert.deepEqual(second.json(), first.json());
  assert.equal((await client.get(`/api/contests/${contest.slug}`)).json().registered, true);
  const bad = await (await signedIn()).client.sendJson('POST', `/api/contests/${contest.slug}/registrations`, { idNumber: '12' });
  assert.equal(bad.statusCode, 422);
  assert.equal(bad.json().error.code, 'CONTEST_ID_NUMBER_INVALID');
  assert.match(bad.json().error.message, /12 chữ số/);
});

test('a whole attempt through the API: enter, resume on another device, answers, prediction, submit twice; never the key; results after the close', async () => {
  const { contest, rounds, bankId } = await makeContest(db, { timeLimitSeconds: 1200 });
  const { userId, client } = await signedIn();
  const { seen, keep } = keeper();
  const base = `/api/contests/${contest.slug}/rounds/1`;

  const notRegistered = await client.sendJson('POST', `${base}/attempts`, {});
  assert.equal(notRegistered.statusCode, 403);
  assert.equal(notRegistered.json().error.code, 'CONTEST_NOT_REGISTERED');
  await client.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {});

  const started = await keep(client.sendJson('POST', `${base}/attempts`, {}));
  assert.equal(started.statusCode, 201, started.body);
  const play = started.json();
  assert.equal(play.state, 'in_progress');
  assert.equal(play.questions.length, 10);
  assert.equal(play.roundNumber, 1);
  assert.ok(play.remainingMs > 1_190_000 && play.remainingMs <= 1_200_000);
  assert.equal(play.prediction.value, null);

  // The start's view (built from the cached bank) is the attempt as stored.
  const stored = (await keep(client.get(`/api/contest-attempts/${play.attemptId}`))).json();
  assert.deepEqual(stored.questions, play.questions);
  assert.equal(stored.deadlineAt, play.deadlineAt);
  assert.deepEqual(stored.prediction, play.prediction);

  // Another device: a second session of the same person gets the same attempt.
  const other = new TestClient(t.app, await sessionCookie(db, userId));
  const resumed = await keep(other.sendJson('POST', `${base}/attempts`, {}));
  assert.equal(resumed.statusCode, 200);
  assert.equal(resumed.json().attemptId, play.attemptId);
  assert.ok(resumed.json().remainingMs <= play.remainingMs);

  const id = play.attemptId;
  const right = await rightPlaces(id);
  for (const [p, places] of right) {
    const r = await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/${p}`, { choices: places }));
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().changed, true);
  }
  const replay = await keep(other.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: right.get(1) }));
  assert.equal(replay.statusCode, 200);
  assert.equal(replay.json().changed, false);
  assert.equal(replay.json().position, 1);
  const view = await keep(other.get(`/api/contest-attempts/${id}`));
  assert.deepEqual(view.json().questions.map((q: { chosen: number[] }) => q.chosen), [...right.keys()].sort((a, b) => a - b).map((p) => right.get(p)));

  // Bad input: refused, nothing changes.
  const before = await db.selectFrom('attempt_questions').select(['position', 'response', 'answered_at']).where('attempt_id', '=', id).orderBy('position').execute();
  const notInAttempt = await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/11`, { choices: [0] }));
  assert.equal(notInAttempt.statusCode, 422);
  assert.equal(notInAttempt.json().error.code, 'QUIZ_QUESTION_NOT_IN_ATTEMPT');
  assert.equal((await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: [8] }))).json().error.code, 'QUIZ_CHOICE_OUT_OF_RANGE');
  assert.equal((await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: ['a'] }))).statusCode, 400);
  assert.equal((await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: [1.5] }))).statusCode, 400);
  assert.equal((await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: [0], extra: 1 }))).statusCode, 400);
  assert.equal((await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/prediction`, { value: -3 }))).statusCode, 400);
  assert.deepEqual(await db.selectFrom('attempt_questions').select(['position', 'response', 'answered_at']).where('attempt_id', '=', id).orderBy('position').execute(), before);

  // Another person: 404 on everything of this attempt.
  const stranger = await signedIn();
  assert.equal((await stranger.client.get(`/api/contest-attempts/${id}`)).statusCode, 404);
  assert.equal((await stranger.client.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: [0] })).statusCode, 404);
  assert.equal((await stranger.client.sendJson('PUT', `/api/contest-attempts/${id}/prediction`, { value: 1 })).statusCode, 404);
  assert.equal((await stranger.client.sendJson('POST', `/api/contest-attempts/${id}/submit`, {})).statusCode, 404);

  const prediction = await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/prediction`, { value: 4321 }));
  assert.deepEqual(prediction.json(), { changed: true });

  const submitted = await keep(client.sendJson('POST', `/api/contest-attempts/${id}/submit`, {}));
  assert.equal(submitted.statusCode, 200, submitted.body);
  const again = await keep(other.sendJson('POST', `/api/contest-attempts/${id}/submit`, {}));
  assert.deepEqual(again.json(), submitted.json());
  assert.equal(submitted.json().state, 'finished');
  assert.equal(submitted.json().visible, false);
  const late = await keep(client.sendJson('PUT', `/api/contest-attempts/${id}/answers/1`, { choices: [0] }));
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().error.code, 'QUIZ_ATTEMPT_CLOSED');
  const finalView = await keep(client.get(`/api/contest-attempts/${id}`));
  assert.equal(finalView.json().questions.length, 0);
  const hidden = await keep(client.get(`${base}/result`));
  assert.equal(hidden.json().visible, false);
  assert.equal(hidden.json().attempts[0].prediction, 4321);
  assert.equal(hidden.json().attemptsLeft, 0);
  const noMore = await keep(client.sendJson('POST', `${base}/attempts`, {}));
  assert.equal(noMore.json().error.code, 'QUIZ_NO_ATTEMPTS_LEFT');

  await assertNoKey(seen, bankId);

  // The round closes: results show.
  await db.updateTable('contest_rounds').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', rounds[0].id).execute();
  clearContestCache(db);
  const shown = await client.get(`${base}/result`);
  assert.equal(shown.json().visible, true);
  assert.equal(shown.json().status, 'closed');
  assert.equal(shown.json().attempts[0].correct, 10);
  const closed = await client.sendJson('POST', `${base}/attempts`, {});
  assert.equal(closed.statusCode, 409);
  assert.equal(closed.json().error.code, 'CONTEST_ROUND_NOT_OPEN');
});

test('show_score_on_submit: the number of correct answers comes with the submit', async () => {
  const { contest } = await makeContest(db, { showScoreOnSubmit: true });
  const { client } = await signedIn();
  await client.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {});
  const play = (await client.sendJson('POST', `/api/contests/${contest.slug}/rounds/1/attempts`, {})).json();
  const right = await rightPlaces(play.attemptId);
  await client.sendJson('PUT', `/api/contest-attempts/${play.attemptId}/answers/2`, { choices: right.get(2) });
  const submitted = (await client.sendJson('POST', `/api/contest-attempts/${play.attemptId}/submit`, {})).json();
  assert.equal(submitted.visible, true);
  assert.equal(submitted.result.correct, 1);
  assert.equal(submitted.result.questionCount, 10);
});

test('answers after the time is up: 409 QUIZ_TIME_UP, the attempt final, nothing stored', async () => {
  const { contest, rounds } = await makeContest(db);
  const { userId, client } = await signedIn();
  await client.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {});
  const play = (await client.sendJson('POST', `/api/contests/${contest.slug}/rounds/1/attempts`, {})).json();
  await client.sendJson('PUT', `/api/contest-attempts/${play.attemptId}/answers/1`, { choices: [0] });
  // Time runs out (the deadline moved into the past, as the clock would); the answer cache keeps the old deadline.
  const past = new Date(Date.now() - 1000).toISOString();
  await db.updateTable('quiz_attempts').set({ deadline_at: past, started_at: new Date(Date.now() - 901_000).toISOString() }).where('id', '=', play.attemptId).execute();
  const before = await db.selectFrom('attempt_questions').select(['position', 'response']).where('attempt_id', '=', play.attemptId).orderBy('position').execute();
  const late = await client.sendJson('PUT', `/api/contest-attempts/${play.attemptId}/answers/2`, { choices: [0] });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().error.code, 'QUIZ_TIME_UP');
  assert.match(late.json().error.message, /hết giờ/i);
  assert.deepEqual(await db.selectFrom('attempt_questions').select(['position', 'response']).where('attempt_id', '=', play.attemptId).orderBy('position').execute(), before);
  const attempt = await db.selectFrom('quiz_attempts').selectAll().where('id', '=', play.attemptId).executeTakeFirstOrThrow();
  assert.equal(attempt.state, 'finished');
  assert.equal(attempt.finish_reason, 'timeout');
  const again = await client.sendJson('PUT', `/api/contest-attempts/${play.attemptId}/prediction`, { value: 1 });
  assert.equal(again.json().error.code, 'QUIZ_TIME_UP');
  assert.equal((await client.sendJson('POST', `/api/contest-attempts/${play.attemptId}/submit`, {})).json().error.code, 'QUIZ_TIME_UP');
  void userId;
  void rounds;
});

test('per-account rate limit on answers: 429 with a clear message, other accounts unaffected', async () => {
  const limited = await makeTestApp({ CONTEST_SWEEP_SECONDS: '0', CONTEST_ANSWERS_PER_MINUTE: '3' });
  try {
    const ldb = limited.database.db;
    const { contest } = await makeContest(ldb);
    const clientFor = async () => {
      const id = await makePerson(ldb);
      const c = new TestClient(limited.app, await sessionCookie(ldb, id));
      await c.sendJson('POST', `/api/contests/${contest.slug}/registrations`, {});
      return { c, play: (await c.sendJson('POST', `/api/contests/${contest.slug}/rounds/1/attempts`, {})).json() };
    };
    const a = await clientFor();
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await a.c.sendJson('PUT', `/api/contest-attempts/${a.play.attemptId}/answers/1`, { choices: [i % 2] })).statusCode);
    assert.deepEqual(codes.slice(0, 3), [200, 200, 200]);
    const refused = await a.c.sendJson('PUT', `/api/contest-attempts/${a.play.attemptId}/answers/1`, { choices: [0] });
    assert.equal(refused.statusCode, 429);
    assert.equal(refused.json().error.code, 'RATE_LIMITED');
    assert.match(refused.json().error.message, /quá nhanh/);
    const b = await clientFor();
    assert.equal((await b.c.sendJson('PUT', `/api/contest-attempts/${b.play.attemptId}/answers/1`, { choices: [0] })).statusCode, 200);
  } finally {
    await limited.close();
  }
});
