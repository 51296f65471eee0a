/**
 * Builds the Fastify application: core plugins, the error handler, then one plugin per domain module.
 */
import crypto from 'node:crypto';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import csrf from '@fastify/csrf-protection';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Redis } from 'ioredis';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { Services } from './core/context.js';
import { LogMessagePort, type MessagePort } from './core/messaging.js';
import coreHooks, { isApiRequest } from './core/hooks.js';
import { AppError } from './core/errors.js';
import { t } from './core/i18n.js';
import { sendPage, viewCtx } from './views/render.js';
import { ErrorPage } from './views/layout.js';
import { modules } from './modules/index.js';
import { hostRouting } from './modules/scorm/hosts.js';

export interface AppOptions {
  config: Config;
  database: Database;
  messages?: MessagePort;
  logger?: FastifyServerOptions['logger'];
}

const MAX_BODY = 1024 * 1024; // 1 MiB for JSON and forms; uploads have their own limit.
export const MAX_UPLOAD = 10 * 1024 * 1024;

export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? {
      level: opts.config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
    },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    },
    bodyLimit: MAX_BODY,
    trustProxy: opts.config.trustProxy,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  const services: Services = {
    config: opts.config,
    db: opts.database.db,
    dialect: opts.database.dialect,
    messages: opts.messages ?? new LogMessagePort(app.log),
  };
  app.decorate('services', services);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'kynangso API', version: '0.1.0', description: 'JSON API of the city digital-skills platform' },
    },
    hideUntagged: false,
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(multipart, { limits: { fileSize: MAX_UPLOAD, files: 1, fields: 20 } });
  await app.register(csrf, {
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: opts.config.secureCookies, signed: false },
    getToken: (req) => {
      const body = req.body as Record<string, unknown> | undefined;
      const field = body?._csrf as string | { value?: string } | undefined;
      const fromBody = typeof field === 'string' ? field : field?.value;
      return fromBody ?? (req.headers['x-csrf-token'] as string | undefined);
    },
  });
  const redis = opts.config.redisUrl ? new Redis(opts.config.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 }) : undefined;
  await app.register(rateLimit, {
    global: true,
    max: opts.config.rateLimitPerMinute,
    timeWindow: 60_000,
    ...(redis ? { redis, nameSpace: 'kns-rl-' } : {}),
    errorResponseBuilder: () => new AppError('RATE_LIMITED', 429),
  });
  if (redis) app.addHook('onClose', async () => void redis.quit());
  // Before the core hooks: on the content host (CONTENT_URL, SCORM package files) nothing else may run.
  await app.register(hostRouting);
  await app.register(coreHooks);

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => {
    let code: string;
    let status: number;
    let params: Record<string, string | number> = {};
    let fields: Record<string, string> = {};
    if (err instanceof AppError) {
      ({ code, statusCode: status, params, fields } = err);
    } else if ((err as FastifyError).validation) {
      code = 'VALIDATION';
      status = 400;
      params = { detail: `${(err as FastifyError).validationContext ?? ''} ${err.message}`.trim() };
    } else if ((err as FastifyError).code?.startsWith('FST_CSRF')) {
      code = 'CSRF';
      status = 403;
    } else if ((err as FastifyError).statusCode === 413 || (err as FastifyError).code === 'FST_REQ_FILE_TOO_LARGE') {
      code = 'BODY_TOO_LARGE';
      status = 413;
    } else if ((err as FastifyError).statusCode === 415) {
      code = 'UNSUPPORTED_MEDIA_TYPE';
      status = 415;
    } else if ((err as FastifyError).statusCode && (err as FastifyError).statusCode! < 500) {
      code = 'BAD_REQUEST';
      status = (err as FastifyError).statusCode!;
    } else {
      code = 'INTERNAL';
      status = 500;
      req.log.error({ err }, 'unhandled error');
    }
    if (status < 500) req.log.info({ code, status }, 'request refused');
    const message = t(req.lang ?? 'vi', `error.${code}`, params);
    if (isApiRequest(req) || req.headers.accept?.includes('application/json')) {
      return reply.code(status).send({ error: { code, message, ...(Object.keys(fields).length ? { fields } : {}) } });
    }
    return sendPage(reply, ErrorPage({ ctx: viewCtx(req, reply), message }), status);
  });

  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) => {
    const message = t(req.lang ?? 'vi', 'error.NOT_FOUND');
    if (isApiRequest(req)) return reply.code(404).send({ error: { code: 'NOT_FOUND', message } });
    return sendPage(reply, ErrorPage({ ctx: viewCtx(req, reply), message }), 404);
  });

  for (const mod of modules) await app.register(mod);

  app.get('/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  return app;
}
