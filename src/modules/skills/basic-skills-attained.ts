/**
 * "Basic digital skills attained", materialized: the table `basic_skills_attained(user_id, attained_at)` (migration
 * 016) holds exactly the people `basicSkillsUserIds` (basic-skills.ts, the reference) finds for the saved rule, so that
 * reports and community figures count with a join on a small table instead of evaluating the rule over every
 * enrolment and the 50 million rows of activity_progress each time.
 *
 * Kept up to date two ways:
 *  - per person (`refreshBasicSkills`), inside the transaction of each write the rule reads: an activity's progress
 *    becoming done (completed, passed) or not done again (courses/progress.ts, the one entry point of SCORM commits,
 *    quizzes, videos, documents), a course completed (same file), enrolments re-activated as completed
 *    (enrolment-admin), a course's or an activity's competence tags edited (courses). The rule, restricted to those
 *    people, is evaluated again (a few index lookups per person) and their rows inserted or deleted;
 *  - whole (`rebuildBasicSkills`), when the rule is saved (skills/service.ts), at start (server.ts) and by any reader
 *    that finds the table built for another rule than the one saved (`ensureBasicSkills`): the settings row
 *    'basic_skills_built' holds the stored JSON of the rule the table was built for ('' = no rule, empty table), so a
 *    rule written by other means (the demo, a database administrator, the tests) is picked up on the next read.
 *
 * Several app instances: on PostgreSQL a rebuild holds an exclusive transaction-level advisory lock and checks the
 * marker again once it has it (the second instance finds the table built and does nothing); a per-person refresh
 * holds the same lock shared, so it waits for a rebuild in progress and then sees the new rule (and a rebuild waits
 * for the refreshes in flight). A refresh that finds the table built for another rule does nothing: the next reader
 * rebuilds. On SQLite, one process and one connection: transactions never overlap.
 *
 * People whose data was deleted keep their anonymous learning records, hence their row: aggregates count them, as
 * the rule's subquery does; lists of people filter on users.status themselves.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isPostgres } from '../../db/database.js';
import { ACTIVITY_DONE } from './tags.js';
import { BASIC_SKILLS_KEY, basicSkillsUserIds, parseRule, type BasicSkillsRule, type UserIdQuery, type UserSet } from './basic-skills.js';

type Conn = Kysely<DB> | Transaction<DB>;

/** Settings key: the stored JSON of the rule the table was built for ('' for none). */
export const BASIC_SKILLS_BUILT_KEY = 'basic_skills_built';
/** Advisory lock key (PostgreSQL) of the table's maintenance: an arbitrary constant. */
const LOCK_KEY = 760_016;
const ID_CHUNK = 5000;


async function ruleAndMarker(db: Conn): Promise<{ ruleJson: string; built: string | undefined }> {
  const rows = await db.selectFrom('settings').select(['key', 'value']).where('key', 'in', [BASIC_SKILLS_KEY, BASIC_SKILLS_BUILT_KEY]).execute();
  const rule = rows.find((r) => r.key === BASIC_SKILLS_KEY);
  const built = rows.find((r) => r.key === BASIC_SKILLS_BUILT_KEY);
  // A stored value that is not a usable rule means "no rule", as loadBasicSkillsRule reads it.
  const ruleJson = rule && parseRule(rule.value) ? rule.value : '';
  return { ruleJson, built: built?.value };
}

async function saveMarker(db: Conn, value: string) {
  const now = new Date().toISOString();
  await db
    .insertInto('settings')
    .values({ key: BASIC_SKILLS_BUILT_KEY, value, updated_at: now, updated_by: null })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: now }))
    .execute();
}

async function rebuildIn(trx: Transaction<DB>, force: boolean): Promise<boolean> {
  if (isPostgres(trx)) await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
  const { ruleJson, built } = await ruleAndMarker(trx);
  if (!force && built === ruleJson) return false;
  const rule = ruleJson ? parseRule(ruleJson) : undefined;
  await trx.deleteFrom('basic_skills_attained').execute();
  if (rule) {
    const now = new Date().toISOString();
    await trx
      .insertInto('basic_skills_attained')
      .columns(['user_id', 'attained_at'])
      .expression(trx.selectFrom(basicSkillsUserIds(trx, rule).as('met')).select((eb) => ['met.user_id', eb.val(now).as('attained_at')]))
      .execute();
  }
  await saveMarker(trx, ruleJson);
  return true;
}

