/**
 * SQL of digital ambassadors. Unit views are scoped by the mentor's unit path (in the same query);
 * a mentor's own views by the mentor row (a mentee of someone else is simply not found).
 *
 * Definitions, per mentee: "completed" — at least one course completed (enrolments.status 'completed');
 * "attained" — meets the city's basic digital skills rule (src/modules/skills/basic-skills.ts).
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { BasicSkillsRule } from '../skills/basic-skills.js';
import { attainedUserIds } from '../skills/basic-skills-attained.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface MentorRow {
  id: number;
  userId: number;
  unitId: number;
  unitPath: string;
  fullName: string;
  retiredAt: string | null;
}

function mentorQuery(db: Conn) {
  return db
    .selectFrom('ambassador_mentors as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .select(['m.id as id', 'm.user_id as userId', 'm.unit_id as unitId', 'u.path as unitPath', 'users.full_name as fullName', 'm.retired_at as retiredAt']);
}

/** The person's mentor row when they are an active mentor. */
export async function activeMentorOfUser(db: Conn, userId: number): Promise<MentorRow | undefined> {
  return mentorQuery(db).where('m.user_id', '=', userId).where('m.retired_at', 'is', null).executeTakeFirst();
}

export async function mentorRowOfUser(db: Conn, userId: number): Promise<MentorRow | undefined> {
  return mentorQuery(db).where('m.user_id', '=', userId).executeTakeFirst();
}

export async function mentorById(db: Conn, id: number): Promise<MentorRow | undefined> {
  return mentorQuery(db).where('m.id', '=', id).executeTakeFirst();
}

