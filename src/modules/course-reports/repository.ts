/**
 * SQL of course reports. Everything is aggregated in the database: one query per table of the
 * report (summary, by commune, by target group, a page of learners), whatever the number of
 * learners. Learners are those whose unit is under one of the caller's scope paths — the filter
 * sits in the same query, so a report never counts or shows anyone outside the scope.
 *
 * Definitions (per course, among enrolments that are not 'left'):
 *   enrolled  — every such enrolment;
 *   started   — started_at set (any progress reported) or completed;
 *   completed — status 'completed';
 *   score     — a learner's mean score over the course's activities that have one (0–100),
 *               and the report's average score is the mean of the learners' scores;
 *   time      — the sum of time spent in the course's activities; last activity — the latest progress.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface ReportScope {
  /** Scope paths of 'course:report'; empty means nothing. */
  paths: string[];
  /** A unit (subtree) chosen inside the scope. */
  unitPath?: string;
}

export const LEARNER_STATUSES = ['not_started', 'in_progress', 'completed'] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];

type Eb = ExpressionBuilder<DB & { e: DB['enrolments']; u: DB['units'] }, 'e' | 'users' | 'u'>;

function inScope(eb: Eb, s: ReportScope): Expression<SqlBool> {
  const and: Expression<SqlBool>[] = [eb('e.status', '!=', 'left'), eb.or(s.paths.map((p) => eb('u.path', 'like', `${p}%`)))];
  if (s.unitPath) and.push(eb('u.path', 'like', `${s.unitPath}%`));
  return eb.and(and);
}

function enrolmentsInScope(db: Conn, s: ReportScope) {
  return db
    .selectFrom('enrolments as e')
    .innerJoin('users', 'users.id', 'e.user_id')
    .innerJoin('units as u', 'u.id', 'users.unit_id')
    .where((eb) => inScope(eb, s));
}

/** Per learner of the course: mean score, time spent, last progress. */
function progressOfCourse(db: Conn, courseId: number) {
  return db
    .selectFrom('activity_progress as ap')
    .innerJoin('activities as a', 'a.id', 'ap.activity_id')
    .select((eb) => [
      'ap.user_id as user_id',
      eb.fn.avg<number>('ap.score').as('score'),
      eb.fn.sum<number>('ap.time_seconds').as('time_seconds'),
      eb.fn.max('ap.updated_at').as('last_at'),
    ])
    .where('a.course_id', '=', courseId)
    .groupBy('ap.user_id');
}

function courseLearners(db: Conn, courseId: number, s: ReportScope) {
  return enrolmentsInScope(db, s)
    .where('e.course_id', '=', courseId)
    .leftJoin(progressOfCourse(db, courseId).as('p'), 'p.user_id', 'e.user_id');
}

const startedCase = sql<number>`case when e.started_at is not null or e.status = 'completed' then 1 end`;
const completedCase = sql<number>`case when e.status = 'completed' then 1 end`;

export interface Totals {
  enrolled: number;
  started: number;
  completed: number;
  /** Mean of the learners' scores, null when nobody has one. */
  averageScore: number | null;
}

const totalsSelect = (eb: ExpressionBuilder<any, any>) => [
  eb.fn.countAll<number>().as('enrolled'),
  eb.fn.count<number>(startedCase).as('started'),
  eb.fn.count<number>(completedCase).as('completed'),
  eb.fn.avg<number>('p.score').as('average_score'),
];

const totalsOf = (r: { enrolled: unknown; started: unknown; completed: unknown; average_score: unknown }): Totals => ({
  enrolled: Number(r.enrolled),
  started: Number(r.started),
  completed: Number(r.completed),
  averageScore: r.average_score === null || r.average_score === undefined ? null : Number(r.average_score),
});

export async function courseTotals(db: Conn, courseId: number, s: ReportScope): Promise<Totals> {
  if (s.paths.length === 0) return { enrolled: 0, started: 0, completed: 0, averageScore: null };
  const row = await courseLearners(db, courseId, s).select(totalsSelect).executeTakeFirstOrThrow();
  return totalsOf(row);
}