/**
 * Rebuilds the table for the saved rule (unless it is already built for it, or `force`). Inside the caller's
 * transaction when given one (the rule's save), else in its own. Returns whether it rebuilt.
 */
export async function rebuildBasicSkills(db: Conn, options: { force?: boolean } = {}): Promise<boolean> {
  const force = options.force ?? false;
  if (db.isTransaction) return rebuildIn(db as Transaction<DB>, force);
  return (db as Kysely<DB>).transaction().execute((trx) => rebuildIn(trx, force));
}

/**
 * The table is built for the saved rule (rebuilt first when not). Cheap when it is: one read of two settings rows.
 * Returns the rule (undefined when none is saved: then the table is empty).
 */
export async function ensureBasicSkills(db: Conn): Promise<BasicSkillsRule | undefined> {
  const { ruleJson, built } = await ruleAndMarker(db);
  if (built !== ruleJson) await rebuildBasicSkills(db);
  return ruleJson ? parseRule(ruleJson) : undefined;
}

/** The saved rule, with the table built for it: what readers of `attainedUserIds` load first. */
export const loadAttainedRule = ensureBasicSkills;

/**
 * The people meeting the rule, from the table: a subquery of `user_id`, as `basicSkillsUserIds` (same use).
 * Call `ensureBasicSkills` (or `loadAttainedRule`) first, in the same request.
 */
export function attainedUserIds(db: Conn, _rule?: BasicSkillsRule): UserIdQuery {
  return db.selectFrom('basic_skills_attained').select('basic_skills_attained.user_id as user_id');
}

/**
 * Evaluates the rule again for some people (ids, or a subquery of ids) and updates their rows. Runs in the
 * caller's transaction (the write that changed what the rule reads), after that write.
 */
export async function refreshBasicSkills(db: Conn, people: UserSet): Promise<void> {
  if (Array.isArray(people)) {
    const ids = [...new Set(people)];
    for (let i = 0; i < ids.length; i += ID_CHUNK) await refreshSet(db, ids.slice(i, i + ID_CHUNK));
  } else {
    await refreshSet(db, people);
  }
}

async function refreshSet(db: Conn, people: UserSet, onlyWithCompetences = false): Promise<void> {
  if (Array.isArray(people) && people.length === 0) return;
  if (isPostgres(db)) await sql`select pg_advisory_xact_lock_shared(${LOCK_KEY})`.execute(db);
  const { ruleJson, built } = await ruleAndMarker(db);
  if (built !== ruleJson || !ruleJson) return; // stale (the next reader rebuilds) or no rule (the table is empty)
  const rule = parseRule(ruleJson)!;
  if (onlyWithCompetences && rule.competences.length === 0) return;
  await db
    .deleteFrom('basic_skills_attained')
    .where('user_id', 'in', people)
    .where('user_id', 'not in', basicSkillsUserIds(db, rule, people))
    .execute();
  const now = new Date().toISOString();
  await db
    .insertInto('basic_skills_attained')
    .columns(['user_id', 'attained_at'])
    .expression(
      db
        .selectFrom(basicSkillsUserIds(db, rule, people).as('met'))
        .select((eb) => ['met.user_id', eb.val(now).as('attained_at')])
        // (a WHERE also lets SQLite parse INSERT … SELECT … ON CONFLICT)
        .where('met.user_id', 'not in', db.selectFrom('basic_skills_attained').select('basic_skills_attained.user_id')),
    )
    .onConflict((oc) => oc.column('user_id').doNothing())
    .execute();
}

/** After a course's competence tags may have changed: everyone who completed it (when the rule asks for competences). */
export async function refreshAfterCourseTags(db: Conn, courseId: number): Promise<void> {
  await refreshSet(db, db.selectFrom('enrolments').select('enrolments.user_id').where('enrolments.course_id', '=', courseId).where('enrolments.status', '=', 'completed'), true);
}

/** After an activity's competence tags may have changed: everyone who completed or passed it (same). */
export async function refreshAfterActivityTags(db: Conn, activityId: number): Promise<void> {
  await refreshSet(
    db,
    db.selectFrom('activity_progress').select('activity_progress.user_id').where('activity_progress.activity_id', '=', activityId).where('activity_progress.status', 'in', ACTIVITY_DONE),
    true,
  );
}
