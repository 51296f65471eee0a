/** JSON API: the public catalogue, a course's public outline, and a learner's video progress reports. */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ErrorResponse } from '../../core/schemas.js';
import { findCatalogue, courseOutline } from './catalogue.js';
import { accessBySlug, recordVideo } from './learner-service.js';
import { CatalogueQuery, CourseListSchema, CourseOutlineSchema, IdParams, ProgressBody, ProgressResponse, SlugParams } from './schema.js';

export async function coursesApi(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get(
    '/api/courses',
    {
      config: { access: 'public' },
      schema: {
        tags: ['courses'],
        summary: 'The catalogue: published open courses (and assigned ones you are enrolled in); search without diacritics, filter',
        querystring: CatalogueQuery,
        response: { 200: CourseListSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => findCatalogue(db, req.actor, req.query, req.lang),
  );

  app.get(
    '/api/courses/:slug',
    {
      config: { access: 'public' },
      schema: {
        tags: ['courses'],
        summary: 'A course outline: description, topics, activities, competences (404 for a course you may not see)',
        params: SlugParams,
        response: { 200: CourseOutlineSchema, '4xx': ErrorResponse },
      },
    },
    async (req) => (await courseOutline(db, await accessBySlug(db, req.actor, req.params.slug), req.lang)).dto,
  );

  app.post(
    '/api/activities/:id/progress',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['courses'],
        summary: 'Report the share of a video activity watched (JSON with x-csrf-token, or an urlencoded beacon with _csrf)',
        description:
          'The page measures the union of the intervals actually watched. The server clamps the share to 0..1, keeps the highest ' +
          'reported, and marks the activity completed once it reaches the activity\'s minimum share; course completion follows.',
        params: IdParams,
        body: ProgressBody,
        response: { 200: ProgressResponse, '4xx': ErrorResponse },
      },
    },
    async (req) => recordVideo(db, req.actor!, req.params.id, req.body.watchedShare),
  );
}
