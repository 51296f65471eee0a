/**
 * Benchmark: the contest's throughput — landing page, answer saves, registrations — against a real server.
 *
 *   node --import tsx bench/contest-throughput.ts               # SQLite, fresh temporary DATA_DIR
 *   createdb -h 127.0.0.1 -U postgres kns_bench_tp
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_tp node --import tsx bench/contest-throughput.ts
 *   dropdb -h 127.0.0.1 -U postgres kns_bench_tp
 *   knobs: BENCH_PARTS (landing,saves,registrations,hash), BENCH_ATTEMPTS (2000), BENCH_SAVE_CONNECTIONS (64),
 *          BENCH_SAVE_SECONDS (20), BENCH_REG_CLIENTS (8), BENCH_REG_SECONDS (15),
 *          BENCH_SERVER_NODE_ARGS, BENCH_SERVER_ENV
 *
 * (a) landing: GET /cuoc-thi/:slug flat out with autocannon (64 connections, 10 s after a 3 s warm-up), as
 *     anonymous visitors; each request counts a visit (in process, flushed every 5 s) — checked against
 *     contest_visits afterwards.
 * (b) saves: BENCH_ATTEMPTS contestants with an attempt of 20 questions started through the API, then a closed
 *     loop of answer saves on 64 keep-alive connections for 20 s (after 3 s of warm-up) from a second process
 *     (bench/contest-throughput-load.ts), each save changing the stored answer.
 * (c) registrations: the real registration form posted by 8 concurrent clients for 15 s from the second process
 *     (distinct phone numbers; TRUST_PROXY=127.0.0.1 and a distinct X-Forwarded-For per registration, because the
 *     form allows 20 registrations a minute per address). Then the cost of one hashPassword (argon2id, 19 MiB,
 *     t=2, p=1) measured in this process: serially and 8 at a time.
 * Server CPU per request from /proc (PostgreSQL's too). Exit code 1 when a target is missed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { hashPassword } from '../src/core/passwords.js';
import { machineLine, startServer, summarize } from './lib.js';
import { communeCodes, contestServerEnv, csrfPair, databaseUrl, dbName, fmt, openBenchDatabase, postgresCpuTotalMs, runLoader, serverTreeCpuMs, seedContest, seedContestants, serverNodeArgs, thousands } from './contest-seed.js';

const PARTS = (process.env.BENCH_PARTS || 'landing,saves,registrations,hash').split(',');
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS || 2000);
const SAVE_CONNECTIONS = Number(process.env.BENCH_SAVE_CONNECTIONS || 64);
const SAVE_SECONDS = Number(process.env.BENCH_SAVE_SECONDS || 20);
const REG_CLIENTS = Number(process.env.BENCH_REG_CLIENTS || 8);
const REG_SECONDS = Number(process.env.BENCH_REG_SECONDS || 15);
const LANDING_SECONDS = Number(process.env.BENCH_LANDING_SECONDS || 10);

interface LoadResult { count: number; total: number; errors: Record<string, number>; unchanged: number; perSecond: number; p50: number; p95: number; p99: number; max: number }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function cannon(url: string, seconds: number, connections: number): Promise<{ rps: number; total: number; non2xx: number; errors: number; lat: ReturnType<typeof summarize> }> {
  return new Promise((resolve, reject) => {
    const times: number[] = [];
    let non2xx = 0;
    const instance = autocannon({ url, connections, duration: seconds }, (err, result) => {
      if (err) return reject(err);
      resolve({ rps: result.requests.total / seconds, total: result.requests.total, non2xx, errors: result.errors + result.timeouts, lat: summarize(times) });
    }) as { on(event: 'response', cb: (client: unknown, status: number, bytes: number, ms: number) => void): void };
    instance.on('response', (_c, status, _b, ms) => {
      times.push(ms);
      if (status < 200 || status >= 300) non2xx++;
    });
  });
}

async function main(): Promise<number> {
  console.log(`machine: ${machineLine()}; date ${new Date().toISOString()}`);
  const server = await startServer({ databaseUrl, env: contestServerEnv({ TRUST_PROXY: '127.0.0.1' }), nodeArgs: serverNodeArgs });
  const missed: string[] = [];
  const cpu = () => ({ server: serverTreeCpuMs(server), pg: databaseUrl ? postgresCpuTotalMs() : 0 });
  const cpuLine = (before: { server: number; pg: number }, n: number) => {
    const after = cpu();
    return `server CPU ${fmt((after.server - before.server) / n, 3)} ms/request` + (databaseUrl ? ` + PostgreSQL ${fmt((after.pg - before.pg) / n, 3)} ms` : '');
  };
  try {
    const database = openBenchDatabase(server);
    const db = database.db;
    const contest = await seedContest(db, { perAttempt: 20 });
    const people = PARTS.includes('saves') ? await seedContestants(db, contest.contestId, ATTEMPTS) : [];
    const csrf = await csrfPair(server);
    const header = `Contest throughput, ${dbName}, ${server.env.WEB_CONCURRENCY && server.env.WEB_CONCURRENCY !== '1' ? `${server.env.WEB_CONCURRENCY} server processes (WEB_CONCURRENCY)` : 'one server process'}`;
    console.log(header);

    /* (a) the landing page */
    if (PARTS.includes('landing')) {
      const url = `${server.base}/cuoc-thi/${contest.slug}`;
      const visitsBefore = await visitsOf(db, contest.contestId);
      await cannon(url, 3, 64);
      const before = cpu();
      const r = await cannon(url, LANDING_SECONDS, 64);
      const line = cpuLine(before, r.total);
      await sleep(6000); // the visit flusher runs every 5 s
      const visits = (await visitsOf(db, contest.contestId)) - visitsBefore;
      console.log(`  (a) landing GET /cuoc-thi/${contest.slug}, autocannon 64 connections ${LANDING_SECONDS} s: ${thousands(r.rps)} requests/s   p50 ${fmt(r.lat.p50)} ms   p95 ${fmt(r.lat.p95)} ms   p99 ${fmt(r.lat.p99)} ms   max ${fmt(r.lat.max)} ms   non-2xx ${r.non2xx}   errors ${r.errors}   ${line}`);
      console.log(`      visits recorded in contest_visits: ${thousands(visits)} (warm-up + measured requests answered: ${thousands(r.total)} + warm-up)`);
      if (r.rps < 5000) missed.push(`landing ${thousands(r.rps)} requests/s < 5,000 (${fmt((100 * r.rps) / 5000, 0)} % of the target)`);
      if (r.non2xx || r.errors) missed.push(`landing: ${r.non2xx} non-2xx, ${r.errors} errors`);
    }

    /* (b) answer saves */
    if (PARTS.includes('saves')) {
      const attempts: Array<{ cookie: string; attemptId: number; positions: number }> = [];
      const t0 = performance.now();
      for (let i = 0; i < people.length; i += 16) {
        await Promise.all(
          people.slice(i, i + 16).map(async ({ cookie }) => {
            const res = await fetch(`${server.base}/api/contests/${contest.slug}/rounds/1/attempts`, {
              method: 'POST',
              headers: { cookie: `${cookie}; ${csrf.csrfCookie}`, 'x-csrf-token': csrf.csrfToken, 'content-type': 'application/json' },
              body: '{}',
            });
            if (res.status !== 201) throw new Error(`start: ${res.status} ${await res.text()}`);
            const view = (await res.json()) as { attemptId: number; questions: unknown[] };
            attempts.push({ cookie, attemptId: view.attemptId, positions: view.questions.length });
          }),
        );
      }
      const startedS = (performance.now() - t0) / 1000;
      const planFile = path.join(server.dir, 'saves-plan.json');
      fs.writeFileSync(planFile, JSON.stringify({ mode: 'saves', port: server.port, host: `127.0.0.1:${server.port}`, ...csrf, connections: SAVE_CONNECTIONS, seconds: SAVE_SECONDS, warmupSeconds: 3, attempts }));
      const before = cpu();
      const r = await runLoader<LoadResult>('contest-throughput-load.ts', planFile);
      const line = cpuLine(before, r.total);
      const errs = Object.values(r.errors).reduce((a, b) => a + b, 0);
      console.log(`  (b) answer saves, ${thousands(attempts.length)} attempts (started in ${fmt(startedS)} s), closed loop ${SAVE_CONNECTIONS} connections ${SAVE_SECONDS} s: ${thousands(r.perSecond)} saves/s   p50 ${fmt(r.p50, 2)} ms   p95 ${fmt(r.p95, 2)} ms   p99 ${fmt(r.p99, 2)} ms   max ${fmt(r.max)} ms   errors ${errs}${errs ? ' ' + JSON.stringify(r.errors) : ''}   unchanged ${r.unchanged}   ${line} (incl. warm-up)`);
      if (r.perSecond < 3000) missed.push(`saves ${thousands(r.perSecond)}/s < 3,000 (${fmt((100 * r.perSecond) / 3000, 0)} % of the target)`);
      if (!(r.p95 < 50)) missed.push(`saves p95 ${fmt(r.p95)} ms ≥ 50 ms`);
      if (errs || r.unchanged) missed.push(`saves: ${errs} errors, ${r.unchanged} unchanged`);
    }

    /* (c) registrations through the form */
    if (PARTS.includes('registrations')) {
      const units = (await communeCodes(db)).map((u) => u.code);
      const planFile = path.join(server.dir, 'reg-plan.json');
      fs.writeFileSync(planFile, JSON.stringify({ mode: 'registrations', port: server.port, host: `127.0.0.1:${server.port}`, ...csrf, connections: REG_CLIENTS, seconds: REG_SECONDS, warmupSeconds: 0, slug: contest.slug, unitCodes: units, phoneSeries: 1 }));
      const before = cpu();
      const r = await runLoader<LoadResult>('contest-throughput-load.ts', planFile);
      const line = cpuLine(before, r.total);
      const errs = Object.values(r.errors).reduce((a, b) => a + b, 0);
      const stored = Number((await db.selectFrom('contest_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', contest.contestId).where('phone', 'like', '+8491%').executeTakeFirstOrThrow()).n);
      console.log(`  (c) registrations through the form, ${REG_CLIENTS} clients ${REG_SECONDS} s: ${fmt(r.perSecond)} registrations/s   p50 ${fmt(r.p50)} ms   p95 ${fmt(r.p95)} ms   p99 ${fmt(r.p99)} ms   max ${fmt(r.max)} ms   errors ${errs}${errs ? ' ' + JSON.stringify(r.errors) : ''}   stored ${thousands(stored)}   ${line}`);
      if (errs) missed.push(`registrations: ${errs} errors`);
    }

    /* the cost of one password hash on this machine (server idle) */
    if (PARTS.includes('hash')) {
      await hashPassword('warm-up-password');
      const serial: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t = performance.now();
        await hashPassword(`Mat-khau-${i}-dai`);
        serial.push(performance.now() - t);
      }
      const s = summarize(serial);
      const t = performance.now();
      const N = 48;
      const cpu0 = process.cpuUsage();
      for (let i = 0; i < N; i += 8) await Promise.all(Array.from({ length: 8 }, (_, k) => hashPassword(`Mat-khau-${i + k}-song-song`)));
      const wall = performance.now() - t;
      const used = process.cpuUsage(cpu0);
      console.log(
        `  hashPassword (argon2id 19 MiB, t=2, p=1): serial median ${fmt(s.p50)} ms (p95 ${fmt(s.p95)} ms, 20 hashes); 8 at a time: ${fmt(N / (wall / 1000))} hashes/s ` +
          `(${fmt(wall / N)} ms wall and ${fmt((used.user + used.system) / 1000 / N)} ms CPU per hash; libuv threads ${process.env.UV_THREADPOOL_SIZE ?? 4}, ${os.cpus().length} cores)`,
      );
    }

    await database.close();
    console.log(missed.length ? `  TARGETS MISSED: ${missed.join('; ')}` : '  targets met');
    return missed.length ? 1 : 0;
  } finally {
    await server.dispose();
  }
}

async function visitsOf(db: Parameters<typeof seedContest>[0], contestId: number): Promise<number> {
  const r = await db.selectFrom('contest_visits').select(sql<number>`coalesce(sum(visits), 0)`.as('n')).where('contest_id', '=', contestId).executeTakeFirstOrThrow();
  return Number(r.n);
}

process.exitCode = await main();
