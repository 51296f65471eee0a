/** The roles page (works without JavaScript) and the module plugin that also mounts the JSON API. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { ROLES, isRole, scopePaths } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { unitsUnder } from '../units/repository.js';
import { treeOptions } from '../units/tree.js';
import { listGrants } from './repository.js';
import { grantRoleTo, revokeGrant } from './service.js';
import { RolesPage } from './views.js';
import { rolesApi } from './api.js';

const access = { capability: 'role:grant' } as const;
const PAGE_SIZE = 50;

async function rolesPages(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  async function render(
    req: FastifyRequest,
    reply: FastifyReply,
    opts: { role?: string; page?: number; values?: Record<string, string | undefined>; error?: AppError; notice?: string } = {},
  ) {
    const ctx = viewCtx(req, reply);
    const paths = scopePaths(req.actor, 'role:grant');
    const role = opts.role && isRole(opts.role) ? opts.role : undefined;
    const page = opts.page ?? 1;
    const { rows, total } = await listGrants(db, { paths, role, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    const isCityAdmin = !!req.actor?.grants.some((g) => g.role === 'city_admin');
    const page_ = (
      <RolesPage
        ctx={ctx}
        rows={rows}
        total={total}
        page={page}
        pageSize={PAGE_SIZE}
        roleFilter={role}
        filterRoles={[...ROLES]}
        grantableRoles={ROLES.filter((r) => r !== 'city_admin' || isCityAdmin)}
        units={treeOptions(await unitsUnder(db, paths))}
        values={opts.values ?? {}}
        errors={opts.error ? formErrors(ctx, opts.error) : {}}
        notice={opts.notice}
      />
    );
    return sendPage(reply, page_, opts.error?.statusCode ?? 200);
  }

  app.get(
    '/quan-tri/vai-tro',
    {
      config: { access },
      schema: {
        hide: true,
        querystring: Type.Object({ role: text(32), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })), granted: Type.Optional(Type.Integer()), done: text(20) }),
      },
    },
    async (req, reply) => {
      const ctx = viewCtx(req, reply);
      let notice: string | undefined;
      if (req.query.granted) {
        const paths = scopePaths(req.actor, 'role:grant');
        const [g] = (await listGrants(db, { paths, id: req.query.granted, limit: 1, offset: 0 })).rows;
        if (g) notice = ctx.t('roles.granted', { role: ctx.t(`roleName.${g.role}`), name: g.fullName });
      } else if (req.query.done === 'revoked') {
        notice = ctx.t('roles.revoked');
      }
      return render(req, reply, { role: req.query.role, page: req.query.page, notice });
    },
  );

  app.post(
    '/quan-tri/vai-tro',
    { config: { access }, schema: { hide: true, body: formBody({ login: text(300), role: text(32), unitCode: text(64) }) } },
    async (req, reply) => {
      const { _csrf, ...values } = req.body;
      try {
        const id = await grantRoleTo(db, req.actor, { login: values.login ?? '', role: values.role ?? '', unitCode: values.unitCode ?? '' });
        return reply.redirect(`/quan-tri/vai-tro?granted=${id}`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500 || Object.keys(err.fields).length === 0) throw err;
        return render(req, reply, { values, error: err });
      }
    },
  );

  app.post(
    '/quan-tri/vai-tro/:id/thu-hoi',
    { config: { access }, schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1 }) }), body: formBody({}) } },
    async (req, reply) => {
      try {
        await revokeGrant(db, req.actor, req.params.id);
        return reply.redirect('/quan-tri/vai-tro?done=revoked', 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.statusCode >= 500 || err.code === 'NOT_FOUND') throw err;
        return render(req, reply, { error: err });
      }
    },
  );
}

/** The roles module: pages and JSON API. */
export async function roleRoutes(fastify: FastifyInstance) {
  await fastify.register(rolesPages);
  await fastify.register(rolesApi);
}
