/** Organisers' pages (2): rankings of contestants and units, winners, statistics; the public giấy khen check. */
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { Pager, percentText } from '../quizzes/view-parts.js';
import { UNIT_RANK_BASES, type UnitRankBasis, type UnitRankRow } from './ranking.js';
import type { AwardRow, PublicAward } from './prizes.js';
import type { ContestStats } from './stats.js';
import { ContestNav, Notice, contestHref } from './admin-views.js';
import type { AdminContestRow } from './admin-service.js';
import { formatDuration, maskPhone, rankingLabel } from './exports.js';
import './messages-admin.js';

const num = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export interface RankingLine {
  place: number;
  name: string;
  unitName: string;
  correct: number;
  questionCount: number;
  prediction: number | null;
  distance: number | null;
  /** Overall: rounds with a prediction question where none was given. */
  missing?: number;
  durationMs: number;
  finishedAt: string;
  attempts?: number;
  rounds?: number;
}

export function RankingPage(props: {
  ctx: ViewCtx;
  contest: AdminContestRow;
  rounds: Array<{ id: number; number: number; title: string; prediction_question: string | null }>;
  selected: number | 'overall';
  final: boolean;
  actual: number | null;
  lines: RankingLine[];
  total: number;
  page: number;
  pages: number;
}) {
  const { ctx, contest: c } = props;
  const base = contestHref(c.id, '/xep-hang');
  const sel = (v: string) => `${base}?vong=${v}`;
  const overall = props.selected === 'overall';
  return (
    <Layout ctx={ctx} title={ctx.t('ca.nav.ranking')}>
      <ContestNav ctx={ctx} contest={c} manage current="/xep-hang" />
      <h1>{ctx.t('ca.rankingOf', { title: c.title })}</h1>
      <p class="actions">
        <a href={sel('tong')} aria-current={overall ? 'page' : undefined}>
          {ctx.t('ca.overall')}
        </a>
        {props.rounds.map((r) => (
          <>
            {' · '}
            <a href={sel(String(r.id))} aria-current={props.selected === r.id ? 'page' : undefined}>
              {ctx.t('ca.roundLabel', { n: r.number, title: r.title })}
            </a>
          </>
        ))}
      </p>
      {props.final ? <p class="notice ok">{ctx.t('ca.rankingFinal')}</p> : <p class="notice">{ctx.t('ca.rankingProvisional')}</p>}
      {props.actual !== null && <p>{ctx.t('ca.actualFullMarks', { n: props.actual })}</p>}
      <p class="hint">{ctx.t(overall ? 'ca.overallRule' : 'ca.roundRule')}</p>
      {props.lines.length === 0 ? (
        <p>{ctx.t('ca.noResults')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('ca.nav.ranking')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('ca.col.place')}</th>
                <th scope="col">{ctx.t('ca.col.name')}</th>
                <th scope="col">{ctx.t('ca.col.unit')}</th>
                <th scope="col">{ctx.t('ca.col.correct')}</th>
                {!overall && <th scope="col">{ctx.t('ca.col.prediction')}</th>}
                <th scope="col">{ctx.t('ca.col.distance')}</th>
                <th scope="col">{ctx.t('ca.col.duration')}</th>
                <th scope="col">{ctx.t(overall ? 'ca.col.lastSubmitted' : 'ca.col.submitted')}</th>
                <th scope="col">{ctx.t(overall ? 'ca.col.rounds' : 'ca.col.attempts')}</th>
              </tr>
            </thead>
            <tbody>
              {props.lines.map((l) => (
                <tr>
                  <td>{l.place}</td>
                  <th scope="row">{l.name}</th>
                  <td>{l.unitName}</td>
                  <td>{`${l.correct}/${l.questionCount}`}</td>
                  {!overall && <td>{l.prediction ?? '—'}</td>}
                  <td>{l.distance ?? '—'}{l.missing ? ` (${ctx.t('ca.missingPredictions', { n: l.missing })})` : ''}</td>
                  <td>{formatDuration(l.durationMs)}</td>
                  <td>{formatDateTime(l.finishedAt)}</td>
                  <td>{overall ? l.rounds : l.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>{ctx.t('ca.totalRanked', { n: num(ctx, props.total) })}</p>
      <Pager ctx={ctx} page={props.page} pages={props.pages} href={(p) => `${base}?vong=${overall ? 'tong' : props.selected}&trang=${p}`} />
    </Layout>
  );
}

export function UnitsRankingPage(props: { ctx: ViewCtx; contest: AdminContestRow; basis: UnitRankBasis; rows: UnitRankRow[] }) {
  const { ctx, contest: c } = props;
  const base = contestHref(c.id, '/xep-hang-don-vi');
  return (
    <Layout ctx={ctx} title={ctx.t('ca.nav.units')}>
      <ContestNav ctx={ctx} contest={c} manage current="/xep-hang-don-vi" />
      <h1>{ctx.t('ca.unitsOf', { title: c.title })}</h1>
      <p class="actions">
        {UNIT_RANK_BASES.map((b, i) => (
          <>
            {i > 0 && ' · '}
            <a href={`${base}?theo=${b}`} aria-current={props.basis === b ? 'page' : undefined}>
              {ctx.t(`ca.unitBasis.${b}`)}
            </a>
          </>
        ))}
      </p>
      <p class="hint">{ctx.t('ca.unitsRule')}</p>
      {props.rows.length === 0 ? (
        <p>{ctx.t('ca.noResults')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('ca.nav.units')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('ca.col.place')}</th>
                <th scope="col">{ctx.t('ca.col.unit')}</th>
                <th scope="col">{ctx.t('ca.stats.registrants')}</th>
                <th scope="col">{ctx.t('ca.stats.contestants')}</th>
                <th scope="col">{ctx.t('ca.col.population')}</th>
                <th scope="col">{ctx.t('ca.col.rate')}</th>
                <th scope="col">{ctx.t('ca.col.winners')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((u) => (
                <tr>
                  <td>{u.place}</td>
                  <th scope="row">{u.name}</th>
                  <td>{num(ctx, u.registrants)}</td>
                  <td>{num(ctx, u.contestants)}</td>
                  <td>{u.population === null ? '—' : num(ctx, u.population)}</td>
                  <td>{u.rate === null ? '—' : percentText(ctx, Math.round(u.rate * 10000) / 100)}</td>
                  <td>{u.winners}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function WinnersPage(props: { ctx: ViewCtx; contest: AdminContestRow; awards: AwardRow[]; notice?: string; hasPrizes: boolean }) {
  const { ctx, contest: c } = props;
  const base = contestHref(c.id, '/dat-giai');
  const proposed = props.awards.filter((a) => a.status === 'proposed').length;
  const confirmed = props.awards.length - proposed;
  return (
    <Layout ctx={ctx} title={ctx.t('ca.nav.winners')}>
      <ContestNav ctx={ctx} contest={c} manage current="/dat-giai" />
      <h1>{ctx.t('ca.winnersOf', { title: c.title })}</h1>
      <Notice text={props.notice} />
      <p class="hint">{ctx.t('ca.winnersRule')}</p>
      {!props.hasPrizes ? (
        <p>
          {ctx.t('ca.noPrizes')} <a href={contestHref(c.id, '/giai/moi')}>{ctx.t('ca.prize.new')}</a>
        </p>
      ) : (
        <form method="post" action={`${base}/de-xuat`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="primary">
            {ctx.t('ca.propose')}
          </button>
        </form>
      )}
      {proposed > 0 && (
        <form method="post" action={`${base}/xac-nhan`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit">{ctx.t('ca.confirmAll', { n: proposed })}</button>
        </form>
      )}
      {props.awards.length > 0 && (
        <p class="actions">
          <a href={`${base}.xlsx`}>{ctx.t('ca.exportWinners')}</a>
          {confirmed > 0 && (
            <>
              {' · '}
              <a href={`${base}/giay-khen.pdf`}>{ctx.t('ca.allCertificates', { n: confirmed })}</a>
            </>
          )}
        </p>
      )}
      {props.awards.length === 0 ? (
        <p>{ctx.t('ca.noAwards')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('ca.nav.winners')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('ca.xlsx.col.prize')}</th>
                <th scope="col">{ctx.t('ca.xlsx.col.ranking')}</th>
                <th scope="col">{ctx.t('ca.xlsx.col.place')}</th>
                <th scope="col">{ctx.t('ca.xlsx.col.name')}</th>
                <th scope="col">{ctx.t('ca.col.unit')}</th>
                <th scope="col">{ctx.t('ca.xlsx.col.phone')}</th>
                <th scope="col">{ctx.t('ca.xlsx.col.status')}</th>
                <th scope="col">{ctx.t('ca.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.awards.map((a) => {
                const who = a.prize_kind === 'collective' ? (a.unit_name ?? '') : (a.full_name ?? ctx.t('ca.nameRemoved'));
                return (
                  <tr>
                    <td>{a.prize_name}</td>
                    <td>{rankingLabel(ctx.t, a)}</td>
                    <td>{a.place}</td>
                    <th scope="row">{who}</th>
                    <td>{a.prize_kind === 'collective' ? '' : (a.unit_name ?? '')}</td>
                    <td>{a.prize_kind === 'collective' ? '' : maskPhone(a.phone)}</td>
                    <td>{ctx.t(`ca.awardStatus.${a.status}`)}</td>
                    <td>
                      {a.status === 'proposed' ? (
                        <form method="post" action={`${base}/${a.id}/xac-nhan`} class="inline-form">
                          <CsrfField ctx={ctx} />
                          <button type="submit" class="link-button">
                            {ctx.t('ca.confirm')}
                            <span class="visually-hidden"> — {who}</span>
                          </button>
                        </form>
                      ) : (
                        <>
                          <a href={`${base}/${a.id}/giay-khen.pdf`}>
                            {ctx.t('ca.certificate')}
                            <span class="visually-hidden"> — {who}</span>
                          </a>
                          {' · '}
                          <a href={`/giay-khen/${a.code}`}>{ctx.t('ca.verifyLink')}</a>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

export function StatsPage(props: { ctx: ViewCtx; contest: AdminContestRow; manage: boolean; stats: ContestStats; units: Array<{ code: string; name: string }>; unitCode?: string }) {
  const { ctx, contest: c, stats: s } = props;
  const base = contestHref(c.id, '/thong-ke');
  const q = props.unitCode ? `?don-vi=${encodeURIComponent(props.unitCode)}` : '';
  return (
    <Layout ctx={ctx} title={ctx.t('ca.nav.stats')}>
      <ContestNav ctx={ctx} contest={c} manage={props.manage} current="/thong-ke" />
      <h1>{ctx.t('ca.statsOf', { title: c.title })}</h1>
      {props.units.length > 1 && (
        <form method="get" action={base} class="filters">
          <label for="f-don-vi">{ctx.t('ca.field.unit')}</label>
          <select id="f-don-vi" name="don-vi">
            <option value="">{ctx.t('ca.allMyUnits')}</option>
            {props.units.map((u) => (
              <option value={u.code} selected={u.code === props.unitCode}>
                {u.name}
              </option>
            ))}
          </select>
          <button type="submit">{ctx.t('ca.show')}</button>
        </form>
      )}
      <dl class="contest-counters">
        <div>
          <dt>{ctx.t('ca.stats.registrants')}</dt>
          <dd class="stat">{num(ctx, s.registrants)}</dd>
        </div>
        <div>
          <dt>{ctx.t('ca.stats.contestants')}</dt>
          <dd class="stat">{num(ctx, s.contestants)}</dd>
        </div>
      </dl>
      <p>
        <a href={`${base}.xlsx${q}`}>{ctx.t('ca.exportStats')}</a>
      </p>

      <h2>{ctx.t('ca.stats.perDay')}</h2>
      <Table ctx={ctx} label={ctx.t('ca.stats.perDay')} head={[ctx.t('ca.stats.day'), ctx.t('ca.stats.registrants')]} rows={s.perDay.map((d) => [d.day, num(ctx, d.registrants)])} />
      <h2>{ctx.t('ca.stats.perUnit')}</h2>
      <Table
        ctx={ctx}
        label={ctx.t('ca.stats.perUnit')}
        head={[ctx.t('ca.col.unit'), ctx.t('ca.stats.registrants'), ctx.t('ca.stats.contestants')]}
        rows={s.perUnit.map((u) => [u.name, num(ctx, u.registrants), num(ctx, u.contestants)])}
      />
      <h2>{ctx.t('ca.stats.perGroup')}</h2>
      <Table ctx={ctx} label={ctx.t('ca.stats.perGroup')} head={[ctx.t('ca.stats.group'), ctx.t('ca.stats.registrants')]} rows={s.perGroup.map((g) => [ctx.t(`targetGroup.${g.group}`), num(ctx, g.registrants)])} />
      {s.rounds.map((r) => (
        <section>
          <h2>{ctx.t('ca.roundLabel', { n: r.number, title: r.title })}</h2>
          <p>{ctx.t('ca.stats.roundLine', { contestants: num(ctx, r.contestants), attempts: num(ctx, r.attempts) })}</p>
          <h3>{ctx.t('ca.stats.distribution')}</h3>
          <Table ctx={ctx} label={ctx.t('ca.stats.distribution')} head={[ctx.t('ca.stats.correctK'), ctx.t('ca.stats.contestants')]} rows={r.distribution.map((d) => [String(d.correct), num(ctx, d.contestants)])} />
          <h3>{ctx.t('ca.stats.hardest')}</h3>
          <Table
            ctx={ctx}
            label={ctx.t('ca.stats.hardest')}
            head={[ctx.t('ca.stats.question'), ctx.t('ca.stats.answered'), ctx.t('ca.stats.share')]}
            rows={r.questions.slice(0, 20).map((qq) => [qq.text, num(ctx, qq.answered), percentText(ctx, Math.round(qq.share * 1000) / 10)])}
          />
        </section>
      ))}
    </Layout>
  );
}

function Table(props: { ctx: ViewCtx; label: string; head: string[]; rows: string[][] }) {
  if (props.rows.length === 0) return <p>{props.ctx.t('ca.noData')}</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
      <table>
        <thead>
          <tr>
            {props.head.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              {r.map((cell, i) => (i === 0 ? <th scope="row">{cell}</th> : <td>{cell}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the QR code of a giấy khen opens: recipient, prize, contest, date — nothing else. */
export function MeritVerifyPage({ ctx, award: a, date }: { ctx: ViewCtx; award: PublicAward; date: string }) {
  return (
    <Layout ctx={ctx} title={ctx.t('ca.verifyTitle')}>
      <h1>{ctx.t('ca.verifyTitle')}</h1>
      <div class="notice ok">
        <h2>{ctx.t('ca.verifyValid')}</h2>
      </div>
      <dl class="facts">
        <dt>{ctx.t(a.kind === 'collective' ? 'ca.verifyUnit' : 'ca.verifyHolder')}</dt>
        <dd>{a.recipient ?? ctx.t('ca.nameRemoved')}</dd>
        <dt>{ctx.t('ca.verifyPrize')}</dt>
        <dd>{a.round_title ? `${a.prize_name} — ${a.round_title}` : a.prize_name}</dd>
        <dt>{ctx.t('ca.verifyContest')}</dt>
        <dd>{a.contest_title}</dd>
        <dt>{ctx.t('ca.verifyDate')}</dt>
        <dd>{date}</dd>
        <dt>{ctx.t('ca.verifyCode')}</dt>
        <dd>{a.code}</dd>
      </dl>
      <p class="muted">{ctx.t('ca.verifyNote', { city: ctx.cityName })}</p>
    </Layout>
  );
}
