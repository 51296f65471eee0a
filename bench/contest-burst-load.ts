/**
 * The load side of bench/contest-burst.ts, run as its own process (node --import tsx bench/contest-burst-load.ts plan.json).
 *
 * Every virtual contestant starts at a uniformly random moment within the start window (from plan.startAt, an
 * epoch time the parent chose, so that it knows when the burst began): POST /api/contests/:slug/rounds/1/attempts,
 * then, for each of its questions in order, a think time (uniform thinkMs ± 50 %) and
 * PUT /api/contest-attempts/:id/answers/:position {choices:[place]} with a random place, then
 * POST /api/contest-attempts/:id/submit. All requests share one keep-alive http.Agent with a bounded socket
 * pool; a request's latency runs from when the contestant issues it (time queued for a socket included).
 *
 * A request that fails on a connection error (ECONNREFUSED, ECONNRESET, socket hang up, EPIPE: the server was
 * killed) is sent again every 250 ms until the server answers — counted as "retried", not as an error, and its
 * latency still runs from the first try. An HTTP error status is an error (the contestant stops there).
 * Every acknowledged answer (HTTP 200) is written to plan.ackFile as "attemptId position place" lines.
 * Prints one JSON line of figures.
 */
import fs from 'node:fs';
import http from 'node:http';

interface Plan {
  port: number;
  host: string;
  slug: string;
  csrfCookie: string;
  csrfToken: string;
  cookies: string[];
  startAt: number;
  startWindowS: number;
  thinkMs: number;
  sockets: number;
  ackFile: string;
}

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.sockets });
const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);
const RETRY_FOR_MS = 180_000;

type Kind = 'start' | 'answer' | 'submit';
const latencies: Record<Kind, number[]> = { start: [], answer: [], submit: [] };
const errors: Record<string, number> = {};
let retried = 0;
let retriedRequests = 0;
let firstConnError = NaN;
let lastConnError = NaN;
const answersPerSecond: number[] = [];
const acks: string[] = [];
let finishedContestants = 0;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function once(method: string, path: string, cookie: string, body?: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { host: plan.host, cookie: `${cookie}; ${plan.csrfCookie}`, 'x-csrf-token': plan.csrfToken };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ agent, host: '127.0.0.1', port: plan.port, method, path, headers, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(body);
  });
}

/** One request, sent again on connection errors; latency from the first try. */
async function call(kind: Kind, method: string, path: string, cookie: string, body?: unknown): Promise<{ status: number; json: any } | undefined> {
  const t0 = performance.now();
  const payload = body === undefined ? undefined : JSON.stringify(body);
  let tries = 0;
  for (;;) {
    try {
      const r = await once(method, path, cookie, payload);
      const ms = performance.now() - t0;
      latencies[kind].push(ms);
      if (tries) retriedRequests++;
      if (r.status >= 400) {
        const code = /"code":"([A-Z_]+)"/.exec(r.text)?.[1] ?? '';
        errors[`${kind} ${r.status} ${code}`] = (errors[`${kind} ${r.status} ${code}`] ?? 0) + 1;
        if (process.env.BENCH_DEBUG) console.error(kind, r.status, r.text.slice(0, 300));
        return undefined;
      }
      return { status: r.status, json: r.text ? JSON.parse(r.text) : null };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const now = performance.now();
      if ((CONNECTION_ERRORS.has(code) || /socket hang up/.test(String(err))) && now - t0 < RETRY_FOR_MS) {
        retried++;
        tries++;
        if (Number.isNaN(firstConnError)) firstConnError = Date.now();
        lastConnError = Date.now();
        await sleep(250);
        continue;
      }
      latencies[kind].push(now - t0);
      errors[`${kind} ${code || String(err)}`] = (errors[`${kind} ${code || String(err)}`] ?? 0) + 1;
      return undefined;
    }
  }
}

const think = () => plan.thinkMs * (0.5 + Math.random());

async function contestant(cookie: string, burstStart: number): Promise<void> {
  const started = await call('start', 'POST', `/api/contests/${plan.slug}/rounds/1/attempts`, cookie, {});
  if (!started) return;
  const view = started.json as { attemptId: number; questions: Array<{ position: number; options: string[] }> };
  for (const q of view.questions) {
    await sleep(think());
    const place = Math.floor(Math.random() * q.options.length);
    const r = await call('answer', 'PUT', `/api/contest-attempts/${view.attemptId}/answers/${q.position}`, cookie, { choices: [place] });
    if (!r) return;
    acks.push(`${view.attemptId} ${q.position} ${place}`);
    const second = Math.floor((Date.now() - burstStart) / 1000);
    answersPerSecond[second] = (answersPerSecond[second] ?? 0) + 1;
  }
  await sleep(think());
  if (await call('submit', 'POST', `/api/contest-attempts/${view.attemptId}/submit`, cookie)) finishedContestants++;
}

const wait = plan.startAt - Date.now();
if (wait > 0) await sleep(wait);
const burstStart = Date.now();
await Promise.all(
  plan.cookies.map(async (cookie) => {
    await sleep(Math.random() * plan.startWindowS * 1000);
    await contestant(cookie, burstStart);
  }),
);
const elapsedS = (Date.now() - burstStart) / 1000;
fs.writeFileSync(plan.ackFile, acks.join('\n') + '\n');
agent.destroy();

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number) => +(s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] ?? NaN).toFixed(1);
  return { count: s.length, p50: p(50), p95: p(95), p99: p(99), max: +(s[s.length - 1] ?? NaN).toFixed(1) };
};
console.log(
  JSON.stringify({
    burstStart,
    elapsedS,
    start: summary(latencies.start),
    answer: summary(latencies.answer),
    submit: summary(latencies.submit),
    errors,
    retried,
    retriedRequests,
    connErrorWindowMs: Number.isNaN(firstConnError) ? 0 : lastConnError - firstConnError,
    acked: acks.length,
    finishedContestants,
    peakAnswersPerS: Math.max(0, ...Array.from(answersPerSecond, (x) => x ?? 0)),
    answersPerSecond: Array.from(answersPerSecond, (x) => x ?? 0),
  }),
);
