/** One unit's administration page: facts, units below, rename and population, move, retire or restore. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { UnitSelect } from './unit-select.js';
import type { UnitRow } from './repository.js';
import { StatusLabel, editHref } from './admin-views.js';
import './admin-messages.js';

type Values = Record<string, string | undefined>;
type Errors = Record<string, string>;

export function UnitEditPage(props: {
  ctx: ViewCtx;
  unit: UnitRow;
  parent: UnitRow | undefined;
  children: UnitRow[];
  moveTargets: UnitRow[];
  canAddChild: boolean;
  values: Values;
  errors: Errors;
  notice?: string;
}) {
  const { ctx, unit, values } = props;
  const e = props.errors;
  const action = editHref(unit);
  const labels = { name: ctx.t('unitAdmin.name'), population: ctx.t('unitAdmin.population'), parentCode: ctx.t('unitAdmin.parent') };
  return (
    <Layout ctx={ctx} title={ctx.t('unitAdmin.editOf', { name: unit.name })}>
      <p>
        <a href="/quan-tri/don-vi">{ctx.t('unitAdmin.back')}</a>
      </p>
      <h1>{unit.name}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <h2>{ctx.t('unitAdmin.facts')}</h2>
      <dl class="facts">
        <dt>{ctx.t('unitAdmin.colCode')}</dt>
        <dd>
          <code>{unit.code}</code>
        </dd>
        <dt>{ctx.t('unitAdmin.colType')}</dt>
        <dd>{ctx.t(`unitType.${unit.type}`)}</dd>
        {props.parent && (
          <>
            <dt>{ctx.t('unitAdmin.parent')}</dt>
            <dd>{props.parent.name}</dd>
          </>
        )}
        <dt>{ctx.t('unitAdmin.colStatus')}</dt>
        <dd>
          <StatusLabel ctx={ctx} unit={unit} />
        </dd>
      </dl>
      {props.children.length > 0 && (
        <>
          <h2>{ctx.t('unitAdmin.children')}</h2>
          <ul>
            {props.children.map((c) => (
              <li>
                <a href={editHref(c)}>{c.name}</a>
                {c.retired_at && ` (${ctx.t('unitAdmin.retired')})`}
              </li>
            ))}
          </ul>
        </>
      )}
      {props.canAddChild && (
        <p>
          <a class="button secondary" href={`/quan-tri/don-vi?parent=${encodeURIComponent(unit.code)}#them-don-vi`}>
            {ctx.t('unitAdmin.addUnder')}
          </a>
        </p>
      )}

      <h2>{ctx.t('unitAdmin.detailsTitle')}</h2>
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="name" label={labels.name} value={values.name ?? unit.name} error={e.name} required />
        <Field
          ctx={ctx}
          name="population"
          label={labels.population}
          hint={ctx.t('unitAdmin.populationHint')}
          value={values.population ?? (unit.population === null ? '' : String(unit.population))}
          error={e.population}
          inputMode="numeric"
        />
        <button type="submit" class="primary">
          {ctx.t('unitAdmin.save')}
        </button>
      </form>

      {props.parent && (
        <>
          <h2>{ctx.t('unitAdmin.moveTitle')}</h2>
          {props.moveTargets.every((u) => u.id === props.parent?.id) ? (
            <p>{ctx.t('unitAdmin.moveNone')}</p>
          ) : (
            <form method="post" action={`${action}/chuyen`} novalidate>
              <CsrfField ctx={ctx} />
              <p class="hint">{ctx.t('unitAdmin.moveHint')}</p>
              <UnitSelect
                ctx={ctx}
                units={props.moveTargets}
                name="parentCode"
                label={labels.parentCode}
                value={values.parentCode ?? props.parent.code}
                error={e.parentCode}
                required
                emptyLabel={ctx.t('unitAdmin.parentChoose')}
              />
              <button type="submit" class="primary">
                {ctx.t('unitAdmin.moveSubmit')}
              </button>
            </form>
          )}
        </>
      )}

      <h2>{ctx.t('unitAdmin.statusTitle')}</h2>
      <form method="post" action={`${action}/trang-thai`}>
        <CsrfField ctx={ctx} />
        {unit.retired_at ? (
          <>
            <p>{ctx.t('unitAdmin.restoreText', { date: formatDateTime(unit.retired_at) })}</p>
            <input type="hidden" name="retired" value="no" />
            <button type="submit" class="primary">
              {ctx.t('unitAdmin.restoreSubmit')}
            </button>
          </>
        ) : (
          <>
            <p>{ctx.t('unitAdmin.retireText')}</p>
            <input type="hidden" name="retired" value="yes" />
            <button type="submit" class="button secondary">
              {ctx.t('unitAdmin.retireSubmit')}
            </button>
          </>
        )}
      </form>
    </Layout>
  );
}
