/**
 * The contest's core services on both databases: registration (one per person: phone in any format, ID
 * number; races), one click for an account, entering a round (registered, open, concurrent starts → one
 * attempt, resume with the real time left), the deadline capped at the round's close, the one-statement
 * answer save (idempotent, bad input refused with nothing stored), time-outs finalized by the sweeper with no
 * browser, double submit, results hidden until the round closes, counters.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, makeVillage, uniquePhone } from './helpers/factories.js';
import { makeContest } from './helpers/contests.js';
import * as svc from '../src/modules/contests/service.js';
import { sweepOnce } from '../src/modules/contests/sweeper.js';
import { flushVisits } from '../src/modules/contests/counters.js';
import { clearCounterCache } from '../src/modules/contests/counters.js';
import type { NewContestantInput } from '../src/modules/contests/service.js';
import { AppError } from '../src/core/errors.js';
import { enterRoundWithView } from '../src/modules/contests/play-service.js';

let t: TestApp;
let db: Kysely<DB>;

before(async () => {
  t = await makeTestApp({ CONTEST_SWEEP_SECONDS: '0' });
  db = t.database.db;
});
after(() => t.close());

/** Runs fn, expects an AppError with this code (and status when given). */
async function refuses(fn: () => Promise<unknown>, code: string, status?: number) {
  await assert.rejects(fn, (err: unknown) => {
    assert.ok(err instanceof AppError, `expected AppError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    if (status) assert.equal(err.statusCode, status);
    return true;
  });
}

let idSeq = 0;
const newIdNumber = () => String(100_000_000_000 + process.pid * 1000 + ++idSeq).slice(0, 12).padStart(12, '0');

function input(over: Partial<NewContestantInput> = {}): NewContestantInput {
  return {
    fullName: 'Lê Thị Hoa',
    phone: '0' + uniquePhone().slice(3),
    idNumber: '',
    unitCode: '10507',
    targetGroup: 'citizen',
    password: 'mat-khau-du-thi',
    passwordConfirm: 'mat-khau-du-thi',
    consent: true,
    ...over,
  };
}

async function contestant(contest: svc.ContestRow, unitCode = '10507') {
  const userId = await makePerson(db, { fullName: 'Vũ Minh Tuấn', unitCode });
  await svc.registerAccount(db, contest, userId);
  return userId;
}

/** Places (as shown) of the right options per position, read from the key on the server side. */
async function rightPlaces(attemptId: number): Promise<Map<number, number[]>> {
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
      return [r.position, order.flatMap((orig, place) => (key.has(orig) ? [place] : []))];
    }),
  );
}

/** A wrong choice: a single place that is not (exactly) the right set. */
const wrongPlace = (right: number[]) => [right.includes(1) ? 0 : 1].filter((p) => !(right.length === 1 && right[0] === p));

const responses = (attemptId: number) =>
  db.selectFrom('attempt_questions').select(['position', 'response', 'answered_at']).where('attempt_id', '=', attemptId).orderBy('position').execute();
const attemptRow = (id: number) => db.selectFrom('quiz_attempts').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const entryRow = (id: number) => db.selectFrom('contest_entries').selectAll().where('attempt_id', '=', id).executeTakeFirstOrThrow();

/* ---------- registration ---------- */

test('a new contestant registers with an account; the same phone in another format, or the same ID number, is refused and nothing changes', async () => {
  const { contest } = await makeContest(db);
  const phone = uniquePhone(); // +8490xxxxxxx
  const national = '0' + phone.slice(3);
  const idNumber = newIdNumber();
  const { userId, registration } = await svc.registerNewContestant(db, t.config, contest, input({ phone: `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`, idNumber: `${idNumber.slice(0, 6)} ${idNumber.slice(6)}` }));
  assert.equal(registration.phone, phone, 'stored normalized');
  assert.equal(registration.id_number, idNumber);
  assert.equal(registration.user_id, userId);
  const user = await db.selectFrom('users').selectAll().where('id', '=', userId).executeTakeFirstOrThrow();
  assert.equal(user.phone, phone);
  assert.match(user.password_hash ?? '', /^\$argon2id\$/);

  const countUsers = async () => Number((await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const countRegs = async () => Number((await db.selectFrom('contest_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', contest.id).executeTakeFirstOrThrow()).n);
  const users = await countUsers();
  // The same number written as +84 with spaces: the same person.
  await refuses(() => svc.registerNewContestant(db, t.config, contest, input({ phone: `+84 ${phone.slice(3, 6)} ${phone.slice(6)}` })), 'CONTEST_ALREADY_REGISTERED', 409);
  // Another phone, the same ID number: the same person.
  await refuses(() => svc.registerNewContestant(db, t.config, contest, input({ idNumber })), 'CONTEST_ALREADY_REGISTERED', 409);
  assert.equal(await countUsers(), users, 'no account created by a refused registration');
  assert.equal(await countRegs(), 1);

  // A phone that already has an account (not registered yet): sign in, then one click.
  const existing = uniquePhone();
  await makePerson(db, { phone: existing });
  await refuses(() => svc.registerNewContestant(db, t.config, contest, input({ phone: existing.replace('+84', '84') })), 'CONTEST_PHONE_HAS_ACCOUNT', 409);
  assert.equal(await countRegs(), 1);
});

test('two identical registrations at the same moment: exactly one gets through, the other is told clearly', async () => {
  const { contest } = await makeContest(db);
  const phone = uniquePhone();
  const results = await Promise.allSettled([
    svc.registerNewContestant(db, t.config, contest, input({ phone: '0' + phone.slice(3) })),
    svc.registerNewContestant(db, t.config, contest, input({ phone })),
    svc.registerNewContestant(db, t.config, contest, input({ phone: phone.slice(1) })),
  ]);
  const ok = results.filter((r) => r.status === 'fulfilled');
  assert.equal(ok.length, 1);
  for (const r of results.filter((x) => x.status === 'rejected')) {
    const err = (r as PromiseRejectedResult).reason as AppError;
    assert.ok(['CONTEST_ALREADY_REGISTERED', 'CONTEST_PHONE_HAS_ACCOUNT'].includes(err.code), err.code);
    assert.equal(err.statusCode, 409);
  }
  const regs = await db.selectFrom('contest_registrations').select('id').where('contest_id', '=', contest.id).execute();
  assert.equal(regs.length, 1);
  assert.equal((await db.selectFrom('users').select('id').where('phone', '=', phone).execute()).length, 1);
});

test('registration checks: fields, a commune-level unit or department, the contest target groups, the window', async () => {
  const { contest } = await makeContest(db);
  await assert.rejects(
    () => svc.registerNewContestant(db, t.config, contest, input({ fullName: '', phone: '123', unitCode: '31', idNumber: '12ab', password: 'x', consent: false })),
    (err: AppError) => {
      assert.equal(err.statusCode, 422);
      assert.equal(err.fields.fullName, 'PERSON_NAME_REQUIRED');
      assert.equal(err.fields.phone, 'PERSON_PHONE_INVALID');
      assert.equal(err.fields.idNumber, 'CONTEST_ID_NUMBER_INVALID');
      assert.equal(err.fields.password, 'PASSWORD_TOO_SHORT');
      assert.equal(err.fields.consent, 'CONSENT_REQUIRED');
      return true;
    },
  );
  await refuses(() => svc.registerNewContestant(db, t.config, contest, input({ unitCode: '31' })), 'CONTEST_UNIT_INVALID', 422);
  await makeVillage(db, '10507', `T-${process.pid}`, 'Thôn Thử');
  await refuses(() => svc.registerNewContestant(db, t.config, contest, input({ unitCode: `T-${process.pid}` })), 'CONTEST_UNIT_INVALID', 422);
  await refuses(() => svc.registerNewContestant(db, t.config, contest, input({ phone: '' })), 'CONTEST_PHONE_REQUIRED', 422);

  const narrow = await makeContest(db);
  await db.updateTable('contests').set({ target_groups: JSON.stringify(['student']) }).where('id', '=', narrow.contest.id).execute();
  const narrowed = { ...narrow.contest, target_groups: JSON.stringify(['student']) };
  await refuses(() => svc.registerNewContestant(db, t.config, narrowed, input({ targetGroup: 'citizen' })), 'CONTEST_GROUP_INVALID', 422);

  const future = await makeContest(db, { registrationOpensAt: new Date(Date.now() + 86_400_000) });
  await refuses(() => svc.registerNewContestant(db, t.config, future.contest, input()), 'CONTEST_REGISTRATION_CLOSED', 409);
  const userId = await makePerson(db);
  await refuses(() => svc.registerAccount(db, future.contest, userId), 'CONTEST_REGISTRATION_CLOSED', 409);
  const past = await makeContest(db, { registrationClosesAt: new Date(Date.now() - 1000) });
  await refuses(() => svc.registerAccount(db, past.contest, userId), 'CONTEST_REGISTRATION_CLOSED', 409);
  assert.equal((await db.selectFrom('contest_registrations').select('id').where('contest_id', 'in', [future.contest.id, past.contest.id]).execute()).length, 0);
});

test('one click for an account: from its details, idempotent (even twice at once), a village counts for its commune', async () => {
  const { contest } = await makeContest(db);
  const village = `V-${process.pid}`;
  await makeVillage(db, '10507', village, 'Tổ dân phố Một');
  const userId = await makePerson(db, { fullName: 'Hoàng Văn Nam', unitCode: village, targetGroup: 'trader' });
  const [a, b] = await Promise.all([svc.registerAccount(db, contest, userId), svc.registerAccount(db, contest, userId)]);
  assert.equal(a.id, b.id);
  const again = await svc.registerAccount(db, contest, userId);
  assert.equal(again.id, a.id);
  const commune = await db.selectFrom('units').select('id').where('code', '=', '10507').executeTakeFirstOrThrow();
  assert.equal(a.unit_id, commune.id);
  assert.equal(a.full_name, 'Hoàng Văn Nam');
  assert.equal(a.target_group, 'trader');
  assert.equal((await db.selectFrom('contest_registrations').select('id').where('user_id', '=', userId).execute()).length, 1);

  // A city-level account must choose a commune or department.
  const cityUser = await makePerson(db, { unitCode: '31' });
  await refuses(() => svc.registerAccount(db, contest, cityUser), 'CONTEST_UNIT_INVALID', 422);
  const withUnit = await svc.registerAccount(db, contest, cityUser, { unitCode: '10507' });
  assert.equal(withUnit.unit_id, commune.id);

  // The same ID number as another registration: refused.
  const idNumber = newIdNumber();
  await svc.registerAccount(db, contest, await makePerson(db), { idNumber });
  const someoneElse = await makePerson(db);
  await refuses(() => svc.registerAccount(db, contest, someoneElse, { idNumber }), 'CONTEST_ALREADY_REGISTERED', 409);
});

/* ---------- entering a round ---------- */

test('entering: registered only, while the round is open; five starts at once make one attempt; resuming gives the real time left', async () => {
  const { contest, rounds } = await makeContest(db, {
    timeLimitSeconds: 600,
    rounds: [
      { opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000) },
      { opensAt: new Date(Date.now() + 86_400_000), closesAt: new Date(Date.now() + 2 * 86_400_000) },
    ],
  });
  const stranger = await makePerson(db);
  await refuses(() => svc.enterRound(db, contest, rounds[0], stranger), 'CONTEST_NOT_REGISTERED', 403);
  const userId = await contestant(contest);
  await refuses(() => svc.enterRound(db, contest, rounds[1], userId), 'CONTEST_ROUND_NOT_OPEN', 409);

  const now = new Date();
  const results = await Promise.all(Array.from({ length: 5 }, () => svc.enterRound(db, contest, rounds[0], userId, now)));
  const ids = new Set(results.map((r) => r.attemptId));
  assert.equal(ids.size, 1, 'one attempt');
  assert.equal(results.filter((r) => !r.resumed).length, 1);
  const attempts = await db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', userId).execute();
  assert.equal(attempts.length, 1);
  assert.equal(attempts[0].context_type, 'contest');
  assert.equal(attempts[0].context_id, rounds[0].id);
  const entry = await entryRow(attempts[0].id);
  assert.equal(entry.question_count, 10);
  assert.equal(entry.round_id, rounds[0].id);
  assert.equal((await responses(attempts[0].id)).length, 10);

  // Later, on another device: the same attempt, with the time really left.
  const later = new Date(now.getTime() + 240_000);
  const resumed = await svc.enterRound(db, contest, rounds[0], userId, later);
  assert.deepEqual(resumed, { attemptId: attempts[0].id, resumed: true });
  const view = await svc.playView(db, resumed.attemptId, userId, 'vi', later);
  assert.equal(view.remainingMs, 360_000);
  assert.equal(view.questions.length, 10);
  assert.equal(view.prediction?.value, null);
});

test("the deadline is capped at the round's closing time; after the close nothing is accepted", async () => {
  const closesAt = new Date(Date.now() + 120_000);
  const { contest, rounds } = await makeContest(db, { timeLimitSeconds: 900, rounds: [{ opensAt: new Date(Date.now() - 60_000), closesAt }] });
  const userId = await contestant(contest);
  const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId);
  const attempt = await attemptRow(attemptId);
  assert.equal(attempt.deadline_at, closesAt.toISOString());
  // The API's start builds the view from the cached bank: the same capped deadline.
  const other = await contestant(contest);
  const entered = await enterRoundWithView(db, contest, rounds[0], other, 'vi');
  assert.equal(entered.view.deadlineAt, closesAt.toISOString());
  assert.equal((await attemptRow(entered.attemptId)).deadline_at, closesAt.toISOString());
  assert.ok(entered.view.remainingMs! <= 120_000);
  const after = new Date(closesAt.getTime() + 1);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 1, [0], after), 'QUIZ_TIME_UP', 409);
  assert.ok((await responses(attemptId)).every((r) => r.response === null), 'nothing stored');
  assert.equal((await attemptRow(attemptId)).state, 'abandoned', 'finalized on the spot (nothing answered)');
  await refuses(() => svc.enterRound(db, contest, rounds[0], userId, after), 'CONTEST_ROUND_NOT_OPEN', 409);
});

test('a second round cannot be entered while an attempt runs in another round of the contest', async () => {
  const open = { opensAt: new Date(Date.now() - 60_000), closesAt: new Date(Date.now() + 3600_000) };
  const { contest, rounds } = await makeContest(db, { rounds: [open, open] });
  const userId = await contestant(contest);
  await svc.enterRound(db, contest, rounds[0], userId);
  await refuses(() => svc.enterRound(db, contest, rounds[1], userId), 'CONTEST_ATTEMPT_IN_PROGRESS', 409);
});

/* ---------- answers ---------- */

test('answers: stored as given, the same again changes nothing, bad input is refused and nothing changes', async () => {
  const { contest, rounds } = await makeContest(db);
  const userId = await contestant(contest);
  const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId);
  const right = await rightPlaces(attemptId);
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, right.get(1)!)).changed, true);
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, [...right.get(1)!].reverse())).changed, false, 'same set again');
  const before = await responses(attemptId);
  assert.ok(before[0].response && before[0].answered_at);

  const singles = (await svc.playView(db, attemptId, userId, 'vi')).questions.filter((q) => q.type !== 'multiple');
  const single = singles[0].position;
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 11, [0]), 'QUIZ_QUESTION_NOT_IN_ATTEMPT', 422);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 0, [0]), 'QUIZ_QUESTION_NOT_IN_ATTEMPT', 422);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 2, [7]), 'QUIZ_CHOICE_OUT_OF_RANGE', 422);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 2, [-1]), 'QUIZ_CHOICE_INVALID', 422);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 2, [0.5]), 'QUIZ_CHOICE_INVALID', 422);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, single, [0, 1]), 'QUIZ_SINGLE_ONE_CHOICE', 422);
  assert.deepEqual(await responses(attemptId), before, 'nothing changed');

  // Another person's attempt: not found, whatever they send.
  const other = await contestant(contest);
  await refuses(() => svc.saveContestAnswer(db, attemptId, other, 1, [0]), 'NOT_FOUND', 404);
  await refuses(() => svc.saveContestPrediction(db, attemptId, other, 5), 'NOT_FOUND', 404);
  await refuses(() => svc.playView(db, attemptId, other, 'vi'), 'NOT_FOUND', 404);
  await refuses(() => svc.submitContestAttempt(db, attemptId, other), 'NOT_FOUND', 404);
  assert.deepEqual(await responses(attemptId), before);

  // Clearing an answer (empty choices) stores no answer.
  assert.equal((await svc.saveContestAnswer(db, attemptId, userId, 1, [])).changed, true);
  assert.equal((await responses(attemptId))[0].response, null);
});

test('prediction: a whole number, saved and replayed idempotently; a round without one refuses it', async () => {
  const { contest, rounds } = await makeContest(db, {
    rounds: [
      { opensAt: new Date(Date.now() - 60_000), closesAt: new Date(Date.now() + 3600_000) },
      { opensAt: new Date(Date.now() - 60_000), closesAt: new Date(Date.now() + 3600_000), prediction: null },
    ],
  });
  const userId = await contestant(contest);
  const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId);
  assert.deepEqual(await svc.saveContestPrediction(db, attemptId, userId, 1234), { changed: true });
  assert.deepEqual(await svc.saveContestPrediction(db, attemptId, userId, 1234), { changed: false });
  await refuses(() => svc.saveContestPrediction(db, attemptId, userId, -1), 'CONTEST_PREDICTION_INVALID', 422);
  await refuses(() => svc.saveContestPrediction(db, attemptId, userId, 1.5), 'CONTEST_PREDICTION_INVALID', 422);
  assert.equal((await entryRow(attemptId)).prediction, 1234);
  assert.equal((await svc.playView(db, attemptId, userId, 'vi')).prediction?.value, 1234);
  await svc.submitContestAttempt(db, attemptId, userId);
  await refuses(() => svc.saveContestPrediction(db, attemptId, userId, 99), 'QUIZ_ATTEMPT_CLOSED', 409);
  assert.equal((await entryRow(attemptId)).prediction, 1234);

  const second = await svc.enterRound(db, contest, rounds[1], userId);
  await refuses(() => svc.saveContestPrediction(db, second.attemptId, userId, 3), 'CONTEST_NO_PREDICTION', 409);
});

/* ---------- time-outs, submit, results ---------- */

test('time up with no browser: the sweeper finalizes on the answers saved in time; late answers are refused', async () => {
  const { contest, rounds } = await makeContest(db, { timeLimitSeconds: 300 });
  const a = await contestant(contest);
  const b = await contestant(contest);
  const start = new Date();
  const ea = await svc.enterRound(db, contest, rounds[0], a, start);
  const eb = await svc.enterRound(db, contest, rounds[0], b, start);
  const right = await rightPlaces(ea.attemptId);
  for (const p of [1, 2, 3]) await svc.saveContestAnswer(db, ea.attemptId, a, p, right.get(p)!, new Date(start.getTime() + 10_000));
  await svc.saveContestAnswer(db, ea.attemptId, a, 4, wrongPlace(right.get(4)!), new Date(start.getTime() + 20_000));

  const late = new Date(start.getTime() + 300_001);
  const finalized = await sweepOnce(db, late);
  assert.ok(finalized >= 2);
  const attemptA = await attemptRow(ea.attemptId);
  assert.equal(attemptA.state, 'finished');
  assert.equal(attemptA.finish_reason, 'timeout');
  const entryA = await entryRow(ea.attemptId);
  assert.equal(entryA.correct, 3);
  assert.equal(entryA.duration_ms, 300_000, 'deadline − start');
  assert.equal(entryA.finished_at, attemptA.deadline_at);
  assert.equal((await attemptRow(eb.attemptId)).state, 'abandoned');
  assert.equal((await entryRow(eb.attemptId)).correct, 0);

  const stored = await responses(ea.attemptId);
  await refuses(() => svc.saveContestAnswer(db, ea.attemptId, a, 5, [0], late), 'QUIZ_TIME_UP', 409);
  await refuses(() => svc.submitContestAttempt(db, ea.attemptId, a, late), 'QUIZ_TIME_UP', 409);
  assert.deepEqual(await responses(ea.attemptId), stored);
  assert.equal(await sweepOnce(db, late), 0, 'a second sweep finds nothing');
});

test('an answer arriving after the deadline finalizes the attempt and is not stored', async () => {
  const { contest, rounds } = await makeContest(db, { timeLimitSeconds: 60 });
  const userId = await contestant(contest);
  const start = new Date();
  const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId, start);
  const right = await rightPlaces(attemptId);
  await svc.saveContestAnswer(db, attemptId, userId, 1, right.get(1)!, new Date(start.getTime() + 60_000)); // exactly at the deadline: accepted
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 2, right.get(2)!, new Date(start.getTime() + 60_001)), 'QUIZ_TIME_UP', 409);
  const rows = await responses(attemptId);
  assert.notEqual(rows[0].response, null);
  assert.equal(rows[1].response, null);
  const attempt = await attemptRow(attemptId);
  assert.equal(attempt.state, 'finished');
  assert.equal((await entryRow(attemptId)).correct, 1);
  // The view of a final attempt: no questions.
  const view = await svc.playView(db, attemptId, userId, 'vi', new Date(start.getTime() + 70_000));
  assert.equal(view.state, 'finished');
  assert.equal(view.questions.length, 0);
});

test('submit: graded on the server, twice gives the same; results hidden until the round closes', async () => {
  const closesAt = new Date(Date.now() + 3600_000);
  const { contest, rounds } = await makeContest(db, { rounds: [{ opensAt: new Date(Date.now() - 60_000), closesAt, attemptsAllowed: 2 }] });
  const userId = await contestant(contest);
  const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId);
  const right = await rightPlaces(attemptId);
  for (const [p, places] of right) await svc.saveContestAnswer(db, attemptId, userId, p, places);
  const first = await svc.submitContestAttempt(db, attemptId, userId);
  const again = await svc.submitContestAttempt(db, attemptId, userId);
  assert.deepEqual(first, again);
  assert.equal(first.state, 'finished');
  const attempt = await attemptRow(attemptId);
  await refuses(() => svc.saveContestAnswer(db, attemptId, userId, 1, [0]), 'QUIZ_ATTEMPT_CLOSED', 409);
  assert.deepEqual(await attemptRow(attemptId), attempt);
  const entry = await entryRow(attemptId);
  assert.equal(entry.correct, 10);
  assert.ok(entry.duration_ms !== null && entry.duration_ms >= 0);

  const hidden = await svc.roundResultFor(db, contest, rounds[0], userId);
  assert.equal(hidden.visible, false);
  assert.equal(hidden.attempts[0].correct, null);
  assert.equal(hidden.attemptsLeft, 1);
  const shown = await svc.roundResultFor(db, contest, rounds[0], userId, new Date(closesAt.getTime() + 1));
  assert.equal(shown.visible, true);
  assert.equal(shown.status, 'closed');
  assert.equal(shown.attempts[0].correct, 10);

  // Best of 2: a second attempt, then no more.
  const second = await svc.enterRound(db, contest, rounds[0], userId);
  assert.notEqual(second.attemptId, attemptId);
  await svc.submitContestAttempt(db, second.attemptId, userId);
  await refuses(() => svc.enterRound(db, contest, rounds[0], userId), 'QUIZ_NO_ATTEMPTS_LEFT', 409);
});

test('a contest that shows scores on submit shows them at once', async () => {
  const { contest, rounds } = await makeContest(db, { showScoreOnSubmit: true });
  const userId = await contestant(contest);
  const { attemptId } = await svc.enterRound(db, contest, rounds[0], userId);
  const right = await rightPlaces(attemptId);
  await svc.saveContestAnswer(db, attemptId, userId, 1, right.get(1)!);
  await svc.submitContestAttempt(db, attemptId, userId);
  const r = await svc.roundResultFor(db, contest, rounds[0], userId);
  assert.equal(r.visible, true);
  assert.equal(r.attempts[0].correct, 1);
});

/* ---------- counters ---------- */

test('counters: visits batched then flushed, registrants, attempts and registrants per unit', async () => {
  const { contest, rounds } = await makeContest(db);
  for (let i = 0; i < 7; i++) svc.recordVisit(db, contest.id);
  const a = await contestant(contest, '10507');
  await contestant(contest, '10507');
  await contestant(contest, '11311');
  await svc.enterRound(db, contest, rounds[0], a);
  clearCounterCache(db);
  const before = await svc.liveCounters(db, contest);
  assert.equal(before.visits, 7, 'unflushed visits of this instance count');
  assert.equal(await flushVisits(db), 7);
  for (let i = 0; i < 3; i++) svc.recordVisit(db, contest.id);
  await flushVisits(db);
  const rows = await db.selectFrom('contest_visits').selectAll().where('contest_id', '=', contest.id).execute();
  assert.equal(rows.length, 1);
  assert.equal(Number(rows[0].visits), 10);
  clearCounterCache(db);
  const c = await svc.liveCounters(db, contest);
  assert.equal(c.visits, 10);
  assert.equal(c.registrants, 3);
  assert.equal(c.attempts, 1);
  assert.equal(c.units[0].code, '10507');
  assert.equal(c.units[0].registrants, 2);
  assert.equal(c.units[1].registrants, 1);
});

test('the app runs the sweeper by itself (CONTEST_SWEEP_SECONDS) and stops it on close', async () => {
  const swept = await makeTestApp({ CONTEST_SWEEP_SECONDS: '1' });
  try {
    const sdb = swept.database.db;
    const { contest, rounds } = await makeContest(sdb);
    const userId = await makePerson(sdb);
    await svc.registerAccount(sdb, contest, userId);
    const { attemptId } = await svc.enterRound(sdb, contest, rounds[0], userId);
    // The time runs out with nobody there.
    await sdb.updateTable('quiz_attempts').set({ deadline_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', attemptId).execute();
    // The sweeper first marks it overdue (one UPDATE for all), then grades it: wait for the final state.
    let state = 'in_progress';
    for (let i = 0; i < 100 && state !== 'abandoned' && state !== 'finished'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      state = (await sdb.selectFrom('quiz_attempts').select('state').where('id', '=', attemptId).executeTakeFirstOrThrow()).state;
    }
    assert.equal(state, 'abandoned', 'finalized by the scheduled sweeper');
    assert.equal((await sdb.selectFrom('contest_entries').select('correct').where('attempt_id', '=', attemptId).executeTakeFirstOrThrow()).correct, 0);
  } finally {
    await swept.close();
  }
});
