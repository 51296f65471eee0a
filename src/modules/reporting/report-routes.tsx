/**
 * The generated report (/quan-tri/bao-cao): choose a period and download the .docx and the per-unit annex .xlsx.
 *
 * Who gets what:
 *  - the city report (the root unit, header of REPORT_AGENCY, the agency's classes, …) needs report:manage at the
 *    root — a city administrator;
 *  - a unit administrator (report:view) gets their own unit's report: the same layout with their unit's name in the
 *    header and their unit's figures only; the annex lists the units below theirs (villages). Any other unit: 404.
 *  - the wording templates (/quan-tri/bao-cao/mau) are the city's: report:manage.
 * The .docx carries the charts of section I as PNG (report-charts.ts) when the PNG library loads; without it the
 * report is produced all the same, and a warning says why in the log.
 * Query parameters: tu, den (inclusive dates YYYY-MM-DD), don_vi (unit code; default: the city, or the only unit in
 * scope), so (document number, optional).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { AppError, notFound } from '../../core/errors.js';
import { formBody, text } from '../../core/forms.js';
import { canAt, scopePaths } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { XLSX_TYPE, attachment } from '../people/xlsx-write.js';
import { REPORT_MANAGE, REPORT_VIEW } from './capabilities.js';
import { indicatorsByUnit, isValidPeriod, type Period } from './indicators.js';
import { reportData, type ReportUnit } from './report-data.js';
import { reportDocx } from './report-docx.js';
import { reportCharts } from './report-charts.js';
import { pngRasterizer } from './chart-png.js';
import { reportAnnex } from './report-annex.js';
import { TEMPLATE_KEYS, loadTemplates, normalizeEdits, saveTemplates } from './report-templates.js';
import { REPORT_BASE, ReportPage, TemplatesPage } from './report-views.js';
import { t as translate } from '../../core/i18n.js';
import { audit } from '../../core/audit.js';
import './messages-report.js';

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const view = { access: { capability: REPORT_VIEW } };
const manage = { access: { capability: REPORT_MANAGE } };
const Query = Type.Object({
  tu: Type.Optional(Type.String({ maxLength: 10 })),
  den: Type.Optional(Type.String({ maxLength: 10 })),
  don_vi: Type.Optional(Type.String({ maxLength: 64 })),
  so: Type.Optional(Type.String({ maxLength: 20 })),
});
const TemplatesBody = formBody(Object.fromEntries(TEMPLATE_KEYS.map((k) => [k, text(20_000)])));

const nextDay = (d: string) => {
  const x = new Date(d + 'T00:00:00Z');
  x.setUTCDate(x.getUTCDate() + 1);
  return x.toISOString().slice(0, 10);
};

/** The period from the form's inclusive dates (den = last day). */
export function periodOf(tu: string | undefined, den: string | undefined): Period {
  const p = { from: tu ?? '', to: den && /^\d{4}-\d{2}-\d{2}$/.test(den) ? nextDay(den) : '' };
  if (!isValidPeriod(p)) throw new AppError('REPORT_PERIOD_INVALID', 400, {}, { tu: 'REPORT_PERIOD_INVALID' });
  return p;
}

