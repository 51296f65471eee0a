import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseAiken } from './aiken.js';

const codes = (r: ReturnType<typeof parseAiken>) => r.issues.map((i) => `${i.line}:${i.code}`);

test('a good Aiken file: options with "A." and "B)", answers, Vietnamese text, blank lines optional', () => {
  const r = parseAiken(`Thủ đô của Việt Nam là thành phố nào?
A. Hà Nội
B) Hải Phòng
C. Đà Nẵng
ANSWER: A

Ứng dụng nào dùng để nhắn tin?
A) Zalo
B) Máy tính bỏ túi
ANSWER: a
Cổng Dịch vụ công quốc gia có địa chỉ nào?
A. dichvucong.gov.vn
B. dichvucong.com
ANSWER:B
`);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(
    r.questions.map((q) => [q.line, q.values.type, q.values.text, q.values.options.length, q.values.answer]),
    [
      [1, 'single', 'Thủ đô của Việt Nam là thành phố nào?', 3, [0]],
      [7, 'single', 'Ứng dụng nào dùng để nhắn tin?', 2, [0]],
      [11, 'single', 'Cổng Dịch vụ công quốc gia có địa chỉ nào?', 2, [1]],
    ],
  );
  assert.deepEqual(r.questions[0].values.options, ['Hà Nội', 'Hải Phòng', 'Đà Nẵng']);
});

test('several letters in ANSWER make a multiple-choice question (extension)', () => {
  const r = parseAiken('Chọn các mạng xã hội:\nA. Facebook\nB. Zalo\nC. Excel\nANSWER: A, B\n');
  assert.deepEqual([r.questions[0].values.type, r.questions[0].values.answer], ['multiple', [0, 1]]);
});

test('a question may take two lines before its options', () => {
  const r = parseAiken('Đọc đoạn sau:\n“Tôi quên mật khẩu.”\nNên làm gì?\nA. Dùng chức năng Quên mật khẩu\nB. Tạo tài khoản mới\nANSWER: A\n');
  assert.equal(r.questions[0].values.text, 'Đọc đoạn sau:\n“Tôi quên mật khẩu.”\nNên làm gì?');
});

test('bad questions are reported at their lines; nothing else is lost', () => {
  const r = parseAiken(`Thiếu dòng đáp án
A. Một
B. Hai

Đáp án ngoài phương án
A. Một
B. Hai
ANSWER: D

Phương án sai thứ tự
A. Một
C. Ba
ANSWER: A

Phương án trùng
A. Zalo
B. zalo
ANSWER: A

Không có phương án
ANSWER: A

ANSWER: B

Đáp án lạ
A. Một
B. Hai
ANSWER: 1

Câu tốt
A. Có
B. Không
ANSWER: B

Cuối tệp thiếu đáp án
A. Một
B. Hai`);
  assert.deepEqual(codes(r), [
    '1:QB_AIKEN_NO_ANSWER',
    '5:QB_ANSWER_OUT_OF_RANGE',
    '12:QB_AIKEN_OPTION_ORDER', // the line of the option out of order
    '15:QB_OPTION_DUPLICATE',
    '20:QB_AIKEN_NO_OPTIONS',
    '23:QB_AIKEN_ANSWER_ALONE',
    '25:QB_ANSWER_INVALID',
    '35:QB_AIKEN_NO_ANSWER',
  ]);
  assert.deepEqual(r.issues.find((i) => i.code === 'QB_ANSWER_OUT_OF_RANGE')?.params, { letter: 'D', last: 'B' });
  assert.deepEqual(r.issues.find((i) => i.code === 'QB_AIKEN_OPTION_ORDER')?.params, { expected: 'B', found: 'C' });
  assert.deepEqual(r.questions.map((q) => q.line), [30]);
});

test('one option only, an empty answer, an empty file', () => {
  assert.deepEqual(codes(parseAiken('Một phương án\nA. Duy nhất\nANSWER: A')), ['1:QB_OPTIONS_TOO_FEW']);
  assert.deepEqual(codes(parseAiken('Đáp án trống\nA. Một\nB. Hai\nANSWER:')), ['1:QB_ANSWER_REQUIRED']);
  assert.deepEqual(codes(parseAiken('\n\n')), ['1:QB_FILE_EMPTY']);
});
