/**
 * The dashboard page: a plain GET form (unit, period), key figures, then each section as heading → chart (inline
 * SVG, server-drawn) → its data table. No client JavaScript.
 */
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import type { Lang } from '../../core/i18n.js';
import { PRESETS, displayDay, addDays, type ResolvedPeriod } from './dashboard-period.js';
import type { Cell, Dashboard, DashRow, DashTable } from './dashboard-data.js';
import './messages-dashboards.js';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

/** A cell as the page shows it: counts grouped, shares as "45,7 %", unknown as "—". */
export function formatCell(lang: Lang, c: Cell): string {
  if (c === null || c === undefined) return '—';
  if (typeof c === 'number') return c.toLocaleString(locale(lang));
  if (typeof c === 'string') return c;
  if (c.share === null) return '—';
  // Small shares keep two decimals, so 8 people of 120,000 read "0,01 %" rather than "0 %".
  return `${(c.share * 100).toLocaleString(locale(lang), { maximumFractionDigits: c.share > 0 && c.share < 0.01 ? 2 : 1 })} %`;
}

function Row({ ctx, row, cls }: { ctx: ViewCtx; row: DashRow; cls?: string }) {
  return (
    <tr class={cls}>
      <th scope="row">{row.href ? <a href={row.href}>{row.label}</a> : row.label}</th>
      {row.cells.map((c) => (
        <td class="num">{formatCell(ctx.lang, c)}</td>
      ))}
    </tr>
  );
}

function DataTable({ ctx, table }: { ctx: ViewCtx; table: DashTable }) {
  const id = `t-${table.key}`;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={id}>
      <table>
        <caption id={id}>{`${ctx.t('dash.dataTable')}: ${table.title}`}</caption>
        <thead>
          <tr>
            {table.head.map((h, i) => (
              <th scope="col" class={i > 0 ? 'num' : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.head.length}>{ctx.t('dash.none')}</td>
            </tr>
          ) : (
            table.rows.map((r) => <Row ctx={ctx} row={r} />)
          )}
        </tbody>
        {table.total && (
          <tfoot>
            <Row ctx={ctx} row={table.total} />
          </tfoot>
        )}
      </table>
    </div>
  );
}

export function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function DashboardPage(props: {
  ctx: ViewCtx;
  dashboard: Dashboard;
  units: Array<{ code: string; name: string }>;
  resolved: ResolvedPeriod;
  periodQuery: Record<string, string | undefined>;
}) {
  const { ctx, dashboard: d, resolved } = props;
  const lastDay = addDays(d.period.to, -1);
  const title = `${ctx.t('dash.title')}: ${d.unit.name}`;
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{ctx.t('dash.lead', { unit: d.unit.name, from: displayDay(d.period.from), to: displayDay(lastDay) })}</p>
      {resolved.invalid && (
        <p class="error-summary" role="alert">
          {ctx.t('dash.periodInvalid')}
        </p>
      )}
      <form method="get" action="/quan-tri/so-lieu" class="filters" aria-label={ctx.t('dash.filter')}>
        {props.units.length > 1 && (
          <div class="field">
            <label for="f-don_vi">{ctx.t('dash.unit')}</label>
            <select id="f-don_vi" name="don_vi">
              {props.units.map((u) => (
                <option value={u.code} selected={u.code === d.unit.code}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
        )}
        {props.units.length <= 1 && <input type="hidden" name="don_vi" value={d.unit.code} />}
        <fieldset class="choices field">
          <legend>{ctx.t('dash.period')}</legend>
          {PRESETS.map((p) => (
            <div class="checkbox">
              <input type="radio" id={`f-ky-${p}`} name="ky" value={p} checked={resolved.preset === p} />
              <label for={`f-ky-${p}`}>{ctx.t(`dash.period.${p}`)}</label>
            </div>
          ))}
        </fieldset>
        <div class="field">
          <label for="f-tu">{ctx.t('dash.from')}</label>
          <p class="hint" id="f-tu-hint">
            {ctx.t('dash.fromToHint')}
          </p>
          <input type="date" id="f-tu" name="tu" value={resolved.fromInput} aria-describedby="f-tu-hint" />
        </div>
        <div class="field">
          <label for="f-den">{ctx.t('dash.to')}</label>
          <input type="date" id="f-den" name="den" value={resolved.toInput} aria-describedby="f-tu-hint" />
        </div>
        <button type="submit" class="primary">
          {ctx.t('dash.show')}
        </button>
      </form>
      <p class="actions">
        <a class="button secondary" href={`/quan-tri/so-lieu/so-lieu.xlsx${query({ don_vi: d.unit.code, ...props.periodQuery })}`}>
          {ctx.t('dash.export')}
        </a>{' '}
        <a href="/du-lieu-mo">{ctx.t('dash.openData')}</a>
      </p>

      <h2>{ctx.t('dash.keyFigures')}</h2>
      <ul class="cards">
        {d.cards.map((c) => (
          <li class="card">
            <span class="stat">{formatCell(ctx.lang, c.value)}</span> {c.label}
          </li>
        ))}
      </ul>

      {d.sections.map((s) => {
        const svg = s.chart?.();
        return (
          <section aria-labelledby={`h-${s.key}`}>
            <h2 id={`h-${s.key}`}>{s.title}</h2>
            {s.intro?.map((p) => <p>{p}</p>)}
            {svg && (
              <figure class="chart">
                {/* Server-drawn SVG: ECharts escapes every text it writes; charts.ts escapes title and description. */}
                <div dangerouslySetInnerHTML={{ __html: svg }} />
                <figcaption>{s.chartNote ?? ctx.t('dash.chartNote')}</figcaption>
              </figure>
            )}
            <DataTable ctx={ctx} table={s.table} />
          </section>
        );
      })}
    </Layout>
  );
}
