/**
 * Browser scripts bundled in-process with esbuild the first time they are asked for (once per process), kept in
 * memory with a gzip copy and served with a content hash in the URL (cached as immutable). Used by the SCORM
 * player (src/modules/scorm/assets.ts) and the contest's play page (src/modules/contests/public-assets.ts).
 */
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface Asset {
  body: Buffer;
  gzip: Buffer;
  hash: string;
}

export interface ClientBundle<Name extends string> {
  /** The bundles (built once; a failed build is retried at the next call). */
  assets(): Promise<Record<Name, Asset>>;
  /** Sends one bundle: immutable when the request names its current hash (?v=…), else revalidated by ETag. */
  send(req: FastifyRequest, reply: FastifyReply, name: Name): Promise<FastifyReply>;
}

/** `entries`: output name → absolute path of the TypeScript entry point. */
export function clientBundle<Name extends string>(entries: Record<Name, string>): ClientBundle<Name> {
  let building: Promise<Record<Name, Asset>> | undefined;

  async function buildAll(): Promise<Record<Name, Asset>> {
    const { build } = await import('esbuild');
    const result = await build({
      entryPoints: entries,
      bundle: true,
      write: false,
      minify: true,
      format: 'iife',
      target: 'es2019',
      outdir: '/client-assets',
      legalComments: 'none',
      logLevel: 'silent',
    });
    const out = {} as Record<Name, Asset>;
    for (const file of result.outputFiles) {
      const name = file.path.replace(/^.*\//, '').replace(/\.js$/, '') as Name;
      const body = Buffer.from(file.contents);
      out[name] = { body, gzip: zlib.gzipSync(body, { level: 9 }), hash: crypto.createHash('sha256').update(body).digest('hex').slice(0, 16) };
    }
    return out;
  }

  function assets(): Promise<Record<Name, Asset>> {
    building ??= buildAll().catch((err: unknown) => {
      building = undefined;
      throw err;
    });
    return building;
  }

  async function send(req: FastifyRequest, reply: FastifyReply, name: Name): Promise<FastifyReply> {
    const asset = (await assets())[name];
    const query = req.query as { v?: string } | undefined;
    reply
      .header('content-type', 'text/javascript; charset=utf-8')
      .header('x-content-type-options', 'nosniff')
      .header('vary', 'accept-encoding')
      .header('cache-control', query?.v === asset.hash ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('etag', `"${asset.hash}"`);
    if (req.headers['if-none-match'] === `"${asset.hash}"`) return reply.code(304).send();
    if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzip);
    return reply.send(asset.body);
  }

  return { assets, send };
}
