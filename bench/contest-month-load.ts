/**
 * The load side of bench/contest-month.ts, run as its own process (node --import tsx … plan.json): three streams
 * at once, each with bounded concurrency, as fast as the server answers:
 *  - visits: GET /cuoc-thi/:slug as anonymous visitors (plan.visits of them);
 *  - registrations: the real registration form (plan.registrations, distinct phones, communes in turn, a distinct
 *    X-Forwarded-For each — the form allows 20 a minute per address); each success signs the person in
 *    (kns_sid cookie) and hands them to the third stream;
 *  - attempts: each registered contestant's plan.attemptsPerContestant attempts, each = enter the round
 *    (POST …/rounds/1/attempts) + one PUT per question (20) + submit, with no think time.
 * Prints one JSON line: per stream count, errors, when it ended, latency.
 */
import fs from 'node:fs';
import http from 'node:http';

interface Plan {
  port: number;
  host: string;
  slug: string;
  csrfCookie: string;
  csrfToken: string;
  visits: number;
  registrations: number;
  attemptsPerContestant: number;
  concurrency: { visits: number; registrations: number; attempts: number };
  unitCodes: string[];
  phoneSeries: number;
}

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency.visits + plan.concurrency.registrations + plan.concurrency.attempts });

function send(method: string, path: string, headers: Record<string, string | number>, body?: string): Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const h: Record<string, string | number> = { host: plan.host, ...headers };
    if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
    const req = http.request({ agent, host: '127.0.0.1', port: plan.port, method, path, headers: h, timeout: 60_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

type Stream = 'visit' | 'registration' | 'start' | 'answer' | 'submit';
const lat: Record<Stream, number[]> = { visit: [], registration: [], start: [], answer: [], submit: [] };
const errors: Record<string, number> = {};
const t0 = performance.now();
const ended: Record<string, number> = {};

async function timed(kind: Stream, method: string, path: string, headers: Record<string, string | number>, body: string | undefined, ok: (r: { status: number; text: string; headers: http.IncomingHttpHeaders }) => boolean) {
  const t = performance.now();
  try {
    const r = await send(method, path, headers, body);
    lat[kind].push(performance.now() - t);
    if (!ok(r)) {
      const key = `${kind} ${r.status} ${/"code":"([A-Z_]+)"/.exec(r.text)?.[1] ?? ''}`;
      errors[key] = (errors[key] ?? 0) + 1;
      if (process.env.BENCH_DEBUG) console.error(key, r.text.slice(0, 300));
      return undefined;
    }
    return r;
  } catch (err) {
    lat[kind].push(performance.now() - t);
    const key = `${kind} ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    errors[key] = (errors[key] ?? 0) + 1;
    return undefined;
  }
}

/* visits */
let visitsLeft = plan.visits;
async function visitor() {
  while (visitsLeft-- > 0) await timed('visit', 'GET', `/cuoc-thi/${plan.slug}`, {}, undefined, (r) => r.status === 200);
}

/* registrations → the queue of signed-in contestants */
const queue: string[] = [];
let registrationsDone = false;
let wake: (() => void) | undefined;
let nextRegistrant = 0;
const NAMES = ['Nguyễn Thị Hương', 'Trần Văn Nam', 'Lê Minh Châu', 'Phạm Đức Anh', 'Vũ Thị Lan', 'Đặng Quốc Bảo', 'Bùi Thanh Hà', 'Hoàng Ngọc Yến'];
async function registrant() {
  for (;;) {
    const i = nextRegistrant++;
    if (i >= plan.registrations) return;
    const password = `Mat-khau-${i}-dai`;
    const form = new URLSearchParams({
      _csrf: plan.csrfToken,
      fullName: NAMES[i % NAMES.length],
      phone: `09${plan.phoneSeries}${String(i).padStart(7, '0')}`,
      idNumber: '',
      unitCode: plan.unitCodes[i % plan.unitCodes.length],
      targetGroup: 'citizen',
      birthYear: String(1950 + (i % 55)),
      password,
      passwordConfirm: password,
      consent: 'yes',
    }).toString();
    const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const r = await timed('registration', 'POST', `/cuoc-thi/${plan.slug}/dang-ky`, { 'content-type': 'application/x-www-form-urlencoded', cookie: plan.csrfCookie, 'x-forwarded-for': address }, form, (res) => res.status === 303 && String(res.headers.location).includes('da-dang-ky=1'));
    const sid = r?.headers['set-cookie']?.map((c) => c.split(';')[0]).find((c) => c.startsWith('kns_sid='));
    if (sid) {
      queue.push(sid);
      wake?.();
    }
  }
}

/* attempts */
let attemptsDone = 0;
async function contestantWorker() {
  for (;;) {
    const sid = queue.shift();
    if (!sid) {
      if (registrationsDone) return;
      await new Promise<void>((resolve) => (wake = resolve) && setTimeout(resolve, 50));
      continue;
    }
    const headers = { cookie: `${sid}; ${plan.csrfCookie}`, 'x-csrf-token': plan.csrfToken };
    for (let k = 0; k < plan.attemptsPerContestant; k++) {
      const s = await timed('start', 'POST', `/api/contests/${plan.slug}/rounds/1/attempts`, { ...headers, 'content-type': 'application/json' }, '{}', (r) => r.status === 201);
      if (!s) break;
      const view = JSON.parse(s.text) as { attemptId: number; questions: Array<{ position: number; options: string[] }> };
      for (const q of view.questions) {
        const body = JSON.stringify({ choices: [Math.floor(Math.random() * q.options.length)] });
        await timed('answer', 'PUT', `/api/contest-attempts/${view.attemptId}/answers/${q.position}`, { ...headers, 'content-type': 'application/json' }, body, (r) => r.status === 200);
      }
      if (await timed('submit', 'POST', `/api/contest-attempts/${view.attemptId}/submit`, headers, undefined, (r) => r.status === 200)) attemptsDone++;
    }
  }
}

const running = (n: number, f: () => Promise<void>, name: string) => Promise.all(Array.from({ length: n }, f)).then(() => void (ended[name] = (performance.now() - t0) / 1000));
await Promise.all([
  running(plan.concurrency.visits, visitor, 'visits'),
  running(plan.concurrency.registrations, registrant, 'registrations').then(() => {
    registrationsDone = true;
    wake?.();
  }),
  running(plan.concurrency.attempts, contestantWorker, 'attempts'),
]);
const wallS = (performance.now() - t0) / 1000;
agent.destroy();

const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const p = (q: number) => +(s[Math.min(s.length - 1, Math.ceil((q / 100) * s.length) - 1)] ?? NaN).toFixed(1);
  return { count: s.length, p50: p(50), p95: p(95), p99: p(99), max: +(s[s.length - 1] ?? NaN).toFixed(1) };
};
console.log(
  JSON.stringify({
    wallS,
    ended,
    attemptsDone,
    errors,
    visit: summary(lat.visit),
    registration: summary(lat.registration),
    start: summary(lat.start),
    answer: summary(lat.answer),
    submit: summary(lat.submit),
  }),
);
