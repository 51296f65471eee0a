/**
 * TypeBox schemas and presenters: the only way attempts leave the server.
 *
 * During an attempt a question carries its position, type, text, its options in the order shown (by
 * place) and the learner's own choices — never which option is correct, never the explanation: the
 * queries behind it do not even select them (repository.questionsToAnswer), and the response schemas
 * have no field where they could go (fields not in a schema are dropped on serialization).
 * The review of a final attempt (only when the quiz allows it) is a separate presenter.
 */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../core/schemas.js';
import { ATTEMPT_STATES } from './attempt-state.js';
import { QUESTION_TYPES } from './question-input.js';
import type { AttemptRow, QuestionToAnswer, ReviewRow } from './repository.js';

type T = (key: string, params?: Record<string, string | number>) => string;

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
export const ActivityParams = Type.Object({ activityId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

const OptionToAnswer = Type.Object({ place: Type.Integer(), text: Type.String() }, { additionalProperties: false });
export const QuestionToAnswerSchema = Type.Object(
  {
    position: Type.Integer(),
    type: StringEnum(QUESTION_TYPES),
    text: Type.String(),
    options: Type.Array(OptionToAnswer),
    /** Places of the options the learner chose (saved). */
    chosen: Type.Array(Type.Integer()),
    answered: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type QuestionToAnswerDto = Static<typeof QuestionToAnswerSchema>;

const ReviewOption = Type.Object({ place: Type.Integer(), text: Type.String(), chosen: Type.Boolean(), correct: Type.Boolean() }, { additionalProperties: false });
export const ReviewSchema = Type.Object(
  {
    position: Type.Integer(),
    type: StringEnum(QUESTION_TYPES),
    text: Type.String(),
    options: Type.Array(ReviewOption),
    right: Type.Boolean(),
    explanation: Type.String(),
  },
  { additionalProperties: false },
);
export type ReviewDto = Static<typeof ReviewSchema>;

export const ResultSchema = Type.Object(
  {
    score: Type.Number(),
    maxScore: Type.Number(),
    percent: Type.Number(),
    passed: Type.Union([Type.Boolean(), Type.Null()]),
    finishReason: Type.Union([Type.Literal('submitted'), Type.Literal('timeout')]),
  },
  { additionalProperties: false },
);

export const AttemptSchema = Type.Object(
  {
    id: Type.Integer(),
    number: Type.Integer(),
    state: StringEnum(ATTEMPT_STATES),
    startedAt: Type.String({ format: 'date-time' }),
    deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    /** While in progress: the questions to answer. */
    questions: Type.Optional(Type.Array(QuestionToAnswerSchema)),
    /** Once final. */
    result: Type.Optional(ResultSchema),
    /** Once final, when the quiz shows answers and explanations. */
    review: Type.Optional(Type.Array(ReviewSchema)),
  },
  { additionalProperties: false },
);
export type AttemptDto = Static<typeof AttemptSchema>;

const parse = (json: string | null): number[] => (json === null ? [] : (JSON.parse(json) as number[]));

function optionText(type: string, options: string[], original: number, t: T): string {
  if (type === 'true_false') return t(original === 0 ? 'quiz.true' : 'quiz.false');
  return options[original] ?? '';
}

export function presentQuestionToAnswer(row: QuestionToAnswer, t: T): QuestionToAnswerDto {
  const order = parse(row.option_order);
  const response = new Set(parse(row.response));
  const options = JSON.parse(row.options) as string[];
  return {
    position: row.position,
    type: row.type as QuestionToAnswerDto['type'],
    text: row.text,
    options: order.map((original, place) => ({ place, text: optionText(row.type, options, original, t) })),
    chosen: order.flatMap((original, place) => (response.has(original) ? [place] : [])),
    answered: row.response !== null,
  };
}

export function presentReview(row: ReviewRow, t: T): ReviewDto {
  const order = parse(row.option_order);
  const response = new Set(parse(row.response));
  const key = new Set(parse(row.answer_key));
  const options = JSON.parse(row.options) as string[];
  return {
    position: row.position,
    type: row.type as ReviewDto['type'],
    text: row.text,
    options: order.map((original, place) => ({ place, text: optionText(row.type, options, original, t), chosen: response.has(original), correct: key.has(original) })),
    right: row.correct === 1,
    explanation: row.explanation,
  };
}

export function presentResult(a: AttemptRow) {
  return {
    score: a.score ?? 0,
    maxScore: a.max_score,
    percent: a.percent ?? 0,
    passed: a.passed === null ? null : a.passed === 1,
    finishReason: (a.finish_reason === 'timeout' ? 'timeout' : 'submitted') as 'timeout' | 'submitted',
  };
}

export function presentAttempt(a: AttemptRow, extra: { questions?: QuestionToAnswerDto[]; review?: ReviewDto[] } = {}): AttemptDto {
  const final = a.state === 'finished' || a.state === 'abandoned';
  return {
    id: a.id,
    number: a.number,
    state: a.state as AttemptDto['state'],
    startedAt: a.started_at,
    deadlineAt: a.deadline_at,
    finishedAt: a.finished_at,
    ...(a.state === 'in_progress' && extra.questions ? { questions: extra.questions } : {}),
    ...(final ? { result: presentResult(a) } : {}),
    ...(final && extra.review ? { review: extra.review } : {}),
  };
}
