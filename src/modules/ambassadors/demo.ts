/**
 * Demo digital ambassadors loaded on the first start (no mentor yet; DEMO_COURSE=false turns it off): three mentors
 * in Phường Thành Đông and Xã Nam Sách with 7, 5 and 2 mentees (one below the target of 5), each mentee joined
 * through a used invitation, one open invitation per mentor, and some course progress on the published courses.
 *
 * Demo people are accounts without a password (nobody can sign in as them until they reset it) and with an e-mail in
 * the reserved .invalid domain. When the city has a basic digital skills rule, some mentees are made to meet it (they
 * complete the rule's courses); without a rule nobody can meet it, and the pages say so.
 */
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import { insertUser } from '../accounts/repository.js';
import { unitByCode, type UnitRow } from '../units/repository.js';
import { recordActivityProgress } from '../courses/progress.js';
import { loadBasicSkillsRule } from '../skills/basic-skills.js';
import { INVITATION_DAYS } from './capabilities.js';

type Conn = Kysely<DB> | Transaction<DB>;
const DAY = 86_400_000;

/** A demo account (found again by its e-mail, so a second call creates nothing). */
export async function demoPerson(db: Conn, key: string, fullName: string, unit: UnitRow, birthYear: number | null = null): Promise<number> {
  const email = `${key}@demo.kynangso.invalid`;
  const found = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (found) return found.id;
  return insertUser(db, {
    fullName,
    searchName: searchKey(fullName),
    phone: null,
    email,
    unitId: unit.id,
    targetGroup: 'citizen',
    birthYear,
    passwordHash: null,
    consentAt: new Date().toISOString(),
    consentVersion: 'demo',
  });
}

async function enrolOnce(db: Conn, courseId: number, userId: number, at: string): Promise<void> {
  const found = await db.selectFrom('enrolments').select('id').where('course_id', '=', courseId).where('user_id', '=', userId).executeTakeFirst();
  if (found) return;
  await db
    .insertInto('enrolments')
    .values({ course_id: courseId, user_id: userId, source: 'self', enrolled_by: null, status: 'active', enrolled_at: at, started_at: null, completed_at: null, left_at: null })
    .execute();
}

/** Enrols the person and completes every required activity of the course (through the one progress entry point). */
export async function completeCourse(db: Conn, courseId: number, userId: number): Promise<void> {
  await enrolOnce(db, courseId, userId, new Date().toISOString());
  const activities = await db.selectFrom('activities').select('id').where('course_id', '=', courseId).where('required', '=', 1).execute();
  for (const a of activities) await recordActivityProgress(db, { activityId: a.id, userId, status: 'completed', timeSeconds: 420 });
}

/** Starts the course: enrolled, the first activity in progress. */
async function startCourse(db: Conn, courseId: number, userId: number): Promise<void> {
  await enrolOnce(db, courseId, userId, new Date().toISOString());
  const first = await db.selectFrom('activities').select('id').where('course_id', '=', courseId).orderBy('position').executeTakeFirst();
  if (first) await recordActivityProgress(db, { activityId: first.id, userId, status: 'in_progress', timeSeconds: 120 });
}

/**
 * Makes the person meet the city's rule when one is saved: completes the rule's courses (all of them, or the first for
 * "any"), and for each required competence one published course tagged with it. Returns false without a rule.
 */
export async function meetRuleForDemo(db: Conn, userId: number): Promise<boolean> {
  const rule = await loadBasicSkillsRule(db);
  if (!rule) return false;
  const courses = rule.mode === 'any' ? rule.courses.slice(0, 1) : rule.courses;
  for (const id of courses) await completeCourse(db, id, userId);
  for (const code of rule.competences) {
    const tagged = await db
      .selectFrom('content_tags')
      .innerJoin('courses', 'courses.id', 'content_tags.subject_id')
      .select('courses.id')
      .where('content_tags.subject_type', '=', 'course')
      .where('content_tags.kind', '=', 'competence')
      .where('content_tags.code', '=', code)
      .orderBy('courses.id')
      .executeTakeFirst();
    if (tagged) await completeCourse(db, tagged.id, userId);
  }
  return true;
}

