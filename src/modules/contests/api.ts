/**
 * Contestants' JSON API (see README.md in this folder):
 *   GET  /api/contests/:slug                                 public: the contest, its rounds, live counters
 *   POST /api/contests/:slug/registrations                   signed in: register in one click (idempotent)
 *   POST /api/contests/:slug/rounds/:number/attempts         enter a round: 201 started, 200 resumed (the play view)
 *   GET  /api/contest-attempts/:id                           the play view (questions while in progress, never the key)
 *   PUT  /api/contest-attempts/:id/answers/:position         save one answer {choices} (same again: changed false)
 *   PUT  /api/contest-attempts/:id/prediction                save the prediction {value}
 *   POST /api/contest-attempts/:id/submit                    submit (twice: the same answer)
 *   GET  /api/contests/:slug/rounds/:number/result           your attempts of a round; correct answers only once visible
 * Rate limits: per IP (CONTEST_IP_PER_MINUTE) on every route, and per account on the signed-in ones
 * (CONTEST_ANSWERS_PER_MINUTE for answer and prediction saves, CONTEST_REQUESTS_PER_MINUTE for the others).
 * The app-wide jobs of the contest start here too: the sweeper and the visit counter's flusher.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { AppError, notFound } from '../../core/errors.js';
import { ErrorResponse, StringEnum } from '../../core/schemas.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import * as service from './service.js';
import type { ContestRow, ContestantAttemptResult, PlayView, RegistrationRow, RoundRow } from './service.js';
import { registrationOpen } from './registration.js';
import { enterRoundWithView, resultsVisible } from './play-service.js';
import * as repo from './repository.js';
import { startSweeper } from './sweeper.js';
import { startVisitFlusher } from './counters.js';
import './messages-core.js';

const tags = ['contests'];
const MAX_INT = 2_147_483_647;

const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$' }) });
const RoundParams = Type.Object({ slug: SlugParams.properties.slug, number: Type.Integer({ minimum: 1, maximum: 1000 }) });
const AttemptParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: MAX_INT }) });
const PositionParams = Type.Object({ id: AttemptParams.properties.id, position: Type.Integer({ minimum: 1, maximum: 9999 }) });

const RoundSchema = Type.Object({
  number: Type.Integer(),
  title: Type.String(),
  opensAt: Type.String({ format: 'date-time' }),
  closesAt: Type.String({ format: 'date-time' }),
  status: StringEnum(['upcoming', 'open', 'closed'] as const),
  attemptsAllowed: Type.Integer(),
  questionCount: Type.Union([Type.Integer(), Type.Null()]),
  timeLimitSeconds: Type.Union([Type.Integer(), Type.Null()]),
  predictionQuestion: Type.Union([Type.String(), Type.Null()]),
});

const CountersSchema = Type.Object({
  visits: Type.Integer(),
  registrants: Type.Integer(),
  attempts: Type.Integer(),
  units: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), registrants: Type.Integer(), rate: Type.Union([Type.Number(), Type.Null()]) })),
});

const ContestSchema = Type.Object({
  slug: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  rules: Type.String(),
  prizesText: Type.String(),
  targetGroups: Type.Array(Type.String()),
  showScoreOnSubmit: Type.Boolean(),
  registrationOpensAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  registrationClosesAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  registrationOpen: Type.Boolean(),
  rounds: Type.Array(RoundSchema),
  counters: CountersSchema,
  /** Only for a signed-in caller. */
  registered: Type.Optional(Type.Boolean()),
});

const RegistrationSchema = Type.Object({
  contestSlug: Type.String(),
  fullName: Type.String(),
  unitCode: Type.String(),
  unitName: Type.String(),
  targetGroup: Type.String(),
  hasIdNumber: Type.Boolean(),
  registeredAt: Type.String({ format: 'date-time' }),
});

const PlaySchema = Type.Object({
  attemptId: Type.Integer(),
  roundNumber: Type.Integer(),
  number: Type.Integer({ description: 'Attempt number in the round (1…attempts allowed)' }),
  state: StringEnum(['in_progress', 'overdue', 'finished', 'abandoned'] as const),
  deadlineAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  remainingMs: Type.Union([Type.Integer(), Type.Null()], { description: 'Time left by the server clock' }),
  questions: Type.Array(
    Type.Object({
      position: Type.Integer(),
      text: Type.String(),
      type: StringEnum(['single', 'multiple', 'true_false'] as const),
      options: Type.Array(Type.String(), { description: 'Option texts in the order shown; answer with their places (0-based)' }),
      chosen: Type.Array(Type.Integer()),
    }),
  ),
  prediction: Type.Union([Type.Object({ question: Type.String(), value: Type.Union([Type.Integer(), Type.Null()]) }), Type.Null()]),
});