export interface UnitTotals extends Totals {
  /** The commune-level unit (depth 1); null for people at the city level. */
  unitId: number | null;
  unitCode: string | null;
  unitName: string | null;
}

/** By commune-level unit (phường, xã, đặc khu or city department): the learner's unit or the one above it. */
export async function courseTotalsByCommune(db: Conn, courseId: number, s: ReportScope): Promise<UnitTotals[]> {
  if (s.paths.length === 0) return [];
  const rows = await courseLearners(db, courseId, s)
    .leftJoin('units as c', (join) => join.on('c.depth', '=', 1).on(sql<boolean>`u.path like c.path || '%'`))
    .select((eb) => ['c.id as unit_id', 'c.code as unit_code', 'c.name as unit_name', ...totalsSelect(eb)])
    .groupBy(['c.id', 'c.code', 'c.name'])
    .execute();
  return rows
    .map((r) => ({ unitId: r.unit_id ?? null, unitCode: r.unit_code ?? null, unitName: r.unit_name ?? null, ...totalsOf(r) }))
    .sort((a, b) => (a.unitName ?? '').localeCompare(b.unitName ?? '', 'vi'));
}

export interface GroupTotals extends Totals {
  targetGroup: string;
}

export async function courseTotalsByGroup(db: Conn, courseId: number, s: ReportScope): Promise<GroupTotals[]> {
  if (s.paths.length === 0) return [];
  const rows = await courseLearners(db, courseId, s)
    .select((eb) => ['users.target_group as target_group', ...totalsSelect(eb)])
    .groupBy('users.target_group')
    .orderBy('users.target_group')
    .execute();
  return rows.map((r) => ({ targetGroup: r.target_group, ...totalsOf(r) }));
}

export interface CourseListRow extends Totals {
  courseId: number;
}

/** Totals of every course with learners in the scope: one query grouped by course. */
export async function totalsByCourse(db: Conn, s: ReportScope): Promise<Map<number, Totals>> {
  if (s.paths.length === 0) return new Map();
  const perLearner = db
    .selectFrom('activity_progress as ap')
    .innerJoin('activities as a', 'a.id', 'ap.activity_id')
    .select((eb) => ['a.course_id as course_id', 'ap.user_id as user_id', eb.fn.avg<number>('ap.score').as('score')])
    .groupBy(['a.course_id', 'ap.user_id']);
  const rows = await enrolmentsInScope(db, s)
    .leftJoin(perLearner.as('p'), (join) => join.onRef('p.course_id', '=', 'e.course_id').onRef('p.user_id', '=', 'e.user_id'))
    .select((eb) => ['e.course_id as course_id', ...totalsSelect(eb)])
    .groupBy('e.course_id')
    .execute();
  return new Map(rows.map((r) => [r.course_id, totalsOf(r)]));
}

export interface ReportCourse {
  id: number;
  title: string;
  status: string;
  host_unit_id: number;
}

export async function reportableCourses(db: Conn, ids: number[]): Promise<ReportCourse[]> {
  return db
    .selectFrom('courses')
    .select(['id', 'title', 'status', 'host_unit_id'])
    .where((eb) => (ids.length ? eb.or([eb('status', '!=', 'draft'), eb('id', 'in', ids)]) : eb('status', '!=', 'draft')))
    .orderBy('search_title')
    .orderBy('id')
    .execute();
}

export async function courseById(db: Conn, id: number): Promise<ReportCourse | undefined> {
  return db.selectFrom('courses').select(['id', 'title', 'status', 'host_unit_id']).where('id', '=', id).executeTakeFirst();
}

export interface LearnerRow {
  user_id: number;
  full_name: string;
  search_name: string;
  target_group: string;
  unit_name: string;
  status: string;
  enrolled_at: string;
  started_at: string | null;
  completed_at: string | null;
  score: number | null;
  time_seconds: number | null;
  last_at: string | null;
}

function learnerRows(db: Conn, courseId: number, s: ReportScope, status?: LearnerStatus) {
  let q = courseLearners(db, courseId, s);
  if (status === 'completed') q = q.where('e.status', '=', 'completed');
  if (status === 'in_progress') q = q.where('e.status', '!=', 'completed').where('e.started_at', 'is not', null);
  if (status === 'not_started') q = q.where('e.status', '!=', 'completed').where('e.started_at', 'is', null);
  return q;
}

