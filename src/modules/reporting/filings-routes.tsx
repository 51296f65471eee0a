/**
 * Unit filings (/quan-tri/bao-cao-don-vi): the city defines forms and periods and reviews; each unit at depth 1
 * (commune, ward, special zone, city department) saves and submits its figures per period. A unit administrator
 * sees only their unit's filings (404 elsewhere); the city sees all, with the units that have not filed.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { canAt, scopePaths } from '../../core/policy.js';
import { t as translate } from '../../core/i18n.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { formErrors } from '../../views/form-parts.js';
import { XLSX_TYPE, attachment } from '../people/xlsx-write.js';
import { REPORT_MANAGE, REPORT_VIEW } from './capabilities.js';
import { parseFigures } from './filings-model.js';
import * as repo from './filings-repository.js';
import * as service from './filings-service.js';
import { nonFilersWorkbook } from './filings-export.js';
import { FilingPage, FilingsHomePage, FormEditPage, FormsPage, NewPeriodPage, PeriodPage, ReviewPage, filingHref } from './filings-views.js';
import './messages-filings.js';

const BASE = '/quan-tri/bao-cao-don-vi';
const view = { access: { capability: REPORT_VIEW } };
const manage = { access: { capability: REPORT_MANAGE } };
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const FilingParams = Type.Object({ id: Id, code: Type.String({ minLength: 1, maxLength: 64 }) });
/** Forms whose fields depend on the figures: string values only, bounded. */
const DynamicForm = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 4_000 }), { maxProperties: 400 });
const NOTICES: Record<string, string> = {
  luu: 'filing.notice.saved',
  nop: 'filing.notice.submitted',
  'da-nop': 'filing.notice.already',
  'cong-nhan': 'filing.notice.accepted',
  'tra-lai': 'filing.notice.returned',
  'da-xu-ly': 'filing.notice.alreadyDecided',
  'mau-bieu': 'filing.notice.formSaved',
};
const Done = Type.Object({ xong: Type.Optional(Type.String({ maxLength: 16 })) });
const isFormError = (err: unknown): err is AppError => err instanceof AppError && err.code !== 'NOT_FOUND' && err.statusCode < 500;
const notice = (req: FastifyRequest, key: string | undefined) => (key && NOTICES[key] ? translate(req.lang, NOTICES[key]) : undefined);

