/** The enrolment page: choose a course, then enrol by filter (preview, confirm) or from an .xlsx file. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { CsrfField, SelectField } from '../../views/form-parts.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import type { ImportIssue } from '../people/import-rows.js';
import { ImportIssues } from '../people/import-views.js';
import '../people/import-messages.js';
import '../people/messages.js';
import type { EnrolCourse, EnrolOutcome, SelectionCounts } from './repository.js';
import type { EnrolFilter } from './service.js';
import './messages.js';

const fmt = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export interface EnrolView {
  courses: EnrolCourse[];
  course?: EnrolCourse;
  units: UnitRow[];
  filter: EnrolFilter;
  preview?: SelectionCounts;
  done?: EnrolOutcome;
  /** A refusal of the whole file or form, already in the reader's language. */
  error?: string;
  failure?: { issues: ImportIssue[]; issueCount: number; badRows: number; reportId: string };
  ignoredColumns?: string[];
  maxRows: number;
}

function Done({ ctx, course, done }: { ctx: ViewCtx; course: EnrolCourse; done: EnrolOutcome }) {
  return (
    <div class="notice ok" role="status">
      <p>{ctx.t('enrol.done', { enrolled: fmt(ctx, done.enrolled), course: course.title })}</p>
      {done.reactivated > 0 && <p>{ctx.t('enrol.doneReactivated', { count: fmt(ctx, done.reactivated) })}</p>}
      {done.skipped > 0 && <p>{ctx.t('enrol.doneSkipped', { count: fmt(ctx, done.skipped) })}</p>}
    </div>
  );
}

function Preview({ ctx, course, filter, counts }: { ctx: ViewCtx; course: EnrolCourse; filter: EnrolFilter; counts: SelectionCounts }) {
  const fresh = counts.matched - counts.enrolled - counts.left;
  const toEnrol = fresh + counts.left;
  return (
    <section class="notice" aria-labelledby="preview-title">
      <h3 id="preview-title">{ctx.t('enrol.previewTitle')}</h3>
      <p role="status">{ctx.t('enrol.previewMatched', { count: fmt(ctx, counts.matched) })}</p>
      <ul>
        <li>{ctx.t('enrol.previewNew', { count: fmt(ctx, fresh) })}</li>
        {counts.left > 0 && <li>{ctx.t('enrol.previewLeft', { count: fmt(ctx, counts.left) })}</li>}
        <li>{ctx.t('enrol.previewSkipped', { count: fmt(ctx, counts.enrolled) })}</li>
      </ul>
      {toEnrol === 0 ? (
        <p>{ctx.t('enrol.previewNothing')}</p>
      ) : (
        <form method="post" action="/quan-tri/ghi-danh">
          <CsrfField ctx={ctx} />
          <input type="hidden" name="course" value={String(course.id)} />
          <input type="hidden" name="unit" value={filter.unit ?? ''} />
          <input type="hidden" name="group" value={filter.group ?? ''} />
          <button type="submit" class="primary">
            {ctx.t('enrol.confirm', { count: fmt(ctx, toEnrol) })}
          </button>
        </form>
      )}
    </section>
  );
}

export function EnrolPage({ ctx, view }: { ctx: ViewCtx; view: EnrolView }) {
  const { course } = view;
  const summary = view.error ?? (view.failure ? ctx.t('enrol.failed', { count: fmt(ctx, view.failure.issueCount), rows: fmt(ctx, view.failure.badRows) }) : undefined);
  const audience = course?.audience ? course.audience.split(',').filter(Boolean) : [];
  return (
    <Layout ctx={ctx} title={ctx.t('enrol.title')}>
      <h1>{ctx.t('enrol.title')}</h1>
      <p class="lead">{ctx.t('enrol.lead')}</p>
      {course && view.done && <Done ctx={ctx} course={course} done={view.done} />}
      {summary && <ErrorSummary ctx={ctx} errors={{ _form: summary }} labels={{}} />}

      <h2>{ctx.t('enrol.step1')}</h2>
      {view.courses.length === 0 ? (
        <p>{ctx.t('enrol.noCourses')}</p>
      ) : (
        <form method="get" action="/quan-tri/ghi-danh" class="filters">
          <SelectField
            ctx={ctx}
            name="course"
            label={ctx.t('enrol.course')}
            options={view.courses.map((c) => ({ value: String(c.id), label: c.title }))}
            value={course ? String(course.id) : undefined}
            required
            emptyLabel={ctx.t('enrol.courseChoose')}
          />
          <button type="submit" class="primary">
            {ctx.t('enrol.courseSubmit')}
          </button>
        </form>
      )}
      {course && (
        <>
          <p>
            <strong>{course.title}</strong> — {ctx.t(`enrol.kind.${course.enrolment}`)}.{' '}
            {audience.length ? ctx.t('enrol.audience', { groups: audience.map((g) => ctx.t(`targetGroup.${g}`)).join(', ') }) : ctx.t('enrol.audienceAll')}
          </p>

          <h2>{ctx.t('enrol.step2')}</h2>
          <p>{ctx.t('enrol.step2Lead')}</p>
          <form method="get" action="/quan-tri/ghi-danh" class="filters">
            <input type="hidden" name="course" value={String(course.id)} />
            <input type="hidden" name="preview" value="1" />
            <UnitSelect ctx={ctx} units={view.units} name="unit" label={ctx.t('enrol.unit')} value={view.filter.unit} emptyLabel={ctx.t('enrol.unitAll')} />
            <SelectField
              ctx={ctx}
              name="group"
              label={ctx.t('enrol.group')}
              options={TARGET_GROUPS.map((g) => ({ value: g, label: ctx.t(`targetGroup.${g}`) }))}
              value={view.filter.group}
              emptyLabel={ctx.t('enrol.groupAll')}
            />
            <button type="submit" class="primary">
              {ctx.t('enrol.preview')}
            </button>
          </form>
          {view.preview && <Preview ctx={ctx} course={course} filter={view.filter} counts={view.preview} />}

          <h2>{ctx.t('enrol.step3')}</h2>
          <p>{ctx.t('enrol.fileLead')}</p>
          <p>{ctx.t('enrol.fileAllOrNothing')}</p>
          <p>
            <a href="/quan-tri/ghi-danh/mau.xlsx">{ctx.t('enrol.template')}</a>
          </p>
          {view.ignoredColumns && view.ignoredColumns.length > 0 && (
            <p class="notice">{ctx.t('import.ignoredColumns', { columns: view.ignoredColumns.join(', ') })}</p>
          )}
          {view.failure && <ImportIssues ctx={ctx} failure={view.failure} reportHref={`/quan-tri/ghi-danh/bao-cao/${view.failure.reportId}`} heading="h3" />}
          <form method="post" action={`/quan-tri/ghi-danh/nhap?course=${course.id}`} enctype="multipart/form-data">
            {/* The token must come before the file: the server checks it before reading the file (people/upload.ts). */}
            <CsrfField ctx={ctx} />
            <div class="field">
              <label for="f-file">{ctx.t('enrol.file')}</label>
              <p class="hint" id="f-file-hint">
                {ctx.t('import.limits', { max: fmt(ctx, view.maxRows) })}
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
              {ctx.t('enrol.fileSubmit')}
            </button>
          </form>
        </>
      )}
    </Layout>
  );
}
