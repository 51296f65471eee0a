import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDifficulty, parseLetters, parseType, validateQuestion, type QuestionInput } from './question-input.js';

const base: QuestionInput = { type: 'một lựa chọn', text: 'Câu hỏi?', options: ['Một', 'Hai', '', '', '', ''], answer: 'B' };
const codes = (input: Partial<QuestionInput>, known?: Set<string>) => validateQuestion({ ...base, ...input }, { competences: known }).issues.map((i) => i.code);

test('types in Vietnamese (any case, with or without diacritics) and English', () => {
  for (const [raw, type] of [
    ['một lựa chọn', 'single'],
    ['Một lựa chọn', 'single'],
    ['mot lua chon', 'single'],
    ['Nhiều lựa chọn', 'multiple'],
    ['đúng sai', 'true_false'],
    ['Đúng/Sai', 'true_false'],
    ['true-false', 'true_false'],
    ['multiple choice', 'multiple'],
  ] as const) {
    assert.equal(parseType(raw), type, raw);
  }
  assert.equal(parseType('ghép cặp'), undefined);
});

test('letters and difficulties', () => {
  assert.deepEqual(parseLetters('A,C'), { indexes: [0, 2], invalid: [] });
  assert.deepEqual(parseLetters(' c ; a  a '), { indexes: [0, 2], invalid: [] });
  assert.deepEqual(parseLetters('B, 2'), { indexes: [1], invalid: ['2'] });
  assert.deepEqual(['', '1', 2, 'Khó', 'trung bình', 'easy', '4', 'rất khó'].map((d) => parseDifficulty(d)), [1, 1, 2, 3, 2, 1, undefined, undefined]);
});

test('a good single-choice question', () => {
  const { values, issues } = validateQuestion({ ...base, explanation: ' Vì vậy. ', topic: '  Thư   điện tử ', competence: '1.1', difficulty: '2' }, { competences: new Set(['1.1']) });
  assert.deepEqual(issues, []);
  assert.deepEqual(values, { type: 'single', text: 'Câu hỏi?', options: ['Một', 'Hai'], answer: [1], explanation: 'Vì vậy.', topic: 'Thư điện tử', competence: '1.1', difficulty: 2 });
});

test('missing answers, duplicate options, letters outside the options, unknown types, empty text', () => {
  assert.deepEqual(codes({ answer: '' }), ['QB_ANSWER_REQUIRED']);
  assert.deepEqual(codes({ options: ['Zalo', ' zalo ', 'Viber'] }), ['QB_OPTION_DUPLICATE']);
  assert.deepEqual(codes({ answer: 'D' }), ['QB_ANSWER_OUT_OF_RANGE']);
  assert.deepEqual(codes({ type: 'ghép cặp' }), ['QB_TYPE_UNKNOWN']);
  assert.deepEqual(codes({ type: '' }), ['QB_TYPE_REQUIRED']);
  assert.deepEqual(codes({ text: '   ' }), ['QB_TEXT_REQUIRED']);
  assert.deepEqual(codes({ answer: 'A,B' }), ['QB_SINGLE_MANY_ANSWERS']);
  assert.deepEqual(codes({ answer: 'B2' }), ['QB_ANSWER_INVALID']);
  assert.deepEqual(codes({ options: ['Một', '', 'Ba'], answer: 'A' }), ['QB_OPTION_GAP']);
  assert.deepEqual(codes({ options: ['Một'], answer: 'A' }), ['QB_OPTIONS_TOO_FEW']);
  assert.deepEqual(codes({ options: ['1', '2', '3', '4', '5', '6', '7'], answer: 'A' }), ['QB_OPTIONS_TOO_MANY']);
  assert.deepEqual(codes({ difficulty: '5' }), ['QB_DIFFICULTY_INVALID']);
  assert.deepEqual(codes({ competence: '9.9' }, new Set(['1.1'])), ['QB_COMPETENCE_UNKNOWN']);
});

test('"Mua" and "Múa" are different options; case and spaces are not', () => {
  assert.deepEqual(codes({ options: ['Mua', 'Múa', 'Mưa'] }), []);
  assert.deepEqual(codes({ options: ['Mưa  rào', 'mưa rào'] }), ['QB_OPTION_DUPLICATE']);
});

test('multiple choice takes one or more answers', () => {
  const { values } = validateQuestion({ ...base, type: 'nhiều lựa chọn', options: ['A', 'B', 'C'], answer: 'C,A' });
  assert.deepEqual(values?.answer, [0, 2]);
});

test('true/false: the answer as a word or a letter; options empty or exactly Đúng, Sai', () => {
  for (const [answer, index] of [['Đúng', 0], ['sai', 1], ['A', 0], ['B', 1], ['True', 0], ['F', 1]] as const) {
    const { values, issues } = validateQuestion({ type: 'đúng sai', text: 'Hải Phòng có biển.', options: [], answer });
    assert.deepEqual(issues, [], answer);
    assert.deepEqual([values?.options, values?.answer], [['Đúng', 'Sai'], [index]], answer);
  }
  assert.deepEqual(codes({ type: 'đúng sai', options: ['Đúng', 'Sai'], answer: 'Đúng' }), []);
  assert.deepEqual(codes({ type: 'đúng sai', options: ['Có', 'Không'], answer: 'A' }), ['QB_TF_OPTIONS']);
  assert.deepEqual(codes({ type: 'đúng sai', options: [], answer: 'C' }), ['QB_ANSWER_OUT_OF_RANGE']);
  assert.deepEqual(codes({ type: 'đúng sai', options: [], answer: 'Có lẽ' }), ['QB_ANSWER_INVALID']);
});
