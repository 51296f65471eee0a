/** The learner home's course lists: in progress (with progress bars) and completed, plus the catalogue link. */
import type { ViewCtx } from '../../views/render.js';
import type { MyCourseRow } from './learner-repository.js';
import { ProgressBar, fmtDate } from './view-parts.js';
import './messages.js';

export function percentOf(c: MyCourseRow): number {
  if (c.status === 'completed') return 100;
  return c.required_total ? Math.floor((c.required_done / c.required_total) * 100) : 0;
}

export function MyLearning(props: { ctx: ViewCtx; courses: MyCourseRow[] }) {
  const { ctx } = props;
  const active = props.courses.filter((c) => c.status === 'active');
  const completed = props.courses.filter((c) => c.status === 'completed');
  return (
    <>
      <section aria-labelledby="dang-hoc">
        <h2 id="dang-hoc">{ctx.t('mine.inProgress')}</h2>
        {active.length === 0 ? (
          <p>{ctx.t(completed.length ? 'mine.noneActive' : 'mine.none')}</p>
        ) : (
          <ul class="cards">
            {active.map((c) => (
              <li class="card">
                <h3>
                  <a href={`/khoa-hoc/${c.slug}`}>{c.title}</a>
                </h3>
                <p class="muted small">{c.host_name}</p>
                <ProgressBar
                  ctx={ctx}
                  percent={percentOf(c)}
                  label={ctx.t('mine.progressOf', { title: c.title })}
                  detail={ctx.t('course.doneOf', { done: c.required_done, total: c.required_total })}
                />
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="da-hoan-thanh">
        <h2 id="da-hoan-thanh">{ctx.t('mine.completed')}</h2>
        {completed.length === 0 ? (
          <p>{ctx.t('mine.noneCompleted')}</p>
        ) : (
          <ul class="cards">
            {completed.map((c) => (
              <li class="card">
                <h3>
                  <a href={`/khoa-hoc/${c.slug}`}>{c.title}</a>
                </h3>
                <ProgressBar ctx={ctx} percent={100} label={ctx.t('mine.progressOf', { title: c.title })} />
                <p class="small">{ctx.t('mine.completedOn', { date: fmtDate(ctx, c.completed_at) })}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p>
        <a class="button" href="/khoa-hoc">
          {ctx.t('mine.catalogue')}
        </a>
      </p>
    </>
  );
}
