/**
 * SCORM: the package library (upload, versions), the content origin (package files served to the
 * learner's browser from another site), the player (scorm-again, cross-origin bridge, sequencing) and
 * tracking (commits, progress). Host routing (hosts.ts) is registered in app.ts, before the core hooks.
 */
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { clientAssets } from './assets.js';
import { contentRoutes } from './content-routes.js';
import { packageRoutes } from './package-routes.js';
import { playerRoutes } from './player-routes.js';
import './messages.js';

export const scormModule = fp(
  async function scormModule(app: FastifyInstance) {
    void clientAssets().catch((err: unknown) => app.log.error({ err }, 'building the SCORM player scripts failed'));
    await contentRoutes(app);
    await packageRoutes(app);
    await playerRoutes(app);
  },
  { name: 'scorm' },
);
