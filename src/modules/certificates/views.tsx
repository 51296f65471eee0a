/** Certificates pages: the holder's list, the public verification page, the revokers' list and detail. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { CsrfField } from '../../views/form-parts.js';
import type { CertificateRow, CertificateWithHost } from './repository.js';
import { REASON_MAX, vnDate } from './service.js';
import './messages.js';

const holder = (ctx: ViewCtx, c: CertificateRow) => c.holder_name || ctx.t('cert.nameRemoved');
const statusText = (ctx: ViewCtx, c: CertificateRow) => (c.revoked_at ? `${ctx.t('cert.revoked')} (${vnDate(c.revoked_at)})` : ctx.t('cert.valid'));

export function MyCertificatesPage({ ctx, certificates }: { ctx: ViewCtx; certificates: CertificateRow[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('cert.mine')}>
      <h1>{ctx.t('cert.mine')}</h1>
      <p class="lead">{ctx.t('cert.mineLead')}</p>
      {certificates.length === 0 ? (
        <p class="notice">{ctx.t('cert.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('cert.mine')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('cert.col.course')}</th>
                <th scope="col">{ctx.t('cert.col.issued')}</th>
                <th scope="col">{ctx.t('cert.col.status')}</th>
                <th scope="col">{ctx.t('cert.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {certificates.map((c) => (
                <tr>
                  <th scope="row">{c.course_title}</th>
                  <td>{vnDate(c.issued_at)}</td>
                  <td>{statusText(ctx, c)}</td>
                  <td>
                    <a href={`/hoc-tap/chung-nhan/${c.code}/pdf`}>
                      {ctx.t('cert.download')}
                      <span class="visually-hidden"> — {c.course_title}</span>
                    </a>
                    {' · '}
                    <a href={`/chung-nhan/${c.code}`}>
                      {ctx.t('cert.verifyLink')}
                      <span class="visually-hidden"> — {c.course_title}</span>
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href="/hoc-tap/ky-nang">{ctx.t('cert.skills')}</a>
      </p>
    </Layout>
  );
}

/** The public page behind the QR code: name, course, date and validity — nothing else. */
export function VerifyPage({ ctx, certificate: c }: { ctx: ViewCtx; certificate: CertificateRow }) {
  return (
    <Layout ctx={ctx} title={ctx.t('cert.verifyTitle')}>
      <h1>{ctx.t('cert.verifyTitle')}</h1>
      {c.revoked_at ? (
        <div class="error-summary">
          <h2>{ctx.t('cert.verifyRevoked')}</h2>
          <p>{ctx.t('cert.revokedOn', { date: vnDate(c.revoked_at) })}</p>
        </div>
      ) : (
        <div class="notice ok">
          <h2>{ctx.t('cert.verifyValid')}</h2>
        </div>
      )}
      <dl class="facts">
        <dt>{ctx.t('cert.holder')}</dt>
        <dd>{holder(ctx, c)}</dd>
        <dt>{ctx.t('cert.course')}</dt>
        <dd>{c.course_title}</dd>
        <dt>{ctx.t('cert.issued')}</dt>
        <dd>{vnDate(c.issued_at)}</dd>
        <dt>{ctx.t('cert.status')}</dt>
        <dd>{c.revoked_at ? ctx.t('cert.verifyRevoked') : ctx.t('cert.valid')}</dd>
      </dl>
      <p class="muted">{ctx.t('cert.verifyNote', { city: ctx.cityName })}</p>
    </Layout>
  );
}

