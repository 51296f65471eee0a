/** Pages of the sign-in through an identity provider: complete the profile, and a clear error page. */
import type { ViewCtx } from '../../views/render.js';
import { defineMessages } from '../../core/i18n.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { ConsentField, Csrf, TargetGroupField, messagesOf, personLabels } from './views.js';

defineMessages({
  vi: {
    'oidc.profileTitle': 'Hoàn tất hồ sơ',
    'oidc.profileLead': 'Bạn đã xác thực bằng {name}. Vui lòng bổ sung vài thông tin để tạo tài khoản học tập.',
    'oidc.profileSubmit': 'Tạo tài khoản',
    'oidc.errorTitle': 'Chưa đăng nhập được bằng {name}',
    'oidc.retry': 'Thử đăng nhập lại bằng {name}',
    'oidc.usePassword': 'Đăng nhập bằng số điện thoại/thư điện tử và mật khẩu',
    'error.OIDC_DENIED': 'Việc đăng nhập bằng {name} đã bị hủy hoặc bị từ chối. Chưa có gì được tạo hay thay đổi.',
    'error.OIDC_STATE_INVALID': 'Phiên đăng nhập không hợp lệ, đã được dùng hoặc đã hết hạn. Chưa có gì được tạo. Vui lòng đăng nhập lại từ đầu.',
    'error.OIDC_FAILED': 'Không xác minh được kết quả đăng nhập từ {name}. Chưa có gì được tạo. Vui lòng thử lại.',
    'error.OIDC_UNAVAILABLE': 'Hiện không kết nối được với {name}. Vui lòng thử lại sau hoặc đăng nhập bằng mật khẩu.',
    'error.OIDC_ACCOUNT_INACTIVE': 'Tài khoản gắn với danh tính {name} này không còn hoạt động. Vui lòng liên hệ quản trị viên đơn vị.',
    'error.OIDC_LINK_CONFLICT':
      'Tài khoản có cùng thư điện tử hoặc số điện thoại đã gắn với một danh tính {name} khác. Vui lòng đăng nhập bằng mật khẩu hoặc liên hệ quản trị viên đơn vị.',
    'error.OIDC_IDENTITY_TAKEN': 'Danh tính {name} này đã gắn với một tài khoản. Vui lòng đăng nhập lại.',
  },
  en: {
    'oidc.profileTitle': 'Complete your profile',
    'oidc.profileLead': 'You are verified through {name}. Please add a few details to create your learning account.',
    'oidc.profileSubmit': 'Create the account',
    'oidc.errorTitle': 'Could not sign in with {name}',
    'oidc.retry': 'Try signing in with {name} again',
    'oidc.usePassword': 'Sign in with phone number/e-mail and password',
    'error.OIDC_DENIED': 'Signing in with {name} was cancelled or refused. Nothing was created or changed.',
    'error.OIDC_STATE_INVALID': 'This sign-in is not valid, was already used or has expired. Nothing was created. Please start signing in again.',
    'error.OIDC_FAILED': 'The sign-in result from {name} could not be verified. Nothing was created. Please try again.',
    'error.OIDC_UNAVAILABLE': '{name} cannot be reached right now. Please try again later or sign in with your password.',
    'error.OIDC_ACCOUNT_INACTIVE': 'The account linked to this {name} identity is no longer active. Please contact your unit administrator.',
    'error.OIDC_LINK_CONFLICT':
      'The account with the same e-mail or phone number is linked to another {name} identity. Please sign in with your password or contact your unit administrator.',
    'error.OIDC_IDENTITY_TAKEN': 'This {name} identity is already linked to an account. Please sign in again.',
  },
});

type Values = Record<string, string | undefined>;

export function OidcProfilePage(props: { ctx: ViewCtx; providerName: string; units: UnitRow[]; values: Values; errors: Record<string, string> }) {
  const { ctx, values } = props;
  const e = messagesOf(ctx, props.errors);
  const labels = personLabels(ctx);
  return (
    <Layout ctx={ctx} title={ctx.t('oidc.profileTitle')}>
      <h1>{ctx.t('oidc.profileTitle')}</h1>
      <p class="lead">{ctx.t('oidc.profileLead', { name: props.providerName })}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action="/dang-nhap/oidc/hoan-tat" novalidate>
        <Csrf ctx={ctx} />
        <Field ctx={ctx} name="fullName" label={labels.fullName} value={values.fullName} error={e.fullName} required autocomplete="name" />
        <Field ctx={ctx} name="phone" type="tel" label={labels.phone} hint={ctx.t('signup.phoneHint')} value={values.phone} error={e.phone} autocomplete="tel" inputMode="tel" />
        <Field ctx={ctx} name="email" type="email" label={labels.email} hint={ctx.t('signup.emailHint')} value={values.email} error={e.email} autocomplete="email" />
        <UnitSelect ctx={ctx} units={props.units} name="unitCode" label={labels.unitCode} value={values.unitCode} error={e.unitCode} required emptyLabel={ctx.t('signup.unitChoose')} />
        <TargetGroupField ctx={ctx} value={values.targetGroup} error={e.targetGroup} />
        <Field ctx={ctx} name="birthYear" label={labels.birthYear} value={values.birthYear} error={e.birthYear} inputMode="numeric" autocomplete="bday-year" />
        <ConsentField ctx={ctx} checked={values.consent === 'yes'} error={e.consent} />
        <button type="submit" class="primary">
          {ctx.t('oidc.profileSubmit')}
        </button>
      </form>
    </Layout>
  );
}

export function OidcErrorPage(props: { ctx: ViewCtx; providerName: string; message: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('oidc.errorTitle', { name: props.providerName })}>
      <h1>{ctx.t('oidc.errorTitle', { name: props.providerName })}</h1>
      <p role="alert">{props.message}</p>
      <ul>
        <li>
          <a href="/dang-nhap/oidc">{ctx.t('oidc.retry', { name: props.providerName })}</a>
        </li>
        <li>
          <a href="/dang-nhap">{ctx.t('oidc.usePassword')}</a>
        </li>
      </ul>
    </Layout>
  );
}
