/**
 * The movement's indicators computed from the platform (issue 6 §1) — THE CONTRACT of the reporting module:
 * dashboards, open data, the generated report and its annex all read these figures.
 *
 * - `computeIndicators(db, unitPath, period)`: the unit at `unitPath` and everything below it.
 * - `indicatorsByUnit(db, parentPath, period)`: one row per child unit of the parent (for the city: its communes,
 *   wards, special zones and departments), computed by the same grouped queries — never one query per unit.
 *
 * Every figure is an aggregate in SQL grouped by the unit a record belongs to (a few thousand rows at most), then
 * folded in memory into "buckets" (the unit itself, or each child). No per-person loop: the queries scale to
 * 500,000 learners and 2 million enrolments.
 *
 * Period: ISO dates, `from` inclusive, `to` exclusive, as calendar days in Vietnam time (UTC+7): a record dated
 * 2025-12-31T20:00Z (03:00 on 1 January in Hai Phong) belongs to the next day. What each figure counts:
 * - learners: people of the unit with at least one enrolment made in the period (by target group and age band;
 *   age = the period's last year − birth year);
 * - enrolments per course: enrolments made in the period; completions: enrolments completed in the period;
 * - hosted courses: courses whose host unit is in the subtree, with every learner (of any unit);
 * - basic digital skills: people meeting the city's rule now (the rule has no date), of the unit's population
 *   (the unit's own figure, else the sum of its children's) and of its public servants with an account;
 * - contest: visits (per day) and registrations in the period, attempts started in the period, confirmed awards
 *   (confirmed in the period); registrations and attempts count at the contestant's unit, visits and awards at
 *   the organising unit;
 * - community: teams and members existing at the end of the period; support entries, events, attendance,
 *   initiatives submitted/accepted and replications within the period; mentors active at some time in the
 *   period and their mentees joined before its end; households entered before its end, "digital families" those
 *   with a member meeting the basic-skills rule.
 * - `filed`: the unit filings' hand-entered figures (news articles, banners, …) summed over the period — filled by
 *   the report from the filings helper's repository when it exists (see report-data.ts); undefined here.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { attainedUserIds, loadAttainedRule } from '../skills/basic-skills-attained.js';
import { COMMUNE_TYPES } from '../units/types.js';
import { communitySection, contestSection, n, type SectionScope } from './indicators-sections.js';

export interface Period {
  /** ISO date (YYYY-MM-DD), inclusive. */
  from: string;
  /** ISO date (YYYY-MM-DD), exclusive. */
  to: string;
}

export const AGE_BANDS = ['under_18', '18_35', '36_60', 'over_60', 'unknown'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface CourseFigure {
  courseId: number;
  title: string;
  status: string;
  hostUnitId: number;
  hostUnitName: string;
  /** Enrolments made in the period (one per learner and course). */
  enrolments: number;
  /** Enrolments completed in the period. */
  completions: number;
}

export interface Indicators {
  period: Period;
  learners: {
    total: number;
    byTargetGroup: Record<string, number>;
    byAgeBand: Record<AgeBand, number>;
    /** Learners of the target group 'public_servant'. */
    publicServants: number;
  };
  /** The unit's people in every course. */
  enrolments: { total: number; completions: number; byCourse: CourseFigure[] };
  /** Courses hosted by the unit (or below it): every learner, of any unit. */
  hostedCourses: CourseFigure[];
  basicSkills: {
    /** False when the city has not set the rule: then nobody attains it. */
    ruleSet: boolean;
    attained: number;
    population: number | null;
    /** attained / population, 0..1, when the population is known. */
    shareOfPopulation: number | null;
    /** Public servants with an account, and how many of them attain the rule. */
    staff: number;
    staffAttained: number;
    shareOfStaff: number | null;
  };
  contest: {
    visits: number;
    registrants: number;
    attempts: number;
    finishedAttempts: number;
    /** Commune-level units (xã, phường, đặc khu) with at least one registrant, of those in the subtree. */
    communesWithRegistrants: number;
    awards: { collective: number; individual: number };
    /** Registrants per contest, most first. */
    byContest: Array<{ contestId: number; title: string; registrants: number }>;
  };
  community: {
    teams: number;
    teamMembers: number;
    supportSessions: number;
    peopleHelped: number;
    /** Of whom elderly or vulnerable. */
    vulnerableHelped: number;
    mentors: number;
    mentees: number;
    households: number;
    digitalFamilies: number;
    events: number;
    /** Events of kind 'mot_ngay_hoc_so'. */
    learningDays: number;
    /** Named attendees and counted guests. */
    attendance: number;
    initiativesProposed: number;
    initiativesAccepted: number;
    replications: number;
  };
  units: {
    /** Commune-level units and departments in the subtree (not retired). */
    communes: number;
    departments: number;
    /** Those with at least one learner in the period. */
    communesActive: number;
    departmentsActive: number;
    /** Those with at least one public-servant learner in the period. */
    communesWithPublicServants: number;
    departmentsWithPublicServants: number;
  };
  /** Learning content in the courses hosted in the subtree (activities by type: scorm, video, …). */
  content: Record<string, number>;
  /** Hand-entered figures of the unit filings (field key → sum over the period), when the report adds them. */
  filed?: Record<string, number>;
}

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  type: string;
  population: number | null;
}

