/**
 * The quiz engine through the quiz activity of a course (pages and JSON API), on both databases:
 * drawing by tags, frozen order, answers saved as given (idempotent), server-side grading (multiple choice
 * all-or-nothing), highest/last, pass mark, progress, the state machine, time-outs, the sweeper, bad input,
 * and the answer key never reaching the browser during an attempt.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, sessionCookie, unitId } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import * as repo from '../src/modules/quizzes/repository.js';
import type { QuestionValues } from '../src/modules/quizzes/question-input.js';
import type { QuizValues } from '../src/modules/quizzes/quiz-input.js';
import { finalizeOverdueAttempts, saveAnswers, startAttempt, submitAttempt } from '../src/modules/quizzes/attempt-service.js';
import { listQuizzesForUnit } from '../src/modules/quizzes/repository.js';

let t: TestApp;
let managerId: number;
let bankId: number;
let unit: number;

const EXPLAIN = 'GIAITHICH-';

/** 6 single (topic Thư điện tử, easy), 3 multiple (An toàn, hard), 2 true/false (Dịch vụ công, medium). */
function bankQuestions(): QuestionValues[] {
  const q: QuestionValues[] = [];
  for (let i = 1; i <= 6; i++) {
    q.push({ type: 'single', text: `Câu thư điện tử số ${i}?`, options: [`Phương án đúng ${i}`, `Nhiễu ${i}a`, `Nhiễu ${i}b`, `Nhiễu ${i}c`], answer: [0], explanation: `${EXPLAIN}S${i}`, topic: 'Thư điện tử', competence: '1.1', difficulty: 1 });
  }
  for (let i = 1; i <= 3; i++) {
    q.push({ type: 'multiple', text: `Câu an toàn số ${i}: chọn các việc nên làm`, options: [`Nên ${i}x`, `Không nên ${i}`, `Nên ${i}y`, `Không nên ${i}z`], answer: [0, 2], explanation: `${EXPLAIN}M${i}`, topic: 'An toàn', competence: '4.1', difficulty: 3 });
  }
  for (let i = 1; i <= 2; i++) {
    q.push({ type: 'true_false', text: `Mệnh đề dịch vụ công số ${i}.`, options: ['Đúng', 'Sai'], answer: [i === 1 ? 0 : 1], explanation: `${EXPLAIN}T${i}`, topic: 'Dịch vụ công', competence: null, difficulty: 2 });
  }
  return q;
}

const baseQuiz: QuizValues = {
  title: 'Kiểm tra kỹ năng số',
  bankId: 0,
  rules: [{ count: 2, topic: 'Thư điện tử' }, { count: 2, difficulty: 3 }, { count: 1, type: 'true_false' }],
  shuffleQuestions: true,
  shuffleOptions: true,
  timeLimitSeconds: null,
  attemptsAllowed: null,
  grading: 'highest',
  passPercent: 60,
  review: 'after_submit',
};

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  managerId = await makePerson(db, { fullName: 'Phạm Thu Hà', unitCode: '10507', roles: [{ role: 'content_manager', unitCode: '10507' }] });
  unit = await unitId(db, '10507');
  bankId = await repo.insertBank(db, { unitId: unit, name: 'Ngân hàng kỹ năng số', description: '', createdBy: managerId });
  await repo.insertQuestions(db, bankId, bankQuestions(), managerId);
});
after(() => t.close());

/** A quiz, a course with its quiz activity, and an enrolled learner with a client. */
async function setup(over: Partial<QuizValues> = {}) {
  const db = t.database.db;
  const quizId = await repo.insertQuiz(db, unit, { ...baseQuiz, bankId, ...over }, managerId);
  const course = await makeCourse(db, { activities: [{ type: 'quiz', title: 'Bài kiểm tra cuối khóa', settings: { quizId } }] });
  const learnerId = await makePerson(db, { fullName: 'Đỗ Văn Hùng' });
  await enrol(db, course.courseId, learnerId);
  const client = new TestClient(t.app, await sessionCookie(db, learnerId));
  const activityId = course.activityIds[0];
  return { db, quizId, learnerId, client, activityId, url: `/hoc-tap/quiz/${activityId}`, ...course };
}

const attemptsOf = (userId: number) => t.database.db.selectFrom('quiz_attempts').selectAll().where('user_id', '=', userId).orderBy('number').execute();

