/**
 * Digital ambassadors: the mentor's pages under /dai-su-so, the invitation link /loi-moi/:token (sign in or sign up,
 * then accept), the unit/city network under /quan-tri/dai-su-so, and the JSON API under /api/ambassadors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, setSessionCookie, text } from '../../core/forms.js';
import { createSession } from '../../core/sessions.js';
import { registerHomeLink } from '../../core/home-links.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { allUnits } from '../units/repository.js';
import { FormError, signUp } from '../accounts/service.js';
import { AMBASSADOR_MANAGE } from './capabilities.js';
import { IdParams, MenteeDetailSchema, MenteeParams, MentorDashboardSchema, NetworkSchema, TokenParams } from './schema.js';
import {
  acceptInvitation,
  createInvitation,
  designateMentor,
  invitationLink,
  isActiveMentor,
  lookupInvitation,
  menteeDetail,
  mentorDashboard,
  networkView,
  ownInvitation,
  qrDataUrl,
  retireMentor,
  revokeOwnInvitation,
  stateError,
} from './service.js';
import { InvitationPage, InvitationQrPage, InvitationSignUpPage, MenteePage, MentorPage, NetworkPage } from './views.js';

const manage = { capability: AMBASSADOR_MANAGE };
const tags = ['ambassadors'];
const flag = Type.Optional(Type.Literal('1'));
const signUpRateLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

// Mentors are not administrators: their page is offered on the learner home.
registerHomeLink(async (db, actor) => ((await isActiveMentor(db, actor)) ? { href: '/dai-su-so', title: 'amb.home.title', text: 'amb.home.text' } : undefined));

export async function ambassadorsModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  // ---- the mentor ----

  app.get('/dai-su-so', { config: { access: 'signed-in' }, schema: { hide: true, querystring: Type.Object({ huy: flag }) } }, async (req, reply) => {
    const ctx = viewCtx(req, reply);
    const dash = await mentorDashboard(db, req.actor);
    return sendPage(reply, <MentorPage ctx={ctx} dash={dash} notice={req.query.huy ? ctx.t('amb.qr.revoked') : undefined} />);
  });

  app.post('/dai-su-so/loi-moi', { config: { access: 'signed-in' }, schema: { hide: true, body: formBody({}) } }, async (req, reply) => {
    const { id } = await createInvitation(db, req.actor);
    return reply.redirect(`/dai-su-so/ma-moi/${id}?moi=1`, 303);
  });

  app.get(
    '/dai-su-so/ma-moi/:id',
    { config: { access: 'signed-in' }, schema: { hide: true, params: IdParams, querystring: Type.Object({ moi: flag }) } },
    async (req, reply) => {
      const inv = await ownInvitation(db, req.actor, req.params.id);
      const link = invitationLink(config.publicUrl, inv.token);
      const usable = !inv.usedAt && !inv.revokedAt && inv.expiresAt > new Date().toISOString();
      return sendPage(
        reply,
        <InvitationQrPage
          ctx={viewCtx(req, reply)}
          id={inv.id}
          link={link}
          qr={usable ? await qrDataUrl(link) : ''}
          expiresAt={inv.expiresAt}
          usable={usable}
          fresh={req.query.moi === '1'}
        />,
      );
    },
  );

  app.post('/dai-su-so/ma-moi/:id/huy', { config: { access: 'signed-in' }, schema: { hide: true, params: IdParams, body: formBody({}) } }, async (req, reply) => {
    await revokeOwnInvitation(db, req.actor, req.params.id);
    return reply.redirect('/dai-su-so?huy=1', 303);
  });

  app.get('/dai-su-so/hoc-vien/:userId', { config: { access: 'signed-in' }, schema: { hide: true, params: MenteeParams } }, async (req, reply) =>
    sendPage(reply, <MenteePage ctx={viewCtx(req, reply)} detail={await menteeDetail(db, req.actor, req.params.userId)} />),
  );

  // ---- the invitation link ----

  async function invitationOr404(req: FastifyRequest, token: string) {
    const found = await lookupInvitation(db, req.actor, token);
    if (!found) throw new AppError('INVITATION_NOT_FOUND', 404);
    return found;
  }

  app.get('/loi-moi/:token', { config: { access: 'public' }, schema: { hide: true, params: TokenParams } }, async (req, reply) => {
    const found = await invitationOr404(req, req.params.token);
    const status = found.state === 'expired' || found.state === 'used' || found.state === 'revoked' ? stateError(found.state)!.statusCode : 200;
    return sendPage(reply, <InvitationPage ctx={viewCtx(req, reply)} token={req.params.token} lookup={found} />, status);
  });

  app.post('/loi-moi/:token', { config: { access: 'signed-in' }, schema: { hide: true, params: TokenParams, body: formBody({}) } }, async (req, reply) => {
    try {
      await acceptInvitation(db, req.actor!, req.params.token);
      return reply.redirect(`/loi-moi/${encodeURIComponent(req.params.token)}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || !err.code.startsWith('INVITATION_') || err.code === 'INVITATION_NOT_FOUND') throw err;
      const found = await invitationOr404(req, req.params.token);
      const ctx = viewCtx(req, reply);
      return sendPage(reply, <InvitationPage ctx={ctx} token={req.params.token} lookup={found} error={ctx.t(`error.${err.code}`)} />, err.statusCode);
    }
  });

  const selectableUnits = async () => (await allUnits(db)).filter((u) => u.depth === 1);

  app.get('/loi-moi/:token/dang-ky', { config: { access: 'public' }, schema: { hide: true, params: TokenParams } }, async (req, reply) => {
    const token = req.params.token;
    await invitationOr404(req, token);
    if (req.actor) return reply.redirect(`/loi-moi/${encodeURIComponent(token)}`);
    return sendPage(reply, <InvitationSignUpPage ctx={viewCtx(req, reply)} token={token} units={await selectableUnits()} values={{}} errors={{}} />);
  });

  app.post(
    '/loi-moi/:token/dang-ky',
    {
      config: { access: 'public', ...signUpRateLimit },
      schema: {
        hide: true,
        params: TokenParams,
        body: formBody({
          fullName: text(300),
          phone: text(40),
          email: text(300),
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
      const token = req.params.token;
      await invitationOr404(req, token);
      const b = req.body;
      try {
        const userId = await signUp(db, config, { ...b, password: b.password ?? '', passwordConfirm: b.passwordConfirm ?? '', consent: b.consent === 'yes' });
        setSessionCookie(reply, config, await createSession(db, userId, config.sessionTtlHours));
        return reply.redirect(`/loi-moi/${encodeURIComponent(token)}`, 303);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        const { password: _p, passwordConfirm: _c, _csrf, ...values } = b;
        return sendPage(
          reply,
          <InvitationSignUpPage ctx={viewCtx(req, reply)} token={token} units={await selectableUnits()} values={values} errors={err.fields} />,
          err.statusCode,
        );
      }
    },
  );

  // ---- the unit / city network ----

  async function networkPage(req: FastifyRequest, reply: FastifyReply, opts: { login?: string; error?: AppError; notice?: string } = {}) {
    const ctx = viewCtx(req, reply);
    const view = await networkView(db, req.actor);
    return sendPage(
      reply,
      <NetworkPage ctx={ctx} view={view} values={{ login: opts.login }} errors={opts.error ? formErrors(ctx, opts.error) : {}} notice={opts.notice} />,
      opts.error?.statusCode ?? 200,
    );
  }

  app.get(
    '/quan-tri/dai-su-so',
    { config: { access: manage }, schema: { hide: true, querystring: Type.Object({ ok: Type.Optional(Type.Union([Type.Literal('chi-dinh'), Type.Literal('thoi')])) }) } },
    async (req, reply) => {
      const ctx = viewCtx(req, reply);
      const notice = req.query.ok === 'chi-dinh' ? ctx.t('amb.net.designated') : req.query.ok === 'thoi' ? ctx.t('amb.net.retired') : undefined;
      return networkPage(req, reply, { notice });
    },
  );

  app.post('/quan-tri/dai-su-so', { config: { access: manage }, schema: { hide: true, body: formBody({ login: text(300) }) } }, async (req, reply) => {
    const login = req.body.login ?? '';
    try {
      await designateMentor(db, req.actor!, login);
      return reply.redirect('/quan-tri/dai-su-so?ok=chi-dinh', 303);
    } catch (err) {
      if (!(err instanceof AppError) || Object.keys(err.fields).length === 0) throw err;
      return networkPage(req, reply, { login, error: err });
    }
  });

  app.post('/quan-tri/dai-su-so/:id/thoi', { config: { access: manage }, schema: { hide: true, params: IdParams, body: formBody({}) } }, async (req, reply) => {
    await retireMentor(db, req.actor!, req.params.id);
    return reply.redirect('/quan-tri/dai-su-so?ok=thoi', 303);
  });

  // ---- JSON API ----

  app.get(
    '/api/ambassadors/network',
    {
      config: { access: manage },
      schema: { tags, summary: 'The digital ambassadors of your scope: mentees against the target, completion, who is below target', response: { 200: NetworkSchema, '4xx': ErrorResponse } },
    },
    async (req) => networkView(db, req.actor),
  );

  app.get(
    '/api/ambassadors/me',
    {
      config: { access: 'signed-in' },
      schema: { tags, summary: 'Your mentees (you must be a digital ambassador) and your open invitations', response: { 200: MentorDashboardSchema, '4xx': ErrorResponse } },
    },
    async (req) => mentorDashboard(db, req.actor),
  );

  app.get(
    '/api/ambassadors/mentees/:userId',
    {
      config: { access: 'signed-in' },
      schema: {
        tags,
        summary: 'The course progress of one of your mentees (anyone else: 404)',
        params: MenteeParams,
        response: { 200: MenteeDetailSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => menteeDetail(db, req.actor, req.params.userId),
  );
}
