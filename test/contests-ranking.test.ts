/**
 * Contest rankings: the pure rules (every tie-break in every configured position, prediction distance and missing
 * predictions, best of N, overall sums, units by contestants / rate / winners) and the same over the database
 * (only final attempts count, units rolled up to communes), on both databases.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeVillage, unitId } from './helpers/factories.js';
import { makeContest } from './helpers/contests.js';
import { addEntry, register } from './helpers/contest-results.js';
import {
  RANK_KEYS,
  actualFullMarks,
  overallRanking,
  parseRankingOrder,
  rankOverall,
  rankRound,
  rankUnits,
  rankedUnitId,
  roundRanking,
  unitRanking,
  type EntryResult,
  type RankKey,
} from '../src/modules/contests/ranking.js';

const T0 = Date.parse('2026-11-25T01:00:00.000Z');
const at = (s: number) => new Date(T0 + s * 1000).toISOString();

let attempt = 0;
function entry(registrationId: number, o: Partial<EntryResult> = {}): EntryResult {
  attempt++;
  return { attemptId: attempt, registrationId, unitId: 1, correct: 5, questionCount: 10, durationMs: 100_000, finishedAt: at(100), prediction: 3, ...o };
}
const order = (rows: Array<{ registrationId: number }>) => rows.map((r) => r.registrationId);

/** Four contestants, each the best on exactly one key and worst on none of the others alone. */
function fourSpecialists(): EntryResult[] {
  // actual = 1 (contestant 1 has full marks).
  return [
    entry(1, { correct: 10, prediction: 50, durationMs: 300_000, finishedAt: at(300) }), // best on correct
    entry(2, { correct: 9, prediction: 1, durationMs: 250_000, finishedAt: at(250) }), // best on prediction (distance 0)
    entry(3, { correct: 8, prediction: 20, durationMs: 10_000, finishedAt: at(200) }), // best on duration
    entry(4, { correct: 7, prediction: 30, durationMs: 200_000, finishedAt: at(1) }), // best on submission time
  ];
}

test('each key, put first, decides the winner; the rest follow in the configured order', () => {
  const entries = fourSpecialists();
  assert.equal(actualFullMarks(entries), 1);
  const bestOn: Record<RankKey, number> = { correct: 1, prediction: 2, duration: 3, submitted: 4 };
  for (const first of RANK_KEYS) {
    const rest = RANK_KEYS.filter((k) => k !== first);
    const { rows } = rankRound(entries, [first, ...rest]);
    assert.equal(rows[0].registrationId, bestOn[first], `winner with ${first} first`);
    assert.deepEqual(rows.map((r) => r.place), [1, 2, 3, 4]);
  }
  assert.deepEqual(order(rankRound(entries, ['correct', 'prediction', 'duration', 'submitted']).rows), [1, 2, 3, 4]);
  // Distances: 49, 0, 19, 29.
  assert.deepEqual(order(rankRound(entries, ['prediction', 'correct']).rows), [2, 3, 4, 1]);
  assert.deepEqual(order(rankRound(entries, ['duration']).rows), [3, 4, 2, 1]);
  assert.deepEqual(order(rankRound(entries, ['submitted']).rows), [4, 3, 2, 1]);
});

test('ties fall through to the next key in every order, and a full tie goes to the earlier registration', () => {
  // Equal on everything except one key at a time.
  const base = { correct: 6, prediction: 4, durationMs: 90_000, finishedAt: at(90) };
  const cases: Array<[RankKey, Partial<EntryResult>, Partial<EntryResult>]> = [
    ['correct', { correct: 7 }, { correct: 6 }],
    ['prediction', { prediction: 0 }, { prediction: 9 }], // actual 0: distances 0 and 9
    ['duration', { durationMs: 80_000 }, { durationMs: 90_000 }],
    ['submitted', { finishedAt: at(80) }, { finishedAt: at(90) }],
  ];
  for (const [key, better, worse] of cases) {
    // Every order: the key decides only when the keys before it tie — which they do here.
    for (const first of RANK_KEYS) {
      const ord = [first, ...RANK_KEYS.filter((k) => k !== first)];
      const rows = rankRound([entry(20, { ...base, ...worse }), entry(10, { ...base, ...better })], ord).rows;
      assert.deepEqual(order(rows), [10, 20], `${key} decides with order ${ord.join(',')}`);
      // The same, registration ids swapped: the key still wins over the registration order.
      const swapped = rankRound([entry(10, { ...base, ...worse }), entry(20, { ...base, ...better })], ord).rows;
      assert.deepEqual(order(swapped), [20, 10]);
    }
    // A key left out of the order is not used: full tie → earlier registration first.
    const without = RANK_KEYS.filter((k) => k !== key);
    assert.deepEqual(order(rankRound([entry(10, { ...base, ...worse }), entry(20, { ...base, ...better })], without).rows), [10, 20], `${key} left out`);
  }
});

