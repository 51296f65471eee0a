/**
 * Pages of unit filings: the list (a unit's periods and filings; the city's periods with counts), the period's
 * overview (counts by status, the units that have not filed), a unit's filing form, the city's review page, and
 * the city's pages to define forms and periods.
 */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, FieldFrame, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, formatDateTime } from '../../views/form-parts.js';
import type { UnitRow } from '../units/repository.js';
import { FILING_STATUSES, PERIOD_KINDS, dmy, figureLabel, isOverdue, parseFigures, periodLabel, type FilingFigure, type FilingStatus, type Values } from './filings-model.js';
import type { FilingRow, FormRow, HistoryRow, PeriodRow, UnitStatus } from './filings-repository.js';
import type { FigureRowInput, PeriodInput, PeriodOverview } from './filings-service.js';
import './messages-filings.js';

const BASE = '/quan-tri/bao-cao-don-vi';
const nf = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
export const filingHref = (periodId: number, unitCode: string) => `${BASE}/ky/${periodId}/don-vi/${encodeURIComponent(unitCode)}`;

function Notice({ text }: { text?: string }) {
  return text ? (
    <p class="notice ok" role="status">
      {text}
    </p>
  ) : null;
}

function StatusText({ ctx, status, overdue }: { ctx: ViewCtx; status: FilingStatus | 'none'; overdue: boolean }) {
  return (
    <>
      {ctx.t(`filing.status.${status}`)}
      {overdue && (status === 'none' || status === 'draft' || status === 'returned') && (
        <>
          {' '}
          <span class="badge">{ctx.t('filing.overdue')}</span>
        </>
      )}
    </>
  );
}

