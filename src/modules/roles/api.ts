/** JSON API of role grants: list in scope, grant, revoke (same rules as the pages, in service.ts). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { scopePaths } from '../../core/policy.js';
import { ErrorResponse } from '../../core/schemas.js';
import { listGrants } from './repository.js';
import { GrantBody, GrantListQuery, GrantListSchema, GrantSchema, presentGrant } from './schema.js';
import { grantRoleTo, revokeGrant } from './service.js';
import { unitByCode } from '../units/repository.js';

const access = { capability: 'role:grant' } as const;

export async function rolesApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get(
    '/api/roles',
    {
      config: { access },
      schema: {
        tags: ['roles'],
        summary: 'Role grants at units in your scope',
        querystring: GrantListQuery,
        response: { 200: GrantListSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const page = req.query.page ?? 1;
      const pageSize = req.query.pageSize ?? 50;
      const paths = scopePaths(req.actor, 'role:grant');
      const { rows, total } = await listGrants(db, { paths, role: req.query.role === undefined ? undefined : String(req.query.role), limit: pageSize, offset: (page - 1) * pageSize });
      return { items: rows.map(presentGrant), total, page, pageSize };
    },
  );

  app.post(
    '/api/roles',
    {
      config: { access },
      schema: {
        tags: ['roles'],
        summary: 'Grant a role to a person (by phone or e-mail) at a unit',
        body: GrantBody,
        response: { 201: GrantSchema, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const id = await grantRoleTo(db, req.actor, { ...req.body, role: String(req.body.role) });
      const unit = (await unitByCode(db, req.body.unitCode))!;
      const { rows } = await listGrants(db, { paths: [unit.path], id, limit: 1, offset: 0 });
      return reply.code(201).send(presentGrant(rows[0]));
    },
  );

  app.delete(
    '/api/roles/:id',
    {
      config: { access },
      schema: {
        tags: ['roles'],
        summary: 'Revoke a role grant',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      await revokeGrant(db, req.actor, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
