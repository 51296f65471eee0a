/** One activity: a video with its progress script, a document or link opened through the site, a quiz to come. */
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import type { ActivityRow } from './repository.js';
import type { Access } from './learner-service.js';
import { minWatchedOf } from './activity-input.js';
import { JoinForm } from './course-views.js';
import { VIDEO_SCRIPT } from './video-tracker.js';
import { activityStatusText } from './view-parts.js';
import './messages.js';

export interface ActivityPageProps {
  ctx: ViewCtx;
  access: Access;
  activity: ActivityRow;
  settings: Record<string, unknown>;
  progress: { status: string; progress: number | null } | undefined;
  next?: { id: number; title: string };
}

function Body(props: ActivityPageProps) {
  const { ctx, activity, settings, access } = props;
  const open = `/hoc-tap/hoat-dong/${activity.id}/mo`;
  switch (activity.type) {
    case 'video': {
      const percent = Math.round(minWatchedOf(settings) * 100);
      const status = activityStatusText(ctx, 'video', props.progress);
      return (
        <>
          <video
            id="video"
            controls
            preload="metadata"
            playsInline
            src={String(settings.url ?? '')}
            data-progress-url={`/api/activities/${activity.id}/progress`}
            data-csrf={ctx.csrfToken}
            data-key={`kns-video-${ctx.actor?.userId ?? 0}-${activity.id}`}
          >
            <a href={String(settings.url ?? '')}>{ctx.t('activity.videoFallback')}</a>
          </video>
          <p class="hint">{ctx.t('activity.videoRule', { percent })}</p>
          {access.learning && (
            <>
              <p id="video-status" role="status" data-done={ctx.t('progress.completed')} data-watched={ctx.t('progress.watched', { percent: '{percent}' })}>
                {status}
              </p>
              <noscript>
                <p class="notice">{ctx.t('activity.videoNoScript')}</p>
              </noscript>
              <script dangerouslySetInnerHTML={{ __html: VIDEO_SCRIPT }} />
            </>
          )}
        </>
      );
    }
    case 'document':
    case 'link':
      return (
        <>
          <p>{ctx.t(`activity.${activity.type}Lead`)}</p>
          <p>
            <a class="button" href={open}>
              {ctx.t(`activity.${activity.type}Open`)}
            </a>
          </p>
        </>
      );
    case 'quiz':
      return <p class="notice">{ctx.t('activity.quizSoon')}</p>;
    default:
      return null;
  }
}

export function ActivityPage(props: ActivityPageProps) {
  const { ctx, access, activity } = props;
  const course = access.course;
  return (
    <Layout ctx={ctx} title={activity.title}>
      <p>
        <a href={`/khoa-hoc/${course.slug}`}>{ctx.t('activity.backTo', { title: course.title })}</a>
      </p>
      <h1>{activity.title}</h1>
      <p class="muted">
        {ctx.t(`activityType.${activity.type}`)} · {ctx.t(activity.required ? 'activity.required' : 'activity.optional')}
        {access.learning && activity.type !== 'video' && ` · ${activityStatusText(ctx, activity.type, props.progress, activity.type === 'quiz')}`}
      </p>
      {!access.learning && access.manager && <p class="notice">{ctx.t('activity.preview')}</p>}
      {access.learning || access.manager ? (
        <Body {...props} />
      ) : (
        <>
          <p class="notice">{ctx.t('activity.joinFirst')}</p>
          <JoinForm ctx={ctx} slug={course.slug} next={`/hoc-tap/hoat-dong/${activity.id}`} leftAt={access.enrolment?.status === 'left' ? access.enrolment.left_at : null} />
        </>
      )}
      {props.next && (access.learning || access.manager) && (
        <p class="next-activity">
          <a href={`/hoc-tap/hoat-dong/${props.next.id}`}>{ctx.t('activity.next', { title: props.next.title })}</a>
        </p>
      )}
    </Layout>
  );
}
