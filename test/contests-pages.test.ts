/**
 * The contest's public pages over HTTP (no JavaScript): list and landing in Vietnamese and English, the
 * registration form (errors per field, a duplicate phone number written another way, one click for an
 * account), and a whole attempt as plain forms: start, choose + "Lưu", resume, "Nộp bài", results hidden
 * until the round closes; the attempt is its owner's only; time up by the server's clock.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { TestClient } from './helpers/client.js';
import { makeLearner, sessionCookie, uniquePhone } from './helpers/factories.js';
import { makeContest, CONTEST_EXPLAIN, DEFAULT_PREDICTION } from './helpers/contests.js';
import type { ContestRow, RoundRow } from '../src/modules/contests/service.js';
import { DEMO_CONTEST_SLUG, DEMO_QUESTIONS, ensureDemoContest } from '../src/modules/contests/demo.js';

let t: TestApp;
let contest: ContestRow;
let round: RoundRow;
let later: RoundRow;

before(async () => {
  t = await makeTestApp({ DEMO_COURSE: 'false' });
  const db = t.database.db;
  const made = await makeContest(db, {
    slug: 'cong-dan-so-thu',
    rounds: [
      { opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000), attemptsAllowed: 1, prediction: DEFAULT_PREDICTION },
      { opensAt: new Date(Date.now() + 2 * 86_400_000), closesAt: new Date(Date.now() + 3 * 86_400_000) },
    ],
  });
  contest = made.contest;
  [round, later] = made.rounds;
});
after(() => t.close());

const base = '/cuoc-thi/cong-dan-so-thu';
/** Like assert.match, without printing the whole page when it fails. */
function has(html: string, re: RegExp, what = String(re)) {
  assert.ok(re.test(html), `page lacks ${what}`);
}
function hasNot(html: string, re: RegExp, what = String(re)) {
  assert.ok(!re.test(html), `page has ${what}`);
}
const decode = (html: string) => html.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>');

function registration(fields: Record<string, string> = {}) {
  return {
    fullName: 'Phạm Thị Lan',
    phone: '0912 345 678',
    idNumber: '',
    unitCode: '10507',
    targetGroup: 'citizen',
    birthYear: '1968',
    password: 'mat-khau-du-thi-1',
    passwordConfirm: 'mat-khau-du-thi-1',
    consent: 'yes',
    ...fields,
  };
}

test('the list and the landing page render in Vietnamese and in English; drafts are not found', async () => {
  const c = new TestClient(t.app);
  const list = await c.get('/cuoc-thi');
  assert.equal(list.statusCode, 200);
  has(list.body, new RegExp(contest.title));
  has(list.body, new RegExp(`href="${base}"`));

  const vi = await c.get(base);
  assert.equal(vi.statusCode, 200);
  const body = decode(vi.body);
  for (const text of ['Thể lệ', 'Cơ cấu giải thưởng', 'Lịch thi', 'Lượt truy cập', 'Người đăng ký', 'Lượt thi', 'Tham gia theo đơn vị', 'Đăng ký dự thi', 'Đang mở', 'Sắp mở', '(giờ Việt Nam)']) {
    assert.ok(body.includes(text), `landing lacks "${text}"`);
  }
  assert.ok(body.includes(contest.rules) && body.includes(contest.prizes_text));
  has(body, new RegExp(`href="${base}/vong/${later.number}"`));

  const en = await c.get(`${base}?lang=en`);
  assert.equal(en.statusCode, 200);
  const enBody = decode(en.body);
  for (const text of ['Rules', 'Prizes', 'Schedule', 'Visits', 'Register for the contest', 'Open', 'Coming', '(Vietnam time)']) {
    assert.ok(enBody.includes(text), `English landing lacks "${text}"`);
  }
  has(enBody, /<html lang="en"/);
  // The remembered language also applies to the cached page, and each visitor gets their own CSRF token.
  const again = await c.get(base);
  has(again.body, /<html lang="en"/);
  const other = await new TestClient(t.app).get(base);
  const token = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  assert.ok(token(other.body) && token(again.body) && token(other.body) !== token(again.body));

  const draft = await makeContest(t.database.db, { slug: 'ban-nhap-thu', status: 'draft' });
  assert.equal((await c.get(`/cuoc-thi/${draft.contest.slug}`)).statusCode, 404);
  assert.ok(!(await c.get('/cuoc-thi')).body.includes(draft.contest.title));
});

