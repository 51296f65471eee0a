/** The movement's home page, the learner home, the administrator home, preferences, health checks. */
import fs from 'node:fs';
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ping } from '../../db/database.js';
import { formBody, safeNext, text } from '../../core/forms.js';
import { isAdministrator, scopePaths } from '../../core/policy.js';
import { notFound } from '../../core/errors.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { allUnits, unitsUnder } from '../units/repository.js';
import { COMMUNE_TYPES, type UnitType } from '../units/types.js';
import '../people/capabilities.js';
import { AdminHome, HomePage, PolicyPage } from './views.js';

const css = fs.readFileSync(new URL('../../views/static/site.css', import.meta.url));
const cssEtag = '"' + crypto.createHash('sha1').update(css).digest('hex').slice(0, 16) + '"';

export async function pageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get('/healthz', { config: { access: 'public', rateLimit: false }, schema: { tags: ['ops'], response: { 200: Type.Object({ status: Type.Literal('ok') }) } } }, async () => ({
    status: 'ok' as const,
  }));

  app.get(
    '/readyz',
    {
      config: { access: 'public', rateLimit: false },
      schema: { tags: ['ops'], response: { 200: Type.Object({ status: Type.String() }), 503: Type.Object({ status: Type.String() }) } },
    },
    async (req, reply) => {
      try {
        await ping(db);
        return { status: 'ready' };
      } catch (err) {
        req.log.warn({ err }, 'database not reachable');
        return reply.code(503).send({ status: 'database unreachable' });
      }
    },
  );

  app.get('/static/site.css', { config: { access: 'public', rateLimit: false }, schema: { hide: true } }, async (req, reply) => {
    reply.header('cache-control', 'public, max-age=3600').header('etag', cssEtag);
    if (req.headers['if-none-match'] === cssEtag) return reply.code(304).send();
    return reply.type('text/css; charset=utf-8').send(css);
  });

  app.get('/', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) => {
    const units = await allUnits(db);
    const learners = await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return sendPage(
      reply,
      <HomePage
        ctx={viewCtx(req, reply)}
        communes={units.filter((u) => COMMUNE_TYPES.includes(u.type as UnitType)).length}
        departments={units.filter((u) => u.type === 'so_nganh').length}
        learners={Number(learners.n)}
      />,
    );
  });

  // /hoc-tap (the learner home with the learner's courses) is served by the courses module.

  // Every administrator (people, units, courses, contests…) starts here; the cards follow the capabilities held.
  app.get('/quan-tri', { config: { access: 'signed-in' }, schema: { hide: true } }, async (req, reply) => {
    if (!isAdministrator(req.actor)) throw notFound();
    const grantPaths = [...new Set(req.actor!.grants.map((g) => g.unitPath))];
    const scopeUnits = (await unitsUnder(db, grantPaths)).filter((u) => grantPaths.includes(u.path));
    const paths = scopePaths(req.actor, 'people:read');
    const people = paths.length
      ? await db
          .selectFrom('users')
          .innerJoin('units', 'units.id', 'users.unit_id')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('users.status', '=', 'active')
          .where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`))))
          .executeTakeFirstOrThrow()
      : null;
    return sendPage(reply, <AdminHome ctx={viewCtx(req, reply)} scope={scopeUnits.map((u) => u.name)} people={people ? Number(people.n) : null} />);
  });

  app.get('/chinh-sach-du-lieu', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <PolicyPage ctx={viewCtx(req, reply)} version={app.services.config.privacyPolicyVersion} />),
  );

  app.post(
    '/tuy-chon/co-chu',
    { config: { access: 'public' }, schema: { hide: true, body: formBody({ size: text(10), next: text(500) }) } },
    async (req, reply) => {
      const large = req.body.size === 'large';
      reply.setCookie('text', large ? 'large' : 'normal', { path: '/', sameSite: 'lax', maxAge: 365 * 86400, httpOnly: true });
      return reply.redirect(safeNext(req.body.next, '/'), 303);
    },
  );
}
