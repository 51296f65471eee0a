/**
 * How courses and activities are tagged with competences (table content_tags): one row per
 * (subject_type, subject_id, kind, code). The skill profile and the basic-skills rule read:
 *   subject_type 'course' | 'activity', kind 'competence', code a competence code such as '4.2'.
 */
export const TAG_SUBJECT_COURSE = 'course';
export const TAG_SUBJECT_ACTIVITY = 'activity';
export const TAG_KIND_COMPETENCE = 'competence';

/** Progress statuses that mean an activity is done (see courses/progress.ts). */
export const ACTIVITY_DONE = ['completed', 'passed'];
