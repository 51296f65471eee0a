/**
 * Course reports ('course:report'): per course, enrolled / started / completed / average score /
 * completion rate, by commune and by target group, the learners with their status, score, time and
 * last activity, and one learner's SCORM detail. Least privilege: everyone — unit administrators and
 * content managers alike — sees only the learners of the units in their own scope (the city
 * administrator's scope is the whole city); a course hosted by their unit does not widen it.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { notFound } from '../../core/errors.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import '../courses/capabilities.js';
import { interactionsOf, type InteractionDetail } from './cmi-detail.js';
import {
  activitiesWithProgress,
  courseById,
  courseTotals,
  courseTotalsByCommune,
  courseTotalsByGroup,
  countLearners,
  learnerInScope,
  listLearners,
  reportableCourses,
  scormAttemptsOf,
  totalsByCourse,
  type LearnerRow,
  type LearnerStatus,
  type ReportCourse,
  type ReportScope,
  type Totals,
} from './repository.js';
import './messages.js';

export const REPORT = 'course:report';
export const PAGE_SIZE = 50;

const round1 = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);

export interface TotalsDto {
  enrolled: number;
  started: number;
  completed: number;
  /** completed / enrolled, 0..1 (0 without learners). */
  completionRate: number;
  /** 0–100, one decimal; null when no learner has a score. */
  averageScore: number | null;
}

export function presentTotals(t: Totals): TotalsDto {
  return {
    enrolled: t.enrolled,
    started: t.started,
    completed: t.completed,
    completionRate: t.enrolled ? Math.round((t.completed / t.enrolled) * 10000) / 10000 : 0,
    averageScore: round1(t.averageScore),
  };
}

/** The caller's scope, narrowed to a unit of it when asked; a unit outside it answers 404 like an unknown one. */
export async function reportScope(db: Kysely<DB>, actor: Actor | undefined, unitCode?: string): Promise<ReportScope> {
  const paths = scopePaths(actor, REPORT);
  if (!unitCode) return { paths };
  const unit = await unitByCode(db, unitCode);
  if (!unit || !paths.some((p) => unit.path.startsWith(p))) throw notFound();
  return { paths, unitPath: unit.path };
}

export function unitsForReports(db: Kysely<DB>, actor: Actor | undefined): Promise<UnitRow[]> {
  return unitsUnder(db, scopePaths(actor, REPORT));
}

export async function courseList(db: Kysely<DB>, actor: Actor | undefined) {
  const scope = await reportScope(db, actor);
  const totals = await totalsByCourse(db, scope);
  const courses = await reportableCourses(db, [...totals.keys()]);
  const empty: Totals = { enrolled: 0, started: 0, completed: 0, averageScore: null };
  return courses.map((c) => ({ id: c.id, title: c.title, status: c.status, ...presentTotals(totals.get(c.id) ?? empty) }));
}
export type CourseListItem = Awaited<ReturnType<typeof courseList>>[number];

export async function reportCourse(db: Kysely<DB>, courseId: number): Promise<ReportCourse> {
  const course = await courseById(db, courseId);
  if (!course) throw notFound();
  return course;
}

export async function courseReport(db: Kysely<DB>, actor: Actor | undefined, courseId: number, unitCode?: string) {
  const course = await reportCourse(db, courseId);
  const scope = await reportScope(db, actor, unitCode);
  const [totals, byUnit, byGroup] = await Promise.all([
    courseTotals(db, course.id, scope),
    courseTotalsByCommune(db, course.id, scope),
    courseTotalsByGroup(db, course.id, scope),
  ]);
  return {
    course: { id: course.id, title: course.title, status: course.status },
    totals: presentTotals(totals),
    byUnit: byUnit.map((u) => ({ unit: u.unitCode ? { code: u.unitCode, name: u.unitName! } : null, ...presentTotals(u) })),
    byGroup: byGroup.map((g) => ({ targetGroup: g.targetGroup, ...presentTotals(g) })),
  };
}
export type CourseReport = Awaited<ReturnType<typeof courseReport>>;

export function learnerStatus(r: Pick<LearnerRow, 'status' | 'started_at'>): LearnerStatus {
  if (r.status === 'completed') return 'completed';
  return r.started_at ? 'in_progress' : 'not_started';
}

export function presentLearner(r: LearnerRow) {
  return {
    userId: r.user_id,
    fullName: r.full_name,
    unitName: r.unit_name,
    targetGroup: r.target_group,
    status: learnerStatus(r),
    enrolledAt: r.enrolled_at,
    completedAt: r.completed_at,
    score: round1(r.score === null ? null : Number(r.score)),
    timeSeconds: r.time_seconds === null ? 0 : Number(r.time_seconds),
    lastActivityAt: r.last_at,
  };
}
export type LearnerDto = ReturnType<typeof presentLearner>;

export async function courseLearnersPage(
  db: Kysely<DB>,
  actor: Actor | undefined,
  courseId: number,
  q: { unit?: string; status?: LearnerStatus; page?: number; pageSize?: number },
) {
  const course = await reportCourse(db, courseId);
  const scope = await reportScope(db, actor, q.unit);
  const pageSize = q.pageSize ?? PAGE_SIZE;
  const total = await countLearners(db, course.id, scope, q.status);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(q.page ?? 1, pages);
  const rows = total ? await listLearners(db, course.id, scope, { limit: pageSize, offset: (page - 1) * pageSize, status: q.status }) : [];
  return { items: rows.map(presentLearner), total, page, pageSize, pages };
}
export type LearnersPage = Awaited<ReturnType<typeof courseLearnersPage>>;

export interface ScormAttemptDto {
  activityId: number;
  activityTitle: string;
  scoId: string;
  attempt: number;
  completionStatus: string | null;
  successStatus: string | null;
  /** 0–100 (from the scaled score, else the raw score). */
  score: number | null;
  totalTimeSeconds: number;
  updatedAt: string;
  interactions: InteractionDetail[];
}

/** One learner of the course in the caller's scope: their activities and SCORM attempts; 404 for anyone else. */
export async function learnerDetail(db: Kysely<DB>, actor: Actor | undefined, courseId: number, userId: number) {
  const course = await reportCourse(db, courseId);
  const scope = await reportScope(db, actor);
  const learner = await learnerInScope(db, course.id, userId, scope);
  if (!learner) throw notFound();
  const [activities, attempts] = await Promise.all([activitiesWithProgress(db, course.id, userId), scormAttemptsOf(db, course.id, userId)]);
  return {
    course: { id: course.id, title: course.title },
    learner: presentLearner(learner),
    activities: activities.map((a) => ({
      id: a.id,
      title: a.title,
      type: a.type,
      required: Number(a.required) === 1,
      status: a.status ?? 'not_started',
      score: round1(a.score === null ? null : Number(a.score)),
      timeSeconds: Number(a.time_seconds ?? 0),
      updatedAt: a.updated_at ?? null,
    })),
    scorm: attempts.map(
      (s): ScormAttemptDto => ({
        activityId: s.activity_id,
        activityTitle: s.activity_title,
        scoId: s.sco_id,
        attempt: s.attempt,
        completionStatus: s.completion_status,
        successStatus: s.success_status,
        score: s.score_scaled !== null ? round1(Number(s.score_scaled) * 100) : s.score_raw === null ? null : round1(Number(s.score_raw)),
        totalTimeSeconds: Number(s.total_time_seconds ?? 0),
        updatedAt: s.updated_at,
        interactions: interactionsOf(s.cmi),
      }),
    ),
  };
}
export type LearnerDetail = Awaited<ReturnType<typeof learnerDetail>>;
