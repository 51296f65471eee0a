/**
 * Initiatives and models (src/modules/initiatives): units propose (/quan-tri/sang-kien), the city accepts or
 * returns with a comment, accepted ones are public at /sang-kien, units record that they replicated one.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { canAnywhere, canAt, scopePaths } from '../../core/policy.js';
import { t as translate } from '../../core/i18n.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { attachment } from '../people/xlsx-write.js';
import { INITIATIVE_PROPOSE, INITIATIVE_REVIEW } from './capabilities.js';
import { CONTENT_TYPES, readStored, type FileKind } from './files.js';
import * as repo from './repository.js';
import * as service from './service.js';
import { readInitiativeForm } from './upload.js';
import { InitiativeFormPage, InitiativePage, InitiativesDashboardPage, InitiativesListPage, PublicInitiativePage, PublicListPage } from './views.js';

const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });
const proposeAccess = { capability: INITIATIVE_PROPOSE };
const isFormError = (err: unknown): err is AppError => err instanceof AppError && err.code !== 'NOT_FOUND' && err.statusCode < 500;
const Done = Type.Object({ xong: Type.Optional(Type.Union([Type.Literal('gui'), Type.Literal('cong-nhan'), Type.Literal('tra-lai'), Type.Literal('nhan-rong')])) });
const NOTICES: Record<string, string> = { gui: 'initiative.saved', 'cong-nhan': 'initiative.decidedAccepted', 'tra-lai': 'initiative.decidedReturned', 'nhan-rong': 'initiative.replicated' };

/** Anyone who may see the administration list: proposers and reviewers. */
const adminAccess = { capability: INITIATIVE_PROPOSE };

