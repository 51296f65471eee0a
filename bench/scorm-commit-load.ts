/**
 * The load side of bench/scorm-commit.ts, run as its own process: CONNECTIONS keep-alive connections,
 * each sending one commit after another (POST /api/scorm/attempts/:id/commit with a realistic ~2 KB
 * SCORM 1.2 CMI body: bookmark, suspend data, four interactions), every learner's seq increasing.
 * Measures every request; prints one JSON line: count, errors, req/s, latency percentiles (ms).
 */
import http from 'node:http';
import fs from 'node:fs';

interface Plan {
  port: number;
  host: string;
  csrfCookie: string;
  csrfToken: string;
  learners: Array<{ cookie: string; attemptId: number }>;
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Plan;
const SUSPEND = 'viewed=1,2,3,4,5,6,7,8,9,10,11,12|lastviewedslide=12|' + 'a1b2c3d4e5'.repeat(95);

function cmi(page: number, seq: number) {
  return {
    suspend_data: SUSPEND + seq,
    launch_data: '',
    comments: '',
    comments_from_lms: '',
    core: {
      student_id: '1',
      student_name: 'Nguyễn Văn An',
      lesson_location: String(page),
      credit: 'credit',
      lesson_status: 'incomplete',
      entry: 'resume',
      lesson_mode: 'normal',
      exit: '',
      session_time: '00:04:12',
      score: { raw: '', min: '', max: '100' },
    },
    objectives: {},
    student_data: { mastery_score: '80', max_time_allowed: '', time_limit_action: '' },
    student_preference: { audio: '', language: '', speed: '', text: '' },
    interactions: Object.fromEntries(
      [0, 1, 2, 3].map((i) => [
        i,
        { id: `com.kynangso.tin-gia.cau_${i + 1}`, time: '10:15:0' + i, type: 'choice', weighting: '1', student_response: 'b', result: 'correct', latency: '00:00:1' + i, objectives: {}, correct_responses: { 0: { pattern: 'b' } } },
      ]),
    ),
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });
const seqs = new Map<number, number>();
let next = 0;

function commitOnce(): Promise<{ ms: number; ok: boolean }> {
  const learner = plan.learners[next++ % plan.learners.length];
  const seq = (seqs.get(learner.attemptId) ?? 0) + 1;
  seqs.set(learner.attemptId, seq);
  const body = JSON.stringify({ seq, cmi: cmi(seq % 15, seq) });
  const started = performance.now();
  return new Promise((resolve) => {
    const req = http.request(
      {
        agent,
        host: '127.0.0.1',
        port: plan.port,
        method: 'POST',
        path: `/api/scorm/attempts/${learner.attemptId}/commit`,
        headers: {
          host: plan.host,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'x-csrf-token': plan.csrfToken,
          cookie: `${learner.cookie}; ${plan.csrfCookie}`,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => (text += c));
        res.on('end', () => { if (process.env.BENCH_DEBUG && !text.includes('"applied":true')) console.error(res.statusCode, text.slice(0, 300)); resolve({ ms: performance.now() - started, ok: res.statusCode === 200 && text.includes('"applied":true') }); });
      },
    );
    req.on('error', () => resolve({ ms: performance.now() - started, ok: false }));
    req.end(body);
  });
}

async function run(seconds: number, record: boolean) {
  const latencies: number[] = [];
  let errors = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.connections }, async () => {
      while (performance.now() < end) {
        const r = await commitOnce();
        if (!record) continue;
        latencies.push(r.ms);
        if (!r.ok) errors++;
      }
    }),
  );
  return { latencies, errors };
}

await run(plan.warmupSeconds, false);
const t0 = performance.now();
const { latencies, errors } = await run(plan.seconds, true);
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => +latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(2);
console.log(
  JSON.stringify({
    count: latencies.length,
    errors,
    bodyBytes: Buffer.byteLength(JSON.stringify({ seq: 1000, cmi: cmi(3, 1000) })),
    rps: Math.round(latencies.length / elapsed),
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    max: +latencies[latencies.length - 1].toFixed(2),
  }),
);
agent.destroy();
