/** Organisers' pages (1): the contest list, the contest form and page, the round and prize forms. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, formatDateTime, type SelectOption } from '../../views/form-parts.js';
import { TextArea } from '../quizzes/view-parts.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { roundStatus } from './service.js';
import { CONTEST_STATUSES, PRIZE_KINDS, RANK_FIELDS, targetGroupField, type Form } from './admin-input.js';
import { RANK_KEYS, parseRankingOrder } from './ranking.js';
import type { AdminContestRow } from './admin-service.js';
import type { PrizeRow } from './prizes.js';
import './messages-admin.js';

export const BASE = '/quan-tri/cuoc-thi';
export const contestHref = (id: number, rest = '') => `${BASE}/${id}${rest}`;

export function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="notice ok" role="status">
      {text}
    </p>
  ) : null;
}

export function ContestNav({ ctx, contest, manage, current }: { ctx: ViewCtx; contest: AdminContestRow; manage: boolean; current: string }) {
  const links: Array<[string, string]> = manage
    ? [
        ['', 'ca.nav.overview'],
        ['/xep-hang', 'ca.nav.ranking'],
        ['/xep-hang-don-vi', 'ca.nav.units'],
        ['/dat-giai', 'ca.nav.winners'],
        ['/thong-ke', 'ca.nav.stats'],
      ]
    : [['/thong-ke', 'ca.nav.stats']];
  return (
    <nav aria-label={ctx.t('ca.nav.label')} class="actions">
      <a href={BASE}>{ctx.t('ca.back')}</a>
      {links.map(([rest, key]) => (
        <>
          {' · '}
          <a href={contestHref(contest.id, rest)} aria-current={current === rest ? 'page' : undefined}>
            {ctx.t(key)}
          </a>
        </>
      ))}
    </nav>
  );
}

export function ContestListPage(props: { ctx: ViewCtx; contests: Array<AdminContestRow & { manage: boolean }>; canCreate: boolean; notice?: string }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('ca.title')}>
      <h1>{ctx.t('ca.title')}</h1>
      <p class="lead">{ctx.t('ca.lead')}</p>
      <Notice text={props.notice} />
      {props.canCreate && (
        <p>
          <a class="button" href={`${BASE}/moi`}>
            {ctx.t('ca.new')}
          </a>
        </p>
      )}
      {props.contests.length === 0 ? (
        <p>{ctx.t('ca.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('ca.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('ca.col.title')}</th>
                <th scope="col">{ctx.t('ca.col.unit')}</th>
                <th scope="col">{ctx.t('ca.col.status')}</th>
                <th scope="col">{ctx.t('ca.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {props.contests.map((c) => (
                <tr>
                  <th scope="row">{c.manage ? <a href={contestHref(c.id)}>{c.title}</a> : c.title}</th>
                  <td>{c.unit_name}</td>
                  <td>{ctx.t(`ca.status.${c.status}`)}</td>
                  <td>
                    <a href={contestHref(c.id, '/thong-ke')}>
                      {ctx.t('ca.nav.stats')}
                      <span class="visually-hidden"> — {c.title}</span>
                    </a>
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

function Radios(p: { ctx: ViewCtx; name: string; label: string; values: readonly string[]; value: string | undefined; labelOf: (v: string) => string; error?: string; hint?: string }) {
  return (
    <fieldset class={p.error ? 'field choices field-error' : 'field choices'} id={`f-${p.name}`}>
      <legend>{p.label}</legend>
      {p.hint && <p class="hint">{p.hint}</p>}
      {p.error && <p class="error-text">{p.error}</p>}
      {p.values.map((v) => (
        <div class="checkbox">
          <input type="radio" id={`f-${p.name}-${v}`} name={p.name} value={v} checked={p.value === v} />
          <label for={`f-${p.name}-${v}`}>{p.labelOf(v)}</label>
        </div>
      ))}
    </fieldset>
  );
}

function DateTimeField(p: { ctx: ViewCtx; name: string; label: string; value?: string; error?: string; required?: boolean; hint?: string }) {
  return <Field ctx={p.ctx} name={p.name} label={p.label} value={p.value} error={p.error} required={p.required} type="datetime-local" hint={p.hint ?? p.ctx.t('ca.hint.datetime')} />;
}

export function contestLabels(ctx: ViewCtx): Record<string, string> {
  return {
    title: ctx.t('ca.field.title'),
    slug: ctx.t('ca.field.slug'),
    unit: ctx.t('ca.field.unit'),
    summary: ctx.t('ca.field.summary'),
    rules: ctx.t('ca.field.rules'),
    prizesText: ctx.t('ca.field.prizesText'),
    targetGroups: ctx.t('ca.field.targetGroups'),
    rank1: ctx.t('ca.field.rankN', { n: 1 }),
    rank2: ctx.t('ca.field.rankN', { n: 2 }),
    rank3: ctx.t('ca.field.rankN', { n: 3 }),
    rank4: ctx.t('ca.field.rankN', { n: 4 }),
    registrationOpensAt: ctx.t('ca.field.registrationOpensAt'),
    registrationClosesAt: ctx.t('ca.field.registrationClosesAt'),
    status: ctx.t('ca.field.status'),
  };
}

export function ContestFormPage(props: { ctx: ViewCtx; contest?: AdminContestRow; units: SelectOption[]; values: Form; errors: Record<string, string> }) {
  const { ctx, contest, values: v, errors: e } = props;
  const title = contest ? ctx.t('ca.edit', { title: contest.title }) : ctx.t('ca.new');
  const labels = contestLabels(ctx);
  const rankOptions = RANK_KEYS.map((k) => ({ value: k, label: ctx.t(`ca.rankKey.${k}`) }));
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={contest ? contestHref(contest.id) : BASE}>{ctx.t('ca.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={contest ? contestHref(contest.id, '/sua') : BASE} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="title" label={labels.title} value={v.title} error={e.title} required />
        <Field ctx={ctx} name="slug" label={labels.slug} value={v.slug} error={e.slug} required hint={ctx.t('ca.hint.slug')} />
        <SelectField ctx={ctx} name="unit" label={labels.unit} options={props.units} value={v.unit} error={e.unit} required emptyLabel={ctx.t('ca.chooseUnit')} />
        <TextArea ctx={ctx} name="summary" label={labels.summary} value={v.summary} error={e.summary} required rows={3} />
        <TextArea ctx={ctx} name="rules" label={labels.rules} value={v.rules} error={e.rules} rows={8} hint={ctx.t('ca.hint.paragraphs')} />
        <TextArea ctx={ctx} name="prizesText" label={labels.prizesText} value={v.prizesText} error={e.prizesText} rows={5} hint={ctx.t('ca.hint.paragraphs')} />
        <fieldset class={e.targetGroups ? 'field choices field-error' : 'field choices'} id="f-targetGroups">
          <legend>{labels.targetGroups}</legend>
          {e.targetGroups && <p class="error-text">{e.targetGroups}</p>}
          {TARGET_GROUPS.map((g) => (
            <div class="checkbox">
              <input type="checkbox" id={`f-${targetGroupField(g)}`} name={targetGroupField(g)} value="1" checked={v[targetGroupField(g)] === '1'} />
              <label for={`f-${targetGroupField(g)}`}>{ctx.t(`targetGroup.${g}`)}</label>
            </div>
          ))}
        </fieldset>
        <fieldset class="field choices field-wide" id="f-ranking">
          <legend>{ctx.t('ca.field.rankingOrder')}</legend>
          <p class="hint">{ctx.t('ca.hint.rankingOrder')}</p>
          <div class="input-row">
            {RANK_FIELDS.map((f, i) => (
              <SelectField ctx={ctx} name={f} label={labels[f]} options={rankOptions} value={v[f]} error={e[f]} required={i === 0} emptyLabel={i === 0 ? undefined : ctx.t('ca.rankNone')} />
            ))}
          </div>
        </fieldset>
        <div class="checkbox">
          <input type="checkbox" id="f-showScoreOnSubmit" name="showScoreOnSubmit" value="1" checked={v.showScoreOnSubmit === '1'} />
          <label for="f-showScoreOnSubmit">{ctx.t('ca.field.showScoreOnSubmit')}</label>
        </div>
        <DateTimeField ctx={ctx} name="registrationOpensAt" label={labels.registrationOpensAt} value={v.registrationOpensAt} error={e.registrationOpensAt} />
        <DateTimeField ctx={ctx} name="registrationClosesAt" label={labels.registrationClosesAt} value={v.registrationClosesAt} error={e.registrationClosesAt} />
        <Radios ctx={ctx} name="status" label={labels.status} values={CONTEST_STATUSES} value={v.status ?? 'draft'} error={e.status} labelOf={(s) => ctx.t(`ca.status.${s}`)} hint={ctx.t('ca.hint.status')} />
        <button type="submit" class="primary">
          {ctx.t(contest ? 'ca.save' : 'ca.create')}
        </button>
      </form>
    </Layout>
  );
}

export interface RoundLine {
  id: number;
  number: number;
  title: string;
  opens_at: string;
  closes_at: string;
  quiz_title: string;
  attempts_allowed: number;
  prediction_question: string | null;
}

export function ContestPage(props: { ctx: ViewCtx; contest: AdminContestRow; rounds: RoundLine[]; prizes: PrizeRow[]; notice?: string; error?: string; now: Date }) {
  const { ctx, contest: c } = props;
  const order = parseRankingOrder(c.ranking_order);
  return (
    <Layout ctx={ctx} title={c.title}>
      <ContestNav ctx={ctx} contest={c} manage current="" />
      <h1>{c.title}</h1>
      <Notice text={props.notice} />
      {props.error && (
        <div class="error-summary" role="alert">
          <p>{props.error}</p>
        </div>
      )}
      <dl class="facts">
        <dt>{ctx.t('ca.field.status')}</dt>
        <dd>{ctx.t(`ca.status.${c.status}`)}</dd>
        <dt>{ctx.t('ca.field.unit')}</dt>
        <dd>{c.unit_name}</dd>
        <dt>{ctx.t('ca.field.slug')}</dt>
        <dd>{c.status === 'published' ? <a href={`/cuoc-thi/${c.slug}`}>{`/cuoc-thi/${c.slug}`}</a> : `/cuoc-thi/${c.slug}`}</dd>
        <dt>{ctx.t('ca.field.rankingOrder')}</dt>
        <dd>{order.map((k) => ctx.t(`ca.rankKey.${k}`)).join(' → ')}</dd>
        <dt>{ctx.t('ca.field.registration')}</dt>
        <dd>{c.registration_opens_at || c.registration_closes_at ? `${formatDateTime(c.registration_opens_at) || '…'} – ${formatDateTime(c.registration_closes_at) || '…'}` : ctx.t('ca.registrationAlways')}</dd>
      </dl>
      <p>
        <a class="button" href={contestHref(c.id, '/sua')}>
          {ctx.t('ca.editInfo')}
        </a>
      </p>

      <h2>{ctx.t('ca.rounds')}</h2>
      {props.rounds.length === 0 ? (
        <p>{ctx.t('ca.noRounds')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('ca.rounds')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('ca.round.number')}</th>
                <th scope="col">{ctx.t('ca.round.title')}</th>
                <th scope="col">{ctx.t('ca.round.when')}</th>
                <th scope="col">{ctx.t('ca.round.quiz')}</th>
                <th scope="col">{ctx.t('ca.round.attempts')}</th>
                <th scope="col">{ctx.t('ca.round.state')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rounds.map((r) => (
                <tr>
                  <td>{r.number}</td>
                  <th scope="row">
                    <a href={contestHref(c.id, `/vong/${r.id}`)}>{r.title}</a>
                  </th>
                  <td>{`${formatDateTime(r.opens_at)} – ${formatDateTime(r.closes_at)}`}</td>
                  <td>{r.quiz_title}</td>
                  <td>{r.attempts_allowed}</td>
                  <td>{ctx.t(`ca.roundStatus.${roundStatus(r, props.now)}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={contestHref(c.id, '/vong/moi')}>{ctx.t('ca.round.new')}</a>
      </p>

      <h2>{ctx.t('ca.prizes')}</h2>
      {props.prizes.length === 0 ? (
        <p>{ctx.t('ca.noPrizes')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('ca.prizes')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('ca.prize.name')}</th>
                <th scope="col">{ctx.t('ca.prize.ranking')}</th>
                <th scope="col">{ctx.t('ca.prize.kind')}</th>
                <th scope="col">{ctx.t('ca.prize.rankOrder')}</th>
                <th scope="col">{ctx.t('ca.prize.quantity')}</th>
                <th scope="col">{ctx.t('ca.prize.awarded')}</th>
              </tr>
            </thead>
            <tbody>
              {props.prizes.map((p) => (
                <tr>
                  <th scope="row">
                    <a href={contestHref(c.id, `/giai/${p.id}`)}>{p.name}</a>
                  </th>
                  <td>{p.round_number === null ? ctx.t('ca.overall') : ctx.t('ca.roundLabel', { n: p.round_number, title: p.round_title ?? '' })}</td>
                  <td>{ctx.t(`ca.prizeKind.${p.kind}`)}</td>
                  <td>{p.rank_order}</td>
                  <td>{p.quantity}</td>
                  <td>{ctx.t('ca.prize.awardedOf', { confirmed: p.confirmed, proposed: p.proposed })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={contestHref(c.id, '/giai/moi')}>{ctx.t('ca.prize.new')}</a>
      </p>
    </Layout>
  );
}

export function roundLabels(ctx: ViewCtx): Record<string, string> {
  return {
    number: ctx.t('ca.round.number'),
    title: ctx.t('ca.round.title'),
    opensAt: ctx.t('ca.round.opensAt'),
    closesAt: ctx.t('ca.round.closesAt'),
    quiz: ctx.t('ca.round.quiz'),
    attemptsAllowed: ctx.t('ca.round.attempts'),
    predictionQuestion: ctx.t('ca.round.prediction'),
  };
}

export function RoundFormPage(props: { ctx: ViewCtx; contest: AdminContestRow; roundId?: number; quizzes: SelectOption[]; values: Form; errors: Record<string, string> }) {
  const { ctx, contest: c, values: v, errors: e } = props;
  const labels = roundLabels(ctx);
  const title = props.roundId ? ctx.t('ca.round.edit', { title: v.title ?? '' }) : ctx.t('ca.round.new');
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={contestHref(c.id)}>{ctx.t('ca.backTo', { title: c.title })}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={props.roundId ? contestHref(c.id, `/vong/${props.roundId}`) : contestHref(c.id, '/vong')} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="number" label={labels.number} value={v.number} error={e.number} required inputMode="numeric" />
        <Field ctx={ctx} name="title" label={labels.title} value={v.title} error={e.title} required />
        <DateTimeField ctx={ctx} name="opensAt" label={labels.opensAt} value={v.opensAt} error={e.opensAt} required />
        <DateTimeField ctx={ctx} name="closesAt" label={labels.closesAt} value={v.closesAt} error={e.closesAt} required />
        <SelectField ctx={ctx} name="quiz" label={labels.quiz} options={props.quizzes} value={v.quiz} error={e.quiz} required emptyLabel={ctx.t('ca.chooseQuiz')} hint={ctx.t('ca.hint.quiz')} />
        <Field ctx={ctx} name="attemptsAllowed" label={labels.attemptsAllowed} value={v.attemptsAllowed} error={e.attemptsAllowed} inputMode="numeric" hint={ctx.t('ca.hint.attempts')} />
        <TextArea ctx={ctx} name="predictionQuestion" label={labels.predictionQuestion} value={v.predictionQuestion} error={e.predictionQuestion} rows={2} hint={ctx.t('ca.hint.prediction')} />
        <button type="submit" class="primary">
          {ctx.t(props.roundId ? 'ca.save' : 'ca.round.create')}
        </button>
      </form>
      {props.roundId && (
        <form method="post" action={contestHref(c.id, `/vong/${props.roundId}/xoa`)}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="danger">
            {ctx.t('ca.round.delete')}
          </button>
        </form>
      )}
    </Layout>
  );
}

export function prizeLabels(ctx: ViewCtx): Record<string, string> {
  return {
    kind: ctx.t('ca.prize.kind'),
    ranking: ctx.t('ca.prize.ranking'),
    name: ctx.t('ca.prize.name'),
    rankOrder: ctx.t('ca.prize.rankOrder'),
    quantity: ctx.t('ca.prize.quantity'),
    reward: ctx.t('ca.prize.reward'),
  };
}

export function PrizeFormPage(props: { ctx: ViewCtx; contest: AdminContestRow; prizeId?: number; rounds: Array<{ id: number; number: number; title: string }>; values: Form; errors: Record<string, string> }) {
  const { ctx, contest: c, values: v, errors: e } = props;
  const labels = prizeLabels(ctx);
  const title = props.prizeId ? ctx.t('ca.prize.edit', { name: v.name ?? '' }) : ctx.t('ca.prize.new');
  const rankings = [{ value: 'overall', label: ctx.t('ca.overall') }, ...props.rounds.map((r) => ({ value: String(r.id), label: ctx.t('ca.roundLabel', { n: r.number, title: r.title }) }))];
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={contestHref(c.id)}>{ctx.t('ca.backTo', { title: c.title })}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={props.prizeId ? contestHref(c.id, `/giai/${props.prizeId}`) : contestHref(c.id, '/giai')} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="name" label={labels.name} value={v.name} error={e.name} required hint={ctx.t('ca.hint.prizeName')} />
        <Radios ctx={ctx} name="kind" label={labels.kind} values={PRIZE_KINDS} value={v.kind ?? 'individual'} error={e.kind} labelOf={(k) => ctx.t(`ca.prizeKind.${k}`)} hint={ctx.t('ca.hint.prizeKind')} />
        <SelectField ctx={ctx} name="ranking" label={labels.ranking} options={rankings} value={v.ranking ?? 'overall'} error={e.ranking} required />
        <Field ctx={ctx} name="rankOrder" label={labels.rankOrder} value={v.rankOrder} error={e.rankOrder} required inputMode="numeric" hint={ctx.t('ca.hint.rankOrder')} />
        <Field ctx={ctx} name="quantity" label={labels.quantity} value={v.quantity} error={e.quantity} required inputMode="numeric" />
        <TextArea ctx={ctx} name="reward" label={labels.reward} value={v.reward} error={e.reward} rows={2} />
        <button type="submit" class="primary">
          {ctx.t(props.prizeId ? 'ca.save' : 'ca.prize.create')}
        </button>
      </form>
      {props.prizeId && (
        <form method="post" action={contestHref(c.id, `/giai/${props.prizeId}/xoa`)}>
          <CsrfField ctx={ctx} />
          <button type="submit" class="danger">
            {ctx.t('ca.prize.delete')}
          </button>
        </form>
      )}
    </Layout>
  );
}