test('registration: every problem is shown by its field, with a summary', async () => {
  const c = new TestClient(t.app);
  const form = await c.get(`${base}/dang-ky`);
  assert.equal(form.statusCode, 200);
  for (const name of ['fullName', 'phone', 'idNumber', 'unitCode', 'targetGroup', 'birthYear', 'password', 'passwordConfirm', 'consent']) {
    has(form.body, new RegExp(`name="${name}"`), `form lacks ${name}`);
  }
  has(form.body, /<optgroup label="Xã, phường, đặc khu">/);
  has(form.body, /<optgroup label="Sở, ban, ngành">/);

  const res = await c.postForm(`${base}/dang-ky`, registration({ fullName: '', phone: '09', idNumber: '12', unitCode: '', targetGroup: 'x', password: 'a', passwordConfirm: 'b', consent: '' }));
  assert.equal(res.statusCode, 422);
  const html = decode(res.body);
  has(html, /class="error-summary"/);
  for (const field of ['fullName', 'phone', 'idNumber', 'unitCode', 'targetGroup', 'password', 'consent']) {
    has(html, new RegExp(`id="f-${field}-error"`), `no error shown for ${field}`);
    if (field !== 'consent') has(html, new RegExp(`href="#f-${field}"`), `summary does not link ${field}`);
  }
  // What was typed stays, the password does not.
  has(html, /name="birthYear" type="text" value="1968"/);
  hasNot(html, /type="password" value="a"/);
  assert.equal(c.hasCookie('kns_sid'), false);
});

