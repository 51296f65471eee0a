/**
 * The contest's public pages: the list, a contest's landing page (rules, prizes, schedule, live counters,
 * participation by unit), the registration form, a round for its contestant, and the attempt as one plain
 * form (no JavaScript needed; the play script only adds the countdown and saves each answer as it is chosen).
 * Light pages: no images, one stylesheet, one small script on the attempt page only.
 */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, formatDateTime } from '../../views/form-parts.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { ConsentField } from '../accounts/views.js';
import { Lines } from '../quizzes/view-parts.js';
import { registrationOpen, type ContestRow, type LiveCounters, type RoundRow, type RoundStatus } from './service.js';
import type { ContestListItem } from './public-queries.js';
import './messages-public.js';
import '../accounts/messages.js';

export const contestHref = (slug: string) => `/cuoc-thi/${encodeURIComponent(slug)}`;
export const roundHref = (slug: string, n: number) => `${contestHref(slug)}/vong/${n}`;
export const attemptHref = (id: number) => `/cuoc-thi/bai-thi/${id}`;

export function numberText(ctx: ViewCtx, n: number): string {
  return n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
}

/** 12:34 or 1:02:03 — what is left, never negative. */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${pad(m)}:${pad(s)}`;
}

/** "Vòng 1: Sử dụng thông minh"; a round titled just "Vòng 1" (or "Round 1") is not named twice. */
export function roundName(ctx: ViewCtx, r: Pick<RoundRow, 'number' | 'title'>): string {
  const plain = ctx.t('cp.roundName', { n: r.number, title: '' }).replace(/[:\s]+$/, '');
  return r.title.trim().toLowerCase() === plain.toLowerCase() || !r.title.trim() ? plain : ctx.t('cp.roundName', { n: r.number, title: r.title });
}
export const when = (ctx: ViewCtx, iso: string) => `${formatDateTime(iso)} ${ctx.t('cp.timeZone')}`;

export function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter(Boolean)
        .map((p) => (
          <p>
            <Lines text={p} />
          </p>
        ))}
    </>
  );
}

export function Notices(props: { ctx: ViewCtx; notice?: string; error?: string }) {
  return (
    <>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      {props.error && <ErrorSummary ctx={props.ctx} errors={{ _form: props.error }} labels={{}} />}
    </>
  );
}

export function StatusBadge({ ctx, status }: { ctx: ViewCtx; status: RoundStatus }) {
  return <span class={`round-status round-${status}`}>{ctx.t(`cp.status.${status}`)}</span>;
}

/* ---------- list ---------- */

export function ContestListPage(props: { ctx: ViewCtx; items: ContestListItem[]; now: Date }) {
  const { ctx, now } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('cp.list.title')}>
      <h1>{ctx.t('cp.list.title')}</h1>
      <p class="lead">{ctx.t('cp.list.lead')}</p>
      {props.items.length === 0 ? (
        <p class="notice">{ctx.t('cp.list.none')}</p>
      ) : (
        <ul class="cards">
          {props.items.map(({ contest, rounds }) => {
            const t = now.getTime();
            const open = rounds.find((r) => Date.parse(r.opens_at) <= t && t < Date.parse(r.closes_at));
            const next = rounds.find((r) => Date.parse(r.opens_at) > t);
            return (
              <li class="card">
                <h2>
                  <a href={contestHref(contest.slug)}>{contest.title}</a>
                </h2>
                <p>{contest.summary}</p>
                <p class="muted">
                  {open
                    ? ctx.t('cp.list.open', { round: roundName(ctx, open) })
                    : next
                      ? ctx.t('cp.list.next', { round: roundName(ctx, next), at: when(ctx, next.opens_at) })
                      : rounds.length > 0
                        ? ctx.t('cp.list.closed')
                        : ''}
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </Layout>
  );
}

/* ---------- landing ---------- */

/** Who is looking: decides the call to action. The anonymous variant is the one cached. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'account'; name: string }
  | { kind: 'registered' };

function CallToAction(props: { ctx: ViewCtx; contest: ContestRow; rounds: Array<RoundRow & { status: RoundStatus }>; viewer: Viewer; now: Date }) {
  const { ctx, contest, viewer } = props;
  const open = props.rounds.find((r) => r.status === 'open');
  const slug = contest.slug;
  const regOpen = registrationOpen(contest, props.now);
  return (
    <section class="enrol-box contest-cta" aria-labelledby="cta-title">
      <h2 id="cta-title">{ctx.t('cp.cta.title')}</h2>
      {viewer.kind === 'registered' ? (
        <>
          <p>{ctx.t('cp.cta.registered')}</p>
          {open ? (
            <p>
              <a class="button" href={roundHref(slug, open.number)}>
                {ctx.t('cp.cta.enter', { round: roundName(ctx, open) })}
              </a>
            </p>
          ) : (
            <p class="muted">{ctx.t('cp.cta.noOpenRound')}</p>
          )}
        </>
      ) : !regOpen ? (
        <p>{ctx.t('cp.cta.registrationClosed')}</p>
      ) : viewer.kind === 'account' ? (
        <form method="post" action={`${contestHref(slug)}/dang-ky/tai-khoan`}>
          <CsrfField ctx={ctx} />
          <p class="hint">{ctx.t('cp.cta.oneClickHint', { name: viewer.name })}</p>
          <button type="submit" class="primary">
            {ctx.t('cp.cta.oneClick')}
          </button>
        </form>
      ) : (
        <>
          <p>
            <a class="button" href={`${contestHref(slug)}/dang-ky`}>
              {ctx.t('cp.cta.register')}
            </a>
          </p>
          <p>
            {ctx.t('cp.cta.haveAccount')} <a href={`/dang-nhap?next=${encodeURIComponent(contestHref(slug))}`}>{ctx.t('cp.cta.signIn')}</a>
          </p>
        </>
      )}
    </section>
  );
}

function Counters({ ctx, counters }: { ctx: ViewCtx; counters: LiveCounters }) {
  const items: Array<[string, number]> = [
    ['cp.counters.visits', counters.visits],
    ['cp.counters.registrants', counters.registrants],
    ['cp.counters.attempts', counters.attempts],
  ];
  return (
    <section aria-labelledby="counters-title">
      <h2 id="counters-title">{ctx.t('cp.counters.title')}</h2>
      <dl class="contest-counters">
        {items.map(([key, n]) => (
          <div>
            <dt>{ctx.t(key)}</dt>
            <dd class="stat">{numberText(ctx, n)}</dd>
          </div>
        ))}
      </dl>
      <p class="muted small">{ctx.t('cp.counters.note')}</p>
    </section>
  );
}

function Schedule({ ctx, contest, rounds }: { ctx: ViewCtx; contest: ContestRow; rounds: Array<RoundRow & { status: RoundStatus }> }) {
  return (
    <section aria-labelledby="schedule-title">
      <h2 id="schedule-title">{ctx.t('cp.schedule.title')}</h2>
      {rounds.length === 0 ? (
        <p>{ctx.t('cp.schedule.none')}</p>
      ) : (
        <ol class="contest-rounds">
          {rounds.map((r) => (
            <li>
              <h3>
                <a href={roundHref(contest.slug, r.number)}>{roundName(ctx, r)}</a> <StatusBadge ctx={ctx} status={r.status} />
              </h3>
              <dl class="facts">
                <dt>{ctx.t('cp.schedule.opens')}</dt>
                <dd>{when(ctx, r.opens_at)}</dd>
                <dt>{ctx.t('cp.schedule.closes')}</dt>
                <dd>{when(ctx, r.closes_at)}</dd>
              </dl>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function UnitTable({ ctx, counters }: { ctx: ViewCtx; counters: LiveCounters }) {
  const top = counters.units.slice(0, 10);
  return (
    <section aria-labelledby="units-title">
      <h2 id="units-title">{ctx.t('cp.units.title')}</h2>
      {top.length === 0 ? (
        <p>{ctx.t('cp.units.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="units-caption">
          <table>
            <caption id="units-caption">{ctx.t('cp.units.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{ctx.t('cp.units.unit')}</th>
                <th scope="col" class="num">
                  {ctx.t('cp.units.registrants')}
                </th>
                <th scope="col" class="num">
                  {ctx.t('cp.units.rate')}
                </th>
              </tr>
            </thead>
            <tbody>
              {top.map((u) => (
                <tr>
                  <th scope="row">{u.name}</th>
                  <td class="num">{numberText(ctx, u.registrants)}</td>
                  <td class="num">
                    {u.rate === null ? '—' : `${(u.rate * 100).toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: 2 })}%`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function LandingPage(props: {
  ctx: ViewCtx;
  contest: ContestRow;
  rounds: Array<RoundRow & { status: RoundStatus }>;
  counters: LiveCounters;
  viewer: Viewer;
  now: Date;
  notice?: string;
}) {
  const { ctx, contest } = props;
  return (
    <Layout ctx={ctx} title={contest.title}>
      <p>
        <a href="/cuoc-thi">{ctx.t('cp.backToList')}</a>
      </p>
      <h1>{contest.title}</h1>
      <Notices ctx={ctx} notice={props.notice} />
      <div class="lead">
        <Paragraphs text={contest.summary} />
      </div>
      <CallToAction ctx={ctx} contest={contest} rounds={props.rounds} viewer={props.viewer} now={props.now} />
      <Counters ctx={ctx} counters={props.counters} />
      <Schedule ctx={ctx} contest={contest} rounds={props.rounds} />
      <section aria-labelledby="rules-title" class="description">
        <h2 id="rules-title">{ctx.t('cp.rules.title')}</h2>
        <Paragraphs text={contest.rules} />
      </section>
      <section aria-labelledby="prizes-title" class="description">
        <h2 id="prizes-title">{ctx.t('cp.prizes.title')}</h2>
        <Paragraphs text={contest.prizes_text} />
      </section>
      <UnitTable ctx={ctx} counters={props.counters} />
    </Layout>
  );
}

/* ---------- registration ---------- */

export function registrationLabels(ctx: ViewCtx): Record<string, string> {
  return {
    fullName: ctx.t('cp.reg.fullName'),
    phone: ctx.t('cp.reg.phone'),
    idNumber: ctx.t('cp.reg.idNumber'),
    unitCode: ctx.t('cp.reg.unit'),
    targetGroup: ctx.t('cp.reg.targetGroup'),
    birthYear: ctx.t('cp.reg.birthYear'),
    password: ctx.t('cp.reg.password'),
    passwordConfirm: ctx.t('cp.reg.passwordConfirm'),
    consent: ctx.t('cp.reg.consent'),
  };
}

export function RegisterPage(props: {
  ctx: ViewCtx;
  contest: ContestRow;
  units: UnitRow[];
  values: Record<string, string | undefined>;
  /** Field → message (already translated); `_form` for a refusal without a field. */
  errors: Record<string, string>;
  /** Signed in: the one-click registration instead of the form. */
  accountName?: string;
  closed?: boolean;
}) {
  const { ctx, contest, values } = props;
  const e = props.errors;
  const labels = registrationLabels(ctx);
  const groups = (JSON.parse(contest.target_groups) as string[]).map((g) => ({ value: g, label: ctx.t(`targetGroup.${g}`) }));
  const action = `${contestHref(contest.slug)}/dang-ky`;
  return (
    <Layout ctx={ctx} title={`${ctx.t('cp.reg.title')} · ${contest.title}`}>
      <p>
        <a href={contestHref(contest.slug)}>{ctx.t('cp.back')}</a>
      </p>
      <h1>{ctx.t('cp.reg.title')}</h1>
      <p class="lead">{contest.title}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      {props.closed ? (
        <p class="notice">{ctx.t('cp.cta.registrationClosed')}</p>
      ) : props.accountName !== undefined ? (
        <form method="post" action={`${action}/tai-khoan`} novalidate>
          <CsrfField ctx={ctx} />
          <p>{ctx.t('cp.reg.signedIn', { name: props.accountName })}</p>
          {/* Asked only when the account lacks it: a unit the contest takes, a target group it offers, an ID number without a phone. */}
          {('unitCode' in e || values.unitCode !== undefined) && (
            <UnitSelect ctx={ctx} units={props.units} name="unitCode" label={labels.unitCode} value={values.unitCode} error={e.unitCode} required emptyLabel={ctx.t('signup.unitChoose')} />
          )}
          {('targetGroup' in e || values.targetGroup !== undefined) && (
            <SelectField ctx={ctx} name="targetGroup" label={labels.targetGroup} value={values.targetGroup} error={e.targetGroup} required emptyLabel={ctx.t('signup.groupChoose')} options={groups} />
          )}
          {('idNumber' in e || values.idNumber !== undefined) && (
            <Field ctx={ctx} name="idNumber" label={labels.idNumber} hint={ctx.t('cp.reg.idNumberHint')} value={values.idNumber} error={e.idNumber} inputMode="numeric" autocomplete="off" />
          )}
          <button type="submit" class="primary">
            {ctx.t('cp.cta.oneClick')}
          </button>
          <p class="hint">{ctx.t('cp.reg.notYou')}</p>
        </form>
      ) : (
        <>
          <p>{ctx.t('cp.reg.lead')}</p>
          <form method="post" action={action} novalidate>
            <CsrfField ctx={ctx} />
            <Field ctx={ctx} name="fullName" label={labels.fullName} value={values.fullName} error={e.fullName} required autocomplete="name" />
            <Field ctx={ctx} name="phone" type="tel" label={labels.phone} hint={ctx.t('cp.reg.phoneHint')} value={values.phone} error={e.phone} required autocomplete="tel" inputMode="tel" />
            <Field ctx={ctx} name="idNumber" label={labels.idNumber} hint={ctx.t('cp.reg.idNumberHint')} value={values.idNumber} error={e.idNumber} inputMode="numeric" autocomplete="off" />
            <UnitSelect ctx={ctx} units={props.units} name="unitCode" label={labels.unitCode} value={values.unitCode} error={e.unitCode} required emptyLabel={ctx.t('signup.unitChoose')} />
            <SelectField
              ctx={ctx}
              name="targetGroup"
              label={labels.targetGroup}
              value={values.targetGroup}
              error={e.targetGroup}
              required
              emptyLabel={ctx.t('signup.groupChoose')}
              options={groups}
            />
            <Field ctx={ctx} name="birthYear" label={labels.birthYear} value={values.birthYear} error={e.birthYear} inputMode="numeric" autocomplete="bday-year" />
            <Field ctx={ctx} name="password" type="password" label={labels.password} hint={ctx.t('signup.passwordHint')} error={e.password} required autocomplete="new-password" />
            <Field ctx={ctx} name="passwordConfirm" type="password" label={labels.passwordConfirm} error={e.passwordConfirm} required autocomplete="new-password" />
            <ConsentField ctx={ctx} checked={values.consent === 'yes'} error={e.consent} />
            <button type="submit" class="primary">
              {ctx.t('cp.reg.submit')}
            </button>
          </form>
          <p>
            {ctx.t('cp.reg.haveAccount')} <a href={`/dang-nhap?next=${encodeURIComponent(action)}`}>{ctx.t('cp.reg.signInFirst')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}
