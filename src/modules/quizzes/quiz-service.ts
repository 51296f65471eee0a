/**
 * Quizzes: a set of draw rules over one bank of the caller's scope, with time limit, attempts allowed,
 * grading and pass mark. A quiz belongs to its bank's unit. Saving checks that the bank can fill every
 * rule right now (an attempt's start checks again: the bank may change).
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { QUIZ_MANAGE } from './capabilities.js';
import { drawWithRetries, NotEnoughQuestions, type DrawRule } from './draw.js';
import { validateQuiz, ruleFields, type QuizForm, type QuizValues, type ReviewMode } from './quiz-input.js';
import type { GradingMethod } from './grading.js';
import * as repo from './repository.js';

export function quizValuesOf(q: repo.QuizRow | (Omit<repo.QuizRow, 'unit_name' | 'unit_path' | 'bank_name'>)): QuizValues {
  return {
    title: q.title,
    bankId: q.bank_id,
    rules: JSON.parse(q.rules) as DrawRule[],
    shuffleQuestions: q.shuffle_questions === 1,
    shuffleOptions: q.shuffle_options === 1,
    timeLimitSeconds: q.time_limit_seconds,
    attemptsAllowed: q.attempts_allowed,
    grading: q.grading as GradingMethod,
    passPercent: q.pass_percent,
    review: q.review as ReviewMode,
  };
}

export async function loadQuiz(db: repo.Conn, actor: Actor | undefined, id: number): Promise<repo.QuizRow> {
  const quiz = await repo.quizInScope(db, scopePaths(actor, QUIZ_MANAGE), id);
  if (!quiz) throw notFound();
  return quiz;
}

async function checkedValues(db: Kysely<DB>, actor: Actor, form: QuizForm) {
  const { values, errors } = validateQuiz(form, { competences: await repo.competenceCodes(db) });
  const bank = values ? await repo.bankInScope(db, scopePaths(actor, QUIZ_MANAGE), values.bankId) : undefined;
  if (values && !bank) errors.bank = 'QUIZ_BANK_REQUIRED';
  let params: Record<string, string | number> = {};
  if (values && bank) {
    try {
      drawWithRetries(await repo.candidatesOf(db, bank.id), values.rules, { shuffleQuestions: false });
    } catch (err) {
      if (!(err instanceof NotEnoughQuestions)) throw err;
      errors[ruleFields(err.rule + 1).count] = 'QUIZ_RULE_NOT_ENOUGH';
      params = { wanted: err.wanted, available: err.available, rule: err.rule + 1 };
    }
  }
  if (Object.keys(errors).length) throw new AppError('VALIDATION_FORM', 422, params, errors);
  return { values: values!, bank: bank! };
}

export async function createQuiz(db: Kysely<DB>, actor: Actor, form: QuizForm): Promise<number> {
  const { values, bank } = await checkedValues(db, actor, form);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertQuiz(trx, bank.unit_id, values, actor.userId);
    await audit(trx, actor, { action: 'quiz.create', unitId: bank.unit_id, targetType: 'quiz', targetId: id });
    return id;
  });
}

export async function updateQuiz(db: Kysely<DB>, actor: Actor, id: number, form: QuizForm): Promise<void> {
  const quiz = await loadQuiz(db, actor, id);
  const { values, bank } = await checkedValues(db, actor, form);
  await db.transaction().execute(async (trx) => {
    await repo.updateQuiz(trx, quiz.id, bank.unit_id, values);
    await audit(trx, actor, { action: 'quiz.update', unitId: bank.unit_id, targetType: 'quiz', targetId: quiz.id });
  });
}
