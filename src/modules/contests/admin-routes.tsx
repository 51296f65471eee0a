/**
 * Organisers' pages under /quan-tri/cuoc-thi (see ORGANISERS.md): contests, rounds, prizes (contest:manage at the
 * contest's unit), rankings, winners, certificates of merit, statistics (contest:stats, scoped to the caller's
 * units), and the public check of a giấy khen at /giay-khen/:code. Outside the caller's scope: 404.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { canAnywhere, scopePaths } from '../../core/policy.js';
import { t as translate } from '../../core/i18n.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { attachment } from '../people/xlsx-write.js';
import { normalizeCode } from '../certificates/code.js';
import { vnDate } from '../certificates/service.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { CONTEST_MANAGE, CONTEST_STATS } from './capabilities.js';
import { RANK_FIELDS, contestForm, newContestForm, prizeForm, roundForm, targetGroupField, type Form } from './admin-input.js';
import * as svc from './admin-service.js';
import * as prizes from './prizes.js';
import { contestRounds, overallRanking, parseRankingOrder, rankRound, finalEntries, unitRanking, UNIT_RANK_BASES, type UnitRankBasis } from './ranking.js';
import { contestStats, contestantBatches } from './stats.js';
import { XLSX_TYPE, statsWorkbookStream, winnerLines, winnersWorkbook, rankingLabel } from './exports.js';
import { meritPdf, meritVerifyUrl, type MeritData } from './giay-khen.js';
import { BASE, ContestFormPage, ContestListPage, ContestPage, PrizeFormPage, RoundFormPage, contestHref } from './admin-views.js';
import { MeritVerifyPage, RankingPage, StatsPage, UnitsRankingPage, WinnersPage, type RankingLine } from './admin-views-results.js';
import { roundStatus } from './service.js';

const manage = { capability: CONTEST_MANAGE } as const;
const stats = { capability: CONTEST_STATS } as const;
const PAGE_SIZE = 50;

const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const RoundParams = Type.Object({ id: Type.Integer({ minimum: 1 }), roundId: Type.Integer({ minimum: 1 }) });
const PrizeParams = Type.Object({ id: Type.Integer({ minimum: 1 }), prizeId: Type.Integer({ minimum: 1 }) });
const AwardParams = Type.Object({ id: Type.Integer({ minimum: 1 }), awardId: Type.Integer({ minimum: 1 }) });
const Done = Type.Object({ done: text(20) });

const ContestBody = formBody({
  title: text(1000),
  slug: text(200),
  unit: text(64),
  summary: text(5000),
  rules: text(40_000),
  prizesText: text(40_000),
  showScoreOnSubmit: text(1),
  registrationOpensAt: text(40),
  registrationClosesAt: text(40),
  status: text(16),
  ...Object.fromEntries(RANK_FIELDS.map((f) => [f, text(16)])),
  ...Object.fromEntries(TARGET_GROUPS.map((g) => [targetGroupField(g), text(1)])),
});
const RoundBody = formBody({ number: text(10), title: text(1000), opensAt: text(40), closesAt: text(40), quiz: text(12), attemptsAllowed: text(10), predictionQuestion: text(2000) });
const PrizeBody = formBody({ kind: text(16), ranking: text(12), name: text(1000), rankOrder: text(10), quantity: text(10), reward: text(4000) });

const isFieldError = (err: unknown): err is AppError => err instanceof AppError && err.statusCode < 500 && Object.keys(err.fields).length > 0;
const valuesOf = (body: unknown): Form => {
  const { _csrf, ...values } = body as Record<string, string | undefined>;
  return values;
};

export async function contestAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config, dialect } = app.services;

  // ---- Contests ----

  app.get(BASE, { config: { access: stats }, schema: { hide: true, querystring: Done } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    const list = await svc.contestsForAdmin(db, req.actor);
    const notice = req.query.done === 'created' ? ctx.t('ca.done.created') : undefined;
    return sendPage(reply, <ContestListPage ctx={ctx} contests={list} canCreate={canAnywhere(req.actor, CONTEST_MANAGE)} notice={notice} />);
  });

  async function unitOptions(req: FastifyRequest) {
    return (await svc.organiserUnits(db, req.actor)).map((u) => ({ value: u.code, label: u.name }));
  }

  async function renderContestForm(req: FastifyRequest, reply: FastifyReply, values: Form, contest?: svc.AdminContestRow, error?: AppError) {
    const ctx = viewCtx(req, reply);
    return sendPage(reply, <ContestFormPage ctx={ctx} contest={contest} units={await unitOptions(req)} values={values} errors={error ? formErrors(ctx, error) : {}} />, error?.statusCode ?? 200);
  }

  app.get(`${BASE}/moi`, { config: { access: manage }, schema: { hide: true } }, async (req, reply) => {
    const units = await svc.organiserUnits(db, req.actor);
    return renderContestForm(req, reply, newContestForm(units[0]?.code));
  });

  app.post(BASE, { config: { access: manage }, schema: { hide: true, body: ContestBody } }, async (req, reply) => {
    const values = valuesOf(req.body);
    try {
      const id = await svc.createContest(db, req.actor!, values);
      return reply.redirect(`${contestHref(id)}?done=created`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderContestForm(req, reply, values, undefined, err);
    }
  });

  app.get(`${BASE}/:id`, { config: { access: manage }, schema: { hide: true, params: Id, querystring: Done } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const ctx = viewCtx(req, reply);
    const done = req.query.done;
    const notice = done && /^[a-z-]+$/.test(done) ? ctx.t(`ca.done.${done}`) : undefined;
    return sendPage(
      reply,
      <ContestPage ctx={ctx} contest={contest} rounds={await svc.roundsWithQuiz(db, contest.id)} prizes={await prizes.prizesOf(db, contest.id)} notice={notice?.startsWith('ca.') ? undefined : notice} now={new Date()} />,
    );
  });

  app.get(`${BASE}/:id/sua`, { config: { access: manage }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    return renderContestForm(req, reply, contestForm(contest), contest);
  });

  app.post(`${BASE}/:id/sua`, { config: { access: manage }, schema: { hide: true, params: Id, body: ContestBody } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const values = valuesOf(req.body);
    try {
      await svc.updateContest(db, req.actor!, contest, values);
      return reply.redirect(`${contestHref(contest.id)}?done=saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderContestForm(req, reply, values, contest, err);
    }
  });

  // ---- Rounds ----

  async function renderRoundForm(req: FastifyRequest, reply: FastifyReply, contest: svc.AdminContestRow, values: Form, roundId?: number, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const quizzes = (await svc.quizChoices(db, contest)).map((q) => ({ value: String(q.id), label: ctx.t('ca.quizOption', { title: q.title, bank: q.bankName, unit: q.unitName }) }));
    return sendPage(reply, <RoundFormPage ctx={ctx} contest={contest} roundId={roundId} quizzes={quizzes} values={values} errors={error ? formErrors(ctx, error) : {}} />, error?.statusCode ?? 200);
  }

  app.get(`${BASE}/:id/vong/moi`, { config: { access: manage }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const rounds = await contestRounds(db, contest.id);
    const n = rounds.reduce((m, r) => Math.max(m, r.number), 0) + 1;
    return renderRoundForm(req, reply, contest, { number: String(n), title: translate(req.lang, 'ca.round.defaultTitle', { n }), attemptsAllowed: '1' });
  });

  app.post(`${BASE}/:id/vong`, { config: { access: manage }, schema: { hide: true, params: Id, body: RoundBody } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const values = valuesOf(req.body);
    try {
      await svc.createRound(db, req.actor!, contest, values);
      return reply.redirect(`${contestHref(contest.id)}?done=round-saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderRoundForm(req, reply, contest, values, undefined, err);
    }
  });

  app.get(`${BASE}/:id/vong/:roundId`, { config: { access: manage }, schema: { hide: true, params: RoundParams } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const round = await svc.roundOf(db, contest.id, req.params.roundId);
    return renderRoundForm(req, reply, contest, roundForm(round), round.id);
  });

  app.post(`${BASE}/:id/vong/:roundId`, { config: { access: manage }, schema: { hide: true, params: RoundParams, body: RoundBody } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    await svc.roundOf(db, contest.id, req.params.roundId);
    const values = valuesOf(req.body);
    try {
      await svc.updateRound(db, req.actor!, contest, req.params.roundId, values);
      return reply.redirect(`${contestHref(contest.id)}?done=round-saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderRoundForm(req, reply, contest, values, req.params.roundId, err);
    }
  });

  app.post(`${BASE}/:id/vong/:roundId/xoa`, { config: { access: manage }, schema: { hide: true, params: RoundParams, body: formBody({}) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    try {
      await svc.deleteRound(db, req.actor!, contest, req.params.roundId);
      return reply.redirect(`${contestHref(contest.id)}?done=round-deleted`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode !== 409) throw err;
      const ctx = viewCtx(req, reply);
      return sendPage(reply, <ContestPage ctx={ctx} contest={contest} rounds={await svc.roundsWithQuiz(db, contest.id)} prizes={await prizes.prizesOf(db, contest.id)} error={ctx.t(`error.${err.code}`)} now={new Date()} />, 409);
    }
  });

  // ---- Prizes ----

  async function renderPrizeForm(req: FastifyRequest, reply: FastifyReply, contest: svc.AdminContestRow, values: Form, prizeId?: number, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const rounds = await contestRounds(db, contest.id);
    return sendPage(reply, <PrizeFormPage ctx={ctx} contest={contest} prizeId={prizeId} rounds={rounds} values={values} errors={error ? formErrors(ctx, error) : {}} />, error?.statusCode ?? 200);
  }

  app.get(`${BASE}/:id/giai/moi`, { config: { access: manage }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    return renderPrizeForm(req, reply, contest, { kind: 'individual', ranking: 'overall', quantity: '1', rankOrder: '1' });
  });

  app.post(`${BASE}/:id/giai`, { config: { access: manage }, schema: { hide: true, params: Id, body: PrizeBody } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const values = valuesOf(req.body);
    try {
      await prizes.createPrize(db, req.actor!, contest, values);
      return reply.redirect(`${contestHref(contest.id)}?done=prize-saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderPrizeForm(req, reply, contest, values, undefined, err);
    }
  });

  app.get(`${BASE}/:id/giai/:prizeId`, { config: { access: manage }, schema: { hide: true, params: PrizeParams } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const prize = await prizes.prizeOf(db, contest.id, req.params.prizeId);
    return renderPrizeForm(req, reply, contest, prizeForm(prize), prize.id);
  });

  app.post(`${BASE}/:id/giai/:prizeId`, { config: { access: manage }, schema: { hide: true, params: PrizeParams, body: PrizeBody } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const values = valuesOf(req.body);
    try {
      await prizes.updatePrize(db, req.actor!, contest, req.params.prizeId, values);
      return reply.redirect(`${contestHref(contest.id)}?done=prize-saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderPrizeForm(req, reply, contest, values, req.params.prizeId, err);
    }
  });

  app.post(`${BASE}/:id/giai/:prizeId/xoa`, { config: { access: manage }, schema: { hide: true, params: PrizeParams, body: formBody({}) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    try {
      await prizes.deletePrize(db, req.actor!, contest, req.params.prizeId);
      return reply.redirect(`${contestHref(contest.id)}?done=prize-deleted`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode !== 409) throw err;
      const ctx = viewCtx(req, reply);
      return sendPage(reply, <ContestPage ctx={ctx} contest={contest} rounds={await svc.roundsWithQuiz(db, contest.id)} prizes={await prizes.prizesOf(db, contest.id)} error={ctx.t(`error.${err.code}`)} now={new Date()} />, 409);
    }
  });

  // ---- Rankings ----

  app.get(
    `${BASE}/:id/xep-hang`,
    { config: { access: manage }, schema: { hide: true, params: Id, querystring: Type.Object({ vong: text(12), trang: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })) }) } },
    async (req, reply) => {
      const contest = await svc.managedContest(db, req.actor, req.params.id);
      const rounds = await contestRounds(db, contest.id);
      const now = new Date();
      let selected: number | 'overall' = 'overall';
      if (req.query.vong && req.query.vong !== 'tong') {
        const round = rounds.find((r) => String(r.id) === req.query.vong);
        if (!round) throw notFound();
        selected = round.id;
      }
      const page = req.query.trang ?? 1;
      const order = parseRankingOrder(contest.ranking_order);
      let actual: number | null = null;
      let final: boolean;
      let all: Array<Omit<RankingLine, 'name' | 'unitName'> & { registrationId: number; unitId: number }>;
      if (selected === 'overall') {
        final = rounds.length > 0 && rounds.every((r) => roundStatus(r, now) === 'closed');
        all = (await overallRanking(db, contest)).map((r) => ({
          place: r.place,
          registrationId: r.registrationId,
          unitId: r.unitId,
          correct: r.correct,
          questionCount: r.questionCount,
          prediction: null,
          distance: r.predictionDistance,
          missing: r.missingPredictions,
          durationMs: r.durationMs,
          finishedAt: r.lastFinishedAt,
          rounds: r.rounds,
        }));
      } else {
        const round = rounds.find((r) => r.id === selected)!;
        final = roundStatus(round, now) === 'closed';
        const ranking = rankRound(await finalEntries(db, round.id), order);
        if (round.prediction_question !== null) actual = ranking.actual;
        all = ranking.rows.map((r) => ({
          place: r.place,
          registrationId: r.registrationId,
          unitId: r.unitId,
          correct: r.correct,
          questionCount: r.questionCount,
          prediction: r.prediction,
          distance: r.predictionDistance,
          durationMs: r.durationMs,
          finishedAt: r.finishedAt,
          attempts: r.attempts,
        }));
      }
      const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
      const slice = all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
      const people = slice.length
        ? await db
            .selectFrom('contest_registrations as r')
            .innerJoin('units as u', 'u.id', 'r.unit_id')
            .select(['r.id', 'r.full_name', 'u.name as unit_name'])
            .where('r.id', 'in', slice.map((l) => l.registrationId))
            .execute()
        : [];
      const byId = new Map(people.map((p) => [p.id, p]));
      const ctx = viewCtx(req, reply);
      const lines = slice.map((l) => ({ ...l, name: byId.get(l.registrationId)?.full_name ?? ctx.t('ca.nameRemoved'), unitName: byId.get(l.registrationId)?.unit_name ?? '' }));
      return sendPage(reply, <RankingPage ctx={ctx} contest={contest} rounds={rounds} selected={selected} final={final} actual={actual} lines={lines} total={all.length} page={page} pages={pages} />);
    },
  );

  app.get(`${BASE}/:id/xep-hang-don-vi`, { config: { access: manage }, schema: { hide: true, params: Id, querystring: Type.Object({ theo: text(20) }) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const basis = ((UNIT_RANK_BASES as readonly string[]).includes(req.query.theo ?? '') ? req.query.theo : 'contestants') as UnitRankBasis;
    return sendPage(reply, <UnitsRankingPage ctx={viewCtx(req, reply)} contest={contest} basis={basis} rows={await unitRanking(db, contest, basis)} />);
  });

  // ---- Winners ----

  const winnersUrl = (id: number) => contestHref(id, '/dat-giai');

  app.get(`${BASE}/:id/dat-giai`, { config: { access: manage }, schema: { hide: true, params: Id, querystring: Type.Object({ done: text(20), n: text(10), wait: text(10), short: text(10) }) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const ctx = viewCtx(req, reply);
    const q = req.query;
    let notice: string | undefined;
    if (q.done === 'proposed') {
      notice = ctx.t('ca.done.proposed', { n: Number(q.n ?? 0) });
      if (Number(q.wait ?? 0) > 0) notice += ' ' + ctx.t('ca.done.notFinal', { n: Number(q.wait) });
      if (Number(q.short ?? 0) > 0) notice += ' ' + ctx.t('ca.done.short', { n: Number(q.short) });
    } else if (q.done === 'confirmed') notice = ctx.t('ca.done.confirmed');
    const hasPrizes = (await prizes.prizesOf(db, contest.id)).length > 0;
    return sendPage(reply, <WinnersPage ctx={ctx} contest={contest} awards={await prizes.awardsOf(db, contest.id)} notice={notice} hasPrizes={hasPrizes} />);
  });

  app.post(`${BASE}/:id/dat-giai/de-xuat`, { config: { access: manage }, schema: { hide: true, params: Id, body: formBody({}) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const out = await prizes.proposeAwards(db, dialect, req.actor!, contest);
    return reply.redirect(`${winnersUrl(contest.id)}?done=proposed&n=${out.proposed}&wait=${out.notFinal.length}&short=${out.short.length}`, 303);
  });

  app.post(`${BASE}/:id/dat-giai/xac-nhan`, { config: { access: manage }, schema: { hide: true, params: Id, body: formBody({}) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    await prizes.confirmAllAwards(db, req.actor!, contest);
    return reply.redirect(`${winnersUrl(contest.id)}?done=confirmed`, 303);
  });

  app.post(`${BASE}/:id/dat-giai/:awardId/xac-nhan`, { config: { access: manage }, schema: { hide: true, params: AwardParams, body: formBody({}) } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    await prizes.confirmAward(db, req.actor!, contest, req.params.awardId);
    return reply.redirect(`${winnersUrl(contest.id)}?done=confirmed`, 303);
  });

  app.get(`${BASE}/:id/dat-giai.xlsx`, { config: { access: manage }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const t = (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);
    const lines = await winnerLines(db, contest, await prizes.awardsOf(db, contest.id));
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`dat-giai-${contest.slug}.xlsx`))
      .header('cache-control', 'no-store')
      .send(await winnersWorkbook(contest, lines, t));
  });

  function meritData(contest: svc.AdminContestRow, a: prizes.AwardRow): MeritData {
    const t = (key: string, params?: Record<string, string | number>) => translate('vi', key, params);
    const collective = a.prize_kind === 'collective';
    return {
      code: a.code,
      recipient: (collective ? a.unit_name : a.full_name) ?? '',
      collective,
      unitName: collective ? null : a.unit_name,
      prizeName: a.prize_name,
      contestTitle: contest.title,
      rankingTitle: a.round_id === null ? null : rankingLabel(t, a),
      organiser: contest.unit_name,
      issuedOn: vnDate(a.confirmed_at!),
      verifyUrl: meritVerifyUrl(config, a.code),
      cityName: config.cityName,
    };
  }

  const sendPdf = (reply: FastifyReply, name: string, pdf: Buffer) =>
    reply.header('content-type', 'application/pdf').header('content-disposition', attachment(name)).header('cache-control', 'no-store').send(pdf);

  app.get(`${BASE}/:id/dat-giai/giay-khen.pdf`, { config: { access: manage }, schema: { hide: true, params: Id } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const confirmed = await prizes.awardsOf(db, contest.id, { status: 'confirmed' });
    if (confirmed.length === 0) throw notFound();
    return sendPdf(reply, `giay-khen-${contest.slug}.pdf`, await meritPdf(confirmed.map((a) => meritData(contest, a)), `Giấy khen — ${contest.title}`));
  });

  app.get(`${BASE}/:id/dat-giai/:awardId/giay-khen.pdf`, { config: { access: manage }, schema: { hide: true, params: AwardParams } }, async (req, reply) => {
    const contest = await svc.managedContest(db, req.actor, req.params.id);
    const [award] = await prizes.awardsOf(db, contest.id, { status: 'confirmed', ids: [req.params.awardId] });
    if (!award) throw notFound();
    return sendPdf(reply, `giay-khen-${award.code}.pdf`, await meritPdf([meritData(contest, award)], `Giấy khen ${award.code}`));
  });

  // ---- Statistics (scoped to the caller's units) ----

  /** The caller's stats paths, or one unit of them (?don-vi=code); a unit outside them: 404. */
  async function statsScope(req: FastifyRequest, contest: svc.AdminContestRow, unitCode: string | undefined) {
    const mine = svc.canManage(req.actor, contest) ? [...new Set([...scopePaths(req.actor, CONTEST_STATS), ...scopePaths(req.actor, CONTEST_MANAGE)])] : scopePaths(req.actor, CONTEST_STATS);
    const paths = mine.filter((p, i, all) => !all.some((q, j) => j !== i && p.startsWith(q) && q !== p));
    const roots = await db.selectFrom('units').select(['code', 'name', 'path']).where('path', 'in', paths.length ? paths : ['-']).orderBy('name').execute();
    if (!unitCode) return { paths, units: roots };
    const unit = await db.selectFrom('units').select(['code', 'name', 'path']).where('code', '=', unitCode).executeTakeFirst();
    if (!unit || !paths.some((p) => unit.path.startsWith(p))) throw notFound();
    return { paths: [unit.path], units: roots.some((r) => r.code === unit.code) ? roots : [...roots, unit] };
  }

  const StatsQuery = Type.Object({ 'don-vi': text(64) });

  app.get(`${BASE}/:id/thong-ke`, { config: { access: stats }, schema: { hide: true, params: Id, querystring: StatsQuery } }, async (req, reply) => {
    const contest = await svc.statsContest(db, req.actor, req.params.id);
    const unitCode = req.query['don-vi'] || undefined;
    const { paths, units } = await statsScope(req, contest, unitCode);
    const s = await contestStats(db, dialect, contest.id, paths);
    return sendPage(reply, <StatsPage ctx={viewCtx(req, reply)} contest={contest} manage={svc.canManage(req.actor, contest)} stats={s} units={units} unitCode={unitCode} />);
  });

  app.get(`${BASE}/:id/thong-ke.xlsx`, { config: { access: stats }, schema: { hide: true, params: Id, querystring: StatsQuery } }, async (req, reply) => {
    const contest = await svc.statsContest(db, req.actor, req.params.id);
    const { paths } = await statsScope(req, contest, req.query['don-vi'] || undefined);
    const s = await contestStats(db, dialect, contest.id, paths);
    const t = (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);
    const stream = statsWorkbookStream(db, s, contestantBatches(db, contest.id, paths), t, (err) => req.log.error({ err }, 'contest stats export failed'));
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`thong-ke-${contest.slug}.xlsx`))
      .header('cache-control', 'no-store')
      .send(stream);
  });

  // ---- Public: what the QR code of a giấy khen opens ----

  app.get('/giay-khen/:code', { config: { access: 'public' }, schema: { hide: true, params: Type.Object({ code: Type.String({ maxLength: 64 }) }) } }, async (req, reply) => {
    const award = await prizes.confirmedAwardByCode(db, req.params.code);
    if (!award) throw notFound();
    if (award.code !== req.params.code && normalizeCode(req.params.code) === award.code) return reply.redirect(`/giay-khen/${award.code}`, 301);
    reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
    return sendPage(reply, <MeritVerifyPage ctx={viewCtx(req, reply)} award={award} date={vnDate(award.confirmed_at)} />);
  });
}