test('prediction distance is |prediction − actual|; no prediction ranks after any prediction', () => {
  const entries = [
    entry(1, { correct: 10, prediction: null }),
    entry(2, { correct: 10, prediction: 1000 }),
    entry(3, { correct: 10, prediction: 0 }),
    entry(4, { correct: 4, prediction: 3 }),
  ];
  const r = rankRound(entries, ['correct', 'prediction', 'duration', 'submitted']);
  assert.equal(r.actual, 3);
  assert.deepEqual(order(r.rows), [3, 2, 1, 4]);
  assert.deepEqual(r.rows.map((x) => x.predictionDistance), [3, 997, null, 0]);
});

test('best of N: the best attempt by the order counts, and the actual number counts people, not attempts', () => {
  const entries = [
    entry(1, { correct: 6, durationMs: 50_000, finishedAt: at(50) }),
    entry(1, { correct: 10, durationMs: 200_000, finishedAt: at(400) }),
    entry(1, { correct: 10, durationMs: 100_000, finishedAt: at(500) }),
    entry(2, { correct: 10, durationMs: 150_000, finishedAt: at(150) }),
  ];
  const r = rankRound(entries, ['correct', 'duration']);
  assert.equal(r.actual, 2);
  assert.deepEqual(order(r.rows), [1, 2]);
  assert.equal(r.rows[0].durationMs, 100_000);
  assert.equal(r.rows[0].attempts, 3);
  // With time of submission first, contestant 1's earliest attempt (6 correct, at 50 s) is their best.
  const bySubmission = rankRound(entries, ['submitted', 'correct']);
  assert.equal(bySubmission.rows[0].registrationId, 1);
  assert.equal(bySubmission.rows[0].correct, 6);
});

test('overall: correct answers summed, missing predictions counted, times summed, last submission compared', () => {
  const r1 = rankRound([entry(1, { correct: 8, prediction: 2, durationMs: 100_000, finishedAt: at(100) }), entry(2, { correct: 9, prediction: null, durationMs: 50_000, finishedAt: at(50) }), entry(3, { correct: 8, prediction: 0, durationMs: 10_000, finishedAt: at(10) })], RANK_KEYS);
  const r2 = rankRound([entry(1, { correct: 9, prediction: 1, durationMs: 100_000, finishedAt: at(1000) }), entry(2, { correct: 8, prediction: 0, durationMs: 70_000, finishedAt: at(900) })], RANK_KEYS);
  const rows = rankOverall(
    [
      { roundId: 11, hasPrediction: true, ranking: r1 },
      { roundId: 12, hasPrediction: true, ranking: r2 },
    ],
    RANK_KEYS,
  );
  // 1: 17 correct, 0 missing, distance 2+1 = 3; 2: 17 correct, 1 missing; 3: 8 correct (round 2 not taken).
  assert.deepEqual(order(rows), [1, 2, 3]);
  assert.equal(rows[0].correct, 17);
  assert.equal(rows[0].missingPredictions, 0);
  assert.equal(rows[0].predictionDistance, 3);
  assert.equal(rows[1].missingPredictions, 1);
  assert.equal(rows[2].missingPredictions, 1);
  assert.equal(rows[1].durationMs, 120_000);
  assert.equal(rows[0].lastFinishedAt, at(1000));
  assert.equal(rows[0].perRound.get(12)?.correct, 9);
  // With duration before prediction, contestant 2 (120 s) passes contestant 1 (200 s).
  assert.deepEqual(order(rankOverall([{ roundId: 11, hasPrediction: true, ranking: r1 }, { roundId: 12, hasPrediction: true, ranking: r2 }], ['correct', 'duration'])), [2, 1, 3]);
});

test('stored ranking order: unknown and repeated keys dropped, nonsense → default', () => {
  assert.deepEqual(parseRankingOrder('["duration","correct","duration","x"]'), ['duration', 'correct']);
  assert.deepEqual(parseRankingOrder('not json'), ['correct', 'prediction', 'duration', 'submitted']);
  assert.deepEqual(parseRankingOrder('[]'), ['correct', 'prediction', 'duration', 'submitted']);
});

test('units: rolled up below the organiser, ranked by contestants, by rate (unknown population last), by winners', () => {
  assert.equal(rankedUnitId(42, '/1/7/42/', '/1/'), 7);
  assert.equal(rankedUnitId(7, '/1/7/', '/1/'), 7);
  assert.equal(rankedUnitId(1, '/1/', '/1/'), 1);
  assert.equal(rankedUnitId(9, '/2/9/', '/1/'), 9);
  const units = [
    { unitId: 1, code: 'A', name: 'Phường A', population: 1000, registrants: 30, contestants: 20, winners: 0 },
    { unitId: 2, code: 'B', name: 'Phường B', population: null, registrants: 90, contestants: 80, winners: 1 },
    { unitId: 3, code: 'C', name: 'Xã C', population: 100, registrants: 12, contestants: 10, winners: 3 },
  ];
  assert.deepEqual(rankUnits(units, 'contestants').map((u) => u.code), ['B', 'A', 'C']);
  const byRate = rankUnits(units, 'rate');
  assert.deepEqual(byRate.map((u) => u.code), ['C', 'A', 'B']);
  assert.equal(byRate[0].rate, 0.1);
  assert.equal(byRate[2].rate, null);
  assert.deepEqual(rankUnits(units, 'winners').map((u) => u.code), ['C', 'B', 'A']);
});

