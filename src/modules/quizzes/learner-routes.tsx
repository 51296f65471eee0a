/**
 * The quiz activity for learners, /hoc-tap/quiz/:activityId (signed in, enrolled in the course):
 *   GET  …                 the quiz and the learner's attempts, or the attempt in progress as a form
 *   POST …/bat-dau         start an attempt
 *   POST …/lan/:attemptId  "Lưu" (name=luu, value=position: saves the answers on the page; the question
 *                          whose button was pressed is saved even when nothing is ticked — it clears it)
 *                          or "Nộp bài" (name=nop: the page is the whole answer; submit and grade)
 *   GET  …/lan/:attemptId  the result of a final attempt (its review when the quiz shows it)
 * Works without JavaScript: plain forms and redirects (303).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { isFinal } from './attempt-state.js';
import { saveAnswers, startAttempt, submitAttempt, touchAttempt, type Answer } from './attempt-service.js';
import { ownActivityAttempt, questionsFor, quizActivityAccess, reviewAllowed, reviewFor, standing, type QuizActivity } from './learner-service.js';
import { AttemptPage, QuizIntroPage, ResultPage } from './learner-views.js';
import { ActivityParams } from './schema.js';
import * as repo from './repository.js';

const Choice = Type.String({ maxLength: 4 });
/** The attempt form: q<position> → one place (radio) or several (checkboxes), and which button was pressed. */
export const AttemptFormBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    luu: Type.Optional(Type.String({ maxLength: 4, pattern: '^[0-9]{1,4}$' })),
    nop: Type.Optional(Type.String({ maxLength: 4 })),
  },
  { additionalProperties: false, patternProperties: { '^q[0-9]{1,4}$': Type.Union([Choice, Type.Array(Choice, { maxItems: 20 })]) } },
);

const AttemptParams = Type.Object({ activityId: ActivityParams.properties.activityId, attemptId: ActivityParams.properties.activityId });

/** The answers the form carries: q3=1, q5=0&q5=2 → positions and choices. */
function answersOf(body: Record<string, unknown>): Map<number, string[]> {
  const answers = new Map<number, string[]>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^q(\d+)$/.exec(key);
    if (!m) continue;
    answers.set(Number(m[1]), (Array.isArray(value) ? value : [value]).map(String));
  }
  return answers;
}

export async function quizLearnerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;
  const base = (activityId: number) => `/hoc-tap/quiz/${activityId}`;

  async function renderMain(req: FastifyRequest, reply: FastifyReply, a: QuizActivity, opts: { savedPosition?: number; error?: AppError } = {}) {
    const ctx = viewCtx(req, reply);
    const status = opts.error?.statusCode ?? 200;
    const error = opts.error ? ctx.t(`error.${opts.error.code}`, opts.error.params) : undefined;
    if (!a.quiz) return sendPage(reply, <QuizIntroPage ctx={ctx} a={a} error={error} />, status);
    const s = await standing(db, a.quiz, req.actor!.userId, a.ctx);
    if (s.current) {
      const questions = await questionsFor(db, s.current.id, ctx.t);
      return sendPage(reply, <AttemptPage ctx={ctx} a={a} attempt={s.current} questions={questions} savedPosition={opts.savedPosition} error={error} />, status);
    }
    return sendPage(reply, <QuizIntroPage ctx={ctx} a={a} standing={s} error={error} />, status);
  }

  async function renderResult(req: FastifyRequest, reply: FastifyReply, a: QuizActivity, attempt: repo.AttemptRow, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const s = await standing(db, a.quiz!, req.actor!.userId, a.ctx);
    const review = reviewAllowed(a.quiz!, s) ? await reviewFor(db, attempt.id, ctx.t) : undefined;
    const message = error ? ctx.t(`error.${error.code}`, error.params) : undefined;
    return sendPage(reply, <ResultPage ctx={ctx} a={a} attempt={attempt} review={review} error={message} />, error?.statusCode ?? 200);
  }

  app.get(
    '/hoc-tap/quiz/:activityId',
    { config: { access: 'signed-in' }, schema: { hide: true, params: ActivityParams, querystring: Type.Object({ luu: Type.Optional(Type.Integer({ minimum: 1, maximum: 9999 })) }) } },
    async (req, reply) => {
      const a = await quizActivityAccess(db, req.actor!, req.params.activityId);
      return renderMain(req, reply, a, { savedPosition: req.query.luu });
    },
  );

  app.post(
    '/hoc-tap/quiz/:activityId/bat-dau',
    { config: { access: 'signed-in' }, schema: { hide: true, params: ActivityParams, body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }) } },
    async (req, reply) => {
      const a = await quizActivityAccess(db, req.actor!, req.params.activityId);
      if (!a.quiz) throw new AppError('NOT_FOUND', 404);
      try {
        await startAttempt(db, a.quiz, req.actor!.userId, a.ctx);
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode !== 409) throw err;
        return renderMain(req, reply, a, { error: err });
      }
      return reply.redirect(base(a.activity.id), 303);
    },
  );

  app.post(
    '/hoc-tap/quiz/:activityId/lan/:attemptId',
    { config: { access: 'signed-in' }, schema: { hide: true, params: AttemptParams, body: AttemptFormBody } },
    async (req, reply) => {
      const a = await quizActivityAccess(db, req.actor!, req.params.activityId);
      const attempt = await ownActivityAttempt(db, a, req.actor!, req.params.attemptId);
      const body = req.body as Record<string, unknown>;
      const given = answersOf(body);
      const submit = body.nop !== undefined;
      const pressed = body.luu === undefined ? undefined : Number(body.luu);
      try {
        if (submit) {
          // The page is the whole answer: a question with nothing ticked is unanswered.
          const positions = new Set([...(await repo.answerShapes(db, attempt.id)).map((s) => s.position), ...given.keys()]);
          const answers: Answer[] = [...positions].map((position) => ({ position, choices: given.get(position) ?? [] }));
          await submitAttempt(db, attempt.id, req.actor!.userId, answers);
          return reply.redirect(`${base(a.activity.id)}/lan/${attempt.id}`, 303);
        }
        const answers: Answer[] = [...given].map(([position, choices]) => ({ position, choices }));
        if (pressed !== undefined && !given.has(pressed)) answers.push({ position: pressed, choices: [] });
        await saveAnswers(db, attempt.id, req.actor!.userId, answers);
        return reply.redirect(`${base(a.activity.id)}${pressed ? `?luu=${pressed}#q-${pressed}` : ''}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.statusCode !== 409 && err.statusCode !== 422)) throw err;
        const now = (await repo.attemptById(db, attempt.id))!;
        if (isFinal(now.state)) return renderResult(req, reply, a, now, err);
        return renderMain(req, reply, a, { error: err });
      }
    },
  );

  app.get(
    '/hoc-tap/quiz/:activityId/lan/:attemptId',
    { config: { access: 'signed-in' }, schema: { hide: true, params: AttemptParams } },
    async (req, reply) => {
      const a = await quizActivityAccess(db, req.actor!, req.params.activityId);
      const attempt = await touchAttempt(db, await ownActivityAttempt(db, a, req.actor!, req.params.attemptId));
      if (!isFinal(attempt.state)) return reply.redirect(base(a.activity.id), 303);
      return renderResult(req, reply, a, attempt);
    },
  );
}
