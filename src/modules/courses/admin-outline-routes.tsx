/** Authoring of a course's outline: topics (add, rename, move, remove) and activities (add, edit, move, remove). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { referenceLists } from './reference.js';
import { MANAGE, addTopic, loadManagedCourse, moveTopic, removeTopic, renameTopic } from './service.js';
import { addActivity, loadManagedActivity, moveActivity, removeActivity, updateActivity } from './activity-service.js';
import { isActivityType } from './activity-input.js';
import type { ActivityType } from './activity-types.js';
import * as repo from './repository.js';
import { CourseOutlinePage } from './admin-outline-views.js';
import { ActivityFormPage, ActivityTypePage, activityFormState, type ActivityFormState } from './activity-form-views.js';
import { isFieldError } from './admin-routes.js';

const access = { capability: MANAGE } as const;
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const CourseParams = Type.Object({ id: Id });
const TopicParams = Type.Object({ id: Id, topicId: Id });
const ActivityParams = Type.Object({ id: Id, activityId: Id });
const MoveBody = formBody({ direction: Type.Union([Type.Literal('up'), Type.Literal('down')]) });
const ActivityBody = formBody({
  type: text(16),
  title: text(1000),
  topic: text(12),
  required: text(4),
  url: text(4000),
  minWatched: text(8),
  packageId: text(12),
  completion: text(16),
  silentSco: text(8),
  competences: Type.Optional(Type.Array(Type.String({ maxLength: 16 }), { maxItems: 50 })),
});
const DONE = ['created', 'saved', 'topic', 'activity', 'moved', 'removed'] as const;

export async function courseOutlineRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  async function renderOutline(req: FastifyRequest, reply: FastifyReply, courseId: number, opts: { done?: string; error?: AppError; values?: Record<string, string> } = {}) {
    const ctx = viewCtx(req, reply);
    const course = await loadManagedCourse(db, req.actor, courseId);
    const [topics, activities] = await Promise.all([repo.topicsOf(db, course.id), repo.activitiesOf(db, course.id)]);
    const tags = await repo.tagsOf(db, 'activity', activities.map((a) => a.id));
    const activityTags = new Map<number, string[]>();
    for (const t of tags) if (t.kind === 'competence') activityTags.set(t.subject_id, [...(activityTags.get(t.subject_id) ?? []), t.code]);
    const notice = opts.done && (DONE as readonly string[]).includes(opts.done) ? ctx.t(`authoring.done.${opts.done}`) : undefined;
    const errors = opts.error ? formErrors(ctx, opts.error) : {};
    const page = <CourseOutlinePage ctx={ctx} course={course} topics={topics} activities={activities} activityTags={activityTags} notice={notice} errors={errors} values={opts.values} />;
    return sendPage(reply, page, opts.error?.statusCode ?? 200);
  }

  /** Runs a change, then back to the outline; a refusal re-renders it with the message. */
  async function change(req: FastifyRequest, reply: FastifyReply, courseId: number, done: string, run: () => Promise<unknown>, values?: Record<string, string>) {
    try {
      await run();
      return reply.redirect(`/quan-tri/khoa-hoc/${courseId}?done=${done}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.statusCode >= 500 || err.code === 'NOT_FOUND') throw err;
      return renderOutline(req, reply, courseId, { error: err, values });
    }
  }

  app.get('/quan-tri/khoa-hoc/:id', { config: { access }, schema: { hide: true, params: CourseParams, querystring: Type.Object({ done: text(20) }) } }, async (req, reply) =>
    renderOutline(req, reply, req.params.id, { done: req.query.done }),
  );

  app.post('/quan-tri/khoa-hoc/:id/chuyen-de', { config: { access }, schema: { hide: true, params: CourseParams, body: formBody({ title: text(1000) }) } }, async (req, reply) =>
    change(req, reply, req.params.id, 'topic', () => addTopic(db, req.actor, req.params.id, req.body.title), { title: req.body.title ?? '' }),
  );

  app.post('/quan-tri/khoa-hoc/:id/chuyen-de/:topicId', { config: { access }, schema: { hide: true, params: TopicParams, body: formBody({ title: text(1000) }) } }, async (req, reply) => {
    const { id, topicId } = req.params;
    const key = `topic-${topicId}`;
    try {
      await renameTopic(db, req.actor, id, topicId, req.body.title);
      return reply.redirect(`/quan-tri/khoa-hoc/${id}?done=saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      // The rename form's own field carries the message.
      const error = new AppError(err.code, err.statusCode, err.params, { [key]: Object.values(err.fields)[0] });
      return renderOutline(req, reply, id, { error, values: { [key]: req.body.title ?? '' } });
    }
  });

  app.post('/quan-tri/khoa-hoc/:id/chuyen-de/:topicId/di-chuyen', { config: { access }, schema: { hide: true, params: TopicParams, body: MoveBody } }, async (req, reply) =>
    change(req, reply, req.params.id, 'moved', () => moveTopic(db, req.actor, req.params.id, req.params.topicId, req.body.direction)),
  );

  app.post('/quan-tri/khoa-hoc/:id/chuyen-de/:topicId/xoa', { config: { access }, schema: { hide: true, params: TopicParams, body: formBody({}) } }, async (req, reply) =>
    change(req, reply, req.params.id, 'removed', () => removeTopic(db, req.actor, req.params.id, req.params.topicId)),
  );

  async function renderActivityForm(req: FastifyRequest, reply: FastifyReply, courseId: number, type: ActivityType, values: ActivityFormState, activityId?: number, error?: AppError) {
    const ctx = viewCtx(req, reply);
    const course = await loadManagedCourse(db, req.actor, courseId);
    const topics = await repo.topicsOf(db, course.id);
    let packages = type === 'scorm' ? await repo.latestPackages(db) : [];
    const current = values.packageId ? Number(values.packageId) : 0;
    if (current && !packages.some((p) => p.id === current)) {
      const pkg = await repo.packageById(db, current);
      if (pkg) packages = [...packages, { ...pkg, scorm_version: '', created_at: '' }];
    }
    const page = (
      <ActivityFormPage ctx={ctx} course={course} type={type} activityId={activityId} topics={topics} packages={packages} ref={await referenceLists(db)}
        values={values} errors={error ? formErrors(ctx, error) : {}} />
    );
    return sendPage(reply, page, error?.statusCode ?? 200);
  }

  app.get(
    '/quan-tri/khoa-hoc/:id/hoat-dong/moi',
    { config: { access }, schema: { hide: true, params: CourseParams, querystring: Type.Object({ topic: Type.Optional(Id), type: text(16) }) } },
    async (req, reply) => {
      const { topic, type } = req.query;
      if (!type || !isActivityType(type)) {
        const course = await loadManagedCourse(db, req.actor, req.params.id);
        const error = type !== undefined ? viewCtx(req, reply).t('error.ACTIVITY_TYPE_REQUIRED') : undefined;
        return sendPage(reply, <ActivityTypePage ctx={viewCtx(req, reply)} course={course} topicId={topic} error={error} />, error ? 422 : 200);
      }
      // Quizzes are placeholders for now: not required unless the manager says so.
      return renderActivityForm(req, reply, req.params.id, type, { topic: topic ? String(topic) : undefined, required: type === 'quiz' ? undefined : '1' });
    },
  );

  app.post('/quan-tri/khoa-hoc/:id/hoat-dong', { config: { access }, schema: { hide: true, params: CourseParams, body: ActivityBody } }, async (req, reply) => {
    const { _csrf, type, ...values } = req.body;
    if (!type || !isActivityType(type)) throw new AppError('BAD_REQUEST', 400);
    try {
      await addActivity(db, req.actor, req.params.id, type, values);
      return reply.redirect(`/quan-tri/khoa-hoc/${req.params.id}?done=activity`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      return renderActivityForm(req, reply, req.params.id, type, values, undefined, err);
    }
  });

  app.get('/quan-tri/khoa-hoc/:id/hoat-dong/:activityId', { config: { access }, schema: { hide: true, params: ActivityParams } }, async (req, reply) => {
    const { activity } = await loadManagedActivity(db, req.actor, req.params.id, req.params.activityId);
    const tags = (await repo.tagsOf(db, 'activity', [activity.id])).filter((t) => t.kind === 'competence').map((t) => t.code);
    return renderActivityForm(req, reply, req.params.id, activity.type as ActivityType, activityFormState(activity, tags), activity.id);
  });

  app.post('/quan-tri/khoa-hoc/:id/hoat-dong/:activityId', { config: { access }, schema: { hide: true, params: ActivityParams, body: ActivityBody } }, async (req, reply) => {
    const { id, activityId } = req.params;
    const { _csrf, type: _type, ...values } = req.body;
    try {
      await updateActivity(db, req.actor, id, activityId, values);
      return reply.redirect(`/quan-tri/khoa-hoc/${id}?done=saved`, 303);
    } catch (err) {
      if (!isFieldError(err)) throw err;
      const { activity } = await loadManagedActivity(db, req.actor, id, activityId);
      return renderActivityForm(req, reply, id, activity.type as ActivityType, values, activityId, err);
    }
  });

  app.post('/quan-tri/khoa-hoc/:id/hoat-dong/:activityId/di-chuyen', { config: { access }, schema: { hide: true, params: ActivityParams, body: MoveBody } }, async (req, reply) =>
    change(req, reply, req.params.id, 'moved', () => moveActivity(db, req.actor, req.params.id, req.params.activityId, req.body.direction)),
  );

  app.post('/quan-tri/khoa-hoc/:id/hoat-dong/:activityId/xoa', { config: { access }, schema: { hide: true, params: ActivityParams, body: formBody({}) } }, async (req, reply) =>
    change(req, reply, req.params.id, 'removed', () => removeActivity(db, req.actor, req.params.id, req.params.activityId)),
  );
}
