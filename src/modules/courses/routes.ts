/** The courses module: authoring (/quan-tri/khoa-hoc), the catalogue and course pages, learning, and the JSON API. */
import type { FastifyInstance } from 'fastify';
import { courseAdminRoutes } from './admin-routes.js';
import { courseOutlineRoutes } from './admin-outline-routes.js';
import { learnerRoutes } from './learner-routes.js';
import { coursesApi } from './api.js';
import './capabilities.js';
import './messages.js';
import './admin-messages.js';

export async function coursesModule(app: FastifyInstance) {
  await courseAdminRoutes(app);
  await courseOutlineRoutes(app);
  await learnerRoutes(app);
  await coursesApi(app);
}
