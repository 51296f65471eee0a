/** Course report pages: the list of courses, one course (totals, by unit, by group, learners), one learner. */
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import { SelectField, formatDateTime } from '../../views/form-parts.js';
import { UnitSelect } from '../units/unit-select.js';
import type { UnitRow } from '../units/repository.js';
import { LEARNER_STATUSES } from './repository.js';
import type { CourseListItem, CourseReport, LearnerDetail, LearnersPage, TotalsDto } from './service.js';
import { count, duration, rate, score } from './format.js';
import './messages.js';

const TOTAL_COLUMNS = ['enrolled', 'started', 'completed', 'rate', 'score'] as const;

function TotalCells({ ctx, t }: { ctx: ViewCtx; t: TotalsDto }) {
  return (
    <>
      <td>{count(ctx.lang, t.enrolled)}</td>
      <td>{count(ctx.lang, t.started)}</td>
      <td>{count(ctx.lang, t.completed)}</td>
      <td>{t.enrolled ? rate(ctx.lang, t.completionRate) : ctx.t('creport.empty')}</td>
      <td>{score(ctx.lang, t.averageScore)}</td>
    </>
  );
}

function TotalHeaders({ ctx }: { ctx: ViewCtx }) {
  return (
    <>
      {TOTAL_COLUMNS.map((c) => (
        <th scope="col">{ctx.t(`creport.col.${c}`)}</th>
      ))}
    </>
  );
}

