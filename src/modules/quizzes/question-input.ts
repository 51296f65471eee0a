/**
 * One validation for every way a question arrives: the form, the .xlsx rows, GIFT and Aiken.
 * Pure: the known competence codes are passed in.
 *
 * Question types: 'single' (one correct option), 'multiple' (one or more correct options, graded
 * all-or-nothing: right only when exactly the correct set is chosen), 'true_false' (options are always
 * "Đúng", "Sai"; index 0 is true).
 */
import { searchKey } from '../../core/text.js';

export const QUESTION_TYPES = ['single', 'multiple', 'true_false'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];
export const DIFFICULTIES = [1, 2, 3] as const;

export const MAX_OPTIONS = 6;
export const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
export const TEXT_MAX = 5000;
export const OPTION_MAX = 1000;
export const EXPLANATION_MAX = 5000;
export const TOPIC_MAX = 100;
/** The stored options of a true/false question (shown as Đúng/Sai or True/False). */
export const TRUE_FALSE_OPTIONS = ['Đúng', 'Sai'];

export interface QuestionValues {
  type: QuestionType;
  text: string;
  options: string[];
  /** Correct option indexes, ascending. */
  answer: number[];
  explanation: string;
  topic: string | null;
  competence: string | null;
  difficulty: number;
}

/** Raw input: options may hold empty strings (an empty "Phương án B" cell), the answer may be letters. */
export interface QuestionInput {
  type: string;
  text: string;
  options: string[];
  /** Indexes, or what a person typed: "B", "A,C", "Đúng", "Sai". */
  answer: number[] | string;
  explanation?: string;
  topic?: string;
  competence?: string;
  difficulty?: string | number;
}

export type QuestionField = 'type' | 'text' | 'options' | 'answer' | 'explanation' | 'topic' | 'competence' | 'difficulty';

export interface FieldIssue {
  field: QuestionField;
  /** Option index when the problem is one option's. */
  option?: number;
  code: string;
  params?: Record<string, string | number>;
}

export const clean = (s: string | undefined | null) => (s ?? '').normalize('NFC').replace(/\r\n?/g, '\n').trim();

/** "một lựa chọn", "Nhiều lựa chọn", "đúng/sai", "single", "true-false"… → the type. */
export function parseType(raw: string): QuestionType | undefined {
  const key = searchKey(raw).replace(/[^a-z0-9]+/g, ' ').trim();
  const names: Record<string, QuestionType> = {
    'mot lua chon': 'single',
    'mot dap an': 'single',
    single: 'single',
    'single choice': 'single',
    'nhieu lua chon': 'multiple',
    'nhieu dap an': 'multiple',
    multiple: 'multiple',
    'multiple choice': 'multiple',
    'dung sai': 'true_false',
    'true false': 'true_false',
    true_false: 'true_false',
  };
  return (QUESTION_TYPES as readonly string[]).includes(raw) ? (raw as QuestionType) : names[key];
}

/** "1", 2, "dễ", "Trung bình", "hard"… → 1..3; empty → 1. */
export function parseDifficulty(raw: string | number | undefined): number | undefined {
  const text = searchKey(String(raw ?? ''));
  if (text === '') return 1;
  const names: Record<string, number> = { '1': 1, '2': 2, '3': 3, de: 1, 'trung binh': 2, kho: 3, easy: 1, medium: 2, hard: 3 };
  return names[text];
}

const TRUE_WORDS = new Set(['dung', 'd', 'true', 't']);
const FALSE_WORDS = new Set(['sai', 's', 'false', 'f']);

/** Letters typed in a cell or an ANSWER line: "B", "A,C", "a; c", "A C". */
export function parseLetters(raw: string): { indexes: number[]; invalid: string[] } {
  const tokens = raw.split(/[\s,;]+/).filter(Boolean);
  const indexes: number[] = [];
  const invalid: string[] = [];
  for (const token of tokens) {
    const letter = token.toUpperCase();
    if (/^[A-Z]$/.test(letter)) indexes.push(letter.charCodeAt(0) - 65);
    else invalid.push(token);
  }
  return { indexes: [...new Set(indexes)].sort((a, b) => a - b), invalid };
}

export const letterOf = (index: number) => String.fromCharCode(65 + index);

/** Options compared for duplicates: case and spacing ignored, diacritics NOT ("Mua" and "Múa" differ). */
const optionKey = (s: string) => s.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();