export async function initiativesModule(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;

  app.get('/quan-tri/sang-kien', { config: { access: adminAccess }, schema: { hide: true } }, async (req, reply) => {
    const rows = await repo.initiativesUnder(db, service.visiblePaths(req.actor));
    return sendPage(reply, <InitiativesListPage ctx={viewCtx(req, reply)} rows={rows} canPropose={canAnywhere(req.actor, INITIATIVE_PROPOSE)} />);
  });

  app.get('/quan-tri/sang-kien/bao-cao', { config: { access: adminAccess }, schema: { hide: true } }, async (req, reply) => {
    const rows = await repo.byUnit(db, service.visiblePaths(req.actor));
    return sendPage(reply, <InitiativesDashboardPage ctx={viewCtx(req, reply)} rows={rows} />);
  });

  const formPage = async (req: FastifyRequest, reply: FastifyReply, values: service.InitiativeFields, err?: AppError, id?: number) => {
    const ctx = viewCtx(req, reply);
    const initiative = id ? await repo.initiativeById(db, id) : undefined;
    const units = await repo.proposingUnitsUnder(db, scopePaths(req.actor, INITIATIVE_PROPOSE));
    const files = id ? await repo.filesOf(db, id) : undefined;
    return sendPage(reply, <InitiativeFormPage ctx={ctx} units={units} values={values} errors={err ? formErrors(ctx, err) : {}} initiative={initiative} files={files} />, err?.statusCode ?? 200);
  };

  app.get('/quan-tri/sang-kien/moi', { config: { access: proposeAccess }, schema: { hide: true } }, async (req, reply) => formPage(req, reply, {}));

  // Multipart: CSRF is checked by the reader before any file is kept (see upload.ts).
  app.post('/quan-tri/sang-kien/moi', { config: { access: proposeAccess, csrf: false }, schema: { hide: true } }, async (req, reply) => {
    let form: Awaited<ReturnType<typeof readInitiativeForm>>;
    try {
      form = await readInitiativeForm(app, req, reply);
    } catch (err) {
      if (!isFormError(err) || err.code === 'UNSUPPORTED_MEDIA_TYPE') throw err;
      return formPage(req, reply, {}, new AppError(err.code, err.statusCode, err.params, { files: err.code }));
    }
    if (!form) return reply;
    try {
      const id = await service.propose(db, config, req.actor!, form.fields, form.files);
      return reply.redirect(`/quan-tri/sang-kien/${id}?xong=gui`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      return formPage(req, reply, form.fields, err);
    }
  });

  const detail = async (req: FastifyRequest, reply: FastifyReply, id: number, opts: { notice?: string; err?: AppError; values?: Record<string, string | undefined> } = {}) => {
    const ctx = viewCtx(req, reply);
    const it = await service.visibleInitiative(db, req.actor, id);
    const [history, files, replications] = await Promise.all([repo.historyOf(db, id), repo.filesOf(db, id), repo.replicationsOf(db, id)]);
    return sendPage(
      reply,
      <InitiativePage
        ctx={ctx}
        initiative={it}
        history={history}
        files={files}
        replications={replications}
        canEdit={it.status !== 'accepted' && canAt(req.actor, INITIATIVE_PROPOSE, it.unit_path)}
        canReview={canAt(req.actor, INITIATIVE_REVIEW, it.unit_path)}
        replicateUnits={[]}
        notice={opts.notice}
        errors={opts.err ? formErrors(ctx, opts.err) : {}}
        values={opts.values ?? {}}
      />,
      opts.err?.statusCode ?? 200,
    );
  };

  app.get('/quan-tri/sang-kien/:id', { config: { access: adminAccess }, schema: { hide: true, params: IdParams, querystring: Done } }, async (req, reply) =>
    detail(req, reply, req.params.id, { notice: req.query.xong ? translate(req.lang, NOTICES[req.query.xong]) : undefined }),
  );

  app.get('/quan-tri/sang-kien/:id/sua', { config: { access: proposeAccess }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const it = await repo.initiativeById(db, req.params.id);
    if (!it || !canAt(req.actor, INITIATIVE_PROPOSE, it.unit_path)) throw new AppError('NOT_FOUND', 404);
    if (it.status === 'accepted') throw new AppError('INITIATIVE_NOT_EDITABLE', 409);
    return formPage(req, reply, { title: it.title, description: it.description, results: it.results }, undefined, it.id);
  });

  app.post('/quan-tri/sang-kien/:id/sua', { config: { access: proposeAccess, csrf: false }, schema: { hide: true, params: IdParams } }, async (req, reply) => {
    const it = await repo.initiativeById(db, req.params.id);
    if (!it || !canAt(req.actor, INITIATIVE_PROPOSE, it.unit_path)) throw new AppError('NOT_FOUND', 404);
    let form: Awaited<ReturnType<typeof readInitiativeForm>>;
    try {
      form = await readInitiativeForm(app, req, reply);
    } catch (err) {
      if (!isFormError(err) || err.code === 'UNSUPPORTED_MEDIA_TYPE') throw err;
      return formPage(req, reply, { title: it.title, description: it.description, results: it.results }, new AppError(err.code, err.statusCode, err.params, { files: err.code }), it.id);
    }
    if (!form) return reply;
    const remove = (form.lists.removeFile ?? []).map(Number).filter((n) => Number.isInteger(n) && n > 0);
    try {
      await service.edit(db, config, req.actor!, it.id, form.fields, form.files, remove);
      return reply.redirect(`/quan-tri/sang-kien/${it.id}?xong=gui`, 303);
    } catch (err) {
      if (!isFormError(err) || err.code === 'INITIATIVE_NOT_EDITABLE') throw err;
      return formPage(req, reply, form.fields, err, it.id);
    }
  });

  app.post(
    '/quan-tri/sang-kien/:id/xet-duyet',
    { config: { access: { capability: INITIATIVE_REVIEW } }, schema: { hide: true, params: IdParams, body: formBody({ decision: text(16), comment: text(10_000) }) } },
    async (req, reply) => {
      try {
        const decision = await service.review(db, req.actor!, req.params.id, req.body);
        return reply.redirect(`/quan-tri/sang-kien/${req.params.id}?xong=${decision === 'accepted' ? 'cong-nhan' : 'tra-lai'}`, 303);
      } catch (err) {
        if (!isFormError(err)) throw err;
        return detail(req, reply, req.params.id, { err, values: req.body });
      }
    },
  );

  app.get(
    '/quan-tri/sang-kien/:id/tep/:fileId',
    { config: { access: proposeAccess }, schema: { hide: true, params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), fileId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) }) } },
    async (req, reply) => {
      const file = await service.readableFile(db, req.actor, req.params.id, req.params.fileId);
      const data = await readStored(config.dataDir, file.storage_key);
      return reply
        .header('content-type', CONTENT_TYPES[file.kind as FileKind] ?? 'application/octet-stream')
        .header('content-disposition', attachment(file.file_name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(data);
    },
  );

  // ---- public ----

  app.get('/sang-kien', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <PublicListPage ctx={viewCtx(req, reply)} rows={await repo.acceptedInitiatives(db)} />),
  );

  const publicPage = async (req: FastifyRequest, reply: FastifyReply, id: number, opts: { notice?: string; err?: AppError; values?: { repUnit?: string; repDate?: string; repNote?: string } } = {}) => {
    const ctx = viewCtx(req, reply);
    const it = await repo.initiativeById(db, id);
    if (!it || it.status !== 'accepted') throw new AppError('NOT_FOUND', 404);
    const replications = await repo.replicationsOf(db, id);
    const units = (await repo.proposingUnitsUnder(db, scopePaths(req.actor, INITIATIVE_PROPOSE))).filter((u) => u.id !== it.unit_id);
    return sendPage(
      reply,
      <PublicInitiativePage ctx={ctx} initiative={it} replications={replications} replicateUnits={units} errors={opts.err ? formErrors(ctx, opts.err) : {}} values={opts.values ?? {}} notice={opts.notice} />,
      opts.err?.statusCode ?? 200,
    );
  };

  app.get('/sang-kien/:id', { config: { access: 'public' }, schema: { hide: true, params: IdParams, querystring: Done } }, async (req, reply) =>
    publicPage(req, reply, req.params.id, { notice: req.query.xong === 'nhan-rong' ? translate(req.lang, NOTICES['nhan-rong']) : undefined }),
  );

  app.post(
    '/sang-kien/:id/nhan-rong',
    { config: { access: proposeAccess }, schema: { hide: true, params: IdParams, body: formBody({ repUnit: text(32), repDate: text(10), repNote: text(4000) }) } },
    async (req, reply) => {
      try {
        await service.replicate(db, req.actor!, req.params.id, { unit: req.body.repUnit, date: req.body.repDate, note: req.body.repNote });
        return reply.redirect(`/sang-kien/${req.params.id}?xong=nhan-rong`, 303);
      } catch (err) {
        if (!isFormError(err)) throw err;
        return publicPage(req, reply, req.params.id, { err, values: req.body });
      }
    },
  );
}
