/** Importing questions (.xlsx from the template, GIFT, Aiken): all or nothing, every problem at its row or line, in vi and en. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type ExcelJS from 'exceljs';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, sessionCookie, unitId } from './helpers/factories.js';
import { TestClient, multipartBody } from './helpers/client.js';
import { XLSX_TYPE, bytes, peopleWorkbook, readWorkbook, uploadForm } from './helpers/xlsx.js';
import * as repo from '../src/modules/quizzes/repository.js';

const BANKS = '/quan-tri/ngan-hang-cau-hoi';
const HEADERS = ['Câu hỏi', 'Loại', 'Phương án A', 'Phương án B', 'Phương án C', 'Phương án D', 'Phương án E', 'Phương án F', 'Đáp án đúng', 'Giải thích', 'Chủ đề', 'Năng lực', 'Độ khó'];
let t: TestApp;
let manager: TestClient;
let unit: number;

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  manager = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { fullName: 'Phạm Thu Hà', unitCode: '10507', roles: [{ role: 'content_manager', unitCode: '10507' }] })));
  unit = await unitId(db, '10507');
});
after(() => t.close());

let banks = 0;
const newBank = () => repo.insertBank(t.database.db, { unitId: unit, name: `Ngân hàng nhập ${++banks}`, description: '', createdBy: null });
const count = async (bankId: number) => Number((await t.database.db.selectFrom('questions').select((eb) => eb.fn.countAll<number>().as('n')).where('bank_id', '=', bankId).executeTakeFirstOrThrow()).n);
const questionsOf = (bankId: number) => t.database.db.selectFrom('questions').selectAll().where('bank_id', '=', bankId).orderBy('id').execute();

/** Uploads as the import form does: the token and the other fields before the file. */
async function upload(bankId: number, content: Buffer | string, opts: { format?: string; filename?: string; fields?: Record<string, string>; lang?: string } = {}) {
  const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  const fields = { _csrf: await manager.csrfToken(), ...(opts.format ? { format: opts.format } : {}), ...(opts.fields ?? {}) };
  const filename = opts.filename ?? (opts.format === 'xlsx' ? 'cau-hoi.xlsx' : 'cau-hoi.txt');
  const { body, boundary } = multipartBody(fields, { field: 'file', filename, contentType: opts.format === 'xlsx' ? XLSX_TYPE : 'text/plain', content: data });
  return manager.request({ method: 'POST', url: `${BANKS}/${bankId}/nhap${opts.lang ? `?lang=${opts.lang}` : ''}`, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

/** The problems table of the page as "place | reason" lines. */
function issues(body: string): string[] {
  return [...body.matchAll(/<tr><td class="nowrap">([^<]*)<\/td><td>([^<]*)<\/td><\/tr>/g)].map((m) => `${m[1]} | ${m[2]}`.replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

const workbook = (rows: ExcelJS.CellValue[][], opts: { headers?: string[]; edit?: (ws: ExcelJS.Worksheet) => void } = {}) => peopleWorkbook(rows, { headers: opts.headers ?? HEADERS, edit: opts.edit });
const row = (over: Partial<Record<'text' | 'type' | 'a' | 'b' | 'c' | 'd' | 'answer' | 'explanation' | 'topic' | 'competence' | 'difficulty', ExcelJS.CellValue>> = {}): ExcelJS.CellValue[] => [
  over.text ?? 'Mật khẩu nào an toàn nhất?',
  over.type ?? 'một lựa chọn',
  over.a ?? '123456',
  over.b ?? 'matkhau',
  over.c ?? 'Hp#2026!xanh',
  over.d ?? '',
  '',
  '',
  over.answer ?? 'C',
  over.explanation ?? 'Mật khẩu mạnh có chữ hoa, chữ thường, số và ký tự đặc biệt.',
  over.topic ?? 'An toàn thông tin',
  over.competence ?? '4.1',
  over.difficulty ?? 1,
];

test('the template: the Vietnamese headers on sheet 1, no sample row, a guide with the competence codes', async () => {
  const res = await manager.get(`${BANKS}/mau-nhap.xlsx`);
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], XLSX_TYPE);
  assert.match(String(res.headers['content-disposition']), /mau-nhap-cau-hoi\.xlsx/);
  const sheets = [...(await readWorkbook(bytes(res))).values()];
  assert.deepEqual(sheets[0], [HEADERS]);
  const guide = sheets[1].map((r) => r.join(' | ')).join('\n');
  assert.match(guide, /một lựa chọn · nhiều lựa chọn · đúng sai/);
  assert.match(guide, /1\.1 \| /);
  const en = [...(await readWorkbook(bytes(await manager.get(`${BANKS}/mau-nhap.xlsx?lang=en`)))).values()];
  assert.equal(en[0][0][0], 'Question');
  await manager.get('/?lang=vi');
});

test('a good .xlsx imports every type with its tags', async () => {
  const bankId = await newBank();
  const file = await workbook([
    row(),
    row({ text: 'Những ứng dụng nào dùng để nhắn tin?', type: 'Nhiều lựa chọn', a: 'Zalo', b: 'Excel', c: 'Messenger', answer: 'A, C', topic: 'Mạng xã hội', competence: '2.1', difficulty: '2' }),
    row({ text: 'Mã OTP có thể chia sẻ cho người khác.', type: 'đúng sai', a: '', b: '', c: '', answer: 'Sai', topic: '', competence: '', difficulty: 'khó' }),
    row({ text: 'VNeID là ứng dụng định danh điện tử.', type: 'Đúng/Sai', a: 'Đúng', b: 'Sai', c: '', answer: 'A', explanation: '' }),
  ]);
  const res = await upload(bankId, file, { format: 'xlsx' });
  assert.equal(res.statusCode, 200, issues(res.body).join('\n') || res.body.slice(0, 300));
  assert.match(res.body, /Đã nhập 4 câu hỏi/);
  const rows = await questionsOf(bankId);
  assert.deepEqual(
    rows.map((q) => [q.type, JSON.parse(q.options), JSON.parse(q.answer_key), q.topic, q.competence, q.difficulty]),
    [
      ['single', ['123456', 'matkhau', 'Hp#2026!xanh'], [2], 'An toàn thông tin', '4.1', 1],
      ['multiple', ['Zalo', 'Excel', 'Messenger'], [0, 2], 'Mạng xã hội', '2.1', 2],
      ['true_false', ['Đúng', 'Sai'], [1], null, null, 3],
      ['true_false', ['Đúng', 'Sai'], [0], 'An toàn thông tin', '4.1', 1],
    ],
  );
  assert.equal(rows[0].explanation, 'Mật khẩu mạnh có chữ hoa, chữ thường, số và ký tự đặc biệt.');
  // The same file again: every question is already there, nothing is imported twice.
  const again = await upload(bankId, file, { format: 'xlsx' });
  assert.equal(again.statusCode, 422);
  assert.equal(issues(again.body).filter((i) => /đã có trong ngân hàng/.test(i)).length, 4);
  assert.equal(await count(bankId), 4);
});

test('a bad .xlsx: every problem at its row and column, and NOTHING is imported', async () => {
  const bankId = await newBank();
  const file = await workbook([
    row({ text: 'Câu tốt, nhưng sẽ không được nhập' }),
    row({ text: 'Thiếu đáp án', answer: '' }),
    row({ text: 'Phương án trùng', b: '123456 ' }),
    row({ text: 'Đáp án ngoài phương án', answer: 'D' }),
    row({ text: 'Loại lạ', type: 'ghép cặp' }),
    row({ text: '' }),
    row({ text: 'Năng lực lạ', competence: '9.9' }),
    row({ text: 'Độ khó lạ', difficulty: 7 }),
    row({ text: 'Một lựa chọn mà hai đáp án', answer: 'A,B' }),
    row({ text: 'Câu tốt, nhưng sẽ không được nhập' }),
  ]);
  const res = await upload(bankId, file, { format: 'xlsx' });
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Chưa nhập câu hỏi nào: tệp có 9 lỗi ở 9 vị trí/);
  assert.deepEqual(issues(res.body), [
    'Dòng 3 · cột I | Thiếu đáp án đúng.',
    'Dòng 4 · cột D | Phương án B trùng với phương án A.',
    'Dòng 5 · cột I | Đáp án D không nằm trong các phương án đã điền.',
    'Dòng 6 · cột B | Loại câu hỏi “ghép cặp” không hợp lệ: ghi một lựa chọn, nhiều lựa chọn hoặc đúng sai.',
    'Dòng 7 · cột A | Thiếu nội dung câu hỏi.',
    'Dòng 8 · cột L | Mã năng lực “9.9” không có trong khung năng lực số.',
    'Dòng 9 · cột M | Độ khó “7” không hợp lệ: ghi 1, 2 hoặc 3.',
    'Dòng 10 · cột I | Câu hỏi một lựa chọn (hoặc đúng sai) chỉ có một đáp án đúng.',
    'Dòng 11 | Câu hỏi trùng với câu hỏi ở dòng 2 của tệp.',
  ]);
  assert.equal(await count(bankId), 0, 'nothing imported, not even the good rows');

  const en = await upload(bankId, file, { format: 'xlsx', lang: 'en' });
  assert.equal(en.statusCode, 422);
  assert.match(en.body, /No question was imported: the file has 9 problems in 9 places/);
  assert.ok(issues(en.body).includes('Row 3 · column I | The correct answer is missing.'));
  await manager.get('/?lang=vi');
});

test('whole-file refusals of an .xlsx: missing headers, formulas, not an Excel file', async () => {
  const bankId = await newBank();
  const noHeaders = await upload(bankId, await workbook([['Câu', 'x']], { headers: ['Tiêu đề', 'Ghi chú'] }), { format: 'xlsx' });
  assert.equal(noHeaders.statusCode, 422);
  assert.match(noHeaders.body, /Thiếu cột: Câu hỏi, Loại, Đáp án đúng/);
  const formula = await upload(bankId, await workbook([row()], { edit: (ws) => (ws.getCell('I2').value = { formula: '"C"', result: 'C' }) }), { format: 'xlsx' });
  assert.equal(formula.statusCode, 422);
  assert.deepEqual(issues(formula.body).slice(0, 1), ['Dòng 2 · cột I | Công thức không được hỗ trợ: hãy nhập trực tiếp giá trị vào ô.']);
  const notExcel = await upload(bankId, 'không phải excel', { format: 'xlsx', filename: 'x.xlsx' });
  assert.equal(notExcel.statusCode, 422);
  assert.match(notExcel.body, /không phải tệp Excel/);
  assert.equal(await count(bankId), 0);
});

const GOOD_GIFT = `// Bộ câu hỏi mẫu — Kỹ năng số cơ bản
$CATEGORY: $course$/top/Kỹ năng số/Thư điện tử

::Địa chỉ::Địa chỉ thư điện tử nào viết đúng? {
  =nguyenvanan@gmail.com
  ~nguyenvanan.gmail.com
  ~nguyen van an@gmail
  ####Địa chỉ thư điện tử có dạng tên@miền.
}

Những việc nào giúp tránh thư lừa đảo? {
  ~%50%Kiểm tra địa chỉ người gửi
  ~%50%Không bấm vào đường dẫn lạ
  ~%-100%Gửi mật khẩu khi được hỏi
}

$CATEGORY: Dịch vụ công

Có thể nộp hồ sơ trên Cổng Dịch vụ công quốc gia. {T}
`;

test('a good GIFT file imports with $CATEGORY as topics; form defaults fill competence and difficulty', async () => {
  const bankId = await newBank();
  const res = await upload(bankId, GOOD_GIFT, { format: 'gift', fields: { competence: '3.2', difficulty: '2' } });
  assert.equal(res.statusCode, 200, issues(res.body).join('\n') || res.body.slice(0, 300));
  assert.match(res.body, /Đã nhập 3 câu hỏi/);
  const rows = await questionsOf(bankId);
  assert.deepEqual(
    rows.map((q) => [q.type, q.topic, q.competence, q.difficulty, JSON.parse(q.answer_key)]),
    [
      ['single', 'Thư điện tử', '3.2', 2, [0]],
      ['multiple', 'Thư điện tử', '3.2', 2, [0, 1]],
      ['true_false', 'Dịch vụ công', '3.2', 2, [0]],
    ],
  );
  assert.equal(rows[0].explanation, 'Địa chỉ thư điện tử có dạng tên@miền.');
});

test('the format is recognised from the file when not chosen', async () => {
  const gift = await newBank();
  assert.equal((await upload(gift, GOOD_GIFT, { filename: 'cau-hoi.txt' })).statusCode, 200);
  const aiken = await newBank();
  assert.equal((await upload(aiken, 'Câu hỏi?\nA. Có\nB. Không\nANSWER: A\n', { filename: 'cau-hoi.txt' })).statusCode, 200);
  const xlsx = await newBank();
  assert.equal((await upload(xlsx, await workbook([row()]), { filename: 'khong-duoi' })).statusCode, 200);
  const unknown = await upload(await newBank(), 'chỉ là chữ', { filename: 'ghi-chu.txt' });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Không nhận biết được định dạng/);
});

test('a bad GIFT file: unsupported types named, syntax, duplicates — at their lines, nothing imported', async () => {
  const bankId = await newBank();
  const res = await upload(bankId, `Câu tốt {=A ~B}

Ghép cặp {
=Hải Phòng -> Hồng Bàng
=Hà Nội -> Hoàn Kiếm
}

Năm nào? {#1888}

Thủ đô? {=Hà Nội}

Viết đoạn văn. {}

Phương án trùng {=Zalo ~ZALO}

Thiếu ngoặc {=A ~B
`, { format: 'gift' });
  assert.equal(res.statusCode, 422);
  assert.deepEqual(issues(res.body), [
    'Dòng 3 | Câu hỏi ghép cặp (matching, =… -> …) chưa được hỗ trợ.',
    'Dòng 8 | Câu hỏi dạng số (numerical, {#…}) chưa được hỗ trợ.',
    'Dòng 10 | Câu hỏi trả lời ngắn (short answer, chỉ có đáp án =) chưa được hỗ trợ.',
    'Dòng 12 | Câu hỏi tự luận (essay, { }) chưa được hỗ trợ.',
    'Dòng 14 | Phương án B trùng với phương án A.',
    'Dòng 16 | Thiếu dấu “}” đóng phần đáp án.',
  ]);
  assert.equal(await count(bankId), 0);
  const en = await upload(bankId, 'Năm nào? {#1888}\n', { format: 'gift', lang: 'en' });
  assert.deepEqual(issues(en.body), ['Line 1 | Numerical questions ({#…}) are not supported.']);
  await manager.get('/?lang=vi');
});

test('Aiken: a good file imports; a bad one reports lines and imports nothing', async () => {
  const bankId = await newBank();
  const good = await upload(bankId, 'Thủ đô của Việt Nam?\nA. Hà Nội\nB) Hải Phòng\nANSWER: A\n\nChọn các mạng xã hội:\nA. Facebook\nB. Zalo\nC. Word\nANSWER: A,B\n', { format: 'aiken', fields: { topic: 'Kiến thức chung' } });
  assert.equal(good.statusCode, 200, issues(good.body).join('\n'));
  assert.deepEqual((await questionsOf(bankId)).map((q) => [q.type, q.topic]), [['single', 'Kiến thức chung'], ['multiple', 'Kiến thức chung']]);
  const bad = await upload(bankId, 'Câu mới tốt?\nA. Có\nB. Không\nANSWER: B\n\nThiếu đáp án\nA. Một\nB. Hai\n\nĐáp án ngoài\nA. Một\nB. Hai\nANSWER: E\n', { format: 'aiken' });
  assert.equal(bad.statusCode, 422);
  assert.deepEqual(issues(bad.body), ['Dòng 6 | Câu hỏi thiếu dòng “ANSWER: …” sau các phương án.', 'Dòng 10 | Đáp án E không nằm trong các phương án đã điền.']);
  assert.equal(await count(bankId), 2, 'the good question of the bad file was not imported');
});

test('text files must be UTF-8; an Excel file as GIFT is explained; bad defaults; no file; no CSRF token', async () => {
  const bankId = await newBank();
  const latin = await upload(bankId, Buffer.from([0x43, 0xe2, 0x75, 0x20, 0x7b, 0x3d, 0x41, 0x20, 0x7e, 0x42, 0x7d]), { format: 'gift' });
  assert.equal(latin.statusCode, 422);
  assert.match(latin.body, /không dùng bảng mã UTF-8/);
  const excel = await upload(bankId, await workbook([row()]), { format: 'gift' });
  assert.equal(excel.statusCode, 422);
  assert.match(excel.body, /Đây là tệp Excel/);
  const defaults = await upload(bankId, GOOD_GIFT, { format: 'gift', fields: { competence: '8.8' } });
  assert.equal(defaults.statusCode, 422);
  assert.match(defaults.body, /Mã năng lực “8.8” không có/);
  const none = await manager.request({
    method: 'POST',
    url: `${BANKS}/${bankId}/nhap`,
    ...(() => {
      const { body, boundary } = multipartBody({ format: 'gift' });
      return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'x-csrf-token': '' } };
    })(),
  });
  assert.equal(none.statusCode, 403, 'no token at all');
  const noToken = await uploadForm(manager, `${BANKS}/${bankId}/nhap`, Buffer.from(GOOD_GIFT), { token: false, filename: 'a.gift' });
  assert.equal(noToken.statusCode, 403);
  const afterFile = await uploadForm(manager, `${BANKS}/${bankId}/nhap`, Buffer.from(GOOD_GIFT), { tokenAfterFile: true, filename: 'a.gift' });
  assert.equal(afterFile.statusCode, 403, 'the token must come before the file');
  assert.equal(await count(bankId), 0);
});
