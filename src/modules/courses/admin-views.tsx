/** Authoring pages: the courses in the manager's scope and the course form (create and edit). */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField, formatDateTime, type SelectOption } from '../../views/form-parts.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import type { ReferenceLists } from './reference.js';
import type { CourseRow } from './repository.js';
import { COURSE_STATUSES, DESCRIPTION_MAX, ENROLMENT_MODES, TITLE_MAX } from './course-input.js';
import { ChoiceGroup, CompetenceChoices, TextArea } from './form-fields.js';
import { Pager } from './view-parts.js';
import './admin-messages.js';

export function CourseListPage(props: {
  ctx: ViewCtx;
  rows: Array<CourseRow & { activity_count: number }>;
  total: number;
  page: number;
  pages: number;
  notice?: string;
}) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('authoring.title')}>
      <h1>{ctx.t('authoring.title')}</h1>
      <p class="lead">{ctx.t('authoring.lead')}</p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <p>
        <a class="button" href="/quan-tri/khoa-hoc/moi">
          {ctx.t('authoring.new')}
        </a>
      </p>
      <p class="muted">{ctx.t('authoring.count', { count: props.total })}</p>
      {props.rows.length === 0 ? (
        <p>{ctx.t('authoring.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('authoring.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('authoring.col.title')}</th>
                <th scope="col">{ctx.t('authoring.col.host')}</th>
                <th scope="col">{ctx.t('authoring.col.status')}</th>
                <th scope="col">{ctx.t('authoring.col.enrolment')}</th>
                <th scope="col">{ctx.t('authoring.col.activities')}</th>
                <th scope="col">{ctx.t('authoring.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`/quan-tri/khoa-hoc/${c.id}`}>{c.title}</a>
                  </th>
                  <td>{c.host_name}</td>
                  <td>{ctx.t(`courseStatus.${c.status}`)}</td>
                  <td>{ctx.t(`enrolment.${c.enrolment}`)}</td>
                  <td>{c.activity_count}</td>
                  <td class="nowrap">{formatDateTime(c.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager ctx={ctx} page={props.page} pages={props.pages} href={(p) => `/quan-tri/khoa-hoc?page=${p}`} />
    </Layout>
  );
}

export interface CourseFormState {
  title?: string;
  description?: string;
  hostUnit?: string;
  enrolment?: string;
  status?: string;
  audience?: string[];
  competences?: string[];
  themes?: string[];
}

export function CourseFormPage(props: {
  ctx: ViewCtx;
  course?: CourseRow;
  units: SelectOption[];
  ref: ReferenceLists;
  values: CourseFormState;
  errors: Record<string, string>;
}) {
  const { ctx, values: v, errors: e, course, ref } = props;
  const labels: Record<string, string> = {
    title: ctx.t('authoring.field.title'),
    description: ctx.t('authoring.field.description'),
    hostUnit: ctx.t('authoring.field.hostUnit'),
    enrolment: ctx.t('authoring.field.enrolment'),
    status: ctx.t('authoring.field.status'),
    audience: ctx.t('course.audience'),
    themes: ctx.t('course.themes'),
    competences: ctx.t('course.competences'),
  };
  const title = course ? ctx.t('authoring.editTitle', { title: course.title }) : ctx.t('authoring.new');
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={course ? `/quan-tri/khoa-hoc/${course.id}` : '/quan-tri/khoa-hoc'}>{ctx.t('authoring.back')}</a>
      </p>
      <h1>{title}</h1>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={course ? `/quan-tri/khoa-hoc/${course.id}/sua` : '/quan-tri/khoa-hoc'} novalidate>
        <CsrfField ctx={ctx} />
        <Field ctx={ctx} name="title" label={labels.title} value={v.title} error={e.title} required hint={ctx.t('authoring.hint.title', { max: TITLE_MAX })} />
        <TextArea ctx={ctx} name="description" label={labels.description} value={v.description} error={e.description} maxLength={DESCRIPTION_MAX} hint={ctx.t('authoring.hint.description')} />
        <SelectField ctx={ctx} name="hostUnit" label={labels.hostUnit} options={props.units} value={v.hostUnit} error={e.hostUnit} required hint={ctx.t('authoring.hint.hostUnit')} emptyLabel={ctx.t('authoring.chooseUnit')} />
        <ChoiceGroup ctx={ctx} type="radio" name="enrolment" label={labels.enrolment} values={[v.enrolment ?? 'open']} error={e.enrolment}
          choices={ENROLMENT_MODES.map((m) => ({ value: m, label: ctx.t(`enrolment.${m}.long`) }))} />
        <ChoiceGroup ctx={ctx} type="checkbox" name="audience" label={labels.audience} values={v.audience ?? []} error={e.audience} optional hint={ctx.t('authoring.hint.audience')}
          choices={TARGET_GROUPS.map((g) => ({ value: g, label: ctx.t(`targetGroup.${g}`) }))} />
        <ChoiceGroup ctx={ctx} type="checkbox" name="themes" label={labels.themes} values={v.themes ?? []} error={e.themes} optional
          choices={ref.themes.map((t) => ({ value: String(t.id), label: t.name[ctx.lang] }))} />
        <CompetenceChoices ctx={ctx} ref={ref} values={v.competences ?? []} error={e.competences} hint={ctx.t('authoring.hint.competences')} />
        <ChoiceGroup ctx={ctx} type="radio" name="status" label={labels.status} values={[v.status ?? 'draft']} error={e.status} hint={ctx.t('authoring.hint.status')}
          choices={COURSE_STATUSES.map((s) => ({ value: s, label: ctx.t(`courseStatus.${s}`) }))} />
        <button type="submit" class="primary">
          {ctx.t(course ? 'authoring.save' : 'authoring.create')}
        </button>
      </form>
    </Layout>
  );
}

/** The form state of a stored course (edit page). */
export function courseFormState(course: CourseRow, tags: Array<{ kind: string; code: string }>): CourseFormState {
  return {
    title: course.title,
    description: course.description,
    hostUnit: course.host_code,
    enrolment: course.enrolment,
    status: course.status,
    audience: course.audience.split(',').filter(Boolean),
    competences: tags.filter((t) => t.kind === 'competence').map((t) => t.code),
    themes: tags.filter((t) => t.kind === 'theme').map((t) => t.code),
  };
}
