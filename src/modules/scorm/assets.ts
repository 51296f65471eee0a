/**
 * The browser code of the SCORM player, bundled in-process with esbuild the first time it is asked
 * for (about 0.3 s; once per process), kept in memory with a gzip copy:
 *  - scorm-player-{12,2004}.js  (platform origin, /static/scorm-player-….js): the real SCORM API
 *    (scorm-again; 2004 with sequencing), table of contents, commit queue;
 *  - scorm-content-{12,2004}.js (content origin, /launch-….js): the launch wrapper and its shadow API.
 * One bundle per SCORM version keeps SCORM 1.2 lessons light (the 2004 sequencer is most of the weight).
 * URLs carry a content hash, so both are cached as immutable. The bundling itself: src/views/client-bundle.ts.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { clientBundle, type Asset } from '../../views/client-bundle.js';

export type { Asset };
export const ASSETS = ['scorm-player-12', 'scorm-player-2004', 'scorm-content-12', 'scorm-content-2004'] as const;
export type AssetName = (typeof ASSETS)[number];

const entry = (name: string) => fileURLToPath(new URL(`./client/${name}.ts`, import.meta.url));

const bundle = clientBundle(Object.fromEntries(ASSETS.map((name) => [name, entry(name.replace('scorm-', ''))])) as Record<AssetName, string>);

/** The bundles (built once per process). */
export function clientAssets(): Promise<Record<AssetName, Asset>> {
  return bundle.assets();
}

/** The asset's URL path with its content hash: /static/scorm-player-12.js?v=… (platform) or /launch-12.js?v=… (content). */
export async function assetUrl(name: AssetName): Promise<string> {
  const path = name.startsWith('scorm-content-') ? `/launch-${name.slice('scorm-content-'.length)}.js` : `/static/${name}.js`;
  return `${path}?v=${(await clientAssets())[name].hash}`;
}

export async function sendAsset(req: FastifyRequest, reply: FastifyReply, name: AssetName): Promise<FastifyReply> {
  return bundle.send(req, reply, name);
}
