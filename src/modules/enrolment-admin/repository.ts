/**
 * SQL of bulk enrolment. The people a unit administrator may enrol are chosen in SQL, inside their
 * scope (unit path under one of the scope paths), active accounts only — the same condition for the
 * preview count, the re-activation of people who had left and the insert of new enrolments, so the
 * preview and the result always agree and nobody outside the scope is ever touched.
 */
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { refreshBasicSkills } from '../skills/basic-skills-attained.js';

type Conn = Kysely<DB> | Transaction<DB>;

export const ENROLLABLE_COURSE_KINDS = ['open', 'assigned'];

export interface EnrolCourse {
  id: number;
  title: string;
  enrolment: string;
  audience: string;
  status: string;
}

/** Published courses a unit may enrol its people in. */
export async function enrollableCourses(db: Conn): Promise<EnrolCourse[]> {
  return db
    .selectFrom('courses')
    .select(['id', 'title', 'enrolment', 'audience', 'status'])
    .where('status', '=', 'published')
    .where('enrolment', 'in', ENROLLABLE_COURSE_KINDS)
    .orderBy('search_title')
    .orderBy('id')
    .execute();
}

export async function enrollableCourse(db: Conn, id: number): Promise<EnrolCourse | undefined> {
  return db
    .selectFrom('courses')
    .select(['id', 'title', 'enrolment', 'audience', 'status'])
    .where('id', '=', id)
    .where('status', '=', 'published')
    .where('enrolment', 'in', ENROLLABLE_COURSE_KINDS)
    .executeTakeFirst();
}

/** Who is enrolled: people in the scope, optionally one unit's subtree, one target group, or given ids. */
export interface Selection {
  /** Scope paths of 'course:enrol'; empty selects nobody. */
  paths: string[];
  unitPath?: string;
  group?: string;
  userIds?: number[];
}

type Eb = ExpressionBuilder<DB, 'users' | 'units'>;

function selected(eb: Eb, s: Selection): Expression<SqlBool> {
  const and: Expression<SqlBool>[] = [
    eb('users.status', '=', 'active'),
    eb.or(s.paths.map((p) => eb('units.path', 'like', `${p}%`))),
  ];
  if (s.unitPath) and.push(eb('units.path', 'like', `${s.unitPath}%`));
  if (s.group) and.push(eb('users.target_group', '=', s.group));
  if (s.userIds) and.push(eb('users.id', 'in', s.userIds));
  return eb.and(and);
}

const people = (db: Conn, s: Selection) =>
  db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .where((eb) => selected(eb, s));

export interface SelectionCounts {
  /** People selected. */
  matched: number;
  /** Of them, already enrolled (active or completed): skipped. */
  enrolled: number;
  /** Of them, who had left the course: re-activated. */
  left: number;
}

export async function countSelection(db: Conn, courseId: number, s: Selection): Promise<SelectionCounts> {
  if (s.paths.length === 0 || s.userIds?.length === 0) return { matched: 0, enrolled: 0, left: 0 };
  const row = await people(db, s)
    .leftJoin('enrolments', (join) => join.onRef('enrolments.user_id', '=', 'users.id').on('enrolments.course_id', '=', courseId))
    .select((eb) => [
      eb.fn.countAll<number>().as('matched'),
      eb.fn.count<number>(eb.case().when('enrolments.status', '!=', 'left').then(1).end()).as('enrolled'),
      eb.fn.count<number>(eb.case().when('enrolments.status', '=', 'left').then(1).end()).as('left'),
    ])
    .executeTakeFirstOrThrow();
  return { matched: Number(row.matched), enrolled: Number(row.enrolled), left: Number(row.left) };
}

export interface EnrolOutcome {
  matched: number;
  /** New enrolments. */
  enrolled: number;
  /** People who had left and are enrolled again. */
  reactivated: number;
  /** Already enrolled (active or completed): left as they were. */
  skipped: number;
}

/**
 * Enrols the selection in one transaction (the caller's): people who had left are re-activated
 * (completed again if they had completed), everyone not yet enrolled gets a new enrolment, and the
 * already enrolled are left alone. Three statements, whatever the number of people.
 */
export async function enrolSelection(
  trx: Transaction<DB>,
  courseId: number,
  s: Selection,
  by: { userId: number; source: 'unit' | 'import' },
): Promise<EnrolOutcome> {
  const counts = await countSelection(trx, courseId, s);
  if (counts.matched === 0) return { matched: 0, enrolled: 0, reactivated: 0, skipped: 0 };
  const now = new Date().toISOString();
  const ids = () => people(trx, s).select('users.id');
  const reactivated = await trx
    .updateTable('enrolments')
    .set({
      status: sql<string>`case when completed_at is not null then 'completed' else 'active' end`,
      left_at: null,
      source: by.source,
      enrolled_by: by.userId,
    })
    .where('course_id', '=', courseId)
    .where('status', '=', 'left')
    .where('user_id', 'in', ids())
    .executeTakeFirst();
  const inserted = await trx
    .insertInto('enrolments')
    .columns(['course_id', 'user_id', 'source', 'enrolled_by', 'status', 'enrolled_at'])
    .expression(
      people(trx, s)
        .where((eb) =>
          eb.not(
            eb.exists(
              eb.selectFrom('enrolments as e').select('e.id').where('e.course_id', '=', courseId).whereRef('e.user_id', '=', 'users.id'),
            ),
          ),
        )
        .select((eb) => [
          eb.val(courseId).as('course_id'),
          'users.id',
          eb.val(by.source).as('source'),
          eb.val(by.userId).as('enrolled_by'),
          eb.val('active').as('status'),
          eb.val(now).as('enrolled_at'),
        ]),
    )
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
    .executeTakeFirst();
  const enrolled = Number(inserted.numInsertedOrUpdatedRows ?? 0);
  const again = Number(reactivated.numUpdatedRows);
  // Re-activated as completed: the basic-skills rule reads completed enrolments.
  if (again > 0)
    await refreshBasicSkills(trx, trx.selectFrom('enrolments').select('enrolments.user_id').where('course_id', '=', courseId).where('status', '=', 'completed').where('user_id', 'in', ids()));
  return { matched: counts.matched, enrolled, reactivated: again, skipped: counts.matched - enrolled - again };
}

/** Active people of the scope by phone (E.164) and by e-mail: who the rows of a file name. */
export async function peopleByContact(db: Conn, paths: string[], phones: string[], emails: string[]) {
  const byPhone = new Map<string, number>();
  const byEmail = new Map<string, number>();
  if (paths.length === 0) return { byPhone, byEmail };
  const CHUNK = 1000;
  for (let i = 0; i < phones.length; i += CHUNK) {
    const rows = await people(db, { paths })
      .select(['users.id', 'users.phone'])
      .where('users.phone', 'in', phones.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) byPhone.set(r.phone!, r.id);
  }
  for (let i = 0; i < emails.length; i += CHUNK) {
    const rows = await people(db, { paths })
      .select(['users.id', 'users.email'])
      .where('users.email', 'in', emails.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) byEmail.set(r.email!, r.id);
  }
  return { byPhone, byEmail };
}