export function validateQuestion(
  input: QuestionInput,
  known: { competences?: Set<string> } = {},
): { values?: QuestionValues; issues: FieldIssue[] } {
  const issues: FieldIssue[] = [];
  const type = parseType(clean(input.type));
  if (!clean(input.type)) issues.push({ field: 'type', code: 'QB_TYPE_REQUIRED' });
  else if (!type) issues.push({ field: 'type', code: 'QB_TYPE_UNKNOWN', params: { value: clean(input.type).slice(0, 50) } });

  const text = clean(input.text);
  if (!text) issues.push({ field: 'text', code: 'QB_TEXT_REQUIRED' });
  else if (text.length > TEXT_MAX) issues.push({ field: 'text', code: 'QB_TEXT_TOO_LONG', params: { max: TEXT_MAX } });

  // Options: trailing empties dropped; an empty option before a filled one is a gap.
  let raw = input.options.map(clean);
  while (raw.length && raw[raw.length - 1] === '') raw = raw.slice(0, -1);
  let options = raw;
  const gap = raw.findIndex((o) => o === '');
  if (gap >= 0) issues.push({ field: 'options', option: gap, code: 'QB_OPTION_GAP', params: { letter: letterOf(gap) } });
  if (type === 'true_false') {
    const keys = raw.map((o) => searchKey(o));
    const canonical = raw.length === 0 || (raw.length === 2 && TRUE_WORDS.has(keys[0]) && FALSE_WORDS.has(keys[1]));
    if (!canonical) issues.push({ field: 'options', code: 'QB_TF_OPTIONS' });
    options = [...TRUE_FALSE_OPTIONS];
  } else if (type) {
    if (raw.length > MAX_OPTIONS) issues.push({ field: 'options', code: 'QB_OPTIONS_TOO_MANY', params: { max: MAX_OPTIONS } });
    else if (raw.filter(Boolean).length < 2) issues.push({ field: 'options', code: 'QB_OPTIONS_TOO_FEW' });
    raw.forEach((o, i) => {
      if (o.length > OPTION_MAX) issues.push({ field: 'options', option: i, code: 'QB_OPTION_TOO_LONG', params: { letter: letterOf(i), max: OPTION_MAX } });
    });
    const firstOf = new Map<string, number>();
    raw.forEach((o, i) => {
      if (!o) return;
      const key = optionKey(o);
      const first = firstOf.get(key);
      if (first === undefined) firstOf.set(key, i);
      else issues.push({ field: 'options', option: i, code: 'QB_OPTION_DUPLICATE', params: { letter: letterOf(i), first: letterOf(first) } });
    });
  }

  // The answer: indexes, letters, or (true/false) a word.
  let answer: number[] = [];
  if (Array.isArray(input.answer)) {
    answer = [...new Set(input.answer)].sort((a, b) => a - b);
    if (answer.length === 0) issues.push({ field: 'answer', code: 'QB_ANSWER_REQUIRED' });
  } else {
    const typed = clean(input.answer);
    const word = searchKey(typed);
    if (!typed) issues.push({ field: 'answer', code: 'QB_ANSWER_REQUIRED' });
    else if (type === 'true_false' && (TRUE_WORDS.has(word) || FALSE_WORDS.has(word)) && !/^[ab]$/i.test(typed)) {
      answer = [TRUE_WORDS.has(word) ? 0 : 1];
    } else {
      const parsed = parseLetters(typed);
      if (parsed.invalid.length) issues.push({ field: 'answer', code: 'QB_ANSWER_INVALID', params: { value: parsed.invalid.join(', ').slice(0, 50) } });
      else answer = parsed.indexes;
    }
  }
  if (type) {
    const outside = answer.filter((i) => i < 0 || i >= options.length || (type !== 'true_false' && !raw[i]));
    if (outside.length) {
      issues.push({ field: 'answer', code: 'QB_ANSWER_OUT_OF_RANGE', params: { letter: outside.map(letterOf).join(', '), last: letterOf(Math.max(0, options.length - 1)) } });
    } else if ((type === 'single' || type === 'true_false') && answer.length > 1) {
      issues.push({ field: 'answer', code: 'QB_SINGLE_MANY_ANSWERS' });
    }
  }

  const explanation = clean(input.explanation);
  if (explanation.length > EXPLANATION_MAX) issues.push({ field: 'explanation', code: 'QB_EXPLANATION_TOO_LONG', params: { max: EXPLANATION_MAX } });
  const topic = clean(input.topic).replace(/\s+/g, ' ');
  if (topic.length > TOPIC_MAX) issues.push({ field: 'topic', code: 'QB_TOPIC_TOO_LONG', params: { max: TOPIC_MAX } });
  const competence = clean(input.competence);
  if (competence && known.competences && !known.competences.has(competence)) {
    issues.push({ field: 'competence', code: 'QB_COMPETENCE_UNKNOWN', params: { value: competence.slice(0, 20) } });
  }
  const difficulty = parseDifficulty(input.difficulty);
  if (difficulty === undefined) issues.push({ field: 'difficulty', code: 'QB_DIFFICULTY_INVALID', params: { value: String(input.difficulty).slice(0, 20) } });

  if (issues.length || !type) return { issues };
  return {
    values: { type, text, options, answer, explanation, topic: topic || null, competence: competence || null, difficulty: difficulty! },
    issues,
  };
}

/** Same question text (spacing and case ignored): used to catch a file imported twice. */
export const questionKey = (text: string) => optionKey(text);
