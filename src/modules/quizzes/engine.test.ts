/** The pure parts of the engine: drawing by tags, option orders, grading, the attempt state machine. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { drawQuestions, drawWithRetries, NotEnoughQuestions, optionOrder, shuffle, type Candidate } from './draw.js';
import { isRight, passedOf, progressStatus, quizGrade, scoreOf } from './grading.js';
import { ATTEMPT_STATES, InvalidTransition, TRANSITIONS, acceptsAnswers, canTransition, finalizeEvent, isFinal, nextState } from './attempt-state.js';
import { validateQuiz } from './quiz-input.js';

/** A seeded random source (mulberry32), so draws are reproducible. */
function seeded(seed: number) {
  return (n: number) => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

const bank: Candidate[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ id: i + 1, type: 'single', topic: 'Thư điện tử', competence: '1.1', difficulty: 1 })),
  ...Array.from({ length: 3 }, (_, i) => ({ id: i + 11, type: 'multiple', topic: 'Thư điện tử', competence: '2.1', difficulty: 3 })),
  ...Array.from({ length: 4 }, (_, i) => ({ id: i + 21, type: 'true_false', topic: 'Dịch vụ công', competence: null, difficulty: 2 })),
];
const byId = new Map(bank.map((q) => [q.id, q]));

test('drawing by tags: each rule gets its count of matching questions, none twice', () => {
  for (let seed = 1; seed <= 50; seed++) {
    const ids = drawQuestions(bank, [{ count: 5 }, { count: 2, topic: 'Dịch vụ công' }, { count: 2, difficulty: 3 }], { shuffleQuestions: false, random: seeded(seed) });
    assert.equal(ids.length, 9);
    assert.equal(new Set(ids).size, 9, 'no question twice');
    assert.ok(ids.slice(5, 7).every((id) => byId.get(id)!.topic === 'Dịch vụ công'));
    assert.ok(ids.slice(7, 9).every((id) => byId.get(id)!.difficulty === 3));
  }
});

test('the narrow rule is filled first, so a broad rule cannot starve it', () => {
  // 13 questions, 3 hard: "10 of anything" + "3 hard" only works if the hard ones are kept for rule 2.
  for (let seed = 1; seed <= 50; seed++) {
    const ids = drawQuestions(bank, [{ count: 10 }, { count: 3, difficulty: 3 }], { shuffleQuestions: false, random: seeded(seed) });
    assert.equal(new Set(ids).size, 13);
  }
});

test('not enough matching questions is refused with the rule, the count wanted and available', () => {
  assert.throws(
    () => drawQuestions(bank, [{ count: 4, type: 'multiple' }], { shuffleQuestions: false }),
    (err: unknown) => err instanceof NotEnoughQuestions && err.rule === 0 && err.wanted === 4 && err.available === 3,
  );
  assert.throws(() => drawWithRetries(bank, [{ count: 1, competence: '9.9' }], { shuffleQuestions: false }), NotEnoughQuestions);
});

test('draws differ between attempts; the question order is shuffled only when asked', () => {
  const draws = new Set<string>();
  for (let seed = 1; seed <= 20; seed++) draws.add(drawQuestions(bank, [{ count: 4 }], { shuffleQuestions: true, random: seeded(seed) }).join(','));
  assert.ok(draws.size > 10, 'random draws');
  const ordered = drawQuestions(bank, [{ count: 2, topic: 'Dịch vụ công' }, { count: 2, type: 'multiple' }], { shuffleQuestions: false, random: seeded(7) });
  assert.deepEqual(ordered.map((id) => byId.get(id)!.type), ['true_false', 'true_false', 'multiple', 'multiple']);
});

test('option orders: a permutation when shuffled, identity otherwise and always for true/false', () => {
  const order = optionOrder(6, 'single', true, seeded(3));
  assert.deepEqual([...order].sort(), [0, 1, 2, 3, 4, 5]);
  assert.deepEqual(optionOrder(4, 'multiple', false), [0, 1, 2, 3]);
  assert.deepEqual(optionOrder(2, 'true_false', true, seeded(3)), [0, 1]);
  assert.deepEqual(shuffle([1], seeded(1)), [1]);
});

test('grading: single exact, multiple all-or-nothing, unanswered wrong', () => {
  assert.equal(isRight([1], [1]), true);
  assert.equal(isRight([1], [2]), false);
  assert.equal(isRight([0, 2], [2, 0]), true);
  assert.equal(isRight([0, 2], [0]), false, 'one missing: wrong (no partial credit)');
  assert.equal(isRight([0, 2], [0, 1, 2]), false, 'one extra: wrong');
  assert.equal(isRight([0], null), false);
  assert.equal(isRight([0], []), false);
  assert.deepEqual(scoreOf([{ points: 1, right: true }, { points: 1, right: false }, { points: 1, right: true }]), { score: 2, max: 3, percent: 66.67 });
  assert.deepEqual(scoreOf([]), { score: 0, max: 0, percent: 0 });
});