const AttemptResultSchema = Type.Object({
  attemptId: Type.Integer(),
  number: Type.Integer(),
  state: Type.String(),
  correct: Type.Optional(Type.Integer({ description: 'Correct answers; absent while results are hidden (before the round closes, unless scores show on submit) or the attempt is not final' })),
  questionCount: Type.Integer(),
  durationMs: Type.Union([Type.Integer(), Type.Null()]),
  finishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  prediction: Type.Union([Type.Integer(), Type.Null()]),
});

const RoundResultSchema = Type.Object({
  roundNumber: Type.Integer(),
  status: StringEnum(['upcoming', 'open', 'closed'] as const),
  visible: Type.Boolean(),
  attemptsLeft: Type.Integer(),
  inProgressAttemptId: Type.Union([Type.Integer(), Type.Null()]),
  attempts: Type.Array(AttemptResultSchema),
});

const SubmitSchema = Type.Object({ attemptId: Type.Integer(), state: Type.String(), visible: Type.Boolean(), result: AttemptResultSchema });

type ContestDto = Static<typeof ContestSchema>;

/* ---------- presenters: the only way data leaves ---------- */

function presentRound(r: RoundRow, quiz: { rules: string; time_limit_seconds: number | null } | undefined, now: Date): Static<typeof RoundSchema> {
  let questionCount: number | null;
  try {
    questionCount = quiz ? (JSON.parse(quiz.rules) as Array<{ count: number }>).reduce((n, x) => n + x.count, 0) : null;
  } catch {
    questionCount = null;
  }
  return {
    number: r.number,
    title: r.title,
    opensAt: r.opens_at,
    closesAt: r.closes_at,
    status: service.roundStatus(r, now),
    attemptsAllowed: r.attempts_allowed,
    questionCount,
    timeLimitSeconds: quiz?.time_limit_seconds ?? null,
    predictionQuestion: r.prediction_question,
  };
}

function presentPlay(v: PlayView, roundNumber: number): Static<typeof PlaySchema> {
  return {
    attemptId: v.attemptId,
    roundNumber,
    number: v.number,
    state: v.state as Static<typeof PlaySchema>['state'],
    deadlineAt: v.deadlineAt,
    remainingMs: v.remainingMs,
    questions: v.questions.map((q) => ({ position: q.position, text: q.text, type: q.type, options: q.options, chosen: q.chosen })),
    prediction: v.prediction ? { question: v.prediction.question, value: v.prediction.value } : null,
  };
}

const presentResult = (a: ContestantAttemptResult): Static<typeof AttemptResultSchema> => ({
  attemptId: a.attemptId,
  number: a.number,
  state: a.state,
  ...(a.correct === null ? {} : { correct: a.correct }),
  questionCount: a.questionCount,
  durationMs: a.durationMs,
  finishedAt: a.finishedAt,
  prediction: a.prediction,
});

async function presentRegistration(db: Kysely<DB>, contest: ContestRow, r: RegistrationRow): Promise<Static<typeof RegistrationSchema>> {
  const unit = await repo.unitForContest(db, { id: r.unit_id });
  return {
    contestSlug: contest.slug,
    fullName: r.full_name,
    unitCode: unit?.code ?? '',
    unitName: unit?.name ?? '',
    targetGroup: r.target_group,
    hasIdNumber: r.id_number !== null,
    registeredAt: r.registered_at,
  };
}

/* ---------- contests and rounds, cached briefly for the start burst ---------- */

/** Contest and rounds by slug are read at most every CONTEST_CACHE_MS per instance on the contestants' routes. */
const CONTEST_CACHE_MS = 2_000;
type ContestCache = Map<string, { until: number; value: Promise<{ contest: ContestRow; rounds: RoundRow[] } | undefined> }>;
const contestCaches = new WeakMap<Kysely<DB>, ContestCache>();

/** Forgets the cached contests and rounds (tests that move a round's times; an organiser's save may call it too). */
export function clearContestCache(db: Kysely<DB>): void {
  contestCaches.get(db)?.clear();
}

