import { test } from 'node:test';
import assert from 'node:assert/strict';
import { categoryTopic, escapeGift, parseGift, writeGift } from './gift.js';

const codes = (r: ReturnType<typeof parseGift>) => r.issues.map((i) => `${i.line}:${i.code}`);

test('single choice with = and ~, title, comments, explanation and Vietnamese text', () => {
  const r = parseGift(`// Ngân hàng câu hỏi: An toàn thông tin
::Mật khẩu::Mật khẩu nào an toàn nhất? {
  ~123456#Quá dễ đoán
  ~matkhau
  =Hp\\#2026!xanh
  ####Mật khẩu mạnh dài, có chữ hoa, chữ thường, số và ký tự đặc biệt.
}
`);
  assert.deepEqual(r.issues, []);
  assert.equal(r.questions.length, 1);
  const q = r.questions[0];
  assert.equal(q.line, 2);
  assert.equal(q.values.type, 'single');
  assert.equal(q.values.text, 'Mật khẩu nào an toàn nhất?');
  assert.deepEqual(q.values.options, ['123456', 'matkhau', 'Hp#2026!xanh']);
  assert.deepEqual(q.values.answer, [2]);
  assert.equal(q.values.explanation, 'Mật khẩu mạnh dài, có chữ hoa, chữ thường, số và ký tự đặc biệt.');
  assert.equal(q.values.topic, null);
});

test('escapes: \\: \\~ \\= \\# \\{ \\} \\\\ and \\n keep their characters', () => {
  const r = parseGift('Trong Excel, công thức \\=SUM(A1\\:A3) tính gì? Dấu \\{ \\} và \\# và \\~ và \\\\.\\nDòng hai. {=Tổng A1 đến A3 ~Trung bình \\= 3 ~Số ô có dữ liệu}');
  assert.deepEqual(r.issues, []);
  const q = r.questions[0].values;
  assert.equal(q.text, 'Trong Excel, công thức =SUM(A1:A3) tính gì? Dấu { } và # và ~ và \\.\nDòng hai.');
  assert.deepEqual(q.options, ['Tổng A1 đến A3', 'Trung bình = 3', 'Số ô có dữ liệu']);
  assert.deepEqual(q.answer, [0]);
});

test('the answer # inside an escaped option is text, a bare # starts a feedback', () => {
  const r = parseGift('Ký hiệu nào là thẻ bắt đầu bằng dấu thăng? {=\\#haiphong#đúng rồi ~@haiphong}');
  assert.deepEqual(r.questions[0].values.options, ['#haiphong', '@haiphong']);
});

test('multiple choice from weights: positive weights are the correct answers', () => {
  const r = parseGift(`Những việc nào giúp bảo vệ tài khoản? {
~%50%Bật xác thực hai bước
~%50%Dùng mật khẩu riêng cho mỗi dịch vụ
~%-100%Chia sẻ mã OTP cho người lạ
}`);
  assert.deepEqual(r.issues, []);
  const q = r.questions[0].values;
  assert.equal(q.type, 'multiple');
  assert.deepEqual(q.answer, [0, 1]);
});

test('three correct answers at 33.33333% add up to 100', () => {
  const r = parseGift('Chọn các trình duyệt web: {~%33.33333%Chrome ~%33.33333%Firefox ~%33.33333%Cốc Cốc ~%-100%Word}');
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.questions[0].values.answer, [0, 1, 2]);
});

test('weights that do not add up to 100, a partial single answer, and a bad weight are refused', () => {
  const r = parseGift(`Câu một {~%50%A ~%20%B ~C}

Câu hai {~%50%A ~B ~C}

Câu ba {~%abc%A =B}`);
  assert.deepEqual(codes(r), ['1:QB_GIFT_WEIGHTS', '3:QB_GIFT_WEIGHTS', '5:QB_GIFT_WEIGHT']);
  assert.equal(r.issues[0].params?.sum, 70);
});

test('true/false in every spelling, with feedback and explanation', () => {
  const r = parseGift(`Hải Phòng là thành phố trực thuộc trung ương. {T}

Mã OTP có thể cho người khác biết. {FALSE#Sai: không bao giờ chia sẻ mã OTP.####Mã OTP chỉ dành cho bạn.}

Câu ba {TRUE}

Câu bốn {f}`);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(
    r.questions.map((q) => [q.line, q.values.type, q.values.answer[0]]),
    [
      [1, 'true_false', 0],
      [3, 'true_false', 1],
      [5, 'true_false', 0],
      [7, 'true_false', 1],
    ],
  );
  assert.equal(r.questions[1].values.explanation, 'Mã OTP chỉ dành cho bạn.');
  assert.deepEqual(r.questions[0].values.options, ['Đúng', 'Sai']);
});

test('$CATEGORY sets the topic of the questions that follow (its last part; // is a slash)', () => {
  const r = parseGift(`$CATEGORY: $course$/top/Kỹ năng số/Thư điện tử

Địa chỉ thư điện tử có ký tự nào? {=@ ~\\# ~&}

$CATEGORY: Dịch vụ công//trực tuyến

Cổng dịch vụ công quốc gia là gì? {=dichvucong.gov.vn ~facebook.com}
`);
  assert.deepEqual(r.issues, []);
  assert.deepEqual(r.questions.map((q) => q.values.topic), ['Thư điện tử', 'Dịch vụ công/trực tuyến']);
  assert.equal(categoryTopic('$course$/top'), undefined);
});

test('missing word: the text after the answers becomes the end of the question', () => {
  const r = parseGift('Để gửi thư, bấm nút {=Gửi ~Xóa ~Lưu nháp} ở góc màn hình.');
  assert.equal(r.questions[0].values.text, 'Để gửi thư, bấm nút _____ ở góc màn hình.');
});

