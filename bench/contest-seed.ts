/**
 * What the contest benchmarks share (bench/contest-burst.ts, contest-throughput.ts, contest-month.ts):
 * the database of a started server, a contest (test/helpers/contests.ts makeContest: a bank, a quiz drawing
 * `perAttempt` questions, a published contest with round 1 open now), contestants seeded directly (users,
 * registrations and sessions in batches), one CSRF token + cookie pair, the second (load) process, and the
 * CPU time of PostgreSQL including backends that have exited.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { openDatabase, type Database } from '../src/db/database.js';
import type { DB } from '../src/db/schema.js';
import { searchKey } from '../src/core/text.js';
import { newToken } from '../src/core/tokens.js';
import { userRowValues } from '../src/modules/accounts/repository.js';
import { makeContest } from '../test/helpers/contests.js';
import { root, type ServerUnderTest } from './lib.js';

export const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
export const dbName = databaseUrl ? 'PostgreSQL' : 'SQLite';
/** Extra node flags for the server, e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
export const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
/** Extra server environment, e.g. BENCH_SERVER_ENV='SESSION_CACHE_SECONDS=0'. */
export const extraServerEnv = Object.fromEntries((process.env.BENCH_SERVER_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=') as [string, string]));

/**
 * Server environment for the contest benchmarks: the contest's own rate limits raised out of the way (every
 * virtual contestant comes from 127.0.0.1; the benchmarks measure the work, not the limiter — which still runs).
 */
export function contestServerEnv(more: Record<string, string> = {}): Record<string, string> {
  return {
    CONTEST_IP_PER_MINUTE: '10000000',
    CONTEST_ANSWERS_PER_MINUTE: '1000000',
    CONTEST_REQUESTS_PER_MINUTE: '1000000',
    ...more,
    ...extraServerEnv,
  };
}

/**
 * CPU time (ms) of the server under test and its live child processes (the workers when WEB_CONCURRENCY > 1 is set
 * through BENCH_SERVER_ENV). For a single process it is server.cpuMs().
 */
export function serverTreeCpuMs(server: { pid: number | undefined; cpuMs(): number }): number {
  let total = server.cpuMs();
  if (!server.pid) return total;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const f = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      if (Number(f[1]) === server.pid) total += ((Number(f[11]) + Number(f[12])) * 1000) / 100;
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** The server's database, opened by the benchmark (the server has migrated it and loaded the unit tree). */
export function openBenchDatabase(server: ServerUnderTest): Database {
  return databaseUrl ? openDatabase({ databaseUrl, poolSize: 4 }) : openDatabase({ sqliteFile: path.join(server.dir, 'kynangso.sqlite') });
}

export interface SeededContest {
  slug: string;
  contestId: number;
  roundId: number;
  questionIds: number[];
}

/** A published contest with round 1 open from an hour ago for a day; attempts draw `perAttempt` of `questions`. */
export async function seedContest(db: Kysely<DB>, opts: { perAttempt?: number; questions?: number; timeLimitSeconds?: number; attemptsAllowed?: number } = {}): Promise<SeededContest> {
  const { contest, rounds, questionIds } = await makeContest(db, {
    rounds: [{ opensAt: new Date(Date.now() - 3600_000), closesAt: new Date(Date.now() + 86_400_000), attemptsAllowed: opts.attemptsAllowed ?? 1 }],
    slug: 'cong-dan-so-hai-phong',
    questions: opts.questions ?? 60,
    perAttempt: opts.perAttempt ?? 20,
    timeLimitSeconds: opts.timeLimitSeconds ?? 1800,
  });
  return { slug: contest.slug, contestId: contest.id, roundId: rounds[0].id, questionIds };
}

/** Codes of the commune-level units (where contestants register). */
export async function communeCodes(db: Kysely<DB>): Promise<Array<{ id: number; code: string }>> {
  return db.selectFrom('units').select(['id', 'code']).where('type', 'in', ['phuong', 'xa', 'dac_khu']).where('retired_at', 'is', null).orderBy('code').execute();
}

const SURNAMES = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Thu', 'Đức', 'Ngọc', 'Hữu', 'Thanh'];
const GIVEN = ['An', 'Bình', 'Chi', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hương', 'Khánh', 'Lan', 'Long', 'Mai', 'Nam', 'Phương', 'Quân', 'Thảo', 'Trang', 'Tuấn', 'Yến'];
export const vietnameseName = (i: number) => `${SURNAMES[i % SURNAMES.length]} ${MIDDLE[Math.floor(i / 10) % MIDDLE.length]} ${GIVEN[Math.floor(i / 80) % GIVEN.length]}`;
/** A distinct valid mobile number per index and series (+849xxxxxxxx). */
export const benchPhone = (series: number, i: number) => `+849${series}${String(i).padStart(7, '0')}`;

/**
 * `n` registered contestants of the contest, each with a session: users, contest_registrations and sessions
 * inserted in batches (phone series 0; commune units in turn). Returns each one's session cookie.
 */
export async function seedContestants(db: Kysely<DB>, contestId: number, n: number): Promise<Array<{ userId: number; cookie: string }>> {
  const units = await communeCodes(db);
  const now = new Date().toISOString();
  const expires = new Date(Date.now() + 48 * 3600_000).toISOString();
  const out: Array<{ userId: number; cookie: string }> = [];
  const BATCH = 500;
  await db.transaction().execute(async (trx) => {
    for (let from = 0; from < n; from += BATCH) {
      const people = Array.from({ length: Math.min(BATCH, n - from) }, (_, k) => {
        const i = from + k;
        const name = vietnameseName(i);
        return { i, name, phone: benchPhone(0, i), unitId: units[i % units.length].id };
      });
      await trx
        .insertInto('users')
        .values(people.map((p) => userRowValues({ fullName: p.name, searchName: searchKey(p.name), phone: p.phone, email: null, unitId: p.unitId, targetGroup: 'citizen', birthYear: null, passwordHash: null, consentAt: now, consentVersion: 'bench' }, now)))
        .execute();
      const ids = new Map((await trx.selectFrom('users').select(['id', 'phone']).where('phone', 'in', people.map((p) => p.phone)).execute()).map((r) => [r.phone, r.id]));
      await trx
        .insertInto('contest_registrations')
        .values(people.map((p) => ({ contest_id: contestId, user_id: ids.get(p.phone)!, full_name: p.name, phone: p.phone, id_number: null, unit_id: p.unitId, target_group: 'citizen', registered_at: now })))
        .execute();
      const sessions = people.map((p) => ({ userId: ids.get(p.phone)!, ...newToken() }));
      await trx
        .insertInto('sessions')
        .values(sessions.map((s) => ({ id: s.hash, user_id: s.userId, created_at: now, expires_at: expires })))
        .execute();
      for (const s of sessions) out.push({ userId: s.userId, cookie: `kns_sid=${s.token}` });
    }
  });
  return out;
}

/** One CSRF token and its cookie, from the sign-in page; reused by every request of the load process. */
export async function csrfPair(server: ServerUnderTest): Promise<{ csrfToken: string; csrfCookie: string }> {
  const page = await new Promise<{ body: string; cookies: string[] }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: server.port, path: '/dang-nhap' }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ body, cookies: res.headers['set-cookie'] ?? [] }));
      })
      .on('error', reject);
  });
  const csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
  const csrfCookie = page.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('_csrf='))!;
  return { csrfToken, csrfCookie };
}

