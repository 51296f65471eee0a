/** Small pieces shared by the course pages: progress bars, tag lists, the pager, dates. */
import type { ViewCtx } from '../../views/render.js';
import { isDone } from './progress.js';
import { parseSettings } from './activity-input.js';
import './messages.js';

export const fmtNumber = (ctx: ViewCtx, n: number) => n.toLocaleString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB');

export function fmtDate(ctx: ViewCtx, iso: string | null | undefined): string {
  return iso ? new Date(iso).toLocaleDateString(ctx.lang === 'vi' ? 'vi-VN' : 'en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }) : '';
}

/** A labelled native <progress> with the figure in text beside it (screen readers get both). */
export function ProgressBar(props: { ctx: ViewCtx; percent: number; label: string; detail?: string }) {
  const { ctx, percent } = props;
  return (
    <div class="progress-row">
      <progress max={100} value={percent} aria-label={props.label}>
        {percent} %
      </progress>
      <span class="progress-figure">
        {ctx.t('course.percent', { percent })}
        {props.detail && <span class="muted"> {props.detail}</span>}
      </span>
    </div>
  );
}

export function Tags(props: { label: string; items: string[] }) {
  if (props.items.length === 0) return null;
  return (
    <ul class="tags" aria-label={props.label}>
      {props.items.map((text) => (
        <li>{text}</li>
      ))}
    </ul>
  );
}

/** "Đã hoàn thành" / "Đang học — đã xem 45 %" / "Chưa bắt đầu": a learner's state in one activity. */
/** A quiz activity without a quiz attached yet (the quiz engine fills settings.quizId). */
export const isComingSoon = (a: { type: string; settings: string }) => a.type === 'quiz' && !parseSettings(a.settings).quizId;

export function activityStatusText(ctx: ViewCtx, type: string, p: { status: string; progress: number | null } | undefined, comingSoon = type === 'quiz'): string {
  if (comingSoon) return ctx.t('activity.comingSoon');
  if (!p || p.status === 'not_started') return ctx.t('progress.not_started');
  if (isDone(p.status)) return ctx.t(`progress.${p.status}`);
  if (type === 'video' && p.progress) return ctx.t('progress.watched', { percent: Math.floor(p.progress * 100) });
  return ctx.t(`progress.${p.status}`);
}

export function ActivityStatus(props: { ctx: ViewCtx; type: string; progress: { status: string; progress: number | null } | undefined; comingSoon: boolean }) {
  const done = !props.comingSoon && isDone(props.progress?.status);
  return (
    <span class={done ? 'activity-status done' : 'activity-status'}>
      {done && <span aria-hidden="true">✓ </span>}
      {activityStatusText(props.ctx, props.type, props.progress, props.comingSoon)}
    </span>
  );
}

export function Pager(props: { ctx: ViewCtx; page: number; pages: number; href: (page: number) => string }) {
  const { ctx, page, pages } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label={ctx.t('course.pager')}>
      {page > 1 && (
        <a href={props.href(page - 1)} rel="prev">
          {ctx.t('course.prev')}
        </a>
      )}
      <span aria-current="page">{ctx.t('course.pageOf', { page, pages })}</span>
      {page < pages && (
        <a href={props.href(page + 1)} rel="next">
          {ctx.t('course.next')}
        </a>
      )}
    </nav>
  );
}

/** Paragraphs of a plain-text description (blank lines separate them; text stays escaped). */
export function Paragraphs(props: { text: string }) {
  return (
    <>
      {props.text
        .split(/\n{2,}/)
        .filter(Boolean)
        .map((p) => (
          <p>{p}</p>
        ))}
    </>
  );
}
