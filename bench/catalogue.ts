/**
 * Benchmark: the public course catalogue (/khoa-hoc) under a steady 500 requests/s, measured from a
 * second process against a real server.
 *
 *   node --import tsx bench/catalogue.ts                       # SQLite, fresh temporary DATA_DIR
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_c node --import tsx bench/catalogue.ts
 *   BENCH_RATE=800 BENCH_SECONDS=30 BENCH_COURSES=500 node --import tsx bench/catalogue.ts
 *
 * The script prepares the database (migrations, unit tree, competence framework), seeds 200 courses
 * (Vietnamese titles, 1–3 topics of activities, theme/competence tags, target groups; about 85 %
 * published and open), starts the server (`node --import tsx src/server.ts`) as a separate process,
 * waits for /readyz, warms up for 5 s, then sends evenly spaced requests at the fixed rate for each
 * scenario (anonymous visitors without cookies, so each page also creates a CSRF secret):
 *   1. /khoa-hoc — the first page (a full page: the total is counted too);
 *   2. /khoa-hoc?q=… — 12 searches typed without diacritics;
 *   3. /khoa-hoc?q=…&theme|group|competence=… — searches and filters together.
 * Latency runs from when a request was due to the end of its response (p50/p95/p99/max over every
 * request); errors are non-200 answers, socket errors and timeouts (10 s). The server's CPU time per
 * request comes from /proc. On PostgreSQL the seeded tables are analyzed first (as autovacuum would). Last, autocannon measures how many first pages a second the server answers
 * flat out. autocannon is not used for the fixed rate: it sends each second's quota in a burst at the
 * start of the second, which measures the burst, not the rate. For PostgreSQL pass an empty database
 * (createdb before, dropdb after).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { prepareDatabase } from '../src/bootstrap.js';
import { searchKey } from '../src/core/text.js';
import { percentile, postgresCpuMs, startServer } from './lib.js';

const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;
const RATE = Number(process.env.BENCH_RATE || 500);
const SECONDS = Number(process.env.BENCH_SECONDS || 25);
const COURSES = Number(process.env.BENCH_COURSES || 200);
const TARGET_P95_MS = 50;

// --- the courses ----------------------------------------------------------------------------------
let seed = 20261124;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const some = <T>(xs: readonly T[], n: number): T[] => [...new Set(Array.from({ length: n }, () => pick(xs)))];

const SUBJECTS = [
  'Kỹ năng số cơ bản', 'Sử dụng dịch vụ công trực tuyến', 'Thanh toán không dùng tiền mặt', 'An toàn thông tin cá nhân',
  'Định danh điện tử VNeID', 'Ứng dụng trí tuệ nhân tạo', 'Thương mại điện tử', 'Chữ ký số và hóa đơn điện tử',
  'Khám chữa bệnh từ xa', 'Học trực tuyến hiệu quả', 'Nhận biết lừa đảo qua mạng', 'Dùng Zalo và mạng xã hội an toàn',
  'Bảo vệ trẻ em trên không gian mạng', 'Sổ sức khỏe điện tử', 'Bản đồ số và giao thông', 'Nông nghiệp số',
  'Tra cứu thông tin pháp luật', 'Nộp thuế điện tử', 'Bán hàng trên sàn thương mại điện tử', 'Chuyển đổi số trong cơ quan nhà nước',
];
const FOR = ['', 'cho người cao tuổi', 'cho hộ kinh doanh', 'cho cán bộ, công chức', 'cho học sinh, sinh viên', 'cho giáo viên', 'nâng cao', 'trong 15 phút'];
const GROUPS = ['public_servant', 'citizen', 'trader', 'teacher', 'student', 'other'];
const TYPES = ['video', 'document', 'link', 'link', 'video', 'quiz'];
const SEARCHES = [
  'ky nang so', 'thanh toan', 'dich vu cong truc tuyen', 'an toan', 'vneid', 'nguoi cao tuoi', 'lua dao', 'tri tue nhan tao',
  'chu ky so', 'ho kinh doanh', 'thuong mai dien tu', 'zalo',
].map((q) => `/khoa-hoc?q=${encodeURIComponent(q)}`);
const FILTERED = ['/khoa-hoc?q=ky+nang&theme=1', '/khoa-hoc?q=thanh+toan&group=trader', '/khoa-hoc?q=an+toan&competence=4.2', '/khoa-hoc?theme=2&group=citizen'];

async function seedCourses(): Promise<void> {
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl ?? '', LOG_LEVEL: 'silent' });
  const database = openDatabase(databaseUrl ? { databaseUrl } : { sqliteFile: path.join(config.dataDir, 'kynangso.sqlite') });
  await prepareDatabase(database, config, { info() {}, warn() {} });
  const db = database.db;
  const units = await db.selectFrom('units').select('id').where('depth', '<=', 1).execute();
  const competences = (await db.selectFrom('competences').select('code').execute()).map((c) => c.code);
  const now = Date.now();
  await db.transaction().execute(async (trx) => {
    for (let i = 1; i <= COURSES; i++) {
      const title = `${pick(SUBJECTS)} ${pick(FOR)}`.trim() + (random() < 0.3 ? ` (phần ${1 + Math.floor(random() * 3)})` : '');
      const at = new Date(now - i * 3_600_000).toISOString();
      const { id } = await trx
        .insertInto('courses')
        .values({
          slug: `khoa-hoc-${i}`,
          title,
          search_title: searchKey(title),
          description: `${title}: các bài học ngắn 5–7 phút, có ví dụ thực hành trên điện thoại. Hoàn thành khóa học để nhận chứng nhận.`,
          host_unit_id: pick(units).id,
          owner_id: null,
          enrolment: random() < 0.9 ? 'open' : 'assigned',
          audience: random() < 0.4 ? '' : some(GROUPS, 2).sort().join(','),
          status: random() < 0.92 ? 'published' : 'draft',
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const tags = [
        ...some(['1', '2', '3', '4'], 2).map((code) => ({ subject_type: 'course', subject_id: id, kind: 'theme', code })),
        ...some(competences, 3).map((code) => ({ subject_type: 'course', subject_id: id, kind: 'competence', code })),
      ];
      await trx.insertInto('content_tags').values(tags).execute();
      for (let tIndex = 1; tIndex <= 1 + Math.floor(random() * 3); tIndex++) {
        const { id: topicId } = await trx.insertInto('topics').values({ course_id: id, position: tIndex, title: `Chuyên đề ${tIndex}`, description: '' }).returning('id').executeTakeFirstOrThrow();
        for (let a = 1; a <= 1 + Math.floor(random() * 4); a++) {
          const type = pick(TYPES);
          const { id: activityId } = await trx
            .insertInto('activities')
            .values({
              course_id: id, topic_id: topicId, position: a, type, title: `Bài ${tIndex}.${a}`, required: type === 'quiz' ? 0 : 1,
              settings: JSON.stringify(type === 'quiz' ? {} : { url: `/files/bai-${id}-${a}.${type === 'video' ? 'mp4' : 'pdf'}`, ...(type === 'video' ? { minWatchedShare: 0.9 } : {}) }),
              created_at: at, updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          if (random() < 0.5) await trx.insertInto('content_tags').values({ subject_type: 'activity', subject_id: activityId, kind: 'competence', code: pick(competences) }).execute();
        }
      }
    }
  });
  // PostgreSQL's autovacuum gathers statistics soon after such a load; the benchmark does not wait for it.
  if (database.dialect === 'postgres') await sql`analyze`.execute(db);
  await database.close();
}

interface Figures {
  name: string;
  cpuPerRequest?: number;
  dbCpuPerRequest?: number;
  sent: number;
  rate: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
}

/**
 * Open-loop load at a fixed rate: request i is due at start + i/rate, whatever happened to the others,
 * over keep-alive connections (at most 64); its latency runs from when it was due to the end of the
 * response, so a slow server cannot hide its queue (no coordinated omission). The paths go round robin.
 */
