/**
 * Group commit for contest answer saves (the hot path of a contest: one request per answer), on db/group-commit.ts.
 *
 * Each validated save (play-service.saveContestAnswer: owner, question in the attempt, choices, time left) is
 * queued; a flusher writes every queued save in ONE statement (PostgreSQL: an UPDATE … FROM unnest(…) with the same
 * condition as a single save) or ONE transaction of the prepared single-save statements (SQLite), and only after
 * that commit answers each waiting request. A 200 therefore still means "committed", exactly as before.
 *
 *  - Each save keeps its own condition inside the statement: the attempt is the caller's, in progress, not past its
 *    deadline at the time the request arrived (row locked FOR SHARE on PostgreSQL against a concurrent submit), and
 *    the stored value differs. Which rows changed comes back with RETURNING; a save that changed nothing is
 *    explained by the caller (same answer again → changed false; time up; submitted) as before.
 *  - Two saves of the same question in one queue: the later one waits for the next batch (arrival order kept).
 *  - A failed batch never fails valid saves: its saves are then run one by one, each answered with its own result
 *    or error.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { GroupCommit, type GroupCommitStats } from '../../db/group-commit.js';
import * as repo from './repository.js';

export interface PendingSave {
  attemptId: number;
  userId: number;
  position: number;
  /** The stored form: original option indexes, sorted, as JSON; null clears the answer. */
  response: string | null;
  /** When the request arrived (ISO): checked against the deadline and stored as answered_at. */
  nowIso: string;
}

/** Most saves in one statement (its parameters are 5 arrays, whatever the size). */
export const BATCH_MAX = 500;

const keyOf = (s: { attemptId: number; position: number }) => s.attemptId * 10_000 + s.position;

/** Writes saves at once; returns the keys (keyOf) of the rows that changed. Throws if the batch failed as a whole. */
export type BatchWriter = (db: Kysely<DB>, saves: PendingSave[]) => Promise<Set<number>>;

/** One queue of saves per database (exported for tests: a batcher over a writer that fails). */
export class SaveBatcher extends GroupCommit<PendingSave, boolean> {
  constructor(db: Kysely<DB>, writeBatch: BatchWriter) {
    super({
      max: BATCH_MAX,
      key: keyOf,
      writeBatch: async (saves) => {
        const changed = await writeBatch(db, saves);
        return saves.map((s) => changed.has(keyOf(s)));
      },
      writeOne: (s) => repo.saveResponseIfOpen(db, s),
    });
  }

  save(s: PendingSave): Promise<boolean> {
    return this.submit(s);
  }
}

/**
 * PostgreSQL: one UPDATE … FROM unnest(…) RETURNING. Planned at each run, NOT a named prepared statement: its
 * planning (≈ 1 ms) is shared by the whole batch, and a plan cached while attempt_questions was small (the first
 * batches of a round, or a table never analyzed — autovacuum off) stayed a sequential scan of the whole table per
 * batch as it grew: measured in the burst, 1,585 batches reading 306 million rows. A fresh plan sees the table's
 * current size and the batch's length, and probes the primary key.
 */
export const writePostgres: BatchWriter = async (db, saves) => {
  const query = sql<{ attempt_id: number; position: number }>`update attempt_questions as aq
set response = v.response, answered_at = case when v.response is null then null else v.at end
from unnest(${saves.map((s) => s.attemptId)}::int[], ${saves.map((s) => s.userId)}::int[], ${saves.map((s) => s.position)}::int[], ${saves.map((s) => s.response)}::text[], ${saves.map((s) => s.nowIso)}::timestamptz[]) as v(attempt_id, user_id, position, response, at)
where aq.attempt_id = v.attempt_id and aq.position = v.position and aq.response is distinct from v.response
and exists (select 1 from quiz_attempts as qa where qa.id = v.attempt_id and qa.user_id = v.user_id and qa.state = 'in_progress' and qa.deadline_at >= v.at for share)
returning aq.attempt_id, aq.position`;
  const r = await query.execute(db);
  return new Set(r.rows.map((row) => keyOf({ attemptId: row.attempt_id, position: row.position })));
};

/** SQLite: one transaction of the single-save statement (prepared once and cached by the driver). */
export const writeSqlite: BatchWriter = async (db, saves) => {
  const changed = new Set<number>();
  await db.transaction().execute(async (trx) => {
    for (const s of saves) if (await repo.saveResponseIfOpen(trx, s)) changed.add(keyOf(s));
  });
  return changed;
};

const batchers = new WeakMap<Kysely<DB>, SaveBatcher>();

function batcherOf(db: Kysely<DB>): SaveBatcher {
  let b = batchers.get(db);
  if (!b) batchers.set(db, (b = new SaveBatcher(db, repo.isPostgres(db) ? writePostgres : writeSqlite)));
  return b;
}

/** Saves one answer with the next group commit; resolves once committed: whether the stored answer changed. */
export function saveResponseBatched(db: Kysely<DB>, save: PendingSave): Promise<boolean> {
  return batcherOf(db).save(save);
}

/** Batches and saves written so far through this database (tests, benchmarks). */
export function batchStats(db: Kysely<DB>): GroupCommitStats {
  return { ...batcherOf(db).stats };
}
