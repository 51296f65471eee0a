/**
 * Enrolment by unit administrators: the page (works without JavaScript), the .xlsx upload, its
 * template and error report, and a JSON API. Uploads set `csrf: false` and check the token before
 * reading the file (people/upload.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import ExcelJS from 'exceljs';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { t as translate } from '../../core/i18n.js';
import { ErrorResponse } from '../../core/schemas.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { readUpload } from '../people/upload.js';
import { SheetError } from '../people/xlsx-read.js';
import { loadReport } from '../people/import-repository.js';
import { XLSX_TYPE, attachment, columnLabel, issueMessage, reportWorkbook } from '../people/xlsx-write.js';
import { enrollableCourses } from './repository.js';
import { ENROL, courseToEnrol, enrolByFilter, enrolFromFile, previewByFilter, unitsForEnrolment, type FileOutcome } from './service.js';
import { EnrolPage, type EnrolView } from './views.js';

const access = { capability: ENROL };
const CourseId = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const oneOf = <T extends string>(values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Group = Type.Optional(oneOf(['', ...TARGET_GROUPS]));
const Counts = Type.Object({ matched: Type.Integer(), enrolled: Type.Integer(), reactivated: Type.Integer(), skipped: Type.Integer() });

export async function enrolmentAdminModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;
  const tr = (req: FastifyRequest) => (key: string, params?: Record<string, string | number>) => translate(req.lang, key, params);
  const locale = (req: FastifyRequest) => (req.lang === 'vi' ? 'vi-VN' : 'en-GB');

  async function page(req: FastifyRequest, reply: FastifyReply, courseId: number | undefined, view: Partial<EnrolView> = {}, status = 200) {
    const courses = await enrollableCourses(db);
    const course = view.course ?? (courseId ? courses.find((c) => c.id === courseId) : undefined);
    if (courseId && !course) throw new AppError('NOT_FOUND', 404);
    const full: EnrolView = { filter: {}, ...view, courses, course, units: await unitsForEnrolment(db, req.actor), maxRows: config.importMaxRows };
    return sendPage(reply, <EnrolPage ctx={viewCtx(req, reply)} view={full} />, status);
  }

  app.get(
    '/quan-tri/ghi-danh',
    {
      config: { access },
      schema: { hide: true, querystring: Type.Object({ course: Type.Optional(CourseId), unit: text(64), group: Group, preview: Type.Optional(Type.Literal('1')) }) },
    },
    async (req, reply) => {
      const { course, unit, group, preview } = req.query;
      const filter = { unit: unit || undefined, group: group || undefined };
      const counts = course && preview ? await previewByFilter(db, req.actor, course, filter) : undefined;
      return page(req, reply, course, { filter, preview: counts });
    },
  );

  app.post(
    '/quan-tri/ghi-danh',
    { config: { access }, schema: { hide: true, body: formBody({ course: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }), unit: text(64), group: Group }) } },
    async (req, reply) => {
      const courseId = Number(req.body.course);
      const filter = { unit: req.body.unit || undefined, group: req.body.group || undefined };
      const done = await enrolByFilter(db, req.actor!, courseId, filter);
      return page(req, reply, courseId, { filter, done });
    },
  );

  type Attempt = { refused: true } | { refused: false; outcome?: FileOutcome; error?: { code: string; message: string; status: number } };
  async function attempt(req: FastifyRequest, reply: FastifyReply, courseId: number): Promise<Attempt> {
    const upload = await readUpload(app, req, reply);
    if (upload.kind === 'refused') return { refused: true };
    const t = tr(req);
    if (upload.kind === 'none') return { refused: false, error: { code: 'IMPORT_NO_FILE', message: t('error.IMPORT_NO_FILE'), status: 422 } };
    try {
      return { refused: false, outcome: await enrolFromFile(db, config, req.actor!, courseId, upload) };
    } catch (err) {
      if (err instanceof SheetError) return { refused: false, error: { code: err.code, message: err.describe(t, locale(req)), status: 422 } };
      throw err;
    }
  }

  const CourseQuery = Type.Object({ course: CourseId });

  app.post('/quan-tri/ghi-danh/nhap', { config: { access, csrf: false }, schema: { hide: true, querystring: CourseQuery } }, async (req, reply) => {
    // The token is checked before anything else (an unknown course then answers 404 from the service).
    const result = await attempt(req, reply, req.query.course);
    if (result.refused) return reply;
    const course = await courseToEnrol(db, req.query.course);
    if (result.error) return page(req, reply, course.id, { course, error: result.error.message }, result.error.status);
    const outcome = result.outcome!;
    if (outcome.ok) return page(req, reply, course.id, { course, done: outcome, ignoredColumns: outcome.ignoredColumns });
    return page(req, reply, course.id, { course, failure: outcome, ignoredColumns: outcome.ignoredColumns }, 422);
  });

  app.get(
    '/quan-tri/ghi-danh/mau.xlsx',
    { config: { access }, schema: { tags: ['enrolment'], summary: 'The template of an enrolment file: phone or e-mail per row' } },
    async (req, reply) => {
      const t = tr(req);
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(t('import.sheetData'), { views: [{ state: 'frozen', ySplit: 1 }] });
      ws.columns = [
        { header: t('people.col.fullName'), width: 30 },
        { header: t('people.col.phone'), width: 18, style: { numFmt: '@' } },
        { header: t('people.col.email'), width: 30 },
      ];
      ws.getRow(1).font = { bold: true };
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(t('enrol.templateFile')))
        .header('cache-control', 'no-store')
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    },
  );

  app.get(
    '/quan-tri/ghi-danh/bao-cao/:id',
    {
      config: { access },
      schema: { tags: ['enrolment'], summary: 'The error report of a refused enrolment file (its uploader only, 24 hours)', params: Type.Object({ id: Type.String({ format: 'uuid' }) }) },
    },
    async (req, reply) => {
      const report = await loadReport(db, req.params.id, req.actor!.userId);
      if (!report) throw new AppError('NOT_FOUND', 404);
      const t = tr(req);
      return reply
        .header('content-type', XLSX_TYPE)
        .header('content-disposition', attachment(t('enrol.reportFile')))
        .header('cache-control', 'no-store')
        .send(await reportWorkbook(report.issues, t));
    },
  );

  // ---- JSON API ----
  const FilterQuery = Type.Object({ course: CourseId, unit: text(64), group: Group }, { additionalProperties: false });

  app.get(
    '/api/enrolments/preview',
    {
      config: { access },
      schema: {
        tags: ['enrolment'],
        summary: 'How many people of your scope a filter selects, and how many are already enrolled or had left',
        querystring: FilterQuery,
        response: { 200: Type.Object({ matched: Type.Integer(), enrolled: Type.Integer(), left: Type.Integer() }), '4xx': ErrorResponse },
      },
    },
    async (req) => previewByFilter(db, req.actor, req.query.course, { unit: req.query.unit || undefined, group: req.query.group || undefined }),
  );

  app.post(
    '/api/enrolments/bulk',
    {
      config: { access },
      schema: {
        tags: ['enrolment'],
        summary: 'Enrol the people of your scope selected by a filter (unit, target group) in a published course',
        body: FilterQuery,
        response: { 200: Counts, '4xx': ErrorResponse },
      },
    },
    async (req) => enrolByFilter(db, req.actor!, req.body.course, { unit: req.body.unit || undefined, group: req.body.group || undefined }),
  );

  app.post(
    '/api/enrolments/import',
    {
      config: { access, csrf: false },
      schema: {
        tags: ['enrolment'],
        summary: 'Enrol the people listed in an .xlsx file (multipart field "file", token in x-csrf-token): all rows or none',
        querystring: CourseQuery,
        response: {
          200: Counts,
          422: Type.Object({
            error: Type.Object({ code: Type.String(), message: Type.String() }),
            issues: Type.Optional(Type.Array(Type.Object({ row: Type.Integer(), column: Type.Optional(Type.String()), code: Type.String(), message: Type.String() }))),
            reportUrl: Type.Optional(Type.String()),
          }),
          '4xx': ErrorResponse,
        },
      },
    },
    async (req, reply) => {
      const result = await attempt(req, reply, req.query.course);
      if (result.refused) return reply;
      if (result.error) return reply.code(result.error.status).send({ error: { code: result.error.code, message: result.error.message } });
      const outcome = result.outcome!;
      if (outcome.ok) return { matched: outcome.matched, enrolled: outcome.enrolled, reactivated: outcome.reactivated, skipped: outcome.skipped };
      const t = tr(req);
      return reply.code(422).send({
        error: { code: 'ENROL_ROWS_INVALID', message: t('enrol.failed', { count: outcome.issueCount, rows: outcome.badRows }) },
        issues: outcome.issues.map((i) => ({ row: i.row, column: columnLabel(i, t), code: i.code, message: issueMessage(i, t) })),
        reportUrl: `/quan-tri/ghi-danh/bao-cao/${outcome.reportId}`,
      });
    },
  );
}
