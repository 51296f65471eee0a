/** Validation of the course form: normalized values, or a field → error-code map (shown beside each field). */
import { cleanName, searchKey } from '../../core/text.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import type { ReferenceLists } from './reference.js';

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
export const ENROLMENT_MODES = ['open', 'assigned'] as const;
export type CourseStatus = (typeof COURSE_STATUSES)[number];
export type EnrolmentMode = (typeof ENROLMENT_MODES)[number];

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;

/** What the form posts: strings, and arrays for the checkbox groups. */
export interface CourseInput {
  title?: string;
  description?: string;
  hostUnit?: string;
  enrolment?: string;
  status?: string;
  audience?: string[];
  competences?: string[];
  themes?: string[];
}

export interface CourseFormValues {
  title: string;
  searchTitle: string;
  description: string;
  hostUnitCode: string;
  enrolment: EnrolmentMode;
  status: CourseStatus;
  audience: string[];
  competences: string[];
  themes: string[];
}

const isOneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);
const unique = (xs: string[] | undefined) => [...new Set((xs ?? []).map((x) => x.trim()).filter(Boolean))];

/** Trims, keeps paragraphs, drops control characters other than newlines. */
export function cleanText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[^\S\n]+/g, ' ')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function validateCourse(input: CourseInput, ref: ReferenceLists, hostCodes: Set<string>) {
  const errors: Record<string, string> = {};
  const title = cleanName(input.title ?? '');
  if (!title) errors.title = 'COURSE_TITLE_REQUIRED';
  else if (title.length > TITLE_MAX) errors.title = 'COURSE_TITLE_TOO_LONG';
  const description = cleanText(input.description ?? '');
  if (description.length > DESCRIPTION_MAX) errors.description = 'COURSE_DESCRIPTION_TOO_LONG';
  const hostUnitCode = (input.hostUnit ?? '').trim();
  if (!hostCodes.has(hostUnitCode)) errors.hostUnit = 'COURSE_HOST_INVALID';
  const enrolment = input.enrolment ?? '';
  if (!isOneOf(ENROLMENT_MODES, enrolment)) errors.enrolment = 'COURSE_ENROLMENT_INVALID';
  const status = input.status || 'draft';
  if (!isOneOf(COURSE_STATUSES, status)) errors.status = 'COURSE_STATUS_INVALID';
  const audience = unique(input.audience);
  if (audience.some((g) => !isOneOf(TARGET_GROUPS, g))) errors.audience = 'COURSE_AUDIENCE_INVALID';
  const competences = unique(input.competences);
  if (competences.some((c) => !ref.competenceByCode.has(c))) errors.competences = 'COURSE_COMPETENCE_INVALID';
  const themes = unique(input.themes);
  if (themes.some((t) => !/^\d{1,4}$/.test(t) || !ref.themeById.has(Number(t)))) errors.themes = 'COURSE_THEME_INVALID';
  if (Object.keys(errors).length) return { errors };
  const values: CourseFormValues = {
    title,
    searchTitle: searchKey(title),
    description,
    hostUnitCode,
    enrolment: enrolment as EnrolmentMode,
    status: status as CourseStatus,
    // Stored in a fixed order, so "the same audience" is always the same text.
    audience: TARGET_GROUPS.filter((g) => audience.includes(g)),
    competences: ref.competences.map((c) => c.code).filter((c) => competences.includes(c)),
    themes: ref.themes.map((t) => String(t.id)).filter((t) => themes.includes(t)),
  };
  return { errors, values };
}

/** "Kỹ năng số cơ bản!" → "ky-nang-so-co-ban": the course's address, kept when the title changes. */
export function slugify(title: string): string {
  const slug = searchKey(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'khoa-hoc';
}

/** The first of base, base-2, base-3… not taken. */
export function freeSlug(base: string, taken: Set<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}

/** The audience column: target groups, comma-separated; empty means everyone. */
export const audienceList = (audience: string): string[] => audience.split(',').filter(Boolean);