const MENTORS: Array<{ commune: string; name: string; mentees: string[] }> = [
  {
    commune: '10507', // Phường Thành Đông
    name: 'Nguyễn Thị Thanh Hương',
    mentees: ['Trần Văn Bảo', 'Lê Thị Hạnh', 'Phạm Văn Lộc', 'Đỗ Thị Ngọc Ánh', 'Vũ Minh Quang', 'Bùi Thị Thu', 'Hoàng Văn Sơn'],
  },
  {
    commune: '10507',
    name: 'Đặng Quốc Việt',
    mentees: ['Ngô Thị Lý', 'Đinh Văn Hòa', 'Phan Thị Yến', 'Lương Văn Toàn', 'Tạ Thị Hằng'],
  },
  {
    commune: '10606', // Xã Nam Sách
    name: 'Mai Thị Phượng',
    mentees: ['Cao Văn Thịnh', 'Trịnh Thị Nga'],
  },
];

/** Creates the demo network when there is no mentor at all; returns the number of mentors created. */
export async function ensureDemoAmbassadors(db: Kysely<DB>, config: Pick<Config, 'demoCourse'>, now = new Date()): Promise<number> {
  if (!config.demoCourse) return 0;
  if (await db.selectFrom('ambassador_mentors').select('id').limit(1).executeTakeFirst()) return 0;
  const courses = await db.selectFrom('courses').select('id').where('status', '=', 'published').orderBy('id').limit(2).execute();
  return db.transaction().execute(async (trx) => {
    let mentors = 0;
    let n = 0;
    for (const [mi, m] of MENTORS.entries()) {
      const unit = await unitByCode(trx, m.commune);
      if (!unit) continue;
      const mentorUser = await demoPerson(trx, `dai-su-so.${mi + 1}`, m.name, unit, 1985 + mi);
      const created = new Date(now.getTime() - 40 * DAY).toISOString();
      const { id: mentorId } = await trx
        .insertInto('ambassador_mentors')
        .values({ user_id: mentorUser, unit_id: unit.id, designated_by: null, created_at: created, retired_at: null })
        .returning('id')
        .executeTakeFirstOrThrow();
      mentors++;
      for (const [i, name] of m.mentees.entries()) {
        n++;
        const menteeId = await demoPerson(trx, `hoc-vien-dai-su.${n}`, name, unit, 1950 + ((n * 7) % 50));
        if (await trx.selectFrom('ambassador_mentees').select('mentee_id').where('mentee_id', '=', menteeId).executeTakeFirst()) continue;
        const joined = new Date(now.getTime() - (30 - i * 3) * DAY).toISOString();
        const { id: invitationId } = await trx
          .insertInto('ambassador_invitations')
          .values({
            token: crypto.randomBytes(24).toString('base64url'),
            mentor_id: mentorId,
            created_at: joined,
            expires_at: new Date(Date.parse(joined) + INVITATION_DAYS * DAY).toISOString(),
            used_at: joined,
            used_by: menteeId,
            revoked_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx.insertInto('ambassador_mentees').values({ mentee_id: menteeId, mentor_id: mentorId, invitation_id: invitationId, joined_at: joined }).execute();
        // Progress: about half complete a course (and meet the rule when there is one), some have started, some not.
        if (i % 2 === 0) {
          if (!(await meetRuleForDemo(trx, menteeId)) && courses[0]) await completeCourse(trx, courses[0].id, menteeId);
        } else if (i % 3 === 1 && courses.length) {
          await startCourse(trx, courses[courses.length - 1].id, menteeId);
        }
      }
      // One invitation still open, for the QR page.
      await trx
        .insertInto('ambassador_invitations')
        .values({
          token: crypto.randomBytes(24).toString('base64url'),
          mentor_id: mentorId,
          created_at: now.toISOString(),
          expires_at: new Date(now.getTime() + INVITATION_DAYS * DAY).toISOString(),
          used_at: null,
          used_by: null,
          revoked_at: null,
        })
        .execute();
    }
    return mentors;
  });
}
