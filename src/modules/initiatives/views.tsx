/** Pages of initiatives: the administration list, form, detail (review, history, files), dashboard; the public list and detail. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, FieldFrame, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from './files.js';
import type { FileRow, HistoryRow, InitiativeListRow, InitiativeWithUnit, UnitInitiatives } from './repository.js';
import type { InitiativeFields } from './service.js';
import './messages.js';

const nf = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');
const day = (iso: string | null) => (iso ? formatDateTime(iso).slice(0, 10) : '');
const ymd = (d: string) => d.split('-').reverse().join('/');

/** Plain text with blank-line paragraphs and line breaks. */
function Paragraphs({ text }: { text: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((p) => (
        <p>
          {p.split('\n').map((line, i) => (
            <>
              {i > 0 && <br />}
              {line}
            </>
          ))}
        </p>
      ))}
    </>
  );
}

function TextArea(p: { ctx: ViewCtx; name: string; label: string; value?: string; error?: string; hint?: string; required?: boolean; rows?: number }) {
  return (
    <FieldFrame
      {...p}
      control={(attrs) => (
        <textarea {...attrs} name={p.name} rows={p.rows ?? 6} required={p.required}>
          {p.value ?? ''}
        </textarea>
      )}
    />
  );
}

export function InitiativesListPage(props: { ctx: ViewCtx; rows: InitiativeListRow[]; canPropose: boolean }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('initiative.admin')}>
      <h1>{ctx.t('initiative.admin')}</h1>
      <p class="lead">{ctx.t('initiative.listLead')}</p>
      <p class="actions">
        {props.canPropose && (
          <>
            <a class="button" href="/quan-tri/sang-kien/moi">
              {ctx.t('initiative.new')}
            </a>{' '}
          </>
        )}
        <a href="/quan-tri/sang-kien/bao-cao">{ctx.t('initiative.dashboard')}</a> · <a href="/sang-kien">{ctx.t('initiative.public')}</a>
      </p>
      {props.rows.length === 0 ? (
        <p class="notice">{ctx.t('initiative.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('initiative.admin')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('initiative.col.title')}</th>
                <th scope="col">{ctx.t('initiative.col.unit')}</th>
                <th scope="col">{ctx.t('initiative.col.status')}</th>
                <th scope="col">{ctx.t('initiative.col.submitted')}</th>
                <th scope="col">{ctx.t('initiative.col.replications')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">
                    <a href={`/quan-tri/sang-kien/${r.id}`}>{r.title}</a>
                  </th>
                  <td>{r.unit_name}</td>
                  <td>{ctx.t(`initiative.status.${r.status}`)}</td>
                  <td class="nowrap">{day(r.submitted_at)}</td>
                  <td>{nf(ctx, r.replications)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

const labels = (ctx: ViewCtx) => ({
  unit: ctx.t('initiative.f.unit'),
  title: ctx.t('initiative.f.title'),
  description: ctx.t('initiative.f.description'),
  results: ctx.t('initiative.f.results'),
  files: ctx.t('initiative.f.files'),
  decision: ctx.t('initiative.f.decision'),
  comment: ctx.t('initiative.f.comment'),
  repUnit: ctx.t('initiative.f.repUnit'),
  repDate: ctx.t('initiative.f.repDate'),
  repNote: ctx.t('initiative.f.repNote'),
});

export function InitiativeFormPage(props: { ctx: ViewCtx; units: UnitRow[]; values: InitiativeFields; errors: Record<string, string>; initiative?: InitiativeWithUnit; files?: FileRow[] }) {
  const { ctx, values: v, errors: e, initiative: it } = props;
  const title = it ? ctx.t('initiative.editTitle') : ctx.t('initiative.newTitle');
  const action = it ? `/quan-tri/sang-kien/${it.id}/sua` : '/quan-tri/sang-kien/moi';
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={it ? `/quan-tri/sang-kien/${it.id}` : '/quan-tri/sang-kien'}>{it ? ctx.t('initiative.backOne') : ctx.t('initiative.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={labels(ctx)} />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        {it ? (
          <dl class="facts">
            <dt>{ctx.t('initiative.unit')}</dt>
            <dd>{it.unit_name}</dd>
          </dl>
        ) : (
          <UnitSelect ctx={ctx} units={props.units} name="unit" label={ctx.t('initiative.f.unit')} value={v.unit ?? (props.units.length === 1 ? props.units[0].code : undefined)} error={e.unit} required emptyLabel={ctx.t('initiative.f.unitEmpty')} />
        )}
        <Field ctx={ctx} name="title" label={ctx.t('initiative.f.title')} value={v.title} error={e.title} required />
        <TextArea ctx={ctx} name="description" label={ctx.t('initiative.f.description')} hint={ctx.t('initiative.f.descriptionHint')} value={v.description} error={e.description} required rows={8} />
        <TextArea ctx={ctx} name="results" label={ctx.t('initiative.f.results')} hint={ctx.t('initiative.f.resultsHint')} value={v.results} error={e.results} required />
        {props.files && props.files.length > 0 && (
          <fieldset>
            <legend>{ctx.t('initiative.f.remove')}</legend>
            {props.files.map((f) => (
              <div class="checkbox">
                <input type="checkbox" id={`rm-${f.id}`} name="removeFile" value={String(f.id)} />
                <label for={`rm-${f.id}`}>{f.file_name}</label>
              </div>
            ))}
          </fieldset>
        )}
        <FieldFrame
          ctx={ctx}
          name="files"
          label={ctx.t('initiative.f.files')}
          hint={ctx.t('initiative.f.filesHint', { count: MAX_FILES_PER_UPLOAD, size: `${MAX_FILE_BYTES / 1024 / 1024} MB` })}
          error={e.files}
          control={(attrs) => <input {...attrs} type="file" name="files" multiple accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png,.webp" />}
        />
        <button type="submit" class="primary">
          {it ? ctx.t('initiative.resubmit') : ctx.t('initiative.submit')}
        </button>
      </form>
    </Layout>
  );
}

type Replication = { id: number; unit_name: string; replicated_on: string; note: string | null };

function Replications({ ctx, rows, notes }: { ctx: ViewCtx; rows: Replication[]; notes: boolean }) {
  if (rows.length === 0) return <p class="muted">{ctx.t('initiative.noReplications')}</p>;
  return (
    <ul>
      {rows.map((r) => (
        <li>
          {r.unit_name} — {ymd(r.replicated_on)}
          {notes && r.note && <span class="muted"> ({r.note})</span>}
        </li>
      ))}
    </ul>
  );
}

function ReplicateForm(p: { ctx: ViewCtx; action: string; units: UnitRow[]; errors: Record<string, string>; values: { repUnit?: string; repDate?: string; repNote?: string } }) {
  const { ctx, errors: e } = p;
  return (
    <>
      <h2>{ctx.t('initiative.replicate')}</h2>
      <form method="post" action={p.action} novalidate>
        <CsrfField ctx={ctx} />
        <UnitSelect ctx={ctx} units={p.units} name="repUnit" label={ctx.t('initiative.f.repUnit')} value={p.values.repUnit ?? (p.units.length === 1 ? p.units[0].code : undefined)} error={e.repUnit} required emptyLabel={ctx.t('initiative.f.unitEmpty')} />
        <Field ctx={ctx} type="date" name="repDate" label={ctx.t('initiative.f.repDate')} value={p.values.repDate} error={e.repDate} required />
        <TextArea ctx={ctx} name="repNote" label={ctx.t('initiative.f.repNote')} value={p.values.repNote} error={e.repNote} rows={3} />
        <button type="submit" class="primary">
          {ctx.t('initiative.replicateSubmit')}
        </button>
      </form>
    </>
  );
}

export function InitiativePage(props: {
  ctx: ViewCtx;
  initiative: InitiativeWithUnit;
  history: HistoryRow[];
  files: FileRow[];
  replications: Replication[];
  canEdit: boolean;
  canReview: boolean;
  replicateUnits: UnitRow[];
  notice?: string;
  errors: Record<string, string>;
  values: Record<string, string | undefined>;
}) {
  const { ctx, initiative: it, errors: e } = props;
  return (
    <Layout ctx={ctx} title={it.title}>
      <p>
        <a href="/quan-tri/sang-kien">{ctx.t('initiative.back')}</a>
      </p>
      <h1>{it.title}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={e} labels={labels(ctx)} />
      <dl class="facts">
        <dt>{ctx.t('initiative.unit')}</dt>
        <dd>{it.unit_name}</dd>
        <dt>{ctx.t('initiative.status')}</dt>
        <dd>{ctx.t(`initiative.status.${it.status}`)}</dd>
        <dt>{ctx.t('initiative.submittedAt')}</dt>
        <dd>{day(it.submitted_at)}</dd>
      </dl>
      {props.canEdit && (
        <p>
          <a class="button" href={`/quan-tri/sang-kien/${it.id}/sua`}>
            {ctx.t('initiative.edit')}
          </a>
        </p>
      )}
      <h2>{ctx.t('initiative.description')}</h2>
      <Paragraphs text={it.description} />
      <h2>{ctx.t('initiative.results')}</h2>
      <Paragraphs text={it.results} />
      <h2>{ctx.t('initiative.files')}</h2>
      {props.files.length === 0 ? (
        <p class="muted">{ctx.t('initiative.noFiles')}</p>
      ) : (
        <ul>
          {props.files.map((f) => (
            <li>
              <a href={`/quan-tri/sang-kien/${it.id}/tep/${f.id}`}>{f.file_name}</a> <span class="muted">({ctx.t('initiative.fileSize', { size: nf(ctx, Math.max(1, Math.round(f.size / 1024))) })})</span>
            </li>
          ))}
        </ul>
      )}
      <h2>{ctx.t('initiative.history')}</h2>
      <ol>
        {props.history.map((h) => (
          <li>
            <strong>{ctx.t(`initiative.action.${h.action}`)}</strong> — {formatDateTime(h.at)}
            {h.comment && (
              <blockquote>
                <Paragraphs text={h.comment} />
              </blockquote>
            )}
          </li>
        ))}
      </ol>
      {props.canReview && it.status === 'submitted' && (
        <>
          <h2>{ctx.t('initiative.review')}</h2>
          <form method="post" action={`/quan-tri/sang-kien/${it.id}/xet-duyet`} novalidate>
            <CsrfField ctx={ctx} />
            <fieldset id="f-decision" aria-describedby={e.decision ? 'f-decision-error' : undefined}>
              <legend>{ctx.t('initiative.f.decision')}</legend>
              {e.decision && (
                <p class="error-text" id="f-decision-error">
                  {e.decision}
                </p>
              )}
              <div class="checkbox">
                <input type="radio" id="d-accept" name="decision" value="accept" checked={props.values.decision === 'accept'} />
                <label for="d-accept">{ctx.t('initiative.f.accept')}</label>
              </div>
              <div class="checkbox">
                <input type="radio" id="d-return" name="decision" value="return" checked={props.values.decision === 'return'} />
                <label for="d-return">{ctx.t('initiative.f.return')}</label>
              </div>
            </fieldset>
            <TextArea ctx={ctx} name="comment" label={ctx.t('initiative.f.comment')} hint={ctx.t('initiative.f.commentHint')} value={props.values.comment} error={e.comment} rows={4} />
            <button type="submit" class="primary">
              {ctx.t('initiative.reviewSubmit')}
            </button>
          </form>
        </>
      )}
      {it.status === 'accepted' && (
        <>
          <h2>{ctx.t('initiative.replications')}</h2>
          <Replications ctx={ctx} rows={props.replications} notes />
          <p>
            <a href={`/sang-kien/${it.id}`}>{ctx.t('initiative.public')}</a>
          </p>
        </>
      )}
    </Layout>
  );
}

export function InitiativesDashboardPage(props: { ctx: ViewCtx; rows: UnitInitiatives[] }) {
  const { ctx, rows } = props;
  const sum = (k: 'proposed' | 'accepted' | 'pending' | 'replicated') => rows.reduce((s, r) => s + r[k], 0);
  const none = rows.filter((r) => r.proposed === 0);
  return (
    <Layout ctx={ctx} title={ctx.t('initiative.dashboard')}>
      <p>
        <a href="/quan-tri/sang-kien">{ctx.t('initiative.back')}</a>
      </p>
      <h1>{ctx.t('initiative.dashboard')}</h1>
      <p class="lead">{ctx.t('initiative.dashLead')}</p>
      <ul>
        <li>
          {ctx.t('initiative.dash.proposed')}: <strong>{nf(ctx, sum('proposed'))}</strong>
        </li>
        <li>
          {ctx.t('initiative.dash.accepted')}: <strong>{nf(ctx, sum('accepted'))}</strong>
        </li>
        <li>
          {ctx.t('initiative.dash.pending')}: <strong>{nf(ctx, sum('pending'))}</strong>
        </li>
        <li>
          {ctx.t('initiative.dash.replicated')}: <strong>{nf(ctx, sum('replicated'))}</strong>
        </li>
      </ul>
      <h2>{ctx.t('initiative.dash.noneProposed')}</h2>
      {none.length === 0 ? (
        <p class="notice ok">{ctx.t('initiative.dash.allProposed')}</p>
      ) : (
        <ul>
          {none.map((r) => (
            <li>{r.name}</li>
          ))}
        </ul>
      )}
      <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('initiative.dashboard')}>
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('initiative.col.unit')}</th>
              <th scope="col">{ctx.t('initiative.dash.proposed')}</th>
              <th scope="col">{ctx.t('initiative.dash.accepted')}</th>
              <th scope="col">{ctx.t('initiative.dash.pending')}</th>
              <th scope="col">{ctx.t('initiative.dash.replicated')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr>
                <th scope="row">{r.name}</th>
                <td>{nf(ctx, r.proposed)}</td>
                <td>{nf(ctx, r.accepted)}</td>
                <td>{nf(ctx, r.pending)}</td>
                <td>{nf(ctx, r.replicated)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

/** Public: accepted initiatives only — title, unit, date, replications. No names, comments or files. */
export function PublicListPage(props: { ctx: ViewCtx; rows: InitiativeListRow[] }) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('initiative.public')}>
      <h1>{ctx.t('initiative.public')}</h1>
      <p class="lead">{ctx.t('initiative.publicLead')}</p>
      {props.rows.length === 0 ? (
        <p class="notice">{ctx.t('initiative.publicNone')}</p>
      ) : (
        <ul class="cards">
          {props.rows.map((r) => (
            <li class="card">
              <h2>
                <a href={`/sang-kien/${r.id}`}>{r.title}</a>
              </h2>
              <p class="muted">
                {r.unit_name} · {ctx.t('initiative.acceptedAt')} {day(r.decided_at)}
              </p>
              <p>{r.description.length > 220 ? r.description.slice(0, 220).trimEnd() + '…' : r.description}</p>
              <p class="small">{ctx.t('initiative.replicatedBy', { n: nf(ctx, r.replications) })}</p>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function PublicInitiativePage(props: {
  ctx: ViewCtx;
  initiative: InitiativeWithUnit;
  replications: Replication[];
  replicateUnits: UnitRow[];
  errors: Record<string, string>;
  values: { repUnit?: string; repDate?: string; repNote?: string };
  notice?: string;
}) {
  const { ctx, initiative: it } = props;
  return (
    <Layout ctx={ctx} title={it.title}>
      <p>
        <a href="/sang-kien">{ctx.t('initiative.backPublic')}</a>
      </p>
      <h1>{it.title}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={props.errors} labels={labels(ctx)} />
      <dl class="facts">
        <dt>{ctx.t('initiative.unit')}</dt>
        <dd>{it.unit_name}</dd>
        <dt>{ctx.t('initiative.acceptedAt')}</dt>
        <dd>{day(it.decided_at)}</dd>
      </dl>
      <h2>{ctx.t('initiative.description')}</h2>
      <Paragraphs text={it.description} />
      <h2>{ctx.t('initiative.results')}</h2>
      <Paragraphs text={it.results} />
      <h2>{ctx.t('initiative.replications')}</h2>
      <Replications ctx={ctx} rows={props.replications} notes={false} />
      {props.replicateUnits.length > 0 && <ReplicateForm ctx={ctx} action={`/sang-kien/${it.id}/nhan-rong`} units={props.replicateUnits} errors={props.errors} values={props.values} />}
    </Layout>
  );
}
