import type { ComponentChildren } from 'preact';
import type { ViewCtx } from './render.js';
import { isAdministrator } from '../core/policy.js';
import '../modules/courses/capabilities.js';
import './messages.js';

function withParam(path: string, key: string, value: string): string {
  const url = new URL(path, 'http://x');
  url.searchParams.set(key, value);
  return url.pathname + url.search;
}

export function Layout(props: { ctx: ViewCtx; title: string; children: ComponentChildren }) {
  const { ctx } = props;
  const other = ctx.lang === 'vi' ? 'en' : 'vi';
  const adminHref = isAdministrator(ctx.actor) ? '/quan-tri' : undefined;
  return (
    <html lang={ctx.lang} class={ctx.largeText ? 'large-text' : undefined}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${props.title} · ${ctx.t('site.name')}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
      </head>
      <body>
        <a class="skip-link" href="#main">
          {ctx.t('site.skip')}
        </a>
        <header class="site-header">
          <div class="wrap header-row">
            <a class="brand" href="/">
              <span class="brand-name">{ctx.t('site.name')}</span>
              <span class="brand-tagline">{ctx.t('site.tagline')}</span>
            </a>
            <div class="header-tools">
              <a href={withParam(ctx.path, 'lang', other)} lang={other} hreflang={other}>
                {ctx.t('lang.switch')}
              </a>
              <form method="post" action="/tuy-chon/co-chu" class="inline-form">
                <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                <input type="hidden" name="next" value={ctx.path} />
                <input type="hidden" name="size" value={ctx.largeText ? 'normal' : 'large'} />
                <button type="submit" class="link-button" aria-pressed={ctx.largeText ? 'true' : 'false'}>
                  {ctx.t('a11y.largeText')}
                </button>
              </form>
            </div>
          </div>
          <nav class="wrap site-nav" aria-label={ctx.t('nav.menu')}>
            <ul>
              <li>
                <a href="/" aria-current={ctx.path === '/' ? 'page' : undefined}>
                  {ctx.t('nav.home')}
                </a>
              </li>
              <li>
                <a href="/khoa-hoc" aria-current={ctx.path === '/khoa-hoc' ? 'page' : undefined}>
                  {ctx.t('nav.courses')}
                </a>
              </li>
              <li>
                <a href="/cuoc-thi" aria-current={ctx.path.startsWith('/cuoc-thi') ? 'page' : undefined}>
                  {ctx.t('nav.contests')}
                </a>
              </li>
              {ctx.actor ? (
                <>
                  <li>
                    <a href="/hoc-tap">{ctx.t('nav.learner')}</a>
                  </li>
                  {ctx.actor.grants.some((g) => g.role === 'team_member') && (
                    <li>
                      <a href="/to-cong-nghe-so">{ctx.t('nav.team')}</a>
                    </li>
                  )}
                  {adminHref && (
                    <li>
                      <a href={adminHref}>{ctx.t('nav.admin')}</a>
                    </li>
                  )}
                  <li>
                    <a href="/ca-nhan/du-lieu">{ctx.t('nav.mydata')}</a>
                  </li>
                  <li>
                    <form method="post" action="/dang-xuat" class="inline-form">
                      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
                      <button type="submit" class="link-button">
                        {ctx.t('nav.signout')}
                      </button>
                    </form>
                  </li>
                </>
              ) : (
                <>
                  <li>
                    <a href="/dang-nhap">{ctx.t('nav.signin')}</a>
                  </li>
                  <li>
                    <a href="/dang-ky">{ctx.t('nav.signup')}</a>
                  </li>
                </>
              )}
            </ul>
          </nav>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>{ctx.t('footer.owner', { city: ctx.cityName })}</p>
            <p>
              <a href="/chinh-sach-du-lieu">{ctx.t('footer.privacy')}</a> · <a href="/sang-kien">{ctx.t('footer.initiatives')}</a> ·{' '}
              <a href="/du-lieu-mo">{ctx.t('footer.openData')}</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function ErrorSummary(props: { ctx: ViewCtx; errors: Record<string, string>; labels: Record<string, string> }) {
  const entries = Object.entries(props.errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} id="error-summary">
      <h2>{props.ctx.t('form.errors')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            {field === '_form' ? message : <a href={`#f-${field}`}>{`${props.labels[field] ?? field}: ${message}`}</a>}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The parts of a form field around its control: label, "optional", hint and error text, tied by ids. */
export interface ControlAttrs {
  id: string;
  'aria-invalid'?: 'true';
  'aria-describedby'?: string;
}

export function FieldFrame(p: {
  ctx: ViewCtx;
  name: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  control: (attrs: ControlAttrs) => ComponentChildren;
}) {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={p.error ? 'field field-error' : 'field'}>
      <label for={id}>
        {p.label}
        {!p.required && <span class="optional"> ({p.ctx.t('form.optional')})</span>}
      </label>
      {p.hint && (
        <p class="hint" id={`${id}-hint`}>
          {p.hint}
        </p>
      )}
      {p.error && (
        <p class="error-text" id={`${id}-error`}>
          {p.error}
        </p>
      )}
      {p.control({ id, 'aria-invalid': p.error ? 'true' : undefined, 'aria-describedby': describedBy || undefined })}
    </div>
  );
}

export interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  error?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  hint?: string;
  inputMode?: string;
  ctx: ViewCtx;
}

export function Field(p: FieldProps) {
  return (
    <FieldFrame
      {...p}
      control={(attrs) => (
        <input
          {...attrs}
          name={p.name}
          type={(p.type ?? 'text') as 'text'}
          value={p.value ?? ''}
          required={p.required}
          autocomplete={p.autocomplete}
          inputMode={p.inputMode as 'numeric' | undefined}
        />
      )}
    />
  );
}

export function ErrorPage(props: { ctx: ViewCtx; message: string }) {
  return (
    <Layout ctx={props.ctx} title={props.ctx.t('page.error')}>
      <h1>{props.ctx.t('page.error')}</h1>
      <p>{props.message}</p>
      <p>
        <a href="/">{props.ctx.t('page.backHome')}</a>
      </p>
    </Layout>
  );
}
