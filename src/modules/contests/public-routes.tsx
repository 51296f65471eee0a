/**
 * The contest's public pages (Vietnamese URLs; plain forms and 303 redirects, no JavaScript needed):
 *   GET  /cuoc-thi                              published contests
 *   GET  /cuoc-thi/:slug                        landing: rules, prizes, schedule, live counters, units; counts a visit
 *   GET  /cuoc-thi/:slug/dang-ky                registration form (signed in: the one-click registration)
 *   POST /cuoc-thi/:slug/dang-ky                registers a person without an account, signs them in
 *   POST /cuoc-thi/:slug/dang-ky/tai-khoan      one click: registers the signed-in account
 *   GET  /cuoc-thi/:slug/vong/:number           a round: status, the contestant's attempts and results (when shown)
 *   POST /cuoc-thi/:slug/vong/:number/vao-thi   start or resume (enterRound) → the attempt page
 *   GET  /cuoc-thi/bai-thi/:attemptId           the attempt (owner only, else 404): time left by the server's clock
 *   POST /cuoc-thi/bai-thi/:attemptId           "Lưu" (luu=position, or 0 for the whole page) or "Nộp bài" (nop)
 *   GET  /static/contest-player.js              countdown and per-answer saving through the JSON API
 *
 * The landing page is the busiest page of the platform (bursts of visitors when a round opens): for anonymous
 * visitors its HTML is rendered at most once per LANDING_TTL_MS per contest, language and text size, with a
 * placeholder where each visitor's CSRF token goes; the counters behind it are cached by the service too.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { renderToString } from 'preact-render-to-string';
import { AppError } from '../../core/errors.js';
import { formBody, setSessionCookie, text } from '../../core/forms.js';
import { createSession } from '../../core/sessions.js';
import { sendPage, viewCtx, type ViewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { clientBundle } from '../../views/client-bundle.js';
import { isFinal } from '../quizzes/attempt-state.js';
import { attemptById } from '../quizzes/repository.js';
import { FormError } from '../accounts/service.js';
import { userById } from '../accounts/repository.js';
import {
  enterRound,
  liveCounters,
  playView,
  publishedContestBySlug,
  recordVisit,
  registerAccount,
  registerNewContestant,
  registrationOf,
  registrationOpen,
  roundResultFor,
  roundStatus,
  roundsOf,
  saveContestAnswer,
  saveContestPrediction,
  submitContestAttempt,
  type ContestRow,
  type PlayView,
} from './service.js';
import { attemptPlace, listPublishedContests, registrationUnits, roundFacts } from './public-queries.js';
import { AttemptEndedPage, PlayPage, RoundPage } from './public-play-views.js';
import {
  ContestListPage,
  LandingPage,
  RegisterPage,
  attemptHref,
  contestHref,
  registrationLabels,
  roundHref,
  type Viewer,
} from './public-views.js';

const player = clientBundle({ 'contest-player': fileURLToPath(new URL('./client/contest-player.ts', import.meta.url)) });

/** The player script's URL with its content hash (cached as immutable). */
async function playerScriptUrl(): Promise<string> {
  return `/static/contest-player.js?v=${(await player.assets())['contest-player'].hash}`;
}

export const LANDING_TTL_MS = 2000;
const CSRF_PLACEHOLDER = '__KNS_CSRF_PLACEHOLDER__';

const Slug = Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9-]+$' });
const SlugParams = Type.Object({ slug: Slug });
const RoundParams = Type.Object({ slug: Slug, number: Type.Integer({ minimum: 1, maximum: 1000 }) });
const AttemptParams = Type.Object({ attemptId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const Flag = Type.Optional(Type.String({ maxLength: 2 }));

const Choice = Type.String({ maxLength: 4 });
/** The attempt form: q<position> → one place (radio) or several (checkboxes), the prediction, which button. */
const PlayFormBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    luu: Type.Optional(Type.String({ maxLength: 4, pattern: '^[0-9]{1,4}$' })),
    nop: Type.Optional(Type.String({ maxLength: 4 })),
    du_doan: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false, patternProperties: { '^q[0-9]{1,4}$': Type.Union([Choice, Type.Array(Choice, { maxItems: 20 })]) } },
);