test('format markers are dropped; a question may span several lines', () => {
  const r = parseGift('[markdown]Câu hỏi\nnhiều dòng? {\n=Có\n~Không\n}');
  assert.equal(r.questions[0].values.text, 'Câu hỏi\nnhiều dòng?');
});

test('unsupported types are refused with an error naming the type, at the question’s line', () => {
  const r = parseGift(`// tệp có nhiều loại câu hỏi
Ghép tỉnh với tỉnh lỵ. {
=Hải Phòng -> Hồng Bàng
=Hà Nội -> Hoàn Kiếm
}

Năm thành lập thành phố? {#1888}

Thủ đô của Việt Nam? {=Hà Nội =Hanoi}

Hãy mô tả cách lập thư điện tử. {}

Đây chỉ là một đoạn giới thiệu.

Câu đúng {=Có ~Không}`);
  assert.deepEqual(codes(r), ['2:QB_GIFT_MATCHING', '7:QB_GIFT_NUMERIC', '9:QB_GIFT_SHORT_ANSWER', '11:QB_GIFT_ESSAY', '13:QB_GIFT_DESCRIPTION']);
  assert.equal(r.questions.length, 1);
  assert.equal(r.questions[0].line, 15);
});

test('syntax errors: unclosed braces, two answer blocks, text before the first answer', () => {
  const r = parseGift(`Thiếu ngoặc {=A ~B

Hai khối {=A ~B} và {=C ~D}

Chữ thừa {xyz =A ~B}`);
  assert.deepEqual(codes(r), ['1:QB_GIFT_UNCLOSED', '3:QB_GIFT_SYNTAX', '5:QB_GIFT_SYNTAX']);
});

test('validation through GIFT: duplicate options, no correct answer, empty text, an empty answer', () => {
  const r = parseGift(`Trùng phương án {=Zalo ~zalo ~Viber}

Không có đáp án đúng {~A ~B}

{=A ~B}

Ký tự # chưa thoát thành phương án rỗng {=@ ~#}`);
  assert.deepEqual(codes(r), ['1:QB_OPTION_DUPLICATE', '3:QB_ANSWER_REQUIRED', '5:QB_TEXT_REQUIRED', '7:QB_GIFT_EMPTY_ANSWER']);
});

test('diacritics make options different: "Mua" and "Múa" are not duplicates', () => {
  const r = parseGift('Từ nào chỉ hoạt động nghệ thuật? {~Mua =Múa ~Mưa}');
  assert.deepEqual(r.issues, []);
});

test('known competences and defaults apply to GIFT questions', () => {
  const known = new Set(['1.1', '2.3']);
  const ok = parseGift('Câu {=A ~B}', { competences: known, defaults: { competence: '2.3', difficulty: '3', topic: 'Chung' } });
  assert.deepEqual([ok.questions[0].values.competence, ok.questions[0].values.difficulty, ok.questions[0].values.topic], ['2.3', 3, 'Chung']);
  const bad = parseGift('Câu {=A ~B}', { competences: known, defaults: { competence: '9.9' } });
  assert.deepEqual(codes(bad), ['1:QB_COMPETENCE_UNKNOWN']);
});

test('an empty file or one with comments only is refused', () => {
  assert.deepEqual(codes(parseGift('')), ['1:QB_FILE_EMPTY']);
  assert.deepEqual(codes(parseGift('// chỉ có chú thích\n\n// hết\n')), ['1:QB_FILE_EMPTY']);
});

test('Windows line endings and a BOM are accepted', () => {
  const r = parseGift('\uFEFFCâu một {=A ~B}\r\n\r\nCâu hai {T}\r\n');
  assert.deepEqual(r.questions.map((q) => q.line), [1, 3]);
});

test('writeGift → parseGift gives back the same questions (text, options, key, explanation, topic)', () => {
  const questions = [
    { type: 'single' as const, text: 'Công thức =SUM(A1:A3) {tổng}?', options: ['Tổng', 'Trung bình ~ x', '#N/A'], answer: [0], explanation: 'Hàm SUM cộng các ô.\nDòng hai.', topic: null, competence: null, difficulty: 1 },
    { type: 'multiple' as const, text: 'Chọn trình duyệt:', options: ['Chrome', 'Cốc Cốc', 'Word'], answer: [0, 1], explanation: '', topic: 'Internet/Web', competence: null, difficulty: 1 },
    { type: 'multiple' as const, text: 'Ba đáp án', options: ['A', 'B', 'C', 'D'], answer: [0, 1, 3], explanation: '', topic: 'Internet/Web', competence: null, difficulty: 1 },
    { type: 'true_false' as const, text: 'Hải Phòng có biển.', options: ['Đúng', 'Sai'], answer: [0], explanation: 'Đúng vậy.', topic: 'Địa lý', competence: null, difficulty: 1 },
  ];
  const text = writeGift(questions, 'Ngân hàng thử\n4 câu');
  const r = parseGift(text);
  assert.deepEqual(r.issues, []);
  const byText = new Map(r.questions.map((q) => [q.values.text, q.values]));
  for (const q of questions) {
    const back = byText.get(q.text)!;
    assert.ok(back, q.text);
    assert.deepEqual([back.type, back.options, back.answer, back.explanation, back.topic], [q.type, q.options, q.answer, q.explanation, q.topic]);
  }
  assert.equal(escapeGift('a:b~c=d#e{f}g\\h'), 'a\\:b\\~c\\=d\\#e\\{f\\}g\\\\h');
});
