/** TypeBox schemas of the course API and the presenters: the only way course data leaves the server. */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../core/schemas.js';
import type { Lang } from '../../core/i18n.js';
import { TARGET_GROUPS, type TargetGroup } from '../accounts/people-input.js';
import { ACTIVITY_TYPES, PROGRESS_STATUSES } from './activity-types.js';
import { audienceList } from './course-input.js';
import type { ReferenceLists } from './reference.js';

export const CATALOGUE_PAGE_SIZE = 12;

const oneOf = <T extends string>(values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));

export const CatalogueQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100, description: 'Words of the title; diacritics optional ("ky nang so")' })),
    // '' is what an untouched <select> of the GET form sends: no filter.
    theme: Type.Optional(Type.String({ pattern: '^\\d{0,3}$', description: 'Learning theme number' })),
    competence: Type.Optional(Type.String({ pattern: '^(\\d\\.\\d{1,2})?$', description: 'Competence code, e.g. 4.2' })),
    group: Type.Optional(oneOf(['', ...TARGET_GROUPS])),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  },
  { additionalProperties: false },
);
export type CatalogueQueryT = Static<typeof CatalogueQuery>;

const Named = { code: Type.String(), name: Type.String() };
const ThemeSchema = Type.Object({ id: Type.Integer(), name: Type.String() });
const CompetenceSchema = Type.Object(Named);

export const CourseSummarySchema = Type.Object(
  {
    slug: Type.String(),
    title: Type.String(),
    summary: Type.String({ description: 'The start of the description' }),
    url: Type.String({ description: 'The course page' }),
    host: Type.Object(Named, { description: 'The unit that hosts the course' }),
    enrolment: StringEnum(['open', 'assigned'] as const),
    audience: Type.Array(StringEnum(TARGET_GROUPS), { description: 'Target groups; empty means everyone' }),
    themes: Type.Array(ThemeSchema),
    activityCount: Type.Integer(),
  },
  { $id: 'CourseSummary' },
);
export type CourseSummaryDto = Static<typeof CourseSummarySchema>;

export const CourseListSchema = Type.Object({
  items: Type.Array(CourseSummarySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
});
export type CourseListDto = Static<typeof CourseListSchema>;

export const CourseOutlineSchema = Type.Object(
  {
    ...CourseSummarySchema.properties,
    description: Type.String(),
    status: StringEnum(['draft', 'published', 'archived'] as const),
    competences: Type.Array(CompetenceSchema, { description: 'Of the course and of its activities' }),
    topics: Type.Array(
      Type.Object({
        title: Type.String(),
        activities: Type.Array(
          Type.Object({
            id: Type.Integer(),
            type: StringEnum(ACTIVITY_TYPES),
            title: Type.String(),
            required: Type.Boolean(),
            competences: Type.Array(Type.String()),
          }),
        ),
      }),
    ),
  },
  { $id: 'CourseOutline' },
);
export type CourseOutlineDto = Static<typeof CourseOutlineSchema>;

export const SlugParams = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9-]{1,120}$' }) });
export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export const ProgressBody = Type.Object(
  {
    watchedShare: Type.Number({ description: 'Share of the video watched (union of watched intervals), 0..1; the server clamps it to that range' }),
    _csrf: Type.Optional(Type.String({ maxLength: 200, description: 'For navigator.sendBeacon, which cannot send the x-csrf-token header' })),
  },
  { additionalProperties: false },
);
export const ProgressResponse = Type.Object({
  status: StringEnum(PROGRESS_STATUSES),
  watchedShare: Type.Number(),
  courseCompleted: Type.Boolean({ description: 'This report completed the course' }),
});

/** The first ~160 characters of the description, cut at a word. */
export function excerpt(text: string, max = 160): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  return cut.slice(0, Math.max(cut.lastIndexOf(' '), max - 20)).replace(/[\s,.;:–-]+$/, '') + '…';
}

export interface SummarySource {
  slug: string;
  title: string;
  description: string;
  enrolment: string;
  audience: string;
  host_code: string;
  host_name: string;
  activity_count: number;
  themes: string[];
}

export function presentSummary(r: SummarySource, ref: ReferenceLists, lang: Lang): CourseSummaryDto {
  return {
    slug: r.slug,
    title: r.title,
    summary: excerpt(r.description),
    url: `/khoa-hoc/${r.slug}`,
    host: { code: r.host_code, name: r.host_name },
    enrolment: r.enrolment === 'assigned' ? 'assigned' : 'open',
    audience: audienceList(r.audience) as TargetGroup[],
    themes: r.themes.flatMap((id) => {
      const theme = ref.themeById.get(Number(id));
      return theme ? [{ id: theme.id, name: theme.name[lang] }] : [];
    }),
    activityCount: r.activity_count,
  };
}

export const competenceDtos = (codes: string[], ref: ReferenceLists, lang: Lang) =>
  codes.flatMap((code) => {
    const c = ref.competenceByCode.get(code);
    return c ? [{ code, name: c.name[lang] }] : [];
  });
