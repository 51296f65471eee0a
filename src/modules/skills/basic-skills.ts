/**
 * "Basic digital skills attained" (Đạt phổ cập kỹ năng số): the city's rule and who meets it.
 *
 * The rule is stored in `settings` under the key 'basic_skills_rule' as JSON:
 *
 *     { "courses": [12, 15], "mode": "all" | "any", "competences": ["1.1", "4.2"] }
 *
 *  - `courses` + `mode`: the person completed ALL of the listed courses (mode "all") or AT LEAST ONE
 *    of them (mode "any"); "completed" means the enrolment's status is 'completed';
 *  - `competences` (optional): every listed competence is covered, i.e. tagged (content_tags, kind
 *    'competence') on a course the person completed or on an activity they completed or passed;
 *  - both parts given: both must hold. At least one part is always given; with no rule saved,
 *    nobody meets it.
 *
 * Everything is computed in SQL, for any number of people, on SQLite and PostgreSQL alike:
 *
 *  - `basicSkillsUserIds(db, rule)` is a subquery of one column `user_id` (each id once) that can be
 *    joined or used with `in` by any report, e.g. counting per unit:
 *
 *        const rule = await loadBasicSkillsRule(db);
 *        const attained = rule ? basicSkillsUserIds(db, rule) : undefined;
 *        db.selectFrom('users')…where('users.id', 'in', attained)…groupBy(…)
 *
 *  - `meetsBasicSkills(db, userIds?)` returns the set of ids meeting the rule (of the given people,
 *    or of everyone);
 *  - `basicSkillsByCommune(db, paths)` counts people and those meeting the rule per commune.
 *
 * People whose data was deleted keep their (anonymous) learning records, so they still count in
 * aggregates; callers that list people filter on users.status themselves.
 */
import { sql, type Kysely, type SelectQueryBuilder, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { ACTIVITY_DONE, TAG_KIND_COMPETENCE, TAG_SUBJECT_ACTIVITY, TAG_SUBJECT_COURSE } from './tags.js';

type Conn = Kysely<DB> | Transaction<DB>;

export const BASIC_SKILLS_KEY = 'basic_skills_rule';
export const RULE_MODES = ['all', 'any'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export interface BasicSkillsRule {
  /** Course ids; may be empty when the rule is only about competences. */
  courses: number[];
  /** 'all': every listed course completed; 'any': at least one. Ignored without courses. */
  mode: RuleMode;
  /** Competence codes that must all be covered; empty = no competence condition. */
  competences: string[];
}

/** A subquery with one column, `user_id`, each id at most once. */
export type UserIdQuery = SelectQueryBuilder<DB, any, { user_id: number }>;

/** Ids per query: far below the bind-parameter limits of SQLite (32,766) and PostgreSQL (65,535). */
const ID_CHUNK = 5000;

/** The stored rule, or undefined when none is saved (or the stored JSON is not a usable rule). */
export function parseRule(json: string): BasicSkillsRule | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!raw || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  const courses = Array.isArray(r.courses) ? r.courses.filter((c): c is number => Number.isInteger(c) && (c as number) > 0) : [];
  const competences = Array.isArray(r.competences) ? r.competences.filter((c): c is string => typeof c === 'string' && c !== '') : [];
  const mode: RuleMode = r.mode === 'any' ? 'any' : 'all';
  if (courses.length === 0 && competences.length === 0) return undefined;
  return { courses: [...new Set(courses)], mode, competences: [...new Set(competences)] };
}

export async function loadBasicSkillsRule(db: Conn): Promise<BasicSkillsRule | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', BASIC_SKILLS_KEY).executeTakeFirst();
  return row ? parseRule(row.value) : undefined;
}

/** Some people: ids, or a subquery of one column of user ids. */
export type UserSet = number[] | SelectQueryBuilder<DB, any, any>;

/** Pairs (user_id, code) of competences people covered, restricted to the given codes (and people). */
function coveredCompetences(db: Conn, codes: string[], only?: UserSet) {
  let byCourse = db
    .selectFrom('enrolments as e')
    .innerJoin('content_tags as ct', (join) =>
      join.onRef('ct.subject_id', '=', 'e.course_id').on('ct.subject_type', '=', TAG_SUBJECT_COURSE).on('ct.kind', '=', TAG_KIND_COMPETENCE),
    )
    .select(['e.user_id as user_id', 'ct.code as code'])
    .where('e.status', '=', 'completed')
    .where('ct.code', 'in', codes);
  let byActivity = db
    .selectFrom('activity_progress as ap')
    .innerJoin('content_tags as ct', (join) =>
      join.onRef('ct.subject_id', '=', 'ap.activity_id').on('ct.subject_type', '=', TAG_SUBJECT_ACTIVITY).on('ct.kind', '=', TAG_KIND_COMPETENCE),
    )
    .select(['ap.user_id as user_id', 'ct.code as code'])
    .where('ap.status', 'in', ACTIVITY_DONE)
    .where('ct.code', 'in', codes);
  if (only) {
    byCourse = byCourse.where('e.user_id', 'in', only);
    byActivity = byActivity.where('ap.user_id', 'in', only);
  }
  return byCourse.union(byActivity);
}