export async function contestApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  async function contestAndRounds(slug: string) {
    let contestCache = contestCaches.get(db);
    if (!contestCache) contestCaches.set(db, (contestCache = new Map()));
    const cache = contestCache;
    const now = Date.now();
    let hit = contestCache.get(slug);
    if (!hit || hit.until <= now) {
      const value = (async () => {
        const contest = await service.publishedContestBySlug(db, slug);
        return contest ? { contest, rounds: await service.roundsOf(db, contest.id) } : undefined;
      })();
      hit = { until: now + CONTEST_CACHE_MS, value };
      contestCache.set(slug, hit);
      if (contestCache.size > 1000) contestCache.delete(contestCache.keys().next().value!);
      value.catch(() => cache.delete(slug));
    }
    const found = await hit.value;
    if (!found) throw notFound();
    return found;
  }
  async function contestRound(slug: string, number: number) {
    const { contest, rounds } = await contestAndRounds(slug);
    const round = rounds.find((r) => r.number === number);
    if (!round) throw notFound();
    return { contest, round, rounds };
  }
  async function roundNumberOf(roundId: number): Promise<number> {
    return (await repo.roundById(db, roundId))?.number ?? 0;
  }

  /* rate limits: per IP on every route (onRequest), per account on the signed-in ones (preHandler) */
  const perIp = { max: config.contestIpPerMinute, timeWindow: 60_000, keyGenerator: (req: FastifyRequest) => `contest-ip:${req.ip}` };
  const answerLimiter = app.createRateLimit({ max: config.contestAnswersPerMinute, timeWindow: 60_000, keyGenerator: (req) => `contest-answers:${req.actor?.userId ?? req.ip}` });
  const requestLimiter = app.createRateLimit({ max: config.contestRequestsPerMinute, timeWindow: 60_000, keyGenerator: (req) => `contest-requests:${req.actor?.userId ?? req.ip}` });
  const perAccount = (limiter: typeof answerLimiter) => async (req: FastifyRequest) => {
    const r = await limiter(req);
    if (!r.isAllowed && r.isExceeded) throw new AppError('RATE_LIMITED', 429);
  };
  const answerLimit = perAccount(answerLimiter);
  const requestLimit = perAccount(requestLimiter);
  const signedIn = { access: 'signed-in' as const, rateLimit: perIp };

  app.get(
    '/api/contests/:slug',
    {
      config: { access: 'public', rateLimit: perIp },
      schema: { tags, summary: 'A published contest: rules, rounds (status by the server clock) and live counters (cached a few seconds)', params: SlugParams, response: { 200: ContestSchema, '4xx': ErrorResponse } },
    },
    async (req): Promise<ContestDto> => {
      const now = new Date();
      const { contest, rounds } = await contestAndRounds(req.params.slug);
      const quizIds = [...new Set(rounds.map((r) => r.quiz_id))];
      const quizzes = new Map(
        quizIds.length ? (await db.selectFrom('quizzes').select(['id', 'rules', 'time_limit_seconds']).where('id', 'in', quizIds).execute()).map((q) => [q.id, q]) : [],
      );
      const counters = await service.liveCounters(db, contest);
      let targetGroups: string[];
      try {
        targetGroups = (JSON.parse(contest.target_groups) as unknown[]).map(String);
      } catch {
        targetGroups = [];
      }
      return {
        slug: contest.slug,
        title: contest.title,
        summary: contest.summary,
        rules: contest.rules,
        prizesText: contest.prizes_text,
        targetGroups,
        showScoreOnSubmit: contest.show_score_on_submit === 1,
        registrationOpensAt: contest.registration_opens_at,
        registrationClosesAt: contest.registration_closes_at,
        registrationOpen: registrationOpen(contest, now),
        rounds: rounds.map((r) => presentRound(r, quizzes.get(r.quiz_id), now)),
        counters: { visits: counters.visits, registrants: counters.registrants, attempts: counters.attempts, units: counters.units.map(({ code, name, registrants, rate }) => ({ code, name, registrants, rate })) },
        ...(req.actor ? { registered: !!(await service.registrationOf(db, contest.id, req.actor.userId)) } : {}),
      };
    },
  );

  app.post(
    '/api/contests/:slug/registrations',
    {
      config: signedIn,
      preHandler: requestLimit,
      schema: {
        tags,
        summary:
          'Register the signed-in account in one click (name, phone, unit and target group from the account; an account at a village counts for its commune). Idempotent: 201 the first time, 200 after. A person already registered with the same phone or ID number: 409 CONTEST_ALREADY_REGISTERED.',
        params: SlugParams,
        body: Type.Object(
          {
            idNumber: Type.Optional(Type.String({ maxLength: 20, description: 'CCCD (12 digits) or old ID (9 digits), optional' })),
            unitCode: Type.Optional(Type.String({ maxLength: 32, description: "Only when the account's unit is not a commune, ward, special zone or department" })),
            targetGroup: Type.Optional(Type.String({ maxLength: 32, description: "Only when the account's target group is not one the contest offers" })),
          },
          { additionalProperties: false },
        ),
        response: { 200: RegistrationSchema, 201: RegistrationSchema, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { contest } = await contestAndRounds(req.params.slug);
      const before = await service.registrationOf(db, contest.id, req.actor!.userId);
      const registration = before ?? (await service.registerAccount(db, contest, req.actor!.userId, req.body ?? {}));
      return reply.code(before ? 200 : 201).send(await presentRegistration(db, contest, registration));
    },
  );

  app.post(
    '/api/contests/:slug/rounds/:number/attempts',
    {
      config: signedIn,
      preHandler: requestLimit,
      schema: {
        tags,
        summary:
          'Enter a round (registered contestants, while it is open by the server clock): 201 with a new attempt, or 200 with the attempt in progress (any device; remainingMs is the real time left). Never the answer key.',
        params: RoundParams,
        response: { 200: PlaySchema, 201: PlaySchema, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const { contest, round } = await contestRound(req.params.slug, req.params.number);
      const now = new Date();
      const { resumed, view } = await enterRoundWithView(db, contest, round, req.actor!.userId, req.lang, now);
      return reply.code(resumed ? 200 : 201).send(presentPlay(view, round.number));
    },
  );

  app.get(
    '/api/contest-attempts/:id',
    {
      config: signedIn,
      preHandler: requestLimit,
      schema: {
        tags,
        summary: 'One of your contest attempts: questions, your choices and the time left while in progress; only the state once final (results: see the round result). Others: 404.',
        params: AttemptParams,
        response: { 200: PlaySchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const view = await service.playView(db, req.params.id, req.actor!.userId, req.lang);
      return presentPlay(view, await roundNumberOf(view.roundId));
    },
  );

  app.put(
    '/api/contest-attempts/:id/answers/:position',
    {
      config: { ...signedIn, sessionCache: true },
      preHandler: answerLimit,
      schema: {
        tags,
        summary:
          'Save one answer: the places (0-based, as shown) of the chosen options; empty clears it. The same answer again: changed false. After the time is up or the round closed: 409 QUIZ_TIME_UP and nothing is stored.',
        params: PositionParams,
        body: Type.Object({ choices: Type.Array(Type.Integer({ minimum: 0, maximum: 99 }), { maxItems: 20 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ position: Type.Integer(), changed: Type.Boolean(), remainingMs: Type.Union([Type.Integer(), Type.Null()]) }), '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { changed, remainingMs } = await service.saveContestAnswer(db, req.params.id, req.actor!.userId, req.params.position, req.body.choices);
      return { position: req.params.position, changed, remainingMs };
    },
  );

  app.put(
    '/api/contest-attempts/:id/prediction',
    {
      config: { ...signedIn, sessionCache: true },
      preHandler: answerLimit,
      schema: {
        tags,
        summary: 'Save the answer to the prediction question (how many contestants will answer everything right): a whole number ≥ 0. Same time rules as answers.',
        params: AttemptParams,
        body: Type.Object({ value: Type.Integer({ minimum: 0, maximum: 1_000_000_000_000 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ changed: Type.Boolean() }), '4xx': ErrorResponse },
      },
    },
    async (req) => service.saveContestPrediction(db, req.params.id, req.actor!.userId, req.body.value),
  );

  app.post(
    '/api/contest-attempts/:id/submit',
    {
      config: { ...signedIn, sessionCache: true },
      preHandler: requestLimit,
      schema: {
        tags,
        summary: 'Submit the attempt (graded on the server). A second submit answers the same. The number of correct answers is null until the round closes, unless the contest shows scores on submit.',
        params: AttemptParams,
        response: { 200: SubmitSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const userId = req.actor!.userId;
      const { attemptId, roundId, state } = await service.submitContestAttempt(db, req.params.id, userId);
      const round = await repo.roundById(db, roundId);
      const contest = round && (await repo.contestById(db, round.contest_id));
      if (!round || !contest) throw notFound();
      const result = await service.roundResultFor(db, contest, round, userId);
      const mine = result.attempts.find((a) => a.attemptId === attemptId)!;
      return { attemptId, state, visible: result.visible, result: presentResult(mine) };
    },
  );

  app.get(
    '/api/contests/:slug/rounds/:number/result',
    {
      config: signedIn,
      preHandler: requestLimit,
      schema: {
        tags,
        summary: 'Your attempts of a round: state, time taken, prediction; the number of correct answers once results are visible (the round closed, or the contest shows scores on submit).',
        params: RoundParams,
        response: { 200: RoundResultSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const { contest, round } = await contestRound(req.params.slug, req.params.number);
      const r = await service.roundResultFor(db, contest, round, req.actor!.userId);
      return {
        roundNumber: round.number,
        status: r.status,
        visible: r.visible && resultsVisible(contest, round),
        attemptsLeft: r.attemptsLeft,
        inProgressAttemptId: r.inProgressAttemptId,
        attempts: r.attempts.map(presentResult),
      };
    },
  );

  /* app-wide jobs */
  let sweeper: { stop(): Promise<void> } | undefined;
  let flusher: { stop(): Promise<void> } | undefined;
  app.addHook('onReady', async () => {
    sweeper = startSweeper(db, config.contestSweepSeconds, app.log);
    flusher = startVisitFlusher(db, app.log);
  });
  app.addHook('onClose', async () => {
    await sweeper?.stop();
    await flusher?.stop();
  });
}
