/**
 * Group commit of contest answer saves (src/modules/contests/save-batch.ts), on both databases: saves of many
 * attempts at once are all committed and share statements, a save that fails does not fail the others of its
 * batch, a replayed save changes nothing, and a save past the deadline is refused even when it is batched
 * with valid ones.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson } from './helpers/factories.js';
import { makeContest } from './helpers/contests.js';
import * as svc from '../src/modules/contests/service.js';
import { isPostgres } from '../src/modules/contests/repository.js';
import { SaveBatcher, batchStats, writePostgres, writeSqlite, type BatchWriter, type PendingSave } from '../src/modules/contests/save-batch.js';
import { AppError } from '../src/core/errors.js';

let t: TestApp;
let db: Kysely<DB>;

before(async () => {
  t = await makeTestApp({ CONTEST_SWEEP_SECONDS: '0' });
  db = t.database.db;
});
after(async () => {
  await t.close();
});

async function attempts(n: number, perAttempt = 10, timeLimitSeconds?: number) {
  const { contest, rounds } = await makeContest(db, { questions: 30, perAttempt, ...(timeLimitSeconds ? { timeLimitSeconds } : {}) });
  const out: Array<{ userId: number; attemptId: number }> = [];
  for (let i = 0; i < n; i++) {
    const userId = await makePerson(db);
    await svc.registerAccount(db, contest, userId);
    out.push({ userId, ...(await svc.enterRound(db, contest, rounds[0], userId)) });
  }
  return out;
}

/** The stored option order and response of each position. */
async function stored(attemptId: number) {
  const rows = await db.selectFrom('attempt_questions').select(['position', 'option_order', 'response', 'answered_at']).where('attempt_id', '=', attemptId).orderBy('position').execute();
  return rows.map((r) => ({ ...r, order: JSON.parse(r.option_order) as number[] }));
}

test('saves of many attempts at once: every acknowledged save is committed as chosen, in fewer statements than saves', async () => {
  const list = await attempts(12);
  const before = batchStats(db);
  const ops: Array<Promise<{ changed: boolean }>> = [];
  const chosen = new Map<string, number>();
  for (const { attemptId, userId } of list) {
    for (let p = 1; p <= 10; p++) {
      const place = (attemptId + p) % 2;
      chosen.set(`${attemptId}:${p}`, place);
      ops.push(svc.saveContestAnswer(db, attemptId, userId, p, [place]));
    }
  }
  const results = await Promise.all(ops);
  assert.equal(results.filter((r) => r.changed).length, 120, 'every save changed the stored answer');
  for (const { attemptId } of list) {
    for (const row of await stored(attemptId)) {
      const place = chosen.get(`${attemptId}:${row.position}`)!;
      assert.equal(row.response, JSON.stringify([row.order[place]]), `attempt ${attemptId} position ${row.position}`);
      assert.notEqual(row.answered_at, null);
    }
  }
  const after = batchStats(db);
  assert.equal(after.items - before.items, 120);
  assert.ok(after.batches - before.batches < 120, `grouped: ${after.batches - before.batches} batches for 120 saves`);
  assert.equal(after.fallbacks, before.fallbacks, 'no batch failed');
});

test('a replayed save changes nothing; the same question twice in one queue is written in order', async () => {
  const [{ attemptId, userId }] = await attempts(1);
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, [1])).changed, true);
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, [1])).changed, false, 'replay');
  // Three saves of position 2 queued together: the later ones wait for the next batch, so the last one wins.
  const r = await Promise.all([
    svc.saveContestAnswer(db, attemptId, userId, 2, [0]),
    svc.saveContestAnswer(db, attemptId, userId, 2, [0]),
    svc.saveContestAnswer(db, attemptId, userId, 2, [1]),
  ]);
  assert.deepEqual(
    r.map((x) => x.changed),
    [true, false, true],
  );
  const rows = await stored(attemptId);
  assert.equal(rows[0].response, JSON.stringify([rows[0].order[1]]));
  assert.equal(rows[1].response, JSON.stringify([rows[1].order[1]]));
  // Clearing is a save too, and clearing twice changes nothing.
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, [])).changed, true);
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, [])).changed, false);
  const cleared = await stored(attemptId);
  assert.equal(cleared[0].response, null);
  assert.equal(cleared[0].answered_at, null);
});