function load(base: string, name: string, paths: string[], seconds: number): Promise<Figures> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const { hostname, port } = new URL(base);
  const times: number[] = [];
  let errors = 0;
  let inflight = 0;
  const fire = (due: number, path: string) => {
    inflight++;
    const done = (ok: boolean) => {
      inflight--;
      if (!ok) errors++;
      times.push(performance.now() - due);
    };
    const req = http.request({ host: hostname, port, path, agent, timeout: 10_000 }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200));
      res.on('error', () => done(false));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => done(false));
    req.end();
  };
  const total = RATE * seconds;
  const interval = 1000 / RATE;
  const start = performance.now() + 5;
  return new Promise((resolve) => {
    let i = 0;
    const tick = () => {
      const now = performance.now();
      while (i < total && start + i * interval <= now) fire(start + i * interval, paths[i++ % paths.length]);
      if (i < total) return void setTimeout(tick, 1);
      const drain = () => {
        if (inflight > 0) return void setTimeout(drain, 10);
        agent.destroy();
        times.sort((a, b) => a - b);
        resolve({
          name,
          sent: total,
          rate: total / ((performance.now() - start) / 1000),
          p50: percentile(times, 50),
          p95: percentile(times, 95),
          p99: percentile(times, 99),
          max: times[times.length - 1] ?? NaN,
          errors,
        });
      };
      drain();
    };
    tick();
  });
}

