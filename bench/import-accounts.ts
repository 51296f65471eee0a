/**
 * Benchmark: one Excel import of 11,138 people (the seed's batch) through a real server, over HTTP.
 *
 *   node --import tsx bench/import-accounts.ts                      # SQLite, in a fresh temporary DATA_DIR
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_x node --import tsx bench/import-accounts.ts
 *   BENCH_ROWS=50000 node --import tsx bench/import-accounts.ts    # another size
 *
 * The script generates the .xlsx (realistic Vietnamese names, unique valid phones in the formats
 * people type, codes of real communes from reference/haiphong/units.csv), starts the server as a
 * separate process (`node --import tsx src/server.ts`) with a first administrator from
 * ADMIN_EMAIL/ADMIN_PASSWORD, waits for /readyz, signs in over HTTP, uploads the file through the
 * import form and measures the wall time until the import's response. Then it stops the server.
 * For PostgreSQL, pass an empty database (createdb … kns_bench_x; dropdb afterwards).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { root, startServer } from './lib.js';

/** The seed's batch; BENCH_ROWS tries another size (the import refuses more than IMPORT_MAX_ROWS, 50,000 by default). */
const ROWS = Number(process.env.BENCH_ROWS || 11_138);
const databaseUrl = process.env.BENCH_DATABASE_URL || undefined;

