/**
 * Open data: the movement's aggregates per commune-level unit and city department, per period, as CSV and JSON at
 * public URLs (/du-lieu-mo/chi-so.csv, /du-lieu-mo/chi-so.json).
 *
 * No personal data, by construction: the rows are built only from `indicatorsByUnit` (grouped counts per unit) and
 * the units table (code, name, type, population) — no query here selects a person's name, phone, e-mail or id.
 *
 * Disclosure control:
 * - counts from 1 to 4 are published as "<5" (the JSON string "<5"); **0 is published as 0**: a zero says nothing
 *   about any one person, and "nobody in this commune has started" is exactly what the movement needs to see;
 * - the share of the population attaining basic digital skills is left empty when fewer than 5 attain it;
 * - the unit's population is a public figure of the unit, not a count of people in the platform: never suppressed;
 * - no total row: the city total minus the published rows would give back the small counts;
 * - periods are whole months that have ended (a month, a quarter, a year, or a range of months), never days or the
 *   month in progress, so that subtracting two downloads cannot single out one day's activity.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { defineMessages, t as translate, type Lang } from '../../core/i18n.js';
import { cityUnit } from '../units/repository.js';
import { indicatorsByUnit, type Indicators, type Period } from './indicators.js';
import { addDays, monthStart, vnToday } from './dashboard-period.js';
import './messages-dashboards.js';

export const SUPPRESS_BELOW = 5;
export const SUPPRESSED = '<5';

export type OpenValue = number | string | null;

/** Column key → how it is computed from a unit's indicators (counts are suppressed, the rest is not). */
const COUNTS: Array<[string, (x: Indicators) => number]> = [
  ['hoc_vien', (x) => x.learners.total],
  ['hoc_vien_can_bo', (x) => x.learners.publicServants],
  ['luot_ghi_danh', (x) => x.enrolments.total],
  ['luot_hoan_thanh', (x) => x.enrolments.completions],
  ['dat_pho_cap', (x) => x.basicSkills.attained],
  ['thi_sinh_dang_ky', (x) => x.contest.registrants],
  ['luot_thi', (x) => x.contest.attempts],
  ['to_cong_nghe_so', (x) => x.community.teams],
  ['thanh_vien_to', (x) => x.community.teamMembers],
  ['luot_ho_tro', (x) => x.community.supportSessions],
  ['nguoi_duoc_ho_tro', (x) => x.community.peopleHelped],
  ['nguoi_cao_tuoi_duoc_ho_tro', (x) => x.community.vulnerableHelped],
  ['dai_su_so', (x) => x.community.mentors],
  ['gia_dinh_so', (x) => x.community.digitalFamilies],
  ['su_kien', (x) => x.community.events],
  ['luot_tham_du', (x) => x.community.attendance],
];

export const OPEN_COLUMNS = [
  'ma_don_vi',
  'ten_don_vi',
  'loai_don_vi',
  'tu_ngay',
  'den_ngay',
  'dan_so',
  ...COUNTS.slice(0, 5).map(([k]) => k),
  'ty_le_dat_pho_cap',
  ...COUNTS.slice(5).map(([k]) => k),
];

/** A count as published: 0 stays 0, 1–4 become "<5". */
export function suppress(n: number): number | string {
  return n > 0 && n < SUPPRESS_BELOW ? SUPPRESSED : n;
}

