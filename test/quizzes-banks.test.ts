/** Question banks: scope (404 outside it), the question form, filters, versions of used questions, exports, the quiz form. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { XLSX_TYPE, bytes, firstSheet, uploadForm } from './helpers/xlsx.js';
import { parseGift } from '../src/modules/quizzes/gift.js';
import { startAttempt } from '../src/modules/quizzes/attempt-service.js';
import * as repo from '../src/modules/quizzes/repository.js';

const BANKS = '/quan-tri/ngan-hang-cau-hoi';
let t: TestApp;
let manager: TestClient;
let other: TestClient;
let city: TestClient;
let learner: TestClient;
let managerId: number;

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  managerId = await makePerson(db, { fullName: 'Phạm Thu Hà', unitCode: '10507', roles: [{ role: 'content_manager', unitCode: '10507' }] });
  manager = new TestClient(t.app, await sessionCookie(db, managerId));
  other = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { fullName: 'Vũ Minh Đức', unitCode: '10525', roles: [{ role: 'content_manager', unitCode: '10525' }] })));
  city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
  learner = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { fullName: 'Học Viên' })));
});
after(() => t.close());

async function createBank(client: TestClient, name: string, unit = '10507'): Promise<number> {
  const res = await client.postForm(BANKS, { name, unit, description: 'Câu hỏi dùng cho khóa học.' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 500));
  const m = /\/ngan-hang-cau-hoi\/(\d+)\?done=created$/.exec(String(res.headers.location));
  assert.ok(m, String(res.headers.location));
  return Number(m[1]);
}

const question = (over: Record<string, string | string[]> = {}) => ({
  type: 'single',
  text: 'Ứng dụng nào của Chính phủ dùng để định danh điện tử?',
  option0: 'VNeID',
  option1: 'Zalo',
  option2: 'Facebook',
  correct: 'A',
  explanation: 'VNeID là ứng dụng định danh điện tử quốc gia.',
  topic: 'Định danh điện tử',
  competence: '1.1',
  difficulty: '2',
  ...over,
});

/** Posts the question form (checkbox lists as repeated fields). */
async function postQuestion(client: TestClient, url: string, fields: Record<string, string | string[]>) {
  const body = new URLSearchParams([['_csrf', await client.csrfToken()]]);
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
  return client.request({ method: 'POST', url, payload: body.toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

const questionsOf = (bankId: number) => t.database.db.selectFrom('questions').selectAll().where('bank_id', '=', bankId).orderBy('id').execute();

test('a content manager creates a bank in a unit of their scope; it is listed; another unit is refused', async () => {
  const id = await createBank(manager, 'Ngân hàng Phường Thành Đông');
  const list = await manager.get(BANKS);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Ngân hàng Phường Thành Đông/);
  const page = await manager.get(`${BANKS}/${id}?done=created`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Thuộc đơn vị: Phường Thành Đông/);

  const outside = await manager.postForm(BANKS, { name: 'Ngân hàng lạ', unit: '10525' });
  assert.equal(outside.statusCode, 422);
  assert.match(outside.body, /Vui lòng chọn một đơn vị trong phạm vi bạn quản lý/);
  const empty = await manager.postForm(BANKS, { name: '  ', unit: '10507' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Vui lòng nhập tên ngân hàng/);
});

test('scope: a content manager of another unit gets 404 on the bank and everything in it; a learner on the pages', async () => {
  const id = await createBank(manager, 'Ngân hàng riêng');
  const created = await postQuestion(manager, `${BANKS}/${id}/cau-hoi`, question());
  assert.equal(created.statusCode, 303);
  const [q] = await questionsOf(id);
  for (const url of [`${BANKS}/${id}`, `${BANKS}/${id}/cau-hoi/moi`, `${BANKS}/${id}/cau-hoi/${q.id}`, `${BANKS}/${id}/nhap`, `${BANKS}/${id}/xuat.xlsx`, `${BANKS}/${id}/xuat.gift`]) {
    assert.equal((await other.get(url)).statusCode, 404, url);
    assert.equal((await city.get(url)).statusCode, 200, `city admin: ${url}`);
  }
  assert.equal((await postQuestion(other, `${BANKS}/${id}/cau-hoi`, question({ text: 'Câu chen vào' }))).statusCode, 404);
  assert.equal((await postQuestion(other, `${BANKS}/${id}/cau-hoi/${q.id}`, question({ text: 'Sửa trộm' }))).statusCode, 404);
  assert.equal((await other.postForm(`${BANKS}/${id}/cau-hoi/${q.id}/xoa`, {})).statusCode, 404);
  assert.equal((await other.postForm(`${BANKS}/${id}`, { name: 'Đổi tên' })).statusCode, 404);
  const upload = await uploadForm(other, `${BANKS}/${id}/nhap`, Buffer.from('Câu {=A ~B}'), { filename: 'a.gift', contentType: 'text/plain' });
  assert.equal(upload.statusCode, 404);
  assert.deepEqual((await questionsOf(id)).map((x) => x.text), [q.text], 'nothing changed');
  assert.doesNotMatch((await other.get(BANKS)).body, /Ngân hàng riêng/);
  assert.equal((await learner.get(BANKS)).statusCode, 404);
  assert.equal((await learner.get('/quan-tri/bai-kiem-tra')).statusCode, 404);
});

test('the question form: add each type; errors are shown beside the fields and nothing is stored', async () => {
  const id = await createBank(manager, 'Ngân hàng biểu mẫu');
  const url = `${BANKS}/${id}/cau-hoi`;
  assert.equal((await manager.get(`${url}/moi`)).statusCode, 200);
  assert.equal((await postQuestion(manager, url, question())).statusCode, 303);
  assert.equal((await postQuestion(manager, url, question({ type: 'multiple', text: 'Những ứng dụng nào để nhắn tin?', option0: 'Zalo', option1: 'Excel', option2: 'Messenger', correct: ['A', 'C'], competence: '' }))).statusCode, 303);
  assert.equal((await postQuestion(manager, url, { type: 'true_false', text: 'Mã OTP có thể chia sẻ cho nhân viên ngân hàng.', tf: 'false', difficulty: '1' })).statusCode, 303);
  const stored = await questionsOf(id);
  assert.deepEqual(
    stored.map((q) => [q.type, JSON.parse(q.options), JSON.parse(q.answer_key), q.topic, q.competence, q.difficulty]),
    [
      ['single', ['VNeID', 'Zalo', 'Facebook'], [0], 'Định danh điện tử', '1.1', 2],
      ['multiple', ['Zalo', 'Excel', 'Messenger'], [0, 2], 'Định danh điện tử', null, 2],
      ['true_false', ['Đúng', 'Sai'], [1], null, null, 1],
    ],
  );

  const bad: Array<[Record<string, string | string[]>, RegExp]> = [
    [question({ option1: 'vneid' }), /Phương án B trùng với phương án A/],
    [question({ correct: 'D' }), /Đáp án D không nằm trong các phương án đã điền/],
    [question({ correct: [] }), /Thiếu đáp án đúng/],
    [question({ correct: ['A', 'B'] }), /chỉ có một đáp án đúng/],
    [question({ text: '' }), /Thiếu nội dung câu hỏi/],
    [question({ type: 'matching' }), /Loại câu hỏi “matching” không hợp lệ/],
    [question({ option1: '', option2: 'C' }), /Phương án B bị bỏ trống/],
    [question({ competence: '9.9' }), /Mã năng lực “9.9” không có/],
    [{ type: 'true_false', text: 'Đúng hay sai?' }, /Thiếu đáp án đúng/],
  ];
  for (const [fields, message] of bad) {
    const res = await postQuestion(manager, url, fields);
    assert.equal(res.statusCode, 422, JSON.stringify(fields));
    assert.match(res.body, message);
    assert.match(res.body, /class="error-summary"/);
  }
  assert.equal((await questionsOf(id)).length, 3, 'nothing stored');
});

test('the questions list filters by text (diacritics optional), type, topic, competence and difficulty', async () => {
  const id = await createBank(manager, 'Ngân hàng lọc');
  const url = `${BANKS}/${id}/cau-hoi`;
  await postQuestion(manager, url, question({ text: 'Cách tạo thư điện tử mới?', topic: 'Thư điện tử', difficulty: '1', competence: '2.1' }));
  await postQuestion(manager, url, question({ text: 'Cách nộp hồ sơ trực tuyến?', topic: 'Dịch vụ công', difficulty: '3', competence: '' }));
  await postQuestion(manager, url, { type: 'true_false', text: 'Thư rác có thể chứa mã độc.', tf: 'true', topic: 'Thư điện tử', difficulty: '2' });
  const shown = async (query: string) => {
    const res = await manager.get(`${BANKS}/${id}${query}`);
    assert.equal(res.statusCode, 200, query);
    return ['Cách tạo thư điện tử mới?', 'Cách nộp hồ sơ trực tuyến?', 'Thư rác có thể chứa mã độc.'].filter((x) => res.body.includes(x)).length;
  };
  assert.equal(await shown(''), 3);
  assert.equal(await shown('?q=thu+dien+tu'), 1);
  assert.equal(await shown('?topic=Th%C6%B0+%C4%91i%E1%BB%87n+t%E1%BB%AD'), 2);
  assert.equal(await shown('?type=true_false'), 1);
  assert.equal(await shown('?difficulty=3'), 1);
  assert.equal(await shown('?competence=2.1'), 1);
  assert.equal(await shown('?type=&topic=&competence=&difficulty=&q='), 3, 'an untouched filter form filters nothing');
  assert.equal((await manager.get(`${BANKS}/${id}?type=essay`)).statusCode, 400);
});

test('editing: an unused question changes in place; a used one gets a new version and the attempt keeps the old', async () => {
  const db = t.database.db;
  const id = await createBank(manager, 'Ngân hàng phiên bản');
  const url = `${BANKS}/${id}/cau-hoi`;
  await postQuestion(manager, url, question({ text: 'Phiên bản một?' }));
  const [q] = await questionsOf(id);
  assert.equal((await manager.get(`${url}/${q.id}`)).statusCode, 200);
  assert.equal((await postQuestion(manager, `${url}/${q.id}`, question({ text: 'Phiên bản một, sửa lỗi chính tả?' }))).statusCode, 303);
  let rows = await questionsOf(id);
  assert.deepEqual(rows.map((r) => [r.id, r.text, r.version, r.retired_at]), [[q.id, 'Phiên bản một, sửa lỗi chính tả?', 1, null]]);

  // An attempt draws it: from now on it is frozen.
  const unitRow = await db.selectFrom('question_banks').select('unit_id').where('id', '=', id).executeTakeFirstOrThrow();
  const quizId = await repo.insertQuiz(db, unitRow.unit_id, { title: 'Q', bankId: id, rules: [{ count: 1 }], shuffleQuestions: false, shuffleOptions: false, timeLimitSeconds: null, attemptsAllowed: null, grading: 'highest', passPercent: null, review: 'never' }, null);
  const attempt = await startAttempt(db, (await repo.quizById(db, quizId))!, managerId, { type: 'preview', id: 1 });
  assert.equal((await postQuestion(manager, `${url}/${q.id}`, question({ text: 'Phiên bản hai?', correct: 'B' }))).statusCode, 303);
  rows = await questionsOf(id);
  assert.equal(rows.length, 2);
  const [old, current] = rows;
  assert.ok(old.retired_at, 'the old version retires');
  assert.deepEqual([current.text, current.version, current.lineage_id, JSON.parse(current.answer_key)], ['Phiên bản hai?', 2, q.id, [1]]);
  const frozen = await db.selectFrom('attempt_questions').innerJoin('questions', 'questions.id', 'attempt_questions.question_id').select(['questions.text']).where('attempt_id', '=', attempt.id).execute();
  assert.deepEqual(frozen.map((f) => f.text), ['Phiên bản một, sửa lỗi chính tả?']);
  const list = await manager.get(`${BANKS}/${id}`);
  assert.match(list.body, /Phiên bản hai\?/);
  assert.doesNotMatch(list.body, /Phiên bản một/);
  assert.equal((await manager.get(`${url}/${old.id}`)).statusCode, 404, 'a retired version is not edited');

  // Deleting: a used question stays (retired, attempts still show it), an unused one is deleted.
  await startAttempt(db, (await repo.quizById(db, quizId))!, managerId, { type: 'preview', id: 2 });
  assert.equal((await manager.postForm(`${url}/${current.id}/xoa`, {})).statusCode, 303);
  assert.ok((await questionsOf(id)).find((r) => r.id === current.id)?.retired_at, 'used: retired, kept');
  await postQuestion(manager, url, question({ text: 'Câu chưa dùng' }));
  const unused = (await questionsOf(id)).find((r) => r.text === 'Câu chưa dùng')!;
  assert.equal((await manager.postForm(`${url}/${unused.id}/xoa`, {})).statusCode, 303);
  assert.equal((await questionsOf(id)).some((r) => r.id === unused.id), false, 'unused: deleted');
  assert.doesNotMatch((await manager.get(`${BANKS}/${id}`)).body, /Phiên bản hai/);
});

test('exports: .xlsx in the template’s columns and GIFT that imports back', async () => {
  const id = await createBank(manager, 'Ngân hàng xuất');
  const url = `${BANKS}/${id}/cau-hoi`;
  await postQuestion(manager, url, question({ text: 'Công thức =SUM(A1:A3) {tính} gì?', option0: 'Tổng', option1: 'Trung bình', option2: '#N/A', correct: 'A' }));
  await postQuestion(manager, url, question({ type: 'multiple', text: 'Trình duyệt web nào?', option0: 'Chrome', option1: 'Cốc Cốc', option2: 'Word', correct: ['A', 'B'], topic: 'Internet' }));
  await postQuestion(manager, url, { type: 'true_false', text: 'Hải Phòng là thành phố cảng.', tf: 'true', difficulty: '1', explanation: 'Đúng vậy.' });

  const xlsx = await manager.get(`${BANKS}/${id}/xuat.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  assert.equal(xlsx.headers['content-type'], XLSX_TYPE);
  const rows = await firstSheet(bytes(xlsx));
  assert.deepEqual(rows[0], ['Câu hỏi', 'Loại', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Phương án E', 'Phương án F', 'Đáp án đúng', 'Giải thích', 'Chủ đề', 'Năng lực', 'Độ khó']);
  assert.deepEqual(rows[1].slice(0, 5), ['Công thức =SUM(A1:A3) {tính} gì?', 'một lựa chọn', 'Tổng', 'Trung bình', '#N/A']);
  assert.deepEqual([rows[2][1], rows[2][8], rows[2][10]], ['nhiều lựa chọn', 'A,B', 'Internet']);
  assert.deepEqual([rows[3][1], rows[3][2], rows[3][8]], ['đúng sai', '', 'Đúng']);

  const gift = await manager.get(`${BANKS}/${id}/xuat.gift`);
  assert.equal(gift.statusCode, 200);
  assert.match(String(gift.headers['content-type']), /text\/plain; charset=utf-8/);
  const parsed = parseGift(gift.body);
  assert.deepEqual(parsed.issues, []);
  assert.deepEqual(
    parsed.questions.map((q) => [q.values.type, q.values.text, q.values.answer]).sort(),
    [
      ['multiple', 'Trình duyệt web nào?', [0, 1]],
      ['single', 'Công thức =SUM(A1:A3) {tính} gì?', [0]],
      ['true_false', 'Hải Phòng là thành phố cảng.', [0]],
    ].sort(),
  );
  // Re-importing the export into a new bank gives the same questions.
  const copy = await createBank(manager, 'Bản sao');
  const res = await uploadForm(manager, `${BANKS}/${copy}/nhap`, Buffer.from(gift.body), { filename: 'xuat.gift.txt', contentType: 'text/plain' });
  assert.equal(res.statusCode, 200, res.body.slice(0, 400));
  assert.equal((await questionsOf(copy)).length, 3);
});

test('renaming a bank', async () => {
  const id = await createBank(manager, 'Tên cũ');
  const res = await manager.postForm(`${BANKS}/${id}`, { name: 'Tên mới của ngân hàng', description: 'Mô tả mới' });
  assert.equal(res.statusCode, 303);
  assert.match((await manager.get(`${BANKS}/${id}`)).body, /Tên mới của ngân hàng/);
  const bad = await manager.postForm(`${BANKS}/${id}`, { name: '' });
  assert.equal(bad.statusCode, 422);
});

test('the quiz pages: create from a bank with draw rules; a rule the bank cannot fill is refused; scope', async () => {
  const id = await createBank(manager, 'Ngân hàng cho bài kiểm tra');
  const url = `${BANKS}/${id}/cau-hoi`;
  for (let i = 1; i <= 4; i++) await postQuestion(manager, url, question({ text: `Câu số ${i} về định danh?`, difficulty: i <= 2 ? '1' : '3' }));
  const form = await manager.get(`/quan-tri/bai-kiem-tra/moi?bank=${id}`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, new RegExp(`<option value="${id}" selected`));

  const fields = { title: 'Kiểm tra định danh', bank: String(id), r1_count: '2', r1_difficulty: '1', r2_count: '3', r2_difficulty: '3', timeLimit: '10', attempts: '2', grading: 'highest', passPercent: '70', review: 'after_submit', shuffleOptions: '1' };
  const notEnough = await manager.postForm('/quan-tri/bai-kiem-tra', fields);
  assert.equal(notEnough.statusCode, 422);
  assert.match(notEnough.body, /Quy tắc 2: ngân hàng chỉ còn 2 câu hỏi phù hợp, cần 3/);
  const created = await manager.postForm('/quan-tri/bai-kiem-tra', { ...fields, r2_count: '2' });
  assert.equal(created.statusCode, 303);
  const quiz = await t.database.db.selectFrom('quizzes').selectAll().where('bank_id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(
    [quiz.title, JSON.parse(quiz.rules), quiz.time_limit_seconds, quiz.attempts_allowed, quiz.pass_percent, quiz.shuffle_options, quiz.shuffle_questions],
    ['Kiểm tra định danh', [{ count: 2, difficulty: 1 }, { count: 2, difficulty: 3 }], 600, 2, 70, 1, 0],
  );
  assert.match((await manager.get('/quan-tri/bai-kiem-tra')).body, /Kiểm tra định danh/);
  assert.equal((await manager.get(`/quan-tri/bai-kiem-tra/${quiz.id}`)).statusCode, 200);
  assert.equal((await manager.postForm(`/quan-tri/bai-kiem-tra/${quiz.id}`, { ...fields, r2_count: '1', title: 'Kiểm tra định danh (sửa)' })).statusCode, 303);
  assert.equal((await t.database.db.selectFrom('quizzes').select('title').where('id', '=', quiz.id).executeTakeFirstOrThrow()).title, 'Kiểm tra định danh (sửa)');

  assert.equal((await other.get(`/quan-tri/bai-kiem-tra/${quiz.id}`)).statusCode, 404);
  assert.doesNotMatch((await other.get('/quan-tri/bai-kiem-tra')).body, /Kiểm tra định danh/);
  const foreign = await other.postForm('/quan-tri/bai-kiem-tra', { ...fields, r2_count: '1' });
  assert.equal(foreign.statusCode, 422, 'a bank outside the scope cannot be used');
  assert.match(foreign.body, /Vui lòng chọn một ngân hàng câu hỏi trong phạm vi bạn quản lý/);
});
