/** Validation of the activity form, per type: normalized title, flags, settings JSON and tags, or field errors. */
import { cleanName } from '../../core/text.js';
import { ACTIVITY_TYPES, type ActivitySettings, type ActivityType } from './activity-types.js';
import { TITLE_MAX } from './course-input.js';
import type { ReferenceLists } from './reference.js';

export const DEFAULT_MIN_WATCHED = 0.9;
export const URL_MAX = 2000;

export interface ActivityInput {
  title?: string;
  topic?: string;
  required?: string;
  url?: string;
  minWatched?: string;
  packageId?: string;
  completion?: string;
  silentSco?: string;
  competences?: string[];
}

export interface ActivityValues {
  title: string;
  topicId: number;
  required: boolean;
  settings: ActivitySettings;
  competences: string[];
}

export const isActivityType = (v: string): v is ActivityType => (ACTIVITY_TYPES as readonly string[]).includes(v);

/** Which types the authoring pages offer; quiz is a placeholder until the quiz engine exists. */
export const TYPES_WITH_URL: ActivityType[] = ['video', 'document', 'link'];

/** An https:// address, or a path on this site ("/files/…"); nothing else (no http:, javascript:, //host). */
export function isAllowedUrl(raw: string): boolean {
  const url = raw.trim();
  if (!url || url.length > URL_MAX || /\s/.test(url)) return false;
  if (url.startsWith('/')) return /^\/(?![/\\])/.test(url);
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' && !!parsed.hostname && !parsed.username && !parsed.password;
  } catch {
    return false;
  }
}

export function validateActivity(
  type: ActivityType,
  input: ActivityInput,
  ctx: { ref: ReferenceLists; topicIds: Set<number>; packageIds: Set<number> },
): { errors: Record<string, string>; values?: ActivityValues } {
  const errors: Record<string, string> = {};
  const title = cleanName(input.title ?? '');
  if (!title) errors.title = 'ACTIVITY_TITLE_REQUIRED';
  else if (title.length > TITLE_MAX) errors.title = 'ACTIVITY_TITLE_TOO_LONG';
  const topicId = Number(input.topic);
  if (!ctx.topicIds.has(topicId)) errors.topic = 'ACTIVITY_TOPIC_INVALID';
  let settings: ActivitySettings = {};
  if (TYPES_WITH_URL.includes(type)) {
    const url = (input.url ?? '').trim();
    if (!url) errors.url = 'ACTIVITY_URL_REQUIRED';
    else if (!isAllowedUrl(url)) errors.url = 'ACTIVITY_URL_INVALID';
    settings = { url };
  }
  if (type === 'video') {
    const raw = (input.minWatched ?? '').trim();
    const percent = raw === '' ? DEFAULT_MIN_WATCHED * 100 : /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (!(percent >= 10 && percent <= 100)) errors.minWatched = 'ACTIVITY_MIN_WATCHED_INVALID';
    settings = { url: (input.url ?? '').trim(), minWatchedShare: percent / 100 };
  }
  if (type === 'scorm') {
    const packageId = Number(input.packageId);
    if (!ctx.packageIds.has(packageId)) errors.packageId = 'ACTIVITY_PACKAGE_INVALID';
    const completion = input.completion || 'completed';
    if (completion !== 'completed' && completion !== 'passed') errors.completion = 'ACTIVITY_COMPLETION_INVALID';
    const silentSco = input.silentSco || 'viewed';
    if (silentSco !== 'viewed' && silentSco !== 'never') errors.silentSco = 'ACTIVITY_SILENT_SCO_INVALID';
    settings = { packageId, completion: completion as 'completed' | 'passed', ...(silentSco === 'never' ? { silentSco: 'never' as const } : {}) };
  }
  const competences = [...new Set(input.competences ?? [])];
  if (competences.some((c) => !ctx.ref.competenceByCode.has(c))) errors.competences = 'COURSE_COMPETENCE_INVALID';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    values: {
      title,
      topicId,
      required: input.required === '1',
      settings,
      competences: ctx.ref.competences.map((c) => c.code).filter((c) => competences.includes(c)),
    },
  };
}

/** Settings read back from the database, with defaults for anything missing. */
export function parseSettings(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function minWatchedOf(settings: Record<string, unknown>): number {
  const v = Number(settings.minWatchedShare);
  return v > 0 && v <= 1 ? v : DEFAULT_MIN_WATCHED;
}