export async function reportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db, config } = app.services;
  const unitCols = ['id', 'code', 'name', 'type', 'path'] as const;

  const root = () => db.selectFrom('units').select([...unitCols]).where('code', '=', config.cityCode).executeTakeFirstOrThrow();

  /** The units the actor may report on: the city (report:manage), else the units of their report:view grants. */
  async function choices(req: FastifyRequest): Promise<{ units: ReportUnit[]; city?: ReportUnit }> {
    const city = await root();
    const cityOk = canAt(req.actor, REPORT_MANAGE, city.path);
    const paths = scopePaths(req.actor, REPORT_VIEW);
    const own = paths.length ? await db.selectFrom('units').select([...unitCols]).where('path', 'in', paths).where('retired_at', 'is', null).orderBy('name').execute() : [];
    const units = cityOk ? [city, ...own.filter((u) => u.id !== city.id)] : own;
    return { units, city: cityOk ? city : undefined };
  }

  /** The unit asked for, if the actor may report on it (404 otherwise). */
  async function target(req: FastifyRequest, code: string | undefined): Promise<{ unit: ReportUnit; cityReport: boolean }> {
    const city = await root();
    const c = code || undefined;
    if (!c || c === city.code) {
      if (canAt(req.actor, REPORT_MANAGE, city.path)) return { unit: city, cityReport: true };
      if (c) throw notFound();
      const { units } = await choices(req);
      if (units.length !== 1) throw notFound();
      return { unit: units[0], cityReport: false };
    }
    const unit = await db.selectFrom('units').select([...unitCols]).where('code', '=', c).executeTakeFirst();
    if (!unit || !canAt(req.actor, REPORT_VIEW, unit.path)) throw notFound();
    return { unit, cityReport: false };
  }

  const page = async (req: FastifyRequest, reply: FastifyReply, err?: AppError, q: { tu?: string; den?: string; don_vi?: string } = {}) => {
    const ctx = viewCtx(req, reply);
    const { units, city } = await choices(req);
    if (units.length === 0) throw notFound();
    const year = new Date(Date.now() + 7 * 3600_000).getUTCFullYear();
    const errors: Record<string, string> = err ? { tu: ctx.t(`error.${err.code}`) } : {};
    return sendPage(
      reply,
      <ReportPage
        ctx={ctx}
        units={units.map((u) => ({ code: u.code, label: city && u.id === city.id ? translate(req.lang, 'report.cityUnit', { name: u.name }) : u.name }))}
        cityReport={!!city}
        canManage={!!city}
        from={q.tu ?? `${year}-01-01`}
        to={q.den ?? `${year}-12-31`}
        unit={q.don_vi}
        errors={errors}
      />,
      err?.statusCode ?? 200,
    );
  };

  app.get(REPORT_BASE, { config: view, schema: { hide: true } }, async (req, reply) => page(req, reply));

  const download = (kind: 'docx' | 'xlsx') => async (req: FastifyRequest<{ Querystring: typeof Query.static }>, reply: FastifyReply) => {
    const q = req.query;
    let period: Period;
    try {
      period = periodOf(q.tu, q.den);
    } catch (err) {
      if (err instanceof AppError) return page(req, reply, err, q);
      throw err;
    }
    const { unit, cityReport } = await target(req, q.don_vi);
    const stamp = `${period.from}_${q.den}`;
    if (kind === 'docx') {
      // The contest registrants of the units right below (the city's communes and departments) are for the chart of
      // section 2.5; computed beside the report's own figures, only when charts can be drawn.
      const rasterizer = await pngRasterizer();
      const [data, children] = await Promise.all([
        reportData(db, config.report, config.publicUrl, unit, cityReport, period),
        rasterizer.rasterize ? indicatorsByUnit(db, unit.path, period) : [],
      ]);
      if (!rasterizer.rasterize) req.log.warn({ reason: rasterizer.reason }, 'report: the PNG library (@resvg/resvg-js) cannot be loaded here; the report is generated without its charts');
      const byUnit = children.map((r) => ({ name: r.unit.name, registrants: r.indicators.contest.registrants }));
      const charts = await reportCharts(data, byUnit, rasterizer.rasterize);
      const buf = await reportDocx(config.report, data, await loadTemplates(db), { number: q.so, charts });
      return reply.header('content-type', DOCX_TYPE).header('content-disposition', attachment(`bao-cao-${unit.code}-${stamp}.docx`)).send(buf);
    }
    const buf = await reportAnnex(db, unit.path, period, unit.name);
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(`phu-luc-${unit.code}-${stamp}.xlsx`)).send(buf);
  };
  app.get(`${REPORT_BASE}/bao-cao.docx`, { config: view, schema: { hide: true, querystring: Query } }, download('docx'));
  app.get(`${REPORT_BASE}/phu-luc.xlsx`, { config: view, schema: { hide: true, querystring: Query } }, download('xlsx'));

  app.get(`${REPORT_BASE}/mau`, { config: manage, schema: { hide: true, querystring: Type.Object({ xong: Type.Optional(Type.String({ maxLength: 8 })) }) } }, async (req, reply) => {
    if (!canAt(req.actor, REPORT_MANAGE, (await root()).path)) throw notFound();
    return sendPage(reply, <TemplatesPage ctx={viewCtx(req, reply)} templates={await loadTemplates(db)} saved={req.query.xong === '1'} />);
  });

  app.post(`${REPORT_BASE}/mau`, { config: manage, schema: { hide: true, body: TemplatesBody } }, async (req, reply) => {
    if (!canAt(req.actor, REPORT_MANAGE, (await root()).path)) throw notFound();
    const edits = normalizeEdits(req.body as Record<string, string>);
    await saveTemplates(db, edits, req.actor!.userId);
    await audit(db, req.actor, { action: 'report.templates.save', targetType: 'setting', targetId: 'report_templates', details: { changed: Object.keys(edits) } });
    return reply.redirect(`${REPORT_BASE}/mau?xong=1`, 303);
  });
}
