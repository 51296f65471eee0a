/**
 * Group commit for contest starts (db/group-commit.ts): when a round opens, thousands of contestants start within
 * seconds. Each start is checked and planned on its own (play-service.enter: registered, round open, attempts left,
 * no other attempt running; questions drawn, option orders and deadline set), then queued here; a flusher writes
 * every queued start in ONE transaction of three statements — the attempts, their drawn questions, their contest
 * entries — and answers each request only after the commit.
 *
 *  - Two starts of the same user never share a batch (the later one waits for the next).
 *  - A batch that fails as a whole (most often a second start of the same attempt on another instance: the unique
 *    (quiz, user, context, number) refuses it) is written again start by start: each valid start is committed, the
 *    refused one gets QUIZ_ATTEMPT_IN_PROGRESS and its caller resumes the attempt that won.
 *  - Nothing is half-written: an attempt, its questions and its entry are in the same transaction.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { isUniqueViolation } from '../../db/database.js';
import { GroupCommit, type GroupCommitStats } from '../../db/group-commit.js';
import { AppError } from '../../core/errors.js';
import * as quizRepo from '../quizzes/repository.js';
import * as repo from './repository.js';

export interface PendingStart {
  plan: quizRepo.AttemptPlan;
  entry: Omit<repo.EntryValues, 'attemptId'>;
}

/** Most starts in one transaction (each writes 1 attempt, its questions and 1 entry). */
export const START_BATCH_MAX = 100;

/** Writes the starts in one transaction; returns their attempt ids in order. */
export async function writeStarts(db: Kysely<DB>, starts: PendingStart[]): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    const ids = await quizRepo.insertAttempts(trx, starts.map((s) => s.plan));
    await repo.insertEntries(trx, starts.map((s, i) => ({ ...s.entry, attemptId: ids[i] })));
    return ids;
  });
}

async function writeOne(db: Kysely<DB>, start: PendingStart): Promise<number> {
  try {
    return (await writeStarts(db, [start]))[0];
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('QUIZ_ATTEMPT_IN_PROGRESS', 409);
    throw err;
  }
}

const batchers = new WeakMap<Kysely<DB>, GroupCommit<PendingStart, number>>();

function batcherOf(db: Kysely<DB>): GroupCommit<PendingStart, number> {
  let b = batchers.get(db);
  if (!b) {
    b = new GroupCommit<PendingStart, number>({
      max: START_BATCH_MAX,
      key: (s) => s.plan.userId,
      writeBatch: (starts) => writeStarts(db, starts),
      writeOne: (s) => writeOne(db, s),
    });
    batchers.set(db, b);
  }
  return b;
}

/** Writes the start with the next group commit; resolves with the new attempt's id once committed. */
export function startBatched(db: Kysely<DB>, start: PendingStart): Promise<number> {
  return batcherOf(db).submit(start);
}

/** Batches and starts written so far through this database (tests, benchmarks). */
export function startBatchStats(db: Kysely<DB>): GroupCommitStats {
  return { ...batcherOf(db).stats };
}
