/** Pages of digital families: the coverage dashboard, the household list, a new household, one household. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, FieldFrame, Layout } from '../../views/layout.js';
import { CsrfField } from '../../views/form-parts.js';
import { percent } from '../skills/views.js';
import type { HouseholdListRow, HouseholdRow, MemberRow } from './repository.js';
import type { CoverageView } from './service.js';
import './messages.js';

const fmt = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export interface VillageChoice {
  id: number;
  name: string;
  communeName: string | null;
}

function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="notice ok" role="status">
      {text}
    </p>
  ) : null;
}

function RuleNotice({ ctx, ruleSet }: { ctx: ViewCtx; ruleSet: boolean }) {
  return ruleSet ? null : <p class="notice">{ctx.t('fam.ruleNotSet')}</p>;
}

export function CoveragePage(props: { ctx: ViewCtx; view: CoverageView; notice?: string }) {
  const { ctx, view } = props;
  const below = view.villages.filter((v) => v.households === 0 || v.digital < v.households).sort((a, b) => a.share - b.share || b.households - a.households);
  return (
    <Layout ctx={ctx} title={ctx.t('fam.cov.title')}>
      <h1>{ctx.t('fam.cov.title')}</h1>
      <p class="lead">{ctx.t('fam.cov.lead')}</p>
      <Notice text={props.notice} />
      <RuleNotice ctx={ctx} ruleSet={view.ruleSet} />
      <p>
        <a class="button" href="/quan-tri/gia-dinh-so/ho-moi">
          {ctx.t('fam.cov.add')}
        </a>
      </p>
      <p>
        <a href="/quan-tri/gia-dinh-so/ho">{ctx.t('fam.cov.list')}</a>
      </p>
      <ul class="cards">
        <li class="card">
          <h2>{ctx.t('fam.cov.households')}</h2>
          <p>
            <span class="stat">{fmt(ctx, view.total.households)}</span>
          </p>
        </li>
        <li class="card">
          <h2>{ctx.t('fam.cov.digital')}</h2>
          <p>
            <span class="stat">{fmt(ctx, view.total.digital)}</span> {ctx.t('fam.cov.ofHouseholds', { n: fmt(ctx, view.total.households) })}
          </p>
        </li>
        <li class="card">
          <h2>{ctx.t('fam.cov.share')}</h2>
          <p>
            <span class="stat">{percent(ctx, view.total.digital, view.total.households)}</span>
          </p>
        </li>
      </ul>
      {view.villages.length === 0 ? (
        <p class="notice">{ctx.t('fam.cov.noVillages')}</p>
      ) : (
        <>
          <section aria-labelledby="below">
            <h2 id="below">{ctx.t('fam.cov.below', { n: below.length })}</h2>
            {below.length === 0 ? (
              <p>{ctx.t('fam.cov.belowNone')}</p>
            ) : (
              <ul>
                {below.slice(0, 20).map((v) => (
                  <li>
                    {v.unitName}
                    {v.communeName ? ` (${v.communeName})` : ''}: {ctx.t('fam.cov.belowItem', { digital: fmt(ctx, v.digital), households: fmt(ctx, v.households) })}
                  </li>
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="by-commune">
            <h2 id="by-commune">{ctx.t('fam.cov.byCommune')}</h2>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="by-commune">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('fam.col.unit')}</th>
                    <th scope="col" class="num">
                      {ctx.t('fam.col.households')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('fam.col.digital')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('fam.col.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.communes.map((c) => (
                    <tr>
                      <th scope="row">{c.communeName ?? ctx.t('fam.cityLevel')}</th>
                      <td class="num">{fmt(ctx, c.households)}</td>
                      <td class="num">{fmt(ctx, c.digital)}</td>
                      <td class="num nowrap">{percent(ctx, c.digital, c.households)}</td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{ctx.t('fam.total')}</th>
                    <td class="num">{fmt(ctx, view.total.households)}</td>
                    <td class="num">{fmt(ctx, view.total.digital)}</td>
                    <td class="num nowrap">{percent(ctx, view.total.digital, view.total.households)}</td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </section>
          <section aria-labelledby="by-village">
            <h2 id="by-village">{ctx.t('fam.cov.byVillage')}</h2>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="by-village">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('fam.col.unit')}</th>
                    <th scope="col" class="num">
                      {ctx.t('fam.col.households')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('fam.col.digital')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('fam.col.share')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.villages.map((v) => (
                    <tr>
                      <th scope="row">
                        <a href={`/quan-tri/gia-dinh-so/ho?unit=${v.unitId}`}>{v.unitName}</a>
                        {v.communeName && (
                          <>
                            <br />
                            <span class="muted small">{v.communeName}</span>
                          </>
                        )}
                      </th>
                      <td class="num">{fmt(ctx, v.households)}</td>
                      <td class="num">{fmt(ctx, v.digital)}</td>
                      <td class="num nowrap">{percent(ctx, v.digital, v.households)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </Layout>
  );
}

function VillageSelect(props: { ctx: ViewCtx; name: string; label: string; villages: VillageChoice[]; value?: string; error?: string; required?: boolean; emptyLabel: string }) {
  const groups = new Map<string, VillageChoice[]>();
  for (const v of props.villages) groups.set(v.communeName ?? '', [...(groups.get(v.communeName ?? '') ?? []), v]);
  return (
    <FieldFrame
      ctx={props.ctx}
      name={props.name}
      label={props.label}
      error={props.error}
      required={props.required}
      control={(attrs) => (
        <select {...attrs} name={props.name} required={props.required}>
          <option value="">{props.emptyLabel}</option>
          {[...groups].map(([commune, list]) => (
            <optgroup label={commune || props.ctx.t('fam.cityLevel')}>
              {list.map((v) => (
                <option value={String(v.id)} selected={String(v.id) === props.value}>
                  {v.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      )}
    />
  );
}

export function HouseholdListPage(props: {
  ctx: ViewCtx;
  list: { rows: HouseholdListRow[]; total: number; page: number; pages: number; ruleSet: boolean };
  villages: VillageChoice[];
  filters: { unit?: string; q?: string };
  notice?: string;
}) {
  const { ctx, list, filters } = props;
  const pageHref = (page: number) => {
    const p = new URLSearchParams();
    if (filters.unit) p.set('unit', filters.unit);
    if (filters.q) p.set('q', filters.q);
    p.set('page', String(page));
    return `/quan-tri/gia-dinh-so/ho?${p}`;
  };
  return (
    <Layout ctx={ctx} title={ctx.t('fam.list.title')}>
      <p>
        <a href="/quan-tri/gia-dinh-so">{ctx.t('fam.cov.title')}</a>
      </p>
      <h1>{ctx.t('fam.list.title')}</h1>
      <Notice text={props.notice} />
      <RuleNotice ctx={ctx} ruleSet={list.ruleSet} />
      <p>
        <a class="button" href="/quan-tri/gia-dinh-so/ho-moi">
          {ctx.t('fam.cov.add')}
        </a>
      </p>
      <form method="get" action="/quan-tri/gia-dinh-so/ho" class="filters">
        <VillageSelect ctx={ctx} name="unit" label={ctx.t('fam.list.filterUnit')} villages={props.villages} value={filters.unit} emptyLabel={ctx.t('fam.list.allUnits')} />
        <Field ctx={ctx} name="q" type="search" label={ctx.t('fam.list.search')} value={filters.q} />
        <button type="submit" class="primary">
          {ctx.t('fam.list.filter')}
        </button>
      </form>
      <p>{ctx.t('fam.list.count', { n: fmt(ctx, list.total) })}</p>
      {list.rows.length === 0 ? (
        <p>{ctx.t('fam.list.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('fam.list.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('fam.col.household')}</th>
                <th scope="col" class="num">
                  {ctx.t('fam.col.members')}
                </th>
                <th scope="col">{ctx.t('fam.col.digital')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((h) => (
                <tr>
                  <th scope="row">
                    <a href={`/quan-tri/gia-dinh-so/ho/${h.id}`}>{h.address}</a>
                    <br />
                    <span class="muted small">
                      {ctx.t('fam.head', { name: h.headName })} · {h.unitName}
                    </span>
                  </th>
                  <td class="num">{fmt(ctx, h.members)}</td>
                  <td>{h.digital ? `✓ ${ctx.t('fam.yes')}` : ctx.t('fam.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {list.pages > 1 && (
        <nav class="pager" aria-label={ctx.t('fam.list.page', { page: list.page, pages: list.pages })}>
          {list.page > 1 && <a href={pageHref(list.page - 1)}>{ctx.t('fam.list.prev')}</a>} <span>{ctx.t('fam.list.page', { page: list.page, pages: list.pages })}</span>{' '}
          {list.page < list.pages && <a href={pageHref(list.page + 1)}>{ctx.t('fam.list.next')}</a>}
        </nav>
      )}
    </Layout>
  );
}

export function NewHouseholdPage(props: { ctx: ViewCtx; villages: VillageChoice[]; values: Record<string, string | undefined>; errors: Record<string, string> }) {
  const { ctx, values, errors: e } = props;
  const labels = { unitId: ctx.t('fam.new.unit'), address: ctx.t('fam.new.address'), headName: ctx.t('fam.new.headName') };
  return (
    <Layout ctx={ctx} title={ctx.t('fam.new.title')}>
      <p>
        <a href="/quan-tri/gia-dinh-so">{ctx.t('fam.cov.title')}</a>
      </p>
      <h1>{ctx.t('fam.new.title')}</h1>
      {props.villages.length === 0 && <p class="notice">{ctx.t('fam.cov.noVillages')}</p>}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action="/quan-tri/gia-dinh-so/ho-moi" novalidate>
        <CsrfField ctx={ctx} />
        <VillageSelect ctx={ctx} name="unitId" label={labels.unitId} villages={props.villages} value={values.unitId} error={e.unitId} required emptyLabel={ctx.t('fam.new.unitChoose')} />
        <Field ctx={ctx} name="address" label={labels.address} hint={ctx.t('fam.new.addressHint')} value={values.address} error={e.address} required autocomplete="street-address" />
        <Field ctx={ctx} name="headName" label={labels.headName} value={values.headName} error={e.headName} required autocomplete="off" />
        <button type="submit" class="primary">
          {ctx.t('fam.new.submit')}
        </button>
      </form>
    </Layout>
  );
}

export function HouseholdPage(props: {
  ctx: ViewCtx;
  household: HouseholdRow;
  members: MemberRow[];
  ruleSet: boolean;
  digital: boolean;
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  notice?: string;
}) {
  const { ctx, household: h, values, errors: e } = props;
  const base = `/quan-tri/gia-dinh-so/ho/${h.id}`;
  const labels = { login: ctx.t('fam.hh.login'), fullName: ctx.t('fam.hh.fullName'), birthYear: ctx.t('fam.hh.birthYear') };
  return (
    <Layout ctx={ctx} title={h.address}>
      <p>
        <a href="/quan-tri/gia-dinh-so/ho">{ctx.t('fam.hh.back')}</a>
      </p>
      <h1>{h.address}</h1>
      <p>
        {ctx.t('fam.head', { name: h.headName })} · {h.unitName}
      </p>
      <Notice text={props.notice} />
      <RuleNotice ctx={ctx} ruleSet={props.ruleSet} />
      <p class={props.digital ? 'notice ok' : 'notice'}>{props.digital ? `✓ ${ctx.t('fam.hh.isDigital')}` : ctx.t('fam.hh.notDigital')}</p>
      <h2 id="members">{ctx.t('fam.hh.members')}</h2>
      {props.members.length === 0 ? (
        <p>{ctx.t('fam.hh.noMembers')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="members">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('fam.col.member')}</th>
                <th scope="col">{ctx.t('fam.col.basic')}</th>
                <th scope="col">
                  <span class="visually-hidden">{ctx.t('fam.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.members.map((m) => (
                <tr>
                  <th scope="row">
                    {m.fullName}
                    <br />
                    <span class="muted small">
                      {m.birthYear ? `${m.birthYear} · ` : ''}
                      {m.hasAccount ? ctx.t('fam.hh.hasAccount') : ctx.t('fam.hh.noAccount')}
                    </span>
                  </th>
                  <td>{m.hasAccount ? (m.attained ? `✓ ${ctx.t('fam.yes')}` : ctx.t('fam.no')) : '—'}</td>
                  <td>
                    <form method="post" action={`${base}/thanh-vien/${m.id}/xoa`}>
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="small-button danger" aria-label={ctx.t('fam.hh.removeLabel', { name: m.fullName })}>
                        {ctx.t('fam.hh.remove')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <section aria-labelledby="add-account">
        <h2 id="add-account">{ctx.t('fam.hh.addAccount')}</h2>
        <p>{ctx.t('fam.hh.addAccountText')}</p>
        <form method="post" action={`${base}/thanh-vien`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="kind" value="account" />
          <Field ctx={ctx} name="login" label={labels.login} value={values.login} error={e.login} required autocomplete="off" />
          <button type="submit" class="primary">
            {ctx.t('fam.hh.add')}
          </button>
        </form>
      </section>
      <section aria-labelledby="add-named">
        <h2 id="add-named">{ctx.t('fam.hh.addNamed')}</h2>
        <form method="post" action={`${base}/thanh-vien`}>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="kind" value="named" />
          <Field ctx={ctx} name="fullName" label={labels.fullName} value={values.fullName} error={e.fullName} required autocomplete="off" />
          <Field ctx={ctx} name="birthYear" label={labels.birthYear} value={values.birthYear} error={e.birthYear} inputMode="numeric" autocomplete="off" />
          <button type="submit" class="primary">
            {ctx.t('fam.hh.add')}
          </button>
        </form>
      </section>
      <section aria-labelledby="delete">
        <h2 id="delete">{ctx.t('fam.hh.deleteTitle')}</h2>
        <p>{ctx.t('fam.hh.deleteText')}</p>
        <form method="post" action={`${base}/xoa`}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="small-button danger">
            {ctx.t('fam.hh.delete')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