/**
 * The people meeting the rule, as a subquery of `user_id` (see the module comment for an example).
 * Pure SQL: nothing is read until the caller executes the query it is part of.
 * `only` restricts it to some people (their rows only are read: one person's re-evaluation is a few index lookups).
 * The reference of the rule: reports read the table it is materialized in (basic-skills-attained.ts).
 */
export function basicSkillsUserIds(db: Conn, rule: BasicSkillsRule, only?: UserSet): UserIdQuery {
  const parts: UserIdQuery[] = [];
  if (rule.courses.length) {
    let completed = db
      .selectFrom('enrolments')
      .select('enrolments.user_id as user_id')
      .where('enrolments.status', '=', 'completed')
      .where('enrolments.course_id', 'in', rule.courses);
    if (only) completed = completed.where('enrolments.user_id', 'in', only);
    parts.push(
      rule.mode === 'all'
        ? completed.groupBy('enrolments.user_id').having((eb) => eb.fn.count('enrolments.course_id').distinct(), '=', rule.courses.length)
        : completed.distinct(),
    );
  }
  if (rule.competences.length) {
    // With a course part too, only its people need their competences read (the same intersection, far fewer rows).
    const among = parts[0] ?? only;
    parts.push(
      db
        .selectFrom(coveredCompetences(db, rule.competences, among).as('covered'))
        .select('covered.user_id as user_id')
        .groupBy('covered.user_id')
        .having((eb) => eb.fn.count('covered.code').distinct(), '=', rule.competences.length),
    );
  }
  if (parts.length === 0) {
    // Not a rule: nobody. (parseRule never returns one like this.)
    return db.selectFrom('users').select('users.id as user_id').where(sql<boolean>`1 = 0`);
  }
  const [first, ...rest] = parts;
  if (rest.length === 0) return first;
  let q = db.selectFrom(first.as('first_part')).select('first_part.user_id as user_id');
  for (const part of rest) q = q.where('first_part.user_id', 'in', part);
  return q;
}

/**
 * Ids of the people meeting the city's rule: of `userIds` when given, else of everyone.
 * With no rule saved, the set is empty.
 */
export async function meetsBasicSkills(db: Conn, userIds?: number[], rule?: BasicSkillsRule): Promise<Set<number>> {
  const r = rule ?? (await loadBasicSkillsRule(db));
  const result = new Set<number>();
  if (!r) return result;
  if (userIds === undefined) {
    for (const row of await db.selectFrom(basicSkillsUserIds(db, r).as('met')).select('met.user_id').execute()) result.add(Number(row.user_id));
    return result;
  }
  const ids = [...new Set(userIds)];
  for (let i = 0; i < ids.length; i += ID_CHUNK) {
    const chunk = ids.slice(i, i + ID_CHUNK);
    const rows = await db.selectFrom(basicSkillsUserIds(db, r).as('met')).select('met.user_id').where('met.user_id', 'in', chunk).execute();
    for (const row of rows) result.add(Number(row.user_id));
  }
  return result;
}

export interface CommuneSkillsCount {
  /** The commune-level unit (depth 1: phường, xã, đặc khu, or a city department); null = people at the city level. */
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
  /** Active people (not deleted) whose unit is in the commune's subtree and in the given paths. */
  people: number;
  /** Of those, people meeting the rule. */
  attained: number;
}

/**
 * People and people meeting the rule per commune-level unit, for the units under `paths`
 * (a caller's scope): one aggregate query, whatever the number of people.
 */
export async function basicSkillsByCommune(db: Conn, paths: string[], rule?: BasicSkillsRule): Promise<CommuneSkillsCount[]> {
  if (paths.length === 0) return [];
  const r = rule ?? (await loadBasicSkillsRule(db));
  let q = db
    .selectFrom('users')
    .innerJoin('units as u', 'u.id', 'users.unit_id')
    .leftJoin('units as c', (join) => join.on('c.depth', '=', 1).on(sql<boolean>`u.path like c.path || '%'`))
    .where('users.status', '=', 'active')
    .where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))));
  if (r) q = q.leftJoin(basicSkillsUserIds(db, r).as('met'), 'met.user_id', 'users.id');
  const rows = await q
    .select((eb) => [
      'c.id as unitId',
      'c.code as unitCode',
      'c.name as unitName',
      eb.fn.countAll<number>().as('people'),
      (r ? eb.fn.count<number>(sql.ref('met.user_id')) : sql<number>`0`).as('attained'),
    ])
    .groupBy(['c.id', 'c.code', 'c.name'])
    .orderBy('c.name')
    .execute();
  return rows.map((row) => ({
    unitId: row.unitId ?? null,
    unitCode: row.unitCode ?? null,
    unitName: row.unitName ?? null,
    people: Number(row.people),
    attained: Number(row.attained),
  }));
}
