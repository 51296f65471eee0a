/** The catalogue and a course's outline, as presented to learners and to the public API. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Lang } from '../../core/i18n.js';
import type { Actor } from '../../core/policy.js';
import { referenceLists, type ReferenceLists } from './reference.js';
import { cataloguePage, catalogueCount, type CatalogueFilter } from './catalogue-repository.js';
import * as repo from './repository.js';
import type { Access } from './learner-service.js';
import { CATALOGUE_PAGE_SIZE, competenceDtos, presentSummary, type CatalogueQueryT, type CourseListDto, type CourseOutlineDto } from './schema.js';

export function catalogueFilter(actor: Actor | undefined, q: CatalogueQueryT): CatalogueFilter {
  return {
    q: q.q?.trim() || undefined,
    theme: q.theme ? Number(q.theme) : undefined,
    competence: q.competence || undefined,
    group: q.group || undefined,
    userId: actor?.userId,
  };
}

/** A page of the catalogue: one query (two for a page past the last); the theme and competence lists come from the cache. */
export async function findCatalogue(db: Kysely<DB>, actor: Actor | undefined, query: CatalogueQueryT, lang: Lang): Promise<CourseListDto> {
  const ref = await referenceLists(db);
  const themeIds = ref.themes.map((t) => t.id);
  const filter = catalogueFilter(actor, query);
  const pageSize = query.pageSize ?? CATALOGUE_PAGE_SIZE;
  let page = query.page ?? 1;
  let rows = await cataloguePage(db, filter, pageSize, (page - 1) * pageSize, themeIds);
  let total = rows[0]?.total ?? 0;
  if (rows.length === 0 && page > 1) {
    // Past the last page (an old link): show the last one.
    total = await catalogueCount(db, filter);
    page = Math.max(1, Math.ceil(total / pageSize));
    rows = total ? await cataloguePage(db, filter, pageSize, (page - 1) * pageSize, themeIds) : [];
  }
  return {
    items: rows.map((r) => presentSummary(r, ref, lang)),
    total,
    page,
    pageSize,
    pages: Math.max(1, Math.ceil(total / pageSize)),
  };
}

export interface OutlineData {
  dto: CourseOutlineDto;
  ref: ReferenceLists;
  topics: repo.TopicRow[];
  activities: repo.ActivityRow[];
}

/** Topics, activities and tags of a course the caller may see (courseAccess already checked). */
export async function courseOutline(db: Kysely<DB>, access: Access, lang: Lang): Promise<OutlineData> {
  const { course } = access;
  const ref = await referenceLists(db);
  const [topics, activities] = await Promise.all([repo.topicsOf(db, course.id), repo.activitiesOf(db, course.id)]);
  const [courseTags, activityTags] = await Promise.all([
    repo.tagsOf(db, 'course', [course.id]),
    repo.tagsOf(db, 'activity', activities.map((a) => a.id)),
  ]);
  const codes = (rows: typeof courseTags, kind: string, id?: number) =>
    rows.filter((t) => t.kind === kind && (id === undefined || t.subject_id === id)).map((t) => t.code);
  const all = new Set([...codes(courseTags, 'competence'), ...codes(activityTags, 'competence')]);
  const summary = presentSummary({ ...course, activity_count: activities.length, themes: codes(courseTags, 'theme') }, ref, lang);
  const dto: CourseOutlineDto = {
    ...summary,
    description: course.description,
    status: course.status as CourseOutlineDto['status'],
    competences: competenceDtos(ref.competences.map((c) => c.code).filter((c) => all.has(c)), ref, lang),
    topics: topics.map((t) => ({
      title: t.title,
      activities: activities
        .filter((a) => a.topic_id === t.id)
        .map((a) => ({
          id: a.id,
          type: a.type as CourseOutlineDto['topics'][number]['activities'][number]['type'],
          title: a.title,
          required: a.required === 1,
          competences: codes(activityTags, 'competence', a.id),
        })),
    })),
  };
  return { dto, ref, topics, activities };
}
