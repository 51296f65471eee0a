/** Pages of digital ambassadors: the mentor's page, an invitation's QR code, a mentee's progress, the invitation
 * a person opens (sign in / sign up / accept), and the unit or city network. No JavaScript needed. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { percent } from '../skills/views.js';
import { SignUpPage } from '../accounts/views.js';
import type { UnitRow } from '../units/repository.js';
import type { InvitationLookup, MenteeDetail, MentorDashboard, NetworkView } from './service.js';
import { INVITATION_DAYS } from './capabilities.js';
import './messages.js';

const fmt = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
const dateOnly = (iso: string | null) => formatDateTime(iso).slice(0, 10);

function RuleNotice({ ctx, ruleSet }: { ctx: ViewCtx; ruleSet: boolean }) {
  return ruleSet ? null : <p class="notice">{ctx.t('amb.ruleNotSet')}</p>;
}

export function MentorPage(props: { ctx: ViewCtx; dash: MentorDashboard; notice?: string }) {
  const { ctx, dash } = props;
  const count = dash.mentees.length;
  const missing = Math.max(0, dash.target - count);
  return (
    <Layout ctx={ctx} title={ctx.t('amb.mentor.title')}>
      <h1>{ctx.t('amb.mentor.title')}</h1>
      <p class="lead">{ctx.t('amb.mentor.lead', { target: dash.target })}</p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <p>
        <span class="stat">
          {fmt(ctx, count)}/{fmt(ctx, dash.target)}
        </span>{' '}
        {ctx.t('amb.mentor.countLabel')}
      </p>
      <p class={missing > 0 ? 'notice' : 'notice ok'}>
        {missing > 0 ? ctx.t('amb.mentor.missing', { missing }) : ctx.t('amb.mentor.reached')}
      </p>
      <section aria-labelledby="invite">
        <h2 id="invite">{ctx.t('amb.invite.title')}</h2>
        <p>{ctx.t('amb.invite.text', { days: INVITATION_DAYS })}</p>
        <form method="post" action="/dai-su-so/loi-moi">
          <CsrfField ctx={ctx} />
          <button type="submit" class="primary">
            {ctx.t('amb.invite.create')}
          </button>
        </form>
        {dash.invitations.length > 0 && (
          <>
            <h3>{ctx.t('amb.invite.open')}</h3>
            <ul>
              {dash.invitations.map((i) => (
                <li>
                  <a href={`/dai-su-so/ma-moi/${i.id}`}>{ctx.t('amb.invite.item', { created: dateOnly(i.createdAt) })}</a>{' '}
                  <span class="muted">— {ctx.t('amb.invite.expires', { at: formatDateTime(i.expiresAt) })}</span>
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
      <section aria-labelledby="mentees">
        <h2 id="mentees">{ctx.t('amb.mentees.title')}</h2>
        <RuleNotice ctx={ctx} ruleSet={dash.ruleSet} />
        {count === 0 ? (
          <p>{ctx.t('amb.mentees.none')}</p>
        ) : (
          <>
            <p class="hint">{ctx.t('amb.mentees.legend')}</p>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="mentees">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('amb.col.mentee')}</th>
                    <th scope="col" class="num">
                      {ctx.t('amb.col.enrolled')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('amb.col.completed')}
                    </th>
                    <th scope="col">{ctx.t('amb.col.basicShort')}</th>
                  </tr>
                </thead>
                <tbody>
                  {dash.mentees.map((m) => (
                    <tr>
                      <th scope="row">
                        <a href={`/dai-su-so/hoc-vien/${m.userId}`}>{m.fullName}</a>
                        <br />
                        <span class="muted small">{m.unitName}</span>
                      </th>
                      <td class="num">{fmt(ctx, m.enrolled)}</td>
                      <td class="num">{fmt(ctx, m.completed)}</td>
                      <td>{m.attained ? `✓ ${ctx.t('amb.yes')}` : ctx.t('amb.no')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </Layout>
  );
}

export function InvitationQrPage(props: { ctx: ViewCtx; link: string; qr: string; expiresAt: string; usable: boolean; id: number; fresh: boolean }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('amb.qr.title')}>
      <h1>{ctx.t('amb.qr.title')}</h1>
      {props.fresh && (
        <p class="notice ok" role="status">
          {ctx.t('amb.qr.created')}
        </p>
      )}
      {props.usable ? (
        <>
          <p class="lead">{ctx.t('amb.qr.lead')}</p>
          <p>
            <img src={props.qr} width={260} height={260} alt={ctx.t('amb.qr.alt')} />
          </p>
          <p>{ctx.t('amb.qr.link')}</p>
          <p>
            <code>{props.link}</code>
          </p>
          <p>{ctx.t('amb.invite.expires', { at: formatDateTime(props.expiresAt) })}</p>
          <form method="post" action={`/dai-su-so/ma-moi/${props.id}/huy`}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="small-button danger">
              {ctx.t('amb.qr.revoke')}
            </button>
          </form>
        </>
      ) : (
        <p class="notice">{ctx.t('amb.qr.unusable')}</p>
      )}
      <p>
        <a href="/dai-su-so">{ctx.t('amb.back')}</a>
      </p>
    </Layout>
  );
}

export function MenteePage({ ctx, detail }: { ctx: ViewCtx; detail: MenteeDetail }) {
  return (
    <Layout ctx={ctx} title={detail.fullName}>
      <p>
        <a href="/dai-su-so">{ctx.t('amb.back')}</a>
      </p>
      <h1>{detail.fullName}</h1>
      <dl class="facts">
        <dt>{ctx.t('amb.mentee.unit')}</dt>
        <dd>{detail.unitName}</dd>
        <dt>{ctx.t('amb.mentee.joined')}</dt>
        <dd>{dateOnly(detail.joinedAt)}</dd>
        <dt>{ctx.t('amb.col.basic')}</dt>
        <dd>{detail.ruleSet ? (detail.attained ? `✓ ${ctx.t('amb.yes')}` : ctx.t('amb.no')) : ctx.t('amb.ruleNotSetShort')}</dd>
      </dl>
      <h2 id="courses">{ctx.t('amb.mentee.courses')}</h2>
      {detail.courses.length === 0 ? (
        <p>{ctx.t('amb.mentee.noCourses')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="courses">
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('amb.col.course')}</th>
                <th scope="col">{ctx.t('amb.col.status')}</th>
                <th scope="col" class="num">
                  {ctx.t('amb.col.activities')}
                </th>
              </tr>
            </thead>
            <tbody>
              {detail.courses.map((c) => (
                <tr>
                  <th scope="row">{c.title}</th>
                  <td>
                    {c.status === 'completed'
                      ? ctx.t('amb.status.completed', { at: dateOnly(c.completedAt) })
                      : c.startedAt
                        ? ctx.t('amb.status.inProgress')
                        : ctx.t('amb.status.notStarted')}
                  </td>
                  <td class="num">
                    {fmt(ctx, c.done)}/{fmt(ctx, c.required)}
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

/** What a person sees when opening an invitation link. */
export function InvitationPage(props: { ctx: ViewCtx; token: string; lookup: InvitationLookup; error?: string; accepted?: boolean }) {
  const { ctx, lookup, token } = props;
  const here = `/loi-moi/${token}`;
  const signedIn = !!ctx.actor;
  return (
    <Layout ctx={ctx} title={ctx.t('amb.inv.title')}>
      <h1>{ctx.t('amb.inv.title')}</h1>
      {props.error && <ErrorSummary ctx={ctx} errors={{ _form: props.error }} labels={{}} />}
      {props.accepted || lookup.state === 'joined' ? (
        <p class="notice ok" role="status">
          {ctx.t('amb.inv.joined', { mentor: lookup.invitation.mentorName })}
        </p>
      ) : lookup.state !== 'open' ? (
        <p class="notice">{ctx.t(`amb.inv.state.${lookup.state}`, { mentor: lookup.currentMentor ?? '' })}</p>
      ) : signedIn ? (
        <>
          <p class="lead">{ctx.t('amb.inv.leadNamed', { mentor: lookup.invitation.mentorName, unit: lookup.invitation.mentorUnitName })}</p>
          <p>{ctx.t('amb.inv.what')}</p>
          <form method="post" action={here}>
            <CsrfField ctx={ctx} />
            <button type="submit" class="primary">
              {ctx.t('amb.inv.accept')}
            </button>
          </form>
          <p class="muted">{ctx.t('amb.inv.expires', { at: formatDateTime(lookup.invitation.expiresAt) })}</p>
        </>
      ) : (
        <>
          <p class="lead">{ctx.t('amb.inv.lead')}</p>
          <p>{ctx.t('amb.inv.what')}</p>
          <p>{ctx.t('amb.inv.signFirst')}</p>
          <p>
            <a class="button" href={`/dang-nhap?next=${encodeURIComponent(here)}`}>
              {ctx.t('amb.inv.signin')}
            </a>
          </p>
          <p>
            <a class="button secondary" href={`${here}/dang-ky`}>
              {ctx.t('amb.inv.signup')}
            </a>
          </p>
        </>
      )}
      {signedIn && (
        <p>
          <a href="/hoc-tap">{ctx.t('amb.inv.toLearning')}</a>
        </p>
      )}
    </Layout>
  );
}