export interface OpenPeriod {
  period: Period;
  /** "2025-10", "2025-q4", "2025" or "2025-09_2025-11": names the downloaded file. */
  label: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * The period of an open-data request: `ky` = YYYY-MM | YYYY-qN | YYYY, or `tu`/`den` (aliases `from`/`to`) =
 * YYYY-MM, both months included. Only whole months that have ended; undefined when the request is not usable.
 * Without any of them: the last month that has ended.
 */
export function parseOpenPeriod(q: { ky?: string; tu?: string; den?: string; from?: string; to?: string }, now = new Date()): OpenPeriod | undefined {
  const currentMonth = monthStart(vnToday(now));
  const ended = (p: Period) => p.to <= currentMonth && p.from >= '2000-01-01';
  const from = q.tu ?? q.from;
  const to = q.den ?? q.to;
  let result: OpenPeriod | undefined;
  if (q.ky !== undefined) {
    if (from !== undefined || to !== undefined) return undefined;
    const ky = q.ky.toLowerCase();
    const quarter = /^(\d{4})-q([1-4])$/.exec(ky);
    if (MONTH.test(ky)) result = { period: { from: `${ky}-01`, to: monthStart(`${ky}-01`, 1) }, label: ky };
    else if (quarter) {
      const first = `${quarter[1]}-${String((Number(quarter[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
      result = { period: { from: first, to: monthStart(first, 3) }, label: ky };
    } else if (/^\d{4}$/.test(ky)) result = { period: { from: `${ky}-01-01`, to: `${Number(ky) + 1}-01-01` }, label: ky };
    else return undefined;
  } else if (from !== undefined || to !== undefined) {
    if (!from || !to || !MONTH.test(from) || !MONTH.test(to) || from > to) return undefined;
    const period = { from: `${from}-01`, to: monthStart(`${to}-01`, 1) };
    if (monthStart(period.from, 60) < period.to) return undefined;
    result = { period, label: from === to ? from : `${from}_${to}` };
  } else {
    const from = monthStart(currentMonth, -1);
    result = { period: { from, to: currentMonth }, label: from.slice(0, 7) };
  }
  return ended(result.period) ? result : undefined;
}

export interface OpenDataset {
  period: Period;
  label: string;
  columns: Array<{ key: string; description: string }>;
  rows: Array<Record<string, OpenValue>>;
}

/** The published rows: one per commune-level unit and city department (the units right below the city). */
export async function openDataset(db: Kysely<DB>, open: OpenPeriod, lang: Lang): Promise<OpenDataset> {
  const city = await cityUnit(db);
  const units = city ? await indicatorsByUnit(db, city.path, open.period) : [];
  const lastDay = addDays(open.period.to, -1);
  const rows = units.map(({ unit, indicators: x }) => {
    const row: Record<string, OpenValue> = {
      ma_don_vi: unit.code,
      ten_don_vi: unit.name,
      loai_don_vi: unit.type,
      tu_ngay: open.period.from,
      den_ngay: lastDay,
      dan_so: unit.population ?? x.basicSkills.population ?? null,
    };
    for (const [key, f] of COUNTS) row[key] = suppress(f(x));
    const share = x.basicSkills.shareOfPopulation;
    row.ty_le_dat_pho_cap = share !== null && x.basicSkills.attained >= SUPPRESS_BELOW ? Math.round(share * 10_000) / 10_000 : null;
    return Object.fromEntries(OPEN_COLUMNS.map((k) => [k, row[k] ?? null]));
  });
  return {
    period: open.period,
    label: open.label,
    columns: OPEN_COLUMNS.map((key) => ({ key, description: translate(lang, `odata.c.${key}`) })),
    rows,
  };
}

/** A CSV field: quoted when needed; a text that a spreadsheet would run as a formula gets a leading apostrophe. */
function csvField(v: OpenValue): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && v !== SUPPRESSED && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** UTF-8 with a byte-order mark (Excel then reads Vietnamese correctly), CRLF line ends, a header row of keys. */
export function toCsv(ds: OpenDataset): Buffer {
  const lines = [OPEN_COLUMNS.join(','), ...ds.rows.map((r) => OPEN_COLUMNS.map((k) => csvField(r[k] ?? null)).join(','))];
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

export function toJson(ds: OpenDataset, lang: Lang) {
  return {
    dataset: 'chi-so',
    title: translate(lang, 'odata.title'),
    period: { from: ds.period.from, to: addDays(ds.period.to, -1), label: ds.label },
    suppression: { below: SUPPRESS_BELOW, marker: SUPPRESSED, zero: 0, note: translate(lang, 'odata.suppression') },
    columns: ds.columns,
    rows: ds.rows,
  };
}

export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

export const openPeriodError = () => new AppError('OPEN_DATA_PERIOD', 400);

/** Recent periods offered on the index page: the last 6 ended months, the last ended quarter and year. */
export function recentPeriods(now = new Date()): OpenPeriod[] {
  const current = monthStart(vnToday(now));
  const out: OpenPeriod[] = [];
  for (let i = 1; i <= 6; i++) {
    const from = monthStart(current, -i);
    out.push({ period: { from, to: monthStart(from, 1) }, label: from.slice(0, 7) });
  }
  const month = Number(current.slice(5, 7));
  const quarterStart = `${current.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  const lastQ = monthStart(quarterStart, -3);
  out.push({ period: { from: lastQ, to: quarterStart }, label: `${lastQ.slice(0, 4)}-q${(Number(lastQ.slice(5, 7)) - 1) / 3 + 1}` });
  const lastYear = String(Number(current.slice(0, 4)) - 1);
  out.push({ period: { from: `${lastYear}-01-01`, to: `${current.slice(0, 4)}-01-01` }, label: lastYear });
  return out;
}

/** The query string that asks for a period ("ky=2025-10" or "tu=2025-09&den=2025-11"). */
export function periodQueryString(p: OpenPeriod): string {
  return p.label.includes('_') ? `tu=${p.label.split('_')[0]}&den=${p.label.split('_')[1]}` : `ky=${p.label}`;
}

defineMessages({
  vi: { 'error.OPEN_DATA_PERIOD': 'Kỳ không hợp lệ. Dùng ky=YYYY-MM, ky=YYYY-qN, ky=YYYY hoặc tu=YYYY-MM&den=YYYY-MM, là những tháng đã kết thúc.' },
  en: { 'error.OPEN_DATA_PERIOD': 'The period is not valid. Use ky=YYYY-MM, ky=YYYY-qN, ky=YYYY or tu=YYYY-MM&den=YYYY-MM, months that have ended.' },
});
