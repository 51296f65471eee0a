/** The import page: instructions, template link, upload form (multipart, works without JavaScript), results. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import type { ImportIssue } from './import-rows.js';
import { columnLabel, issueMessage } from './xlsx-write.js';
import { number } from './views.js';
import './import-messages.js';

/** Issues shown on the page; the downloadable report has all of them. */
export const ISSUES_ON_PAGE = 200;

export interface ImportView {
  imported?: number;
  /** A refusal of the whole file, already in the reader's language. */
  fileError?: string;
  failure?: { issues: ImportIssue[]; issueCount: number; badRows: number; reportId: string };
  ignoredColumns?: string[];
}

export interface ImportFailure {
  issues: ImportIssue[];
  issueCount: number;
  reportId: string;
}

/** The per-row problems of a refused .xlsx import, with the link to the full report (.xlsx). */
export function ImportIssues(props: { ctx: ViewCtx; failure: ImportFailure; reportHref: string; heading?: 'h2' | 'h3' }) {
  const { ctx, failure } = props;
  const shown = failure.issues.slice(0, ISSUES_ON_PAGE);
  const Heading = props.heading ?? 'h2';
  return (
    <section aria-labelledby="issues-title">
      <Heading id="issues-title">{ctx.t('import.issues')}</Heading>
      <p class="actions">
        <a class="button" href={props.reportHref}>
          {ctx.t('import.report')}
        </a>
      </p>
      {failure.issueCount > shown.length && (
        <p>
          {ctx.t('import.reportShown', { shown: number(ctx, shown.length) })}
          {failure.issueCount > failure.issues.length && ` ${ctx.t('import.reportCapped', { count: number(ctx, failure.issues.length) })}`}
        </p>
      )}
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="issues-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('import.col.row')}</th>
              <th scope="col">{ctx.t('import.col.column')}</th>
              <th scope="col">{ctx.t('import.col.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((issue) => (
              <tr>
                <td>{issue.row}</td>
                <td>{columnLabel(issue, ctx.t)}</td>
                <td>{issueMessage(issue, ctx.t)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function ImportPage(props: { ctx: ViewCtx; maxRows: number; view: ImportView }) {
  const { ctx, view } = props;
  const summary = view.fileError
    ? view.fileError
    : view.failure
      ? ctx.t('import.failed', { count: number(ctx, view.failure.issueCount), rows: number(ctx, view.failure.badRows) })
      : undefined;
  return (
    <Layout ctx={ctx} title={ctx.t('import.title')}>
      <p>
        <a href="/quan-tri/nguoi-dung">{ctx.t('import.backToList')}</a>
      </p>
      <h1>{ctx.t('import.title')}</h1>
      {view.imported !== undefined && (
        <p class="notice ok" role="status">
          {ctx.t('import.done', { count: number(ctx, view.imported) })}
        </p>
      )}
      {summary && <ErrorSummary ctx={ctx} errors={{ _form: summary }} labels={{}} />}
      {view.ignoredColumns && view.ignoredColumns.length > 0 && (
        <p class="notice">{ctx.t('import.ignoredColumns', { columns: view.ignoredColumns.join(', ') })}</p>
      )}
      {view.failure && <ImportIssues ctx={ctx} failure={view.failure} reportHref={`/quan-tri/nguoi-dung/nhap/bao-cao/${view.failure.reportId}`} />}
      <p class="lead">{ctx.t('import.lead')}</p>
      <h2>{ctx.t('import.how')}</h2>
      <ol>
        <li>
          {ctx.t('import.step1')} <a href="/quan-tri/nguoi-dung/mau-nhap.xlsx">{ctx.t('import.template')}</a>
        </li>
        <li>{ctx.t('import.step2')}</li>
        <li>{ctx.t('import.step3')}</li>
        <li>{ctx.t('import.step4')}</li>
      </ol>
      <p class="notice">{ctx.t('import.activation')}</p>
      <form method="post" action="/quan-tri/nguoi-dung/nhap" enctype="multipart/form-data">
        {/* The token must come before the file: the server checks it before reading the file (see upload.ts). */}
        <input type="hidden" name="_csrf" value={ctx.csrfToken} />
        <div class="field">
          <label for="f-file">{ctx.t('import.file')}</label>
          <p class="hint" id="f-file-hint">
            {ctx.t('import.limits', { max: number(ctx, props.maxRows) })}
          </p>
          <input
            id="f-file"
            name="file"
            type="file"
            required
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-describedby="f-file-hint"
          />
        </div>
        <button type="submit" class="primary">
          {ctx.t('import.submit')}
        </button>
      </form>
    </Layout>
  );
}
