/** The members' pages (their team and log, the support form) and the administrators' log and dashboard. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, FieldFrame, Layout } from '../../views/layout.js';
import { CsrfField } from '../../views/form-parts.js';
import { formatPhone } from '../../core/text.js';
import type { UnitRow } from '../units/repository.js';
import type { EntryRow, MemberRow, TeamRow } from './repository.js';
import type { Dashboard, Period } from './support.js';
import { SUPPORT_SERVICES, TEAM_MIN_MEMBERS } from './capabilities.js';
import { ADMIN_BASE, SummaryCards, statusText } from './views.js';
import './messages.js';

export const MEMBER_BASE = '/to-cong-nghe-so';
export const FORM_HREF = `${MEMBER_BASE}/ghi-nhan`;
const nf = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
const dmy = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
const photoHref = (id: number) => `${MEMBER_BASE}/anh/${id}`;

/** The offline queue's status line and its texts; the script fills it (hidden without JavaScript). */
function QueueStatus({ ctx, userId, script }: { ctx: ViewCtx; userId: number; script: string }) {
  const k = (key: string) => ctx.t(`support.queue.${key}`, { n: '{n}', reason: '{reason}', limit: '{limit}' });
  return (
    <>
      <div
        id="support-queue"
        class="notice"
        role="status"
        aria-live="polite"
        hidden
        data-user={String(userId)}
        data-saved={k('saved')}
        data-sending={k('sending')}
        data-sent={k('sent')}
        data-recorded={k('recorded')}
        data-signin={k('signin')}
        data-refused={k('refused')}
        data-discard={k('discard')}
        data-too-big={k('tooBig')}
        data-not-image={k('notImage')}
        data-vulnerable={k('vulnerable')}
      />
      <script src={script} defer />
    </>
  );
}

export function MyTeamPage(props: {
  ctx: ViewCtx;
  team: TeamRow | undefined;
  members: MemberRow[];
  leader: boolean;
  rows: EntryRow[];
  total: number;
  page: number;
  pageSize: number;
  recorded: boolean;
  script: string;
}) {
  const { ctx, team } = props;
  if (!team) {
    return (
      <Layout ctx={ctx} title={ctx.t('support.myTitle')}>
        <h1>{ctx.t('support.myTitle')}</h1>
        <p>{ctx.t('support.notMember')}</p>
      </Layout>
    );
  }
  return (
    <Layout ctx={ctx} title={ctx.t('support.myTitle')}>
      <h1>{team.name}</h1>
      {props.recorded && (
        <p class="notice ok" role="status">
          {ctx.t('support.recorded')}
        </p>
      )}
      <QueueStatus ctx={ctx} userId={ctx.actor!.userId} script={props.script} />
      <p class="actions">
        <a class="button" href={FORM_HREF}>
          {ctx.t('support.record')}
        </a>
      </p>
      <dl class="facts">
        <dt>{ctx.t('teams.facts.village')}</dt>
        <dd>{`${team.unitName}, ${team.communeName}`}</dd>
        <dt>{ctx.t('teams.facts.members')}</dt>
        <dd>{props.members.map((m) => (m.userId === team.leaderId ? `${m.fullName} (${ctx.t('teams.leaderBadge')})` : m.fullName)).join(', ')}</dd>
      </dl>
      <h2>{ctx.t(props.leader ? 'support.teamLog' : 'support.myLog')}</h2>
      <EntryCards ctx={ctx} rows={props.rows} showRecorder={props.leader} />
      <Pager ctx={ctx} base={MEMBER_BASE} params={{}} page={props.page} total={props.total} pageSize={props.pageSize} />
    </Layout>
  );
}

