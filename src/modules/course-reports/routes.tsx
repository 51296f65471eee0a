/** Course reports: pages under /quan-tri/bao-cao-khoa-hoc and the JSON API under /api/course-reports. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { audit } from '../../core/audit.js';
import { t as translate } from '../../core/i18n.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { XLSX_TYPE, attachment } from '../people/xlsx-write.js';
import { XlsxFile, today } from '../people/api.js';
import { eachLearner } from './repository.js';
import { CourseListSchema, CourseParams, CourseReportSchema, LearnerDetailSchema, LearnerParams, LearnersPageSchema, LearnersQuery, ReportQuery } from './schema.js';
import { REPORT, courseLearnersPage, courseList, courseReport, learnerDetail, reportScope, unitsForReports } from './service.js';
import { reportStream } from './export.js';
import { CourseListPage, CourseReportPage, LearnerDetailPage } from './views.js';

const access = { capability: REPORT };
const tags = ['course reports'];

export async function courseReportsModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get('/quan-tri/bao-cao-khoa-hoc', { config: { access }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <CourseListPage ctx={viewCtx(req, reply)} courses={await courseList(db, req.actor)} />),
  );

  app.get(
    '/quan-tri/bao-cao-khoa-hoc/:courseId',
    { config: { access }, schema: { hide: true, params: CourseParams, querystring: LearnersQuery } },
    async (req, reply) => {
      const { unit, status, page } = req.query;
      const filters = { unit: unit || undefined, status: status || undefined };
      const [report, learners, units] = await Promise.all([
        courseReport(db, req.actor, req.params.courseId, filters.unit),
        courseLearnersPage(db, req.actor, req.params.courseId, { ...filters, page }),
        unitsForReports(db, req.actor),
      ]);
      return sendPage(reply, <CourseReportPage ctx={viewCtx(req, reply)} report={report} learners={learners} units={units} filters={filters} />);
    },
  );

  app.get(
    '/quan-tri/bao-cao-khoa-hoc/:courseId/hoc-vien/:userId',
    { config: { access }, schema: { hide: true, params: LearnerParams } },
    async (req, reply) =>
      sendPage(reply, <LearnerDetailPage ctx={viewCtx(req, reply)} detail={await learnerDetail(db, req.actor, req.params.courseId, req.params.userId)} />),
  );

  app.get(
    '/api/course-reports',
    { config: { access }, schema: { tags, summary: 'Every course with its totals over the learners of your scope', response: { 200: CourseListSchema, '4xx': ErrorResponse } } },
    async (req) => ({ items: await courseList(db, req.actor) }),
  );

  app.get(
    '/api/course-reports/:courseId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'One course: totals, by commune-level unit and by target group, over the learners of your scope',
        params: CourseParams,
        querystring: ReportQuery,
        response: { 200: CourseReportSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => courseReport(db, req.actor, req.params.courseId, req.query.unit || undefined),
  );

  app.get(
    '/api/course-reports/:courseId/learners',
    {
      config: { access },
      schema: {
        tags,
        summary: 'The learners of the course in your scope: status, score, time spent, last activity',
        params: CourseParams,
        querystring: LearnersQuery,
        response: { 200: LearnersPageSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => courseLearnersPage(db, req.actor, req.params.courseId, { ...req.query, unit: req.query.unit || undefined, status: req.query.status || undefined }),
  );

  app.get(
    '/api/course-reports/:courseId/learners/:userId',
    {
      config: { access },
      schema: {
        tags,
        summary: 'One learner of your scope: progress by activity and SCORM detail (status, score, time, interactions)',
        params: LearnerParams,
        response: { 200: LearnerDetailSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => learnerDetail(db, req.actor, req.params.courseId, req.params.userId),
  );

  app.get(
    '/api/course-reports/:courseId/export.xlsx',
    {
      config: { access },
      schema: { tags, summary: 'The course report as an Excel file: learners, by unit, by target group', params: CourseParams, querystring: ReportQuery, response: { 200: XlsxFile, '4xx': ErrorResponse } },
    },
    async (req, reply) => {
      const unit = req.query.unit || undefined;
      const report = await courseReport(db, req.actor, req.params.courseId, unit);
      const scope = await reportScope(db, req.actor, unit);
      const stream = reportStream(
        req.lang,
        report,
        eachLearner(db, report.course.id, scope),
        (count) =>
          audit(db, req.actor, { action: 'course_report.export', targetType: 'course', targetId: report.course.id, details: { count, unit } }),
        (err) => req.log.error({ err }, 'course report export failed'),
      );
      const name = `${translate(req.lang, 'creport.file', { id: report.course.id })}-${today()}.xlsx`;
      return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name)).header('cache-control', 'no-store').send(stream);
    },
  );
}
