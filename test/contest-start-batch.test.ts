/**
 * Group commit of contest starts (src/modules/contests/start-batch.ts), on both databases: many contestants entering
 * a round at once share transactions, and every attempt is whole (its questions, its entry, the deadline) and is
 * what the contestant was shown; a start refused inside a batch (the same attempt already started elsewhere) does not
 * fail the others, is not half-written, and its caller resumes the attempt that exists.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson } from './helpers/factories.js';
import { makeContest } from './helpers/contests.js';
import * as svc from '../src/modules/contests/service.js';
import { enterRoundWithView } from '../src/modules/contests/play-service.js';
import { startBatched, startBatchStats, writeStarts, type PendingStart } from '../src/modules/contests/start-batch.js';
import { planAttempt, startAttempt } from '../src/modules/quizzes/attempt-service.js';
import * as quizRepo from '../src/modules/quizzes/repository.js';
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

async function contestants(contest: svc.ContestRow, n: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const userId = await makePerson(db);
    await svc.registerAccount(db, contest, userId);
    ids.push(userId);
  }
  return ids;
}

const stored = (attemptId: number) =>
  db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.option_order', 'attempt_questions.response', 'questions.text', 'questions.options'])
    .where('attempt_id', '=', attemptId)
    .orderBy('position')
    .execute();

test('thirty contestants entering at once: fewer transactions than starts, every attempt whole and as shown', async () => {
  const closesAt = new Date(Date.now() + 5 * 60_000);
  const { contest, rounds } = await makeContest(db, { questions: 30, perAttempt: 10, timeLimitSeconds: 600, rounds: [{ opensAt: new Date(Date.now() - 60_000), closesAt }] });
  const users = await contestants(contest, 30);
  const before = startBatchStats(db);
  const now = new Date();
  const entered = await Promise.all(users.map((u) => enterRoundWithView(db, contest, rounds[0], u, 'vi', now)));
  const after = startBatchStats(db);
  assert.equal(after.items - before.items, 30);
  assert.ok(after.batches - before.batches < 30, `grouped: ${after.batches - before.batches} transactions for 30 starts`);
  assert.equal(after.fallbacks, before.fallbacks, 'no batch failed');

  const registrations = new Map((await db.selectFrom('contest_registrations').select(['id', 'user_id', 'unit_id']).where('contest_id', '=', contest.id).execute()).map((r) => [r.user_id, r]));
  for (const [i, { attemptId, resumed, view }] of entered.entries()) {
    assert.equal(resumed, false);
    const attempt = (await quizRepo.attemptById(db, attemptId))!;
    assert.equal(attempt.user_id, users[i], 'each contestant got their own attempt');
    assert.equal(attempt.state, 'in_progress');
    // 600 s of time limit, but the round closes in 5 minutes: the deadline is the close.
    assert.equal(attempt.deadline_at, closesAt.toISOString());
    assert.equal(view.deadlineAt, closesAt.toISOString());
    const entry = await db.selectFrom('contest_entries').selectAll().where('attempt_id', '=', attemptId).executeTakeFirstOrThrow();
    assert.equal(entry.registration_id, registrations.get(users[i])!.id);
    assert.equal(entry.unit_id, registrations.get(users[i])!.unit_id);
    assert.equal(entry.round_id, rounds[0].id);
    assert.equal(entry.question_count, 10);
    // What the contestant was shown is what was stored: each question's text and its options in the stored order.
    const rows = await stored(attemptId);
    assert.equal(rows.length, 10);
    assert.deepEqual(
      view.questions.map((q) => ({ position: q.position, text: q.text, options: q.options })),
      rows.map((r) => {
        const options = JSON.parse(r.options) as string[];
        return { position: r.position, text: r.text, options: (JSON.parse(r.option_order) as number[]).map((k) => options[k]) };
      }),
    );
    assert.ok(rows.every((r) => r.response === null));
  }
  // The first answer of a fresh attempt is stored as the place shown.
  const { attemptId, view } = entered[0];
  assert.equal((await svc.saveContestAnswer(db, attemptId, users[0], 1, [1])).changed, true);
  const first = (await stored(attemptId))[0];
  assert.equal((JSON.parse(first.options) as string[])[(JSON.parse(first.response!) as number[])[0]], view.questions[0].options[1]);
});

test('a start refused inside a batch does not fail the others, is not half-written, and its caller resumes', async () => {
  const { contest, rounds, quizId } = await makeContest(db, { questions: 30, perAttempt: 10 });
  const [a, b, late] = await contestants(contest, 3);
  const quiz = (await quizRepo.quizById(db, quizId))!;
  const round = rounds[0];
  const now = new Date();
  const regs = new Map((await db.selectFrom('contest_registrations').select(['id', 'user_id', 'unit_id']).where('contest_id', '=', contest.id).execute()).map((r) => [r.user_id, r]));
  const pending = async (userId: number): Promise<PendingStart> => ({
    plan: await planAttempt(db, quiz, userId, { type: 'contest', id: round.id }, [], { now, deadlineCap: round.closes_at }),
    entry: { contestId: contest.id, roundId: round.id, registrationId: regs.get(userId)!.id, unitId: regs.get(userId)!.unit_id, questionCount: 10 },
  });
  // `late` planned its first attempt, but another instance wrote one first.
  const [winner] = await writeStarts(db, [await pending(late)]);
  const starts = [await pending(a), await pending(late), await pending(b)];
  const before = startBatchStats(db);
  const results = await Promise.allSettled(starts.map((s) => startBatched(db, s)));
  assert.equal(startBatchStats(db).fallbacks, before.fallbacks + 1, 'the batch failed as a whole, then ran start by start');
  assert.equal(results[0].status, 'fulfilled');
  assert.equal(results[2].status, 'fulfilled');
  const refused = results[1];
  assert.ok(refused.status === 'rejected' && refused.reason instanceof AppError && refused.reason.code === 'QUIZ_ATTEMPT_IN_PROGRESS');
  for (const userId of [a, b]) {
    const attempts = await db.selectFrom('quiz_attempts').select('id').where('user_id', '=', userId).execute();
    assert.equal(attempts.length, 1);
    assert.equal((await stored(attempts[0].id)).length, 10);
    assert.ok(await db.selectFrom('contest_entries').select('attempt_id').where('attempt_id', '=', attempts[0].id).executeTakeFirst());
  }
  // Nothing of the refused start was written: one attempt, its 10 questions, one entry.
  const lateAttempts = await db.selectFrom('quiz_attempts').select('id').where('user_id', '=', late).execute();
  assert.deepEqual(lateAttempts, [{ id: winner }]);
  assert.equal((await stored(winner)).length, 10);
  assert.equal((await db.selectFrom('contest_entries').select('attempt_id').where('registration_id', '=', regs.get(late)!.id).execute()).length, 1);
  // Through the service, the same contestant resumes the attempt that exists.
  assert.deepEqual(await svc.enterRound(db, contest, round, late, now), { attemptId: winner, resumed: true });
});

test('a contest attempt cannot be started through the engine alone (it would have no entry)', async () => {
  const { contest, rounds, quizId } = await makeContest(db, {});
  const [userId] = await contestants(contest, 1);
  const quiz = (await quizRepo.quizById(db, quizId))!;
  await assert.rejects(() => startAttempt(db, quiz, userId, { type: 'contest', id: rounds[0].id }), /contests\/play-service/);
  assert.equal((await db.selectFrom('quiz_attempts').select('id').where('user_id', '=', userId).execute()).length, 0, 'nothing written');
});
