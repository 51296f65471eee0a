/** The SCORM package library page: upload form, list of packages grouped by lineage, "upload a new version". */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { formatBytes } from './package/index.js';
import type { PackageRow } from './package-repository.js';
import './messages.js';

export interface PackagesView {
  packages: PackageRow[];
  maxBytes: number;
  canUpdateActivities: boolean;
  uploaded?: { title: string; version: number; activitiesUpdated: number };
  error?: string;
}

function date(ctx: ViewCtx, iso: string): string {
  return new Date(iso).toLocaleDateString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' });
}

function UploadForm(props: { ctx: ViewCtx; action: string; id: string; label: string; updateOption: boolean }) {
  const { ctx } = props;
  return (
    <form method="post" action={props.action} enctype="multipart/form-data">
      {/* The token comes before the file: the server checks it before reading the file (upload-reader.ts). */}
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      {props.updateOption && (
        <div class="checkbox">
          <input type="checkbox" id={`${props.id}-update`} name="updateActivities" value="1" checked />
          <label for={`${props.id}-update`}>{ctx.t('scorm.packages.updateActivities')}</label>
        </div>
      )}
      <div class="field">
        <label for={props.id}>{props.label}</label>
        <input id={props.id} name="file" type="file" required accept=".zip,application/zip" />
      </div>
      <button type="submit" class="primary">
        {ctx.t('scorm.packages.submit')}
      </button>
    </form>
  );
}

export function PackagesPage(props: { ctx: ViewCtx; view: PackagesView }) {
  const { ctx, view } = props;
  const lineages = new Map<number, PackageRow[]>();
  for (const p of view.packages) {
    const key = p.lineage_id ?? p.id;
    lineages.set(key, [...(lineages.get(key) ?? []), p]);
  }
  return (
    <Layout ctx={ctx} title={ctx.t('scorm.packages.title')}>
      <h1>{ctx.t('scorm.packages.title')}</h1>
      {view.uploaded && (
        <p class="notice ok" role="status">
          {ctx.t('scorm.packages.uploaded', { title: view.uploaded.title, version: view.uploaded.version })}
          {view.uploaded.activitiesUpdated > 0 && ` ${ctx.t('scorm.packages.activitiesUpdated', { count: view.uploaded.activitiesUpdated })}`}
        </p>
      )}
      {view.error && <ErrorSummary ctx={ctx} errors={{ _form: view.error }} labels={{}} />}
      <p class="lead">{ctx.t('scorm.packages.lead', { limit: formatBytes(view.maxBytes) })}</p>
      <h2>{ctx.t('scorm.packages.upload')}</h2>
      <UploadForm ctx={ctx} action="/quan-tri/goi-scorm" id="f-file" label={ctx.t('scorm.packages.file')} updateOption={false} />
      <h2>{ctx.t('scorm.packages.list')}</h2>
      {lineages.size === 0 && <p>{ctx.t('scorm.packages.empty')}</p>}
      {[...lineages.values()].map((versions) => {
        const latest = versions[0];
        const older = versions.slice(1);
        return (
          <section class="card" aria-labelledby={`pkg-${latest.id}`}>
            <h3 id={`pkg-${latest.id}`}>{latest.title}</h3>
            <dl class="facts">
              <dt>{ctx.t('scorm.packages.version')}</dt>
              <dd>{latest.version}</dd>
              <dt>{ctx.t('scorm.packages.standard')}</dt>
              <dd>SCORM {latest.scorm_version}</dd>
              <dt>{ctx.t('scorm.packages.files')}</dt>
              <dd>{latest.file_count}</dd>
              <dt>{ctx.t('scorm.packages.size')}</dt>
              <dd>{formatBytes(latest.total_bytes)}</dd>
              <dt>{ctx.t('scorm.packages.uploadedAt')}</dt>
              <dd>{date(ctx, latest.created_at)}</dd>
            </dl>
            {older.length > 0 && (
              <p class="muted">{ctx.t('scorm.packages.versions', { versions: older.map((o) => `${o.version} (${date(ctx, o.created_at)})`).join(', ') })}</p>
            )}
            <details>
              <summary>{ctx.t('scorm.packages.newVersion')}</summary>
              <UploadForm
                ctx={ctx}
                action={`/quan-tri/goi-scorm/${latest.id}/phien-ban-moi`}
                id={`f-file-${latest.id}`}
                label={ctx.t('scorm.packages.file')}
                updateOption={view.canUpdateActivities}
              />
            </details>
          </section>
        );
      })}
    </Layout>
  );
}
