/** Administrators' pages for deletion requests: the pending list and one request to carry out. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { formatPhone } from '../../core/text.js';
import type { PendingRequest } from './repository.js';
import { ConfirmBox } from './views.js';
import './messages.js';

export function DeletionRequestsPage(props: { ctx: ViewCtx; requests: PendingRequest[]; notice?: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('deletion.title')}>
      <h1>{ctx.t('deletion.title')}</h1>
      <p class="lead">{ctx.t('deletion.lead')}</p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      {props.requests.length === 0 ? (
        <p>{ctx.t('deletion.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('deletion.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('deletion.colName')}</th>
                <th scope="col">{ctx.t('deletion.colUnit')}</th>
                <th scope="col">{ctx.t('deletion.colRequested')}</th>
                <th scope="col">{ctx.t('deletion.colAction')}</th>
              </tr>
            </thead>
            <tbody>
              {props.requests.map((r) => (
                <tr>
                  <th scope="row">{r.fullName}</th>
                  <td>{r.unitName}</td>
                  <td>{formatDateTime(r.requestedAt)}</td>
                  <td>
                    <a href={`/quan-tri/yeu-cau-xoa/${r.id}`} aria-label={ctx.t('deletion.openLabel', { name: r.fullName })}>
                      {ctx.t('deletion.open')}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function DeletionRequestPage(props: { ctx: ViewCtx; request: PendingRequest; errors: Record<string, string> }) {
  const { ctx, request: r } = props;
  const contact = [r.phone ? formatPhone(r.phone) : '', r.email ?? ''].filter(Boolean).join(' · ');
  return (
    <Layout ctx={ctx} title={ctx.t('deletion.detailTitle')}>
      <p>
        <a href="/quan-tri/yeu-cau-xoa">{ctx.t('deletion.back')}</a>
      </p>
      <h1>{ctx.t('deletion.detailTitle')}</h1>
      <ErrorSummary ctx={ctx} errors={props.errors} labels={{ confirm: ctx.t('deletion.submit') }} />
      <dl class="facts">
        <dt>{ctx.t('deletion.colName')}</dt>
        <dd>{r.fullName}</dd>
        <dt>{ctx.t('deletion.contact')}</dt>
        <dd>{contact}</dd>
        <dt>{ctx.t('deletion.colUnit')}</dt>
        <dd>{r.unitName}</dd>
        <dt>{ctx.t('deletion.colRequested')}</dt>
        <dd>{formatDateTime(r.requestedAt)}</dd>
      </dl>
      <p>{ctx.t('deletion.what', { id: r.id })}</p>
      <form method="post" action={`/quan-tri/yeu-cau-xoa/${r.id}`}>
        <CsrfField ctx={ctx} />
        <ConfirmBox ctx={ctx} label={ctx.t('deletion.confirm')} error={props.errors.confirm} />
        <button type="submit" class="primary">
          {ctx.t('deletion.submit')}
        </button>
      </form>
    </Layout>
  );
}
