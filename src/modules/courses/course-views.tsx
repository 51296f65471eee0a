/** A course's page: description, joining or leaving, progress, topics with their activities, competences. */
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import { CsrfField } from '../../views/form-parts.js';
import type { OutlineData } from './catalogue.js';
import type { Access, Overall } from './learner-service.js';
import { audienceText } from './catalogue-views.js';
import { ActivityStatus, Paragraphs, ProgressBar, Tags, fmtDate, isComingSoon } from './view-parts.js';
import { isDone } from './progress.js';
import './messages.js';

export interface CoursePageProps {
  ctx: ViewCtx;
  outline: OutlineData;
  access: Access;
  progress: Map<number, { status: string; progress: number | null }>;
  overall: Overall;
  notice?: string;
  /** The activity to go on with: the first required one not done yet (then any not done), coming-soon quizzes aside. */
  next?: { id: number; title: string };
}

export function nextActivity(outline: OutlineData, progress: CoursePageProps['progress']): { id: number; title: string } | undefined {
  const soon = new Set(outline.activities.filter(isComingSoon).map((a) => a.id));
  const all = outline.dto.topics.flatMap((t) => t.activities).filter((a) => !soon.has(a.id) && !isDone(progress.get(a.id)?.status));
  return all.find((a) => a.required) ?? all[0];
}

function EnrolBox(props: CoursePageProps) {
  const { ctx, access, overall } = props;
  const { course, enrolment } = access;
  const base = `/khoa-hoc/${course.slug}`;
  if (access.learning && enrolment) {
    const completed = enrolment.status === 'completed';
    return (
      <section class="enrol-box" aria-labelledby="tien-do">
        <h2 id="tien-do">{ctx.t('course.yourProgress')}</h2>
        <ProgressBar ctx={ctx} percent={overall.percent} label={ctx.t('course.yourProgress')} detail={ctx.t('course.doneOf', { done: overall.done, total: overall.total })} />
        {completed && <p class="notice ok">{ctx.t('course.completedOn', { date: fmtDate(ctx, enrolment.completed_at) })}</p>}
        {course.enrolment === 'assigned' && <p class="badge">{ctx.t('course.assigned')}</p>}
        {!completed && props.next && (
          <p>
            <a class="button" href={`/hoc-tap/hoat-dong/${props.next.id}`}>
              {ctx.t(overall.done ? 'course.continue' : 'course.start')}
            </a>{' '}
            <span class="small">{props.next.title}</span>
          </p>
        )}
        {!completed && course.enrolment === 'open' && (
          <form method="post" action={`${base}/roi`} class="leave-form">
            <CsrfField ctx={ctx} />
            <button type="submit" class="link-button" aria-describedby="leave-hint">
              {ctx.t('course.leave')}
            </button>
            <p class="hint" id="leave-hint">
              {ctx.t('course.leaveHint')}
            </p>
          </form>
        )}
      </section>
    );
  }
  if (course.status !== 'published') return null;
  if (course.enrolment === 'assigned') return <p class="badge">{ctx.t('course.assigned')}</p>;
  if (!ctx.actor) {
    return (
      <p>
        <a class="button" href={`/dang-nhap?next=${encodeURIComponent(base)}`}>
          {ctx.t('course.signInToJoin')}
        </a>
      </p>
    );
  }
  return <JoinForm ctx={ctx} slug={course.slug} leftAt={enrolment?.status === 'left' ? enrolment.left_at : null} />;
}

export function JoinForm(props: { ctx: ViewCtx; slug: string; leftAt?: string | null; next?: string }) {
  const { ctx } = props;
  return (
    <form method="post" action={`/khoa-hoc/${props.slug}/tham-gia`} class="enrol-box">
      <CsrfField ctx={ctx} />
      {props.next && <input type="hidden" name="next" value={props.next} />}
      {props.leftAt && <p>{ctx.t('course.leftOn', { date: fmtDate(ctx, props.leftAt) })}</p>}
      <button type="submit" class="primary">
        {ctx.t(props.leftAt ? 'course.rejoin' : 'course.join')}
      </button>
    </form>
  );
}

export function CoursePage(props: CoursePageProps) {
  const { ctx, outline, access, progress } = props;
  const { dto } = outline;
  const canOpen = access.learning || access.manager;
  const comingSoon = new Set(outline.activities.filter(isComingSoon).map((a) => a.id));
  return (
    <Layout ctx={ctx} title={dto.title}>
      <p>
        <a href="/khoa-hoc">{ctx.t('course.backToCatalogue')}</a>
      </p>
      {props.notice && (
        <p class="notice ok" role="status">
          {props.notice}
        </p>
      )}
      {dto.status !== 'published' && <p class="notice">{ctx.t(`course.statusNotice.${dto.status}`)}</p>}
      <h1>{dto.title}</h1>
      <p class="muted">
        {ctx.t('course.host')}: {dto.host.name} · {ctx.t('course.audience')}: {audienceText(ctx, dto.audience)}
      </p>
      <Tags label={ctx.t('course.themes')} items={dto.themes.map((t) => t.name)} />
      <div class="description">
        <Paragraphs text={dto.description} />
      </div>
      <EnrolBox {...props} />
      {access.manager && (
        <p>
          <a href={`/quan-tri/khoa-hoc/${access.course.id}`}>{ctx.t('course.manage')}</a>
        </p>
      )}
      <h2>{ctx.t('course.content')}</h2>
      {dto.topics.length === 0 && <p>{ctx.t('course.noContent')}</p>}
      {dto.topics.map((topic, i) => (
        <section class="topic" aria-labelledby={`chuyen-de-${i + 1}`}>
          <h3 id={`chuyen-de-${i + 1}`}>{ctx.t('course.topicN', { n: i + 1, title: topic.title })}</h3>
          <ol class="activity-list">
            {topic.activities.map((a) => (
              <li>
                {canOpen ? <a href={`/hoc-tap/hoat-dong/${a.id}`}>{a.title}</a> : <span class="activity-title">{a.title}</span>}
                <span class="activity-meta muted small">
                  {ctx.t(`activityType.${a.type}`)} · {ctx.t(a.required ? 'activity.required' : 'activity.optional')}
                </span>
                {access.learning && <ActivityStatus ctx={ctx} type={a.type} progress={progress.get(a.id)} comingSoon={comingSoon.has(a.id)} />}
              </li>
            ))}
          </ol>
        </section>
      ))}
      {dto.competences.length > 0 && (
        <>
          <h2>{ctx.t('course.competences')}</h2>
          <Tags label={ctx.t('course.competences')} items={dto.competences.map((c) => `${c.code} ${c.name}`)} />
        </>
      )}
    </Layout>
  );
}
