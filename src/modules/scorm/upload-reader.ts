/**
 * Receiving a SCORM .zip (up to SCORM_MAX_UPLOAD_MB) by streaming it to a temporary file, never into
 * memory. CSRF is checked the way people/upload.ts does for the Excel import (the route sets
 * `csrf: false`): with the app's own check, on the `_csrf` field (placed before the file in the form)
 * or the x-csrf-token header, BEFORE a byte of the file is read. Fields after the file are kept too.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { PackageError, formatBytes } from './package/index.js';

export type PackageUpload =
  | { kind: 'file'; path: string; name: string; fields: Record<string, string>; cleanup(): Promise<void> }
  | { kind: 'none'; fields: Record<string, string> }
  | { kind: 'refused' };

function csrfPasses(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, token: string | undefined): boolean {
  if (token !== undefined) (req as { body: unknown }).body = { _csrf: token };
  let passed = false;
  app.csrfProtection(req, reply, () => {
    passed = true;
  });
  return passed;
}

export async function receivePackage(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, maxBytes: number): Promise<PackageUpload> {
  const fields: Record<string, string> = {};
  if (!req.isMultipart()) return csrfPasses(app, req, reply, undefined) ? { kind: 'none', fields } : { kind: 'refused' };
  const dir = path.join(app.services.config.dataDir, 'tmp');
  await fsp.mkdir(dir, { recursive: true });
  let saved: { path: string; name: string } | undefined;
  let checked = false;
  const cleanup = async () => {
    if (saved) await fsp.rm(saved.path, { force: true });
  };
  try {
    for await (const part of req.parts({ limits: { fileSize: maxBytes, files: 1, fields: 20 }, throwFileSizeLimit: false } as Parameters<typeof req.parts>[0])) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value.slice(0, 500);
        continue;
      }
      if (!checked) {
        if (!csrfPasses(app, req, reply, fields._csrf)) {
          part.file.resume();
          return { kind: 'refused' };
        }
        checked = true;
      }
      if (saved || part.fieldname !== 'file' || !part.filename) {
        part.file.resume();
        continue;
      }
      saved = { path: path.join(dir, `upload-${crypto.randomBytes(12).toString('hex')}.zip`), name: part.filename };
      await pipeline(part.file, fs.createWriteStream(saved.path, { flags: 'wx' }));
      if (part.file.truncated) {
        const declared = Number(req.headers['content-length']);
        throw new PackageError('ZIP_FILE_TOO_LARGE', declared > maxBytes ? formatBytes(declared) : `> ${formatBytes(maxBytes)}`, { limit: formatBytes(maxBytes) });
      }
    }
  } catch (err) {
    await cleanup();
    throw err;
  }
  if (!checked && !csrfPasses(app, req, reply, fields._csrf)) return { kind: 'refused' };
  if (!saved) return { kind: 'none', fields };
  return { kind: 'file', path: saved.path, name: saved.name, fields, cleanup };
}
