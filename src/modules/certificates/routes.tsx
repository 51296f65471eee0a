/**
 * Certificates: the holder's list and PDF, the public verification page behind the QR code, and
 * revocation by 'certificate:revoke' holders for courses hosted in their scope.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { scopePaths } from '../../core/policy.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { t as translate } from '../../core/i18n.js';
import { attachment } from '../people/xlsx-write.js';
import { normalizeCode } from './code.js';
import { certificatesHostedUnder, certificatesOf } from './repository.js';
import { CertificateSchema, CodeParams, presentCertificate } from './schema.js';
import { REASON_MAX, REVOKE, findByCode, ownCertificate, pdfOf, revocable, revokeCertificate } from './service.js';
import { AdminCertificatePage, AdminCertificatesPage, MyCertificatesPage, VerifyPage } from './views.js';

const PAGE_SIZE = 50;
const revokeAccess = { capability: REVOKE };

export async function certificatesModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  app.get('/hoc-tap/chung-nhan', { config: { access: 'signed-in' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <MyCertificatesPage ctx={viewCtx(req, reply)} certificates={await certificatesOf(db, req.actor!.userId)} />),
  );

  app.get(
    '/api/certificates',
    { config: { access: 'signed-in' }, schema: { tags: ['certificates'], summary: 'Your certificates', response: { 200: Type.Object({ items: Type.Array(CertificateSchema) }), '4xx': ErrorResponse } } },
    async (req) => ({ items: (await certificatesOf(db, req.actor!.userId)).map((c) => presentCertificate(config, c)) }),
  );

  app.get(
    '/hoc-tap/chung-nhan/:code/pdf',
    { config: { access: 'signed-in' }, schema: { tags: ['certificates'], summary: 'Your certificate as a PDF (A4 landscape, with the verification QR code)', params: CodeParams } },
    async (req, reply) => {
      const cert = await ownCertificate(db, req.actor!, req.params.code);
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', attachment(translate(req.lang, 'cert.fileName', { code: cert.code })))
        .header('cache-control', 'no-store')
        .send(await pdfOf(config, cert));
    },
  );

  // Public: what the QR code opens. Name, course, date and validity only; search engines are kept away.
  app.get('/chung-nhan/:code', { config: { access: 'public' }, schema: { hide: true, params: CodeParams } }, async (req, reply) => {
    const cert = await findByCode(db, req.params.code);
    if (cert.code !== req.params.code) return reply.redirect(`/chung-nhan/${cert.code}`, 301);
    reply.header('x-robots-tag', 'noindex, nofollow').header('referrer-policy', 'no-referrer');
    return sendPage(reply, <VerifyPage ctx={viewCtx(req, reply)} certificate={cert} />);
  });

  app.get(
    '/quan-tri/chung-nhan',
    { config: { access: revokeAccess }, schema: { hide: true, querystring: Type.Object({ code: text(64), page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })) }) } },
    async (req, reply) => {
      const typed = req.query.code?.trim();
      // A code that cannot exist finds nothing (rather than everything).
      const code = typed ? (normalizeCode(typed) ?? '-') : undefined;
      const page = req.query.page ?? 1;
      const { rows, total } = await certificatesHostedUnder(db, scopePaths(req.actor, REVOKE), { code, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
      return sendPage(reply, <AdminCertificatesPage ctx={viewCtx(req, reply)} rows={rows} total={total} page={page} pageSize={PAGE_SIZE} code={typed} />);
    },
  );

  const detail = async (req: FastifyRequest, reply: FastifyReply, code: string, opts: { error?: AppError; reason?: string; done?: boolean } = {}) => {
    const ctx = viewCtx(req, reply);
    const cert = await revocable(db, req.actor, code);
    return sendPage(
      reply,
      <AdminCertificatePage ctx={ctx} certificate={cert} errors={opts.error ? formErrors(ctx, opts.error) : {}} reason={opts.reason} done={opts.done} />,
      opts.error?.statusCode ?? 200,
    );
  };

  app.get(
    '/quan-tri/chung-nhan/:code',
    { config: { access: revokeAccess }, schema: { hide: true, params: CodeParams, querystring: Type.Object({ done: Type.Optional(Type.Literal('1')) }) } },
    async (req, reply) => detail(req, reply, req.params.code, { done: req.query.done === '1' }),
  );

  app.post(
    '/quan-tri/chung-nhan/:code/thu-hoi',
    { config: { access: revokeAccess }, schema: { hide: true, params: CodeParams, body: formBody({ reason: text(REASON_MAX * 2) }) } },
    async (req, reply) => {
      try {
        await revokeCertificate(db, req.actor!, req.params.code, req.body.reason ?? '');
        return reply.redirect(`/quan-tri/chung-nhan/${normalizeCode(req.params.code)}?done=1`, 303);
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'NOT_FOUND' || err.statusCode >= 500) throw err;
        return detail(req, reply, req.params.code, { error: err, reason: req.body.reason });
      }
    },
  );

  app.post(
    '/api/certificates/:code/revoke',
    {
      config: { access: revokeAccess },
      schema: {
        tags: ['certificates'],
        summary: 'Revoke a certificate of a course hosted in your scope, with a reason (audited)',
        params: CodeParams,
        body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: REASON_MAX }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), '4xx': ErrorResponse },
      },
    },
    async (req, reply) => {
      await revokeCertificate(db, req.actor!, req.params.code, req.body.reason);
      return reply.code(204).send(null);
    },
  );
}
