/** A person's own data: the page, the JSON download, the profile API, the deletion request and its withdrawal. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { formBody, text } from '../../core/forms.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { MeSchema, MyDataSchema, presentMe, presentMyData } from './schema.js';
import { collectPersonalData, requestDeletion, withdrawDeletion } from './service.js';
import { MyDataPage } from './views.js';
import { privacyAdminRoutes } from './admin-routes.js';

const DONE = ['requested', 'withdrawn'];

async function personalDataRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  async function render(req: FastifyRequest, reply: FastifyReply, opts: { notice?: string; errors?: Record<string, string> } = {}) {
    const data = await collectPersonalData(db, req.actor!.userId);
    const ctx = viewCtx(req, reply);
    const status = opts.errors && Object.keys(opts.errors).length ? 422 : 200;
    return sendPage(reply, <MyDataPage ctx={ctx} data={data} notice={opts.notice} errors={opts.errors ?? {}} />, status);
  }

  app.get(
    '/ca-nhan/du-lieu',
    { config: { access: 'signed-in' }, schema: { hide: true, querystring: Type.Object({ done: text(20) }) } },
    async (req, reply) => {
      const done = req.query.done && DONE.includes(req.query.done) ? req.query.done : undefined;
      return render(req, reply, { notice: done && viewCtx(req, reply).t(`privacy.done.${done}`) });
    },
  );

  app.post(
    '/ca-nhan/du-lieu/yeu-cau-xoa',
    { config: { access: 'signed-in' }, schema: { hide: true, body: formBody({ confirm: text(10) }) } },
    async (req, reply) => {
      if (req.body.confirm !== 'yes') {
        return render(req, reply, { errors: { confirm: viewCtx(req, reply).t('error.PRIVACY_CONFIRM_REQUIRED') } });
      }
      await requestDeletion(db, req.actor!);
      return reply.redirect('/ca-nhan/du-lieu?done=requested', 303);
    },
  );

  app.post('/ca-nhan/du-lieu/rut-yeu-cau', { config: { access: 'signed-in' }, schema: { hide: true, body: formBody({}) } }, async (req, reply) => {
    await withdrawDeletion(db, req.actor!);
    return reply.redirect('/ca-nhan/du-lieu?done=withdrawn', 303);
  });

  app.get(
    '/api/me',
    {
      config: { access: 'signed-in' },
      schema: { tags: ['privacy'], summary: 'My profile', response: { 200: MeSchema, '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return presentMe(await collectPersonalData(db, req.actor!.userId));
    },
  );

  app.get(
    '/api/me/data',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['privacy'],
        summary: 'Everything stored about me, as a JSON download (no password or token hashes)',
        response: { 200: MyDataSchema, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const data = presentMyData(await collectPersonalData(db, req.actor!.userId), config.privacyPolicyVersion);
      reply
        .header('cache-control', 'no-store')
        .header('content-disposition', `attachment; filename="du-lieu-ca-nhan-${data.profile.id}.json"`);
      return data;
    },
  );
}

/** The privacy module: a person's own data and the administrators' deletion requests. */
export async function privacyRoutes(fastify: FastifyInstance) {
  await fastify.register(personalDataRoutes);
  await fastify.register(privacyAdminRoutes);
}
