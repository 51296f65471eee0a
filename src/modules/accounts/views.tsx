import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { UnitSelect } from '../units/unit-select.js';
import { SelectField } from '../../views/form-parts.js';
import type { UnitRow } from '../units/repository.js';
import { TARGET_GROUPS } from './people-input.js';
import './messages.js';

type Values = Record<string, string | undefined>;
type Errors = Record<string, string>;

export function Csrf({ ctx }: { ctx: ViewCtx }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

export function messagesOf(ctx: ViewCtx, errors: Errors): Errors {
  return Object.fromEntries(Object.entries(errors).map(([f, code]) => [f, ctx.t(`error.${code}`)]));
}

/** The target-group <select> of the sign-up forms (password sign-up and sign-in through an identity provider). */
export function TargetGroupField(props: { ctx: ViewCtx; value?: string; error?: string }) {
  const { ctx } = props;
  return (
    <SelectField
      ctx={ctx}
      name="targetGroup"
      label={ctx.t('signup.targetGroup')}
      value={props.value}
      error={props.error}
      required
      emptyLabel={ctx.t('signup.groupChoose')}
      options={TARGET_GROUPS.map((g) => ({ value: g, label: ctx.t(`targetGroup.${g}`) }))}
    />
  );
}

/** The personal-data consent checkbox (value "yes") with the link to the policy. */
export function ConsentField(props: { ctx: ViewCtx; checked: boolean; error?: string }) {
  const { ctx, error } = props;
  return (
    <div class={error ? 'field field-error' : 'field'}>
      {error && <p class="error-text" id="f-consent-error">{error}</p>}
      <div class="checkbox">
        <input id="f-consent" type="checkbox" name="consent" value="yes" checked={props.checked} aria-describedby={error ? 'f-consent-error' : undefined} />
        <label for="f-consent">{ctx.t('signup.consent')}</label>
      </div>
      <p>
        <a href="/chinh-sach-du-lieu">{ctx.t('signup.consentPolicy')}</a>
      </p>
    </div>
  );
}

/** The labels of a person's fields, shared by sign-up and the OIDC profile page (and their error summaries). */
export function personLabels(ctx: ViewCtx) {
  return {
    fullName: ctx.t('signup.fullName'),
    phone: ctx.t('signup.phone'),
    email: ctx.t('signup.email'),
    unitCode: ctx.t('signup.unit'),
    targetGroup: ctx.t('signup.targetGroup'),
    birthYear: ctx.t('signup.birthYear'),
    consent: ctx.t('signup.consentPolicy'),
  };
}

/**
 * The sign-up form. Other flows that end in a new account (an ambassador's invitation) post it to their own
 * address (`action`) and bring the person back there after signing in (`signInHref`).
 */
export function SignUpPage(props: { ctx: ViewCtx; units: UnitRow[]; values: Values; errors: Errors; action?: string; lead?: string; signInHref?: string }) {
  const { ctx, values } = props;
  const e = messagesOf(ctx, props.errors);
  const labels = { ...personLabels(ctx), password: ctx.t('signup.password') };
  return (
    <Layout ctx={ctx} title={ctx.t('signup.title')}>
      <h1>{ctx.t('signup.title')}</h1>
      <p class="lead">{props.lead ?? ctx.t('signup.lead')}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={props.action ?? '/dang-ky'} novalidate>
        <Csrf ctx={ctx} />
        <Field ctx={ctx} name="fullName" label={labels.fullName} value={values.fullName} error={e.fullName} required autocomplete="name" />
        <Field ctx={ctx} name="phone" type="tel" label={labels.phone} hint={ctx.t('signup.phoneHint')} value={values.phone} error={e.phone} autocomplete="tel" inputMode="tel" />
        <Field ctx={ctx} name="email" type="email" label={labels.email} hint={ctx.t('signup.emailHint')} value={values.email} error={e.email} autocomplete="email" />
        <UnitSelect ctx={ctx} units={props.units} name="unitCode" label={labels.unitCode} value={values.unitCode} error={e.unitCode} required emptyLabel={ctx.t('signup.unitChoose')} />
        <TargetGroupField ctx={ctx} value={values.targetGroup} error={e.targetGroup} />
        <Field ctx={ctx} name="birthYear" label={labels.birthYear} value={values.birthYear} error={e.birthYear} inputMode="numeric" autocomplete="bday-year" />
        <Field ctx={ctx} name="password" type="password" label={labels.password} hint={ctx.t('signup.passwordHint')} error={e.password} required autocomplete="new-password" />
        <Field ctx={ctx} name="passwordConfirm" type="password" label={ctx.t('signup.passwordConfirm')} required autocomplete="new-password" />
        <ConsentField ctx={ctx} checked={values.consent === 'yes'} error={e.consent} />
        <button type="submit" class="primary">
          {ctx.t('signup.submit')}
        </button>
      </form>
      <p>
        {ctx.t('signup.haveAccount')} <a href={props.signInHref ?? '/dang-nhap'}>{ctx.t('nav.signin')}</a>
      </p>
    </Layout>
  );
}

export function SignInPage(props: { ctx: ViewCtx; login?: string; next?: string; error?: string; notice?: string; oidcName?: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('signin.title')}>
      <h1>{ctx.t('signin.title')}</h1>
      {props.notice && <p class="notice ok" role="status">{props.notice}</p>}
      {props.error && <ErrorSummary ctx={ctx} errors={{ _form: props.error }} labels={{}} />}
      <form method="post" action="/dang-nhap">
        <Csrf ctx={ctx} />
        {props.next && <input type="hidden" name="next" value={props.next} />}
        <Field ctx={ctx} name="login" label={ctx.t('signin.login')} value={props.login} required autocomplete="username" />
        <Field ctx={ctx} name="password" type="password" label={ctx.t('signin.password')} required autocomplete="current-password" />
        <button type="submit" class="primary">
          {ctx.t('signin.submit')}
        </button>
      </form>
      <p>
        <a href="/quen-mat-khau">{ctx.t('signin.forgot')}</a>
      </p>
      {props.oidcName && (
        <>
          <p>{ctx.t('signin.or')}</p>
          <p>
            <a class="button secondary" href={`/dang-nhap/oidc${props.next ? `?next=${encodeURIComponent(props.next)}` : ''}`}>
              {ctx.t('signin.oidc', { name: props.oidcName })}
            </a>
          </p>
        </>
      )}
      <p>
        {ctx.t('signin.noAccount')} <a href="/dang-ky">{ctx.t('nav.signup')}</a>
      </p>
    </Layout>
  );
}

