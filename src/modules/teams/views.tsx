/** The administrators' pages: coverage by commune, one commune's villages and teams, one team and its members. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField } from '../../views/form-parts.js';
import { formatPhone } from '../../core/text.js';
import type { UnitRow } from '../units/repository.js';
import type { MemberRow, TeamRow, VillageCoverageRow } from './repository.js';
import type { CommuneCoverage, CoverageSummary } from './service.js';
import { TEAM_MIN_MEMBERS } from './capabilities.js';
import './messages.js';

export const ADMIN_BASE = '/quan-tri/to-cong-nghe-so';
export const communeHref = (code: string) => `${ADMIN_BASE}/xa/${encodeURIComponent(code)}`;
export const teamHref = (id: number) => `${ADMIN_BASE}/to/${id}`;
const nf = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export function SummaryCards({ ctx, s }: { ctx: ViewCtx; s: CoverageSummary }) {
  return (
    <ul class="cards">
      <li class="card">
        <span class="stat">{nf(ctx, s.villages)}</span> {ctx.t('teams.summary.villages')}
      </li>
      <li class="card">
        <span class="stat">{nf(ctx, s.withTeam)}</span> {ctx.t('teams.summary.withTeam')}
      </li>
      <li class="card">
        <span class="stat">{nf(ctx, s.meetingTarget)}</span> {ctx.t('teams.summary.meetingTarget', { target: s.target })}
      </li>
      <li class="card">
        <span class="stat">{nf(ctx, s.members)}</span> {ctx.t('teams.summary.members')}
      </li>
    </ul>
  );
}

export function statusText(ctx: ViewCtx, r: VillageCoverageRow): string {
  if (r.teamId === null) return ctx.t('teams.status.noTeam');
  if (r.members >= TEAM_MIN_MEMBERS) return ctx.t('teams.status.ok');
  return ctx.t('teams.status.short', { n: TEAM_MIN_MEMBERS - r.members });
}

function AdminLinks({ ctx, unitCode }: { ctx: ViewCtx; unitCode?: string }) {
  const q = unitCode ? `?don-vi=${encodeURIComponent(unitCode)}` : '';
  return (
    <p class="actions">
      <a class="button secondary" href={`${ADMIN_BASE}/so-lieu${q}`}>
        {ctx.t('teams.links.dashboard')}
      </a>{' '}
      <a class="button secondary" href={`${ADMIN_BASE}/nhat-ky${q}`}>
        {ctx.t('teams.links.log')}
      </a>
    </p>
  );
}

export function OverviewPage({ ctx, rows }: { ctx: ViewCtx; rows: Array<{ commune: UnitRow; summary: CoverageSummary }> }) {
  return (
    <Layout ctx={ctx} title={ctx.t('teams.title')}>
      <h1>{ctx.t('teams.title')}</h1>
      <p class="lead">{ctx.t('teams.adminLead', { target: TEAM_MIN_MEMBERS })}</p>
      <AdminLinks ctx={ctx} />
      <h2>{ctx.t('teams.overview')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('teams.overview')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('teams.col.commune')}</th>
              <th scope="col" class="num">{ctx.t('teams.col.villages')}</th>
              <th scope="col" class="num">{ctx.t('teams.col.withTeam')}</th>
              <th scope="col" class="num">{ctx.t('teams.col.meetingTarget', { target: TEAM_MIN_MEMBERS })}</th>
              <th scope="col" class="num">{ctx.t('teams.col.members')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ commune, summary }) => (
              <tr>
                <th scope="row">
                  <a href={communeHref(commune.code)}>{commune.name}</a>
                </th>
                <td class="num">{nf(ctx, summary.villages)}</td>
                <td class="num">{nf(ctx, summary.withTeam)}</td>
                <td class="num">{nf(ctx, summary.meetingTarget)}</td>
                <td class="num">{nf(ctx, summary.members)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export function CommunePage(props: { ctx: ViewCtx; cov: CommuneCoverage; errors?: Record<string, string>; values?: Record<string, string>; notice?: string }) {
  const { ctx, cov } = props;
  const { commune, rows, summary } = cov;
  const free = rows.filter((r) => r.teamId === null);
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={`${ctx.t('teams.title')}: ${commune.name}`}>
      <p>
        <a href={ADMIN_BASE}>{ctx.t('teams.back')}</a>
      </p>
      <h1>{`${ctx.t('teams.title')}: ${commune.name}`}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <AdminLinks ctx={ctx} unitCode={commune.code} />
      <SummaryCards ctx={ctx} s={summary} />
      {rows.length === 0 ? (
        <p>{ctx.t('teams.noVillages')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('teams.col.village')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('teams.col.village')}</th>
                <th scope="col">{ctx.t('teams.col.team')}</th>
                <th scope="col" class="num">{ctx.t('teams.col.members')}</th>
                <th scope="col">{ctx.t('teams.col.leader')}</th>
                <th scope="col">{ctx.t('teams.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <th scope="row">{r.name}</th>
                  <td>{r.teamId !== null ? <a href={teamHref(r.teamId)}>{r.teamName}</a> : '—'}</td>
                  <td class="num">{r.members}</td>
                  <td>{r.leaderName ?? '—'}</td>
                  <td>{statusText(ctx, r)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{ctx.t('teams.below')}</h2>
      {summary.below.length === 0 ? (
        <p>{ctx.t('teams.belowNone', { target: TEAM_MIN_MEMBERS })}</p>
      ) : (
        <ul id="below-target">
          {summary.below.map((r) => (
            <li>{`${r.name}: ${statusText(ctx, r)}`}</li>
          ))}
        </ul>
      )}
      <h2 id="lap-to">{ctx.t('teams.create')}</h2>
      {free.length === 0 ? (
        <p>{ctx.t('teams.allHaveTeams')}</p>
      ) : (
        <form method="post" action={ADMIN_BASE} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="xa" value={commune.code} />
          <ErrorSummary ctx={ctx} errors={errors} labels={{ village: ctx.t('teams.createVillage'), name: ctx.t('teams.createName') }} />
          <SelectField
            ctx={ctx}
            name="village"
            label={ctx.t('teams.createVillage')}
            required
            emptyLabel={ctx.t('teams.createVillageEmpty')}
            options={free.map((r) => ({ value: r.code, label: r.name }))}
            value={props.values?.village}
            error={errors.village}
          />
          <Field ctx={ctx} name="name" label={ctx.t('teams.createName')} hint={ctx.t('teams.createNameHint')} value={props.values?.name} error={errors.name} />
          <button type="submit" class="primary">
            {ctx.t('teams.createSubmit')}
          </button>
        </form>
      )}
    </Layout>
  );
}

export function TeamPage(props: { ctx: ViewCtx; team: TeamRow; members: MemberRow[]; errors?: Record<string, string>; values?: Record<string, string>; notice?: string }) {
  const { ctx, team, members } = props;
  const errors = props.errors ?? {};
  const base = teamHref(team.id);
  const leader = members.find((m) => m.userId === team.leaderId);
  return (
    <Layout ctx={ctx} title={team.name}>
      <p>
        <a href={communeHref(team.communeCode)}>{ctx.t('teams.backCommune', { name: team.communeName })}</a>
      </p>
      <h1>{team.name}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={errors} labels={{ login: ctx.t('teams.addLogin'), name: ctx.t('teams.createName'), leader: ctx.t('teams.col.leader') }} />
      <dl class="facts">
        <dt>{ctx.t('teams.facts.village')}</dt>
        <dd>{team.unitName}</dd>
        <dt>{ctx.t('teams.facts.commune')}</dt>
        <dd>{team.communeName}</dd>
        <dt>{ctx.t('teams.facts.leader')}</dt>
        <dd>{leader?.fullName ?? ctx.t('teams.facts.noLeader')}</dd>
        <dt>{ctx.t('teams.facts.members')}</dt>
        <dd>{`${members.length} / ${TEAM_MIN_MEMBERS}`}</dd>
      </dl>
      <h2>{ctx.t('teams.members')}</h2>
      {members.length === 0 ? (
        <p>{ctx.t('teams.membersNone')}</p>
      ) : (
        <ul class="cards" id="members">
          {members.map((m) => (
            <li class="card">
              <h3>
                {m.fullName}
                {m.userId === team.leaderId && <span class="badge">{` ${ctx.t('teams.leaderBadge')}`}</span>}
              </h3>
              <p class="nowrap">{m.phone ? formatPhone(m.phone) : (m.email ?? '')}</p>
              <div class="row-actions">
                {m.userId !== team.leaderId && (
                  <form method="post" action={`${base}/to-truong`} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="userId" value={String(m.userId)} />
                    <button type="submit" class="small-button">
                      {ctx.t('teams.makeLeader')}
                    </button>
                  </form>
                )}{' '}
                <form method="post" action={`${base}/thanh-vien/${m.userId}/xoa`} class="inline-form">
                  <CsrfField ctx={ctx} />
                  <button type="submit" class="small-button danger">
                    {ctx.t('teams.removeMember')}
                  </button>
                </form>
              </div>
            </li>
          ))}
        </ul>
      )}
      <h2>{ctx.t('teams.addMember')}</h2>
      <form method="post" action={`${base}/thanh-vien`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="login" label={ctx.t('teams.addLogin')} hint={ctx.t('teams.addLoginHint')} required value={props.values?.login} error={errors.login} autocomplete="off" />
        <button type="submit" class="primary">
          {ctx.t('teams.addSubmit')}
        </button>
      </form>
      <h2>{ctx.t('teams.rename')}</h2>
      <form method="post" action={`${base}/ten`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="name" label={ctx.t('teams.createName')} required value={props.values?.name ?? team.name} error={errors.name} />
        <button type="submit" class="primary">
          {ctx.t('teams.renameSubmit')}
        </button>
      </form>
      <h2>{ctx.t('teams.delete')}</h2>
      <p class="hint">{ctx.t('teams.deleteHint')}</p>
      <form method="post" action={`${base}/xoa`}>
        <CsrfField ctx={ctx} />
        <button type="submit" class="small-button danger">
          {ctx.t('teams.deleteSubmit')}
        </button>
      </form>
    </Layout>
  );
}