export function CourseListPage({ ctx, courses }: { ctx: ViewCtx; courses: CourseListItem[] }) {
  return (
    <Layout ctx={ctx} title={ctx.t('creport.title')}>
      <h1>{ctx.t('creport.title')}</h1>
      <p class="lead">{ctx.t('creport.lead')}</p>
      {courses.length === 0 ? (
        <p>{ctx.t('creport.none')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label={ctx.t('creport.title')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{ctx.t('creport.col.course')}</th>
                <TotalHeaders ctx={ctx} />
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr>
                  <th scope="row">
                    <a href={`/quan-tri/bao-cao-khoa-hoc/${c.id}`}>{c.title}</a>
                  </th>
                  <TotalCells ctx={ctx} t={c} />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function CourseReportPage(props: {
  ctx: ViewCtx;
  report: CourseReport;
  learners: LearnersPage;
  units: UnitRow[];
  filters: { unit?: string; status?: string };
}) {
  const { ctx, report, learners, filters } = props;
  const base = `/quan-tri/bao-cao-khoa-hoc/${report.course.id}`;
  const t = report.totals;
  return (
    <Layout ctx={ctx} title={`${ctx.t('creport.title')}: ${report.course.title}`}>
      <p>
        <a href="/quan-tri/bao-cao-khoa-hoc">{ctx.t('creport.back')}</a>
      </p>
      <h1>{report.course.title}</h1>
      <form method="get" action={base} class="filters" aria-label={ctx.t('creport.filter')}>
        <UnitSelect ctx={ctx} units={props.units} name="unit" label={ctx.t('creport.col.unit')} value={filters.unit} emptyLabel={ctx.t('creport.unitAll')} />
        <SelectField
          ctx={ctx}
          name="status"
          label={ctx.t('creport.col.status')}
          options={LEARNER_STATUSES.map((s) => ({ value: s, label: ctx.t(`creport.status.${s}`) }))}
          value={filters.status}
          emptyLabel={ctx.t('creport.statusAll')}
        />
        <button type="submit" class="primary">
          {ctx.t('creport.apply')}
        </button>
      </form>
      <p class="actions">
        <a class="button secondary" href={`/api/course-reports/${report.course.id}/export.xlsx${query({ unit: filters.unit })}`}>
          {ctx.t('creport.export')}
        </a>
      </p>

      <h2>{ctx.t('creport.totals')}</h2>
      <ul class="cards">
        <li class="card">
          <span class="stat">{count(ctx.lang, t.enrolled)}</span> {ctx.t('creport.col.enrolled')}
        </li>
        <li class="card">
          <span class="stat">{count(ctx.lang, t.started)}</span> {ctx.t('creport.col.started')}
        </li>
        <li class="card">
          <span class="stat">{count(ctx.lang, t.completed)}</span> {ctx.t('creport.col.completed')}
        </li>
        <li class="card">
          <span class="stat">{t.enrolled ? rate(ctx.lang, t.completionRate) : ctx.t('creport.empty')}</span> {ctx.t('creport.col.rate')}
        </li>
        <li class="card">
          <span class="stat">{score(ctx.lang, t.averageScore)}</span> {ctx.t('creport.col.score')}
        </li>
      </ul>

      <h2 id="by-unit">{ctx.t('creport.byUnit')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="by-unit">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('creport.col.unit')}</th>
              <TotalHeaders ctx={ctx} />
            </tr>
          </thead>
          <tbody>
            {report.byUnit.map((u) => (
              <tr>
                <th scope="row">{u.unit ? <a href={`${base}${query({ unit: u.unit.code })}`}>{u.unit.name}</a> : ctx.t('creport.cityLevel')}</th>
                <TotalCells ctx={ctx} t={u} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="by-group">{ctx.t('creport.byGroup')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="by-group">
        <table>
          <thead>
            <tr>
              <th scope="col">{ctx.t('creport.col.group')}</th>
              <TotalHeaders ctx={ctx} />
            </tr>
          </thead>
          <tbody>
            {report.byGroup.map((g) => (
              <tr>
                <th scope="row">{ctx.t(`targetGroup.${g.targetGroup}`)}</th>
                <TotalCells ctx={ctx} t={g} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2 id="learners">{ctx.t('creport.learners')}</h2>
      <p role="status">{ctx.t('creport.learnersCount', { count: count(ctx.lang, learners.total) })}</p>
      {learners.items.length === 0 ? (
        <p>{ctx.t('creport.noLearners')}</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="learners">
          <table>
            <thead>
              <tr>
                {['learner', 'unit', 'group', 'status', 'learnerScore', 'time', 'last'].map((c) => (
                  <th scope="col">{ctx.t(`creport.col.${c}`)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {learners.items.map((l) => (
                <tr>
                  <th scope="row">
                    <a href={`${base}/hoc-vien/${l.userId}`}>{l.fullName}</a>
                  </th>
                  <td>{l.unitName}</td>
                  <td>{ctx.t(`targetGroup.${l.targetGroup}`)}</td>
                  <td>{ctx.t(`creport.status.${l.status}`)}</td>
                  <td>{score(ctx.lang, l.score)}</td>
                  <td class="nowrap">{duration(l.timeSeconds)}</td>
                  <td class="nowrap">{l.lastActivityAt ? formatDateTime(l.lastActivityAt) : ctx.t('creport.empty')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {learners.pages > 1 && (
        <nav class="pager" aria-label={ctx.t('creport.pageOf', { page: learners.page, pages: learners.pages })}>
          {learners.page > 1 && <a href={`${base}${query({ ...filters, page: learners.page - 1 })}#learners`}>{ctx.t('creport.prev')}</a>}
          <span>{ctx.t('creport.pageOf', { page: learners.page, pages: learners.pages })}</span>
          {learners.page < learners.pages && <a href={`${base}${query({ ...filters, page: learners.page + 1 })}#learners`}>{ctx.t('creport.next')}</a>}
        </nav>
      )}
    </Layout>
  );
}

const activityStatus = (ctx: ViewCtx, s: string | null) => (s ? ctx.t(`creport.activityStatus.${s}`) : ctx.t('creport.empty'));

export function LearnerDetailPage({ ctx, detail }: { ctx: ViewCtx; detail: LearnerDetail }) {
  const { learner: l } = detail;
  const title = ctx.t('creport.learnerTitle', { name: l.fullName, course: detail.course.title });
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={`/quan-tri/bao-cao-khoa-hoc/${detail.course.id}`}>{ctx.t('creport.backCourse')}</a>
      </p>
      <h1>{title}</h1>
      <dl class="facts">
        <dt>{ctx.t('creport.col.unit')}</dt>
        <dd>{l.unitName}</dd>
        <dt>{ctx.t('creport.col.group')}</dt>
        <dd>{ctx.t(`targetGroup.${l.targetGroup}`)}</dd>
        <dt>{ctx.t('creport.col.status')}</dt>
        <dd>{ctx.t(`creport.status.${l.status}`)}</dd>
        <dt>{ctx.t('creport.col.learnerScore')}</dt>
        <dd>{score(ctx.lang, l.score)}</dd>
        <dt>{ctx.t('creport.col.time')}</dt>
        <dd>{duration(l.timeSeconds)}</dd>
        <dt>{ctx.t('creport.col.enrolledAt')}</dt>
        <dd>{formatDateTime(l.enrolledAt)}</dd>
        <dt>{ctx.t('creport.col.completedAt')}</dt>
        <dd>{l.completedAt ? formatDateTime(l.completedAt) : ctx.t('creport.empty')}</dd>
        <dt>{ctx.t('creport.col.last')}</dt>
        <dd>{l.lastActivityAt ? formatDateTime(l.lastActivityAt) : ctx.t('creport.empty')}</dd>
      </dl>

      <h2 id="activities">{ctx.t('creport.activities')}</h2>
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby="activities">
        <table>
          <thead>
            <tr>
              {['activity', 'status', 'learnerScore', 'time', 'updated'].map((c) => (
                <th scope="col">{ctx.t(`creport.col.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {detail.activities.map((a) => (
              <tr>
                <th scope="row">{a.title}</th>
                <td>{activityStatus(ctx, a.status)}</td>
                <td>{score(ctx.lang, a.score)}</td>
                <td class="nowrap">{duration(a.timeSeconds)}</td>
                <td class="nowrap">{a.updatedAt ? formatDateTime(a.updatedAt) : ctx.t('creport.empty')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>{ctx.t('creport.scorm')}</h2>
      {detail.scorm.length === 0 && <p>{ctx.t('creport.noScorm')}</p>}
      {detail.scorm.map((s, i) => (
        <section aria-labelledby={`sco-${i}`}>
          <h3 id={`sco-${i}`}>
            {s.activityTitle} — {s.scoId} ({ctx.t('creport.col.attempt')} {s.attempt})
          </h3>
          <dl class="facts">
            <dt>{ctx.t('creport.col.completion')}</dt>
            <dd>{s.completionStatus ?? ctx.t('creport.empty')}</dd>
            <dt>{ctx.t('creport.col.success')}</dt>
            <dd>{s.successStatus ?? ctx.t('creport.empty')}</dd>
            <dt>{ctx.t('creport.col.learnerScore')}</dt>
            <dd>{score(ctx.lang, s.score)}</dd>
            <dt>{ctx.t('creport.col.time')}</dt>
            <dd>{duration(s.totalTimeSeconds)}</dd>
            <dt>{ctx.t('creport.col.updated')}</dt>
            <dd>{formatDateTime(s.updatedAt)}</dd>
          </dl>
          {s.interactions.length === 0 ? (
            <p class="muted">{ctx.t('creport.noInteractions')}</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={`${ctx.t('creport.interactions')}: ${s.scoId}`}>
              <table>
                <caption>{ctx.t('creport.interactions')}</caption>
                <thead>
                  <tr>
                    {['interaction', 'type', 'result', 'response'].map((c) => (
                      <th scope="col">{ctx.t(`creport.col.${c}`)}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {s.interactions.map((it) => (
                    <tr>
                      <th scope="row">{it.id}</th>
                      <td>{it.type ?? ctx.t('creport.empty')}</td>
                      <td>{it.result ?? ctx.t('creport.empty')}</td>
                      <td>{it.response ?? ctx.t('creport.empty')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      ))}
    </Layout>
  );
}
