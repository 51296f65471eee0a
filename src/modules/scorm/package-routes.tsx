/**
 * The package library: the page /quan-tri/goi-scorm (upload, list, new version; works without
 * JavaScript) and the JSON API /api/scorm/packages. Capability 'scorm:upload'. Uploads stream to a
 * temporary file (SCORM_MAX_UPLOAD_MB), then import; refusals name the problem in the reader's language.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { t } from '../../core/i18n.js';
import { canAnywhere } from '../../core/policy.js';
import { ErrorResponse } from '../../core/schemas.js';
import { sendPage, viewCtx } from '../../views/render.js';
import '../courses/capabilities.js';
import { listPackages } from './package-repository.js';
import { uploadPackage, packageAppError, type UploadResult } from './package-service.js';
import { PackagesPage, type PackagesView } from './package-views.js';
import { receivePackage } from './upload-reader.js';

const access = { capability: 'scorm:upload' };

const PackageSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  version: Type.Integer(),
  lineageId: Type.Integer(),
  scormVersion: Type.String(),
  createdAt: Type.String(),
});
const UploadSchema = Type.Object({
  id: Type.Integer(),
  title: Type.String(),
  version: Type.Integer(),
  lineageId: Type.Integer(),
  scormVersion: Type.String(),
  items: Type.Integer({ description: 'launchable items (SCOs and assets) of the default organization' }),
  activitiesUpdated: Type.Integer(),
});
const IdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

type Outcome = { refused: true } | { refused: false; result?: UploadResult; error?: AppError };

export async function packageRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  async function receiveAndUpload(req: FastifyRequest, reply: FastifyReply, newVersionOf?: number): Promise<Outcome> {
    let upload;
    try {
      upload = await receivePackage(app, req, reply, config.scormMaxUploadBytes);
    } catch (err) {
      const mapped = packageAppError(err);
      if (mapped instanceof AppError) return { refused: false, error: mapped };
      throw err;
    }
    if (upload.kind === 'refused') return { refused: true };
    if (upload.kind === 'none') return { refused: false, error: new AppError('SCORM_NO_FILE', 422) };
    try {
      const updateActivities = upload.fields.updateActivities === '1' && canAnywhere(req.actor, 'course:manage');
      return { refused: false, result: await uploadPackage(db, config, req.actor, upload.path, upload.name, { newVersionOf, updateActivities }) };
    } catch (err) {
      if (err instanceof AppError && (err.statusCode === 422 || err.statusCode === 413)) return { refused: false, error: err };
      throw err;
    } finally {
      await upload.cleanup();
    }
  }

  async function page(req: FastifyRequest, reply: FastifyReply, view: Partial<PackagesView>, status = 200) {
    const full: PackagesView = {
      packages: await listPackages(db),
      maxBytes: config.scormMaxUploadBytes,
      canUpdateActivities: canAnywhere(req.actor, 'course:manage'),
      ...view,
    };
    return sendPage(reply, <PackagesPage ctx={viewCtx(req, reply)} view={full} />, status);
  }

  async function pagePost(req: FastifyRequest, reply: FastifyReply, newVersionOf?: number) {
    const outcome = await receiveAndUpload(req, reply, newVersionOf);
    if (outcome.refused) return reply;
    if (outcome.error) {
      if (outcome.error.statusCode === 404) throw outcome.error;
      return page(req, reply, { error: t(req.lang, `error.${outcome.error.code}`, outcome.error.params) }, outcome.error.statusCode);
    }
    const r = outcome.result!;
    return page(req, reply, { uploaded: { title: r.title, version: r.version, activitiesUpdated: r.activitiesUpdated } }, 201);
  }

  async function apiPost(req: FastifyRequest, reply: FastifyReply, newVersionOf?: number) {
    const outcome = await receiveAndUpload(req, reply, newVersionOf);
    if (outcome.refused) return reply;
    if (outcome.error) throw outcome.error;
    return reply.code(201).send(outcome.result);
  }

  app.get('/quan-tri/goi-scorm', { config: { access }, schema: { hide: true } }, async (req, reply) => page(req, reply, {}));
  app.post('/quan-tri/goi-scorm', { config: { access, csrf: false }, schema: { hide: true } }, async (req, reply) => pagePost(req, reply));
  app.post(
    '/quan-tri/goi-scorm/:id/phien-ban-moi',
    { config: { access, csrf: false }, schema: { hide: true, params: IdParams } },
    async (req, reply) => pagePost(req, reply, req.params.id),
  );

  app.get(
    '/api/scorm/packages',
    { config: { access }, schema: { tags: ['scorm'], summary: 'Every stored package version, newest first within each lineage', response: { 200: Type.Array(PackageSchema), '4xx': ErrorResponse } } },
    async () =>
      (await listPackages(db)).map((p) => ({
        id: p.id,
        title: p.title,
        version: p.version,
        lineageId: p.lineage_id ?? p.id,
        scormVersion: p.scorm_version,
        createdAt: p.created_at,
      })),
  );

  const uploadResponses = { 201: UploadSchema, '4xx': ErrorResponse };
  app.post(
    '/api/scorm/packages',
    {
      config: { access, csrf: false },
      schema: { tags: ['scorm'], summary: 'Upload a SCORM 1.2/2004 .zip (multipart field "file"; x-csrf-token header)', response: uploadResponses },
    },
    async (req, reply) => apiPost(req, reply),
  );
  app.post(
    '/api/scorm/packages/:id/versions',
    {
      config: { access, csrf: false },
      schema: {
        tags: ['scorm'],
        summary: 'Upload a new version of a package (field "updateActivities"=1 also moves activities using an older version)',
        params: IdParams,
        response: uploadResponses,
      },
    },
    async (req, reply) => apiPost(req, reply, req.params.id),
  );
}