function EntryCards({ ctx, rows, showRecorder }: { ctx: ViewCtx; rows: EntryRow[]; showRecorder: boolean }) {
  if (rows.length === 0) return <p>{ctx.t('support.logEmpty')}</p>;
  return (
    <ul class="cards" id="support-log">
      {rows.map((r) => (
        <li class="card">
          <h3>{`${dmy(r.day)} · ${ctx.t(`support.service.${r.service}`)}`}</h3>
          <p>{r.placeName}</p>
          <p>{ctx.t('support.peopleCount', { people: nf(ctx, r.people), vulnerable: nf(ctx, r.vulnerable) })}</p>
          {r.note && <p class="small">{r.note}</p>}
          {(r.personName || r.personPhone) && <p class="small">{[r.personName, r.personPhone ? formatPhone(r.personPhone) : ''].filter(Boolean).join(' · ')}</p>}
          {showRecorder && <p class="small muted">{ctx.t('support.by', { name: r.recorderName })}</p>}
          {r.hasPhoto && (
            <p>
              <a href={photoHref(r.id)}>{ctx.t('support.viewPhoto')}</a>
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}

function Pager(props: { ctx: ViewCtx; base: string; params: Record<string, string | undefined>; page: number; total: number; pageSize: number }) {
  const { ctx, page } = props;
  const last = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (last <= 1) return null;
  const href = (p: number) => {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(props.params)) if (v) q.set(k, v);
    q.set('trang', String(p));
    return `${props.base}?${q.toString()}`;
  };
  return (
    <nav class="pager" aria-label={ctx.t('support.filter')}>
      {page > 1 && <a href={href(page - 1)}>{ctx.t('support.prev')}</a>} <span>{`${page} / ${last}`}</span>{' '}
      {page < last && <a href={href(page + 1)}>{ctx.t('support.next')}</a>}
    </nav>
  );
}

export interface SupportFormValues {
  khoa: string;
  ngay: string;
  noi: string;
  dich_vu?: string;
  so_nguoi: string;
  so_yeu_the: string;
  ghi_chu?: string;
  ho_ten?: string;
  dien_thoai?: string;
  dong_y?: string;
}

export function SupportFormPage(props: {
  ctx: ViewCtx;
  team: TeamRow;
  places: UnitRow[];
  values: SupportFormValues;
  errors?: Record<string, string>;
  maxMb: number;
  maxBytes: number;
  today: string;
  script: string;
}) {
  const { ctx, team, values } = props;
  const errors = props.errors ?? {};
  const labels: Record<string, string> = {
    ngay: ctx.t('support.day'),
    noi: ctx.t('support.place'),
    dich_vu: ctx.t('support.service'),
    so_nguoi: ctx.t('support.people'),
    so_yeu_the: ctx.t('support.vulnerable'),
    ghi_chu: ctx.t('support.note'),
    ho_ten: ctx.t('support.personName'),
    dien_thoai: ctx.t('support.personPhone'),
    dong_y: ctx.t('support.consent'),
    anh: ctx.t('support.photo'),
  };
  return (
    <Layout ctx={ctx} title={ctx.t('support.formTitle')}>
      <p>
        <a href={MEMBER_BASE}>{`← ${team.name}`}</a>
      </p>
      <h1>{ctx.t('support.formTitle')}</h1>
      <p class="lead">{ctx.t('support.formLead')}</p>
      <QueueStatus ctx={ctx} userId={ctx.actor!.userId} script={props.script} />
      <form id="support-form" method="post" action={FORM_HREF} enctype="multipart/form-data" data-max-bytes={String(props.maxBytes)} data-max-mb={String(props.maxMb)}>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="khoa" value={values.khoa} />
        <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
        <FieldFrame
          ctx={ctx}
          name="ngay"
          label={labels.ngay}
          required
          error={errors.ngay}
          control={(attrs) => <input {...attrs} type="date" name="ngay" value={values.ngay} max={props.today} min="2020-01-01" required />}
        />
        <FieldFrame
          ctx={ctx}
          name="noi"
          label={labels.noi}
          required
          hint={ctx.t('support.placeHint', { commune: team.communeName })}
          error={errors.noi}
          control={(attrs) => (
            <select {...attrs} name="noi" required>
              {props.places.map((u) => (
                <option value={u.code} selected={u.code === values.noi}>
                  {u.id === team.communeId ? ctx.t('support.placeCommune', { name: u.name }) : u.name}
                </option>
              ))}
            </select>
          )}
        />
        <fieldset class={errors.dich_vu ? 'choices field field-error' : 'choices field'} id="f-dich_vu" aria-describedby={errors.dich_vu ? 'f-dich_vu-error' : undefined}>
          <legend>{labels.dich_vu}</legend>
          {errors.dich_vu && (
            <p class="error-text" id="f-dich_vu-error">
              {errors.dich_vu}
            </p>
          )}
          {SUPPORT_SERVICES.map((s) => (
            <div class="checkbox">
              <input type="radio" name="dich_vu" id={`dv-${s}`} value={s} checked={values.dich_vu === s} required />
              <label for={`dv-${s}`}>{ctx.t(`support.service.${s}`)}</label>
            </div>
          ))}
        </fieldset>
        <Field ctx={ctx} name="so_nguoi" type="number" inputMode="numeric" label={labels.so_nguoi} required value={values.so_nguoi} error={errors.so_nguoi} />
        <FieldFrame
          ctx={ctx}
          name="so_yeu_the"
          label={labels.so_yeu_the}
          required
          hint={ctx.t('support.vulnerableHint')}
          error={errors.so_yeu_the}
          control={(attrs) => <input {...attrs} type="number" name="so_yeu_the" inputMode="numeric" min="0" max="100000" value={values.so_yeu_the} required />}
        />
        <FieldFrame
          ctx={ctx}
          name="ghi_chu"
          label={labels.ghi_chu}
          error={errors.ghi_chu}
          control={(attrs) => (
            <textarea {...attrs} name="ghi_chu" rows={2} maxLength={500}>
              {values.ghi_chu ?? ''}
            </textarea>
          )}
        />
        <fieldset class="field">
          <legend>{ctx.t('support.person')}</legend>
          <p class="hint">{ctx.t('support.personHint')}</p>
          <Field ctx={ctx} name="ho_ten" label={labels.ho_ten} value={values.ho_ten} error={errors.ho_ten} autocomplete="off" />
          <Field ctx={ctx} name="dien_thoai" type="tel" inputMode="tel" label={labels.dien_thoai} value={values.dien_thoai} error={errors.dien_thoai} autocomplete="off" />
          <div class={errors.dong_y ? 'checkbox field-error' : 'checkbox'}>
            <input type="checkbox" name="dong_y" id="f-dong_y" value="1" checked={values.dong_y === '1'} aria-describedby={errors.dong_y ? 'f-dong_y-error' : undefined} />
            <label for="f-dong_y">{labels.dong_y}</label>
          </div>
          {errors.dong_y && (
            <p class="error-text" id="f-dong_y-error">
              {errors.dong_y}
            </p>
          )}
        </fieldset>
        <FieldFrame
          ctx={ctx}
          name="anh"
          label={labels.anh}
          hint={ctx.t('support.photoHint', { limit: props.maxMb })}
          error={errors.anh}
          control={(attrs) => <input {...attrs} type="file" name="anh" accept="image/jpeg,image/png,image/webp" />}
        />
        <button type="submit" class="primary">
          {ctx.t('support.submit')}
        </button>
      </form>
    </Layout>
  );
}

function UnitFilter({ ctx, action, units, unit, period }: { ctx: ViewCtx; action: string; units: UnitRow[]; unit: UnitRow; period: Period }) {
  return (
    <form method="get" action={action} class="filters" aria-label={ctx.t('support.filter')}>
      <FieldFrame
        ctx={ctx}
        name="don-vi"
        label={ctx.t('support.unit')}
        required
        control={(attrs) => (
          <select {...attrs} name="don-vi">
            {units.map((u) => (
              <option value={u.code} selected={u.id === unit.id}>
                {u.name}
              </option>
            ))}
          </select>
        )}
      />
      <Field ctx={ctx} name="tu" type="date" label={ctx.t('support.from')} value={period.from} />
      <Field ctx={ctx} name="den" type="date" label={ctx.t('support.to')} value={period.to} />
      <button type="submit" class="primary">
        {ctx.t('support.filter')}
      </button>
    </form>
  );
}

export function UnitLogPage(props: { ctx: ViewCtx; unit: UnitRow; units: UnitRow[]; period: Period; rows: EntryRow[]; total: number; page: number; pageSize: number }) {
  const { ctx, unit, rows } = props;
  const title = ctx.t('support.logTitle', { unit: unit.name });
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={ADMIN_BASE}>{ctx.t('teams.back')}</a>
      </p>
      <h1>{title}</h1>
      <UnitFilter ctx={ctx} action={`${ADMIN_BASE}/nhat-ky`} units={props.units} unit={unit} period={props.period} />
      <p>{ctx.t('support.total', { total: nf(ctx, props.total) })}</p>
      {rows.length === 0 ? (
        <p>{ctx.t('support.logEmpty')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={title}>
          <table id="support-log">
            <thead>
              <tr>
                <th scope="col">{ctx.t('support.col.day')}</th>
                <th scope="col">{ctx.t('support.col.place')}</th>
                <th scope="col">{ctx.t('support.col.service')}</th>
                <th scope="col" class="num">{ctx.t('support.col.people')}</th>
                <th scope="col" class="num">{ctx.t('support.col.vulnerable')}</th>
                <th scope="col">{ctx.t('support.col.recorder')}</th>
                <th scope="col">{ctx.t('support.col.person')}</th>
                <th scope="col">{ctx.t('support.col.photo')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td class="nowrap">{dmy(r.day)}</td>
                  <td>{r.placeName}</td>
                  <td>{ctx.t(`support.service.${r.service}`)}</td>
                  <td class="num">{r.people}</td>
                  <td class="num">{r.vulnerable}</td>
                  <td>{`${r.recorderName} (${r.teamName})`}</td>
                  <td>{[r.personName, r.personPhone ? formatPhone(r.personPhone) : ''].filter(Boolean).join(' · ')}</td>
                  <td>{r.hasPhoto ? <a href={photoHref(r.id)}>{ctx.t('support.viewPhoto')}</a> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager
        ctx={ctx}
        base={`${ADMIN_BASE}/nhat-ky`}
        params={{ 'don-vi': unit.code, tu: props.period.from, den: props.period.to }}
        page={props.page}
        total={props.total}
        pageSize={props.pageSize}
      />
    </Layout>
  );
}

function TotalsTable(props: { ctx: ViewCtx; caption: string; first: string; rows: Array<{ label: string; sessions: number; people: number; vulnerable: number }> }) {
  const { ctx } = props;
  if (props.rows.length === 0) return <p>{ctx.t('support.none')}</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.caption}>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.first}</th>
            <th scope="col" class="num">{ctx.t('support.col.sessions')}</th>
            <th scope="col" class="num">{ctx.t('support.col.people')}</th>
            <th scope="col" class="num">{ctx.t('support.col.vulnerable')}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.label}</th>
              <td class="num">{nf(ctx, r.sessions)}</td>
              <td class="num">{nf(ctx, r.people)}</td>
              <td class="num">{nf(ctx, r.vulnerable)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function DashboardPage(props: { ctx: ViewCtx; d: Dashboard; units: UnitRow[] }) {
  const { ctx, d } = props;
  const title = ctx.t('support.dashTitle', { unit: d.unit.name });
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={ADMIN_BASE}>{ctx.t('teams.back')}</a>
      </p>
      <h1>{title}</h1>
      <UnitFilter ctx={ctx} action={`${ADMIN_BASE}/so-lieu`} units={props.units} unit={d.unit} period={d.period} />
      <ul class="cards" id="support-totals">
        <li class="card">
          <span class="stat">{nf(ctx, d.totals.sessions)}</span> {ctx.t('support.dashSessions')}
        </li>
        <li class="card">
          <span class="stat">{nf(ctx, d.totals.people)}</span> {ctx.t('support.dashPeople')}
        </li>
        <li class="card">
          <span class="stat">{nf(ctx, d.totals.vulnerable)}</span> {ctx.t('support.dashVulnerable')}
        </li>
      </ul>
      <h2>{ctx.t('support.byService')}</h2>
      <TotalsTable
        ctx={ctx}
        caption={ctx.t('support.byService')}
        first={ctx.t('support.col.service')}
        rows={SUPPORT_SERVICES.map((s) => d.byService.find((r) => r.service === s)).filter((r) => !!r).map((r) => ({ label: ctx.t(`support.service.${r.service}`), ...r }))}
      />
      <h2>{ctx.t(d.areaKind === 'village' ? 'support.byVillage' : 'support.byCommune')}</h2>
      <TotalsTable
        ctx={ctx}
        caption={ctx.t(d.areaKind === 'village' ? 'support.byVillage' : 'support.byCommune')}
        first={ctx.t(d.areaKind === 'village' ? 'support.col.place' : 'teams.col.commune')}
        rows={d.byArea.map((r) => ({ label: r.name, ...r }))}
      />
      <h2>{ctx.t('support.coverage')}</h2>
      <SummaryCards ctx={ctx} s={d.coverage} />
      <h3>{ctx.t('teams.below')}</h3>
      {d.below.length === 0 ? (
        <p>{ctx.t('teams.belowNone', { target: TEAM_MIN_MEMBERS })}</p>
      ) : (
        <ul id="below-target">
          {d.below.slice(0, 500).map((r) => (
            <li>{`${r.name}${d.areaKind === 'commune' ? `, ${r.communeName}` : ''}: ${statusText(ctx, r)}`}</li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
