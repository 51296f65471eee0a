/**
 * SQL for SCORM attempts: one row per learner, activity, item (sco_id) and attempt number, holding
 * the whole CMI JSON, and one sequencing row per learner, activity and attempt (SCORM 2004).
 * The commit is written so that the common case is ONE statement: see applyCommit.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Derived } from './cmi.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface AttemptRow {
  id: number;
  package_id: number;
  sco_id: string;
  attempt: number;
  cmi: string;
  seq: number;
  completion_status: string | null;
  success_status: string | null;
  score_scaled: number | null;
  score_raw: number | null;
  total_time_seconds: number;
  location: string | null;
  last_page: string | null;
  updated_at: string;
}

const COLUMNS = [
  'id', 'package_id', 'sco_id', 'attempt', 'cmi', 'seq', 'completion_status', 'success_status', 'score_scaled', 'score_raw', 'total_time_seconds', 'location', 'last_page', 'updated_at',
] as const;

/** The rows of the learner's latest attempt at the activity (one per item), or [] when none. */
export async function latestRun(db: Conn, activityId: number, userId: number): Promise<AttemptRow[]> {
  const latest = await db
    .selectFrom('scorm_attempts')
    .select((eb) => eb.fn.max('attempt').as('n'))
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (latest?.n == null) return [];
  return runRows(db, activityId, userId, Number(latest.n));
}

export async function runRows(db: Conn, activityId: number, userId: number, attempt: number): Promise<AttemptRow[]> {
  return db
    .selectFrom('scorm_attempts')
    .select(COLUMNS)
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .where('attempt', '=', attempt)
    .orderBy('id')
    .execute();
}

/** Creates the missing rows of an attempt (idempotent: two tabs opening at once create each row once). */
export async function ensureRunRows(db: Conn, r: { activityId: number; userId: number; packageId: number; attempt: number; scoIds: string[] }): Promise<void> {
  const now = new Date().toISOString();
  if (r.scoIds.length === 0) return;
  await db
    .insertInto('scorm_attempts')
    .values(
      r.scoIds.map((scoId) => ({
        activity_id: r.activityId,
        package_id: r.packageId,
        user_id: r.userId,
        sco_id: scoId,
        attempt: r.attempt,
        cmi: '{}',
        seq: 0,
        completion_status: null,
        success_status: null,
        score_scaled: null,
        score_raw: null,
        total_time_seconds: 0,
        location: null,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) => oc.columns(['activity_id', 'user_id', 'sco_id', 'attempt']).doNothing())
    .execute();
}

export interface CommitWrite {
  attemptId: number;
  userId: number;
  seq: number;
  cmi: string;
  derived: Derived;
  signature: string;
  /** The page of a SCO that does not use the API (see migration 009); undefined: unchanged. */
  page?: string | null;
}

function values(w: CommitWrite) {
  return {
    cmi: w.cmi,
    seq: w.seq,
    completion_status: w.derived.completion,
    success_status: w.derived.success,
    score_scaled: w.derived.scoreScaled,
    score_raw: w.derived.scoreRaw,
    location: w.derived.location,
    ...(w.derived.totalSeconds !== null ? { total_time_seconds: Math.round(w.derived.totalSeconds) } : {}),
    ...(w.page !== undefined ? { last_page: w.page } : {}),
    updated_at: new Date().toISOString(),
  };
}

/**
 * The common commit, one UPDATE: applied only when the row is the caller's, the commit is newer than
 * the stored one, AND its status signature is the one already reported to progress (nothing for
 * progress to do). 0 rows means: not the caller's, stale, or status-relevant — see applyStatusCommit.
 */
export async function applyCommit(db: Conn, w: CommitWrite): Promise<boolean> {
  const r = await db
    .updateTable('scorm_attempts')
    .set(values(w))
    .where('id', '=', w.attemptId)
    .where('user_id', '=', w.userId)
    .where('seq', '<', w.seq)
    .where('reported', '=', w.signature)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The same update without the signature condition (in the caller's transaction), recording the new signature. */
export async function applyStatusCommit(trx: Conn, w: CommitWrite): Promise<{ activity_id: number; attempt: number; package_id: number } | undefined> {
  return trx
    .updateTable('scorm_attempts')
    .set({ ...values(w), reported: w.signature })
    .where('id', '=', w.attemptId)
    .where('user_id', '=', w.userId)
    .where('seq', '<', w.seq)
    .returning(['activity_id', 'attempt', 'package_id'])
    .executeTakeFirst();
}

export async function attemptOwner(db: Conn, attemptId: number, userId: number): Promise<{ activity_id: number; attempt: number; package_id: number; seq: number } | undefined> {
  return db
    .selectFrom('scorm_attempts')
    .select(['activity_id', 'attempt', 'package_id', 'seq'])
    .where('id', '=', attemptId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

export async function sequencingState(db: Conn, activityId: number, userId: number, attempt: number): Promise<{ state: string; seq: number } | undefined> {
  return db
    .selectFrom('scorm_sequencing')
    .select(['state', 'seq'])
    .where('activity_id', '=', activityId)
    .where('user_id', '=', userId)
    .where('attempt', '=', attempt)
    .executeTakeFirst();
}

/** Stores the sequencing state unless a newer one is there already. */
/** Stores the state unless a newer one (higher seq) is there; returns whether it was stored, else the seq stored. */
export async function saveSequencingState(
  db: Conn,
  s: { activityId: number; userId: number; attempt: number; packageId: number; state: string; seq: number },
): Promise<{ saved: true } | { saved: false; seq: number }> {
  const now = new Date().toISOString();
  const r = await db
    .insertInto('scorm_sequencing')
    .values({ activity_id: s.activityId, user_id: s.userId, attempt: s.attempt, package_id: s.packageId, state: s.state, seq: s.seq, updated_at: now })
    .onConflict((oc) =>
      oc
        .columns(['activity_id', 'user_id', 'attempt'])
        .doUpdateSet({ state: s.state, seq: s.seq, updated_at: now })
        .where('scorm_sequencing.seq', '<', s.seq),
    )
    .executeTakeFirst();
  if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return { saved: true };
  const stored = await db.selectFrom('scorm_sequencing').select('seq').where('activity_id', '=', s.activityId).where('user_id', '=', s.userId).where('attempt', '=', s.attempt).executeTakeFirstOrThrow();
  return { saved: false, seq: stored.seq };
}

export async function activitySettings(db: Conn, activityId: number): Promise<string | undefined> {
  const row = await db.selectFrom('activities').select('settings').where('id', '=', activityId).executeTakeFirst();
  return row?.settings;
}