type Db = Kysely<DB>;

/** The period's bounds as instants (Vietnam midnight) for timestamp columns, and as dates for day columns. */
export function periodBounds(period: Period) {
  const instant = (d: string) => new Date(`${d}T00:00:00+07:00`).toISOString();
  return { fromTs: instant(period.from), toTs: instant(period.to), fromDay: period.from, toDay: period.to };
}

export function isValidPeriod(p: Partial<Period> | undefined): p is Period {
  const ok = (d: unknown) => typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(d + 'T00:00:00Z'));
  return !!p && ok(p.from) && ok(p.to) && p.from! < p.to!;
}

function emptyIndicators(period: Period): Indicators {
  return {
    period,
    learners: { total: 0, byTargetGroup: {}, byAgeBand: Object.fromEntries(AGE_BANDS.map((b) => [b, 0])) as Record<AgeBand, number>, publicServants: 0 },
    enrolments: { total: 0, completions: 0, byCourse: [] },
    hostedCourses: [],
    basicSkills: { ruleSet: false, attained: 0, population: null, shareOfPopulation: null, staff: 0, staffAttained: 0, shareOfStaff: null },
    contest: { visits: 0, registrants: 0, attempts: 0, finishedAttempts: 0, communesWithRegistrants: 0, awards: { collective: 0, individual: 0 }, byContest: [] },
    community: {
      teams: 0, teamMembers: 0, supportSessions: 0, peopleHelped: 0, vulnerableHelped: 0, mentors: 0, mentees: 0, households: 0,
      digitalFamilies: 0, events: 0, learningDays: 0, attendance: 0, initiativesProposed: 0, initiativesAccepted: 0, replications: 0,
    },
    units: { communes: 0, departments: 0, communesActive: 0, departmentsActive: 0, communesWithPublicServants: 0, departmentsWithPublicServants: 0 },
    content: {},
  };
}

interface TreeUnit {
  id: number;
  code: string;
  name: string;
  type: string;
  path: string;
  parent_id: number | null;
  population: number | null;
}