export function ForgotPage(props: { ctx: ViewCtx; sent: boolean }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('forgot.title')}>
      <h1>{ctx.t('forgot.title')}</h1>
      {props.sent ? (
        <p class="notice ok" role="status">{ctx.t('forgot.sent')}</p>
      ) : (
        <>
          <p>{ctx.t('forgot.lead')}</p>
          <form method="post" action="/quen-mat-khau">
            <Csrf ctx={ctx} />
            <Field ctx={ctx} name="login" label={ctx.t('signin.login')} required autocomplete="username" />
            <button type="submit" class="primary">{ctx.t('forgot.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  );
}

export function ResetPage(props: { ctx: ViewCtx; token: string; errors: Errors }) {
  const { ctx } = props;
  const e = messagesOf(ctx, props.errors);
  return (
    <Layout ctx={ctx} title={ctx.t('reset.title')}>
      <h1>{ctx.t('reset.title')}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={{ password: ctx.t('signup.password') }} />
      <form method="post" action="/dat-lai-mat-khau">
        <Csrf ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <Field ctx={ctx} name="password" type="password" label={ctx.t('signup.password')} hint={ctx.t('signup.passwordHint')} error={e.password} required autocomplete="new-password" />
        <Field ctx={ctx} name="passwordConfirm" type="password" label={ctx.t('signup.passwordConfirm')} required autocomplete="new-password" />
        <button type="submit" class="primary">{ctx.t('reset.submit')}</button>
      </form>
    </Layout>
  );
}

export function SetupPage(props: { ctx: ViewCtx; token: string; values: Values; errors: Errors }) {
  const { ctx, values } = props;
  const e = messagesOf(ctx, props.errors);
  return (
    <Layout ctx={ctx} title={ctx.t('setup.title')}>
      <h1>{ctx.t('setup.title')}</h1>
      <p>{ctx.t('setup.lead')}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={{ fullName: ctx.t('signup.fullName'), email: ctx.t('signup.email'), password: ctx.t('signup.password') }} />
      <form method="post" action="/thiet-lap">
        <Csrf ctx={ctx} />
        <input type="hidden" name="token" value={props.token} />
        <Field ctx={ctx} name="fullName" label={ctx.t('signup.fullName')} value={values.fullName} error={e.fullName} required autocomplete="name" />
        <Field ctx={ctx} name="email" type="email" label={ctx.t('signup.email')} value={values.email} error={e.email} required autocomplete="email" />
        <Field ctx={ctx} name="password" type="password" label={ctx.t('signup.password')} hint={ctx.t('signup.passwordHint')} error={e.password} required autocomplete="new-password" />
        <Field ctx={ctx} name="passwordConfirm" type="password" label={ctx.t('signup.passwordConfirm')} required autocomplete="new-password" />
        <button type="submit" class="primary">{ctx.t('setup.submit')}</button>
      </form>
    </Layout>
  );
}