// ---- Over the database ----

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

test('over the database: only final attempts, best of N, actual number, overall, units rolled up', async () => {
  const db = t.database.db;
  const past = (h: number) => new Date(Date.now() - h * 3600_000);
  const { contest, rounds } = await makeContest(db, {
    rounds: [
      { opensAt: past(48), closesAt: past(24), attemptsAllowed: 2 },
      { opensAt: past(20), closesAt: past(1), attemptsAllowed: 1, prediction: null },
    ],
  });
  const [r1, r2] = rounds;
  const village = await makeVillage(db, '10507', `T${process.pid}`, 'Khu dân cư số 1');
  const villageCode = (await db.selectFrom('units').select('code').where('id', '=', village).executeTakeFirstOrThrow()).code;
  const an = await register(db, contest.id, { fullName: 'Nguyễn Văn An', unitCode: '10507' });
  const binh = await register(db, contest.id, { fullName: 'Lê Thị Bình', unitCode: villageCode });
  const cuong = await register(db, contest.id, { fullName: 'Trần Văn Cường', unitCode: '10525' });
  await register(db, contest.id, { fullName: 'Phạm Thị Dung', unitCode: '10525' }); // registered, never played

  // Round 1: An full marks on the 2nd attempt; Bình full marks once, predicted 2 (actual 2); Cường 9, in progress on a 2nd.
  await addEntry(db, an, r1, { correct: 7, durationMs: 50_000, finishedAt: at(50), prediction: 5 });
  await addEntry(db, an, r1, { correct: 10, durationMs: 120_000, finishedAt: at(600), prediction: 3 });
  await addEntry(db, binh, r1, { correct: 10, durationMs: 200_000, finishedAt: at(300), prediction: 2 });
  await addEntry(db, cuong, r1, { correct: 9, durationMs: 30_000, finishedAt: at(30), prediction: 2 });
  await addEntry(db, cuong, r1, { correct: null, prediction: 2 }); // not final: never counts
  // Round 2 (no prediction question).
  await addEntry(db, an, r2, { correct: 4, durationMs: 60_000, finishedAt: at(2000) });
  await addEntry(db, cuong, r2, { correct: 10, durationMs: 60_000, finishedAt: at(2100) });

  const round1 = await roundRanking(db, contest, r1.id);
  assert.equal(round1.actual, 2);
  // Bình (10, distance 0) before An (10, distance 1) before Cường (9).
  assert.deepEqual(order(round1.rows), [binh.id, an.id, cuong.id]);
  assert.equal(round1.rows[1].attempts, 2);
  assert.equal(round1.rows[1].durationMs, 120_000);
  assert.equal(round1.rows[2].attempts, 1);

  const overall = await overallRanking(db, contest);
  // Cường 19, An 14, Bình 10.
  assert.deepEqual(order(overall), [cuong.id, an.id, binh.id]);
  assert.deepEqual(overall.map((r) => r.correct), [19, 14, 10]);

  // Changing the contest's order changes the ranking: by time of submission only, Cường (30 s) first.
  await db.updateTable('contests').set({ ranking_order: '["submitted"]' }).where('id', '=', contest.id).execute();
  const bySubmission = await roundRanking(db, { ranking_order: '["submitted"]' }, r1.id);
  assert.deepEqual(order(bySubmission.rows), [cuong.id, an.id, binh.id]);
  assert.equal(bySubmission.rows[1].correct, 7, 'An’s best by submission time is the first attempt');

  // Units: the village counts for its ward 10507 (2 contestants); 10525 has 2 registrants, 1 contestant.
  await db.updateTable('units').set({ population: 10 }).where('code', '=', '10525').execute();
  const units = await unitRanking(db, contest, 'contestants');
  const w1 = await unitId(db, '10507');
  const w2 = await unitId(db, '10525');
  assert.deepEqual(units.map((u) => [u.unitId, u.registrants, u.contestants]), [
    [w1, 2, 2],
    [w2, 2, 1],
  ]);
  const byRate = await unitRanking(db, contest, 'rate');
  assert.equal(byRate[0].unitId, w2, 'the only unit with a known population ranks first by rate');
  assert.equal(byRate[0].rate, 0.1);
  // Per round: round 2 has one contestant in each ward.
  assert.deepEqual((await unitRanking(db, contest, 'contestants', r2.id)).map((u) => u.contestants), [1, 1]);
});
