/**
 * Two origins, one process. Package files are untrusted HTML, so they are served from CONTENT_URL, a
 * different site from PUBLIC_URL: the platform's session cookie (host-only, SameSite=Lax) never
 * reaches it, and scripts there cannot read platform pages. Requests are routed by their Host header:
 *  - on the content host only routes marked `contentHost: true` answer (package files, the launch
 *    wrapper and its script); everything else is a bare 404, and no cookie is ever set there;
 *  - on the platform host those content routes answer 404.
 * Health checks (/healthz, /readyz) answer on any host: probes often use 127.0.0.1, the default CONTENT_URL.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Served on the content origin (CONTENT_URL) only. */
    contentHost?: boolean;
  }
}

/** "host:port" with the scheme's default port left out, lower-case. */
export function normalHost(host: string, protocol: string): string {
  const h = host.toLowerCase();
  const def = protocol === 'https:' ? ':443' : ':80';
  return h.endsWith(def) ? h.slice(0, -def.length) : h;
}

export function contentHostOf(config: Config): string {
  const u = new URL(config.contentUrl);
  return normalHost(u.host, u.protocol);
}

export function isContentRequest(req: FastifyRequest, contentHost: string): boolean {
  return normalHost(req.host ?? '', `${req.protocol}:`) === contentHost;
}

const ANY_HOST = new Set(['/healthz', '/readyz']);

export const hostRouting = fp(
  async function hostRouting(app: FastifyInstance) {
    const contentHost = contentHostOf(app.services.config);
    app.addHook('onRequest', async (req, reply) => {
      const onContentHost = isContentRequest(req, contentHost);
      const contentRoute = req.routeOptions.config?.contentHost === true;
      if (onContentHost === contentRoute || (onContentHost && ANY_HOST.has(req.url))) return;
      if (!onContentHost) throw new AppError('NOT_FOUND', 404); // a content route asked on the platform host
      return reply.code(404).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
    });
    app.addHook('onSend', async (req, reply, payload) => {
      if (isContentRequest(req, contentHost)) reply.removeHeader('set-cookie');
      return payload;
    });
  },
  { name: 'scorm-host-routing' },
);
