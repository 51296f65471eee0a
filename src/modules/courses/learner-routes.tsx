/**
 * Learner pages: the public catalogue, a course's page, joining and leaving, the learner home (/hoc-tap),
 * and the activity pages under /hoc-tap/hoat-dong. All work without JavaScript except video progress.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { formBody, safeNext, text } from '../../core/forms.js';
import { homeLinks } from '../../core/home-links.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { unitById } from '../units/repository.js';
import { LearnerHome } from '../pages/views.js';
import { findCatalogue, courseOutline } from './catalogue.js';
import { referenceLists } from './reference.js';
import { accessBySlug, activityAccess, join, learnerProgress, leave, openResource, overallProgress } from './learner-service.js';
import { myCourses } from './learner-repository.js';
import * as repo from './repository.js';
import { CatalogueQuery, IdParams, SlugParams } from './schema.js';
import { CataloguePage } from './catalogue-views.js';
import { CoursePage, nextActivity } from './course-views.js';
import { ActivityPage } from './activity-views.js';
import { MyLearning } from './my-learning-views.js';

const NOTICES = ['joined', 'left'] as const;

export async function learnerRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get('/khoa-hoc', { config: { access: 'public' }, schema: { hide: true, querystring: CatalogueQuery } }, async (req, reply) => {
    const list = await findCatalogue(db, req.actor, req.query, req.lang);
    return sendPage(reply, <CataloguePage ctx={viewCtx(req, reply)} query={req.query} list={list} ref={await referenceLists(db)} />);
  });

  app.get(
    '/khoa-hoc/:slug',
    { config: { access: 'public' }, schema: { hide: true, params: SlugParams, querystring: Type.Object({ done: text(10) }) } },
    async (req, reply) => {
      const access = await accessBySlug(db, req.actor, req.params.slug);
      const outline = await courseOutline(db, access, req.lang);
      const progress = access.learning && req.actor ? await learnerProgress(db, access.course.id, req.actor.userId) : new Map();
      const overall = overallProgress(outline.activities, progress, access.enrolment?.status === 'completed');
      const ctx = viewCtx(req, reply);
      const done = req.query.done;
      const notice = done && (NOTICES as readonly string[]).includes(done) ? ctx.t(`course.done.${done}`) : undefined;
      const next = access.learning ? nextActivity(outline, progress) : undefined;
      return sendPage(reply, <CoursePage ctx={ctx} outline={outline} access={access} progress={progress} overall={overall} notice={notice} next={next} />);
    },
  );

  app.post(
    '/khoa-hoc/:slug/tham-gia',
    { config: { access: 'signed-in' }, schema: { hide: true, params: SlugParams, body: formBody({ next: text(300) }) } },
    async (req, reply) => {
      const course = await join(db, req.actor!, req.params.slug);
      return reply.redirect(safeNext(req.body.next, `/khoa-hoc/${course.slug}?done=joined`), 303);
    },
  );

  app.post('/khoa-hoc/:slug/roi', { config: { access: 'signed-in' }, schema: { hide: true, params: SlugParams, body: formBody({}) } }, async (req, reply) => {
    const course = await leave(db, req.actor!, req.params.slug);
    return reply.redirect(`/khoa-hoc/${course.slug}?done=left`, 303);
  });

  app.get('/hoc-tap', { config: { access: 'signed-in' }, schema: { hide: true } }, async (req, reply) => {
    const [unit, courses, links] = await Promise.all([unitById(db, req.actor!.unitId), myCourses(db, req.actor!.userId), homeLinks(db, req.actor!)]);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      <LearnerHome ctx={ctx} unitName={unit?.name ?? ''} links={links}>
        <MyLearning ctx={ctx} courses={courses} />
      </LearnerHome>,
    );
  });

  app.get('/hoc-tap/hoat-dong/:id', { config: { access: 'signed-in' }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const a = await activityAccess(db, req.actor!, req.params.id);
    // SCORM activities have their own player (the scorm module), quizzes theirs once a quiz is attached.
    if (a.activity.type === 'scorm') return reply.redirect(`/hoc-tap/scorm/${a.activity.id}`, 302);
    if (a.activity.type === 'quiz' && a.settings.quizId) return reply.redirect(`/hoc-tap/quiz/${a.activity.id}`, 302);
    const [topics, activities] = await Promise.all([repo.topicsOf(db, a.course.id), repo.activitiesOf(db, a.course.id)]);
    const order = topics.flatMap((t) => activities.filter((x) => x.topic_id === t.id));
    const next = order[order.findIndex((x) => x.id === a.activity.id) + 1];
    const progress = a.learning ? (await learnerProgress(db, a.course.id, req.actor!.userId)).get(a.activity.id) : undefined;
    return sendPage(
      reply,
      <ActivityPage ctx={viewCtx(req, reply)} access={a} activity={a.activity} settings={a.settings} progress={progress} next={next && { id: next.id, title: next.title }} />,
    );
  });

  /**
   * Documents and links open through here: the visit is recorded as done (a GET, so it works as a plain
   * link without JavaScript; it only ever marks the caller's own progress), then the browser goes on.
   */
  app.get('/hoc-tap/hoat-dong/:id/mo', { config: { access: 'signed-in' }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const r = await openResource(db, req.actor!, req.params.id);
    if (!r.allowed) return reply.redirect(`/hoc-tap/hoat-dong/${req.params.id}`, 303);
    return reply.header('referrer-policy', 'no-referrer').redirect(r.url, 303);
  });
}