/** The accounts module's sign-up form, posted back to the invitation so that the person returns to it. */
export function InvitationSignUpPage(props: { ctx: ViewCtx; token: string; units: UnitRow[]; values: Record<string, string | undefined>; errors: Record<string, string> }) {
  const here = `/loi-moi/${props.token}`;
  return (
    <SignUpPage
      ctx={props.ctx}
      units={props.units}
      values={props.values}
      errors={props.errors}
      action={`${here}/dang-ky`}
      lead={props.ctx.t('amb.inv.signupLead')}
      signInHref={`/dang-nhap?next=${encodeURIComponent(here)}`}
    />
  );
}

export function NetworkPage(props: { ctx: ViewCtx; view: NetworkView; values: { login?: string }; errors: Record<string, string>; notice?: string }) {
  const { ctx, view } = props;
  const tot = view.totals;
  const below = view.mentors.filter((m) => m.belowTarget);
  const labels = { login: ctx.t('amb.net.login') };
  return (
    <Layout ctx={ctx} title={ctx.t('amb.net.title')}>
      <h1>{ctx.t('amb.net.title')}</h1>
      <p class="lead">{ctx.t('amb.net.lead', { target: view.target })}</p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <RuleNotice ctx={ctx} ruleSet={view.ruleSet} />
      <ul class="cards">
        <li class="card">
          <h2>{ctx.t('amb.net.mentors')}</h2>
          <p>
            <span class="stat">{fmt(ctx, tot.mentors)}</span>
          </p>
          <p>{ctx.t('amb.net.atTarget', { n: fmt(ctx, tot.mentorsAtTarget), total: fmt(ctx, tot.mentors) })}</p>
        </li>
        <li class="card">
          <h2>{ctx.t('amb.net.mentees')}</h2>
          <p>
            <span class="stat">{fmt(ctx, tot.mentees)}</span>
          </p>
          <p>{ctx.t('amb.net.vsTarget', { target: fmt(ctx, tot.target), rate: percent(ctx, tot.mentees, tot.target) })}</p>
        </li>
        <li class="card">
          <h2>{ctx.t('amb.net.completion')}</h2>
          <p>
            <span class="stat">{percent(ctx, tot.menteesCompleted, tot.mentees)}</span>
          </p>
          <p>{ctx.t('amb.net.completionText', { completed: fmt(ctx, tot.menteesCompleted), attained: fmt(ctx, tot.menteesAttained) })}</p>
        </li>
      </ul>
      <section aria-labelledby="below">
        <h2 id="below">{ctx.t('amb.net.below', { n: below.length })}</h2>
        {below.length === 0 ? (
          <p>{ctx.t('amb.net.belowNone')}</p>
        ) : (
          <ul>
            {below.map((m) => (
              <li>
                {m.fullName} ({m.unitName}): {ctx.t('amb.net.belowItem', { mentees: m.mentees, target: view.target })}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="all-mentors">
        <h2 id="all-mentors">{ctx.t('amb.net.list')}</h2>
        {view.mentors.length === 0 ? (
          <p>{ctx.t('amb.net.none')}</p>
        ) : (
          <>
            <p class="hint">{ctx.t('amb.net.legend')}</p>
            <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="all-mentors">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('amb.col.mentor')}</th>
                    <th scope="col" class="num">
                      {ctx.t('amb.col.mentees')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('amb.col.menteesCompleted')}
                    </th>
                    <th scope="col" class="num">
                      {ctx.t('amb.col.basicShort')}
                    </th>
                    <th scope="col">
                      <span class="visually-hidden">{ctx.t('amb.col.actions')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {view.mentors.map((m) => (
                    <tr>
                      <th scope="row">
                        {m.fullName}
                        <br />
                        <span class="muted small">{m.unitName}</span>
                      </th>
                      <td class="num">
                        {fmt(ctx, m.mentees)}/{fmt(ctx, view.target)}
                      </td>
                      <td class="num">{fmt(ctx, m.completed)}</td>
                      <td class="num">{fmt(ctx, m.attained)}</td>
                      <td>
                        <form method="post" action={`/quan-tri/dai-su-so/${m.mentorId}/thoi`}>
                          <CsrfField ctx={ctx} />
                          <button type="submit" class="small-button danger" aria-label={ctx.t('amb.net.retireLabel', { name: m.fullName })}>
                            {ctx.t('amb.net.retire')}
                          </button>
                        </form>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
      <section aria-labelledby="designate">
        <h2 id="designate">{ctx.t('amb.net.designate')}</h2>
        <p>{ctx.t('amb.net.designateText')}</p>
        <ErrorSummary ctx={ctx} errors={props.errors} labels={labels} />
        <form method="post" action="/quan-tri/dai-su-so">
          <CsrfField ctx={ctx} />
          <Field ctx={ctx} name="login" label={labels.login} value={props.values.login} error={props.errors.login} required autocomplete="off" />
          <button type="submit" class="primary">
            {ctx.t('amb.net.designateSubmit')}
          </button>
        </form>
      </section>
    </Layout>
  );
}