/** Buckets: which bucket (index) every unit of the subtree folds into, and each unit's commune-level ancestor. */
async function loadTree(db: Db, rootPath: string) {
  const units = (await db
    .selectFrom('units')
    .select(['id', 'code', 'name', 'type', 'path', 'parent_id', 'population'])
    .where('path', 'like', `${rootPath}%`)
    .where('retired_at', 'is', null)
    .orderBy('path')
    .execute()) as TreeUnit[];
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<number, TreeUnit[]>();
  for (const u of units) if (u.parent_id !== null) children.set(u.parent_id, [...(children.get(u.parent_id) ?? []), u]);
  /** Own population, else the sum of the children's (null when nothing is known). */
  const population = (u: TreeUnit): number | null => {
    if (u.population !== null && u.population !== undefined) return Number(u.population);
    const kids = (children.get(u.id) ?? []).map(population).filter((p): p is number => p !== null);
    return kids.length ? kids.reduce((a, b) => a + b, 0) : null;
  };
  const communeOf = new Map<number, number>();
  for (const u of units) {
    const ids = u.path.split('/').filter(Boolean).map(Number);
    const c = ids.map((id) => byId.get(id)).find((a) => a && (COMMUNE_TYPES as string[]).includes(a.type));
    if (c) communeOf.set(u.id, c.id);
  }
  // Every unit (retired ones too) under the root: then "a user of the subtree" is any user (users.unit_id is required).
  const outside = await db.selectFrom('units').select('id').where('path', 'not like', `${rootPath}%`).limit(1).executeTakeFirst();
  return { units, byId, children, population, communeOf, wholeTree: !outside };
}

type Tree = Awaited<ReturnType<typeof loadTree>>;

/** The subtree filter on a unit id column, as a subquery of unit ids (cheap: the units table is small). */
export function subtree(db: Db, rootPath: string) {
  return db.selectFrom('units').select('units.id').where('units.path', 'like', `${rootPath}%`);
}

/**
 * Compute the indicators of the subtree at `rootPath`, folding every unit into the buckets `bucketsOf(unitId)`
 * (none = not counted; a unit may count in several, e.g. in its child's row and in the total). Returns one
 * Indicators per bucket index. Every source is read once, whatever the number of buckets.
 */
