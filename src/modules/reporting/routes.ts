/**
 * Movement reporting: indicators computed from the platform, unit filings, dashboards with server-drawn charts,
 * the generated city report (.docx in the layout of Nghị định 30/2020/NĐ-CP, with its .xlsx annex), open data.
 */
import type { FastifyInstance } from 'fastify';
import { reportRoutes } from './report-routes.js';
import { filingRoutes } from './filings-routes.js';
import { dashboardRoutes } from './dashboard-routes.js';
import './capabilities.js';

export async function reportingModule(app: FastifyInstance) {
  await reportRoutes(app);
  await filingRoutes(app);
  await dashboardRoutes(app);
}
