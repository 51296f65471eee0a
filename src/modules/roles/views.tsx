/** The roles page: grants in scope, a form to grant, a button to revoke each. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, formatDateTime, type SelectOption } from '../../views/form-parts.js';
import type { Role } from '../../core/policy.js';
import type { GrantListRow } from './repository.js';
import './messages.js';

export interface RolesPageProps {
  ctx: ViewCtx;
  rows: GrantListRow[];
  total: number;
  page: number;
  pageSize: number;
  roleFilter?: string;
  filterRoles: Role[];
  grantableRoles: Role[];
  units: SelectOption[];
  values: Record<string, string | undefined>;
  errors: Record<string, string>;
  notice?: string;
}

function pageHref(page: number, role?: string) {
  const params = new URLSearchParams();
  if (role) params.set('role', role);
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return `/quan-tri/vai-tro${query ? `?${query}` : ''}`;
}

export function RolesPage(props: RolesPageProps) {
  const { ctx, values } = props;
  const e = props.errors;
  const roleLabel = (r: string) => ctx.t(`roleName.${r}`);
  const isCityAdmin = !!ctx.actor?.grants.some((g) => g.role === 'city_admin');
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const labels = { login: ctx.t('roles.login'), role: ctx.t('roles.role'), unitCode: ctx.t('roles.unit') };
  return (
    <Layout ctx={ctx} title={ctx.t('roles.title')}>
      <h1>{ctx.t('roles.title')}</h1>
      <p class="lead">{ctx.t('roles.lead')}</p>
      <p>
        <a href="#cap-vai-tro">{ctx.t('roles.grantTitle')}</a>
      </p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="get" action="/quan-tri/vai-tro" class="filters">
        <div class="field">
          <label for="f-filter-role">{ctx.t('roles.filterRole')}</label>
          <select id="f-filter-role" name="role">
            <option value="">{ctx.t('roles.allRoles')}</option>
            {props.filterRoles.map((r) => (
              <option value={r} selected={r === props.roleFilter}>
                {roleLabel(r)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="primary">
          {ctx.t('roles.filterSubmit')}
        </button>
      </form>
      <p class="muted">{ctx.t('roles.count', { n: props.total })}</p>
      {props.rows.length === 0 ? (
        <p>{ctx.t('roles.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('roles.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('roles.colPerson')}</th>
                <th scope="col">{ctx.t('roles.colRole')}</th>
                <th scope="col">{ctx.t('roles.colUnit')}</th>
                <th scope="col">{ctx.t('roles.colSince')}</th>
                <th scope="col">{ctx.t('roles.colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((g) => (
                <tr>
                  <th scope="row">{g.fullName}</th>
                  <td>{roleLabel(g.role)}</td>
                  <td>{g.unitName}</td>
                  <td>{formatDateTime(g.createdAt)}</td>
                  <td>
                    {(g.role !== 'city_admin' || isCityAdmin) && (
                      <form method="post" action={`/quan-tri/vai-tro/${g.id}/thu-hoi`} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <button
                          type="submit"
                          class="link-button"
                          aria-label={ctx.t('roles.revokeLabel', { role: roleLabel(g.role), name: g.fullName, unit: g.unitName })}
                        >
                          {ctx.t('roles.revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={ctx.t('roles.pageOf', { page: props.page, pages })}>
          {props.page > 1 && <a href={pageHref(props.page - 1, props.roleFilter)}>{ctx.t('roles.prev')}</a>}
          <span>{ctx.t('roles.pageOf', { page: props.page, pages })}</span>
          {props.page < pages && <a href={pageHref(props.page + 1, props.roleFilter)}>{ctx.t('roles.next')}</a>}
        </nav>
      )}

      <section aria-labelledby="cap-vai-tro">
        <h2 id="cap-vai-tro">{ctx.t('roles.grantTitle')}</h2>
        <form method="post" action="/quan-tri/vai-tro" novalidate>
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} name="login" label={labels.login} hint={ctx.t('roles.loginHint')} value={values.login} error={e.login} required />
          <SelectField
            ctx={ctx}
            name="role"
            label={labels.role}
            options={props.grantableRoles.map((r) => ({ value: r, label: roleLabel(r) }))}
            value={values.role}
            error={e.role}
            required
            emptyLabel={ctx.t('roles.roleChoose')}
          />
          <SelectField
            ctx={ctx}
            name="unitCode"
            label={labels.unitCode}
            options={props.units}
            value={values.unitCode}
            error={e.unitCode}
            required
            emptyLabel={ctx.t('roles.unitChoose')}
          />
          <button type="submit" class="primary">
            {ctx.t('roles.grantSubmit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