/** Closed loop for comparison: how many first pages a second the server answers flat out (autocannon, 16 connections). */
function capacity(base: string, seconds: number): Promise<number> {
  return new Promise((resolve, reject) => {
    autocannon({ url: `${base}/khoa-hoc`, connections: 16, duration: seconds }, (err, result) => (err ? reject(err) : resolve(result.requests.average)));
  });
}

async function main() {
  const loadBefore = os.loadavg()[0];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-bench-'));
  process.env.DATA_DIR = dir;
  const t0 = performance.now();
  await seedCourses();
  const seeded = performance.now() - t0;
  const server = await startServer({ databaseUrl, dir });
  const { base } = server;
  try {
    const first = await (await fetch(`${base}/khoa-hoc`)).text();
    const listed = /Tìm thấy ([\d.]+) khóa học/.exec(first)?.[1];
    if (!listed) throw new Error('the catalogue did not answer as expected');
    // Warm-up: JIT, the reference-list cache, the database's page cache.
    await load(base, 'warm-up', ['/khoa-hoc', ...SEARCHES, ...FILTERED], 5);
    const scenarios: Array<[string, string[]]> = [
      ['/khoa-hoc (first page)', ['/khoa-hoc']],
      ['/khoa-hoc?q=… (12 searches without diacritics)', SEARCHES],
      ['/khoa-hoc?q=…&theme|group|competence=…', FILTERED],
    ];
    const results: Figures[] = [];
    for (const [name, paths] of scenarios) {
      const cpu = server.cpuMs();
      const dbCpu = databaseUrl ? postgresCpuMs() : NaN;
      const r = await load(base, name, paths, SECONDS);
      results.push({ ...r, cpuPerRequest: (server.cpuMs() - cpu) / r.sent, dbCpuPerRequest: (postgresCpuMs() - dbCpu) / r.sent });
    }
    const flatOut = await capacity(base, 10);
    const peak = server.peakRssMiB();
    console.log(`database   ${databaseUrl ? 'PostgreSQL (' + new URL(databaseUrl).pathname.slice(1) + ')' : 'SQLite (fresh DATA_DIR)'}`);
    console.log(`courses    ${COURSES} seeded in ${(seeded / 1000).toFixed(1)} s; ${listed} published and open in the catalogue`);
    console.log(`load       ${RATE} requests/s, evenly spaced, for ${SECONDS} s per scenario, up to 64 keep-alive connections, from a second process`);
    console.log(`page size  ${(Buffer.byteLength(first) / 1024).toFixed(1)} KiB (first page, HTML)`);
    console.log(`machine    ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, 1-min load average at start ${loadBefore.toFixed(2)} (other processes share the cores)`);
    console.log('scenario                                              sent    req/s   p50 ms  p95 ms  p99 ms  max ms  errors  CPU ms/req: server' + (databaseUrl ? ', PostgreSQL' : ''));
    for (const r of results) {
      const cpu = (r.cpuPerRequest ?? NaN).toFixed(2) + (databaseUrl ? `, ${(r.dbCpuPerRequest ?? NaN).toFixed(2)}` : '');
      console.log(
        `${r.name.padEnd(52)} ${String(r.sent).padStart(6)} ${r.rate.toFixed(0).padStart(8)} ${[r.p50, r.p95, r.p99, r.max].map((v) => v.toFixed(1).padStart(7)).join(' ')} ${String(r.errors).padStart(7)}  ${cpu}`,
      );
      if (r.p95 >= TARGET_P95_MS || r.errors > 0) process.exitCode = 1;
    }
    console.log(`capacity   ${flatOut.toFixed(0)} first pages/s flat out (autocannon, 16 connections, 10 s)`);
    if (!Number.isNaN(peak)) console.log(`server peak RSS ${peak.toFixed(0)} MiB`);
    console.log(process.exitCode ? `target missed (p95 < ${TARGET_P95_MS} ms, no errors)` : `target met: p95 < ${TARGET_P95_MS} ms, no errors`);
  } catch (err) {
    console.error((err as Error).message);
    console.error('--- server log ---\n' + server.log().slice(-3000));
    process.exitCode = 1;
  } finally {
    await server.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
