/** Skill profiles and the city's basic-skills rule: reading, validation, saving (audited). */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import type { Actor } from '../../core/policy.js';
import '../courses/capabilities.js';
import { BASIC_SKILLS_KEY, RULE_MODES, loadBasicSkillsRule, meetsBasicSkills, type BasicSkillsRule, type RuleMode } from './basic-skills.js';
import { allCompetences, completedCourseIds, coveredBy, existingCourseIds, saveSetting, type CompetenceRow } from './repository.js';
import { rebuildBasicSkills } from './basic-skills-attained.js';
import './messages.js';

export const RULE_CAPABILITY = 'skills:rule';

export interface Named {
  vi: string;
  en: string;
}

export interface ProfileCompetence {
  code: string;
  name: Named;
  attained: boolean;
  /** Courses through which it was covered (a completed course, or a course of a completed activity). */
  courses: Array<{ id: number; title: string }>;
}

export interface ProfileDomain {
  domain: number;
  name: Named;
  competences: ProfileCompetence[];
  attained: number;
}

export interface BasicSkillsStatus {
  /** False when the city has not set a rule yet. */
  configured: boolean;
  met: boolean;
  mode: RuleMode;
  /** What the rule asks, with what is still missing (so the learner knows what to do next). */
  courses: Array<{ id: number; title: string; completed: boolean }>;
  competences: Array<{ code: string; name: Named; covered: boolean }>;
}

export interface SkillProfile {
  domains: ProfileDomain[];
  attained: number;
  total: number;
  basicSkills: BasicSkillsStatus;
}

function domainsOf(framework: CompetenceRow[], covered: Map<string, Map<number, string>>): ProfileDomain[] {
  const domains = new Map<number, ProfileDomain>();
  for (const c of framework) {
    let d = domains.get(c.domain);
    if (!d) {
      d = { domain: c.domain, name: { vi: c.domain_vi, en: c.domain_en }, competences: [], attained: 0 };
      domains.set(c.domain, d);
    }
    const courses = covered.get(c.code);
    const list = courses ? [...courses].map(([id, title]) => ({ id, title })).sort((a, b) => a.title.localeCompare(b.title, 'vi')) : [];
    d.competences.push({ code: c.code, name: { vi: c.name_vi, en: c.name_en }, attained: list.length > 0, courses: list });
    if (list.length) d.attained++;
  }
  return [...domains.values()].sort((a, b) => a.domain - b.domain);
}

export async function skillProfile(db: Kysely<DB>, userId: number): Promise<SkillProfile> {
  const [framework, rows, rule] = await Promise.all([allCompetences(db), coveredBy(db, userId), loadBasicSkillsRule(db)]);
  const covered = new Map<string, Map<number, string>>();
  for (const r of rows) {
    if (!covered.has(r.code)) covered.set(r.code, new Map());
    covered.get(r.code)!.set(r.course_id, r.course_title);
  }
  const domains = domainsOf(framework, covered);
  const attained = domains.reduce((n, d) => n + d.attained, 0);
  return { domains, attained, total: framework.length, basicSkills: await basicStatus(db, userId, rule, framework, covered) };
}

async function basicStatus(
  db: Kysely<DB>,
  userId: number,
  rule: BasicSkillsRule | undefined,
  framework: CompetenceRow[],
  covered: Map<string, unknown>,
): Promise<BasicSkillsStatus> {
  if (!rule) return { configured: false, met: false, mode: 'all', courses: [], competences: [] };
  const [met, done, titles] = await Promise.all([
    meetsBasicSkills(db, [userId], rule),
    completedCourseIds(db, userId, rule.courses),
    rule.courses.length ? db.selectFrom('courses').select(['id', 'title']).where('id', 'in', rule.courses).execute() : Promise.resolve([]),
  ]);
  const byCode = new Map(framework.map((c) => [c.code, c]));
  return {
    configured: true,
    met: met.has(userId),
    mode: rule.mode,
    courses: titles.map((c) => ({ id: c.id, title: c.title, completed: done.has(c.id) })).sort((a, b) => a.title.localeCompare(b.title, 'vi')),
    competences: rule.competences.map((code) => {
      const c = byCode.get(code);
      return { code, name: { vi: c?.name_vi ?? code, en: c?.name_en ?? code }, covered: covered.has(code) };
    }),
  };
}

export interface RuleInput {
  courses: Array<number | string>;
  mode: string;
  competences: string[];
}

const refuse = (code: string, field: string) => new AppError(code, 422, {}, { [field]: code });

/** Checks and saves the rule: known courses, known competence codes, a mode, at least one condition. */
export async function setBasicSkillsRule(db: Kysely<DB>, actor: Actor, input: RuleInput): Promise<BasicSkillsRule> {
  const courses = [...new Set(input.courses.map((c) => Number(c)))];
  if (courses.some((c) => !Number.isInteger(c) || c <= 0)) throw refuse('SKILLS_RULE_COURSE_UNKNOWN', 'courses');
  const competences = [...new Set(input.competences.map((c) => c.trim()).filter(Boolean))];
  if (!(RULE_MODES as readonly string[]).includes(input.mode)) throw refuse('SKILLS_RULE_MODE_INVALID', 'mode');
  if (courses.length === 0 && competences.length === 0) throw refuse('SKILLS_RULE_EMPTY', 'courses');
  const known = await existingCourseIds(db, courses);
  if (courses.some((c) => !known.has(c))) throw refuse('SKILLS_RULE_COURSE_UNKNOWN', 'courses');
  const codes = new Set((await allCompetences(db)).map((c) => c.code));
  if (competences.some((c) => !codes.has(c))) throw refuse('SKILLS_RULE_COMPETENCE_UNKNOWN', 'competences');
  const rule: BasicSkillsRule = {
    courses: courses.sort((a, b) => a - b),
    mode: input.mode as RuleMode,
    competences: competences.sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
  };
  await db.transaction().execute(async (trx) => {
    await saveSetting(trx, BASIC_SKILLS_KEY, JSON.stringify(rule), actor.userId);
    await rebuildBasicSkills(trx); // who meets it, materialized (basic-skills-attained.ts)
    await audit(trx, actor, { action: 'skills.rule_set', unitId: actor.unitId, targetType: 'setting', targetId: BASIC_SKILLS_KEY, details: { ...rule } });
  });
  return rule;
}
