/**
 * The digital ambassadors' figures of a unit's subtree, for the community hub and the movement report:
 * mentors, mentees against the target (5 per mentor), mentors at target, mentees who completed a course or attained
 * basic digital skills. Mentors count under the unit they were designated at; their mentees with them.
 */
import type { Kysely } from 'kysely';
import type { CommunityFigure } from '../../core/figures.js';
import type { DB } from '../../db/schema.js';
import { loadAttainedRule } from '../skills/basic-skills-attained.js';
import { MENTEE_TARGET } from './capabilities.js';
import { networkOf } from './repository.js';
import { networkTotals } from './service.js';


export async function communityFigures(db: Kysely<DB>, unitPath: string): Promise<CommunityFigure[]> {
  const t = networkTotals(await networkOf(db, [unitPath], await loadAttainedRule(db)));
  return [
    { key: 'ambassadors.mentors', label: { vi: 'Đại sứ số', en: 'Digital ambassadors' }, value: t.mentors },
    { key: 'ambassadors.mentees', label: { vi: `Học viên của Đại sứ số (chỉ tiêu ${MENTEE_TARGET} người/Đại sứ số)`, en: `Mentees of digital ambassadors (target ${MENTEE_TARGET} per ambassador)` }, value: t.mentees, target: t.target },
    { key: 'ambassadors.mentorsAtTarget', label: { vi: 'Đại sứ số đạt chỉ tiêu học viên', en: 'Ambassadors at the mentee target' }, value: t.mentorsAtTarget, target: t.mentors },
    { key: 'ambassadors.menteesCompleted', label: { vi: 'Học viên đã hoàn thành ít nhất một khóa học', en: 'Mentees who completed at least one course' }, value: t.menteesCompleted, target: t.mentees },
    { key: 'ambassadors.menteesAttained', label: { vi: 'Học viên đạt phổ cập kỹ năng số', en: 'Mentees who attained basic digital skills' }, value: t.menteesAttained, target: t.mentees },
  ];
}
