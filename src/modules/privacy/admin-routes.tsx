/** Deletion requests for administrators holding 'privacy:process': pending list, review, carry out. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { formBody, text } from '../../core/forms.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { carryOutDeletion, pendingInScope, pendingRequest } from './service.js';
import { DeletionRequestPage, DeletionRequestsPage } from './admin-views.js';

const access = { capability: 'privacy:process' } as const;
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export async function privacyAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get(
    '/quan-tri/yeu-cau-xoa',
    { config: { access }, schema: { hide: true, querystring: Type.Object({ done: Type.Optional(Type.Integer({ minimum: 1 })) }) } },
    async (req, reply) => {
      const ctx = viewCtx(req, reply);
      const notice = req.query.done ? ctx.t('deletion.done', { id: req.query.done }) : undefined;
      return sendPage(reply, <DeletionRequestsPage ctx={ctx} requests={await pendingInScope(db, req.actor)} notice={notice} />);
    },
  );

  app.get('/quan-tri/yeu-cau-xoa/:id', { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const request = await pendingRequest(db, req.actor, req.params.id);
    return sendPage(reply, <DeletionRequestPage ctx={viewCtx(req, reply)} request={request} errors={{}} />);
  });

  app.post(
    '/quan-tri/yeu-cau-xoa/:id',
    { config: { access }, schema: { hide: true, params: IdParams, body: formBody({ confirm: text(10) }) } },
    async (req, reply) => {
      const request = await pendingRequest(db, req.actor, req.params.id);
      if (req.body.confirm !== 'yes') {
        const ctx = viewCtx(req, reply);
        const errors = { confirm: ctx.t('error.PRIVACY_CONFIRM_REQUIRED') };
        return sendPage(reply, <DeletionRequestPage ctx={ctx} request={request} errors={errors} />, 422);
      }
      await carryOutDeletion(db, req.actor, request.id);
      return reply.redirect(`/quan-tri/yeu-cau-xoa?done=${request.id}`, 303);
    },
  );
}
