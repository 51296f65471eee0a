/**
 * Sign-in through an external OpenID Connect provider (VNeID or another), when OIDC_ISSUER is set:
 *   GET  /dang-nhap/oidc           → to the provider (authorization code + PKCE, state, nonce)
 *   GET  /dang-nhap/oidc/callback  → linked identity: signed in; verified e-mail/phone of an existing
 *                                    account: linked, signed in; otherwise → complete the profile
 *   GET/POST /dang-nhap/oidc/hoan-tat → the profile form that creates the account (no password)
 * Without OIDC configuration none of these routes exist (404).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, safeNext, setSessionCookie, text } from '../../core/forms.js';
import { createSession, grantsOf } from '../../core/sessions.js';
import { formatPhone } from '../../core/text.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { allUnits } from '../units/repository.js';
import { homeFor } from './routes.js';
import { FormError } from './service.js';
import { OidcClient, type OidcPerson, type StartedFlow } from './oidc.js';
import { FLOW_COOKIE, clearFlowCookie, finishFlow, openFlow, readFlow, setFlowCookie } from './oidc-flow.js';
import { accountForIdentity, createAccountForIdentity } from './oidc-accounts.js';
import { OidcErrorPage, OidcProfilePage } from './oidc-views.js';

const STATE_TTL_MINUTES = 10;
const SIGNUP_TTL_MINUTES = 30;
const limit = (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } });

/** What the profile step needs from the provider, kept in the signup flow (see oidc-flow.ts). */
type PendingSignup = Pick<OidcPerson, 'issuer' | 'subject' | 'name' | 'email' | 'phone' | 'birthYear'> & { next?: string };

