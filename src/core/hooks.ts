/**
 * The fixed request lifecycle every route goes through:
 *   onRequest: language → rate limit (registered in app.ts) → authenticate → authorize by `config.access`
 *   preHandler: CSRF check on unsafe methods
 *   handler → serialization by schema.
 * Every route must declare `config.access`; a route without it stops the app at start.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { AppError } from './errors.js';
import { accessOf, canAnywhere } from './policy.js';
import { parseLang, type Lang } from './i18n.js';
import { SESSION_COOKIE, actorForToken } from './sessions.js';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Every route the app registered: tests check them against the OpenAPI description. */
export interface RouteEntry {
  method: string;
  url: string;
  hidden: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeCatalogue: RouteEntry[];
  }
}

export function isApiRequest(req: FastifyRequest): boolean {
  return req.url.startsWith('/api/') || req.url === '/openapi.json';
}

/** ?lang=en switches the language and remembers it; the parameter is then removed so route schemas never see it. */
function pickLang(req: FastifyRequest, reply: FastifyReply): Lang {
  const query = req.query as Record<string, unknown> | undefined;
  const fromQuery = parseLang(query?.lang);
  if (query && 'lang' in query) delete query.lang;
  if (fromQuery) {
    reply.setCookie('lang', fromQuery, { path: '/', sameSite: 'lax', maxAge: 365 * 86400 });
    return fromQuery;
  }
  // Vietnamese first: many residents' phones are set to English, so the browser's language is not followed.
  return parseLang(req.cookies.lang) ?? 'vi';
}

export default fp(
  async function coreHooks(app: FastifyInstance) {
    app.decorateRequest('actor', undefined);
    app.decorateRequest('lang', 'vi');
    app.decorateRequest('largeText', false);

    const catalogue: RouteEntry[] = [];
    app.decorate('routeCatalogue', catalogue);
    app.addHook('onRoute', (route) => {
      if (route.url.startsWith('/documentation')) return;
      for (const method of [route.method].flat()) {
        catalogue.push({ method, url: route.url, hidden: !!(route.schema as { hide?: boolean } | undefined)?.hide });
      }
      if (!accessOf(route.config)) {
        throw new Error(`route ${route.method} ${route.url} does not declare config.access`);
      }
    });

    app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
      req.lang = pickLang(req, reply);
      req.largeText = req.cookies.text === 'large';
      const token = req.cookies[SESSION_COOKIE];
      if (token) {
        // Routes that only need who the caller is may reuse a lookup for a few seconds (SESSION_CACHE_SECONDS).
        const cacheSeconds = req.routeOptions.config?.sessionCache ? app.services.config.sessionCacheSeconds : 0;
        req.actor = await actorForToken(app.services.db, token, cacheSeconds);
        if (!req.actor) reply.clearCookie(SESSION_COOKIE, { path: '/' });
      }
      const access = accessOf(req.routeOptions.config);
      if (!access || access === 'public') return;
      if (!req.actor) {
        if (!isApiRequest(req) && req.method === 'GET') {
          return reply.redirect(`/dang-nhap?next=${encodeURIComponent(req.url)}`);
        }
        throw new AppError('UNAUTHENTICATED', 401);
      }
      if (access !== 'signed-in' && !canAnywhere(req.actor, access.capability)) {
        // Not 403: a person without the capability anywhere should not learn the page exists.
        throw new AppError('NOT_FOUND', 404);
      }
    });

    app.addHook('preHandler', (req, reply, done) => {
      if (!UNSAFE.has(req.method) || req.routeOptions.config?.csrf === false) return done();
      app.csrfProtection(req, reply, done);
    });
  },
  { name: 'core-hooks', dependencies: ['@fastify/cookie', '@fastify/csrf-protection'] },
);
