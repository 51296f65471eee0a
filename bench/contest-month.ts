/**
 * Benchmark: the contest's month (5,078,387 visits, 311,243 registrations and their attempts), replayed at
 * 1/BENCH_SCALE (default 1/20: 253,919 landing visits, 15,562 registrations through the form, and their attempts),
 * to state how long one such machine needs for the whole month.
 *
 *   node --import tsx bench/contest-month.ts                    # SQLite, fresh temporary DATA_DIR
 *   createdb -h 127.0.0.1 -U postgres kns_bench_month
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_month node --import tsx bench/contest-month.ts
 *   dropdb -h 127.0.0.1 -U postgres kns_bench_month
 *   knobs: BENCH_SCALE (20; e.g. 1000 for a smoke run), BENCH_ATTEMPTS_PER_CONTESTANT (1),
 *          BENCH_VISIT_CONCURRENCY (16), BENCH_REG_CONCURRENCY (8), BENCH_ATTEMPT_CONCURRENCY (32),
 *          BENCH_SERVER_NODE_ARGS, BENCH_SERVER_ENV
 *
 * The load runs from a second process (bench/contest-month-load.ts) as three concurrent streams, each with bounded
 * concurrency and no think time: visits; registrations (each signs the person in); each new contestant's attempts
 * (enter + 20 answers + submit). Prints the wall time, the month's figure (× BENCH_SCALE), and a CPU-based estimate:
 * (server + PostgreSQL CPU during the replay) × BENCH_SCALE ÷ the machine's cores — what the month costs when the
 * load generator does not share the cores. Exit code 1 when the month's figure is 2 hours or more.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machineLine, startServer } from './lib.js';
import { communeCodes, contestServerEnv, csrfPair, databaseUrl, dbName, fmt, openBenchDatabase, postgresCpuTotalMs, runLoader, serverTreeCpuMs, seedContest, serverNodeArgs, thousands } from './contest-seed.js';

const MONTH = { visits: 5_078_387, registrations: 311_243 };
const SCALE = Number(process.env.BENCH_SCALE || 20);
const ATTEMPTS_PER_CONTESTANT = Number(process.env.BENCH_ATTEMPTS_PER_CONTESTANT || 1);
const QUESTIONS = 20;
const GOAL_S = 2 * 3600;

interface Summary { count: number; p50: number; p95: number; p99: number; max: number }
interface LoadResult {
  wallS: number;
  ended: Record<string, number>;
  attemptsDone: number;
  errors: Record<string, number>;
  visit: Summary;
  registration: Summary;
  start: Summary;
  answer: Summary;
  submit: Summary;
}

const hms = (s: number) => `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;

async function main(): Promise<number> {
  console.log(`machine: ${machineLine()}; date ${new Date().toISOString()}`);
  const visits = Math.round(MONTH.visits / SCALE);
  const registrations = Math.round(MONTH.registrations / SCALE);
  const concurrency = {
    visits: Number(process.env.BENCH_VISIT_CONCURRENCY || 16),
    registrations: Number(process.env.BENCH_REG_CONCURRENCY || 8),
    attempts: Number(process.env.BENCH_ATTEMPT_CONCURRENCY || 32),
  };
  console.log(
    `assumptions: 1/${SCALE} of the month in the seed's proportions — ${thousands(visits)} landing visits, ${thousands(registrations)} registrations through the form ` +
      `(password hashed), ${ATTEMPTS_PER_CONTESTANT} attempt(s) per contestant (the seed gives no attempt count) of ${QUESTIONS} questions: enter + ${QUESTIONS} answer saves + submit; ` +
      `no think time; one visit = one GET of the landing page (the seed's "lượt truy cập"); concurrency visits ${concurrency.visits}, registrations ${concurrency.registrations}, attempts ${concurrency.attempts}; ` +
      `one server process; the load generator on the same machine`,
  );
  const server = await startServer({ databaseUrl, env: contestServerEnv({ TRUST_PROXY: '127.0.0.1' }), nodeArgs: serverNodeArgs });
  try {
    const database = openBenchDatabase(server);
    const contest = await seedContest(database.db, { perAttempt: QUESTIONS, attemptsAllowed: Math.max(1, ATTEMPTS_PER_CONTESTANT) });
    const unitCodes = (await communeCodes(database.db)).map((u) => u.code);
    await database.close();
    const csrf = await csrfPair(server);
    const planFile = path.join(server.dir, 'month-plan.json');
    fs.writeFileSync(planFile, JSON.stringify({ port: server.port, host: `127.0.0.1:${server.port}`, slug: contest.slug, ...csrf, visits, registrations, attemptsPerContestant: ATTEMPTS_PER_CONTESTANT, concurrency, unitCodes, phoneSeries: 2 }));

    const cpu0 = { server: serverTreeCpuMs(server), pg: databaseUrl ? postgresCpuTotalMs() : 0 };
    const r = await runLoader<LoadResult>('contest-month-load.ts', planFile);
    const serverCpuS = (serverTreeCpuMs(server) - cpu0.server) / 1000;
    const pgCpuS = databaseUrl ? (postgresCpuTotalMs() - cpu0.pg) / 1000 : 0;

    const check = openBenchDatabase(server);
    const registered = Number((await check.db.selectFrom('contest_registrations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const finished = Number((await check.db.selectFrom('quiz_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('context_type', '=', 'contest').where('state', '=', 'finished').executeTakeFirstOrThrow()).n);
    const answered = Number((await check.db.selectFrom('attempt_questions').select((eb) => eb.fn.countAll<number>().as('n')).where('response', 'is not', null).executeTakeFirstOrThrow()).n);
    await check.close();

    const errorCount = Object.values(r.errors).reduce((a, b) => a + b, 0);
    const cores = os.cpus().length;
    const monthWall = r.wallS * SCALE;
    const monthCpu = ((serverCpuS + pgCpuS) * SCALE) / cores;
    console.log(`Contest month at 1/${SCALE}, ${dbName}`);
    console.log(`  wall ${fmt(r.wallS)} s; streams ended: visits ${fmt(r.ended.visits)} s, registrations ${fmt(r.ended.registrations)} s, attempts ${fmt(r.ended.attempts)} s`);
    for (const k of ['visit', 'registration', 'start', 'answer', 'submit'] as const) {
      const s = r[k];
      console.log(`  ${k.padEnd(12)} ${thousands(s.count).padStart(8)}   p50 ${fmt(s.p50)} ms   p95 ${fmt(s.p95)} ms   p99 ${fmt(s.p99)} ms   max ${fmt(s.max)} ms`);
    }
    console.log(`  in the database: ${thousands(registered)} registrations, ${thousands(finished)} finished attempts, ${thousands(answered)} stored answers; errors ${errorCount}${errorCount ? ' ' + JSON.stringify(r.errors) : ''}`);
    console.log(`  CPU: server ${fmt(serverCpuS)} s${databaseUrl ? `, PostgreSQL ${fmt(pgCpuS)} s` : ''} (${fmt(((serverCpuS + pgCpuS) / r.wallS / cores) * 100, 0)} % of ${cores} cores over the wall time)`);
    console.log(`  the month (× ${SCALE}): measured wall time ${hms(monthWall)} (${fmt(monthWall / 3600, 2)} h); CPU-based estimate (server + database CPU ÷ ${cores} cores) ${hms(monthCpu)} (${fmt(monthCpu / 3600, 2)} h); goal under 2 h`);
    const missed = monthWall >= GOAL_S || errorCount > 0;
    console.log(missed ? `  TARGET MISSED: ${monthWall >= GOAL_S ? `the month takes ${fmt(monthWall / 3600, 2)} h ≥ 2 h (${fmt((monthWall / GOAL_S) * 100, 0)} % of the goal)` : ''}${errorCount ? ` ${errorCount} errors` : ''}` : '  target met: the month in under 2 hours');
    return missed ? 1 : 0;
  } finally {
    await server.dispose();
  }
}

process.exitCode = await main();
