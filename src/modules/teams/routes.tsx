/**
 * Community digital technology teams (pages only; Vietnamese URLs, plain forms, 303 redirects):
 *   GET  /quan-tri/to-cong-nghe-so                          coverage by commune (a single commune: its page)
 *   POST /quan-tri/to-cong-nghe-so                          create a team for a village {village, name}
 *   GET  /quan-tri/to-cong-nghe-so/xa/:code                 one commune: villages, teams, members, below target
 *   GET  /quan-tri/to-cong-nghe-so/to/:teamId               one team: members, leader, add/remove, rename, delete
 *   POST /quan-tri/to-cong-nghe-so/to/:teamId/thanh-vien    add a member {login}
 *   POST /quan-tri/to-cong-nghe-so/to/:teamId/thanh-vien/:userId/xoa   remove a member
 *   POST /quan-tri/to-cong-nghe-so/to/:teamId/to-truong     name the leader {userId}
 *   POST /quan-tri/to-cong-nghe-so/to/:teamId/ten           rename {name}
 *   POST /quan-tri/to-cong-nghe-so/to/:teamId/xoa           delete (only without support entries)
 *   GET  /quan-tri/to-cong-nghe-so/nhat-ky                  the support log of a unit (?don-vi, tu, den, trang)
 *   GET  /quan-tri/to-cong-nghe-so/so-lieu                  the dashboard of a unit (?don-vi, tu, den)
 *   GET  /to-cong-nghe-so                                   a member's team and log (the leader: the team's log)
 *   GET  /to-cong-nghe-so/ghi-nhan                          the support form (idempotency key generated here)
 *   POST /to-cong-nghe-so/ghi-nhan                          records an entry (multipart; JSON answer for scripts)
 *   GET  /to-cong-nghe-so/anh/:entryId                      an entry's photo (recorder, leader, administrators)
 *   GET  /static/support-log.js                             the offline queue (progressive enhancement)
 */
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { clientBundle } from '../../views/client-bundle.js';
import { unitByCode, unitById, unitsUnder } from '../units/repository.js';
import { TEAM_LOG, TEAM_MANAGE } from './capabilities.js';
import { readPhoto, readSupportForm } from './photos.js';
import * as repo from './repository.js';
import {
  addMember,
  communeCoverage,
  coverageOverview,
  createTeam,
  isCommune,
  managedTeam,
  removeMember,
  removeTeam,
  renameTeam,
  setLeader,
} from './service.js';
import { PAGE_SIZE, cleanPeriod, dashboard, memberTeam, myLog, photoFor, placesFor, recordSupport, todayVn, unitLog } from './support.js';
import { ADMIN_BASE, CommunePage, OverviewPage, TeamPage, communeHref, teamHref } from './views.js';
import { DashboardPage, MEMBER_BASE, FORM_HREF, MyTeamPage, SupportFormPage, UnitLogPage, type SupportFormValues } from './support-views.js';
import './capabilities.js';

const queue = clientBundle({ 'support-log': fileURLToPath(new URL('./client/support-log.ts', import.meta.url)) });

async function scriptUrl(): Promise<string> {
  return `/static/support-log.js?v=${(await queue.assets())['support-log'].hash}`;
}

const manage = { capability: TEAM_MANAGE };
const log = { capability: TEAM_LOG };
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const TeamParams = Type.Object({ teamId: Id });
const MemberParams = Type.Object({ teamId: Id, userId: Id });
const Code = Type.String({ minLength: 1, maxLength: 40 });
const UnitQuery = Type.Object({ 'don-vi': Type.Optional(Type.String({ maxLength: 40 })), tu: text(10), den: text(10), trang: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) });

const wantsJson = (req: FastifyRequest) => /application\/json/.test(String(req.headers.accept ?? ''));

