/** Quiz pages under /quan-tri/bai-kiem-tra (capability quiz:manage): the quizzes of the scope, create and edit. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { QUIZ_MANAGE } from './capabilities.js';
import { MAX_RULES, quizForm, ruleFields, type QuizForm } from './quiz-input.js';
import { createQuiz, loadQuiz, quizValuesOf, updateQuiz } from './quiz-service.js';
import * as repo from './repository.js';
import { QUIZZES, QuizFormPage, QuizListPage } from './quiz-admin-views.js';
import { competenceOptions } from './admin-routes.js';
import { IdParams } from './schema.js';

const access = { capability: QUIZ_MANAGE } as const;

const ruleProps = Object.fromEntries(
  Array.from({ length: MAX_RULES }, (_x, i) => {
    const f = ruleFields(i + 1);
    return [
      [f.count, text(10)],
      [f.topic, text(400)],
      [f.competence, text(16)],
      [f.difficulty, text(4)],
      [f.type, text(32)],
    ];
  }).flat(),
);

export const QuizFormBody = formBody({
  title: text(1000),
  bank: text(12),
  shuffleQuestions: text(1),
  shuffleOptions: text(1),
  timeLimit: text(10),
  attempts: text(10),
  grading: text(16),
  passPercent: text(10),
  review: text(16),
  ...ruleProps,
});

const isFieldError = (err: unknown): err is AppError => err instanceof AppError && err.statusCode < 500 && Object.keys(err.fields).length > 0;

export async function quizAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  async function renderForm(req: FastifyRequest, reply: FastifyReply, values: QuizForm, quizId?: number, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const quiz = quizId === undefined ? undefined : await loadQuiz(db, req.actor, quizId);
    const banks = (await repo.banksInScope(db, scopePaths(req.actor, QUIZ_MANAGE))).map((b) => ({
      value: String(b.id),
      label: ctx.t('qz.bankOption', { bank: b.name, unit: b.unit_name, count: b.question_count }),
    }));
    const page = <QuizFormPage ctx={ctx} quiz={quiz} banks={banks} competences={await competenceOptions(db, ctx)} values={values} errors={error ? formErrors(ctx, error) : {}} />;
    return sendPage(reply, page, error?.statusCode ?? 200);
  }

  app.get(QUIZZES, { config: { access }, schema: { hide: true, querystring: Type.Object({ done: text(20) }) } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    const quizzes = await repo.quizzesInScope(db, scopePaths(req.actor, QUIZ_MANAGE));
    const notice = req.query.done === 'created' || req.query.done === 'saved' ? ctx.t(`qz.done.${req.query.done}`) : undefined;
    return sendPage(reply, <QuizListPage ctx={ctx} quizzes={quizzes} notice={notice} />);
  });

  app.get(`${QUIZZES}/moi`, { config: { access }, schema: { hide: true, querystring: Type.Object({ bank: Type.Optional(Type.Integer({ minimum: 1 })) }) } }, async (req, reply) =>
    renderForm(req, reply, { bank: req.query.bank ? String(req.query.bank) : undefined, grading: 'highest', review: 'after_submit', shuffleOptions: '1', shuffleQuestions: '1', passPercent: '50' }),
  );

  app.post(QUIZZES, { config: { access }, schema: { hide: true, body: QuizFormBody } }, async (req, reply) => {
    const { _csrf, ...values } = req.body as Record<string, string | undefined>;
    try {
      await createQuiz(db, req.actor!, values);
      return reply.redirect(`${QUIZZES}?done=created`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderForm(req, reply, values, undefined, err);
    }
  });

  app.get(`${QUIZZES}/:id`, { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const quiz = await loadQuiz(db, req.actor, req.params.id);
    return renderForm(req, reply, quizForm(quizValuesOf(quiz)), quiz.id);
  });

  app.post(`${QUIZZES}/:id`, { config: { access }, schema: { hide: true, params: IdParams, body: QuizFormBody } }, async (req, reply) => {
    const { _csrf, ...values } = req.body as Record<string, string | undefined>;
    try {
      await updateQuiz(db, req.actor!, req.params.id, values);
      return reply.redirect(`${QUIZZES}?done=saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderForm(req, reply, values, req.params.id, err);
    }
  });
}