const learnerColumns = [
  'users.id as user_id',
  'users.full_name as full_name',
  'users.search_name as search_name',
  'users.target_group as target_group',
  'u.name as unit_name',
  'e.status as status',
  'e.enrolled_at as enrolled_at',
  'e.started_at as started_at',
  'e.completed_at as completed_at',
  'p.score as score',
  'p.time_seconds as time_seconds',
  'p.last_at as last_at',
] as const;

export async function countLearners(db: Conn, courseId: number, s: ReportScope, status?: LearnerStatus): Promise<number> {
  if (s.paths.length === 0) return 0;
  const row = await learnerRows(db, courseId, s, status)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listLearners(db: Conn, courseId: number, s: ReportScope, page: { limit: number; offset: number; status?: LearnerStatus }): Promise<LearnerRow[]> {
  if (s.paths.length === 0) return [];
  return (await learnerRows(db, courseId, s, page.status)
    .select(learnerColumns)
    .orderBy('users.search_name')
    .orderBy('users.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute()) as LearnerRow[];
}

/** Every learner in list order, in batches (keyset paging: memory stays flat for any size), for the export. */
export async function* eachLearner(db: Conn, courseId: number, s: ReportScope, batch = 1000): AsyncGenerator<LearnerRow[]> {
  if (s.paths.length === 0) return;
  let after: { name: string; id: number } | undefined;
  for (;;) {
    let q = courseLearners(db, courseId, s).select(learnerColumns);
    if (after) {
      const { name, id } = after;
      q = q.where((eb) => eb.or([eb('users.search_name', '>', name), eb.and([eb('users.search_name', '=', name), eb('users.id', '>', id)])]));
    }
    const rows = (await q.orderBy('users.search_name').orderBy('users.id').limit(batch).execute()) as LearnerRow[];
    if (rows.length) yield rows;
    if (rows.length < batch) return;
    const last = rows[rows.length - 1];
    after = { name: last.search_name, id: last.user_id };
  }
}

/** One learner of the course, in the scope; undefined otherwise. */
export async function learnerInScope(db: Conn, courseId: number, userId: number, s: ReportScope): Promise<LearnerRow | undefined> {
  if (s.paths.length === 0) return undefined;
  return (await courseLearners(db, courseId, s).select(learnerColumns).where('users.id', '=', userId).executeTakeFirst()) as LearnerRow | undefined;
}

export async function activitiesWithProgress(db: Conn, courseId: number, userId: number) {
  return db
    .selectFrom('activities as a')
    .innerJoin('topics as t', 't.id', 'a.topic_id')
    .leftJoin('activity_progress as ap', (join) => join.onRef('ap.activity_id', '=', 'a.id').on('ap.user_id', '=', userId))
    .select([
      'a.id',
      'a.title',
      'a.type',
      'a.required',
      'ap.status',
      'ap.score',
      'ap.time_seconds',
      'ap.completed_at',
      'ap.updated_at',
    ])
    .where('a.course_id', '=', courseId)
    .orderBy('t.position')
    .orderBy('a.position')
    .orderBy('a.id')
    .execute();
}

export async function scormAttemptsOf(db: Conn, courseId: number, userId: number) {
  return db
    .selectFrom('scorm_attempts as sa')
    .innerJoin('activities as a', 'a.id', 'sa.activity_id')
    .innerJoin('topics as t', 't.id', 'a.topic_id')
    .select([
      'sa.id',
      'a.id as activity_id',
      'a.title as activity_title',
      'sa.sco_id',
      'sa.attempt',
      'sa.cmi',
      'sa.completion_status',
      'sa.success_status',
      'sa.score_scaled',
      'sa.score_raw',
      'sa.total_time_seconds',
      'sa.updated_at',
    ])
    .where('a.course_id', '=', courseId)
    .where('sa.user_id', '=', userId)
    .orderBy('t.position')
    .orderBy('a.position')
    .orderBy('sa.attempt')
    .orderBy('sa.sco_id')
    .execute();
}
