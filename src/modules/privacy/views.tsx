/** "My personal data": what is stored, the download link, and the deletion request (or its withdrawal). */
import type { ComponentChildren } from 'preact';
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { formatPhone } from '../../core/text.js';
import type { PersonalData } from './service.js';
import { CommunitySections } from './community-views.js';
import './messages.js';
import '../roles/messages.js';

/** A required confirmation checkbox with its error, used by the person and by the administrator. */
export function ConfirmBox(props: { ctx: ViewCtx; label: string; error?: string }) {
  return (
    <div class={props.error ? 'field field-error' : 'field'}>
      {props.error && (
        <p class="error-text" id="f-confirm-error">
          {props.error}
        </p>
      )}
      <div class="checkbox">
        <input id="f-confirm" type="checkbox" name="confirm" value="yes" required aria-describedby={props.error ? 'f-confirm-error' : undefined} />
        <label for="f-confirm">{props.label}</label>
      </div>
    </div>
  );
}

function Row(props: { label: string; children: ComponentChildren }) {
  return (
    <>
      <dt>{props.label}</dt>
      <dd>{props.children}</dd>
    </>
  );
}

export function MyDataPage(props: { ctx: ViewCtx; data: PersonalData; notice?: string; errors: Record<string, string> }) {
  const { ctx } = props;
  const { person: p, roles, sessions, identities } = props.data;
  const none = <span class="muted">{ctx.t('privacy.notGiven')}</span>;
  return (
    <Layout ctx={ctx} title={ctx.t('privacy.title')}>
      <h1>{ctx.t('privacy.title')}</h1>
      <p class="lead">{ctx.t('privacy.lead')}</p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={props.errors} labels={{ confirm: ctx.t('privacy.deleteTitle') }} />
      <p>
        <a class="button" href="/api/me/data" download="du-lieu-ca-nhan.json">
          {ctx.t('privacy.download')}
        </a>
      </p>
      <p class="hint">{ctx.t('privacy.downloadHint')}</p>

      <h2>{ctx.t('privacy.profile')}</h2>
      <dl class="facts">
        <Row label={ctx.t('privacy.fullName')}>{p.full_name}</Row>
        <Row label={ctx.t('privacy.phone')}>{p.phone ? formatPhone(p.phone) : none}</Row>
        <Row label={ctx.t('privacy.email')}>{p.email ?? none}</Row>
        <Row label={ctx.t('privacy.unit')}>{p.unitName}</Row>
        <Row label={ctx.t('privacy.targetGroup')}>{ctx.t(`targetGroup.${p.target_group}`)}</Row>
        <Row label={ctx.t('privacy.birthYear')}>{p.birth_year ?? none}</Row>
        <Row label={ctx.t('privacy.createdAt')}>{formatDateTime(p.created_at)}</Row>
      </dl>

      <h2>{ctx.t('privacy.consent')}</h2>
      <p>
        {p.consent_at
          ? ctx.t('privacy.consentGiven', { time: formatDateTime(p.consent_at), version: p.consent_version ?? '' })
          : ctx.t('privacy.consentNone')}
      </p>
      <p>
        <a href="/chinh-sach-du-lieu">{ctx.t('privacy.policyLink')}</a>
      </p>

      <h2>{ctx.t('privacy.roles')}</h2>
      {roles.length === 0 ? (
        <p>{ctx.t('privacy.rolesNone')}</p>
      ) : (
        <ul>
          {roles.map((r) => (
            <li>{ctx.t('privacy.roleAt', { role: ctx.t(`roleName.${r.role}`), unit: r.unitName })}</li>
          ))}
        </ul>
      )}

      <h2>{ctx.t('privacy.sessions')}</h2>
      <p>{ctx.t('privacy.sessionsCount', { n: sessions.length })}</p>
      {identities.length > 0 && <p>{ctx.t('privacy.identities', { n: identities.length })}</p>}

      <CommunitySections ctx={ctx} records={props.data.community} />

      <h2 id="xoa-du-lieu">{ctx.t('privacy.deleteTitle')}</h2>
      {p.deletion_requested_at ? (
        <form method="post" action="/ca-nhan/du-lieu/rut-yeu-cau">
          <CsrfField ctx={ctx} />
          <p class="notice">{ctx.t('privacy.pending', { time: formatDateTime(p.deletion_requested_at) })}</p>
          <button type="submit" class="button secondary">
            {ctx.t('privacy.withdraw')}
          </button>
        </form>
      ) : (
        <form method="post" action="/ca-nhan/du-lieu/yeu-cau-xoa">
          <CsrfField ctx={ctx} />
          <p>{ctx.t('privacy.deleteText')}</p>
          <ConfirmBox ctx={ctx} label={ctx.t('privacy.deleteConfirm')} error={props.errors.confirm} />
          <button type="submit" class="primary">
            {ctx.t('privacy.deleteSubmit')}
          </button>
        </form>
      )}
    </Layout>
  );
}
