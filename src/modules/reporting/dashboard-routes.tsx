/**
 * Dashboards and open data.
 *
 * - /quan-tri/so-lieu (report:view): the figures of one unit in the caller's scope over a period, charts drawn on
 *   the server with their data tables; /quan-tri/so-lieu/so-lieu.xlsx: the same tables as a workbook.
 *   `don_vi` = unit code (default: the top of the caller's scope), `ky` = thang | quy | nam | khac, `tu`/`den` =
 *   days for 'khac'. A unit outside the caller's scope answers 404.
 * - /du-lieu-mo (public): the open-data page; /du-lieu-mo/chi-so.csv and .json: aggregates per unit (open-data.ts).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { notFound } from '../../core/errors.js';
import { t as translate } from '../../core/i18n.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { sendPage, viewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import type { ViewCtx } from '../../views/render.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import { XLSX_TYPE, attachment } from '../people/xlsx-write.js';
import { REPORT_VIEW } from './capabilities.js';
import { buildDashboard } from './dashboard-data.js';
import { resolvePeriod, displayDay, addDays, type ResolvedPeriod } from './dashboard-period.js';
import { DashboardPage, query } from './dashboard-views.js';
import { dashboardWorkbook } from './exports-xlsx.js';
import {
  OPEN_COLUMNS,
  etagOf,
  openDataset,
  openPeriodError,
  parseOpenPeriod,
  periodQueryString,
  recentPeriods,
  toCsv,
  toJson,
  type OpenPeriod,
} from './open-data.js';
import './messages-dashboards.js';

const DashboardQuery = Type.Object({
  don_vi: Type.Optional(Type.String({ maxLength: 64 })),
  ky: Type.Optional(Type.String({ maxLength: 16 })),
  tu: Type.Optional(Type.String({ maxLength: 10 })),
  den: Type.Optional(Type.String({ maxLength: 10 })),
});

const OpenQuery = Type.Object({
  ky: Type.Optional(Type.String({ maxLength: 16 })),
  tu: Type.Optional(Type.String({ maxLength: 10 })),
  den: Type.Optional(Type.String({ maxLength: 10 })),
  from: Type.Optional(Type.String({ maxLength: 10 })),
  to: Type.Optional(Type.String({ maxLength: 10 })),
});

/** Open data changes slowly (ended months only): shared caches may keep it an hour. */
const OPEN_CACHE = 'public, max-age=3600, stale-while-revalidate=600';

/** The unit asked for (or the top of the caller's scope) and the units offered in the form; 404 outside the scope. */
async function scopedUnit(app: FastifyInstance, actor: Actor | undefined, code: string | undefined) {
  const { db } = app.services;
  const paths = scopePaths(actor, REPORT_VIEW);
  if (paths.length === 0) throw notFound();
  const inScope = (u: UnitRow) => paths.some((p) => u.path.startsWith(p));
  const all = await unitsUnder(db, paths);
  const tops = all.filter((u) => paths.includes(u.path));
  let unit: UnitRow | undefined = tops[0];
  if (code) {
    unit = await unitByCode(db, code);
    if (!unit || !inScope(unit)) throw notFound();
  }
  if (!unit) throw notFound();
  // Offered: the tops of the scope and the units right below them, plus the current one.
  const topIds = new Set(tops.map((u) => u.id));
  const offered = all.filter((u) => topIds.has(u.id) || (u.parent_id !== null && topIds.has(u.parent_id)));
  if (!offered.some((u) => u.id === unit!.id)) offered.push(unit);
  return { unit, offered };
}

function periodQuery(r: ResolvedPeriod): Record<string, string | undefined> {
  return r.preset === 'khac' ? { ky: 'khac', tu: r.fromInput, den: r.toInput } : { ky: r.preset };
}

async function loadDashboard(app: FastifyInstance, req: FastifyRequest, q: { don_vi?: string; ky?: string; tu?: string; den?: string }) {
  const { unit, offered } = await scopedUnit(app, req.actor, q.don_vi);
  const resolved = resolvePeriod(q);
  const pq = periodQuery(resolved);
  const dashboard = await buildDashboard(app.services.db, app.services.dialect, {
    unit: { id: unit.id, code: unit.code, name: unit.name, path: unit.path },
    period: resolved.period,
    lang: req.lang,
    linkFor: (code) => `/quan-tri/so-lieu${query({ don_vi: code, ...pq })}`,
  });
  return { dashboard, offered, resolved, pq };
}

