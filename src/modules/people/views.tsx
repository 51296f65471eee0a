/** People list (GET form for filters, table, pager — no JavaScript needed) and one person's page. */
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { PAGE_SIZE, STATUS_FILTERS, displayStatus, type PersonDto } from './schema.js';
import type { PeoplePage } from './service.js';
import './messages.js';

export interface ListFilters {
  q?: string;
  pageSize?: string;
  unit?: string;
  group?: string;
  status?: string;
}

export const number = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export function date(ctx: ViewCtx, iso: string): string {
  return new Date(iso).toLocaleDateString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

/** A query string of the filters that are set, plus extra parameters. */
export function queryOf(filters: ListFilters, extra: Record<string, string | number> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

function Choice(props: { ctx: ViewCtx; name: string; label: string; all: string; value?: string; options: Array<[string, string]> }) {
  const id = `f-${props.name}`;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      <select id={id} name={props.name}>
        <option value="">{props.all}</option>
        {props.options.map(([value, label]) => (
          <option value={value} selected={value === props.value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

function Pager({ ctx, page, filters: f }: { ctx: ViewCtx; page: PeoplePage; filters: ListFilters }) {
  if (page.pages <= 1) return null;
  const filters = page.pageSize === PAGE_SIZE ? f : { ...f, pageSize: String(page.pageSize) };
  return (
    <nav class="pager" aria-label={ctx.t('people.pager')}>
      {page.page > 1 && (
        <a href={`/quan-tri/nguoi-dung${queryOf(filters, { page: page.page - 1 })}`} rel="prev">
          {ctx.t('people.prev')}
        </a>
      )}
      <span aria-current="page">{ctx.t('people.pageOf', { page: number(ctx, page.page), pages: number(ctx, page.pages) })}</span>
      {page.page < page.pages && (
        <a href={`/quan-tri/nguoi-dung${queryOf(filters, { page: page.page + 1 })}`} rel="next">
          {ctx.t('people.next')}
        </a>
      )}
    </nav>
  );
}

export function PeopleListPage(props: { ctx: ViewCtx; units: UnitRow[]; filters: ListFilters; page: PeoplePage; canImport: boolean }) {
  const { ctx, filters, page } = props;
  const col = (k: string) => ctx.t(`people.col.${k}`);
  return (
    <Layout ctx={ctx} title={ctx.t('people.title')}>
      <h1>{ctx.t('people.title')}</h1>
      <p class="lead">{ctx.t('people.lead')}</p>
      <div class="actions">
        <a class="button secondary" href={`/api/people/export.xlsx${queryOf(filters)}`}>
          {ctx.t('people.export')}
        </a>
        {props.canImport && (
          <a class="button secondary" href="/quan-tri/nguoi-dung/nhap">
            {ctx.t('people.import')}
          </a>
        )}
      </div>
      <form method="get" action="/quan-tri/nguoi-dung" class="filters" role="search" aria-label={ctx.t('people.filters')}>
        <div class="field field-search">
          <label for="f-q">{ctx.t('people.search')}</label>
          <p class="hint" id="f-q-hint">
            {ctx.t('people.searchHint')}
          </p>
          <input id="f-q" name="q" type="search" value={filters.q ?? ''} aria-describedby="f-q-hint" />
        </div>
        <UnitSelect ctx={ctx} units={props.units} name="unit" label={col('unitName')} value={filters.unit} emptyLabel={ctx.t('people.unitAll')} />
        <Choice ctx={ctx} name="group" label={col('targetGroup')} all={ctx.t('people.groupAll')} value={filters.group}
          options={TARGET_GROUPS.map((g) => [g, ctx.t(`targetGroup.${g}`)])} />
        <Choice ctx={ctx} name="status" label={col('status')} all={ctx.t('people.statusAll')} value={filters.status}
          options={STATUS_FILTERS.map((s) => [s, ctx.t(`people.status.${s}`)])} />
        <div class="filter-actions">
          <button type="submit" class="primary">{ctx.t('people.filter')}</button>
          <a href="/quan-tri/nguoi-dung">{ctx.t('people.clear')}</a>
        </div>
      </form>
      <p role="status">{ctx.t('people.found', { count: number(ctx, page.total) })}</p>
      {page.items.length === 0 ? (
        <p>{ctx.t('people.none')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{ctx.t('people.caption', { page: page.page, pages: page.pages })}</caption>
            <thead>
              <tr>
                {['fullName', 'phone', 'email', 'unitName', 'targetGroup', 'birthYear', 'status'].map((k) => (
                  <th scope="col">{col(k)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr>
                  <th scope="row">
                    <a href={`/quan-tri/nguoi-dung/${p.id}`}>{p.fullName}</a>
                  </th>
                  <td class="nowrap">{p.phone ?? ctx.t('people.empty')}</td>
                  <td>{p.email ?? ctx.t('people.empty')}</td>
                  <td>{p.unit.name}</td>
                  <td>{ctx.t(`targetGroup.${p.targetGroup}`)}</td>
                  <td>{p.birthYear ?? ctx.t('people.empty')}</td>
                  <td>{ctx.t(`people.status.${displayStatus(p)}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager ctx={ctx} page={page} filters={filters} />
    </Layout>
  );
}

export function PersonPage(props: { ctx: ViewCtx; person: PersonDto }) {
  const { ctx, person: p } = props;
  const col = (k: string) => ctx.t(`people.col.${k}`);
  const rows: Array<[string, string]> = [
    [col('phone'), p.phone ?? ctx.t('people.empty')],
    [col('email'), p.email ?? ctx.t('people.empty')],
    [col('unitName'), `${p.unit.name} (${p.unit.code})`],
    [col('targetGroup'), ctx.t(`targetGroup.${p.targetGroup}`)],
    [col('birthYear'), p.birthYear ? String(p.birthYear) : ctx.t('people.empty')],
    [col('status'), ctx.t(`people.status.${displayStatus(p)}`)],
    [ctx.t('people.account'), p.activated ? ctx.t('people.activated') : ctx.t('people.notActivated')],
    [
      ctx.t('people.consent'),
      p.consentAt ? ctx.t('people.consentGiven', { date: date(ctx, p.consentAt), version: p.consentVersion ?? '' }) : ctx.t('people.consentNone'),
    ],
    [col('createdAt'), date(ctx, p.createdAt)],
  ];
  return (
    <Layout ctx={ctx} title={p.fullName}>
      <p>
        <a href="/quan-tri/nguoi-dung">{ctx.t('people.back')}</a>
      </p>
      <h1>{p.fullName}</h1>
      <h2>{ctx.t('people.details')}</h2>
      <dl class="facts">
        {rows.map(([term, value]) => (
          <>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </>
        ))}
      </dl>
    </Layout>
  );
}
