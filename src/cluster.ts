/**
 * Several app processes on one machine (node:cluster), when WEB_CONCURRENCY > 1 (default 1: one process, no cluster).
 *
 * The primary prepares the database once (migrations, unit tree, first administrator, demo data), then forks the
 * workers; each worker builds the app and listens on the same port (the primary hands out the connections in turn).
 * A worker that dies is replaced; SIGTERM/SIGINT on the primary is passed to every worker, which finish their
 * requests in flight (server.ts), then the primary exits. If the primary itself is killed, the workers exit too
 * (node:cluster closes them when their channel to the primary goes).
 *
 * The workers are instances of the app like any other behind a load balancer (docs/architecture.md, "instances'
 * caches"): what each keeps in memory is what every instance keeps — rate limits (per process unless REDIS_URL is
 * set: a limit of N per minute then allows up to N × workers), the session cache of the hot routes, the contest's
 * caches and live counters, the visit counter (each flushes its own increments), the sweeper (runs in each; its
 * transitions are conditional) and the answer-save batcher (one group commit per worker).
 */
import cluster from 'node:cluster';
import { ConfigError } from './config.js';

/** WEB_CONCURRENCY: app processes (1–64, default 1). */
export function webConcurrency(env: Record<string, string | undefined> = process.env): number {
  const raw = env.WEB_CONCURRENCY;
  if (raw === undefined || raw.trim() === '') return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError(`WEB_CONCURRENCY must be a whole number from 1 to 64 (got "${raw}")`);
  return n;
}

export const isWorker = () => cluster.isWorker;

/** In the primary: forks `n` workers, replaces those that die, passes SIGTERM/SIGINT on and exits after them. */
export function runPrimary(n: number, log: { info(obj: object, msg: string): void; error(obj: object, msg: string): void }): void {
  let closing = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < n; i++) fork();
  cluster.on('exit', (worker, code, signal) => {
    if (closing) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log.error({ pid: worker.process.pid, code, signal }, 'worker died, starting another');
    setTimeout(fork, 500).unref();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      log.info({ signal, workers: n }, 'shutting down the workers');
      const workers = Object.values(cluster.workers ?? {});
      if (workers.length === 0) process.exit(0);
      for (const w of workers) w?.process.kill('SIGTERM');
      setTimeout(() => process.exit(1), 12_000).unref();
    });
  }
}