/** The answers the form carries: q3=1, q5=0&q5=2 → positions and places; anything that is not a place is refused. */
function answersOf(body: Record<string, unknown>): Map<number, number[]> {
  const answers = new Map<number, number[]>();
  for (const [key, value] of Object.entries(body)) {
    const m = /^q(\d+)$/.exec(key);
    if (!m) continue;
    const places = (Array.isArray(value) ? value : [value]).map(String);
    if (places.some((p) => !/^\d{1,3}$/.test(p))) throw new AppError('VALIDATION', 422, { detail: key });
    answers.set(Number(m[1]), [...new Set(places.map(Number))].sort((a, b) => a - b));
  }
  return answers;
}

const sameChoices = (a: number[], b: number[]) => a.length === b.length && [...a].sort((x, y) => x - y).every((v, i) => v === [...b].sort((x, y) => x - y)[i]);

export async function contestPublicRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;
  /** Anonymous landing pages by contest, language and text size (per app instance). */
  const landingCache = new Map<string, { at: number; html: string; contestId: number }>();

  async function contestOr404(slug: string): Promise<ContestRow> {
    const contest = await publishedContestBySlug(db, slug);
    if (!contest) throw new AppError('NOT_FOUND', 404);
    return contest;
  }

  async function roundsWithStatus(contestId: number, now: Date) {
    return (await roundsOf(db, contestId)).map((r) => ({ ...r, status: roundStatus(r, now) }));
  }

  /* ---------- list and landing ---------- */

  app.get('/cuoc-thi', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <ContestListPage ctx={viewCtx(req, reply)} items={await listPublishedContests(db)} now={new Date()} />),
  );

  async function renderLanding(ctx: ViewCtx, contest: ContestRow, viewer: Viewer, notice?: string): Promise<string> {
    const now = new Date();
    const [rounds, counters] = await Promise.all([roundsWithStatus(contest.id, now), liveCounters(db, contest)]);
    return '<!doctype html>' + renderToString(<LandingPage ctx={ctx} contest={contest} rounds={rounds} counters={counters} viewer={viewer} now={now} notice={notice} />);
  }

  app.get(
    '/cuoc-thi/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams, querystring: Type.Object({ 'da-dang-ky': Flag}) } },
    async (req, reply) => {
      const { slug } = req.params;
      const canonical = req.url === contestHref(slug);
      if (!req.actor && canonical) {
        const key = `${slug}|${req.lang}|${req.largeText ? 1 : 0}`;
        let hit = landingCache.get(key);
        if (!hit || Date.now() - hit.at > LANDING_TTL_MS) {
          const contest = await contestOr404(slug);
          const ctx = { ...viewCtx(req, reply), csrfToken: CSRF_PLACEHOLDER };
          hit = { at: Date.now(), html: await renderLanding(ctx, contest, { kind: 'anonymous' }), contestId: contest.id };
          if (landingCache.size > 500) landingCache.clear();
          landingCache.set(key, hit);
        }
        recordVisit(db, hit.contestId);
        return reply
          .code(200)
          .header('content-type', 'text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(hit.html.replaceAll(CSRF_PLACEHOLDER, reply.generateCsrf()));
      }
      const contest = await contestOr404(slug);
      recordVisit(db, contest.id);
      const ctx = viewCtx(req, reply);
      let viewer: Viewer = { kind: 'anonymous' };
      if (req.actor) {
        const registered = await registrationOf(db, contest.id, req.actor.userId);
        viewer = registered ? { kind: 'registered' } : { kind: 'account', name: (await userById(db, req.actor.userId))?.full_name ?? '' };
      }
      const notice = req.query['da-dang-ky'] && viewer.kind === 'registered' ? ctx.t('cp.notice.registered') : undefined;
      return reply
        .code(200)
        .header('content-type', 'text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(await renderLanding(ctx, contest, viewer, notice));
    },
  );

  /* ---------- registration ---------- */

  async function renderRegister(req: FastifyRequest, reply: FastifyReply, contest: ContestRow, opts: { values?: Record<string, string | undefined>; errors?: Record<string, string>; status?: number } = {}) {
    const ctx = viewCtx(req, reply);
    const accountName = req.actor ? ((await userById(db, req.actor.userId))?.full_name ?? '') : undefined;
    return sendPage(
      reply,
      <RegisterPage
        ctx={ctx}
        contest={contest}
        units={accountName === undefined || opts.errors?.unitCode ? await registrationUnits(db) : []}
        values={opts.values ?? {}}
        errors={opts.errors ?? {}}
        accountName={accountName}
        closed={!registrationOpen(contest, new Date())}
      />,
      opts.status ?? 200,
    );
  }

  app.get('/cuoc-thi/:slug/dang-ky', { config: { access: 'public' }, schema: { hide: true, params: SlugParams } }, async (req, reply) => {
    const contest = await contestOr404(req.params.slug);
    if (req.actor && (await registrationOf(db, contest.id, req.actor.userId))) return reply.redirect(contestHref(contest.slug), 303);
    return renderRegister(req, reply, contest);
  });

  // Each registration hashes a password (~10 ms of a core): bounded per address, but high enough for a village
  // hall's Wi-Fi or a carrier's shared address (CGNAT) where many people register at once.
  const registrationRateLimit = { rateLimit: { max: app.services.config.contestRegistrationsPerMinute, timeWindow: 60_000 } };

  app.post(
    '/cuoc-thi/:slug/dang-ky',
    {
      config: { access: 'public', ...registrationRateLimit },
      schema: {
        hide: true,
        params: SlugParams,
        body: formBody({
          fullName: text(300),
          phone: text(40),
          idNumber: text(40),
          unitCode: text(64),
          targetGroup: text(32),
          birthYear: text(10),
          password: text(300),
          passwordConfirm: text(300),
          consent: text(10),
        }),
      },
    },
    async (req, reply) => {
      const contest = await contestOr404(req.params.slug);
      if (req.actor) return reply.redirect(`${contestHref(contest.slug)}/dang-ky`, 303);
      const b = req.body;
      try {
        const { userId } = await registerNewContestant(db, config, contest, {
          fullName: b.fullName ?? '',
          phone: b.phone ?? '',
          idNumber: b.idNumber ?? '',
          unitCode: b.unitCode ?? '',
          targetGroup: b.targetGroup ?? '',
          birthYear: b.birthYear,
          password: b.password ?? '',
          passwordConfirm: b.passwordConfirm ?? '',
          consent: b.consent === 'yes',
        });
        setSessionCookie(reply, config, await createSession(db, userId, config.sessionTtlHours));
        return reply.redirect(`${contestHref(contest.slug)}?da-dang-ky=1`, 303);
      } catch (err) {
        if (!(err instanceof FormError) && !(err instanceof AppError && (err.statusCode === 409 || err.statusCode === 422))) throw err;
        const { password: _p, passwordConfirm: _c, _csrf, ...values } = b;
        const ctx = viewCtx(req, reply);
        const labels = registrationLabels(ctx);
        // Only fields of this form; anything else (or no field at all) is said at the top.
        const errors = formErrors(ctx, err as AppError);
        const shown = Object.fromEntries(Object.entries(errors).filter(([f]) => f === '_form' || f in labels));
        if (Object.keys(shown).length === 0) shown._form = ctx.t(`error.${(err as AppError).code}`, (err as AppError).params);
        return renderRegister(req, reply, contest, { values, errors: shown, status: (err as AppError).statusCode });
      }
    },
  );

  app.post(
    '/cuoc-thi/:slug/dang-ky/tai-khoan',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: SlugParams, body: formBody({ idNumber: text(40), unitCode: text(64), targetGroup: text(32) }) },
    },
    async (req, reply) => {
      const contest = await contestOr404(req.params.slug);
      const { _csrf, ...given } = req.body;
      // Fields left empty mean "use the account's own".
      const extra = Object.fromEntries(Object.entries(given).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as typeof given;
      try {
        await registerAccount(db, contest, req.actor!.userId, extra);
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode < 400 || err.statusCode >= 500 || err.statusCode === 404) throw err;
        const ctx = viewCtx(req, reply);
        const errors = err instanceof FormError ? formErrors(ctx, err) : { _form: ctx.t(`error.${err.code}`, err.params) };
        return renderRegister(req, reply, contest, { values: given, errors, status: err.statusCode });
      }
      return reply.redirect(`${contestHref(contest.slug)}?da-dang-ky=1`, 303);
    },
  );

  /* ---------- a round ---------- */

  async function renderRound(req: FastifyRequest, reply: FastifyReply, contest: ContestRow, number: number, opts: { notice?: string; error?: AppError } = {}) {
    const now = new Date();
    const round = (await roundsOf(db, contest.id)).find((r) => r.number === number);
    if (!round) throw new AppError('NOT_FOUND', 404);
    const ctx = viewCtx(req, reply);
    const registered = req.actor ? await registrationOf(db, contest.id, req.actor.userId) : undefined;
    const result = registered ? await roundResultFor(db, contest, round, req.actor!.userId, now) : undefined;
    const error = opts.error ? ctx.t(`error.${opts.error.code}`, opts.error.params) : undefined;
    return sendPage(
      reply,
      <RoundPage ctx={ctx} contest={contest} round={round} facts={await roundFacts(db, round)} result={result} status={roundStatus(round, now)} notice={opts.notice} error={error} />,
      opts.error?.statusCode ?? 200,
    );
  }

  app.get(
    '/cuoc-thi/:slug/vong/:number',
    { config: { access: 'public' }, schema: { hide: true, params: RoundParams, querystring: Type.Object({ 'da-nop': Flag}) } },
    async (req, reply) => {
      const contest = await contestOr404(req.params.slug);
      const ctx = viewCtx(req, reply);
      return renderRound(req, reply, contest, req.params.number, { notice: req.query['da-nop'] ? ctx.t('cp.notice.submitted') : undefined });
    },
  );

  app.post(
    '/cuoc-thi/:slug/vong/:number/vao-thi',
    { config: { access: 'signed-in' }, schema: { hide: true, params: RoundParams, body: formBody({}) } },
    async (req, reply) => {
      const contest = await contestOr404(req.params.slug);
      const round = (await roundsOf(db, contest.id)).find((r) => r.number === req.params.number);
      if (!round) throw new AppError('NOT_FOUND', 404);
      try {
        const { attemptId } = await enterRound(db, contest, round, req.actor!.userId);
        return reply.redirect(attemptHref(attemptId), 303);
      } catch (err) {
        if (!(err instanceof AppError) || ![403, 409, 422].includes(err.statusCode)) throw err;
        return renderRound(req, reply, contest, round.number, { error: err });
      }
    },
  );

  /* ---------- the attempt ---------- */

  async function placeOf(view: PlayView) {
    const place = await attemptPlace(db, view.contestId, view.roundId);
    if (!place) throw new AppError('NOT_FOUND', 404);
    return place;
  }

  async function renderAttempt(
    req: FastifyRequest,
    reply: FastifyReply,
    view: PlayView,
    opts: { savedPosition?: number; error?: AppError; predictionValue?: string; predictionError?: string; status?: number } = {},
  ) {
    const ctx = viewCtx(req, reply);
    const place = await placeOf(view);
    const error = opts.error ? ctx.t(`error.${opts.error.code}`, opts.error.params) : undefined;
    const status = opts.status ?? opts.error?.statusCode ?? 200;
    if (isFinal(view.state) || view.state === 'overdue') {
      const attempt = await attemptById(db, view.attemptId);
      return sendPage(reply, <AttemptEndedPage ctx={ctx} view={view} place={place} finishReason={attempt?.finish_reason ?? null} error={error} />, status);
    }
    return sendPage(
      reply,
      <PlayPage
        ctx={ctx}
        view={view}
        place={place}
        script={await playerScriptUrl()}
        savedPosition={opts.savedPosition && opts.savedPosition > 0 ? opts.savedPosition : undefined}
        savedAll={opts.savedPosition === 0}
        predictionValue={opts.predictionValue}
        predictionError={opts.predictionError}
        error={error}
      />,
      status,
    );
  }

  app.get(
    '/cuoc-thi/bai-thi/:attemptId',
    {
      config: { access: 'signed-in' },
      schema: { hide: true, params: AttemptParams, querystring: Type.Object({ luu: Type.Optional(Type.Integer({ minimum: 0, maximum: 9999 }))}) },
    },
    async (req, reply) => {
      const view = await playView(db, req.params.attemptId, req.actor!.userId, req.lang);
      return renderAttempt(req, reply, view, { savedPosition: req.query.luu });
    },
  );

  app.post(
    '/cuoc-thi/bai-thi/:attemptId',
    { config: { access: 'signed-in' }, schema: { hide: true, params: AttemptParams, body: PlayFormBody } },
    async (req, reply) => {
      const userId = req.actor!.userId;
      const attemptId = req.params.attemptId;
      const view = await playView(db, attemptId, userId, req.lang);
      if (isFinal(view.state) || view.state === 'overdue') return renderAttempt(req, reply, view, { error: new AppError('QUIZ_TIME_UP', 409) });
      const body = req.body as Record<string, unknown>;
      const submit = body.nop !== undefined;
      const pressed = body.luu === undefined ? undefined : Number(body.luu);
      try {
        const given = answersOf(body);
        // "Nộp bài": the page is the whole answer (nothing ticked: unanswered). "Lưu": what the page carries,
        // and the question whose button was pressed even when nothing is ticked (that clears it).
        for (const q of view.questions) {
          const choices = given.get(q.position);
          const wanted = choices ?? (submit || pressed === q.position ? [] : undefined);
          if (wanted && !sameChoices(wanted, q.chosen)) await saveContestAnswer(db, attemptId, userId, q.position, wanted);
        }
        const raw = String(body.du_doan ?? '').replace(/[\s.,]/g, '');
        if (view.prediction && raw !== '') {
          if (!/^\d{1,13}$/.test(raw) || Number(raw) > 1_000_000_000_000) {
            const ctx = viewCtx(req, reply);
            const now = await playView(db, attemptId, userId, req.lang);
            return renderAttempt(req, reply, now, { predictionValue: String(body.du_doan), predictionError: ctx.t('error.CONTEST_PREDICTION_INVALID'), status: 422 });
          }
          if (Number(raw) !== view.prediction.value) await saveContestPrediction(db, attemptId, userId, Number(raw));
        }
        if (submit) {
          await submitContestAttempt(db, attemptId, userId);
          const place = await placeOf(view);
          return reply.redirect(`${roundHref(place.slug, place.roundNumber)}?da-nop=1`, 303);
        }
        return reply.redirect(`${attemptHref(attemptId)}?luu=${pressed ?? 0}${pressed ? `#q-${pressed}` : ''}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || (err.statusCode !== 409 && err.statusCode !== 422)) throw err;
        return renderAttempt(req, reply, await playView(db, attemptId, userId, req.lang), { error: err });
      }
    },
  );

  app.get('/static/contest-player.js', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (req, reply) =>
    player.send(req, reply, 'contest-player'),
  );
}
