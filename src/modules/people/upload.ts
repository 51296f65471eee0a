/**
 * Reading a multipart upload (the Excel import) under CSRF protection.
 *
 * The global CSRF check runs in preHandler, before a handler reads a multipart body, so it cannot
 * see the form's `_csrf` field. Upload routes therefore set `config.csrf: false` and call this
 * reader, which applies the very same check (@fastify/csrf-protection's `csrfProtection`, with the
 * app's `getToken`: the `_csrf` field, else the `x-csrf-token` header) BEFORE a single byte of the
 * file is read:
 *  - a browser without JavaScript posts the form; `_csrf` is a hidden input placed before the file
 *    input, and browsers send the parts in document order, so the token arrives first;
 *  - scripts and API clients send the `x-csrf-token` header.
 * A token placed after the file, or none at all, is refused with 403 and the file is never parsed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type Upload = { kind: 'file'; name: string; data: Buffer } | { kind: 'none' } | { kind: 'refused' };

/** The app's CSRF check; false when it refused (it has then already sent the 403 answer). */
function csrfPasses(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, fieldToken: string | undefined): boolean {
  if (fieldToken !== undefined) (req as { body: unknown }).body = { _csrf: fieldToken };
  let passed = false;
  app.csrfProtection(req, reply, () => {
    passed = true;
  });
  return passed;
}

export async function readUpload(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, fileField = 'file'): Promise<Upload> {
  if (!req.isMultipart()) return csrfPasses(app, req, reply, undefined) ? { kind: 'none' } : { kind: 'refused' };
  let token: string | undefined;
  let checked = false;
  let upload: Upload = { kind: 'none' };
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (part.fieldname === '_csrf' && typeof part.value === 'string') token = part.value;
      continue;
    }
    if (!checked) {
      if (!csrfPasses(app, req, reply, token)) return { kind: 'refused' };
      checked = true;
    }
    // toBuffer() stops at the upload limit set in app.ts (413).
    const data = await part.toBuffer();
    if (upload.kind === 'none' && part.fieldname === fileField && (part.filename || data.length)) {
      upload = { kind: 'file', name: part.filename || 'upload.xlsx', data };
    }
  }
  if (!checked && !csrfPasses(app, req, reply, token)) return { kind: 'refused' };
  return upload;
}
