/** Pages of the generated report: choose the period and unit and download; edit the wording templates. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, FieldFrame, Layout } from '../../views/layout.js';
import { CsrfField, SelectField } from '../../views/form-parts.js';
import { PLACEHOLDER_HELP } from './report-data.js';
import { TEMPLATE_KEYS, type TemplateKey } from './report-templates.js';
import './messages-report.js';

export const REPORT_BASE = '/quan-tri/bao-cao';

export interface ReportUnitOption {
  code: string;
  label: string;
}

export function ReportPage(p: {
  ctx: ViewCtx;
  units: ReportUnitOption[];
  cityReport: boolean;
  canManage: boolean;
  from: string;
  to: string;
  unit?: string;
  errors: Record<string, string>;
}) {
  const { ctx } = p;
  const labels = { tu: ctx.t('report.from'), den: ctx.t('report.to') };
  return (
    <Layout ctx={ctx} title={ctx.t('report.title')}>
      <h1>{ctx.t('report.title')}</h1>
      <p>{p.cityReport ? ctx.t('report.lead') : ctx.t('report.unitLead')}</p>
      <ErrorSummary ctx={ctx} errors={p.errors} labels={labels} />
      <form method="get" action={`${REPORT_BASE}/bao-cao.docx`} class="stack" novalidate>
        <Field ctx={ctx} name="tu" type="date" label={labels.tu} value={p.from} required error={p.errors.tu} />
        <Field ctx={ctx} name="den" type="date" label={labels.den} value={p.to} required error={p.errors.den} />
        {p.units.length > 1 ? (
          <SelectField ctx={ctx} name="don_vi" label={ctx.t('report.unit')} options={p.units.map((u) => ({ value: u.code, label: u.label }))} value={p.unit} required />
        ) : (
          p.units[0] && <input type="hidden" name="don_vi" value={p.units[0].code} />
        )}
        <Field ctx={ctx} name="so" label={ctx.t('report.number')} hint={ctx.t('report.numberHint')} />
        <p class="actions">
          <button type="submit">{ctx.t('report.docx')}</button>{' '}
          <button type="submit" formaction={`${REPORT_BASE}/phu-luc.xlsx`} class="secondary">
            {ctx.t('report.annex')}
          </button>
        </p>
      </form>
      {p.canManage && (
        <p>
          <a href={`${REPORT_BASE}/mau`}>{ctx.t('report.templates')}</a>
        </p>
      )}
    </Layout>
  );
}

export function TemplatesPage(p: { ctx: ViewCtx; templates: Record<TemplateKey, string>; saved: boolean }) {
  const { ctx } = p;
  return (
    <Layout ctx={ctx} title={ctx.t('report.templatesTitle')}>
      <h1>{ctx.t('report.templatesTitle')}</h1>
      {p.saved && (
        <p class="notice ok" role="status">
          {ctx.t('report.saved')}
        </p>
      )}
      <p>{ctx.t('report.templatesLead')}</p>
      <details>
        <summary>{ctx.t('report.placeholders')}</summary>
        <dl>
          {PLACEHOLDER_HELP.map(([names, what]) => (
            <>
              <dt>
                <code>{names.split(', ').map((n) => `{${n}}`).join(', ')}</code>
              </dt>
              <dd>{what}</dd>
            </>
          ))}
        </dl>
      </details>
      <form method="post" action={`${REPORT_BASE}/mau`} class="stack">
        <CsrfField ctx={ctx} />
        {TEMPLATE_KEYS.map((k) => (
          <FieldFrame
            ctx={ctx}
            name={k}
            label={ctx.t(`report.tpl.${k}`)}
            required
            control={(attrs) => (
              <textarea {...attrs} name={k} rows={Math.min(16, Math.max(3, Math.ceil(p.templates[k].length / 90)))}>
                {p.templates[k]}
              </textarea>
            )}
          />
        ))}
        <p class="actions">
          <button type="submit">{ctx.t('report.save')}</button>
        </p>
      </form>
    </Layout>
  );
}