export function AdminCertificatesPage(props: { ctx: ViewCtx; rows: CertificateWithHost[]; total: number; page: number; pageSize: number; code?: string }) {
  const { ctx } = props;
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  const href = (page: number) => `/quan-tri/chung-nhan?${new URLSearchParams({ ...(props.code ? { code: props.code } : {}), page: String(page) })}`;
  return (
    <Layout ctx={ctx} title={ctx.t('cert.admin')}>
      <h1>{ctx.t('cert.admin')}</h1>
      <p class="lead">{ctx.t('cert.adminLead')}</p>
      <form method="get" action="/quan-tri/chung-nhan" class="filters" role="search" aria-label={ctx.t('cert.search')}>
        <div class="field">
          <label for="f-code">{ctx.t('cert.search')}</label>
          <input id="f-code" name="code" type="search" value={props.code ?? ''} autocomplete="off" />
        </div>
        <button type="submit" class="primary">
          {ctx.t('cert.searchSubmit')}
        </button>
      </form>
      <p class="muted">{ctx.t('cert.count', { n: props.total })}</p>
      {props.rows.length === 0 ? (
        <p>{ctx.t('cert.adminNone')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('cert.admin')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('cert.col.code')}</th>
                <th scope="col">{ctx.t('cert.col.holder')}</th>
                <th scope="col">{ctx.t('cert.col.course')}</th>
                <th scope="col">{ctx.t('cert.col.issued')}</th>
                <th scope="col">{ctx.t('cert.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((c) => (
                <tr>
                  <th scope="row" class="nowrap">
                    <a href={`/quan-tri/chung-nhan/${c.code}`}>{c.code}</a>
                  </th>
                  <td>{holder(ctx, c)}</td>
                  <td>{c.course_title}</td>
                  <td>{vnDate(c.issued_at)}</td>
                  <td>{statusText(ctx, c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={ctx.t('cert.pageOf', { page: props.page, pages })}>
          {props.page > 1 && <a href={href(props.page - 1)}>{ctx.t('cert.prev')}</a>}
          <span>{ctx.t('cert.pageOf', { page: props.page, pages })}</span>
          {props.page < pages && <a href={href(props.page + 1)}>{ctx.t('cert.next')}</a>}
        </nav>
      )}
    </Layout>
  );
}

export function AdminCertificatePage(props: { ctx: ViewCtx; certificate: CertificateWithHost; errors: Record<string, string>; reason?: string; done?: boolean }) {
  const { ctx, certificate: c, errors: e } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('cert.detail', { code: c.code })}>
      <p>
        <a href="/quan-tri/chung-nhan">{ctx.t('cert.back')}</a>
      </p>
      <h1>{ctx.t('cert.detail', { code: c.code })}</h1>
      {props.done && (
        <p class="notice ok" role="status">
          {ctx.t('cert.revokedDone')}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={{ reason: ctx.t('cert.reason') }} />
      <dl class="facts">
        <dt>{ctx.t('cert.holder')}</dt>
        <dd>{holder(ctx, c)}</dd>
        <dt>{ctx.t('cert.course')}</dt>
        <dd>{c.course_title}</dd>
        <dt>{ctx.t('cert.issued')}</dt>
        <dd>{vnDate(c.issued_at)}</dd>
        <dt>{ctx.t('cert.status')}</dt>
        <dd>
          {statusText(ctx, c)}
          {c.revoked_reason && (
            <>
              <br />
              {ctx.t('cert.revokedReason', { reason: c.revoked_reason })}
            </>
          )}
        </dd>
      </dl>
      {!c.revoked_at && (
        <form method="post" action={`/quan-tri/chung-nhan/${c.code}/thu-hoi`} novalidate>
          <CsrfField ctx={ctx} />
          <div class={e.reason ? 'field field-error' : 'field'}>
            <label for="f-reason">{ctx.t('cert.reason')}</label>
            <p class="hint" id="f-reason-hint">
              {ctx.t('cert.reasonHint')}
            </p>
            {e.reason && (
              <p class="error-text" id="f-reason-error">
                {e.reason}
              </p>
            )}
            <textarea
              id="f-reason"
              name="reason"
              rows={3}
              maxLength={REASON_MAX}
              required
              aria-invalid={e.reason ? 'true' : undefined}
              aria-describedby={e.reason ? 'f-reason-hint f-reason-error' : 'f-reason-hint'}
            >
              {props.reason ?? ''}
            </textarea>
          </div>
          <button type="submit" class="primary">
            {ctx.t('cert.revoke')}
          </button>
        </form>
      )}
    </Layout>
  );
}