export async function insertMentor(db: Conn, userId: number, unitId: number, by: number | null, now: string): Promise<number> {
  const { id } = await db
    .insertInto('ambassador_mentors')
    .values({ user_id: userId, unit_id: unitId, designated_by: by, created_at: now, retired_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function reactivateMentor(db: Conn, id: number, unitId: number, by: number | null): Promise<void> {
  await db.updateTable('ambassador_mentors').set({ retired_at: null, unit_id: unitId, designated_by: by }).where('id', '=', id).execute();
}

/** Retires a mentor: their mentees are released (free to join another mentor), open invitations revoked. */
export async function retireMentor(db: Conn, id: number, now: string): Promise<{ released: number }> {
  const released = await db.deleteFrom('ambassador_mentees').where('mentor_id', '=', id).executeTakeFirst();
  await db
    .updateTable('ambassador_invitations')
    .set({ revoked_at: now })
    .where('mentor_id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .execute();
  await db.updateTable('ambassador_mentors').set({ retired_at: now }).where('id', '=', id).where('retired_at', 'is', null).execute();
  return { released: Number(released.numDeletedRows) };
}

// ---- invitations ----

export interface InvitationRow {
  id: number;
  token: string;
  mentorId: number;
  mentorUserId: number;
  mentorName: string;
  mentorUnitName: string;
  mentorRetiredAt: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  usedBy: number | null;
  revokedAt: string | null;
}

function invitationQuery(db: Conn) {
  return db
    .selectFrom('ambassador_invitations as i')
    .innerJoin('ambassador_mentors as m', 'm.id', 'i.mentor_id')
    .innerJoin('users', 'users.id', 'm.user_id')
    .innerJoin('units as u', 'u.id', 'users.unit_id')
    .select([
      'i.id as id',
      'i.token as token',
      'i.mentor_id as mentorId',
      'm.user_id as mentorUserId',
      'users.full_name as mentorName',
      'u.name as mentorUnitName',
      'm.retired_at as mentorRetiredAt',
      'i.created_at as createdAt',
      'i.expires_at as expiresAt',
      'i.used_at as usedAt',
      'i.used_by as usedBy',
      'i.revoked_at as revokedAt',
    ]);
}

export async function invitationByToken(db: Conn, token: string): Promise<InvitationRow | undefined> {
  return invitationQuery(db).where('i.token', '=', token).executeTakeFirst();
}

export async function invitationOfMentor(db: Conn, id: number, mentorId: number): Promise<InvitationRow | undefined> {
  return invitationQuery(db).where('i.id', '=', id).where('i.mentor_id', '=', mentorId).executeTakeFirst();
}

/** The mentor's invitations still usable now, newest first. */
export async function openInvitations(db: Conn, mentorId: number, now: string): Promise<InvitationRow[]> {
  return invitationQuery(db)
    .where('i.mentor_id', '=', mentorId)
    .where('i.used_at', 'is', null)
    .where('i.revoked_at', 'is', null)
    .where('i.expires_at', '>', now)
    .orderBy('i.id', 'desc')
    .execute();
}

export async function insertInvitation(db: Conn, mentorId: number, token: string, now: string, expiresAt: string): Promise<number> {
  const { id } = await db
    .insertInto('ambassador_invitations')
    .values({ token, mentor_id: mentorId, created_at: now, expires_at: expiresAt, used_at: null, used_by: null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

/** Uses the invitation up; true only for the one caller that did (a replay or a race gets false). */
export async function useInvitation(db: Conn, id: number, userId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('ambassador_invitations')
    .set({ used_at: now, used_by: userId })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function revokeInvitation(db: Conn, id: number, mentorId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('ambassador_invitations')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('mentor_id', '=', mentorId)
    .where('used_at', 'is', null)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

// ---- mentees ----

export async function mentorOfMentee(db: Conn, menteeId: number): Promise<{ mentorId: number; mentorName: string } | undefined> {
  return db
    .selectFrom('ambassador_mentees as me')
    .innerJoin('ambassador_mentors as m', 'm.id', 'me.mentor_id')
    .innerJoin('users', 'users.id', 'm.user_id')
    .select(['me.mentor_id as mentorId', 'users.full_name as mentorName'])
    .where('me.mentee_id', '=', menteeId)
    .executeTakeFirst();
}

export async function insertMentee(db: Conn, mentorId: number, menteeId: number, invitationId: number | null, now: string): Promise<void> {
  await db.insertInto('ambassador_mentees').values({ mentee_id: menteeId, mentor_id: mentorId, invitation_id: invitationId, joined_at: now }).execute();
}

/** Per user: courses enrolled (not left), started, completed. */
function courseCounts(db: Conn) {
  return db
    .selectFrom('enrolments as e')
    .select((eb) => [
      'e.user_id as user_id',
      eb.fn.countAll<number>().as('enrolled'),
      eb.fn.sum<number>(eb.case().when('e.status', '=', 'completed').then(1).else(0).end()).as('completed'),
      eb.fn.sum<number>(eb.case().when(eb.or([eb('e.started_at', 'is not', null), eb('e.status', '=', 'completed')])).then(1).else(0).end()).as('started'),
    ])
    .where('e.status', '!=', 'left')
    .groupBy('e.user_id');
}

export interface MenteeSummary {
  userId: number;
  fullName: string;
  unitName: string;
  joinedAt: string;
  enrolled: number;
  started: number;
  completed: number;
  attained: boolean;
}

export async function menteesOf(db: Conn, mentorId: number, rule: BasicSkillsRule | undefined): Promise<MenteeSummary[]> {
  let q = db
    .selectFrom('ambassador_mentees as me')
    .innerJoin('users', 'users.id', 'me.mentee_id')
    .innerJoin('units as u', 'u.id', 'users.unit_id')
    .leftJoin(courseCounts(db).as('cc'), 'cc.user_id', 'me.mentee_id')
    .where('me.mentor_id', '=', mentorId);
  if (rule) q = q.leftJoin(attainedUserIds(db, rule).as('met'), 'met.user_id', 'me.mentee_id');
  const rows = await q
    .select([
      'me.mentee_id as userId',
      'users.full_name as fullName',
      'u.name as unitName',
      'me.joined_at as joinedAt',
      'cc.enrolled as enrolled',
      'cc.started as started',
      'cc.completed as completed',
      (rule ? sql<number | null>`met.user_id` : sql<number | null>`null`).as('met'),
    ])
    .orderBy('users.search_name')
    .orderBy('me.mentee_id')
    .execute();
  return rows.map((r) => ({
    userId: r.userId,
    fullName: r.fullName,
    unitName: r.unitName,
    joinedAt: r.joinedAt,
    enrolled: Number(r.enrolled ?? 0),
    started: Number(r.started ?? 0),
    completed: Number(r.completed ?? 0),
    attained: r.met !== null && r.met !== undefined,
  }));
}

export async function isMenteeOf(db: Conn, mentorId: number, menteeId: number): Promise<{ joinedAt: string; fullName: string; unitName: string } | undefined> {
  return db
    .selectFrom('ambassador_mentees as me')
    .innerJoin('users', 'users.id', 'me.mentee_id')
    .innerJoin('units as u', 'u.id', 'users.unit_id')
    .select(['me.joined_at as joinedAt', 'users.full_name as fullName', 'u.name as unitName'])
    .where('me.mentor_id', '=', mentorId)
    .where('me.mentee_id', '=', menteeId)
    .executeTakeFirst();
}

export interface CourseProgressRow {
  courseId: number;
  title: string;
  status: string;
  enrolledAt: string;
  startedAt: string | null;
  completedAt: string | null;
  required: number;
  done: number;
}

/** A person's courses (not left) with required activities done / total. */
export async function courseProgressOf(db: Conn, userId: number): Promise<CourseProgressRow[]> {
  const required = db
    .selectFrom('activities as a')
    .leftJoin('activity_progress as ap', (join) => join.onRef('ap.activity_id', '=', 'a.id').on('ap.user_id', '=', userId))
    .select((eb) => [
      'a.course_id as course_id',
      eb.fn.countAll<number>().as('required'),
      eb.fn.sum<number>(eb.case().when('ap.status', 'in', ['completed', 'passed']).then(1).else(0).end()).as('done'),
    ])
    .where('a.required', '=', 1)
    .groupBy('a.course_id');
  const rows = await db
    .selectFrom('enrolments as e')
    .innerJoin('courses as c', 'c.id', 'e.course_id')
    .leftJoin(required.as('r'), 'r.course_id', 'e.course_id')
    .select([
      'c.id as courseId',
      'c.title as title',
      'e.status as status',
      'e.enrolled_at as enrolledAt',
      'e.started_at as startedAt',
      'e.completed_at as completedAt',
      'r.required as required',
      'r.done as done',
    ])
    .where('e.user_id', '=', userId)
    .where('e.status', '!=', 'left')
    .orderBy('e.enrolled_at', 'desc')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ ...r, required: Number(r.required ?? 0), done: Number(r.done ?? 0) }));
}

// ---- the network (unit and city views) ----

export interface NetworkMentor {
  mentorId: number;
  fullName: string;
  unitName: string;
  mentees: number;
  completed: number;
  attained: number;
}

/** Active mentors whose unit is under one of the paths, with their mentee counts: one aggregate query. */
export async function networkOf(db: Conn, paths: string[], rule: BasicSkillsRule | undefined): Promise<NetworkMentor[]> {
  if (paths.length === 0) return [];
  const done = db.selectFrom('enrolments').select('enrolments.user_id as user_id').where('enrolments.status', '=', 'completed').distinct();
  let q = db
    .selectFrom('ambassador_mentors as m')
    .innerJoin('users', 'users.id', 'm.user_id')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .leftJoin('ambassador_mentees as me', 'me.mentor_id', 'm.id')
    .leftJoin(done.as('done'), 'done.user_id', 'me.mentee_id')
    .where('m.retired_at', 'is', null)
    .where((eb) => eb.or(paths.map((p) => eb('u.path', 'like', `${p}%`))));
  if (rule) q = q.leftJoin(attainedUserIds(db, rule).as('met'), 'met.user_id', 'me.mentee_id');
  const rows = await q
    .select((eb) => [
      'm.id as mentorId',
      'users.full_name as fullName',
      'users.search_name as searchName',
      'u.name as unitName',
      eb.fn.count<number>('me.mentee_id').as('mentees'),
      eb.fn.count<number>('done.user_id').as('completed'),
      (rule ? eb.fn.count<number>(sql.ref('met.user_id')) : sql<number>`0`).as('attained'),
    ])
    .groupBy(['m.id', 'users.full_name', 'users.search_name', 'u.name'])
    .orderBy('u.name')
    .orderBy('users.search_name')
    .execute();
  return rows.map((r) => ({
    mentorId: r.mentorId,
    fullName: r.fullName,
    unitName: r.unitName,
    mentees: Number(r.mentees),
    completed: Number(r.completed),
    attained: Number(r.attained),
  }));
}
