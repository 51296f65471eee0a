/** JSON API of the unit tree. The list is public; changes need unit:manage at the parent. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { ErrorResponse } from '../../core/schemas.js';
import { allUnits, unitByCode } from './repository.js';
import { CreateUnitBody, UnitListSchema, UnitSchema, UpdateUnitBody, presentUnit } from './schema.js';
import { createUnit, editUnit, setUnitRetired } from './service.js';

export async function unitsApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  async function present(id: number) {
    const units = await allUnits(db, { includeRetired: true });
    const codes = new Map(units.map((u) => [u.id, u.code]));
    return presentUnit(units.find((u) => u.id === id)!, codes);
  }

  async function idOfCode(code: string): Promise<number> {
    const unit = await unitByCode(db, code);
    if (!unit) throw new AppError('NOT_FOUND', 404);
    return unit.id;
  }

  app.get(
    '/api/units',
    {
      config: { access: 'public' },
      schema: {
        tags: ['units'],
        summary: 'The unit tree: city, communes, villages and departments (public)',
        querystring: Type.Object({ includeRetired: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: UnitListSchema },
      },
    },
    async (req, reply) => {
      const units = await allUnits(db, { includeRetired: req.query.includeRetired === true });
      const codes = new Map(units.map((u) => [u.id, u.code]));
      reply.header('cache-control', 'public, max-age=300');
      return { city: config.cityName, units: units.map((u) => presentUnit(u, codes)) };
    },
  );

  app.post(
    '/api/units',
    {
      config: { access: { capability: 'unit:manage' } },
      schema: { tags: ['units'], summary: 'Add a unit', body: CreateUnitBody, response: { 201: UnitSchema, '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      const parentId = await idOfCode(req.body.parentCode);
      const unit = await createUnit(db, req.actor, { ...req.body, type: String(req.body.type), parentId });
      return reply.code(201).send(await present(unit.id));
    },
  );

  app.patch(
    '/api/units/:code',
    {
      config: { access: { capability: 'unit:manage' } },
      schema: {
        tags: ['units'],
        summary: 'Rename, move, set the population of, retire or restore a unit',
        params: Type.Object({ code: Type.String({ maxLength: 64 }) }),
        body: UpdateUnitBody,
        response: { 200: UnitSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => {
      const id = await idOfCode(req.params.code);
      const { retired, parentCode, ...rest } = req.body;
      const parentId = parentCode === undefined ? undefined : await idOfCode(parentCode);
      await editUnit(db, req.actor, id, { ...rest, parentId });
      if (retired !== undefined) await setUnitRetired(db, req.actor, id, retired);
      return present(id);
    },
  );
}
