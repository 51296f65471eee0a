/**
 * The content origin (CONTENT_URL): package files, the launch wrapper and its script. Nothing else
 * answers on that host (hosts.ts) and no cookie is ever set there. Package files are untrusted: they
 * get a Content-Security-Policy that lets only the platform (and the wrapper) frame them and lets
 * their scripts connect only to the content origin itself, plus nosniff. Files of a stored package
 * never change, so they are cached as immutable.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { sendAsset, assetUrl } from './assets.js';
import { STORAGE_KEY, contentType, packageDir, parseRange, readStream, resolveInside, safeSegments } from './content-files.js';

const IMMUTABLE = 'public, max-age=31536000, immutable';

export function packageCsp(platformOrigin: string): string {
  return [
    "default-src 'self' 'unsafe-inline' 'unsafe-eval' data: blob: https:",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'self'",
    "object-src 'none'",
    `frame-ancestors 'self' ${platformOrigin}`,
  ].join('; ');
}

export function wrapperCsp(platformOrigin: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'unsafe-inline'",
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${platformOrigin}`,
  ].join('; ');
}

function notFound(reply: FastifyReply) {
  return reply.code(404).header('content-type', 'text/plain; charset=utf-8').header('cache-control', 'no-store').send('Not found');
}

export async function contentRoutes(app: FastifyInstance) {
  const { config } = app.services;
  const platformOrigin = new URL(config.publicUrl).origin;
  const packagesCsp = packageCsp(platformOrigin);
  const routeConfig = { access: 'public' as const, contentHost: true, rateLimit: false as const };

  app.get('/content/:key/*', { config: routeConfig, schema: { hide: true } }, async (req, reply) => {
    const { key } = req.params as { key: string };
    if (!STORAGE_KEY.test(key)) return notFound(reply);
    const pathname = req.url.split(/[?#]/)[0];
    const segments = safeSegments(pathname.slice(`/content/${key}/`.length));
    const resolved = segments && (await resolveInside(packageDir(config.dataDir, key), segments));
    if (!resolved) return notFound(reply);
    const etag = `"${resolved.size.toString(16)}-${Math.floor(resolved.mtimeMs).toString(16)}"`;
    reply
      .header('content-security-policy', packagesCsp)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('cache-control', IMMUTABLE)
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      .header('content-type', contentType(resolved.file));
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    const range = parseRange(req.headers.range, resolved.size);
    if (range === 'invalid') return reply.code(416).header('content-range', `bytes */${resolved.size}`).send();
    if (range) {
      reply.code(206).header('content-range', `bytes ${range.start}-${range.end}/${resolved.size}`).header('content-length', range.end - range.start + 1);
      return reply.send(readStream(resolved.file, range));
    }
    return reply.header('content-length', resolved.size).send(readStream(resolved.file));
  });

  /** The launch wrapper: exposes the SCORM API to the SCO it frames (same origin) and relays it to the player. */
  app.get('/launch', { config: routeConfig, schema: { hide: true } }, async (req, reply) => {
    const version = (req.query as { scorm?: string }).scorm === '2004' ? '2004' : '12';
    const script = await assetUrl(`scorm-content-${version}`);
    const html =
      '<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>SCORM</title>' +
      '<style>html,body{margin:0;height:100%;overflow:hidden}iframe{display:block;border:0;width:100%;height:100%}</style></head>' +
      `<body data-platform="${platformOrigin}"><iframe id="sco" title="SCORM" allow="fullscreen; autoplay"></iframe>` +
      `<script src="${script}"></script></body></html>`;
    return reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', wrapperCsp(platformOrigin))
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .header('cache-control', 'no-cache')
      .send(html);
  });

  app.get('/launch-12.js', { config: routeConfig, schema: { hide: true } }, async (req, reply) => sendAsset(req, reply, 'scorm-content-12'));
  app.get('/launch-2004.js', { config: routeConfig, schema: { hide: true } }, async (req, reply) => sendAsset(req, reply, 'scorm-content-2004'));
}
