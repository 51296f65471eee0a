/**
 * The Excel import: the page, the upload (HTML form and JSON API), the template and the error report.
 * Uploads set `csrf: false` and check the token themselves before reading the file: see upload.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { t as translate } from '../../core/i18n.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { IMPORT, importPeople, importableUnits, type ImportOutcome } from './import-service.js';
import { loadReport } from './import-repository.js';
import { ImportPage, type ImportView } from './import-views.js';
import { readUpload } from './upload.js';
import { SheetError } from './xlsx-read.js';
import { XLSX_TYPE, attachment, columnLabel, issueMessage, reportWorkbook, templateWorkbook } from './xlsx-write.js';
import { XlsxFile } from './api.js';

type Attempt = { refused: true } | { refused: false; outcome?: ImportOutcome; error?: { code: string; message: string; status: number } };

const ImportIssueSchema = Type.Object({
  row: Type.Integer(),
  column: Type.Optional(Type.String()),
  field: Type.Optional(Type.String()),
  code: Type.String(),
  message: Type.String(),
});

export async function importRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;
  const access = { capability: IMPORT };
  const tr = (req: FastifyRequest) => (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);
  const locale = (req: FastifyRequest) => (req.lang === 'vi' ? 'vi-VN' : 'en-GB');

  /** Reads the upload and imports it; every refusal becomes a code and a message in the caller's language. */
  async function attempt(req: FastifyRequest, reply: FastifyReply): Promise<Attempt> {
    const upload = await readUpload(app, req, reply);
    if (upload.kind === 'refused') return { refused: true };
    const t = tr(req);
    if (upload.kind === 'none') return { refused: false, error: { code: 'IMPORT_NO_FILE', message: t('error.IMPORT_NO_FILE'), status: 422 } };
    try {
      return { refused: false, outcome: await importPeople(db, config, req.actor!, upload) };
    } catch (err) {
      if (err instanceof SheetError) return { refused: false, error: { code: err.code, message: err.describe(t, locale(req)), status: 422 } };
      if (err instanceof AppError && err.code === 'IMPORT_CONFLICT') {
        return { refused: false, error: { code: err.code, message: t('error.IMPORT_CONFLICT'), status: 409 } };
      }
      throw err;
    }
  }

  const page = (req: FastifyRequest, reply: FastifyReply, view: ImportView, status = 200) =>
    sendPage(reply, <ImportPage ctx={viewCtx(req, reply)} maxRows={config.importMaxRows} view={view} />, status);

  app.get('/quan-tri/nguoi-dung/nhap', { config: { access }, schema: { hide: true } }, async (req, reply) => page(req, reply, {}));

  app.post('/quan-tri/nguoi-dung/nhap', { config: { access, csrf: false }, schema: { hide: true } }, async (req, reply) => {
    const result = await attempt(req, reply);
    if (result.refused) return reply;
    if (result.error) return page(req, reply, { fileError: result.error.message }, result.error.status);
    const outcome = result.outcome!;
    if (outcome.ok) return page(req, reply, { imported: outcome.imported, ignoredColumns: outcome.ignoredColumns });
    return page(req, reply, { failure: outcome, ignoredColumns: outcome.ignoredColumns }, 422);
  });

  app.post(
    '/api/people/import',
    {
      config: { access, csrf: false },
      schema: {
        tags: ['people'],
        summary: 'Import people from an .xlsx file (multipart field "file", token in the x-csrf-token header): all rows or none',
        response: {
          201: Type.Object({ imported: Type.Integer(), ignoredColumns: Type.Array(Type.String()) }),
          422: Type.Object({
            error: Type.Object({ code: Type.String(), message: Type.String() }),
            issues: Type.Optional(Type.Array(ImportIssueSchema)),
            reportUrl: Type.Optional(Type.String()),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const result = await attempt(req, reply);
      if (result.refused) return reply;
      if (result.error) return reply.code(result.error.status).send({ error: { code: result.error.code, message: result.error.message } });
      const outcome = result.outcome!;
      if (outcome.ok) return reply.code(201).send({ imported: outcome.imported, ignoredColumns: outcome.ignoredColumns });
      const t = tr(req);
      return reply.code(422).send({
        error: {
          code: 'IMPORT_ROWS_INVALID',
          message: t('error.IMPORT_ROWS_INVALID', { count: outcome.issueCount.toLocaleString(locale(req)), rows: outcome.badRows.toLocaleString(locale(req)) }),
        },
        issues: outcome.issues.map((i) => ({ ...i, column: columnLabel(i, t), message: issueMessage(i, t) })),
        reportUrl: `/quan-tri/nguoi-dung/nhap/bao-cao/${outcome.reportId}`,
      });
    },
  );

  app.get(
    '/quan-tri/nguoi-dung/mau-nhap.xlsx',
    { config: { access }, schema: { tags: ['people'], summary: 'The import template, with the unit codes of your scope', response: { 200: XlsxFile } } },
    async (req, reply) => {
      const t = tr(req);
      const file = await templateWorkbook(await importableUnits(db, req.actor), t);
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(t('import.templateFile'))).header('cache-control', 'no-store').send(file);
    },
  );

  app.get(
    '/quan-tri/nguoi-dung/nhap/bao-cao/:id',
    {
      config: { access },
      schema: {
        tags: ['people'],
        summary: 'The error report of a refused import (its importer only, for 24 hours)',
        params: Type.Object({ id: Type.String({ format: 'uuid' }) }),
        response: { 200: XlsxFile, '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      const report = await loadReport(db, req.params.id, req.actor!.userId);
      if (!report) throw new AppError('NOT_FOUND', 404);
      const t = tr(req);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(t('import.reportFile')))
        .header('cache-control', 'no-store')
        .send(await reportWorkbook(report.issues, t));
    },
  );
}
