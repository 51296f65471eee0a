/**
 * Benchmark: SCORM commits per second through a real server, loaded from a second process.
 *
 *   node --import tsx bench/scorm-commit.ts                     # SQLite, fresh temporary DATA_DIR
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_x node --import tsx bench/scorm-commit.ts
 *   BENCH_LEARNERS=1000 BENCH_CONNECTIONS=64 BENCH_SECONDS=20 BENCH_SERVER_ENV='SESSION_CACHE_SECONDS=0' …
 *
 * Starts the server (`node --import tsx src/server.ts`) on a fresh database, seeds one course with a
 * SCORM 1.2 lesson and BENCH_LEARNERS enrolled learners, each with a session and an attempt, fetches
 * one CSRF token pair, then runs bench/scorm-commit-load.ts as a separate process: BENCH_CONNECTIONS
 * keep-alive connections posting ~2 KB CMI commits (each learner's seq increasing, so every commit is
 * applied) for BENCH_SECONDS after a 5 s warm-up. Prints throughput, latency percentiles, errors and
 * the server's CPU time per commit. For PostgreSQL, pass an empty database (createdb; dropdb after).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import yazl from 'yazl';
import { openDatabase } from '../src/db/database.js';
import { loadConfig } from '../src/config.js';
import { searchKey } from '../src/core/text.js';
import { createSession } from '../src/core/sessions.js';
import { insertUser } from '../src/modules/accounts/repository.js';
import { unitByCode } from '../src/modules/units/repository.js';
import { uploadPackage } from '../src/modules/scorm/package-service.js';
import { ensureRunRows } from '../src/modules/scorm/attempt-repository.js';
import { SCORM12_FILES } from '../src/modules/scorm/package/test-packages.js';
import { root, startServer } from './lib.js';

const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const LEARNERS = Number(process.env.BENCH_LEARNERS || 1000);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 64);
const SECONDS = Number(process.env.BENCH_SECONDS || 20);
/** Extra node flags for the server, e.g. BENCH_SERVER_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof'. */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
const serverEnv = Object.fromEntries((process.env.BENCH_SERVER_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => kv.split('=') as [string, string]));

/** GET on 127.0.0.1 with a Host header (fetch cannot set Host). */
function get(port: number, host: string, urlPath: string): Promise<{ status: number; body: string; cookies: string[] }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, headers: { host } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookies: res.headers['set-cookie'] ?? [] }));
      })
      .on('error', reject);
  });
}

async function zipOf(files: Record<string, string>, file: string) {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(fs.createWriteStream(file)).on('close', resolve).on('error', reject));
}

async function main() {
  const server = await startServer({ databaseUrl, env: serverEnv, nodeArgs: serverNodeArgs });
  const { port, dir, env } = server;
  const host = `127.0.0.1:${port}`;
  try {
    // Seed: one course, one SCORM 1.2 activity, LEARNERS learners with a session and an attempt each.
    const config = loadConfig({ ...env, LOG_LEVEL: 'silent' });
    const database = databaseUrl ? openDatabase({ databaseUrl, poolSize: 4 }) : openDatabase({ sqliteFile: path.join(dir, 'kynangso.sqlite') });
    const db = database.db;
    const zipPath = path.join(dir, 'bai.zip');
    await zipOf(SCORM12_FILES, zipPath);
    const pkg = await uploadPackage(db, config, undefined, zipPath, 'bai.zip');
    const city = (await unitByCode(db, config.cityCode))!;
    const now = new Date().toISOString();
    const { id: courseId } = await db
      .insertInto('courses')
      .values({ slug: 'bench', title: 'Bench', search_title: 'bench', description: '', host_unit_id: city.id, owner_id: null, enrolment: 'open', audience: '', status: 'published', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: topicId } = await db.insertInto('topics').values({ course_id: courseId, position: 1, title: 'T', description: '' }).returning('id').executeTakeFirstOrThrow();
    const { id: activityId } = await db
      .insertInto('activities')
      .values({ course_id: courseId, topic_id: topicId, position: 1, type: 'scorm', title: 'Bài', required: 1, settings: JSON.stringify({ packageId: pkg.id, completion: 'completed' }), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const learners: Array<{ cookie: string; attemptId: number }> = [];
    const t0 = performance.now();
    await db.transaction().execute(async (trx) => {
      for (let i = 0; i < LEARNERS; i++) {
        const name = `Học Viên ${i + 1}`;
        const userId = await insertUser(trx, {
          fullName: name,
          searchName: searchKey(name),
          phone: `+8490${String(1_000_000 + i).padStart(7, '0')}`,
          email: null,
          unitId: city.id,
          targetGroup: 'citizen',
          birthYear: null,
          passwordHash: null,
          consentAt: now,
          consentVersion: 'bench',
        });
        await trx.insertInto('enrolments').values({ course_id: courseId, user_id: userId, source: 'self', enrolled_by: null, status: 'active', enrolled_at: now, started_at: null, completed_at: null, left_at: null }).execute();
        await ensureRunRows(trx, { activityId, userId, packageId: pkg.id, attempt: 1, scoIds: ['bai1'] });
        const { id: attemptId } = await trx.selectFrom('scorm_attempts').select('id').where('user_id', '=', userId).executeTakeFirstOrThrow();
        learners.push({ cookie: `kns_sid=${await createSession(trx, userId, 24)}`, attemptId });
      }
    });
    const seeded = performance.now() - t0;
    await database.close();

    const page = await get(port, host, '/dang-nhap');
    const csrfToken = /name="_csrf" value="([^"]+)"/.exec(page.body)![1];
    const csrfCookie = page.cookies.map((c) => c.split(';')[0]).find((c) => c.startsWith('_csrf='))!;
    const planFile = path.join(dir, 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify({ port, host, csrfCookie, csrfToken, learners, connections: CONNECTIONS, seconds: SECONDS, warmupSeconds: 5 }));

    const cpuBefore = server.cpuMs();
    const load = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'bench/scorm-commit-load.ts'), planFile], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    load.stdout.on('data', (c) => (out += c));
    await new Promise((resolve) => load.on('exit', resolve));
    const cpu = (server.cpuMs() - cpuBefore) / 1000;
    const r = JSON.parse(out.trim().split('\n').pop()!) as { count: number; errors: number; rps: number; p50: number; p95: number; p99: number; max: number; bodyBytes: number };
    const serverCpuMsPerCommit = ((cpu * 1000) / (r.count * ((SECONDS + 5) / SECONDS))).toFixed(2);
    console.log(`SCORM commits, ${databaseUrl ? 'PostgreSQL' : 'SQLite'}, ${LEARNERS} learners (seeded in ${(seeded / 1000).toFixed(1)} s), ${CONNECTIONS} connections, ${SECONDS} s, body ${r.bodyBytes} B${Object.keys(serverEnv).length ? `, ${JSON.stringify(serverEnv)}` : ''}`);
    console.log(`  ${r.rps} commits/s   p50 ${r.p50} ms   p95 ${r.p95} ms   p99 ${r.p99} ms   max ${r.max} ms   errors ${r.errors}/${r.count}   server CPU ${serverCpuMsPerCommit} ms/commit`);
  } finally {
    await server.dispose();
  }
}

await main();
