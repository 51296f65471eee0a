/** Adding and editing an activity: first its type (a GET form, no JavaScript), then the fields of that type. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Field, Layout } from '../../views/layout.js';
import { CsrfField, SelectField } from '../../views/form-parts.js';
import { ACTIVITY_TYPES, type ActivityType } from './activity-types.js';
import type { ReferenceLists } from './reference.js';
import type { CourseRow, TopicRow } from './repository.js';
import { ChoiceGroup, CompetenceChoices } from './form-fields.js';
import './admin-messages.js';

export function ActivityTypePage(props: { ctx: ViewCtx; course: CourseRow; topicId?: number; error?: string }) {
  const { ctx, course } = props;
  return (
    <Layout ctx={ctx} title={ctx.t('authoring.addActivity')}>
      <p>
        <a href={`/quan-tri/khoa-hoc/${course.id}`}>{ctx.t('authoring.back')}</a>
      </p>
      <h1>{ctx.t('authoring.addActivity')}</h1>
      <p class="muted">{course.title}</p>
      <form method="get" action={`/quan-tri/khoa-hoc/${course.id}/hoat-dong/moi`}>
        {props.topicId && <input type="hidden" name="topic" value={String(props.topicId)} />}
        <ChoiceGroup ctx={ctx} type="radio" name="type" label={ctx.t('authoring.field.type')} values={[]} error={props.error}
          choices={ACTIVITY_TYPES.map((t) => ({ value: t, label: `${ctx.t(`activityType.${t}`)} — ${ctx.t(`authoring.typeHint.${t}`)}` }))} />
        <button type="submit" class="primary">
          {ctx.t('authoring.continue')}
        </button>
      </form>
    </Layout>
  );
}

export interface ActivityFormState {
  title?: string;
  topic?: string;
  required?: string;
  url?: string;
  minWatched?: string;
  packageId?: string;
  completion?: string;
  silentSco?: string;
  competences?: string[];
}

export function ActivityFormPage(props: {
  ctx: ViewCtx;
  course: CourseRow;
  type: ActivityType;
  activityId?: number;
  topics: TopicRow[];
  packages: Array<{ id: number; title: string; version: number }>;
  ref: ReferenceLists;
  values: ActivityFormState;
  errors: Record<string, string>;
}) {
  const { ctx, course, type, values: v, errors: e } = props;
  const labels: Record<string, string> = {
    title: ctx.t('authoring.field.activityTitle'),
    topic: ctx.t('authoring.field.topic'),
    url: ctx.t(`authoring.field.url.${type}`),
    minWatched: ctx.t('authoring.field.minWatched'),
    packageId: ctx.t('authoring.field.package'),
    completion: ctx.t('authoring.field.completion'),
    silentSco: ctx.t('authoring.field.silentSco'),
    competences: ctx.t('course.competences'),
  };
  const heading = ctx.t(props.activityId ? 'authoring.editActivity' : 'authoring.newActivity', { type: ctx.t(`activityType.${type}`) });
  const action = `/quan-tri/khoa-hoc/${course.id}/hoat-dong${props.activityId ? `/${props.activityId}` : ''}`;
  return (
    <Layout ctx={ctx} title={heading}>
      <p>
        <a href={`/quan-tri/khoa-hoc/${course.id}`}>{ctx.t('authoring.back')}</a>
      </p>
      <h1>{heading}</h1>
      <p class="muted">{course.title}</p>
      <ErrorSummary ctx={ctx} errors={e} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        {!props.activityId && <input type="hidden" name="type" value={type} />}
        <Field ctx={ctx} name="title" label={labels.title} value={v.title} error={e.title} required />
        <SelectField ctx={ctx} name="topic" label={labels.topic} value={v.topic} error={e.topic} required
          options={props.topics.map((t, i) => ({ value: String(t.id), label: ctx.t('course.topicN', { n: i + 1, title: t.title }) }))} />
        {(type === 'video' || type === 'document' || type === 'link') && (
          <Field ctx={ctx} name="url" label={labels.url} value={v.url} error={e.url} required inputMode="url" hint={ctx.t(`authoring.hint.url.${type}`)} />
        )}
        {type === 'video' && (
          <Field ctx={ctx} name="minWatched" type="number" label={labels.minWatched} value={v.minWatched ?? '90'} error={e.minWatched} required inputMode="numeric" hint={ctx.t('authoring.hint.minWatched')} />
        )}
        {type === 'scorm' && (
          <>
            {props.packages.length === 0 && <p class="notice">{ctx.t('authoring.noPackages')}</p>}
            <SelectField ctx={ctx} name="packageId" label={labels.packageId} value={v.packageId} error={e.packageId} required emptyLabel={ctx.t('authoring.choosePackage')}
              hint={ctx.t('authoring.hint.package')}
              options={props.packages.map((p) => ({ value: String(p.id), label: ctx.t('authoring.packageOption', { title: p.title, version: p.version }) }))} />
            <ChoiceGroup ctx={ctx} type="radio" name="completion" label={labels.completion} values={[v.completion ?? 'completed']} error={e.completion}
              choices={['completed', 'passed'].map((c) => ({ value: c, label: ctx.t(`authoring.completion.${c}`) }))} />
            <ChoiceGroup ctx={ctx} type="radio" name="silentSco" label={labels.silentSco} values={[v.silentSco ?? 'viewed']} error={e.silentSco}
              hint={ctx.t('authoring.hint.silentSco')}
              choices={['viewed', 'never'].map((c) => ({ value: c, label: ctx.t(`authoring.silentSco.${c}`) }))} />
          </>
        )}
        {type === 'quiz' && <p class="notice">{ctx.t('authoring.quizPlaceholder')}</p>}
        <div class="checkbox">
          <input type="checkbox" id="f-required" name="required" value="1" checked={v.required === '1'} aria-describedby="f-required-hint" />
          <label for="f-required">{ctx.t('authoring.field.required')}</label>
        </div>
        <p class="hint" id="f-required-hint">
          {ctx.t(type === 'quiz' ? 'authoring.hint.requiredQuiz' : 'authoring.hint.required')}
        </p>
        <CompetenceChoices ctx={ctx} ref={props.ref} values={v.competences ?? []} error={e.competences} />
        <button type="submit" class="primary">
          {ctx.t(props.activityId ? 'authoring.save' : 'authoring.addActivity')}
        </button>
      </form>
    </Layout>
  );
}

/** The form state of a stored activity (edit page). */
export function activityFormState(a: { title: string; topic_id: number; required: number; settings: string }, competences: string[]): ActivityFormState {
  const s = JSON.parse(a.settings) as Record<string, unknown>;
  return {
    title: a.title,
    topic: String(a.topic_id),
    required: a.required ? '1' : undefined,
    url: typeof s.url === 'string' ? s.url : undefined,
    minWatched: typeof s.minWatchedShare === 'number' ? String(Math.round(s.minWatchedShare * 100)) : undefined,
    packageId: s.packageId ? String(s.packageId) : undefined,
    completion: typeof s.completion === 'string' ? s.completion : undefined,
    silentSco: typeof s.silentSco === 'string' ? s.silentSco : undefined,
    competences,
  };
}