/**
 * Runs `bench/<script>` with `node --import tsx` as a second process with the plan in a file; resolves with the
 * JSON of its last stdout line. `during` runs meanwhile (e.g. the kill -9 of the server).
 */
export async function runLoader<T>(script: string, planFile: string, during?: () => Promise<void>): Promise<T> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench', script), planFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c) => (out += c));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await during?.();
  const code = await exited;
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last.startsWith('{')) throw new Error(`${script} exited with ${code}:\n${out.slice(-2000)}`);
  return JSON.parse(last) as T;
}

/**
 * CPU time of PostgreSQL in ms, including backends that have exited since (the postmaster's reaped children):
 * every postgres process's user+system time, plus the postmaster's children's times.
 */
export function postgresCpuTotalMs(): number {
  let total = 0;
  for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(postgres)')) continue;
      const f = stat.split(') ')[1].split(' ');
      // f[1] is the parent pid: the postmaster is the postgres process whose parent is not postgres.
      let parentIsPostgres = false;
      try {
        parentIsPostgres = fs.readFileSync(`/proc/${f[1]}/stat`, 'utf8').includes('(postgres)');
      } catch {
        parentIsPostgres = false;
      }
      total += Number(f[11]) + Number(f[12]) + (parentIsPostgres ? 0 : Number(f[13]) + Number(f[14]));
    } catch {
      // The process ended meanwhile.
    }
  }
  return (total * 1000) / 100;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : String(n));
export const thousands = (n: number) => Math.round(n).toLocaleString('en-US');
