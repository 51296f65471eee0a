/** The authoring page of one course: its facts, then topics in order with their activities, each with its actions. */
import type { ViewCtx } from '../../views/render.js';
import { ErrorSummary, Layout } from '../../views/layout.js';
import { CsrfField, formatDateTime } from '../../views/form-parts.js';
import type { ActivityRow, CourseRow, TopicRow } from './repository.js';
import { audienceText } from './catalogue-views.js';
import { audienceList } from './course-input.js';
import './admin-messages.js';

export interface OutlinePageProps {
  ctx: ViewCtx;
  course: CourseRow;
  topics: TopicRow[];
  activities: ActivityRow[];
  activityTags: Map<number, string[]>;
  notice?: string;
  errors?: Record<string, string>;
  values?: Record<string, string>;
}

function PostButton(p: { ctx: ViewCtx; action: string; label: string; aria: string; name?: string; value?: string; danger?: boolean }) {
  return (
    <form method="post" action={p.action} class="inline-form">
      <CsrfField ctx={p.ctx} />
      {p.name && <input type="hidden" name={p.name} value={p.value} />}
      <button type="submit" class={p.danger ? 'small-button danger' : 'small-button'} aria-label={p.aria}>
        {p.label}
      </button>
    </form>
  );
}

function ActivityItem(p: { ctx: ViewCtx; course: CourseRow; a: ActivityRow; first: boolean; last: boolean; tags: string[] }) {
  const { ctx, a } = p;
  const base = `/quan-tri/khoa-hoc/${p.course.id}/hoat-dong/${a.id}`;
  return (
    <li class="outline-activity">
      <span class="activity-title">{a.title}</span>
      <span class="activity-meta muted small">
        {ctx.t(`activityType.${a.type}`)} · {ctx.t(a.required ? 'activity.required' : 'activity.optional')}
        {p.tags.length > 0 && ` · ${ctx.t('course.competences')}: ${p.tags.join(', ')}`}
      </span>
      <div class="row-actions">
        <a href={base} aria-label={ctx.t('authoring.editActivityLabel', { title: a.title })}>
          {ctx.t('authoring.edit')}
        </a>
        {!p.first && <PostButton ctx={ctx} action={`${base}/di-chuyen`} name="direction" value="up" label={ctx.t('authoring.up')} aria={ctx.t('authoring.upLabel', { title: a.title })} />}
        {!p.last && <PostButton ctx={ctx} action={`${base}/di-chuyen`} name="direction" value="down" label={ctx.t('authoring.down')} aria={ctx.t('authoring.downLabel', { title: a.title })} />}
        <PostButton ctx={ctx} action={`${base}/xoa`} label={ctx.t('authoring.remove')} aria={ctx.t('authoring.removeLabel', { title: a.title })} danger />
      </div>
    </li>
  );
}

function TopicSection(p: OutlinePageProps & { topic: TopicRow; index: number }) {
  const { ctx, course, topic, index } = p;
  const base = `/quan-tri/khoa-hoc/${course.id}/chuyen-de/${topic.id}`;
  const items = p.activities.filter((a) => a.topic_id === topic.id);
  const errorKey = `topic-${topic.id}`;
  const error = p.errors?.[errorKey];
  return (
    <section class="outline-topic" aria-labelledby={`cd-${topic.id}`}>
      <h3 id={`cd-${topic.id}`}>{ctx.t('course.topicN', { n: index + 1, title: topic.title })}</h3>
      <form method="post" action={base} class={error ? 'rename-form field-error' : 'rename-form'}>
        <CsrfField ctx={ctx} />
        <label for={`f-${errorKey}`}>{ctx.t('authoring.topicName')}</label>
        {error && (
          <p class="error-text" id={`f-${errorKey}-error`}>
            {error}
          </p>
        )}
        <div class="input-row">
          <input id={`f-${errorKey}`} name="title" type="text" value={p.values?.[errorKey] ?? topic.title} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `f-${errorKey}-error` : undefined} />
          <button type="submit" class="small-button">
            {ctx.t('authoring.rename')}
          </button>
        </div>
      </form>
      <div class="row-actions">
        {index > 0 && <PostButton ctx={ctx} action={`${base}/di-chuyen`} name="direction" value="up" label={ctx.t('authoring.up')} aria={ctx.t('authoring.upLabel', { title: topic.title })} />}
        {index < p.topics.length - 1 && (
          <PostButton ctx={ctx} action={`${base}/di-chuyen`} name="direction" value="down" label={ctx.t('authoring.down')} aria={ctx.t('authoring.downLabel', { title: topic.title })} />
        )}
        {items.length === 0 && <PostButton ctx={ctx} action={`${base}/xoa`} label={ctx.t('authoring.removeTopic')} aria={ctx.t('authoring.removeTopicLabel', { title: topic.title })} danger />}
      </div>
      {items.length === 0 ? (
        <p class="muted">{ctx.t('authoring.noActivities')}</p>
      ) : (
        <ol class="activity-list">
          {items.map((a, i) => (
            <ActivityItem ctx={ctx} course={course} a={a} first={i === 0} last={i === items.length - 1} tags={p.activityTags.get(a.id) ?? []} />
          ))}
        </ol>
      )}
      <p>
        <a class="button secondary" href={`/quan-tri/khoa-hoc/${course.id}/hoat-dong/moi?topic=${topic.id}`}>
          {ctx.t('authoring.addActivity')}
        </a>
      </p>
    </section>
  );
}

