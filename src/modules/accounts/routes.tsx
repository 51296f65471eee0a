/** Sign-up, sign-in, sign-out, password reset and first-admin setup pages (work without JavaScript). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, safeNext, setSessionCookie, text } from '../../core/forms.js';
import { SESSION_COOKIE, createSession, destroySession, grantsOf } from '../../core/sessions.js';
import { isAdministrator, type Actor } from '../../core/policy.js';
import { normalizeEmail, cleanName } from '../../core/text.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { allUnits } from '../units/repository.js';
import { ForgotPage, ResetPage, SetupPage, SignInPage, SignUpPage } from './views.js';
import { FormError, requestPasswordReset, resetPassword, signIn, signUp } from './service.js';
import { validatePassword } from './people-input.js';
import { createCityAdmin, hasCityAdmin } from './first-admin.js';
import { consumeToken, peekToken } from './one-time-tokens.js';

export function homeFor(actor: Pick<Actor, 'grants'> & Partial<Actor>): string {
  return isAdministrator(actor) ? '/quan-tri' : '/hoc-tap';
}

const signInRateLimit = { rateLimit: { max: 20, timeWindow: 60_000 } };

export async function accountRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config, messages } = app.services;
  const selectableUnits = async () => (await allUnits(db)).filter((u) => u.depth === 1);

  async function startSession(reply: import('fastify').FastifyReply, userId: number) {
    setSessionCookie(reply, config, await createSession(db, userId, config.sessionTtlHours));
  }

  app.get('/dang-ky', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    if (req.actor) return reply.redirect('/hoc-tap');
    return sendPage(reply, <SignUpPage ctx={viewCtx(req, reply)} units={await selectableUnits()} values={{}} errors={{}} />);
  });

  app.post(
    '/dang-ky',
    {
      config: { access: 'public', ...signInRateLimit },
      schema: {
        hide: true,
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
      const b = req.body;
      try {
        const userId = await signUp(db, config, {
          ...b,
          password: b.password ?? '',
          passwordConfirm: b.passwordConfirm ?? '',
          consent: b.consent === 'yes',
        });
        await startSession(reply, userId);
        return reply.redirect('/hoc-tap', 303);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        const { password: _p, passwordConfirm: _c, _csrf, ...values } = b;
        return sendPage(
          reply,
          <SignUpPage ctx={viewCtx(req, reply)} units={await selectableUnits()} values={values} errors={err.fields} />,
          err.statusCode,
        );
      }
    },
  );

  app.get(
    '/dang-nhap',
    { config: { access: 'public' }, schema: { hide: true, querystring: Type.Object({ next: text(500), reset: text(5) }) } },
    async (req, reply) => {
      if (req.actor) return reply.redirect(safeNext(req.query.next, homeFor(req.actor)));
      const ctx = viewCtx(req, reply);
      return sendPage(
        reply,
        <SignInPage ctx={ctx} next={req.query.next} oidcName={config.oidc?.name} notice={req.query.reset ? ctx.t('signin.resetDone') : undefined} />,
      );
    },
  );

  app.post(
    '/dang-nhap',
    {
      config: { access: 'public', ...signInRateLimit },
      schema: { hide: true, body: formBody({ login: text(300), password: text(300), next: text(500) }) },
    },
    async (req, reply) => {
      const { login = '', password = '', next } = req.body;
      try {
        const user = await signIn(db, config, login, password);
        await startSession(reply, user.id);
        return reply.redirect(safeNext(next, homeFor({ grants: await grantsOf(db, user.id) })), 303);
      } catch (err) {
        if (!(err instanceof AppError) || !['SIGNIN_FAILED', 'ACCOUNT_LOCKED'].includes(err.code)) throw err;
        const ctx = viewCtx(req, reply);
        return sendPage(
          reply,
          <SignInPage ctx={ctx} login={login} next={next} oidcName={config.oidc?.name} error={ctx.t(`error.${err.code}`, err.params)} />,
          err.statusCode,
        );
      }
    },
  );

  app.post('/dang-xuat', { config: { access: 'public' }, schema: { hide: true, body: formBody({}) } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await destroySession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/', 303);
  });

  app.get('/quen-mat-khau', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <ForgotPage ctx={viewCtx(req, reply)} sent={false} />),
  );

  app.post(
    '/quen-mat-khau',
    { config: { access: 'public', ...signInRateLimit }, schema: { hide: true, body: formBody({ login: text(300) }) } },
    async (req, reply) => {
      const ctx = viewCtx(req, reply);
      await requestPasswordReset(db, config, messages, req.body.login ?? '', ctx.t);
      return sendPage(reply, <ForgotPage ctx={ctx} sent={true} />);
    },
  );

  app.get(
    '/dat-lai-mat-khau',
    { config: { access: 'public' }, schema: { hide: true, querystring: Type.Object({ token: text(200) }) } },
    async (req, reply) => {
      const token = req.query.token ?? '';
      if (!(await peekToken(db, 'password_reset', token))) throw new AppError('TOKEN_INVALID', 410);
      return sendPage(reply, <ResetPage ctx={viewCtx(req, reply)} token={token} errors={{}} />);
    },
  );

  app.post(
    '/dat-lai-mat-khau',
    {
      config: { access: 'public', ...signInRateLimit },
      schema: { hide: true, body: formBody({ token: text(200), password: text(300), passwordConfirm: text(300) }) },
    },
    async (req, reply) => {
      const { token = '', password = '', passwordConfirm = '' } = req.body;
      try {
        await resetPassword(db, token, password, passwordConfirm);
        return reply.redirect('/dang-nhap?reset=1', 303);
      } catch (err) {
        if (!(err instanceof FormError)) throw err;
        return sendPage(reply, <ResetPage ctx={viewCtx(req, reply)} token={token} errors={err.fields} />, 422);
      }
    },
  );

  app.get(
    '/thiet-lap',
    { config: { access: 'public' }, schema: { hide: true, querystring: Type.Object({ token: text(200) }) } },
    async (req, reply) => {
      const token = req.query.token ?? '';
      if ((await hasCityAdmin(db)) || !(await peekToken(db, 'setup', token))) throw new AppError('TOKEN_INVALID', 410);
      return sendPage(reply, <SetupPage ctx={viewCtx(req, reply)} token={token} values={{}} errors={{}} />);
    },
  );

  app.post(
    '/thiet-lap',
    {
      config: { access: 'public', ...signInRateLimit },
      schema: { hide: true, body: formBody({ token: text(200), fullName: text(300), email: text(300), password: text(300), passwordConfirm: text(300) }) },
    },
    async (req, reply) => {
      const { token = '', fullName = '', email = '', password = '', passwordConfirm = '' } = req.body;
      if ((await hasCityAdmin(db)) || !(await peekToken(db, 'setup', token))) throw new AppError('TOKEN_INVALID', 410);
      const errors: Record<string, string> = {};
      if (!cleanName(fullName)) errors.fullName = 'PERSON_NAME_REQUIRED';
      const normalized = normalizeEmail(email);
      if (!normalized) errors.email = 'PERSON_EMAIL_INVALID';
      const pw = validatePassword(password, passwordConfirm);
      if (pw) errors.password = pw;
      if (Object.keys(errors).length) {
        return sendPage(reply, <SetupPage ctx={viewCtx(req, reply)} token={token} values={{ fullName, email }} errors={errors} />, 422);
      }
      if (!(await consumeToken(db, 'setup', token))) throw new AppError('TOKEN_INVALID', 410);
      const userId = await createCityAdmin(db, config, { fullName: cleanName(fullName), email: normalized!, password });
      await startSession(reply, userId);
      return reply.redirect('/quan-tri', 303);
    },
  );
}