function sendOpen(req: FastifyRequest, reply: FastifyReply, body: Buffer, type: string, filename?: string) {
  const etag = etagOf(body);
  reply.header('cache-control', OPEN_CACHE).header('etag', etag).header('x-content-type-options', 'nosniff');
  if (req.headers['if-none-match'] === etag) return reply.code(304).send();
  reply.header('content-type', type);
  if (filename) reply.header('content-disposition', attachment(filename));
  return reply.send(body);
}

export async function dashboardRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const { db } = app.services;
  const access = { capability: REPORT_VIEW };

  app.get('/quan-tri/so-lieu', { config: { access }, schema: { hide: true, querystring: DashboardQuery } }, async (req, reply) => {
    const { dashboard, offered, resolved, pq } = await loadDashboard(fastify, req, req.query);
    return sendPage(
      reply,
      <DashboardPage ctx={viewCtx(req, reply)} dashboard={dashboard} units={offered.map((u) => ({ code: u.code, name: u.name }))} resolved={resolved} periodQuery={pq} />,
    );
  });

  app.get('/quan-tri/so-lieu/so-lieu.xlsx', { config: { access }, schema: { hide: true, querystring: DashboardQuery } }, async (req, reply) => {
    const { dashboard } = await loadDashboard(fastify, req, req.query);
    const body = await dashboardWorkbook(req.lang, dashboard);
    const name = `${translate(req.lang, 'dash.file', { unit: dashboard.unit.code, from: dashboard.period.from, to: addDays(dashboard.period.to, -1) })}.xlsx`;
    return reply.header('content-type', XLSX_TYPE).header('content-disposition', attachment(name)).header('cache-control', 'no-store').send(body);
  });

  app.get('/du-lieu-mo', { config: { access: 'public' }, schema: { hide: true } }, async (req, reply) =>
    sendPage(reply, <OpenDataPage ctx={viewCtx(req, reply)} periods={recentPeriods()} />),
  );

  app.get('/du-lieu-mo/chi-so.csv', { config: { access: 'public' }, schema: { hide: true, querystring: OpenQuery } }, async (req, reply) => {
    const open = parseOpenPeriod(req.query);
    if (!open) throw openPeriodError();
    const ds = await openDataset(db, open, req.lang);
    return sendOpen(req, reply, toCsv(ds), 'text/csv; charset=utf-8', `chi-so-${open.label}.csv`);
  });

  app.get('/du-lieu-mo/chi-so.json', { config: { access: 'public' }, schema: { hide: true, querystring: OpenQuery } }, async (req, reply) => {
    const open = parseOpenPeriod(req.query);
    if (!open) {
      const err = openPeriodError();
      return reply.code(err.statusCode).header('cache-control', 'no-store').send({ error: { code: err.code, message: translate(req.lang, `error.${err.code}`) } });
    }
    const ds = await openDataset(db, open, req.lang);
    return sendOpen(req, reply, Buffer.from(JSON.stringify(toJson(ds, req.lang))), 'application/json; charset=utf-8');
  });
}

function OpenDataPage({ ctx, periods }: { ctx: ViewCtx; periods: OpenPeriod[] }) {
  const label = (p: OpenPeriod) => `${displayDay(p.period.from)} – ${displayDay(addDays(p.period.to, -1))}`;
  return (
    <Layout ctx={ctx} title={ctx.t('odata.title')}>
      <h1>{ctx.t('odata.title')}</h1>
      <p class="lead">{ctx.t('odata.lead')}</p>
      <p>{ctx.t('odata.suppression')}</p>
      <p>{ctx.t('odata.periods')}</p>
      <h2 id="recent">{ctx.t('odata.recent')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="recent">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('odata.period')}</th>
              <th scope="col">{ctx.t('odata.downloads')}</th>
            </tr>
          </thead>
          <tbody>
            {periods.map((p) => (
              <tr>
                <th scope="row">{label(p)}</th>
                <td>
                  <a href={`/du-lieu-mo/chi-so.csv?${periodQueryString(p)}`}>
                    {ctx.t('odata.csv')}
                    <span class="visually-hidden">{`, ${label(p)}`}</span>
                  </a>
                  {' · '}
                  <a href={`/du-lieu-mo/chi-so.json?${periodQueryString(p)}`}>
                    {ctx.t('odata.json')}
                    <span class="visually-hidden">{`, ${label(p)}`}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 id="columns">{ctx.t('odata.columns')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="columns">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('odata.col.key')}</th>
              <th scope="col">{ctx.t('odata.col.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {OPEN_COLUMNS.map((k) => (
              <tr>
                <th scope="row">
                  <code>{k}</code>
                </th>
                <td>{ctx.t(`odata.c.${k}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