export function CourseOutlinePage(props: OutlinePageProps) {
  const { ctx, course } = props;
  const errors = props.errors ?? {};
  const labels = Object.fromEntries(props.topics.map((t, i) => [`topic-${t.id}`, ctx.t('course.topicN', { n: i + 1, title: t.title })]));
  labels.title = ctx.t('authoring.newTopic');
  return (
    <Layout ctx={ctx} title={course.title}>
      <p>
        <a href="/quan-tri/khoa-hoc">{ctx.t('authoring.backToList')}</a>
      </p>
      <h1>{course.title}</h1>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <dl class="facts">
        <dt>{ctx.t('authoring.field.status')}</dt>
        <dd>{ctx.t(`courseStatus.${course.status}`)}</dd>
        <dt>{ctx.t('authoring.field.hostUnit')}</dt>
        <dd>{course.host_name}</dd>
        <dt>{ctx.t('authoring.field.enrolment')}</dt>
        <dd>{ctx.t(`enrolment.${course.enrolment}`)}</dd>
        <dt>{ctx.t('course.audience')}</dt>
        <dd>{audienceText(ctx, audienceList(course.audience))}</dd>
        <dt>{ctx.t('authoring.col.updated')}</dt>
        <dd>{formatDateTime(course.updated_at)}</dd>
      </dl>
      <div class="actions">
        <a class="button" href={`/quan-tri/khoa-hoc/${course.id}/sua`}>
          {ctx.t('authoring.editDetails')}
        </a>
        <a class="button secondary" href={`/khoa-hoc/${course.slug}`}>
          {ctx.t('authoring.viewPage')}
        </a>
      </div>
      <h2>{ctx.t('authoring.outline')}</h2>
      {props.topics.length === 0 && <p>{ctx.t('authoring.noTopics')}</p>}
      {props.topics.map((topic, index) => (
        <TopicSection {...props} topic={topic} index={index} />
      ))}
      <section aria-labelledby="them-chuyen-de" class="outline-topic">
        <h3 id="them-chuyen-de">{ctx.t('authoring.newTopic')}</h3>
        <form method="post" action={`/quan-tri/khoa-hoc/${course.id}/chuyen-de`} class={errors.title ? 'rename-form field-error' : 'rename-form'}>
          <CsrfField ctx={ctx} />
          <label for="f-title">{ctx.t('authoring.topicName')}</label>
          {errors.title && (
            <p class="error-text" id="f-title-error">
              {errors.title}
            </p>
          )}
          <div class="input-row">
            <input id="f-title" name="title" type="text" value={props.values?.title ?? ''} aria-invalid={errors.title ? 'true' : undefined} aria-describedby={errors.title ? 'f-title-error' : undefined} />
            <button type="submit" class="primary">
              {ctx.t('authoring.addTopic')}
            </button>
          </div>
        </form>
      </section>
    </Layout>
  );
}
