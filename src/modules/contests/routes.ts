/**
 * The online contest (Cuộc thi trực tuyến) on the quiz engine: public pages (/cuoc-thi), the contestants'
 * JSON API (/api/contests, /api/contest-attempts), the organisers' pages (/quan-tri/cuoc-thi).
 * See README.md in this folder.
 */
import type { FastifyInstance } from 'fastify';
import { contestApi } from './api.js';
import { contestPublicRoutes } from './public-routes.js';
import { contestAdminRoutes } from './admin-routes.js';
import './capabilities.js';

export async function contestsModule(app: FastifyInstance) {
  await contestApi(app);
  await contestPublicRoutes(app);
  await contestAdminRoutes(app);
}
