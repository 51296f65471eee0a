/** Helpers for HTML form routes: body schemas that accept the CSRF field, safe redirects, session cookies. */
import { Type, type TProperties } from '@sinclair/typebox';
import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';
import { SESSION_COOKIE } from './sessions.js';

/** A urlencoded form body: the given fields (all strings) plus `_csrf`; nothing else. */
export function formBody<P extends TProperties>(props: P) {
  return Type.Object({ ...props, _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false });
}

export const text = (maxLength = 500) => Type.Optional(Type.String({ maxLength }));

/** Only local paths: "/hoc-tap" yes, "//evil.example" and "https://…" no. */
export function safeNext(next: unknown, fallback: string): string {
  return typeof next === 'string' && /^\/(?![/\\])[^\s]*$/.test(next) ? next : fallback;
}

export function setSessionCookie(reply: FastifyReply, config: Config, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    maxAge: config.sessionTtlHours * 3600,
  });
}
