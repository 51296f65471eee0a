/**
 * The load side of bench/contest-throughput.ts, run as its own process (node --import tsx … plan.json):
 *  - mode "saves": a closed loop on `connections` keep-alive connections for `seconds` (after `warmupSeconds`):
 *    PUT /api/contest-attempts/:id/answers/:position over every (attempt, position) in turn, each time the other
 *    of places 0 and 1, so every save changes the stored answer (a real write; `changed: true` is checked).
 *  - mode "registrations": `connections` clients posting the real registration form (form-urlencoded, the CSRF
 *    pair, a distinct phone number each, a commune in turn, X-Forwarded-For a distinct address each so the
 *    per-address limit of the form does not apply — as behind the load balancer) for `seconds`; success is the
 *    303 to the landing page with ?da-dang-ky=1.
 * Latency per request from when it is sent. Prints one JSON line.
 */
import fs from 'node:fs';
import http from 'node:http';

interface Plan {
  mode: 'saves' | 'registrations';
  port: number;
  host: string;
  csrfCookie: string;
  csrfToken: string;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  /** saves */
  attempts?: Array<{ cookie: string; attemptId: number; positions: number }>;
  /** registrations */
  slug?: string;
  unitCodes?: string[];
  phoneSeries?: number;
}

const plan = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as Plan;
const agent = new http.Agent({ keepAlive: true, maxSockets: plan.connections });

function send(method: string, path: string, headers: Record<string, string | number>, body: string): Promise<{ status: number; text: string; location?: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ agent, host: '127.0.0.1', port: plan.port, method, path, headers: { host: plan.host, 'content-length': Buffer.byteLength(body), ...headers }, timeout: 30_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text, location: res.headers.location }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/* ---------- saves ---------- */
let slot = 0;
const flips = new Map<number, number>();
async function saveOnce(): Promise<{ ok: boolean; unchanged: boolean; status: string }> {
  const attempts = plan.attempts!;
  const positions = attempts[0].positions;
  const i = slot++ % (attempts.length * positions);
  const a = attempts[Math.floor(i / positions)];
  const position = (i % positions) + 1;
  const n = (flips.get(i) ?? 0) + 1;
  flips.set(i, n);
  const body = JSON.stringify({ choices: [n % 2] });
  try {
    const r = await send('PUT', `/api/contest-attempts/${a.attemptId}/answers/${position}`, { 'content-type': 'application/json', cookie: `${a.cookie}; ${plan.csrfCookie}`, 'x-csrf-token': plan.csrfToken }, body);
    const unchanged = r.status === 200 && r.text.includes('"changed":false');
    return { ok: r.status === 200 && r.text.includes('"changed":true'), unchanged, status: String(r.status) };
  } catch (err) {
    return { ok: false, unchanged: false, status: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

/* ---------- registrations ---------- */
let registrant = 0;
const NAMES = ['Nguyễn Thị Hương', 'Trần Văn Nam', 'Lê Minh Châu', 'Phạm Đức Anh', 'Vũ Thị Lan', 'Đặng Quốc Bảo', 'Bùi Thanh Hà', 'Hoàng Ngọc Yến'];
async function registerOnce(): Promise<{ ok: boolean; unchanged: boolean; status: string }> {
  const i = registrant++;
  const form = new URLSearchParams({
    _csrf: plan.csrfToken,
    fullName: NAMES[i % NAMES.length],
    phone: `09${plan.phoneSeries}${String(i).padStart(7, '0')}`,
    idNumber: '',
    unitCode: plan.unitCodes![i % plan.unitCodes!.length],
    targetGroup: 'citizen',
    birthYear: String(1950 + (i % 55)),
    password: `Mat-khau-${i}-dai`,
    passwordConfirm: `Mat-khau-${i}-dai`,
    consent: 'yes',
  }).toString();
  const address = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
  try {
    const r = await send('POST', `/cuoc-thi/${plan.slug}/dang-ky`, { 'content-type': 'application/x-www-form-urlencoded', cookie: plan.csrfCookie, 'x-forwarded-for': address }, form);
    const ok = r.status === 303 && !!r.location?.includes('da-dang-ky=1');
    if (!ok && process.env.BENCH_DEBUG) console.error(r.status, r.location, r.text.slice(0, 500));
    return { ok, unchanged: false, status: String(r.status) };
  } catch (err) {
    return { ok: false, unchanged: false, status: (err as NodeJS.ErrnoException).code ?? String(err) };
  }
}

const one = plan.mode === 'saves' ? saveOnce : registerOnce;

async function run(seconds: number, record: boolean) {
  const latencies: number[] = [];
  const errors: Record<string, number> = {};
  let unchanged = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: plan.connections }, async () => {
      while (performance.now() < end) {
        const t0 = performance.now();
        const r = await one();
        if (!record) continue;
        latencies.push(performance.now() - t0);
        if (r.unchanged) unchanged++;
        else if (!r.ok) errors[r.status] = (errors[r.status] ?? 0) + 1;
      }
    }),
  );
  return { latencies, errors, unchanged };
}

if (plan.warmupSeconds) await run(plan.warmupSeconds, false);
const t0 = performance.now();
const { latencies, errors, unchanged } = await run(plan.seconds, true);
const elapsed = (performance.now() - t0) / 1000;
latencies.sort((a, b) => a - b);
const p = (q: number) => +(latencies[Math.min(latencies.length - 1, Math.ceil((q / 100) * latencies.length) - 1)] ?? NaN).toFixed(2);
console.log(
  JSON.stringify({
    count: latencies.length,
    total: slot + registrant,
    errors,
    unchanged,
    perSecond: +(latencies.length / elapsed).toFixed(1),
    p50: p(50),
    p95: p(95),
    p99: p(99),
    max: +(latencies[latencies.length - 1] ?? NaN).toFixed(2),
  }),
);
agent.destroy();