async function computeBuckets(db: Db, rootPath: string, period: Period, tree: Tree, bucketsOf: (unitId: number) => readonly number[], bucketCount: number): Promise<Indicators[]> {
  const out = Array.from({ length: bucketCount }, () => emptyIndicators(period));
  const { fromTs, toTs, fromDay, toDay } = periodBounds(period);
  const refYear = Number(period.to.slice(0, 4)) - (period.to.slice(5) === '01-01' ? 1 : 0);
  const inUnits = subtree(db, rootPath);
  const each = (unitId: unknown, f: (ind: Indicators) => void) => {
    for (const b of bucketsOf(Number(unitId))) f(out[b]);
  };
  /** Users of the subtree: a filter on users.unit_id, left out when the subtree is the whole tree (the city). */
  const usersIn = <Q extends { where: (...args: any[]) => Q }>(q: Q): Q => (tree.wholeTree ? q : q.where('users.unit_id', 'in', inUnits));

  // The sections below read their sources at the same time (each folds its rows once they arrive); the rule first:
  // loading it also makes sure the table of who meets it is built for it.
  const rule = await loadAttainedRule(db);
  const scope: SectionScope = { db, inUnits, fromTs, toTs, fromDay, toDay, each, out, bucketsOf, communeOf: tree.communeOf, rule };
  const learnerUnits = new Set<number>();
  const staffUnits = new Set<number>();
  await Promise.all([
    (async () => {
      // Learners by target group and age band.
      const band = sql<string>`case when users.birth_year is null then 'unknown'
        when ${sql.lit(refYear)} - users.birth_year < 18 then 'under_18'
        when ${sql.lit(refYear)} - users.birth_year <= 35 then '18_35'
        when ${sql.lit(refYear)} - users.birth_year <= 60 then '36_60' else 'over_60' end`;
      const learnerRows = await db
        .selectFrom('users')
        .select((eb) => ['users.unit_id', 'users.target_group', band.as('band'), eb.fn.countAll().as('n')])
        .$call(usersIn)
        .where('users.id', 'in', db.selectFrom('enrolments').select('enrolments.user_id').where('enrolments.enrolled_at', '>=', fromTs).where('enrolments.enrolled_at', '<', toTs))
        .groupBy(['users.unit_id', 'users.target_group', band])
        .execute();
      for (const r of learnerRows) {
        learnerUnits.add(Number(r.unit_id));
        if (r.target_group === 'public_servant') staffUnits.add(Number(r.unit_id));
        each(r.unit_id, (ind) => {
          const c = n(r.n);
          ind.learners.total += c;
          ind.learners.byTargetGroup[r.target_group] = (ind.learners.byTargetGroup[r.target_group] ?? 0) + c;
          ind.learners.byAgeBand[r.band as AgeBand] += c;
          if (r.target_group === 'public_servant') ind.learners.publicServants += c;
        });
      }

    })(),
    (async () => {
      // Courses: titles and hosts of every course touched below.
      const courseInfo = new Map<number, { title: string; status: string; host_unit_id: number; host: string }>();
      const loadCourses = async (ids: number[]) => {
        const missing = ids.filter((id) => !courseInfo.has(id));
        for (let i = 0; i < missing.length; i += 1000) {
          const rows = await db
            .selectFrom('courses')
            .innerJoin('units', 'units.id', 'courses.host_unit_id')
            .select(['courses.id', 'courses.title', 'courses.status', 'courses.host_unit_id', 'units.name as host'])
            .where('courses.id', 'in', missing.slice(i, i + 1000))
            .execute();
          for (const r of rows) courseInfo.set(r.id, r);
        }
      };
      // Enrolments made or completed in the period, per course and learner's unit (one pass over enrolments ⋈ users).
      // The hosted courses' figures (every learner, of any unit) are the same rows summed per course when the subtree is
      // the whole tree; otherwise the enrolments of the courses hosted in the subtree, per course (no join with users:
      // enrolments.user_id references users, so the former inner joins never dropped a row).
      const counted = (eb: any) => [
        eb.fn.sum(sql`case when enrolments.enrolled_at >= ${fromTs} and enrolments.enrolled_at < ${toTs} then 1 else 0 end`).as('enrolled'),
        eb.fn.sum(sql`case when enrolments.completed_at >= ${fromTs} and enrolments.completed_at < ${toTs} and enrolments.status = 'completed' then 1 else 0 end`).as('completed'),
      ];
      const inPeriod = (eb: any) =>
        eb.or([
          eb.and([eb('enrolments.enrolled_at', '>=', fromTs), eb('enrolments.enrolled_at', '<', toTs)]),
          eb.and([eb('enrolments.completed_at', '>=', fromTs), eb('enrolments.completed_at', '<', toTs)]),
        ]);
      type CountRow = { unit_id: number; course_id: number; enrolled: unknown; completed: unknown };
      type CourseRow = { course_id: number; enrolled: unknown; completed: unknown };
      const byLearnerQuery = db
        .selectFrom('enrolments')
        .innerJoin('users', 'users.id', 'enrolments.user_id')
        .select((eb) => ['users.unit_id as unit_id', 'enrolments.course_id', ...counted(eb)])
        .$call(usersIn)
        .where(inPeriod)
        .groupBy(['users.unit_id', 'enrolments.course_id'])
        .execute() as Promise<CountRow[]>;
      const byCourseQuery = tree.wholeTree
        ? undefined
        : (db
            .selectFrom('enrolments')
            .select((eb) => ['enrolments.course_id', ...counted(eb)])
            .where('enrolments.course_id', 'in', db.selectFrom('courses').select('courses.id').where('courses.host_unit_id', 'in', inUnits))
            .where(inPeriod)
            .groupBy('enrolments.course_id')
            .execute() as Promise<CourseRow[]>);
      const [byLearner, byCourseRows] = await Promise.all([byLearnerQuery, byCourseQuery]);
      let byCourse: CourseRow[] = byCourseRows ?? [];
      if (!byCourseRows) {
        const sums = new Map<number, { course_id: number; enrolled: number; completed: number }>();
        for (const r of byLearner) {
          const id = Number(r.course_id);
          const c = sums.get(id) ?? { course_id: id, enrolled: 0, completed: 0 };
          c.enrolled += n(r.enrolled);
          c.completed += n(r.completed);
          sums.set(id, c);
        }
        byCourse = [...sums.values()];
      }
      await loadCourses([...new Set([...byLearner, ...byCourse].map((r) => Number(r.course_id)))]);
      const lists = new WeakMap<CourseFigure[], Map<number, CourseFigure>>();
      const addCourse = (list: CourseFigure[], courseId: number, enrolled: number, completed: number) => {
        let index = lists.get(list);
        if (!index) lists.set(list, (index = new Map(list.map((c) => [c.courseId, c]))));
        let f = index.get(courseId);
        if (!f) {
          const info = courseInfo.get(courseId);
          f = { courseId, title: info?.title ?? '', status: info?.status ?? '', hostUnitId: info?.host_unit_id ?? 0, hostUnitName: info?.host ?? '', enrolments: 0, completions: 0 };
          list.push(f);
          index.set(courseId, f);
        }
        f.enrolments += enrolled;
        f.completions += completed;
      };
      for (const r of byLearner) {
        each(r.unit_id, (ind) => {
          ind.enrolments.total += n(r.enrolled);
          ind.enrolments.completions += n(r.completed);
          addCourse(ind.enrolments.byCourse, Number(r.course_id), n(r.enrolled), n(r.completed));
        });
      }
      for (const r of byCourse) {
        const host = courseInfo.get(Number(r.course_id))?.host_unit_id;
        if (host !== undefined) each(host, (ind) => addCourse(ind.hostedCourses, Number(r.course_id), n(r.enrolled), n(r.completed)));
      }

    })(),
    (async () => {
      // Basic digital skills: who meets the rule is materialized (skills/basic-skills-attained.ts).
      const staffRows = await db
        .selectFrom('users')
        .select((eb) => ['users.unit_id', eb.fn.countAll().as('n')])
        .$call(usersIn)
        .where('users.target_group', '=', 'public_servant')
        .where('users.deleted_at', 'is', null)
        .groupBy('users.unit_id')
        .execute();
      for (const r of staffRows) each(r.unit_id, (ind) => (ind.basicSkills.staff += n(r.n)));
      if (rule) {
        const rows = await db
          .selectFrom('users')
          .select((eb) => ['users.unit_id', 'users.target_group', eb.fn.countAll().as('n')])
          .$call(usersIn)
          .where('users.id', 'in', attainedUserIds(db, rule))
          .groupBy(['users.unit_id', 'users.target_group'])
          .execute();
        for (const r of rows)
          each(r.unit_id, (ind) => {
            ind.basicSkills.attained += n(r.n);
            if (r.target_group === 'public_servant') ind.basicSkills.staffAttained += n(r.n);
          });
      }
    })(),
    contestSection(scope),
    communitySection(scope),
    (async () => {
      // Content of the hosted courses.
      const content = await db
        .selectFrom('activities')
        .innerJoin('courses', 'courses.id', 'activities.course_id')
        .select((eb) => ['courses.host_unit_id', 'activities.type', eb.fn.countAll().as('n')])
        .where('courses.host_unit_id', 'in', inUnits)
        .where('courses.status', '!=', 'draft')
        .groupBy(['courses.host_unit_id', 'activities.type'])
        .execute();
      for (const r of content) each(r.host_unit_id, (i) => (i.content[r.type] = (i.content[r.type] ?? 0) + n(r.n)));
    })(),
  ]);

  // Units: commune-level units and departments, and which of them are active.
  for (const u of tree.units) {
    const buckets = bucketsOf(u.id);
    if (buckets.length === 0) continue;
    const isCommune = (COMMUNE_TYPES as string[]).includes(u.type);
    const isDept = u.type === 'so_nganh';
    if (!isCommune && !isDept) continue;
    const below = tree.units.filter((x) => x.path.startsWith(u.path)).map((x) => x.id);
    const active = below.some((id) => learnerUnits.has(id));
    const staff = below.some((id) => staffUnits.has(id));
    for (const b of buckets) {
      const u2 = out[b].units;
      if (isCommune) {
        u2.communes++;
        if (active) u2.communesActive++;
        if (staff) u2.communesWithPublicServants++;
      } else {
        u2.departments++;
        if (active) u2.departmentsActive++;
        if (staff) u2.departmentsWithPublicServants++;
      }
    }
  }

  for (const ind of out) {
    ind.enrolments.byCourse.sort((a, b) => b.enrolments - a.enrolments || a.courseId - b.courseId);
    ind.hostedCourses.sort((a, b) => b.enrolments - a.enrolments || a.courseId - b.courseId);
    ind.contest.byContest.sort((a, b) => b.registrants - a.registrants || a.contestId - b.contestId);
    ind.basicSkills.ruleSet = !!rule;
    ind.basicSkills.shareOfStaff = ind.basicSkills.staff ? ind.basicSkills.staffAttained / ind.basicSkills.staff : null;
  }
  return out;
}