async function currentAttempt(userId: number) {
  const all = await attemptsOf(userId);
  return all[all.length - 1];
}

/** Position → the places shown of the correct options (read from the database, as the test knows the key). */
async function keyPlaces(attemptId: number): Promise<Map<number, number[]>> {
  const rows = await t.database.db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.option_order', 'questions.answer_key', 'questions.type', 'questions.topic', 'questions.difficulty'])
    .where('attempt_id', '=', attemptId)
    .orderBy('position')
    .execute();
  return new Map(
    rows.map((r) => {
      const order = JSON.parse(r.option_order) as number[];
      const key = JSON.parse(r.answer_key) as number[];
      return [r.position, order.flatMap((orig, place) => (key.includes(orig) ? [place] : []))];
    }),
  );
}

async function drawn(attemptId: number) {
  return t.database.db
    .selectFrom('attempt_questions')
    .innerJoin('questions', 'questions.id', 'attempt_questions.question_id')
    .select(['attempt_questions.position', 'attempt_questions.question_id', 'attempt_questions.option_order', 'attempt_questions.response', 'attempt_questions.answered_at', 'questions.type', 'questions.topic', 'questions.difficulty', 'questions.options'])
    .where('attempt_id', '=', attemptId)
    .orderBy('position')
    .execute();
}

/** Posts the attempt form with repeated keys (checkboxes), as a browser does. */
async function postAttempt(client: TestClient, url: string, entries: Array<[string, string]>) {
  const body = new URLSearchParams([['_csrf', await client.csrfToken()], ...entries]);
  return client.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

/** Form entries answering every question: right ones from the key, or a wrong choice. */
function answersFor(keys: Map<number, number[]>, right: (position: number) => boolean, types: Map<number, string>): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const [position, places] of keys) {
    if (right(position)) for (const p of places) entries.push([`q${position}`, String(p)]);
    else {
      const wrong = types.get(position) === 'true_false' ? [1 - places[0]] : [[0, 1, 2, 3].find((p) => !places.includes(p))!];
      for (const p of wrong) entries.push([`q${position}`, String(p)]);
    }
  }
  return entries;
}

async function typesOf(attemptId: number) {
  return new Map((await drawn(attemptId)).map((r) => [r.position, r.type]));
}

const progress = (userId: number, activityId: number) =>
  t.database.db.selectFrom('activity_progress').selectAll().where('user_id', '=', userId).where('activity_id', '=', activityId).executeTakeFirst();

test('listQuizzesForUnit gives the quizzes of units under the paths (for the activity form)', async () => {
  const { quizId } = await setup({ title: 'Bài cho danh sách' });
  const unitRow = await t.database.db.selectFrom('units').select('path').where('id', '=', unit).executeTakeFirstOrThrow();
  const mine = await listQuizzesForUnit(t.database.db, [unitRow.path]);
  assert.ok(mine.some((q) => q.id === quizId && q.title === 'Bài cho danh sách' && q.bankName === 'Ngân hàng kỹ năng số'));
  const other = await t.database.db.selectFrom('units').select('path').where('code', '=', '10525').executeTakeFirstOrThrow();
  assert.deepEqual(await listQuizzesForUnit(t.database.db, [other.path]), []);
  assert.deepEqual(await listQuizzesForUnit(t.database.db, []), []);
});

