/**
 * Photos of the support log: read from the multipart form under the same CSRF rule as people/upload.ts (the route
 * sets `config.csrf: false`; the `_csrf` field placed before the file, or the x-csrf-token header, is checked with
 * the app's own check BEFORE a byte of the file is read), limited to SUPPORT_PHOTO_MAX_MB while streaming, and
 * accepted only when the first bytes say JPEG, PNG or WebP — whatever the file name or the declared type say.
 * Stored under DATA_DIR/support-photos/<yyyy-mm>/<random>.<ext>; served only through the log's scope checks.
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';

export interface PhotoKind {
  type: 'image/jpeg' | 'image/png' | 'image/webp';
  ext: 'jpg' | 'png' | 'webp';
}

/** The image type the bytes show, or undefined when they are not a JPEG, PNG or WebP image. */
export function sniffImage(data: Buffer): PhotoKind | undefined {
  if (data.length >= 4 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { type: 'image/jpeg', ext: 'jpg' };
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { type: 'image/png', ext: 'png' };
  if (data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WEBP') return { type: 'image/webp', ext: 'webp' };
  return undefined;
}

export type SupportUpload =
  | { kind: 'form'; fields: Record<string, string>; photo?: Buffer }
  | { kind: 'refused' };

const MAX_FIELD = 1000;

function csrfPasses(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, token: string | undefined): boolean {
  if (token !== undefined) (req as { body: unknown }).body = { _csrf: token };
  let passed = false;
  app.csrfProtection(req, reply, () => {
    passed = true;
  });
  return passed;
}

/**
 * The support form's fields and its photo. The route turns the global CSRF check off, so it is made here: for a
 * urlencoded body (no photo; already parsed by Fastify) on its `_csrf` field, for multipart before the photo.
 */
export async function readSupportForm(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, maxBytes: number): Promise<SupportUpload> {
  if (!req.isMultipart()) {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (typeof v === 'string') fields[k] = v.slice(0, MAX_FIELD);
    return csrfPasses(app, req, reply, fields._csrf) ? { kind: 'form', fields } : { kind: 'refused' };
  }
  const fields: Record<string, string> = {};
  let checked = false;
  let photo: Buffer | undefined;
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 30 }, throwFileSizeLimit: false } as Parameters<typeof req.parts>[0])) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value.slice(0, MAX_FIELD);
      continue;
    }
    if (!checked) {
      if (!csrfPasses(app, req, reply, fields._csrf)) {
        part.file.resume();
        return { kind: 'refused' };
      }
      checked = true;
    }
    if (part.fieldname !== 'anh' || photo) {
      part.file.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of part.file) chunks.push(chunk as Buffer);
    if (part.file.truncated) {
      throw new AppError('SUPPORT_PHOTO_TOO_LARGE', 413, { limit: Math.round(maxBytes / 1024 / 1024) }, { anh: 'SUPPORT_PHOTO_TOO_LARGE' });
    }
    const data = Buffer.concat(chunks);
    if (data.length > 0) photo = data;
  }
  if (!checked && !csrfPasses(app, req, reply, fields._csrf)) return { kind: 'refused' };
  return { kind: 'form', fields, photo };
}

const photoDir = (dataDir: string) => path.join(dataDir, 'support-photos');

/** Writes the photo; returns its key (relative path). */
export async function storePhoto(dataDir: string, data: Buffer, kind: PhotoKind): Promise<string> {
  const month = new Date().toISOString().slice(0, 7);
  const key = `${month}/${crypto.randomBytes(16).toString('hex')}.${kind.ext}`;
  const file = path.join(photoDir(dataDir), key);
  await fsp.mkdir(path.dirname(file), { recursive: true });
  await fsp.writeFile(file, data, { flag: 'wx' });
  return key;
}

export async function removePhoto(dataDir: string, key: string): Promise<void> {
  await fsp.rm(path.join(photoDir(dataDir), key), { force: true });
}

const KEY = /^\d{4}-\d{2}\/[0-9a-f]{32}\.(jpg|png|webp)$/;

export async function readPhoto(dataDir: string, key: string): Promise<Buffer | undefined> {
  if (!KEY.test(key)) return undefined;
  try {
    return await fsp.readFile(path.join(photoDir(dataDir), key));
  } catch {
    return undefined;
  }
}
