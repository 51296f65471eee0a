/**
 * The sweeper: every CONTEST_SWEEP_SECONDS (default 15; 0 = off) it runs the engine's
 * finalizeOverdueAttempts, which expires every attempt past its deadline and grades it on the answers saved in
 * time — even when no browser is left to ask. A contest attempt's deadline is at the latest its round's
 * closing time, so every attempt of a round is final at most one period after the round closes.
 *
 * Safe with several instances: the engine's transitions are conditional (an attempt is finalized once) and
 * each instance starts at a random offset within the period so that they do not all sweep at the same moment.
 * One instance never runs two sweeps at once.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { finalizeOverdueAttempts } from '../quizzes/attempt-service.js';

export interface SweeperLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/** One sweep: how many attempts were finalized. */
export async function sweepOnce(db: Kysely<DB>, now = new Date()): Promise<number> {
  return finalizeOverdueAttempts(db, now);
}

export function startSweeper(db: Kysely<DB>, seconds: number, log: SweeperLog) {
  if (seconds <= 0) return { stop: async () => undefined };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  const schedule = (ms: number) => {
    if (stopped) return;
    timer = setTimeout(tick, ms);
    timer.unref();
  };
  const tick = () => {
    running = sweepOnce(db)
      .then((n) => {
        if (n > 0) log.info({ finalized: n }, 'attempts past their deadline finalized');
      })
      .catch((err) => log.warn({ err }, 'sweeper: finalizing overdue attempts failed'))
      .finally(() => {
        running = undefined;
        schedule(seconds * 1000);
      });
  };
  schedule(Math.floor(Math.random() * seconds * 1000));
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
