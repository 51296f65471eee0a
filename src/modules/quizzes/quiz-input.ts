/** A quiz's settings from the form: title, bank, draw rules, time, attempts, grading, pass mark, review. Pure. */
import { GRADING_METHODS, type GradingMethod } from './grading.js';
import type { DrawRule } from './draw.js';
import { QUESTION_TYPES, TOPIC_MAX, clean, type QuestionType } from './question-input.js';

export const MAX_RULES = 5;
export const RULE_COUNT_MAX = 100;
export const QUIZ_QUESTIONS_MAX = 200;
export const TIME_LIMIT_MAX_MINUTES = 600;
export const ATTEMPTS_MAX = 100;
export const QUIZ_TITLE_MAX = 255;
export const REVIEW_MODES = ['never', 'after_submit', 'after_last'] as const;
export type ReviewMode = (typeof REVIEW_MODES)[number];

export interface QuizValues {
  title: string;
  bankId: number;
  rules: DrawRule[];
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  timeLimitSeconds: number | null;
  attemptsAllowed: number | null;
  grading: GradingMethod;
  passPercent: number | null;
  review: ReviewMode;
}

/** The form's fields: r1_count … r5_type for the rules. */
export type QuizForm = Record<string, string | undefined>;

export const ruleFields = (n: number) => ({
  count: `r${n}_count`,
  topic: `r${n}_topic`,
  competence: `r${n}_competence`,
  difficulty: `r${n}_difficulty`,
  type: `r${n}_type`,
});

const intIn = (raw: string | undefined, min: number, max: number): number | undefined | null => {
  const s = clean(raw);
  if (s === '') return null;
  if (!/^\d{1,6}$/.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
};

export function validateQuiz(form: QuizForm, known: { competences?: Set<string> } = {}): { values?: QuizValues; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const title = clean(form.title).replace(/\s+/g, ' ');
  if (!title) errors.title = 'QUIZ_TITLE_REQUIRED';
  else if (title.length > QUIZ_TITLE_MAX) errors.title = 'QUIZ_TITLE_TOO_LONG';
  const bankId = intIn(form.bank, 1, 1e9);
  if (!bankId) errors.bank = 'QUIZ_BANK_REQUIRED';

  const rules: DrawRule[] = [];
  for (let n = 1; n <= MAX_RULES; n++) {
    const f = ruleFields(n);
    const count = intIn(form[f.count], 1, RULE_COUNT_MAX);
    const filled = [f.topic, f.competence, f.difficulty, f.type].some((k) => clean(form[k]) !== '');
    if (count === null) {
      if (filled) errors[f.count] = 'QUIZ_RULE_COUNT_REQUIRED';
      continue;
    }
    if (count === undefined) {
      errors[f.count] = 'QUIZ_RULE_COUNT_INVALID';
      continue;
    }
    const rule: DrawRule = { count };
    const topic = clean(form[f.topic]).replace(/\s+/g, ' ');
    if (topic.length > TOPIC_MAX) errors[f.topic] = 'QB_TOPIC_TOO_LONG';
    else if (topic) rule.topic = topic;
    const competence = clean(form[f.competence]);
    if (competence && known.competences && !known.competences.has(competence)) errors[f.competence] = 'QB_COMPETENCE_UNKNOWN';
    else if (competence) rule.competence = competence;
    const difficulty = intIn(form[f.difficulty], 1, 3);
    if (difficulty === undefined) errors[f.difficulty] = 'QB_DIFFICULTY_INVALID';
    else if (difficulty !== null) rule.difficulty = difficulty;
    const type = clean(form[f.type]);
    if (type && !(QUESTION_TYPES as readonly string[]).includes(type)) errors[f.type] = 'QB_TYPE_UNKNOWN';
    else if (type) rule.type = type as QuestionType;
    rules.push(rule);
  }
  if (rules.length === 0 && !Object.keys(errors).some((k) => k.startsWith('r'))) errors.r1_count = 'QUIZ_RULES_REQUIRED';
  if (rules.reduce((n, r) => n + r.count, 0) > QUIZ_QUESTIONS_MAX) errors.r1_count = 'QUIZ_TOO_MANY_QUESTIONS';

  const minutes = intIn(form.timeLimit, 1, TIME_LIMIT_MAX_MINUTES);
  if (minutes === undefined) errors.timeLimit = 'QUIZ_TIME_LIMIT_INVALID';
  const attempts = intIn(form.attempts, 1, ATTEMPTS_MAX);
  if (attempts === undefined) errors.attempts = 'QUIZ_ATTEMPTS_INVALID';
  const pass = intIn(form.passPercent, 0, 100);
  if (pass === undefined) errors.passPercent = 'QUIZ_PASS_INVALID';
  const grading = clean(form.grading) || 'highest';
  if (!(GRADING_METHODS as readonly string[]).includes(grading)) errors.grading = 'QUIZ_GRADING_INVALID';
  const review = clean(form.review) || 'after_submit';
  if (!(REVIEW_MODES as readonly string[]).includes(review)) errors.review = 'QUIZ_REVIEW_INVALID';

  if (Object.keys(errors).length) return { errors };
  return {
    values: {
      title,
      bankId: bankId!,
      rules,
      shuffleQuestions: form.shuffleQuestions === '1',
      shuffleOptions: form.shuffleOptions === '1',
      timeLimitSeconds: minutes ? minutes * 60 : null,
      attemptsAllowed: attempts ?? null,
      grading: grading as GradingMethod,
      passPercent: pass ?? null,
      review: review as ReviewMode,
    },
    errors,
  };
}

/** The form state of stored settings (edit page). */
export function quizForm(q: QuizValues): QuizForm {
  const form: QuizForm = {
    title: q.title,
    bank: String(q.bankId),
    timeLimit: q.timeLimitSeconds ? String(Math.round(q.timeLimitSeconds / 60)) : '',
    attempts: q.attemptsAllowed ? String(q.attemptsAllowed) : '',
    passPercent: q.passPercent === null ? '' : String(q.passPercent),
    grading: q.grading,
    review: q.review,
    shuffleQuestions: q.shuffleQuestions ? '1' : undefined,
    shuffleOptions: q.shuffleOptions ? '1' : undefined,
  };
  q.rules.forEach((r, i) => {
    const f = ruleFields(i + 1);
    form[f.count] = String(r.count);
    form[f.topic] = r.topic ?? '';
    form[f.competence] = r.competence ?? '';
    form[f.difficulty] = r.difficulty ? String(r.difficulty) : '';
    form[f.type] = r.type ?? '';
  });
  return form;
}
