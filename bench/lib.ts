/** Pieces the benchmark scripts share: a free port, the server under test, CPU time, percentiles. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** A free TCP port on the loopback address for the server under test. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export interface ServerOptions {
  /** PostgreSQL URL; empty or undefined: SQLite in `dir`. */
  databaseUrl?: string;
  /** DATA_DIR (SQLite file, uploads); a fresh temporary one when not given. */
  dir?: string;
  /** Environment on top of the defaults below (e.g. SESSION_CACHE_SECONDS, ADMIN_EMAIL). */
  env?: Record<string, string>;
  /** Extra node flags, e.g. ['--cpu-prof']. */
  nodeArgs?: string[];
}

export interface ServerUnderTest {
  port: number;
  /** http://127.0.0.1:PORT — the platform's PUBLIC_URL. */
  base: string;
  dir: string;
  env: Record<string, string>;
  readonly pid: number | undefined;
  /** The server's log so far (stdout and stderr). */
  log(): string;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL (kill -9) and wait for the exit: nothing flushed, nothing closed. */
  kill(): Promise<void>;
  /** Starts the server again on the same port, data directory and database; resolves when ready. */
  restart(): Promise<void>;
  /** CPU time (user + system) the server process has used so far, in ms. */
  cpuMs(): number;
  /** Peak resident memory of the server process, in MiB (NaN once it has exited). */
  peakRssMiB(): number;
  /** Stops the server and removes the temporary data directory (when this module made it). */
  dispose(): Promise<void>;
}

/**
 * Starts `node --import tsx src/server.ts` on a free port and waits for /readyz. The site is served at
 * 127.0.0.1 (PUBLIC_URL); SCORM content at localhost (CONTENT_URL), as the platform requires two origins.
 * Rate limits are raised out of the way (the benchmarks measure throughput, not the limiter) unless `env` says otherwise.
 */
export async function startServer(opts: ServerOptions = {}): Promise<ServerUnderTest> {
  const ownDir = !opts.dir;
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kns-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: base,
    CONTENT_URL: `http://localhost:${port}`,
    DATA_DIR: dir,
    DATABASE_URL: opts.databaseUrl ?? '',
    RATE_LIMIT_PER_MINUTE: '1000000',
    LOG_LEVEL: 'warn',
    REDIS_URL: '',
    ADMIN_EMAIL: '',
    ADMIN_PASSWORD: '',
    DEMO_COURSE: 'false',
    ...opts.env,
  };
  const logFile = path.join(dir, 'server.log');
  let child: ChildProcess | undefined;

  const exited = (c: ChildProcess) => (c.exitCode !== null || c.signalCode !== null ? Promise.resolve() : new Promise<void>((resolve) => c.once('exit', () => resolve())));

  async function launch(): Promise<void> {
    const log = fs.openSync(logFile, 'a');
    child = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', 'src/server.ts'], {
      cwd: root,
      stdio: ['ignore', log, log],
      env: { ...process.env, ...env },
    });
    fs.closeSync(log);
    const started = performance.now();
    for (;;) {
      if (child.exitCode !== null) throw new Error('the server stopped during start:\n' + fs.readFileSync(logFile, 'utf8').slice(-3000));
      if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) return;
      if (performance.now() - started > 120_000) throw new Error('the server did not become ready within 120 s');
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  const server: ServerUnderTest = {
    port,
    base,
    dir,
    env,
    get pid() {
      return child?.pid;
    },
    log: () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : ''),
    async stop() {
      if (!child) return;
      const done = exited(child);
      child.kill('SIGTERM');
      await done;
    },
    async kill() {
      if (!child) return;
      const done = exited(child);
      child.kill('SIGKILL');
      await done;
    },
    restart: launch,
    cpuMs: () => cpuMsOf(child?.pid),
    peakRssMiB() {
      const file = `/proc/${child?.pid}/status`;
      const kb = fs.existsSync(file) ? /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(file, 'utf8'))?.[1] : undefined;
      return kb ? Number(kb) / 1024 : NaN;
    },
    async dispose() {
      await server.stop();
      if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await launch();
  return server;
}

/** CPU time (user + system) a process has used so far, in ms; from /proc on Linux (NaN when gone). */
export function cpuMsOf(pid: number | undefined): number {
  const file = `/proc/${pid}/stat`;
  if (!pid || !fs.existsSync(file)) return NaN;
  const fields = fs.readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks, 100 per second
}

/** CPU time used by every PostgreSQL process on this host, in ms: the database's share of the work. */
export function postgresCpuMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes('(postgres)')) continue;
      total += cpuMsOf(Number(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  return total;
}

/** The p-th percentile of ascending-sorted values (nearest rank). */
export const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/** Latency summary of durations in ms. */
export function summarize(durations: number[]): { count: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...durations].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? NaN };
}

/** One line describing the machine, for docs/benchmarks.md. */
export function machineLine(): string {
  const cpus = os.cpus();
  return `${cpus.length} cores (${cpus[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, load average ${os.loadavg()[0].toFixed(2)} at start`;
}
