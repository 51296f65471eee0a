/** Authoring pages under /quan-tri/khoa-hoc: the list, creating and editing a course's details (no JavaScript needed). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { treeOptions } from '../units/tree.js';
import { referenceLists } from './reference.js';
import { MANAGE, createCourse, hostUnits, loadManagedCourse, updateCourseDetails } from './service.js';
import { listManagedCourses, tagsOf } from './repository.js';
import { CourseFormPage, CourseListPage, courseFormState, type CourseFormState } from './admin-views.js';
import { IdParams } from './schema.js';

const access = { capability: MANAGE } as const;
const PAGE_SIZE = 50;
const codes = Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 50 }));
export const CourseFormBody = formBody({
  title: text(1000),
  description: text(20_000),
  hostUnit: text(64),
  enrolment: text(16),
  status: text(16),
  audience: codes,
  competences: codes,
  themes: codes,
});

/** Refusals a form shows beside its fields; anything else goes to the error handler. */
export const isFieldError = (err: unknown): err is AppError =>
  err instanceof AppError && err.statusCode < 500 && Object.keys(err.fields).length > 0;

export async function courseAdminRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  async function renderForm(req: FastifyRequest, reply: FastifyReply, values: CourseFormState, courseId?: number, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const course = courseId ? await loadManagedCourse(db, req.actor, courseId) : undefined;
    const units = treeOptions(await hostUnits(db, req.actor));
    const errors = error ? formErrors(ctx, error) : {};
    const page = <CourseFormPage ctx={ctx} course={course} units={units} ref={await referenceLists(db)} values={values} errors={errors} />;
    return sendPage(reply, page, error ? error.statusCode : 200);
  }

  app.get(
    '/quan-tri/khoa-hoc',
    { config: { access }, schema: { hide: true, querystring: Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) }) } },
    async (req, reply) => {
      const page = req.query.page ?? 1;
      const { rows, total } = await listManagedCourses(db, scopePaths(req.actor, MANAGE), PAGE_SIZE, (page - 1) * PAGE_SIZE);
      const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
      return sendPage(reply, <CourseListPage ctx={viewCtx(req, reply)} rows={rows} total={total} page={page} pages={pages} />);
    },
  );

  app.get('/quan-tri/khoa-hoc/moi', { config: { access }, schema: { hide: true } }, async (req, reply) => {
    const units = await hostUnits(db, req.actor);
    // One unit in scope (most managers): chosen already.
    return renderForm(req, reply, { status: 'draft', enrolment: 'open', hostUnit: units.length === 1 ? units[0].code : undefined });
  });

  app.post('/quan-tri/khoa-hoc', { config: { access }, schema: { hide: true, body: CourseFormBody } }, async (req, reply) => {
    const { _csrf, ...values } = req.body;
    try {
      const id = await createCourse(db, req.actor, values);
      return reply.redirect(`/quan-tri/khoa-hoc/${id}?done=created`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderForm(req, reply, values, undefined, err);
    }
  });

  app.get('/quan-tri/khoa-hoc/:id/sua', { config: { access }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const course = await loadManagedCourse(db, req.actor, req.params.id);
    return renderForm(req, reply, courseFormState(course, await tagsOf(db, 'course', [course.id])), course.id);
  });

  app.post('/quan-tri/khoa-hoc/:id/sua', { config: { access }, schema: { hide: true, params: IdParams, body: CourseFormBody } }, async (req, reply) => {
    const { _csrf, ...values } = req.body;
    try {
      await updateCourseDetails(db, req.actor, req.params.id, values);
      return reply.redirect(`/quan-tri/khoa-hoc/${req.params.id}?done=saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderForm(req, reply, values, req.params.id, err);
    }
  });
}