test('registering signs the person in; the same phone written another way is refused with a clear message', async () => {
  const c = new TestClient(t.app);
  const res = await c.postForm(`${base}/dang-ky`, registration());
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${base}?da-dang-ky=1`);
  assert.ok(c.hasCookie('kns_sid'));
  const page = decode((await c.get(`${base}?da-dang-ky=1`)).body);
  has(page, /Đăng ký dự thi thành công/);
  has(page, new RegExp(`href="${base}/vong/${round.number}"`));
  assert.ok(page.includes(`Vào thi: Vòng ${round.number}`));

  const again = new TestClient(t.app);
  const dup = await again.postForm(`${base}/dang-ky`, registration({ fullName: 'Phạm Lan', phone: '+84 912-345-678' }));
  assert.equal(dup.statusCode, 409);
  const html = decode(dup.body);
  has(html, /class="error-summary"/);
  has(html, /đã đăng ký dự thi/);
  has(html, /name="fullName" type="text" value="Phạm Lan"/);
  assert.equal(again.hasCookie('kns_sid'), false);
  const count = await t.database.db.selectFrom('contest_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', contest.id).executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
});

test('a signed-in learner registers with one click, and only once', async () => {
  const db = t.database.db;
  const userId = await makeLearner(db, { fullName: 'Đỗ Văn Bình', unitCode: '10507' });
  const c = new TestClient(t.app, await sessionCookie(db, userId));
  const form = decode((await c.get(`${base}/dang-ky`)).body);
  has(form, /Đăng ký bằng tài khoản này/);
  has(form, /Đỗ Văn Bình/);
  hasNot(form, /name="password"/);
  const landing = decode((await c.get(base)).body);
  has(landing, /Đăng ký bằng tài khoản này/);

  const res = await c.postForm(`${base}/dang-ky/tai-khoan`, {});
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `${base}?da-dang-ky=1`);
  assert.equal((await c.postForm(`${base}/dang-ky/tai-khoan`, {})).statusCode, 303);
  const rows = await db.selectFrom('contest_registrations').select(['unit_id', 'target_group']).where('user_id', '=', userId).execute();
  assert.equal(rows.length, 1);
  assert.equal(rows[0].target_group, 'citizen');
  // Registered: the form is not offered again.
  const back = await c.get(`${base}/dang-ky`);
  assert.equal(back.statusCode, 303);
});

/** Registers a new person through the form and returns their client (signed in). */
async function newContestant(name: string): Promise<TestClient> {
  const c = new TestClient(t.app);
  const res = await c.postForm(`${base}/dang-ky`, registration({ fullName: name, phone: uniquePhone().replace('+84', '0') }));
  assert.equal(res.statusCode, 303, decode(res.body).slice(0, 2000));
  return c;
}

interface ShownQuestion {
  position: number;
  type: 'radio' | 'checkbox';
  places: number[];
}

function questionsOf(html: string): ShownQuestion[] {
  const out = new Map<number, ShownQuestion>();
  for (const m of html.matchAll(/<input type="(radio|checkbox)" id="q(\d+)-(\d+)" name="q\d+" value="(\d+)"/g)) {
    const position = Number(m[2]);
    const q = out.get(position) ?? { position, type: m[1] as 'radio', places: [] };
    q.places.push(Number(m[4]));
    out.set(position, q);
  }
  return [...out.values()];
}

function checkedOf(html: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const m of html.matchAll(/<input type="(?:radio|checkbox)" id="q(\d+)-(\d+)" name="q\d+" value="(\d+)" checked/g)) {
    const position = Number(m[1]);
    out.set(position, [...(out.get(position) ?? []), Number(m[3])]);
  }
  return out;
}

test('without JavaScript: start, choose and save, come back, submit; the result stays hidden until the round closes', async () => {
  const db = t.database.db;
  const c = await newContestant('Vũ Thị Hoa');
  const roundPage = decode((await c.get(`${base}/vong/1`)).body);
  has(roundPage, /Bắt đầu làm bài/);
  has(roundPage, /15 phút/);

  const start = await c.postForm(`${base}/vong/1/vao-thi`, {});
  assert.equal(start.statusCode, 303);
  const attemptUrl = start.headers.location as string;
  has(attemptUrl, /^\/cuoc-thi\/bai-thi\/\d+$/);
  const attemptId = Number(attemptUrl.split('/').pop());

  const page = decode((await c.get(attemptUrl)).body);
  has(page, /Còn lại (1[0-5]|0\d):\d\d/);
  has(page, /data-remaining-ms="\d+"/);
  assert.ok(page.includes(DEFAULT_PREDICTION));
  assert.ok(!page.includes(CONTEST_EXPLAIN), 'an explanation reached the attempt page');
  has(page, /<script src="\/static\/contest-player\.js\?v=[0-9a-f]{16}" defer/);
  const questions = questionsOf(page);
  assert.equal(questions.length, 10);

  // "Lưu" on question 1 saves what the page carries.
  const q1 = questions[0];
  const saved = await c.postForm(attemptUrl, { [`q${q1.position}`]: String(q1.places[1]), luu: String(q1.position) });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, `${attemptUrl}?luu=${q1.position}#q-${q1.position}`);
  const afterSave = decode((await c.get(`${attemptUrl}?luu=${q1.position}`)).body);
  assert.deepEqual(checkedOf(afterSave).get(q1.position), [q1.places[1]]);
  has(afterSave, /Vừa lưu/);

  // Coming back to the round (another device: a new client with the same account) resumes the same attempt.
  const resume = decode((await c.get(`${base}/vong/1`)).body);
  has(resume, /Tiếp tục làm bài/);
  const again = await c.postForm(`${base}/vong/1/vao-thi`, {});
  assert.equal(again.headers.location, attemptUrl);

  // A bad prediction is refused on its field; nothing is submitted.
  const bad = await c.postForm(attemptUrl, { du_doan: 'nhiều lắm', nop: '1' });
  assert.equal(bad.statusCode, 422);
  has(decode(bad.body), /id="f-du_doan-error"/);

  // "Nộp bài": the page is the whole answer (question 1 keeps its choice as the page shows it).
  const fields: Record<string, string | string[]> = { du_doan: '1.234', nop: '1' };
  for (const q of questions.slice(0, 6)) fields[`q${q.position}`] = q.type === 'checkbox' ? [String(q.places[0]), String(q.places[2])] : String(q.places[0]);
  const body = new URLSearchParams({ _csrf: await c.csrfToken() });
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  const submit = await c.request({ method: 'POST', url: attemptUrl, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(submit.statusCode, 303, decode(submit.body).slice(0, 3000));
  assert.equal(submit.headers.location, `${base}/vong/1?da-nop=1`);
  const entry = await db.selectFrom('contest_entries').select(['prediction', 'correct']).where('attempt_id', '=', attemptId).executeTakeFirstOrThrow();
  assert.equal(Number(entry.prediction), 1234);

  // Before the round closes: submitted, but no score anywhere.
  const hidden = decode((await c.get(`${base}/vong/1?da-nop=1`)).body);
  has(hidden, /Bài thi đã được nộp/);
  has(hidden, /Chưa công bố/);
  has(hidden, /Kết quả được công bố khi vòng thi kết thúc/);
  hasNot(hidden, /class="contest-score">\d+\/10/);
  hasNot(hidden, /Bắt đầu làm bài|Tiếp tục làm bài/);
  // The attempt page now says it has ended.
  has(decode((await c.get(attemptUrl)).body), /Bài thi của bạn đã được nộp/);

  // The round closes (by the server's clock): the result shows.
  await db.updateTable('contest_rounds').set({ closes_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', round.id).execute();
  try {
    const shown = decode((await c.get(`${base}/vong/1`)).body);
    const m = /class="contest-score">(\d+)\/10</.exec(shown);
    assert.ok(m, 'no score after the round closed');
    assert.equal(Number(m[1]), Number(entry.correct ?? -1));
    has(shown, /Vòng thi đã đóng/);
  } finally {
    await db.updateTable('contest_rounds').set({ closes_at: round.closes_at }).where('id', '=', round.id).execute();
  }
});

test("an attempt is its owner's only; another person gets 404", async () => {
  const owner = await newContestant('Ngô Văn Toàn');
  const start = await owner.postForm(`${base}/vong/1/vao-thi`, {});
  const attemptUrl = start.headers.location as string;
  const stranger = await newContestant('Lê Thị Mai');
  assert.equal((await stranger.get(attemptUrl)).statusCode, 404);
  assert.equal((await stranger.postForm(attemptUrl, { luu: '0' })).statusCode, 404);
  const anonymous = await new TestClient(t.app).get(attemptUrl);
  assert.equal(anonymous.statusCode, 302);
  has(String(anonymous.headers.location), /^\/dang-nhap\?next=/);
});

test('when the time kept by the server is over, the page says the attempt was finalized and takes no more answers', async () => {
  const db = t.database.db;
  const c = await newContestant('Trịnh Văn Hải');
  const start = await c.postForm(`${base}/vong/1/vao-thi`, {});
  const attemptUrl = start.headers.location as string;
  const attemptId = Number(attemptUrl.split('/').pop());
  const [q] = questionsOf(decode((await c.get(attemptUrl)).body));
  await c.postForm(attemptUrl, { [`q${q.position}`]: String(q.places[0]), luu: String(q.position) });
  // The deadline passes (moved back rather than waited for).
  const past = new Date(Date.now() - 1000).toISOString();
  await db.updateTable('quiz_attempts').set({ deadline_at: past, started_at: new Date(Date.now() - 16 * 60_000).toISOString() }).where('id', '=', attemptId).execute();
  const late = await c.postForm(attemptUrl, { [`q${q.position}`]: String(q.places[1]), luu: String(q.position) });
  assert.equal(late.statusCode, 409);
  const html = decode(late.body);
  has(html, /Bài thi đã kết thúc/);
  has(html, /tự động nộp với các câu trả lời đã lưu/);
  const page = decode((await c.get(attemptUrl)).body);
  has(page, /Bài thi đã kết thúc/);
  hasNot(page, /name="nop"/);
  const saved = await db.selectFrom('attempt_questions').select(['response']).where('attempt_id', '=', attemptId).where('position', '=', q.position).executeTakeFirstOrThrow();
  assert.ok(saved.response, 'the answer saved before the deadline was kept');
});

test('the round page for visitors and for people not registered; the player script is served', async () => {
  const anonymous = new TestClient(t.app);
  const page = decode((await anonymous.get(`${base}/vong/2`)).body);
  has(page, /Sắp mở/);
  has(page, /Bạn chưa đăng ký dự thi/);
  assert.equal((await anonymous.get(`${base}/vong/9`)).statusCode, 404);

  const db = t.database.db;
  const c = new TestClient(t.app, await sessionCookie(db, await makeLearner(db, { unitCode: '10507' })));
  const refused = await c.postForm(`${base}/vong/1/vao-thi`, {});
  assert.equal(refused.statusCode, 403);
  has(decode(refused.body), /Bạn chưa đăng ký dự thi/);

  const script = await anonymous.get('/static/contest-player.js');
  assert.equal(script.statusCode, 200);
  has(String(script.headers['content-type']), /javascript/);
  has(script.body, /contest-attempts/);
});

test('the demo contest of `npm start`: published, 30 questions, round 1 open for 30 days, round 2 later; a contestant can play it', async () => {
  const demo = await makeTestApp({ DEMO_COURSE: 'true' });
  try {
    const db = demo.database.db;
    const id = await ensureDemoContest(db, demo.config);
    assert.ok(id);
    assert.equal(await ensureDemoContest(db, demo.config), null, 'loaded once only');
    const rounds = await db.selectFrom('contest_rounds').selectAll().where('contest_id', '=', id).orderBy('number').execute();
    assert.equal(rounds.length, 2);
    const now = Date.now();
    assert.ok(Date.parse(rounds[0].opens_at) <= now && Date.parse(rounds[0].closes_at) > now + 29 * 86_400_000);
    assert.ok(Date.parse(rounds[1].opens_at) > Date.parse(rounds[0].closes_at));
    const quiz = await db.selectFrom('quizzes').select(['bank_id', 'time_limit_seconds', 'rules']).where('id', '=', rounds[0].quiz_id).executeTakeFirstOrThrow();
    assert.equal(quiz.time_limit_seconds, 900);
    assert.deepEqual(JSON.parse(quiz.rules), [{ count: 10 }]);
    const questions = await db.selectFrom('questions').select(['text', 'options', 'answer_key']).where('bank_id', '=', quiz.bank_id).execute();
    assert.equal(questions.length, DEMO_QUESTIONS.length);
    assert.ok(questions.length >= 30);
    for (const q of questions) {
      const options = JSON.parse(q.options) as string[];
      const key = JSON.parse(q.answer_key) as number[];
      assert.ok(key.length >= 1 && key.every((k) => k >= 0 && k < options.length), `bad key: ${q.text}`);
    }

    const c = new TestClient(demo.app);
    const landing = decode((await c.get(`/cuoc-thi/${DEMO_CONTEST_SLUG}`)).body);
    has(landing, /Công dân số Hải Phòng - sử dụng thông minh - sống an toàn/);
    has(landing, /Vòng 1: Sử dụng thông minh/);
    const reg = await c.postForm(`/cuoc-thi/${DEMO_CONTEST_SLUG}/dang-ky`, registration({ phone: '0987 654 321' }));
    assert.equal(reg.statusCode, 303);
    const start = await c.postForm(`/cuoc-thi/${DEMO_CONTEST_SLUG}/vong/1/vao-thi`, {});
    assert.equal(start.statusCode, 303);
    const play = decode((await c.get(start.headers.location as string)).body);
    assert.equal(questionsOf(play).length, 10);
    has(play, /Còn lại 1[45]:\d\d/);
  } finally {
    await demo.close();
  }
});
