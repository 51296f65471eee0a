/** The audit log page: filters (action, unit, dates), then entries newest first. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { SelectField, formatDateTime, type SelectOption } from '../../views/form-parts.js';
import type { AuditEntryDto } from './schema.js';
import './messages.js';

export interface AuditFilters {
  action?: string;
  unitCode?: string;
  from?: string;
  to?: string;
}

function query(f: AuditFilters, page: number): string {
  const params = new URLSearchParams(Object.entries(f).filter((e): e is [string, string] => !!e[1]));
  if (page > 1) params.set('page', String(page));
  const q = params.toString();
  return `/quan-tri/nhat-ky${q ? `?${q}` : ''}`;
}

function detailsText(details: Record<string, unknown> | null): string {
  if (!details) return '';
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}

function targetText(ctx: ViewCtx, target: AuditEntryDto['target']): string {
  if (!target) return '';
  const key = `auditTarget.${target.type}`;
  const label = ctx.t(key, { id: target.id ?? '' });
  return label === key ? `${target.type} ${target.id ?? ''}`.trim() : label;
}

export function AuditPage(props: {
  ctx: ViewCtx;
  entries: AuditEntryDto[];
  total: number;
  page: number;
  pageSize: number;
  filters: AuditFilters;
  actions: SelectOption[];
  units: SelectOption[];
  errors: Record<string, string>;
}) {
  const { ctx, filters: f } = props;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const filtered = Object.values(f).some(Boolean);
  return (
    <Layout ctx={ctx} title={ctx.t('auditLog.title')}>
      <h1>{ctx.t('auditLog.title')}</h1>
      <p class="lead">{ctx.t('auditLog.lead')}</p>
      <ErrorSummary ctx={ctx} errors={props.errors} labels={{ from: ctx.t('auditLog.from'), to: ctx.t('auditLog.to') }} />
      <form method="get" action="/quan-tri/nhat-ky" class="filters">
        <SelectField ctx={ctx} name="action" label={ctx.t('auditLog.action')} options={props.actions} value={f.action} emptyLabel={ctx.t('auditLog.allActions')} />
        <SelectField ctx={ctx} name="unitCode" label={ctx.t('auditLog.unit')} options={props.units} value={f.unitCode} emptyLabel={ctx.t('auditLog.allUnits')} />
        <Field ctx={ctx} type="date" name="from" label={ctx.t('auditLog.from')} value={f.from} error={props.errors.from} />
        <Field ctx={ctx} type="date" name="to" label={ctx.t('auditLog.to')} value={f.to} error={props.errors.to} />
        <button type="submit" class="primary">
          {ctx.t('auditLog.filter')}
        </button>
        {filtered && <a href="/quan-tri/nhat-ky">{ctx.t('auditLog.clear')}</a>}
      </form>
      <p class="muted">{ctx.t('auditLog.count', { n: props.total })}</p>
      {props.entries.length === 0 ? (
        <p>{ctx.t('auditLog.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('auditLog.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('auditLog.colTime')}</th>
                <th scope="col">{ctx.t('auditLog.colActor')}</th>
                <th scope="col">{ctx.t('auditLog.colAction')}</th>
                <th scope="col">{ctx.t('auditLog.colUnit')}</th>
                <th scope="col">{ctx.t('auditLog.colTarget')}</th>
                <th scope="col">{ctx.t('auditLog.colDetails')}</th>
              </tr>
            </thead>
            <tbody>
              {props.entries.map((e) => (
                <tr>
                  <td>
                    <time dateTime={e.at}>{formatDateTime(e.at)}</time>
                  </td>
                  <td>{e.actor ? (e.actor.fullName ?? `#${e.actor.id}`) : ctx.t('auditLog.system')}</td>
                  <td>{e.actionLabel}</td>
                  <td>{e.unit?.name ?? ''}</td>
                  <td>{targetText(ctx, e.target)}</td>
                  <td class="details">{detailsText(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={ctx.t('auditLog.pageOf', { page: props.page, pages })}>
          {props.page > 1 && <a href={query(f, props.page - 1)}>{ctx.t('auditLog.prev')}</a>}
          <span>{ctx.t('auditLog.pageOf', { page: props.page, pages })}</span>
          {props.page < pages && <a href={query(f, props.page + 1)}>{ctx.t('auditLog.next')}</a>}
        </nav>
      )}
    </Layout>
  );
}
