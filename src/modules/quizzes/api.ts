/**
 * JSON API of attempts (the engine the contest's client will use): start an attempt of a quiz activity,
 * read it, save one answer, submit. Only the attempt's owner sees it (404 otherwise). Responses go through
 * the schemas of schema.ts: an attempt in progress never carries the key nor the explanations.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.js';
import { t as translate } from '../../core/i18n.js';
import { ErrorResponse } from '../../core/schemas.js';
import { isFinal } from './attempt-state.js';
import { saveAnswers, startAttempt, submitAttempt, touchAttempt } from './attempt-service.js';
import { questionsFor, quizActivityAccess, reviewAllowed, reviewFor, standing } from './learner-service.js';
import { ActivityParams, AttemptSchema, IdParams, presentAttempt } from './schema.js';
import * as repo from './repository.js';

const access = 'signed-in' as const;
const tags = ['quizzes'];

export async function quizApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;
  const tr = (req: FastifyRequest) => (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);

  /** The attempt as its owner may see it now (finalized first when past its deadline). */
  async function view(req: FastifyRequest, attempt: repo.AttemptRow) {
    const t = tr(req);
    if (!isFinal(attempt.state)) return presentAttempt(attempt, { questions: await questionsFor(db, attempt.id, t) });
    const quiz = (await repo.quizById(db, attempt.quiz_id))!;
    const s = await standing(db, quiz, attempt.user_id, { type: attempt.context_type, id: attempt.context_id });
    return presentAttempt(attempt, { review: reviewAllowed(quiz, s) ? await reviewFor(db, attempt.id, t) : undefined });
  }

  async function own(req: FastifyRequest, id: number) {
    const attempt = await repo.attemptById(db, id);
    if (!attempt || attempt.user_id !== req.actor!.userId) throw notFound();
    return touchAttempt(db, attempt);
  }

  app.post(
    '/api/quiz-activities/:activityId/attempts',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Start an attempt of a course quiz activity (enrolled learners): its questions, drawn and frozen',
        params: ActivityParams,
        response: { 201: AttemptSchema, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const a = await quizActivityAccess(db, req.actor!, req.params.activityId);
      if (!a.quiz) throw notFound();
      const attempt = await startAttempt(db, a.quiz, req.actor!.userId, a.ctx);
      return reply.code(201).send(await view(req, attempt));
    },
  );

  app.get(
    '/api/quiz-attempts/:id',
    {
      config: { access },
      schema: { tags, summary: 'One of your attempts: questions while in progress; result (and review, if the quiz shows it) once final', params: IdParams, response: { 200: AttemptSchema, '4xx': ErrorResponse } },
    },
    async (req) => view(req, await own(req, req.params.id)),
  );

  app.put(
    '/api/quiz-attempts/:id/answers/:position',
    {
      config: { access },
      schema: {
        tags,
        summary: 'Save the answer to one question: the places of the chosen options as shown (empty: no answer). The same answer twice changes nothing.',
        params: Type.Object({ id: IdParams.properties.id, position: Type.Integer({ minimum: 1, maximum: 9999 }) }),
        body: Type.Object({ choices: Type.Array(Type.Integer({ minimum: 0, maximum: 99 }), { maxItems: 20 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ position: Type.Integer(), changed: Type.Boolean() }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { changed } = await saveAnswers(db, req.params.id, req.actor!.userId, [{ position: req.params.position, choices: req.body.choices.map(String) }]);
      return { position: req.params.position, changed: changed > 0 };
    },
  );

  app.post(
    '/api/quiz-attempts/:id/submit',
    {
      config: { access },
      schema: { tags, summary: 'Submit the attempt: graded on the server. A second submit returns the same result.', params: IdParams, response: { 200: AttemptSchema, '4xx': ErrorResponse } },
    },
    async (req) => view(req, await submitAttempt(db, req.params.id, req.actor!.userId)),
  );
}
