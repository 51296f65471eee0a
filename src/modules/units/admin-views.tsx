/** The unit administration list: the tree in scope, a search, and the form to add a unit. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField } from '../../views/form-parts.js';
import { UnitSelect } from './unit-select.js';
import type { UnitRow } from './repository.js';
import type { UnitType } from './types.js';
import './admin-messages.js';

type Values = Record<string, string | undefined>;
type Errors = Record<string, string>;

export interface TreeRow {
  unit: UnitRow;
  level: number;
  manageable: boolean;
}

export const editHref = (u: UnitRow) => `/quan-tri/don-vi/${encodeURIComponent(u.code)}`;

export function StatusLabel({ ctx, unit }: { ctx: ViewCtx; unit: UnitRow }) {
  return unit.retired_at ? <strong>{ctx.t('unitAdmin.retired')}</strong> : <span>{ctx.t('unitAdmin.active')}</span>;
}

export function UnitListPage(props: {
  ctx: ViewCtx;
  rows: TreeRow[];
  q?: string;
  parents: UnitRow[];
  types: UnitType[];
  values: Values;
  errors: Errors;
  notice?: string;
}) {
  const { ctx, values } = props;
  const e = props.errors;
  const labels = {
    parentCode: ctx.t('unitAdmin.parent'),
    type: ctx.t('unitAdmin.type'),
    code: ctx.t('unitAdmin.code'),
    name: ctx.t('unitAdmin.name'),
    population: ctx.t('unitAdmin.population'),
  };
  return (
    <Layout ctx={ctx} title={ctx.t('unitAdmin.title')}>
      <h1>{ctx.t('unitAdmin.title')}</h1>
      <p class="lead">{ctx.t('unitAdmin.lead')}</p>
      {props.parents.length > 0 && (
        <p>
          <a href="#them-don-vi">{ctx.t('unitAdmin.addTitle')}</a>
        </p>
      )}
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="get" action="/quan-tri/don-vi" class="filters" role="search">
        <div class="field">
          <label for="f-q">{ctx.t('unitAdmin.search')}</label>
          <input id="f-q" name="q" type="search" value={props.q ?? ''} />
        </div>
        <button type="submit" class="primary">
          {ctx.t('unitAdmin.searchSubmit')}
        </button>
        {props.q && <a href="/quan-tri/don-vi">{ctx.t('unitAdmin.searchClear')}</a>}
      </form>
      <p class="muted">{ctx.t('unitAdmin.count', { n: props.rows.length })}</p>
      {props.rows.length === 0 ? (
        <p>{ctx.t('unitAdmin.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('unitAdmin.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('unitAdmin.colName')}</th>
                <th scope="col">{ctx.t('unitAdmin.colCode')}</th>
                <th scope="col">{ctx.t('unitAdmin.colType')}</th>
                <th scope="col">{ctx.t('unitAdmin.colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map(({ unit, level, manageable }) => (
                <tr class={unit.retired_at ? 'retired' : undefined}>
                  <th scope="row" class={`tree-level-${Math.min(level, 3)}`}>
                    {manageable ? (
                      <a href={editHref(unit)}>{unit.name}</a>
                    ) : (
                      unit.name
                    )}
                  </th>
                  <td>
                    <code>{unit.code}</code>
                  </td>
                  <td>{ctx.t(`unitType.${unit.type}`)}</td>
                  <td>
                    <StatusLabel ctx={ctx} unit={unit} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {props.parents.length > 0 && (
        <section aria-labelledby="them-don-vi">
          <h2 id="them-don-vi">{ctx.t('unitAdmin.addTitle')}</h2>
          <form method="post" action="/quan-tri/don-vi" novalidate>
            <CsrfField ctx={ctx} />
            <UnitSelect
              ctx={ctx}
              units={props.parents}
              name="parentCode"
              label={labels.parentCode}
              value={values.parentCode}
              error={e.parentCode}
              required
              emptyLabel={ctx.t('unitAdmin.parentChoose')}
            />
            <SelectField
              ctx={ctx}
              name="type"
              label={labels.type}
              hint={ctx.t('unitAdmin.typeHint')}
              options={props.types.map((t) => ({ value: t, label: ctx.t(`unitType.${t}`) }))}
              value={values.type}
              error={e.type}
              required
              emptyLabel={ctx.t('unitAdmin.typeChoose')}
            />
            <Field ctx={ctx} name="code" label={labels.code} hint={ctx.t('unitAdmin.codeHint')} value={values.code} error={e.code} required />
            <Field ctx={ctx} name="name" label={labels.name} value={values.name} error={e.name} required />
            <Field
              ctx={ctx}
              name="population"
              label={labels.population}
              hint={ctx.t('unitAdmin.populationHint')}
              value={values.population}
              error={e.population}
              inputMode="numeric"
            />
            <button type="submit" class="primary">
              {ctx.t('unitAdmin.addSubmit')}
            </button>
          </form>
        </section>
      )}
    </Layout>
  );
}