function TextArea(p: { ctx: ViewCtx; name: string; label: string; value?: string; error?: string; hint?: string; required?: boolean; rows?: number }) {
  return (
    <FieldFrame
      {...p}
      control={(attrs) => (
        <textarea {...attrs} name={p.name} rows={p.rows ?? 4} required={p.required}>
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}

// ---- the list ----

export interface UnitPeriods {
  unit: UnitRow;
  rows: Array<{ period: PeriodRow; filing: FilingRow | undefined }>;
}

export function FilingsHomePage(props: {
  ctx: ViewCtx;
  city?: { periods: PeriodRow[]; counts: Map<number, { filed: number; accepted: number; returned: number }>; totalUnits: number };
  units: UnitPeriods[];
  now: Date;
}) {
  const { ctx, city } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('filing.title')}>
      <h1>{ctx.t('filing.title')}</h1>
      <p class="lead">{city ? ctx.t('filing.cityLead') : ctx.t('filing.unitLead')}</p>
      {city && (
        <>
          <p class="actions">
            <a class="button" href={`${BASE}/ky-moi`}>
              {ctx.t('filing.newPeriod')}
            </a>
            <a href={`${BASE}/mau-bieu`}>{ctx.t('filing.forms')}</a>
          </p>
          {city.periods.length === 0 ? (
            <p class="notice">{ctx.t('filing.noPeriods')}</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('filing.periods')}>
              <table>
                <caption class="visually-hidden">{ctx.t('filing.periods')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('filing.col.period')}</th>
                    <th scope="col">{ctx.t('filing.col.deadline')}</th>
                    <th scope="col">{ctx.t('filing.col.filed')}</th>
                    <th scope="col">{ctx.t('filing.col.accepted')}</th>
                    <th scope="col">{ctx.t('filing.col.notFiled')}</th>
                  </tr>
                </thead>
                <tbody>
                  {city.periods.map((p) => {
                    const c = city.counts.get(p.id) ?? { filed: 0, accepted: 0, returned: 0 };
                    const missing = city.totalUnits - c.filed;
                    return (
                      <tr>
                        <th scope="row">
                          <a href={`${BASE}/ky/${p.id}`}>{periodLabel(p, ctx.lang)}</a>
                        </th>
                        <td class="nowrap">{dmy(p.deadline)}</td>
                        <td>{`${nf(ctx, c.filed)}/${nf(ctx, city.totalUnits)}`}</td>
                        <td>{nf(ctx, c.accepted)}</td>
                        <td>
                          {nf(ctx, missing)}
                          {missing > 0 && isOverdue(p.deadline, props.now) && (
                            <>
                              {' '}
                              <span class="badge">{ctx.t('filing.overdue')}</span>
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
        </>
      )}
      {props.units.map((u) => (
        <section>
          <h2>{u.unit.name}</h2>
          {u.rows.length === 0 ? (
            <p class="notice">{ctx.t('filing.noPeriods')}</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={`${ctx.t('filing.periods')} · ${u.unit.name}`}>
              <table>
                <caption class="visually-hidden">{`${ctx.t('filing.periods')} · ${u.unit.name}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('filing.col.period')}</th>
                    <th scope="col">{ctx.t('filing.col.deadline')}</th>
                    <th scope="col">{ctx.t('filing.col.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {u.rows.map(({ period: p, filing }) => (
                    <tr>
                      <th scope="row">
                        <a href={filingHref(p.id, u.unit.code)}>{periodLabel(p, ctx.lang)}</a>
                      </th>
                      <td class="nowrap">{dmy(p.deadline)}</td>
                      <td>
                        <StatusText ctx={ctx} status={(filing?.status as FilingStatus | undefined) ?? 'none'} overdue={isOverdue(p.deadline, props.now)} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </Layout>
  );
}

// ---- the period's overview (city) ----

export function PeriodPage(props: { ctx: ViewCtx; period: PeriodRow; overview: PeriodOverview }) {
  const { ctx, period: p, overview: o } = props;
  const title = periodLabel(p, ctx.lang);
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={BASE}>{ctx.t('filing.back')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{ctx.t('filing.dates')}</dt>
        <dd>{`${dmy(p.starts_on)} – ${dmy(p.ends_on)}`}</dd>
        <dt>{ctx.t('filing.col.deadline')}</dt>
        <dd>
          {dmy(p.deadline)}
          {o.overdue && (
            <>
              {' '}
              <span class="badge">{ctx.t('filing.deadlinePassed')}</span>
            </>
          )}
        </dd>
      </dl>
      <h2>{ctx.t('filing.byStatus')}</h2>
      <ul class="cards">
        {(['none', ...FILING_STATUSES] as const).map((s) => (
          <li class="card">
            <span class="stat">{nf(ctx, o.counts[s])}</span> {ctx.t(`filing.status.${s}`)}
          </li>
        ))}
      </ul>
      <p>{ctx.t('filing.filedOf', { filed: nf(ctx, o.filed), total: nf(ctx, o.total) })}</p>

      <h2 id="chua-nop">{ctx.t('filing.nonFilers', { n: nf(ctx, o.nonFilers.length) })}</h2>
      {o.nonFilers.length === 0 ? (
        <p class="notice ok">{ctx.t('filing.allFiled')}</p>
      ) : (
        <>
          <p>
            <a href={`${BASE}/ky/${p.id}/chua-nop.xlsx`}>{ctx.t('filing.exportNonFilers')}</a>
          </p>
          <UnitTable ctx={ctx} period={p} rows={o.nonFilers} overdue={o.overdue} label={ctx.t('filing.nonFilersTable')} />
        </>
      )}
      <h2>{ctx.t('filing.filedUnits')}</h2>
      {o.filed === 0 ? <p class="muted">{ctx.t('filing.noneFiled')}</p> : <UnitTable ctx={ctx} period={p} rows={o.rows.filter((r) => r.status === 'submitted' || r.status === 'accepted')} overdue={false} label={ctx.t('filing.filedUnits')} review />}
    </Layout>
  );
}

function UnitTable(props: { ctx: ViewCtx; period: PeriodRow; rows: UnitStatus[]; overdue: boolean; label: string; review?: boolean }) {
  const { ctx } = props;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label={props.label}>
      <table>
        <caption class="visually-hidden">{props.label}</caption>
        <thead>
          <tr>
            <th scope="col">{ctx.t('filing.col.unit')}</th>
            <th scope="col">{ctx.t('filing.col.type')}</th>
            <th scope="col">{ctx.t('filing.col.status')}</th>
            {props.review && <th scope="col">{ctx.t('filing.col.submittedAt')}</th>}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">
                <a href={props.review && r.status === 'submitted' ? `${filingHref(props.period.id, r.unit.code)}/xet-duyet` : filingHref(props.period.id, r.unit.code)}>{r.unit.name}</a>
              </th>
              <td>{ctx.t(`unitType.${r.unit.type}`)}</td>
              <td>
                <StatusText ctx={ctx} status={r.status} overdue={props.overdue} />
              </td>
              {props.review && <td class="nowrap">{formatDateTime(r.filing?.submitted_at)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// ---- a unit's filing ----

function ValuesList({ ctx, figures, values }: { ctx: ViewCtx; figures: FilingFigure[]; values: Values }) {
  return (
    <dl class="facts">
      {figures.map((f) => {
        const v = values[f.code];
        return (
          <>
            <dt>{figureLabel(f, ctx.lang)}</dt>
            <dd>{v === null || v === undefined ? <span class="muted">{ctx.t('filing.noValue')}</span> : typeof v === 'number' ? nf(ctx, v) : v}</dd>
          </>
        );
      })}
    </dl>
  );
}

function History({ ctx, figures, rows }: { ctx: ViewCtx; figures: FilingFigure[]; rows: HistoryRow[] }) {
  if (rows.length === 0) return null;
  return (
    <>
      <h2>{ctx.t('filing.history')}</h2>
      <ol>
        {rows.map((h) => (
          <li>
            <strong>{ctx.t(`filing.action.${h.action}`)}</strong> — {formatDateTime(h.at)}
            {h.actor_name && <> — {h.actor_name}</>}
            {h.comment && <blockquote>{h.comment}</blockquote>}
            {h.values_json && (
              <details>
                <summary>{ctx.t('filing.submittedValues')}</summary>
                <ValuesList ctx={ctx} figures={figures} values={JSON.parse(h.values_json) as Values} />
              </details>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

function Facts({ ctx, unit, period: p, status, now }: { ctx: ViewCtx; unit: UnitRow; period: PeriodRow; status: FilingStatus | 'none'; now: Date }) {
  return (
    <dl class="facts">
      <dt>{ctx.t('filing.col.unit')}</dt>
      <dd>{unit.name}</dd>
      <dt>{ctx.t('filing.dates')}</dt>
      <dd>{`${dmy(p.starts_on)} – ${dmy(p.ends_on)}`}</dd>
      <dt>{ctx.t('filing.col.deadline')}</dt>
      <dd>{dmy(p.deadline)}</dd>
      <dt>{ctx.t('filing.col.status')}</dt>
      <dd>
        <StatusText ctx={ctx} status={status} overdue={isOverdue(p.deadline, now)} />
      </dd>
    </dl>
  );
}

export function FilingPage(props: {
  ctx: ViewCtx;
  period: PeriodRow;
  unit: UnitRow;
  filing: FilingRow | undefined;
  values: Values;
  /** Raw values to put back in the form after a refusal. */
  raw?: Record<string, string>;
  history: HistoryRow[];
  returnComment: string | null;
  canReview: boolean;
  errors: Record<string, string>;
  notice?: string;
  now: Date;
}) {
  const { ctx, period: p, unit, filing, errors: e } = props;
  const figures = parseFigures(p.figures);
  const status = (filing?.status as FilingStatus | undefined) ?? 'none';
  const editable = status === 'none' || status === 'draft' || status === 'returned';
  const title = `${ctx.t('filing.formTitle')} · ${periodLabel(p, ctx.lang)}`;
  const labels = Object.fromEntries(figures.map((f) => [`v_${f.code}`, figureLabel(f, ctx.lang)]));
  const shown = (f: FilingFigure) => {
    if (props.raw && f.code in props.raw) return props.raw[f.code];
    const v = props.values[f.code];
    return v === null || v === undefined ? '' : String(v);
  };
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={BASE}>{ctx.t('filing.back')}</a>
      </p>
      <h1>{title}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <Facts ctx={ctx} unit={unit} period={p} status={status} now={props.now} />
      {status === 'returned' && props.returnComment && (
        <div class="notice">
          <h2>{ctx.t('filing.returnedComment')}</h2>
          <p class="description">{props.returnComment}</p>
        </div>
      )}
      {editable ? (
        <form method="post" action={filingHref(p.id, unit.code)} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="revision" value={String(filing?.revision ?? 0)} />
          <p class="hint">{ctx.t('filing.formHint')}</p>
          {figures.map((f) =>
            f.kind === 'count' ? (
              <Field ctx={ctx} name={`v_${f.code}`} label={figureLabel(f, ctx.lang)} value={shown(f)} error={e[`v_${f.code}`]} required={f.required} inputMode="numeric" hint={ctx.t('filing.countHint')} />
            ) : (
              <TextArea ctx={ctx} name={`v_${f.code}`} label={figureLabel(f, ctx.lang)} value={shown(f)} error={e[`v_${f.code}`]} required={f.required} />
            ),
          )}
          <div class="actions">
            <button type="submit" name="action" value="save" class="button secondary">
              {ctx.t('filing.saveDraft')}
            </button>
            <button type="submit" name="action" value="submit" class="primary">
              {status === 'returned' ? ctx.t('filing.resubmit') : ctx.t('filing.submit')}
            </button>
          </div>
        </form>
      ) : (
        <>
          <h2>{ctx.t('filing.values')}</h2>
          <ValuesList ctx={ctx} figures={figures} values={props.values} />
          {props.canReview && status === 'submitted' && (
            <p>
              <a class="button" href={`${filingHref(p.id, unit.code)}/xet-duyet`}>
                {ctx.t('filing.review')}
              </a>
            </p>
          )}
        </>
      )}
      <History ctx={ctx} figures={figures} rows={props.history} />
    </Layout>
  );
}

export function ReviewPage(props: {
  ctx: ViewCtx;
  period: PeriodRow;
  unit: UnitRow;
  filing: FilingRow;
  values: Values;
  history: HistoryRow[];
  errors: Record<string, string>;
  input: { decision?: string; comment?: string };
  notice?: string;
  now: Date;
}) {
  const { ctx, period: p, unit, filing, errors: e } = props;
  const figures = parseFigures(p.figures);
  const title = `${ctx.t('filing.reviewTitle')} · ${unit.name}`;
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`${BASE}/ky/${p.id}`}>{periodLabel(p, ctx.lang)}</a>
      </p>
      <h1>{title}</h1>
      <Notice text={props.notice} />
      <ErrorSummary ctx={ctx} errors={e} labels={{ decision: ctx.t('filing.f.decision'), comment: ctx.t('filing.f.comment') }} />
      <Facts ctx={ctx} unit={unit} period={p} status={filing.status as FilingStatus} now={props.now} />
      <h2>{ctx.t('filing.values')}</h2>
      <ValuesList ctx={ctx} figures={figures} values={props.values} />
      {filing.status === 'submitted' && (
        <form method="post" action={`${filingHref(p.id, unit.code)}/xet-duyet`} novalidate>
          <CsrfField ctx={ctx} />
          <input type="hidden" name="revision" value={String(filing.revision)} />
          <fieldset class="choices" id="f-decision" aria-describedby={e.decision ? 'f-decision-error' : undefined}>
            <legend>{ctx.t('filing.f.decision')}</legend>
            {e.decision && (
              <p class="error-text" id="f-decision-error">
                {e.decision}
              </p>
            )}
            <div class="checkbox">
              <input type="radio" id="d-accept" name="decision" value="accept" checked={props.input.decision === 'accept'} />
              <label for="d-accept">{ctx.t('filing.f.accept')}</label>
            </div>
            <div class="checkbox">
              <input type="radio" id="d-return" name="decision" value="return" checked={props.input.decision === 'return'} />
              <label for="d-return">{ctx.t('filing.f.return')}</label>
            </div>
          </fieldset>
          <TextArea ctx={ctx} name="comment" label={ctx.t('filing.f.comment')} hint={ctx.t('filing.f.commentHint')} value={props.input.comment} error={e.comment} />
          <button type="submit" class="primary">
            {ctx.t('filing.reviewSubmit')}
          </button>
        </form>
      )}
      <History ctx={ctx} figures={figures} rows={props.history} />
    </Layout>
  );
}

// ---- the city: forms and periods ----

export function FormsPage(props: { ctx: ViewCtx; forms: FormRow[]; errors: Record<string, string>; name?: string }) {
  const { ctx, errors: e } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('filing.forms')}>
      <p>
        <a href={BASE}>{ctx.t('filing.back')}</a>
      </p>
      <h1>{ctx.t('filing.forms')}</h1>
      <p class="lead">{ctx.t('filing.formsLead')}</p>
      <ul>
        {props.forms.map((f) => (
          <li>
            <a href={`${BASE}/mau-bieu/${f.id}`}>{f.name}</a> <span class="muted">({ctx.t('filing.figureCount', { n: parseFigures(f.figures).length })})</span>
          </li>
        ))}
      </ul>
      <h2>{ctx.t('filing.newForm')}</h2>
      <ErrorSummary ctx={ctx} errors={e} labels={{ name: ctx.t('filing.f.formName') }} />
      <form method="post" action={`${BASE}/mau-bieu`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="name" label={ctx.t('filing.f.formName')} value={props.name} error={e.name} required hint={ctx.t('filing.newFormHint')} />
        <button type="submit" class="primary">
          {ctx.t('filing.createForm')}
        </button>
      </form>
    </Layout>
  );
}

export const BLANK_FIGURE_ROWS = 3;

export function FormEditPage(props: { ctx: ViewCtx; form: FormRow; name: string; rows: FigureRowInput[]; errors: Record<string, string>; notice?: string }) {
  const { ctx, errors: e } = props;
  const rows = [...props.rows, ...Array.from({ length: BLANK_FIGURE_ROWS }, () => ({}) as FigureRowInput)];
  const labels: Record<string, string> = { name: ctx.t('filing.f.formName') };
  rows.forEach((_, i) => {
    const n = i + 1;
    labels[`code_${i}`] = `${ctx.t('filing.f.figure', { n })} — ${ctx.t('filing.f.code')}`;
    labels[`labelVi_${i}`] = `${ctx.t('filing.f.figure', { n })} — ${ctx.t('filing.f.labelVi')}`;
    labels[`labelEn_${i}`] = `${ctx.t('filing.f.figure', { n })} — ${ctx.t('filing.f.labelEn')}`;
    labels[`kind_${i}`] = `${ctx.t('filing.f.figure', { n })} — ${ctx.t('filing.f.kind')}`;
  });
  return (
    <Layout ctx={ctx} title={props.form.name}>
      <p>
        <a href={`${BASE}/mau-bieu`}>{ctx.t('filing.forms')}</a>
      </p>
      <h1>{props.form.name}</h1>
      <Notice text={props.notice} />
      <p class="lead">{ctx.t('filing.formEditLead')}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={`${BASE}/mau-bieu/${props.form.id}`} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="name" label={ctx.t('filing.f.formName')} value={props.name} error={e.name} required />
        {rows.map((r, i) => (
          <fieldset>
            <legend>{i < props.rows.length ? ctx.t('filing.f.figure', { n: i + 1 }) : ctx.t('filing.f.newFigure', { n: i + 1 })}</legend>
            <Field ctx={ctx} name={`code_${i}`} label={ctx.t('filing.f.code')} value={r.code} error={e[`code_${i}`]} hint={i === 0 ? ctx.t('filing.f.codeHint') : undefined} required={i < props.rows.length} />
            <Field ctx={ctx} name={`labelVi_${i}`} label={ctx.t('filing.f.labelVi')} value={r.labelVi} error={e[`labelVi_${i}`]} required={i < props.rows.length} />
            <Field ctx={ctx} name={`labelEn_${i}`} label={ctx.t('filing.f.labelEn')} value={r.labelEn} error={e[`labelEn_${i}`]} />
            <SelectField
              ctx={ctx}
              name={`kind_${i}`}
              label={ctx.t('filing.f.kind')}
              value={r.kind ?? 'count'}
              error={e[`kind_${i}`]}
              required
              options={[
                { value: 'count', label: ctx.t('filing.kind.count') },
                { value: 'text', label: ctx.t('filing.kind.text') },
              ]}
            />
            <div class="checkbox">
              <input type="checkbox" id={`f-required_${i}`} name={`required_${i}`} value="1" checked={!!r.required} />
              <label for={`f-required_${i}`}>{ctx.t('filing.f.required')}</label>
            </div>
          </fieldset>
        ))}
        <p class="hint">{ctx.t('filing.f.removeHint')}</p>
        <button type="submit" class="primary">
          {ctx.t('filing.saveForm')}
        </button>
      </form>
    </Layout>
  );
}

export function NewPeriodPage(props: { ctx: ViewCtx; forms: FormRow[]; values: PeriodInput; errors: Record<string, string> }) {
  const { ctx, values: v, errors: e } = props;
  const labels = {
    form: ctx.t('filing.f.form'),
    kind: ctx.t('filing.f.periodKind'),
    year: ctx.t('filing.f.year'),
    month: ctx.t('filing.f.month'),
    quarter: ctx.t('filing.f.quarter'),
    name: ctx.t('filing.f.campaignName'),
    startsOn: ctx.t('filing.f.startsOn'),
    endsOn: ctx.t('filing.f.endsOn'),
    deadline: ctx.t('filing.f.deadline'),
  };
  return (
    <Layout ctx={ctx} title={ctx.t('filing.newPeriod')}>
      <p>
        <a href={BASE}>{ctx.t('filing.back')}</a>
      </p>
      <h1>{ctx.t('filing.newPeriod')}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={`${BASE}/ky-moi`} novalidate>
        <CsrfField ctx={ctx} />
        <SelectField ctx={ctx} name="form" label={labels.form} value={v.form ?? String(props.forms[0]?.id ?? '')} error={e.form} required options={props.forms.map((f) => ({ value: String(f.id), label: f.name }))} />
        <SelectField ctx={ctx} name="kind" label={labels.kind} value={v.kind ?? 'quarter'} error={e.kind} required options={PERIOD_KINDS.map((k) => ({ value: k, label: ctx.t(`filing.kind.${k}`) }))} />
        <fieldset>
          <legend>{ctx.t('filing.f.calendar')}</legend>
          <Field ctx={ctx} name="year" label={labels.year} value={v.year} error={e.year} inputMode="numeric" hint={ctx.t('filing.f.yearHint')} />
          <Field ctx={ctx} name="quarter" label={labels.quarter} value={v.quarter} error={e.quarter} inputMode="numeric" hint={ctx.t('filing.f.quarterHint')} />
          <Field ctx={ctx} name="month" label={labels.month} value={v.month} error={e.month} inputMode="numeric" hint={ctx.t('filing.f.monthHint')} />
        </fieldset>
        <fieldset>
          <legend>{ctx.t('filing.f.campaign')}</legend>
          <Field ctx={ctx} name="name" label={labels.name} value={v.name} error={e.name} />
          <Field ctx={ctx} type="date" name="startsOn" label={labels.startsOn} value={v.startsOn} error={e.startsOn} />
          <Field ctx={ctx} type="date" name="endsOn" label={labels.endsOn} value={v.endsOn} error={e.endsOn} />
        </fieldset>
        <Field ctx={ctx} type="date" name="deadline" label={labels.deadline} value={v.deadline} error={e.deadline} required hint={ctx.t('filing.f.deadlineHint')} />
        <button type="submit" class="primary">
          {ctx.t('filing.createPeriod')}
        </button>
      </form>
    </Layout>
  );
}
