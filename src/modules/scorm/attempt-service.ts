/**
 * Committing a SCO's CMI data. The whole CMI JSON replaces the stored one when the commit's sequence
 * number is higher than the stored one (an older or replayed commit changes nothing and answers
 * applied: false with the stored seq, so the player can move past it), for the caller's own attempt
 * only (anyone else's: 404).
 *  - Common case (status and score unchanged since last reported): one UPDATE statement.
 *  - Otherwise one transaction: the UPDATE, the package rollup and recordActivityProgress (which
 *    completes the course when this was the last required activity), and the sequencing state.
 */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { recordActivityProgress } from '../courses/progress.js';
import { deriveCmi, statusSignature, type ScormVersion } from './cmi.js';
import * as repo from './attempt-repository.js';
import { rollupItems } from './rollup.js';
import { isPackagePage } from './client/protocol.js';

export interface CommitInput {
  seq: number;
  cmi: Record<string, unknown>;
  /** SCORM 2004: scorm-again's serialized sequencing state, when it changed. */
  sequencing?: string;
  /** The page a SCO that never calls the API showed last (relative to the package folder); null: none. */
  page?: string | null;
}

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown): number | null => (v === '' || v == null || !Number.isFinite(Number(v)) ? null : Number(v));

/** scorm-again's SCORM 1.2 CMI has a `core` object; SCORM 2004's has its elements at the top. */
export function cmiVersion(cmi: Record<string, unknown>): ScormVersion {
  return cmi.core && typeof cmi.core === 'object' ? '1.2' : '2004';
}

export function completionRule(settingsJson: string | undefined): 'completed' | 'passed' {
  try {
    return (JSON.parse(settingsJson ?? '{}') as { completion?: string }).completion === 'passed' ? 'passed' : 'completed';
  } catch {
    return 'completed';
  }
}

/** Rolls the attempt's items up and reports the activity's progress (inside the caller's transaction). */
export async function reportProgress(trx: Transaction<DB> | Kysely<DB>, activityId: number, userId: number, attempt: number): Promise<void> {
  const rows = await repo.runRows(trx, activityId, userId, attempt);
  const rolled = rollupItems(rows, completionRule(await repo.activitySettings(trx, activityId)));
  await recordActivityProgress(trx, { activityId, userId, status: rolled.status, score: rolled.score, timeSeconds: rolled.timeSeconds });
}

export type CommitResult = { applied: true } | { applied: false; seq: number };

export async function commitAttempt(db: Kysely<DB>, userId: number, attemptId: number, input: CommitInput): Promise<CommitResult> {
  if (typeof input.page === 'string' && !isPackagePage(input.page)) throw new AppError('VALIDATION', 400, { detail: 'page' });
  const version = cmiVersion(input.cmi);
  const derived = deriveCmi(version, input.cmi, {
    masteryScore: num(obj(input.cmi.student_data).mastery_score),
    scaledPassingScore: num(input.cmi.scaled_passing_score),
  });
  const write: repo.CommitWrite = { attemptId, userId, seq: input.seq, cmi: JSON.stringify(input.cmi), derived, signature: statusSignature(derived), page: input.page };
  if (input.sequencing === undefined && (await repo.applyCommit(db, write))) return { applied: true };
  try {
    return await db.transaction().execute(async (trx): Promise<CommitResult> => {
      const row = await repo.applyStatusCommit(trx, write);
      if (!row) {
        const owned = await repo.attemptOwner(trx, attemptId, userId);
        if (owned) return { applied: false, seq: owned.seq };
        throw new AppError('NOT_FOUND', 404);
      }
      await reportProgress(trx, row.activity_id, userId, row.attempt);
      if (input.sequencing !== undefined) {
        const saved = await repo.saveSequencingState(trx, { activityId: row.activity_id, userId, attempt: row.attempt, packageId: row.package_id, state: input.sequencing, seq: input.seq });
        // Another tab or item saved a newer sequencing state (one row for the whole package): the commit is refused
        // whole, so the player renumbers above that seq and sends it again — it never believes a stale state saved.
        if (!saved.saved) throw new StaleSequencing(saved.seq);
      }
      return { applied: true };
    });
  } catch (err) {
    if (err instanceof StaleSequencing) return { applied: false, seq: err.seq };
    throw err;
  }
}

/** Thrown inside the commit's transaction to roll it back when the sequencing state it carries is older than the stored one. */
class StaleSequencing extends Error {
  constructor(readonly seq: number) {
    super('stale sequencing state');
  }
}