export async function oidcRoutes(fastify: FastifyInstance) {
  const { db, config } = fastify.services;
  if (!config.oidc) return;
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const providerName = config.oidc.name;
  const oidc = new OidcClient(config.oidc, config.publicUrl);
  const selectableUnits = async () => (await allUnits(db)).filter((u) => u.depth === 1);

  /** OIDC_* errors get their own page with "try again" and "use the password" links. */
  function failPage(req: FastifyRequest, reply: FastifyReply, err: unknown) {
    if (!(err instanceof AppError) || !err.code.startsWith('OIDC_')) throw err;
    const ctx = viewCtx(req, reply);
    const message = ctx.t(`error.${err.code}`, { name: providerName, ...err.params });
    return sendPage(reply, <OidcErrorPage ctx={ctx} providerName={providerName} message={message} />, err.statusCode);
  }

  async function signInAs(reply: FastifyReply, userId: number, next: string | undefined) {
    setSessionCookie(reply, config, await createSession(db, userId, config.sessionTtlHours));
    return reply.redirect(safeNext(next, homeFor({ grants: await grantsOf(db, userId) })), 302);
  }

  app.get(
    '/dang-nhap/oidc',
    { config: { access: 'public', ...limit(30) }, schema: { hide: true, querystring: Type.Object({ next: text(500) }) } },
    async (req, reply) => {
      const next = safeNext(req.query.next, '') || undefined;
      if (req.actor) return reply.redirect(safeNext(next, homeFor(req.actor)));
      try {
        let started;
        try {
          started = await oidc.start(next);
        } catch (err) {
          req.log.error({ err }, 'OIDC discovery failed');
          throw new AppError('OIDC_UNAVAILABLE', 503);
        }
        const value = await openFlow(db, 'oidc_state', started.flow, STATE_TTL_MINUTES);
        setFlowCookie(reply, config, 'oidc_state', value, STATE_TTL_MINUTES);
        return reply.redirect(started.url.href, 302);
      } catch (err) {
        return failPage(req, reply, err);
      }
    },
  );

  app.get(
    '/dang-nhap/oidc/callback',
    {
      config: { access: 'public', ...limit(30) },
      schema: {
        hide: true,
        querystring: Type.Object({ code: text(2000), state: text(500), iss: text(500), error: text(200), error_description: text(1000) }),
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[FLOW_COOKIE.oidc_state];
      clearFlowCookie(reply, 'oidc_state');
      try {
        const flow = await readFlow<StartedFlow>(db, 'oidc_state', cookie);
        // Used up before anything else: a replayed or parallel callback of the same flow gets nothing.
        if (!flow || !cookie || !(await finishFlow(db, 'oidc_state', cookie))) throw new AppError('OIDC_STATE_INVALID', 400);
        if (req.query.state !== flow.state) throw new AppError('OIDC_STATE_INVALID', 400);
        if (req.query.error) {
          req.log.info({ oidcError: req.query.error }, 'OIDC provider returned an error');
          throw new AppError('OIDC_DENIED', 400);
        }
        let person: OidcPerson;
        try {
          person = await oidc.finish(new URL(req.url, 'http://x').search, flow, req.log);
        } catch (err) {
          req.log.warn({ err }, 'OIDC callback could not be verified');
          throw new AppError('OIDC_FAILED', 400);
        }
        const userId = await accountForIdentity(db, person, providerName);
        if (userId !== undefined) return await signInAs(reply, userId, flow.next);
        const pending: PendingSignup = {
          issuer: person.issuer,
          subject: person.subject,
          name: person.name,
          email: person.email,
          phone: person.phone,
          birthYear: person.birthYear,
          next: flow.next,
        };
        const value = await openFlow(db, 'oidc_signup', pending, SIGNUP_TTL_MINUTES);
        setFlowCookie(reply, config, 'oidc_signup', value, SIGNUP_TTL_MINUTES);
        return reply.redirect('/dang-nhap/oidc/hoan-tat', 302);
      } catch (err) {
        return failPage(req, reply, err);
      }
    },
  );

  app.get('/dang-nhap/oidc/hoan-tat', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    try {
      const pending = await readFlow<PendingSignup>(db, 'oidc_signup', req.cookies[FLOW_COOKIE.oidc_signup]);
      if (!pending && req.actor) return reply.redirect(homeFor(req.actor)); // reloaded after the account was made
      if (!pending) throw new AppError('OIDC_STATE_INVALID', 400);
      const values = {
        fullName: pending.name,
        email: pending.email,
        phone: pending.phone ? formatPhone(pending.phone) : undefined,
        birthYear: pending.birthYear,
      };
      return sendPage(reply, <OidcProfilePage ctx={viewCtx(req, reply)} providerName={providerName} units={await selectableUnits()} values={values} errors={{}} />);
    } catch (err) {
      return failPage(req, reply, err);
    }
  });

  app.post(
    '/dang-nhap/oidc/hoan-tat',
    {
      config: { access: 'public', ...limit(20) },
      schema: {
        hide: true,
        body: formBody({
          fullName: text(300),
          phone: text(40),
          email: text(300),
          unitCode: text(64),
          targetGroup: text(32),
          birthYear: text(10),
          consent: text(10),
        }),
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[FLOW_COOKIE.oidc_signup];
      try {
        const pending = await readFlow<PendingSignup>(db, 'oidc_signup', cookie);
        if (!pending || !cookie) throw new AppError('OIDC_STATE_INVALID', 400);
        const { _csrf, ...values } = req.body;
        let userId: number;
        try {
          userId = await createAccountForIdentity(db, config, cookie, pending, { ...values, consent: values.consent === 'yes' });
        } catch (err) {
          if (!(err instanceof FormError)) throw err;
          const page = <OidcProfilePage ctx={viewCtx(req, reply)} providerName={providerName} units={await selectableUnits()} values={values} errors={err.fields} />;
          return sendPage(reply, page, err.statusCode);
        }
        clearFlowCookie(reply, 'oidc_signup');
        setSessionCookie(reply, config, await createSession(db, userId, config.sessionTtlHours));
        return reply.redirect(safeNext(pending.next, '/hoc-tap'), 303);
      } catch (err) {
        return failPage(req, reply, err);
      }
    },
  );
}
