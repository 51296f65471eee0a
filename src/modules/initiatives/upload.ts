/**
 * The initiative form as multipart: text fields and up to MAX_FILES_PER_UPLOAD files of at most MAX_FILE_BYTES
 * each. CSRF is checked the way people/upload.ts does (the route sets `csrf: false`): the app's own check on the
 * `_csrf` field (before the files in the form) or the x-csrf-token header, BEFORE a byte of a file is kept.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors.js';
import { MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from './files.js';

export interface FormUpload {
  fields: Record<string, string>;
  /** Repeated fields (checkboxes). */
  lists: Record<string, string[]>;
  files: Array<{ name: string; data: Buffer }>;
}

function csrfPasses(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, token: string | undefined): boolean {
  if (token !== undefined) (req as { body: unknown }).body = { _csrf: token };
  let passed = false;
  app.csrfProtection(req, reply, () => {
    passed = true;
  });
  return passed;
}

/** The form's parts, or undefined when the CSRF check refused (the 403 answer is then already sent). */
export async function readInitiativeForm(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, maxBytes = MAX_FILE_BYTES): Promise<FormUpload | undefined> {
  const out: FormUpload = { fields: {}, lists: {}, files: [] };
  if (!req.isMultipart()) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415);
  let checked = false;
  for await (const part of req.parts({ limits: { fileSize: maxBytes, files: MAX_FILES_PER_UPLOAD, fields: 30 }, throwFileSizeLimit: false } as Parameters<typeof req.parts>[0])) {
    if (part.type === 'field') {
      if (typeof part.value !== 'string') continue;
      const value = part.value.slice(0, 20_000);
      if (part.fieldname in out.fields) (out.lists[part.fieldname] ??= [out.fields[part.fieldname]]).push(value);
      else out.fields[part.fieldname] = value;
      continue;
    }
    if (!checked) {
      if (!csrfPasses(app, req, reply, out.fields._csrf)) {
        part.file.resume();
        return undefined;
      }
      checked = true;
    }
    const data = await part.toBuffer();
    if (part.file.truncated) throw new AppError('INITIATIVE_FILE_TOO_LARGE', 413, { name: part.filename ?? '', limit: `${Math.round(maxBytes / 1024 / 1024)} MB` });
    if (part.filename || data.length) out.files.push({ name: part.filename || 'tep', data });
  }
  if (!checked && !csrfPasses(app, req, reply, out.fields._csrf)) return undefined;
  for (const [k, v] of Object.entries(out.fields)) if (!(k in out.lists)) out.lists[k] = [v];
  return out;
}
