/** The public catalogue: a GET search form (works without JavaScript), course cards, a pager. */
import type { ComponentChildren } from 'preact';
import type { ViewCtx } from '../../views/render.js';
import { Layout } from '../../views/layout.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { byDomain, type ReferenceLists } from './reference.js';
import type { CatalogueQueryT, CourseListDto, CourseSummaryDto } from './schema.js';
import { Pager, Tags, fmtNumber } from './view-parts.js';
import './messages.js';

export function catalogueHref(q: CatalogueQueryT, page?: number): string {
  const params = new URLSearchParams();
  for (const k of ['q', 'theme', 'competence', 'group'] as const) if (q[k]) params.set(k, String(q[k]));
  if (page && page > 1) params.set('page', String(page));
  const s = params.toString();
  return `/khoa-hoc${s ? `?${s}` : ''}`;
}

export function audienceText(ctx: ViewCtx, audience: string[]): string {
  return audience.length ? audience.map((g) => ctx.t(`targetGroup.${g}`)).join(', ') : ctx.t('course.everyone');
}

function CourseCard({ ctx, c }: { ctx: ViewCtx; c: CourseSummaryDto }) {
  return (
    <li class="card course-card">
      <h2>
        <a href={c.url}>{c.title}</a>
      </h2>
      <p class="muted">
        {c.host.name} · {ctx.t('course.activityCount', { count: c.activityCount })}
      </p>
      {c.summary && <p>{c.summary}</p>}
      <Tags label={ctx.t('course.themes')} items={c.themes.map((t) => t.name)} />
      <p class="small">
        {ctx.t('course.audience')}: {audienceText(ctx, c.audience)}
      </p>
      {c.enrolment === 'assigned' && <p class="badge">{ctx.t('course.assigned')}</p>}
    </li>
  );
}

function Filter(props: { ctx: ViewCtx; name: string; label: string; all: string; value?: string; children: ComponentChildren }) {
  return (
    <div class="field">
      <label for={`f-${props.name}`}>{props.label}</label>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="">{props.all}</option>
        {props.children}
      </select>
    </div>
  );
}

export function CataloguePage(props: { ctx: ViewCtx; query: CatalogueQueryT; list: CourseListDto; ref: ReferenceLists }) {
  const { ctx, query: q, list, ref } = props;
  const filtered = !!(q.q || q.theme || q.competence || q.group);
  return (
    <Layout ctx={ctx} title={ctx.t('catalogue.title')}>
      <h1>{ctx.t('catalogue.title')}</h1>
      <p class="lead">{ctx.t('catalogue.lead')}</p>
      <form method="get" action="/khoa-hoc" class="filters" role="search" aria-label={ctx.t('catalogue.search')}>
        <div class="field field-search">
          <label for="f-q">{ctx.t('catalogue.searchLabel')}</label>
          <p class="hint" id="f-q-hint">
            {ctx.t('catalogue.searchHint')}
          </p>
          <input id="f-q" name="q" type="search" value={q.q ?? ''} aria-describedby="f-q-hint" />
        </div>
        <Filter ctx={ctx} name="theme" label={ctx.t('course.theme')} all={ctx.t('catalogue.allThemes')} value={q.theme}>
          {ref.themes.map((t) => (
            <option value={String(t.id)} selected={String(t.id) === q.theme}>
              {t.name[ctx.lang]}
            </option>
          ))}
        </Filter>
        <Filter ctx={ctx} name="competence" label={ctx.t('course.competence')} all={ctx.t('catalogue.allCompetences')} value={q.competence}>
          {byDomain(ref.competences).map((d) => (
            <optgroup label={`${d.domain}. ${d.name[ctx.lang]}`}>
              {d.items.map((c) => (
                <option value={c.code} selected={c.code === q.competence}>
                  {`${c.code} ${c.name[ctx.lang]}`}
                </option>
              ))}
            </optgroup>
          ))}
        </Filter>
        <Filter ctx={ctx} name="group" label={ctx.t('course.audience')} all={ctx.t('catalogue.allGroups')} value={q.group}>
          {TARGET_GROUPS.map((g) => (
            <option value={g} selected={g === q.group}>
              {ctx.t(`targetGroup.${g}`)}
            </option>
          ))}
        </Filter>
        <div class="filter-actions">
          <button type="submit" class="primary">
            {ctx.t('catalogue.submit')}
          </button>
          {filtered && <a href="/khoa-hoc">{ctx.t('catalogue.clear')}</a>}
        </div>
      </form>
      <p role="status">{ctx.t('catalogue.found', { count: fmtNumber(ctx, list.total) })}</p>
      {list.items.length === 0 ? (
        <p>{filtered ? ctx.t('catalogue.noneFiltered') : ctx.t('catalogue.none')}</p>
      ) : (
        <ul class="cards">
          {list.items.map((c) => (
            <CourseCard ctx={ctx} c={c} />
          ))}
        </ul>
      )}
      <Pager ctx={ctx} page={list.page} pages={list.pages} href={(p) => catalogueHref(q, p)} />
    </Layout>
  );
}
