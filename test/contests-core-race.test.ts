/**
 * Answers racing a submit (both databases): every acknowledged answer is stored, no answer is stored after the
 * attempt was graded, and the grade and the entry's `correct` match what is stored.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp } from './helpers/app.js';
import { makePerson } from './helpers/factories.js';
import { makeContest } from './helpers/contests.js';
import * as svc from '../src/modules/contests/service.js';

test('answers racing a submit: acknowledged means stored and graded, refused means not stored', async () => {
  const t = await makeTestApp({ CONTEST_SWEEP_SECONDS: '0' });
  const db = t.database.db;
  try {
    const { contest, rounds } = await makeContest(db, { questions: 60, perAttempt: 30 });
    for (let k = 0; k < 10; k++) {
      const userId = await makePerson(db);
      await svc.registerAccount(db, contest, userId);
      const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId);
      const ops: Array<Promise<unknown>> = [];
      for (let p = 1; p <= 30; p++) {
        ops.push(svc.saveContestAnswer(db, attemptId, userId, p, [0]).catch((e: { code: string }) => e.code));
        if (p === 15) ops.push(svc.submitContestAttempt(db, attemptId, userId));
      }
      const results = await Promise.all(ops);
      const acknowledged = results.filter((r) => typeof r === 'object' && r !== null && (r as { changed?: boolean }).changed === true).length;
      const refused = results.filter((r) => r === 'QUIZ_ATTEMPT_CLOSED').length;
      assert.equal(acknowledged + refused, 30, 'every answer is either stored or refused as closed');
      const rows = await db
        .selectFrom('attempt_questions')
        .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
        .select(['response', 'correct', 'answer_key'])
        .where('attempt_id', '=', attemptId)
        .execute();
      assert.equal(rows.filter((r) => r.response !== null).length, acknowledged);
      for (const r of rows) assert.equal(r.correct === 1, r.response !== null && r.response === r.answer_key, 'graded on what is stored');
      const entry = await db.selectFrom('contest_entries').selectAll().where('attempt_id', '=', attemptId).executeTakeFirstOrThrow();
      assert.equal(entry.correct, rows.filter((r) => r.correct === 1).length);
    }
  } finally {
    await t.close();
  }
});
