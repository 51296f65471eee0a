/** People administration: one plugin with the HTML pages, the JSON API and the Excel import. */
import type { FastifyInstance } from 'fastify';
import { peopleApi } from './api.js';
import { peoplePages } from './pages.js';
import { importRoutes } from './import-routes.js';
import './capabilities.js';

export async function peopleModule(app: FastifyInstance) {
  await peopleApi(app);
  await peoplePages(app);
  await importRoutes(app);
}