// --- the file -------------------------------------------------------------------------------------
let seed = 20261124;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let x = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
/** Family names roughly as common as in Vietnam: Nguyễn first by far. */
const FAMILY = ['Nguyễn', 'Nguyễn', 'Nguyễn', 'Nguyễn', 'Trần', 'Trần', 'Lê', 'Lê', 'Phạm', 'Phạm', 'Hoàng', 'Vũ', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý', 'Phan', 'Trương', 'Đinh', 'Mạc', 'Lương', 'Đoàn', 'Tạ', 'Cao'];
const MALE_MIDDLE = ['Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quang', 'Thanh', 'Xuân', 'Công', 'Đình', 'Ngọc', 'Tiến', 'Mạnh'];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Phương', 'Hồng', 'Kim', 'Bích', 'Thùy'];
const MALE_GIVEN = ['An', 'Bình', 'Cường', 'Dũng', 'Đạt', 'Hải', 'Hiếu', 'Hoàng', 'Hùng', 'Huy', 'Khánh', 'Long', 'Mạnh', 'Nam', 'Phong', 'Phúc', 'Quân', 'Sơn', 'Thắng', 'Thành', 'Toàn', 'Trung', 'Tuấn', 'Việt', 'Vinh'];
const FEMALE_GIVEN = ['Anh', 'Chi', 'Dung', 'Giang', 'Hà', 'Hạnh', 'Hằng', 'Hiền', 'Hoa', 'Hương', 'Huyền', 'Lan', 'Linh', 'Loan', 'Mai', 'Nga', 'Ngọc', 'Nhung', 'Phương', 'Quỳnh', 'Thảo', 'Thúy', 'Trang', 'Vân', 'Yến'];
const MOBILE = ['086', '096', '097', '098', '032', '033', '034', '035', '036', '037', '038', '039', '088', '091', '094', '083', '084', '085', '081', '082', '090', '093', '089', '070', '079', '077', '076', '078'];
const GROUPS = ['Người dân', 'Người dân', 'Người dân', 'Cán bộ, công chức, viên chức', 'Hộ kinh doanh, tiểu thương', 'Giáo viên', 'Học sinh, sinh viên', 'citizen', 'Khác'];

function communeCodes(): string[] {
  const lines = fs.readFileSync(path.join(root, 'reference/haiphong/units.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((l) => l.split(',')).filter((c) => ['phuong', 'xa', 'dac_khu'].includes(c[2])).map((c) => c[0]);
}

function phoneNumber(used: Set<string>): string {
  for (;;) {
    const national = pick(MOBILE) + String(Math.floor(random() * 10_000_000)).padStart(7, '0');
    if (used.has(national)) continue;
    used.add(national);
    const r = random();
    if (r < 0.7) return `${national.slice(0, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
    if (r < 0.85) return national;
    if (r < 0.95) return `+84 ${national.slice(1, 4)} ${national.slice(4, 7)} ${national.slice(7)}`;
    return `${national.slice(0, 4)}.${national.slice(4, 7)}.${national.slice(7)}`;
  }
}

async function makeWorkbook(): Promise<Buffer> {
  const communes = communeCodes();
  const used = new Set<string>();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(['Họ và tên', 'Số điện thoại', 'Thư điện tử', 'Mã đơn vị', 'Đối tượng', 'Năm sinh']);
  for (let i = 0; i < ROWS; i++) {
    const male = random() < 0.5;
    const name = `${pick(FAMILY)} ${pick(male ? MALE_MIDDLE : FEMALE_MIDDLE)} ${pick(male ? MALE_GIVEN : FEMALE_GIVEN)}`;
    const email = random() < 0.2 ? `nguoidung${i + 1}@example.vn` : '';
    const year = random() < 0.9 ? 1950 + Math.floor(random() * 60) : '';
    ws.addRow([name, phoneNumber(used), email, pick(communes), pick(GROUPS), year]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// --- the server -----------------------------------------------------------------------------------
class Jar {
  private cookies = new Map<string, string>();
  absorb(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

const tokenIn = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const seconds = (ms: number) => (ms / 1000).toFixed(2) + ' s';

async function main() {
  const t0 = performance.now();
  const file = await makeWorkbook();
  const generated = performance.now() - t0;

  const admin = { email: 'bench-admin@example.vn', password: 'bench-' + Math.random().toString(36).slice(2) };
  const started = performance.now();
  const server = await startServer({ databaseUrl, env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password } });
  const ready = performance.now() - started;
  const { base } = server;
  try {
    const jar = new Jar();
    const signInPage = await fetch(`${base}/dang-nhap`);
    jar.absorb(signInPage);
    const signIn = await fetch(`${base}/dang-nhap`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ _csrf: tokenIn(await signInPage.text()), login: admin.email, password: admin.password }),
    });
    jar.absorb(signIn);
    if (signIn.status !== 303) throw new Error(`sign-in failed: ${signIn.status}`);
    const importPage = await fetch(`${base}/quan-tri/nguoi-dung/nhap`, { headers: { cookie: jar.header() } });
    jar.absorb(importPage);
    const token = tokenIn(await importPage.text());

    // The form as a browser sends it: the token field first, then the file.
    const form = new FormData();
    form.append('_csrf', token);
    form.append('file', new Blob([new Uint8Array(file)], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), `nhap-${ROWS}.xlsx`);
    const t1 = performance.now();
    const res = await fetch(`${base}/quan-tri/nguoi-dung/nhap`, { method: 'POST', headers: { cookie: jar.header() }, body: form });
    const body = await res.text();
    const importMs = performance.now() - t1;
    if (res.status !== 200 || !body.includes(`Đã nhập ${ROWS.toLocaleString('vi-VN')} người dùng`)) {
      throw new Error(`import failed: ${res.status} ${body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 600)}`);
    }
    const list = await fetch(`${base}/api/people?pageSize=1`, { headers: { cookie: jar.header() } });
    const total = ((await list.json()) as { total: number }).total;
    const peak = server.peakRssMiB();

    console.log(`database            ${databaseUrl ? 'PostgreSQL (' + new URL(databaseUrl).pathname.slice(1) + ')' : 'SQLite (fresh DATA_DIR)'}`);
    console.log(`rows                ${ROWS.toLocaleString('en')} (people in the list afterwards: ${total.toLocaleString('en')})`);
    console.log(`file                ${(file.length / 1024).toFixed(0)} KiB, generated in ${seconds(generated)}`);
    console.log(`server ready        ${seconds(ready)} after start (migrations, unit tree, first admin)`);
    console.log(`upload + import     ${seconds(importMs)} wall time until the response (${Math.round(ROWS / (importMs / 1000)).toLocaleString('en')} rows/s)`);
    if (!Number.isNaN(peak)) console.log(`server peak RSS     ${peak.toFixed(0)} MiB`);
    if (importMs > 60_000) process.exitCode = 1;
  } catch (err) {
    console.error((err as Error).message);
    console.error('--- server log ---\n' + server.log().slice(-3000));
    process.exitCode = 1;
  } finally {
    await server.dispose();
  }
}

await main();
