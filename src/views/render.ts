/** Server-side rendering of JSX (Preact): text is escaped by default. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';
import type { Lang } from '../core/i18n.js';
import { t } from '../core/i18n.js';
import type { Actor } from '../core/policy.js';

export interface ViewCtx {
  lang: Lang;
  actor: Actor | undefined;
  csrfToken: string;
  largeText: boolean;
  path: string;
  cityName: string;
  /** Translate with this request's language. */
  t: (key: string, params?: Record<string, string | number>) => string;
}

export function viewCtx(req: FastifyRequest, reply: FastifyReply): ViewCtx {
  const lang = req.lang;
  return {
    lang,
    actor: req.actor,
    csrfToken: reply.generateCsrf(),
    largeText: req.largeText,
    path: req.url,
    cityName: req.server.services.config.cityName,
    t: (key, params) => t(lang, key, params),
  };
}

export function sendPage(reply: FastifyReply, page: VNode, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .send('<!doctype html>' + renderToString(page));
}