export async function filingRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;

  app.get(BASE, { config: view, schema: { hide: true } }, async (req, reply) => {
    const now = new Date();
    const periods = await repo.periods(db);
    const managePaths = scopePaths(req.actor, REPORT_MANAGE);
    let city;
    if (managePaths.length) {
      const totalUnits = (await repo.filingUnits(db, managePaths)).length;
      city = { periods, counts: await repo.periodCounts(db, managePaths), totalUnits };
    }
    // The city's overview covers every unit; a unit administrator sees their own unit(s).
    const units = managePaths.length ? [] : await repo.filingUnits(db, scopePaths(req.actor, REPORT_VIEW));
    const filings = await repo.filingsOfUnits(db, units.map((u) => u.id));
    const byKey = new Map(filings.map((f) => [`${f.period_id}:${f.unit_id}`, f]));
    const unitRows = units.map((unit) => ({ unit, rows: periods.map((period) => ({ period, filing: byKey.get(`${period.id}:${unit.id}`) })) }));
    return sendPage(reply, <FilingsHomePage ctx={viewCtx(req, reply)} city={city} units={unitRows} now={now} />);
  });

  // ---- forms ----

  const formsPage = async (req: FastifyRequest, reply: FastifyReply, err?: AppError, name?: string) => {
    const ctx = viewCtx(req, reply);
    return sendPage(reply, <FormsPage ctx={ctx} forms={await repo.forms(db)} errors={err ? formErrors(ctx, err) : {}} name={name} />, err?.statusCode ?? 200);
  };

  app.get(`${BASE}/mau-bieu`, { config: manage, schema: { hide: true } }, async (req, reply) => formsPage(req, reply));

  app.post(`${BASE}/mau-bieu`, { config: manage, schema: { hide: true, body: formBody({ name: text(400) }) } }, async (req, reply) => {
    try {
      const id = await service.createForm(db, req.actor!, req.body);
      return reply.redirect(`${BASE}/mau-bieu/${id}`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      return formsPage(req, reply, err, req.body.name);
    }
  });

  const formEdit = async (req: FastifyRequest, reply: FastifyReply, id: number, opts: { err?: AppError; name?: string; rows?: service.FigureRowInput[]; notice?: string } = {}) => {
    const form = await repo.formById(db, id);
    if (!form) throw new AppError('NOT_FOUND', 404);
    const ctx = viewCtx(req, reply);
    const rows = opts.rows ?? parseFigures(form.figures);
    return sendPage(reply, <FormEditPage ctx={ctx} form={form} name={opts.name ?? form.name} rows={rows} errors={opts.err ? formErrors(ctx, opts.err) : {}} notice={opts.notice} />, opts.err?.statusCode ?? 200);
  };

  app.get(`${BASE}/mau-bieu/:id`, { config: manage, schema: { hide: true, params: Type.Object({ id: Id }), querystring: Done } }, async (req, reply) =>
    formEdit(req, reply, req.params.id, { notice: notice(req, req.query.xong) }),
  );

  app.post(`${BASE}/mau-bieu/:id`, { config: manage, schema: { hide: true, params: Type.Object({ id: Id }), body: DynamicForm } }, async (req, reply) => {
    const body = req.body;
    const rows: service.FigureRowInput[] = [];
    for (let i = 0; `code_${i}` in body || `labelVi_${i}` in body; i++) {
      rows.push({ code: body[`code_${i}`], labelVi: body[`labelVi_${i}`], labelEn: body[`labelEn_${i}`], kind: body[`kind_${i}`], required: body[`required_${i}`] === '1' });
    }
    try {
      await service.updateForm(db, req.actor!, req.params.id, { name: body.name, rows });
      return reply.redirect(`${BASE}/mau-bieu/${req.params.id}?xong=mau-bieu`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      // Show the rows as sent (blank ones inside kept, so field numbers stay where the errors point), minus the trailing blanks.
      let shown = rows;
      while (shown.length > 0 && !shown[shown.length - 1].code && !shown[shown.length - 1].labelVi && !shown[shown.length - 1].labelEn) shown = shown.slice(0, -1);
      return formEdit(req, reply, req.params.id, { err, name: body.name, rows: shown });
    }
  });

  // ---- periods ----

  const PeriodBody = formBody({ form: text(12), kind: text(16), year: text(8), month: text(4), quarter: text(4), name: text(400), startsOn: text(16), endsOn: text(16), deadline: text(16) });
  const newPeriod = async (req: FastifyRequest, reply: FastifyReply, values: service.PeriodInput, err?: AppError) => {
    const ctx = viewCtx(req, reply);
    return sendPage(reply, <NewPeriodPage ctx={ctx} forms={await repo.forms(db)} values={values} errors={err ? formErrors(ctx, err) : {}} />, err?.statusCode ?? 200);
  };

  app.get(`${BASE}/ky-moi`, { config: manage, schema: { hide: true } }, async (req, reply) => newPeriod(req, reply, {}));

  app.post(`${BASE}/ky-moi`, { config: manage, schema: { hide: true, body: PeriodBody } }, async (req, reply) => {
    try {
      const id = await service.createPeriod(db, req.actor!, req.body);
      return reply.redirect(`${BASE}/ky/${id}`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      return newPeriod(req, reply, req.body, err);
    }
  });

  app.get(`${BASE}/ky/:id`, { config: manage, schema: { hide: true, params: Type.Object({ id: Id }) } }, async (req, reply) => {
    const period = await service.period(db, req.params.id);
    const overview = await service.periodOverview(db, req.actor, period);
    return sendPage(reply, <PeriodPage ctx={viewCtx(req, reply)} period={period} overview={overview} />);
  });

  app.get(`${BASE}/ky/:id/chua-nop.xlsx`, { config: manage, schema: { hide: true, params: Type.Object({ id: Id }) } }, async (req, reply) => {
    const period = await service.period(db, req.params.id);
    const overview = await service.periodOverview(db, req.actor, period);
    const data = await nonFilersWorkbook(req.lang, period, overview);
    return reply
      .header('content-type', XLSX_TYPE)
      .header('content-disposition', attachment(`chua-nop-bao-cao-ky-${period.id}.xlsx`))
      .header('cache-control', 'private, no-store')
      .send(data);
  });

  // ---- a unit's filing ----

  const filingPage = async (req: FastifyRequest, reply: FastifyReply, periodId: number, code: string, opts: { err?: AppError; raw?: Record<string, string>; notice?: string } = {}) => {
    const period = await service.period(db, periodId);
    const unit = await service.filingUnit(db, req.actor, code);
    const filing = await repo.filingOf(db, period.id, unit.id);
    const [values, history, returnComment] = filing ? await Promise.all([repo.valuesOf(db, filing.id), repo.historyOf(db, filing.id), repo.lastReturnComment(db, filing.id)]) : [{}, [], null];
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      <FilingPage
        ctx={ctx}
        period={period}
        unit={unit}
        filing={filing}
        values={values}
        raw={opts.raw}
        history={history}
        returnComment={returnComment}
        canReview={canAt(req.actor, REPORT_MANAGE, unit.path)}
        errors={opts.err ? formErrors(ctx, opts.err) : {}}
        notice={opts.notice}
        now={new Date()}
      />,
      opts.err?.statusCode ?? 200,
    );
  };

  app.get(`${BASE}/ky/:id/don-vi/:code`, { config: view, schema: { hide: true, params: FilingParams, querystring: Done } }, async (req, reply) =>
    filingPage(req, reply, req.params.id, req.params.code, { notice: notice(req, req.query.xong) }),
  );

  app.post(`${BASE}/ky/:id/don-vi/:code`, { config: view, schema: { hide: true, params: FilingParams, body: DynamicForm } }, async (req, reply) => {
    const body = req.body;
    const raw: Record<string, string> = {};
    for (const [k, v] of Object.entries(body)) if (k.startsWith('v_')) raw[k.slice(2)] = v;
    const revision = /^\d{1,9}$/.test(body.revision ?? '') ? Number(body.revision) : -1;
    const action = body.action === 'submit' ? 'submit' : body.action === 'save' ? 'save' : undefined;
    if (!action) throw new AppError('BAD_REQUEST', 400);
    try {
      const outcome = await service.saveFiling(db, req.actor!, req.params.id, req.params.code, { values: raw, revision, action });
      const xong = outcome === 'already' ? 'da-nop' : outcome === 'submitted' ? 'nop' : 'luu';
      return reply.redirect(`${filingHref(req.params.id, req.params.code)}?xong=${xong}`, 303);
    } catch (err) {
      if (!isFormError(err)) throw err;
      // A stale form shows the filing as it is now; a refused one keeps what was typed.
      return filingPage(req, reply, req.params.id, req.params.code, { err, raw: err.code === 'VALIDATION' ? raw : undefined });
    }
  });

  // ---- the city's review ----

  const reviewPage = async (req: FastifyRequest, reply: FastifyReply, periodId: number, code: string, opts: { err?: AppError; input?: { decision?: string; comment?: string }; notice?: string } = {}) => {
    const period = await service.period(db, periodId);
    const unit = await service.filingUnit(db, req.actor, code, REPORT_MANAGE);
    const filing = await repo.filingOf(db, period.id, unit.id);
    if (!filing || filing.status === 'draft') throw new AppError('NOT_FOUND', 404);
    const [values, history] = await Promise.all([repo.valuesOf(db, filing.id), repo.historyOf(db, filing.id)]);
    const ctx = viewCtx(req, reply);
    return sendPage(
      reply,
      <ReviewPage ctx={ctx} period={period} unit={unit} filing={filing} values={values} history={history} errors={opts.err ? formErrors(ctx, opts.err) : {}} input={opts.input ?? {}} notice={opts.notice} now={new Date()} />,
      opts.err?.statusCode ?? 200,
    );
  };

  app.get(`${BASE}/ky/:id/don-vi/:code/xet-duyet`, { config: manage, schema: { hide: true, params: FilingParams, querystring: Done } }, async (req, reply) =>
    reviewPage(req, reply, req.params.id, req.params.code, { notice: notice(req, req.query.xong) }),
  );

  app.post(
    `${BASE}/ky/:id/don-vi/:code/xet-duyet`,
    { config: manage, schema: { hide: true, params: FilingParams, body: formBody({ decision: text(16), comment: text(10_000), revision: text(12) }) } },
    async (req, reply) => {
      try {
        const revision = /^\d{1,9}$/.test(req.body.revision ?? '') ? Number(req.body.revision) : -1;
        const outcome = await service.reviewFiling(db, req.actor!, req.params.id, req.params.code, { ...req.body, revision });
        const xong = outcome === 'already' ? 'da-xu-ly' : outcome === 'accepted' ? 'cong-nhan' : 'tra-lai';
        return reply.redirect(`${filingHref(req.params.id, req.params.code)}/xet-duyet?xong=${xong}`, 303);
      } catch (err) {
        if (!isFormError(err)) throw err;
        return reviewPage(req, reply, req.params.id, req.params.code, { err, input: req.body });
      }
    },
  );
}