test('signed in and enrolled only: others get 404; an activity without a quiz says so', async () => {
  const { db, url, courseId } = await setup();
  const stranger = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { fullName: 'Người lạ' })));
  assert.equal((await stranger.get(url)).statusCode, 404, 'not enrolled');
  assert.equal((await stranger.postForm(`${url}/bat-dau`, {})).statusCode, 404);
  const anonymous = await t.app.inject({ method: 'GET', url });
  assert.equal(anonymous.statusCode, 302);
  assert.match(String(anonymous.headers.location), /^\/dang-nhap/);

  const noQuiz = await makeCourse(db, { activities: [{ type: 'quiz', settings: {} }, { type: 'link', settings: { url: 'https://example.vn' } }] });
  const learner = await makePerson(db, { fullName: 'Lý Thị Mai' });
  await enrol(db, noQuiz.courseId, learner);
  const client = new TestClient(t.app, await sessionCookie(db, learner));
  const page = await client.get(`/hoc-tap/quiz/${noQuiz.activityIds[0]}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /chưa được thiết lập câu hỏi/);
  assert.equal((await client.get(`/hoc-tap/quiz/${noQuiz.activityIds[1]}`)).statusCode, 404, 'not a quiz activity');
  assert.ok(courseId > 0);
});

test('starting draws by tags, and the questions and option orders are frozen per attempt', async () => {
  const { client, url, learnerId } = await setup();
  const intro = await client.get(url);
  assert.equal(intro.statusCode, 200);
  assert.match(intro.body, /Bắt đầu làm bài/);
  assert.equal((await client.postForm(`${url}/bat-dau`, {})).statusCode, 303);
  const attempt = await currentAttempt(learnerId);
  assert.equal(attempt.state, 'in_progress');
  assert.equal(attempt.max_score, 5);
  const rows = await drawn(attempt.id);
  assert.equal(rows.length, 5);
  assert.equal(new Set(rows.map((r) => r.question_id)).size, 5, 'no question twice');
  assert.equal(rows.filter((r) => r.topic === 'Thư điện tử').length, 2);
  assert.equal(rows.filter((r) => r.difficulty === 3).length, 2);
  assert.equal(rows.filter((r) => r.type === 'true_false').length, 1);
  for (const r of rows) {
    const order = JSON.parse(r.option_order) as number[];
    assert.deepEqual([...order].sort(), [...Array(order.length).keys()]);
    if (r.type === 'true_false') assert.deepEqual(order, [0, 1], 'Đúng before Sai');
  }

  // The page shows the same questions in the same order every time.
  const first = await client.get(url);
  const second = await client.get(url);
  assert.equal(first.statusCode, 200);
  const shown = (body: string) => [...body.matchAll(/<label for="q\d+-\d+">([^<]*)<\/label>/g)].map((m) => m[1]).join('|');
  assert.ok(shown(first.body).length > 0);
  assert.equal(shown(first.body), shown(second.body));
  assert.deepEqual(await drawn(attempt.id), rows, 'nothing redrawn');
  // The option texts shown follow the frozen order.
  const q1 = rows[0];
  const texts = JSON.parse(q1.options) as string[];
  const order = JSON.parse(q1.option_order) as number[];
  if (q1.type !== 'true_false') {
    const labels = [...first.body.matchAll(/<label for="q1-(\d)">[A-F]\. ([^<]*)<\/label>/g)].map((m) => m[2]);
    assert.deepEqual(labels, order.map((o) => texts[o]));
  }
});

test('the answer key never reaches the browser during an attempt (pages, redirects, JSON)', async () => {
  const { client, url, learnerId, activityId } = await setup({ review: 'never' });
  const responses: LightMyRequestResponse[] = [];
  const keep = async (p: Promise<LightMyRequestResponse>) => {
    const res = await p;
    responses.push(res);
    return res;
  };
  await keep(client.get(url));
  const started = await keep(client.sendJson('POST', `/api/quiz-activities/${activityId}/attempts`, {}));
  assert.equal(started.statusCode, 201, started.body);
  const attempt = await currentAttempt(learnerId);
  await keep(client.get(url));
  await keep(client.get(`/api/quiz-attempts/${attempt.id}`));
  await keep(client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/1`, { choices: [0] }));
  await keep(postAttempt(client, `${url}/lan/${attempt.id}`, [['q2', '1'], ['luu', '2']]));
  await keep(client.get(`${url}?luu=2`));
  await keep(client.get(`/api/quiz-attempts/${attempt.id}`));
  await keep(client.get(`${url}/lan/${attempt.id}`)); // redirects back while in progress

  const keys = await t.database.db.selectFrom('questions').select(['answer_key', 'explanation']).where('bank_id', '=', bankId).execute();
  assert.ok(keys.length > 0);
  const allowedKeys = new Set(['id', 'number', 'state', 'startedAt', 'deadlineAt', 'finishedAt', 'questions', 'position', 'type', 'text', 'options', 'place', 'chosen', 'answered', 'changed']);
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        assert.ok(allowedKeys.has(k), `unexpected field ${path}.${k}`);
        walk(v, `${path}.${k}`);
      }
    }
  };
  for (const res of responses) {
    const body = res.body;
    assert.ok(!body.includes(EXPLAIN), 'no explanation');
    assert.ok(!/correct|answer_key|answerKey|đáp án đúng|isRight/i.test(body), `no key marker in ${res.statusCode} ${body.slice(0, 200)}`);
    if (String(res.headers['content-type']).includes('json')) walk(JSON.parse(body), '$');
  }

  // Review 'never': even the result of the finished attempt shows no key.
  const result = await postAttempt(client, `${url}/lan/${attempt.id}`, [['nop', '1']]);
  assert.equal(result.statusCode, 303);
  const page = await client.get(String(result.headers.location));
  assert.equal(page.statusCode, 200);
  assert.ok(!page.body.includes(EXPLAIN));
  assert.match(page.body, /không hiển thị đáp án/);
  const json = await client.get(`/api/quiz-attempts/${attempt.id}`);
  assert.equal(json.json().review, undefined);
  assert.ok(!json.body.includes(EXPLAIN));
});