function finishPopulation(ind: Indicators, population: number | null) {
  ind.basicSkills.population = population;
  ind.basicSkills.shareOfPopulation = population ? ind.basicSkills.attained / population : null;
}

/** The indicators of the unit at `unitPath` and everything below it, over the period. */
export async function computeIndicators(db: Db, unitPath: string, period: Period): Promise<Indicators> {
  return (await indicatorsTree(db, unitPath, period, { children: false })).total;
}

/** One row per child unit of the unit at `parentPath` (not retired), ordered by type then name. */
export async function indicatorsByUnit(db: Db, parentPath: string, period: Period): Promise<Array<{ unit: UnitRow; indicators: Indicators }>> {
  return (await indicatorsTree(db, parentPath, period, { total: false })).children;
}

/**
 * Both at once — the unit's indicators (`computeIndicators`) and its children's (`indicatorsByUnit`) — from one
 * reading of every source: each record folds into its child's row and into the total. What a dashboard needs.
 */
export async function indicatorsTree(
  db: Db,
  unitPath: string,
  period: Period,
  want: { total?: boolean; children?: boolean } = {},
): Promise<{ total: Indicators; children: Array<{ unit: UnitRow; indicators: Indicators }> }> {
  const wantTotal = want.total ?? true;
  const wantChildren = want.children ?? true;
  const tree = await loadTree(db, unitPath);
  const parent = tree.units.find((u) => u.path === unitPath);
  const kids = wantChildren && parent ? [...(tree.children.get(parent.id) ?? [])].sort((a, b) => a.type.localeCompare(b.type) || a.name.localeCompare(b.name, 'vi')) : [];
  const index = new Map(kids.map((k, i) => [k.path, i]));
  const parentDepth = unitPath.split('/').filter(Boolean).length;
  const totalBucket = kids.length;
  const buckets = new Map<number, number[]>();
  for (const u of tree.units) {
    const list: number[] = [];
    const ids = u.path.split('/').filter(Boolean);
    if (ids.length > parentDepth) {
      const i = index.get('/' + ids.slice(0, parentDepth + 1).join('/') + '/');
      if (i !== undefined) list.push(i);
    }
    if (wantTotal) list.push(totalBucket);
    buckets.set(u.id, list);
  }
  const none: number[] = [];
  if (!wantTotal && kids.length === 0) return { total: emptyIndicators(period), children: [] };
  const rows = await computeBuckets(db, unitPath, period, tree, (id) => buckets.get(id) ?? none, kids.length + 1);
  const total = rows[totalBucket];
  finishPopulation(total, parent ? tree.population(parent) : null);
  const children = kids.map((k, i) => {
    finishPopulation(rows[i], tree.population(k));
    return { unit: { id: k.id, code: k.code, name: k.name, type: k.type, population: k.population === null ? null : Number(k.population) }, indicators: rows[i] };
  });
  return { total, children };
}

/** Distinct learners enrolled in the period in any of the given courses (e.g. "30,835 learners in the hosted courses"). */
export async function distinctLearners(db: Db, courseIds: number[], period: Period): Promise<number> {
  if (!courseIds.length) return 0;
  const { fromTs, toTs } = periodBounds(period);
  const row = await db
    .selectFrom('enrolments')
    .select((eb) => eb.fn.count('enrolments.user_id').distinct().as('n'))
    .where('course_id', 'in', courseIds)
    .where('enrolled_at', '>=', fromTs)
    .where('enrolled_at', '<', toTs)
    .executeTakeFirstOrThrow();
  return n(row.n);
}