test('pass mark, highest and last', () => {
  assert.equal(passedOf(70, 70), true);
  assert.equal(passedOf(69.99, 70), false);
  assert.equal(passedOf(10, null), null);
  const attempts = [{ number: 1, percent: 40 }, { number: 2, percent: 90 }, { number: 3, percent: 60 }];
  assert.equal(quizGrade(attempts, 'highest'), 90);
  assert.equal(quizGrade(attempts, 'last'), 60);
  assert.equal(quizGrade([], 'last'), null);
  assert.deepEqual([progressStatus(90, 70), progressStatus(60, 70), progressStatus(0, null)], ['passed', 'failed', 'completed']);
});

test('the state machine: the allowed transitions and nothing else', () => {
  assert.deepEqual([...ATTEMPT_STATES], ['in_progress', 'overdue', 'finished', 'abandoned']);
  assert.equal(nextState('in_progress', 'submit'), 'finished');
  assert.equal(nextState('in_progress', 'expire'), 'overdue');
  assert.equal(nextState('overdue', 'grade'), 'finished');
  assert.equal(nextState('overdue', 'abandon'), 'abandoned');
  const allowed = new Set(['in_progress:submit', 'in_progress:expire', 'overdue:grade', 'overdue:abandon']);
  for (const state of ATTEMPT_STATES) {
    for (const event of Object.keys(TRANSITIONS) as Array<keyof typeof TRANSITIONS>) {
      assert.equal(canTransition(state, event), allowed.has(`${state}:${event}`), `${state}:${event}`);
      if (!allowed.has(`${state}:${event}`)) assert.throws(() => nextState(state, event), InvalidTransition);
    }
  }
  assert.deepEqual(ATTEMPT_STATES.map(isFinal), [false, false, true, true]);
  assert.deepEqual([finalizeEvent(0), finalizeEvent(3)], ['abandon', 'grade']);
});

test('answers are accepted only in progress and up to the deadline', () => {
  const now = new Date('2026-05-01T08:00:00Z');
  assert.equal(acceptsAnswers({ state: 'in_progress', deadline_at: null }, now), true);
  assert.equal(acceptsAnswers({ state: 'in_progress', deadline_at: '2026-05-01T08:00:00.000Z' }, now), true);
  assert.equal(acceptsAnswers({ state: 'in_progress', deadline_at: '2026-05-01T07:59:59.999Z' }, now), false);
  assert.equal(acceptsAnswers({ state: 'overdue', deadline_at: null }, now), false);
  assert.equal(acceptsAnswers({ state: 'finished', deadline_at: null }, now), false);
});

test('quiz settings: rules, limits and defaults', () => {
  const ok = validateQuiz({ title: ' Kiểm tra  cuối khóa ', bank: '3', r1_count: '5', r1_topic: 'Thư điện tử', r2_count: '2', r2_difficulty: '3', timeLimit: '15', attempts: '2', passPercent: '70', grading: 'last', shuffleOptions: '1' });
  assert.deepEqual(ok.errors, {});
  assert.deepEqual(ok.values, {
    title: 'Kiểm tra cuối khóa',
    bankId: 3,
    rules: [{ count: 5, topic: 'Thư điện tử' }, { count: 2, difficulty: 3 }],
    shuffleQuestions: false,
    shuffleOptions: true,
    timeLimitSeconds: 900,
    attemptsAllowed: 2,
    grading: 'last',
    passPercent: 70,
    review: 'after_submit',
  });
  const bad = validateQuiz({ title: '', bank: '', r1_count: '0', r2_topic: 'x', timeLimit: 'abc', attempts: '0', passPercent: '101', grading: 'average' });
  assert.deepEqual(bad.errors, {
    title: 'QUIZ_TITLE_REQUIRED',
    bank: 'QUIZ_BANK_REQUIRED',
    r1_count: 'QUIZ_RULE_COUNT_INVALID',
    r2_count: 'QUIZ_RULE_COUNT_REQUIRED',
    timeLimit: 'QUIZ_TIME_LIMIT_INVALID',
    attempts: 'QUIZ_ATTEMPTS_INVALID',
    passPercent: 'QUIZ_PASS_INVALID',
    grading: 'QUIZ_GRADING_INVALID',
  });
  assert.equal(validateQuiz({ title: 'x', bank: '1' }).errors.r1_count, 'QUIZ_RULES_REQUIRED');
});