test('answers are saved as given; the same answer twice changes nothing; the pressed "Lưu" with nothing ticked clears', async () => {
  const { client, url, learnerId } = await setup();
  await client.postForm(`${url}/bat-dau`, {});
  const attempt = await currentAttempt(learnerId);
  const types = await typesOf(attempt.id);
  const single = [...types].find(([, type]) => type === 'single')![0];
  const multiple = [...types].find(([, type]) => type === 'multiple')![0];

  const save = await postAttempt(client, `${url}/lan/${attempt.id}`, [[`q${single}`, '2'], [`q${multiple}`, '0'], [`q${multiple}`, '3'], ['luu', String(single)]]);
  assert.equal(save.statusCode, 303);
  assert.equal(save.headers.location, `${url}?luu=${single}#q-${single}`);
  let rows = await drawn(attempt.id);
  const row = (p: number) => rows.find((r) => r.position === p)!;
  const orderOf = (p: number) => JSON.parse(row(p).option_order) as number[];
  assert.equal(row(single).response, JSON.stringify([orderOf(single)[2]]));
  assert.equal(row(multiple).response, JSON.stringify([orderOf(multiple)[0], orderOf(multiple)[3]].sort((a, b) => a - b)));
  const answeredAt = row(single).answered_at;
  assert.ok(answeredAt);

  // The page shows the choices saved.
  const page = await client.get(`${url}?luu=${single}`);
  assert.match(page.body, new RegExp(`id="q${single}-2"[^>]*checked`));
  assert.match(page.body, /Đã lưu câu trả lời/);

  // Again, the same: nothing changes (not even the time it was answered).
  await new Promise((r) => setTimeout(r, 5));
  const api = await client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/${single}`, { choices: [2] });
  assert.equal(api.statusCode, 200);
  assert.deepEqual(api.json(), { position: single, changed: false });
  await postAttempt(client, `${url}/lan/${attempt.id}`, [[`q${single}`, '2'], ['luu', String(single)]]);
  rows = await drawn(attempt.id);
  assert.equal(row(single).answered_at, answeredAt);

  // "Lưu" on a question with nothing ticked clears that question only.
  await postAttempt(client, `${url}/lan/${attempt.id}`, [['luu', String(multiple)]]);
  rows = await drawn(attempt.id);
  assert.equal(row(multiple).response, null);
  assert.equal(row(single).response, JSON.stringify([orderOf(single)[2]]));
});

test('grading on the server: single, true/false, multiple all-or-nothing; pass mark; progress passed with the score', async () => {
  const { client, url, learnerId, activityId } = await setup({ passPercent: 80 });
  await client.postForm(`${url}/bat-dau`, {});
  const attempt = await currentAttempt(learnerId);
  const keys = await keyPlaces(attempt.id);
  const types = await typesOf(attempt.id);
  const multiples = [...types].filter(([, type]) => type === 'multiple').map(([p]) => p);
  // All right except one multiple-choice question answered with one of its two correct options only.
  const entries = answersFor(keys, (p) => p !== multiples[0], types).filter(([k]) => k !== `q${multiples[0]}`);
  entries.push([`q${multiples[0]}`, String(keys.get(multiples[0])![0])]);
  const res = await postAttempt(client, `${url}/lan/${attempt.id}`, [...entries, ['nop', '1']]);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${url}/lan/${attempt.id}`);
  const done = await currentAttempt(learnerId);
  assert.deepEqual([done.state, done.finish_reason, done.score, done.max_score, done.percent, done.passed], ['finished', 'submitted', 4, 5, 80, 1]);
  const rows = await t.database.db.selectFrom('attempt_questions').select(['position', 'correct']).where('attempt_id', '=', attempt.id).execute();
  assert.equal(rows.find((r) => r.position === multiples[0])!.correct, 0, 'half of a multiple choice is wrong (all-or-nothing)');
  assert.equal(rows.filter((r) => r.correct === 1).length, 4);
  const p = await progress(learnerId, activityId);
  assert.deepEqual([p?.status, p?.score], ['passed', 80]);

  // The result page: score, pass, review with explanations (review after each submit).
  const page = await client.get(`${url}/lan/${attempt.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Bạn trả lời đúng 4\/5 câu \(80%\) — Đạt/);
  assert.ok(page.body.includes(EXPLAIN), 'explanations shown after submit');
  const en = await client.get(`${url}/lan/${attempt.id}?lang=en`);
  assert.match(en.body, /You answered 4 of 5 questions right \(80%\) — Passed/);
  await client.get('/?lang=vi');
});

test('a failed attempt reports failed; without a pass mark finishing completes', async () => {
  const a = await setup({ passPercent: 60 });
  await a.client.postForm(`${a.url}/bat-dau`, {});
  const attempt = await currentAttempt(a.learnerId);
  await postAttempt(a.client, `${a.url}/lan/${attempt.id}`, [['nop', '1']]);
  const done = await currentAttempt(a.learnerId);
  assert.deepEqual([done.score, done.percent, done.passed], [0, 0, 0]);
  assert.deepEqual([(await progress(a.learnerId, a.activityId))?.status, (await progress(a.learnerId, a.activityId))?.score], ['failed', 0]);

  const b = await setup({ passPercent: null });
  await b.client.postForm(`${b.url}/bat-dau`, {});
  const bAttempt = await currentAttempt(b.learnerId);
  await postAttempt(b.client, `${b.url}/lan/${bAttempt.id}`, [['nop', '1']]);
  assert.equal((await currentAttempt(b.learnerId)).passed, null);
  assert.equal((await progress(b.learnerId, b.activityId))?.status, 'completed');
  const enrolment = await t.database.db.selectFrom('enrolments').select('status').where('user_id', '=', b.learnerId).executeTakeFirstOrThrow();
  assert.equal(enrolment.status, 'completed', 'the only required activity is done: the course completes');
});

/** Takes one attempt through the services, answering `right` questions right. */
async function takeAttempt(s: Awaited<ReturnType<typeof setup>>, rightCount: number) {
  const quiz = (await repo.quizById(s.db, s.quizId))!;
  const attempt = await startAttempt(s.db, quiz, s.learnerId, { type: 'activity', id: s.activityId });
  const keys = await keyPlaces(attempt.id);
  const answers = [...keys].slice(0, rightCount).map(([position, places]) => ({ position, choices: places.map(String) }));
  return submitAttempt(s.db, attempt.id, s.learnerId, answers);
}

test('highest keeps the best attempt; last takes the last one (and may lower the status)', async () => {
  const high = await setup({ grading: 'highest', passPercent: 60 });
  await takeAttempt(high, 4);
  await takeAttempt(high, 1);
  assert.deepEqual([(await progress(high.learnerId, high.activityId))?.status, (await progress(high.learnerId, high.activityId))?.score], ['passed', 80]);
  const page = await high.client.get(high.url);
  assert.match(page.body, /Điểm của bạn: 80% — Đạt/);

  const last = await setup({ grading: 'last', passPercent: 60 });
  await takeAttempt(last, 4);
  assert.equal((await progress(last.learnerId, last.activityId))?.status, 'passed');
  await takeAttempt(last, 1);
  assert.deepEqual([(await progress(last.learnerId, last.activityId))?.status, (await progress(last.learnerId, last.activityId))?.score], ['failed', 20]);
  assert.match((await last.client.get(last.url)).body, /Điểm của bạn: 20% — Chưa đạt/);
});

test('attempts limit: no attempt beyond it; a second attempt while one is in progress is refused; two starts at once make one', async () => {
  const s = await setup({ attemptsAllowed: 2 });
  assert.equal((await s.client.postForm(`${s.url}/bat-dau`, {})).statusCode, 303);
  const again = await s.client.postForm(`${s.url}/bat-dau`, {});
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /đang có một lượt làm bài chưa nộp/);
  assert.equal((await attemptsOf(s.learnerId)).length, 1);
  const api = await s.client.sendJson('POST', `/api/quiz-activities/${s.activityId}/attempts`, {});
  assert.equal(api.statusCode, 409);
  assert.equal(api.json().error.code, 'QUIZ_ATTEMPT_IN_PROGRESS');

  const first = await currentAttempt(s.learnerId);
  await postAttempt(s.client, `${s.url}/lan/${first.id}`, [['nop', '1']]);
  // Two starts at the same moment (two tabs): exactly one attempt is created.
  const [a, b] = await Promise.all([s.client.postForm(`${s.url}/bat-dau`, {}), s.client.postForm(`${s.url}/bat-dau`, {})]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
  const all = await attemptsOf(s.learnerId);
  assert.deepEqual(all.map((x) => x.number), [1, 2]);
  await postAttempt(s.client, `${s.url}/lan/${all[1].id}`, [['nop', '1']]);
  const third = await s.client.postForm(`${s.url}/bat-dau`, {});
  assert.equal(third.statusCode, 409);
  assert.match(third.body, /đã dùng hết 2 lượt làm bài/);
  assert.equal((await attemptsOf(s.learnerId)).length, 2);
  assert.match((await s.client.get(s.url)).body, /Bạn đã dùng hết số lượt làm bài/);
});

test('double submit: the second gets the same result and changes nothing', async () => {
  const s = await setup();
  await s.client.postForm(`${s.url}/bat-dau`, {});
  const attempt = await currentAttempt(s.learnerId);
  const keys = await keyPlaces(attempt.id);
  const types = await typesOf(attempt.id);
  const entries = answersFor(keys, () => true, types);
  const first = await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [...entries, ['nop', '1']]);
  const after1 = await currentAttempt(s.learnerId);
  const rows1 = await drawn(attempt.id);
  // The second submit says everything is wrong: ignored, same result.
  const second = await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [...answersFor(keys, () => false, types), ['nop', '1']]);
  assert.equal(first.statusCode, 303);
  assert.equal(second.statusCode, 303);
  assert.equal(second.headers.location, first.headers.location);
  assert.deepEqual(await currentAttempt(s.learnerId), after1);
  assert.deepEqual(await drawn(attempt.id), rows1);
  const api1 = await s.client.sendJson('POST', `/api/quiz-attempts/${attempt.id}/submit`, {});
  const api2 = await s.client.sendJson('POST', `/api/quiz-attempts/${attempt.id}/submit`, {});
  assert.equal(api1.statusCode, 200);
  assert.deepEqual(api1.json(), api2.json());
  assert.deepEqual(api1.json().result, { score: 5, maxScore: 5, percent: 100, passed: true, finishReason: 'submitted' });
  // Answers after the submit are refused.
  const late = await s.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/1`, { choices: [0] });
  assert.equal(late.statusCode, 409);
  assert.equal(late.json().error.code, 'QUIZ_ATTEMPT_CLOSED');
  assert.deepEqual(await drawn(attempt.id), rows1);
});