export async function teamsModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  /** Units for the log and dashboard filters: the actor's scope roots and the communes below them. */
  async function filterUnits(req: FastifyRequest) {
    const paths = scopePaths(req.actor, TEAM_MANAGE);
    return (await unitsUnder(db, paths)).filter((u) => paths.includes(u.path) || isCommune(u));
  }

  // ---- administrators ----

  app.get(ADMIN_BASE, { config: { access: manage }, schema: { hide: true } }, async (req, reply) => {
    const rows = await coverageOverview(db, req.actor);
    if (rows.length === 1) return reply.redirect(communeHref(rows[0].commune.code), 303);
    return sendPage(reply, <OverviewPage ctx={viewCtx(req, reply)} rows={rows} />);
  });

  app.get(`${ADMIN_BASE}/xa/:code`, { config: { access: manage }, schema: { hide: true, params: Type.Object({ code: Code }), querystring: Type.Object({ luu: text(4) }) } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    const cov = await communeCoverage(db, req.actor, req.params.code);
    return sendPage(reply, <CommunePage ctx={ctx} cov={cov} notice={req.query.luu ? ctx.t('teams.saved') : undefined} />);
  });

  app.post(ADMIN_BASE, { config: { access: manage }, schema: { hide: true, body: formBody({ village: text(40), name: text(300), xa: text(40) }) } }, async (req, reply) => {
    const input = { villageCode: req.body.village ?? '', name: req.body.name ?? '' };
    try {
      const id = await createTeam(db, req.actor, input);
      return reply.redirect(`${teamHref(id)}?luu=1`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || Object.keys(err.fields).length === 0) throw err;
      const village = input.villageCode ? await unitByCode(db, input.villageCode) : undefined;
      const communeCode = req.body.xa || (village?.parent_id ? (await unitById(db, village.parent_id))?.code : undefined);
      if (!communeCode) throw err;
      const ctx = viewCtx(req, reply);
      const cov = await communeCoverage(db, req.actor, communeCode);
      return sendPage(reply, <CommunePage ctx={ctx} cov={cov} errors={formErrors(ctx, err)} values={{ village: input.villageCode, name: input.name }} />, err.statusCode);
    }
  });

  async function teamPage(req: FastifyRequest, reply: FastifyReply, teamId: number, extra: { errors?: Record<string, string>; values?: Record<string, string>; notice?: string; status?: number }) {
    const team = await managedTeam(db, req.actor, teamId);
    const members = await repo.membersOf(db, team.id);
    const ctx = viewCtx(req, reply);
    return sendPage(reply, <TeamPage ctx={ctx} team={team} members={members} errors={extra.errors} values={extra.values} notice={extra.notice} />, extra.status);
  }

  app.get(`${ADMIN_BASE}/to/:teamId`, { config: { access: manage }, schema: { hide: true, params: TeamParams, querystring: Type.Object({ luu: text(4) }) } }, async (req, reply) =>
    teamPage(req, reply, req.params.teamId, { notice: req.query.luu ? viewCtx(req, reply).t('teams.saved') : undefined }),
  );

  /** Runs a team command; a refusal with fields shows the team page with the errors, anything else propagates. */
  async function teamCommand(req: FastifyRequest, reply: FastifyReply, teamId: number, values: Record<string, string>, run: () => Promise<unknown>) {
    try {
      await run();
      return reply.redirect(`${teamHref(teamId)}?luu=1`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode === 404 && Object.keys(err.fields).length === 0) throw err;
      const ctx = viewCtx(req, reply);
      return teamPage(req, reply, teamId, { errors: formErrors(ctx, err), values, status: err.statusCode });
    }
  }

  app.post(`${ADMIN_BASE}/to/:teamId/thanh-vien`, { config: { access: manage }, schema: { hide: true, params: TeamParams, body: formBody({ login: text(254) }) } }, async (req, reply) =>
    teamCommand(req, reply, req.params.teamId, { login: req.body.login ?? '' }, () => addMember(db, req.actor, req.params.teamId, req.body.login ?? '')),
  );

  app.post(`${ADMIN_BASE}/to/:teamId/thanh-vien/:userId/xoa`, { config: { access: manage }, schema: { hide: true, params: MemberParams, body: formBody({}) } }, async (req, reply) =>
    teamCommand(req, reply, req.params.teamId, {}, () => removeMember(db, req.actor, req.params.teamId, req.params.userId)),
  );

  app.post(`${ADMIN_BASE}/to/:teamId/to-truong`, { config: { access: manage }, schema: { hide: true, params: TeamParams, body: formBody({ userId: text(12) }) } }, async (req, reply) => {
    const userId = /^\d{1,10}$/.test(req.body.userId ?? '') ? Number(req.body.userId) : null;
    return teamCommand(req, reply, req.params.teamId, {}, () => setLeader(db, req.actor, req.params.teamId, userId));
  });

  app.post(`${ADMIN_BASE}/to/:teamId/ten`, { config: { access: manage }, schema: { hide: true, params: TeamParams, body: formBody({ name: text(300) }) } }, async (req, reply) =>
    teamCommand(req, reply, req.params.teamId, { name: req.body.name ?? '' }, () => renameTeam(db, req.actor, req.params.teamId, req.body.name ?? '')),
  );

  app.post(`${ADMIN_BASE}/to/:teamId/xoa`, { config: { access: manage }, schema: { hide: true, params: TeamParams, body: formBody({}) } }, async (req, reply) => {
    const team = await managedTeam(db, req.actor, req.params.teamId);
    try {
      await removeTeam(db, req.actor, team.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode === 404) throw err;
      const ctx = viewCtx(req, reply);
      return teamPage(req, reply, team.id, { errors: formErrors(ctx, err), status: err.statusCode });
    }
    return reply.redirect(`${communeHref(team.communeCode)}?luu=1`, 303);
  });

  app.get(`${ADMIN_BASE}/nhat-ky`, { config: { access: manage }, schema: { hide: true, querystring: UnitQuery } }, async (req, reply) => {
    const period = cleanPeriod(req.query);
    const page = req.query.trang ?? 1;
    const [logData, units] = await Promise.all([unitLog(db, req.actor, req.query['don-vi'] || undefined, period, page), filterUnits(req)]);
    return sendPage(reply, <UnitLogPage ctx={viewCtx(req, reply)} unit={logData.unit} units={units} period={period} rows={logData.rows} total={logData.total} page={page} pageSize={PAGE_SIZE} />);
  });

  app.get(`${ADMIN_BASE}/so-lieu`, { config: { access: manage }, schema: { hide: true, querystring: UnitQuery } }, async (req, reply) => {
    const period = cleanPeriod(req.query);
    const [d, units] = await Promise.all([dashboard(db, req.actor, req.query['don-vi'] || undefined, period), filterUnits(req)]);
    return sendPage(reply, <DashboardPage ctx={viewCtx(req, reply)} d={d} units={units} />);
  });

  // ---- members ----

  app.get(MEMBER_BASE, { config: { access: log }, schema: { hide: true, querystring: Type.Object({ 'da-ghi': text(12), trang: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) }) } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    const page = req.query.trang ?? 1;
    const script = await scriptUrl();
    const team = await repo.teamOfUser(db, req.actor!.userId);
    if (!team) return sendPage(reply, <MyTeamPage ctx={ctx} team={undefined} members={[]} leader={false} rows={[]} total={0} page={1} pageSize={PAGE_SIZE} recorded={false} script={script} />);
    const mine = await myLog(db, req.actor, page);
    return sendPage(
      reply,
      <MyTeamPage ctx={ctx} team={mine.team} members={mine.members} leader={mine.leader} rows={mine.rows} total={mine.total} page={page} pageSize={PAGE_SIZE} recorded={!!req.query['da-ghi']} script={script} />,
    );
  });

  async function formPage(req: FastifyRequest, reply: FastifyReply, values: SupportFormValues | undefined, errors?: Record<string, string>, status = 200) {
    const team = await memberTeam(db, req.actor);
    const today = todayVn();
    const v: SupportFormValues = values ?? { khoa: crypto.randomUUID(), ngay: today, noi: team.unitCode, so_nguoi: '1', so_yeu_the: '0' };
    const ctx = viewCtx(req, reply);
    const maxMb = Math.round(config.supportPhotoMaxBytes / 1048576);
    return sendPage(
      reply,
      <SupportFormPage ctx={ctx} team={team} places={await placesFor(db, team)} values={v} errors={errors} maxMb={maxMb} maxBytes={config.supportPhotoMaxBytes} today={today} script={await scriptUrl()} />,
      status,
    );
  }

  app.get(FORM_HREF, { config: { access: log }, schema: { hide: true } }, async (req, reply) => formPage(req, reply, undefined));

  // CSRF is checked by readSupportForm before the photo is read (multipart), so the global check is off here.
  app.post(FORM_HREF, { config: { access: log, csrf: false }, schema: { hide: true } }, async (req, reply) => {
    let fields: Record<string, string> = {};
    try {
      const form = await readSupportForm(app, req, reply, config.supportPhotoMaxBytes);
      if (form.kind === 'refused') return reply;
      fields = form.fields;
      const result = await recordSupport(db, config, req.actor, form.fields, form.photo);
      if (wantsJson(req)) return reply.code(200).header('cache-control', 'no-store').send({ ok: true, id: result.id, duplicate: result.duplicate });
      return reply.redirect(`${MEMBER_BASE}?da-ghi=${result.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const ctx = viewCtx(req, reply);
      if (wantsJson(req)) {
        const fieldMessages = formErrors(ctx, err);
        return reply.code(err.statusCode).send({ error: { code: err.code, message: ctx.t(`error.${err.code}`, err.params), fields: fieldMessages } });
      }
      if (Object.keys(err.fields).length === 0) throw err;
      const values: SupportFormValues = {
        khoa: fields.khoa ?? crypto.randomUUID(),
        ngay: fields.ngay ?? '',
        noi: fields.noi ?? '',
        dich_vu: fields.dich_vu,
        so_nguoi: fields.so_nguoi ?? '',
        so_yeu_the: fields.so_yeu_the ?? '',
        ghi_chu: fields.ghi_chu,
        ho_ten: fields.ho_ten,
        dien_thoai: fields.dien_thoai,
        dong_y: fields.dong_y === '1' || fields.dong_y === 'on' ? '1' : undefined,
      };
      return formPage(req, reply, values, formErrors(ctx, err), err.statusCode);
    }
  });

  app.get(`${MEMBER_BASE}/anh/:entryId`, { config: { access: 'signed-in' }, schema: { hide: true, params: Type.Object({ entryId: Id }) } }, async (req, reply) => {
    const photo = await photoFor(db, req.actor, req.params.entryId);
    const data = await readPhoto(config.dataDir, photo.key);
    if (!data) throw new AppError('NOT_FOUND', 404);
    return reply
      .header('content-type', photo.type)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, max-age=3600')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .send(data);
  });

  app.get('/static/support-log.js', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (req, reply) => queue.send(req, reply, 'support-log'));
}
