/** JSON API of people administration: list, one person, export. Scope is enforced in SQL (service.ts). */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { audit } from '../../core/audit.js';
import { t as translate } from '../../core/i18n.js';
import { ErrorResponse } from '../../core/schemas.js';
import { eachPerson, type PeopleFilter } from './repository.js';
import { ExportQuery, PeopleQuery, PersonListSchema, PersonParams, PersonSchema } from './schema.js';
import { READ, findPeople, getPerson, resolveFilter } from './service.js';
import { XLSX_TYPE, attachment, exportStream } from './xlsx-write.js';

export const XlsxFile = Type.Unsafe<unknown>({ type: 'string', format: 'binary', description: 'An .xlsx file' });

/** The unit an export concerns, for the audit trail: the filtered unit, else the one unit of the scope. */
function unitOfScope(f: PeopleFilter): number | null {
  const path = f.unitPath ?? (f.paths.length === 1 ? f.paths[0] : undefined);
  return path ? Number(path.split('/').filter(Boolean).pop()) : null;
}

/** Today in Vietnam, "2026-11-24", for file names. */
export const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' });

export async function peopleApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;
  const access = { capability: READ };

  app.get(
    '/api/people',
    {
      config: { access },
      schema: {
        tags: ['people'],
        summary: 'People of your units (and the units below them): search, filter, page',
        querystring: PeopleQuery,
        response: { 200: PersonListSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => findPeople(db, req.actor, req.query),
  );

  app.get(
    '/api/people/export.xlsx',
    {
      config: { access },
      schema: {
        tags: ['people'],
        summary: 'The same list as an Excel file (every page), for the same filters',
        querystring: ExportQuery,
        response: { 200: XlsxFile, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const filter = await resolveFilter(db, req.actor, req.query);
      const t = (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);
      // The search text may be a phone number: the audit trail records only which filters were used.
      const used = { unit: req.query.unit, group: req.query.group || undefined, status: req.query.status || undefined, search: !!req.query.q };
      const stream = exportStream(
        eachPerson(db, filter),
        t,
        (count) => audit(db, req.actor, { action: 'people.export', unitId: unitOfScope(filter), details: { count, filters: used } }),
        (err) => req.log.error({ err }, 'people export failed'),
      );
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(`${t('people.file')}-${today()}.xlsx`))
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  app.get(
    '/api/people/:id',
    {
      config: { access },
      schema: {
        tags: ['people'],
        summary: 'One person of your scope (404 for anyone else)',
        params: PersonParams,
        response: { 200: PersonSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => getPerson(db, req.actor, req.params.id),
  );
}