test('bad input is refused with a clear error and nothing stored changes', async () => {
  const s = await setup();
  await s.client.postForm(`${s.url}/bat-dau`, {});
  const attempt = await currentAttempt(s.learnerId);
  const types = await typesOf(attempt.id);
  const single = [...types].find(([, type]) => type === 'single')![0];
  const tf = [...types].find(([, type]) => type === 'true_false')![0];
  await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [[`q${single}`, '1'], ['luu', String(single)]]);
  const before = await drawn(attempt.id);
  const stateBefore = await currentAttempt(s.learnerId);

  const cases: Array<[Array<[string, string]>, number, RegExp]> = [
    [[['q99', '0'], [`q${single}`, '0'], ['luu', '99']], 422, /Câu 99 không có trong lượt làm bài này/],
    [[[`q${single}`, '7']], 422, new RegExp(`Câu ${single} không có phương án đã chọn`)],
    [[[`q${single}`, '0'], [`q${single}`, '2']], 422, new RegExp(`Câu ${single} chỉ được chọn một phương án`)],
    [[[`q${tf}`, '0'], [`q${tf}`, '1']], 422, new RegExp(`Câu ${tf} chỉ được chọn một phương án`)],
    [[[`q${single}`, 'x']], 422, new RegExp(`Lựa chọn ở câu ${single} không hợp lệ`)],
    [[[`q${single}`, '-1']], 422, /không hợp lệ/],
  ];
  for (const [entries, status, message] of cases) {
    const res = await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [...entries, ['nop', '1']]);
    assert.equal(res.statusCode, status, JSON.stringify(entries));
    assert.match(res.body, message);
    assert.match(res.body, /Không có câu trả lời nào được lưu/);
    assert.deepEqual(await drawn(attempt.id), before, 'no answer changed');
    assert.deepEqual(await currentAttempt(s.learnerId), stateBefore, 'still in progress: a refused submit submits nothing');
  }
  // Unknown fields are refused by the schema; the API checks the same rules.
  assert.equal((await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [['answer', '1']])).statusCode, 400);
  const api = await s.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/${single}`, { choices: [0, 1] });
  assert.equal(api.statusCode, 422);
  assert.equal(api.json().error.code, 'QUIZ_SINGLE_ONE_CHOICE');
  assert.equal((await s.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/50`, { choices: [0] })).json().error.code, 'QUIZ_QUESTION_NOT_IN_ATTEMPT');
  assert.equal((await s.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/${single}`, { choices: [9] })).json().error.code, 'QUIZ_CHOICE_OUT_OF_RANGE');
  assert.equal((await s.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/${single}`, { choices: ['a'] })).statusCode, 400);
  assert.deepEqual(await drawn(attempt.id), before);

  // Someone else's attempt does not exist for them.
  const other = await setup();
  assert.equal((await other.client.get(`/api/quiz-attempts/${attempt.id}`)).statusCode, 404);
  assert.equal((await other.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/1`, { choices: [0] })).statusCode, 404);
  assert.equal((await postAttempt(other.client, `${other.url}/lan/${attempt.id}`, [['nop', '1']])).statusCode, 404);
  assert.equal((await postAttempt(other.client, `${s.url}/lan/${attempt.id}`, [['nop', '1']])).statusCode, 404);
  assert.deepEqual(await currentAttempt(s.learnerId), stateBefore);
});

test('time limit: the deadline is the server’s; late answers and late submits are refused, the attempt is graded on what was saved', async () => {
  const s = await setup({ timeLimitSeconds: 600 });
  await s.client.postForm(`${s.url}/bat-dau`, {});
  const attempt = await currentAttempt(s.learnerId);
  assert.equal(Date.parse(attempt.deadline_at!) - Date.parse(attempt.started_at), 600_000);
  const page = await s.client.get(s.url);
  assert.match(page.body, /Hạn nộp bài:/);
  const keys = await keyPlaces(attempt.id);
  const [p1, places1] = [...keys][0];
  const [p2, places2] = [...keys][1];
  await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [...places1.map((p): [string, string] => [`q${p1}`, String(p)]), ['luu', String(p1)]]);

  // Time runs out.
  await s.db.updateTable('quiz_attempts').set({ deadline_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', attempt.id).execute();
  const late = await postAttempt(s.client, `${s.url}/lan/${attempt.id}`, [...places2.map((p): [string, string] => [`q${p2}`, String(p)]), ['luu', String(p2)]]);
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /Đã hết giờ làm bài/);
  const done = await currentAttempt(s.learnerId);
  assert.deepEqual([done.state, done.finish_reason, done.score], ['finished', 'timeout', 1], 'graded on the answer saved before the deadline');
  assert.equal((await drawn(attempt.id)).find((r) => r.position === p2)!.response, null, 'the late answer was not stored');
  assert.ok(await progress(s.learnerId, s.activityId));

  const lateApi = await s.client.sendJson('PUT', `/api/quiz-attempts/${attempt.id}/answers/${p2}`, { choices: places2 });
  assert.equal(lateApi.statusCode, 409);
  assert.equal(lateApi.json().error.code, 'QUIZ_TIME_UP');
  const lateSubmit = await s.client.sendJson('POST', `/api/quiz-attempts/${attempt.id}/submit`, {});
  assert.equal(lateSubmit.json().error.code, 'QUIZ_TIME_UP');
  assert.deepEqual(await currentAttempt(s.learnerId), done, 'nothing changed');
});

test('an attempt past its deadline is finalized when touched: the page, or the next start', async () => {
  const s = await setup({ timeLimitSeconds: 60 });
  await s.client.postForm(`${s.url}/bat-dau`, {});
  const attempt = await currentAttempt(s.learnerId);
  await s.db.updateTable('quiz_attempts').set({ deadline_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', attempt.id).execute();
  const page = await s.client.get(s.url);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Bỏ dở/);
  const after1 = await currentAttempt(s.learnerId);
  assert.deepEqual([after1.state, after1.score, after1.percent], ['abandoned', 0, 0], 'nothing answered: abandoned');
  assert.equal((await s.client.postForm(`${s.url}/bat-dau`, {})).statusCode, 303, 'a new attempt can start');
  assert.equal((await attemptsOf(s.learnerId)).length, 2);
});

test('finalizeOverdueAttempts (the sweeper): overdue → finished when answered, abandoned otherwise; progress recorded', async () => {
  const a = await setup({ timeLimitSeconds: 300, passPercent: 20 });
  const b = await setup({ timeLimitSeconds: 300 });
  const c = await setup({ timeLimitSeconds: 300 });
  const quizA = (await repo.quizById(t.database.db, a.quizId))!;
  const t0 = new Date();
  const attemptA = await startAttempt(a.db, quizA, a.learnerId, { type: 'activity', id: a.activityId }, { now: t0 });
  const attemptB = await startAttempt(b.db, (await repo.quizById(t.database.db, b.quizId))!, b.learnerId, { type: 'activity', id: b.activityId }, { now: t0 });
  const attemptC = await startAttempt(c.db, (await repo.quizById(t.database.db, c.quizId))!, c.learnerId, { type: 'activity', id: c.activityId }, { now: t0 });
  const [position, places] = [...(await keyPlaces(attemptA.id))][0];
  await saveAnswers(a.db, attemptA.id, a.learnerId, [{ position, choices: places.map(String) }], new Date(t0.getTime() + 60_000));
  await assert.rejects(saveAnswers(a.db, attemptA.id, a.learnerId, [{ position, choices: [] }], new Date(t0.getTime() + 301_000)), /QUIZ_TIME_UP/);
  // attemptA was finalized by that touch; the sweeper handles the other two (C is still in time at t0 + 200 s).
  await finalizeOverdueAttempts(t.database.db, new Date(t0.getTime() + 200_000));
  assert.deepEqual([(await currentAttempt(b.learnerId)).state, (await currentAttempt(c.learnerId)).state], ['in_progress', 'in_progress'], 'not yet due');
  const swept = await finalizeOverdueAttempts(t.database.db, new Date(t0.getTime() + 301_000));
  assert.ok(swept >= 2, `swept ${swept}`);
  const [fa, fb, fc] = await Promise.all([a, b, c].map((s) => currentAttempt(s.learnerId)));
  assert.deepEqual([fa.state, fa.finish_reason, fa.score, fa.passed], ['finished', 'timeout', 1, 1]);
  assert.deepEqual([fb.state, fb.finish_reason, fb.score], ['abandoned', 'timeout', 0]);
  assert.equal(fc.state, 'abandoned');
  assert.equal((await progress(a.learnerId, a.activityId))?.status, 'passed');
  assert.equal((await progress(b.learnerId, b.activityId))?.status, 'failed');
  assert.equal(await finalizeOverdueAttempts(t.database.db, new Date(t0.getTime() + 400_000)), 0, 'nothing left; running again changes nothing');
  assert.equal(attemptB.id > 0 && attemptC.id > 0, true);
});

test('the review follows the quiz: after the last attempt only', async () => {
  const s = await setup({ review: 'after_last', attemptsAllowed: 2, passPercent: 100 });
  const first = await takeAttempt(s, 1);
  const page1 = await s.client.get(`${s.url}/lan/${first.id}`);
  assert.ok(!page1.body.includes(EXPLAIN), 'attempts left and not passed: no answers yet');
  assert.match(page1.body, /Đáp án sẽ được hiển thị/);
  await takeAttempt(s, 2);
  const page2 = await s.client.get(`${s.url}/lan/${first.id}`);
  assert.ok(page2.body.includes(EXPLAIN), 'no attempts left: answers shown');
  assert.match(page2.body, /đáp án đúng/);
});
