/**
 * A multipart upload with a few form fields (the question import: format and defaults), under the same
 * CSRF rule as people/upload.ts: the route sets `config.csrf: false`, and the token — the `_csrf` field
 * placed before the file, or the `x-csrf-token` header — is checked with the app's own check BEFORE a
 * single byte of the file is read. Fields are read in document order; those after the file are read too.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export type UploadWithFields =
  | { kind: 'file'; name: string; data: Buffer; fields: Record<string, string> }
  | { kind: 'none'; fields: Record<string, string> }
  | { kind: 'refused' };

const MAX_FIELD = 500;

function csrfPasses(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, fieldToken: string | undefined): boolean {
  if (fieldToken !== undefined) (req as { body: unknown }).body = { _csrf: fieldToken };
  let passed = false;
  app.csrfProtection(req, reply, () => {
    passed = true;
  });
  return passed;
}

export async function readUploadWithFields(app: FastifyInstance, req: FastifyRequest, reply: FastifyReply, fileField = 'file'): Promise<UploadWithFields> {
  if (!req.isMultipart()) return csrfPasses(app, req, reply, undefined) ? { kind: 'none', fields: {} } : { kind: 'refused' };
  const fields: Record<string, string> = {};
  let token: string | undefined;
  let checked = false;
  let file: { name: string; data: Buffer } | undefined;
  for await (const part of req.parts()) {
    if (part.type === 'field') {
      if (typeof part.value !== 'string') continue;
      if (part.fieldname === '_csrf') token = part.value;
      else fields[part.fieldname] = part.value.slice(0, MAX_FIELD);
      continue;
    }
    if (!checked) {
      if (!csrfPasses(app, req, reply, token)) return { kind: 'refused' };
      checked = true;
    }
    const data = await part.toBuffer(); // stops at the upload limit set in app.ts (413)
    if (!file && part.fieldname === fileField && (part.filename || data.length)) file = { name: part.filename || 'upload', data };
  }
  if (!checked && !csrfPasses(app, req, reply, token)) return { kind: 'refused' };
  return file ? { kind: 'file', ...file, fields } : { kind: 'none', fields };
}