test('a save whose statement fails does not fail the others of its batch', async () => {
  const list = await attempts(4);
  // (1) A batch writer that fails whenever the bad save is in the batch, as a whole: the saves are then run one by
  // one — the valid ones are committed and acknowledged, the bad one fails alone.
  const real: BatchWriter = isPostgres(db) ? writePostgres : writeSqlite;
  const BAD = 9999;
  const failing: BatchWriter = (d, saves) => (saves.some((s) => s.position === BAD) ? Promise.reject(new Error('batch failed')) : real(d, saves));
  const batcher = new SaveBatcher(db, failing);
  const now = new Date().toISOString();
  const saves: PendingSave[] = list.map(({ attemptId, userId }) => ({ attemptId, userId, position: 3, response: '[1]', nowIso: now }));
  const bad: PendingSave = { ...saves[0], position: BAD };
  const results = await Promise.allSettled([...saves.slice(0, 2), bad, ...saves.slice(2)].map((s) => batcher.save(s)));
  assert.deepEqual(
    results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected')),
    [true, true, false, true, true],
    'the bad save (no such question) changes nothing on its own; the others are stored',
  );
  assert.ok(batcher.stats.fallbacks >= 1, 'the batch failed and was run one by one');
  for (const { attemptId } of list) assert.equal((await stored(attemptId))[2].response, '[1]');

  // (2) The real writer with a save the database itself rejects on PostgreSQL (an attempt id out of the integer
  // range; on SQLite it simply matches nothing): the valid saves queued with it are stored all the same.
  const ops = list.map(({ attemptId, userId }) => svc.saveContestAnswer(db, attemptId, userId, 4, [1]));
  const shared = new SaveBatcher(db, real);
  const mixed = await Promise.allSettled([...list.map(({ attemptId, userId }) => shared.save({ attemptId, userId, position: 5, response: '[3]', nowIso: now })), shared.save({ attemptId: 2 ** 31, userId: list[0].userId, position: 5, response: '[3]', nowIso: now })]);
  assert.deepEqual(
    mixed.slice(0, 4).map((r) => r.status === 'fulfilled' && r.value),
    [true, true, true, true],
  );
  const last = mixed[4];
  assert.ok(last.status === 'rejected' || last.value === false, 'the bad save is not acknowledged');
  if (isPostgres(db)) assert.equal(shared.stats.fallbacks, 1, 'PostgreSQL refused the batch, then the bad save alone');
  assert.ok((await Promise.all(ops)).every((r) => r.changed));
  for (const { attemptId } of list) {
    const rows = await stored(attemptId);
    assert.equal(rows[3].response, JSON.stringify([rows[3].order[1]]));
    assert.equal(rows[4].response, '[3]');
  }
});

test('a save past the deadline is refused and not stored, even in a batch with valid saves', async () => {
  const list = await attempts(3, 10, 600);
  const [late, ...onTime] = list;
  // The deadline passes in the database (the cached shape still says there is time: the statement itself decides).
  await db.updateTable('quiz_attempts').set({ deadline_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', late.attemptId).execute();
  const results = await Promise.allSettled([
    ...onTime.map(({ attemptId, userId }) => svc.saveContestAnswer(db, attemptId, userId, 1, [1])),
    svc.saveContestAnswer(db, late.attemptId, late.userId, 1, [1]),
  ]);
  assert.ok(results.slice(0, 2).every((r) => r.status === 'fulfilled' && r.value.changed));
  const refused = results[2];
  assert.ok(refused.status === 'rejected' && refused.reason instanceof AppError && refused.reason.code === 'QUIZ_TIME_UP', 'time up');
  assert.equal((await stored(late.attemptId))[0].response, null, 'nothing stored after the deadline');
  const attempt = await db.selectFrom('quiz_attempts').select('state').where('id', '=', late.attemptId).executeTakeFirstOrThrow();
  assert.equal(attempt.state, 'abandoned', 'the late attempt is finalized (nothing was answered in time)');
  for (const { attemptId } of onTime) assert.notEqual((await stored(attemptId))[0].response, null);
});
