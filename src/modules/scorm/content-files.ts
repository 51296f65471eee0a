/**
 * Resolving a request path to a file of one stored package, so that no path can leave the package
 * folder: segments are decoded one by one, any ".", "..", empty segment, backslash, NUL or encoded "/"
 * is refused, the result is resolved and must stay under the folder, and the real path (symlinks
 * followed; extraction never writes any) must too.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export const STORAGE_KEY = /^[a-f0-9]{32}$/;

/** The package root for a storage key: DATA_DIR/packages/<key>. */
export function packageDir(dataDir: string, storageKey: string): string {
  return path.join(dataDir, 'packages', storageKey);
}

/** Decoded, checked path segments of a raw URL path (without query), or null when unsafe. */
export function safeSegments(rawPath: string): string[] | null {
  if (rawPath === '') return null;
  const out: string[] = [];
  for (const raw of rawPath.split('/')) {
    let seg: string;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // eslint-disable-next-line no-control-regex
    if (seg === '' || seg === '.' || seg === '..' || /[/\\\u0000-\u001f]/.test(seg)) return null;
    out.push(seg.normalize('NFC'));
  }
  return out;
}

export interface ResolvedFile {
  file: string;
  size: number;
  mtimeMs: number;
}

/** The regular file `segments` names inside `root`, or null. */
export async function resolveInside(root: string, segments: string[]): Promise<ResolvedFile | null> {
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (!file.startsWith(base + path.sep)) return null;
  try {
    const real = await fsp.realpath(file);
    const realBase = await fsp.realpath(base);
    if (!real.startsWith(realBase + path.sep)) return null;
    const stat = await fsp.stat(real);
    if (!stat.isFile()) return null;
    return { file: real, size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return null;
  }
}

const TYPES: Record<string, string> = {
  html: 'text/html', htm: 'text/html', xhtml: 'application/xhtml+xml', js: 'text/javascript', mjs: 'text/javascript',
  css: 'text/css', json: 'application/json', xml: 'application/xml', xsd: 'application/xml', txt: 'text/plain', vtt: 'text/vtt',
  svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  ico: 'image/x-icon', bmp: 'image/bmp', mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', ogv: 'video/ogg',
  mp3: 'audio/mpeg', m4a: 'audio/mp4', wav: 'audio/wav', ogg: 'audio/ogg', oga: 'audio/ogg', pdf: 'application/pdf',
  woff: 'font/woff', woff2: 'font/woff2', ttf: 'font/ttf', otf: 'font/otf', eot: 'application/vnd.ms-fontobject',
  swf: 'application/x-shockwave-flash', wasm: 'application/wasm', csv: 'text/csv',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).slice(1).toLowerCase()] ?? 'application/octet-stream';
}

/** A single "bytes=a-b" range within size, or null (whole file), or 'invalid' (416). */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | null | 'invalid' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null; // several ranges or odd syntax: send the whole file
  let start: number;
  let end: number;
  if (m[1] === '') {
    start = Math.max(0, size - Number(m[2]));
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || start > end) return 'invalid';
  return { start, end };
}

export function readStream(file: string, range?: { start: number; end: number }): fs.ReadStream {
  return fs.createReadStream(file, range ?? {});
}
