/**
 * Unit filings, the pure part: figures of a form, periods (month, quarter, year, campaign) and their labels,
 * deadlines in Vietnam's time, and the checks of the values a unit enters.
 */
import type { Lang } from '../../core/i18n.js';

export type FigureKind = 'count' | 'text';
export interface FilingFigure {
  code: string;
  labelVi: string;
  labelEn: string;
  kind: FigureKind;
  required: boolean;
}

export const PERIOD_KINDS = ['month', 'quarter', 'year', 'campaign'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];
export const FILING_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];
/** Statuses that count as "filed" for the list of units that have not filed. */
export const FILED: FilingStatus[] = ['submitted', 'accepted'];
/** Statuses in which the unit may still change its values. */
export const EDITABLE: FilingStatus[] = ['draft', 'returned'];

/** The largest whole number a figure accepts: above the city's population (about 4.6 million), so a typo shows. */
export const MAX_COUNT = 10_000_000;
export const MAX_TEXT = 2_000;
export const MAX_FIGURES = 40;
export const CODE_PATTERN = /^[a-z][a-z0-9_]{0,31}$/;

export function parseFigures(json: string): FilingFigure[] {
  try {
    const v = JSON.parse(json) as unknown;
    if (!Array.isArray(v)) return [];
    return v.filter((f): f is FilingFigure => !!f && typeof f === 'object' && typeof f.code === 'string' && (f.kind === 'count' || f.kind === 'text'));
  } catch {
    return [];
  }
}

export const figureLabel = (f: FilingFigure, lang: Lang) => (lang === 'en' && f.labelEn ? f.labelEn : f.labelVi);

/** Today's date in Vietnam (UTC+7, no daylight saving), YYYY-MM-DD. */
export function todayVn(now: Date = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

/** Overdue: the deadline day is over in Vietnam. */
export const isOverdue = (deadline: string, now: Date = new Date()) => todayVn(now) > deadline;

export function isDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** The first and last day of a month (1–12), a quarter (1–4) or a year. */
export function periodRange(kind: Exclude<PeriodKind, 'campaign'>, year: number, n = 1): { startsOn: string; endsOn: string } {
  if (kind === 'year') return { startsOn: `${year}-01-01`, endsOn: `${year}-12-31` };
  const first = kind === 'month' ? n : (n - 1) * 3 + 1;
  const last = kind === 'month' ? n : first + 2;
  return { startsOn: `${year}-${pad(first)}-01`, endsOn: `${year}-${pad(last)}-${pad(lastDay(year, last))}` };
}

/** "dd/mm/yyyy". */
export const dmy = (d: string) => d.split('-').reverse().join('/');

const ROMAN = ['I', 'II', 'III', 'IV'];

export interface PeriodLike {
  kind: string;
  name: string;
  starts_on: string;
  ends_on: string;
}

/** "Tháng 10/2025", "Quý IV/2025", "Năm 2025", or the campaign's name with its dates. */
export function periodLabel(p: PeriodLike, lang: Lang): string {
  const year = p.starts_on.slice(0, 4);
  const month = Number(p.starts_on.slice(5, 7));
  if (p.kind === 'month') return lang === 'vi' ? `Tháng ${pad(month)}/${year}` : `Month ${pad(month)}/${year}`;
  if (p.kind === 'quarter') return lang === 'vi' ? `Quý ${ROMAN[(month - 1) / 3]}/${year}` : `Q${(month - 1) / 3 + 1} ${year}`;
  if (p.kind === 'year') return lang === 'vi' ? `Năm ${year}` : `Year ${year}`;
  return `${p.name} (${dmy(p.starts_on)} – ${dmy(p.ends_on)})`;
}

export type ParsedValue = number | string | null;
export type Values = Record<string, ParsedValue>;

/**
 * A whole number as people type it: "1200", "1.200" or "1 200" (thousands in groups of three, as written in
 * Vietnam); "" is no value. Refused: negatives, decimals, anything else, and more than MAX_COUNT.
 */
export function parseCount(raw: string): { value: number | null } | { error: string } {
  const s = raw.trim().replace(/\u00a0/g, ' ');
  if (s === '') return { value: null };
  if (/^[-−–]\s*\d/.test(s)) return { error: 'FILING_NEGATIVE' };
  let digits: string | undefined;
  if (/^\d+$/.test(s)) digits = s;
  else if (/^\d{1,3}([. ]\d{3})+$/.test(s)) digits = s.replace(/[. ]/g, '');
  if (digits === undefined) return { error: 'FILING_NOT_WHOLE' };
  const n = Number(digits);
  if (!Number.isSafeInteger(n) || n > MAX_COUNT) return { error: 'FILING_TOO_LARGE' };
  return { value: n };
}

/**
 * Checks every value against the figures: field name `v_<code>` → error code. `complete` (submission) also
 * requires every required figure. Unknown codes are ignored.
 */
export function checkValues(figures: FilingFigure[], raw: Record<string, string | undefined>, complete: boolean): { values: Values; fields: Record<string, string> } {
  const values: Values = {};
  const fields: Record<string, string> = {};
  for (const f of figures) {
    const input = raw[f.code] ?? '';
    const key = `v_${f.code}`;
    if (f.kind === 'count') {
      const r = parseCount(input);
      if ('error' in r) fields[key] = r.error;
      else values[f.code] = r.value;
    } else {
      const text = input.trim();
      if (text.length > MAX_TEXT) fields[key] = 'FILING_TEXT_TOO_LONG';
      else values[f.code] = text === '' ? null : text;
    }
    if (complete && !fields[key] && f.required && values[f.code] === null) fields[key] = 'FILING_REQUIRED';
  }
  return { values, fields };
}

/** Checks a form's figures as the city edits them; rows with neither code nor label are dropped. */
export function checkFigures(rows: Array<{ code?: string; labelVi?: string; labelEn?: string; kind?: string; required?: boolean }>): { figures: FilingFigure[]; fields: Record<string, string> } {
  const figures: FilingFigure[] = [];
  const fields: Record<string, string> = {};
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const code = (r.code ?? '').trim();
    const labelVi = (r.labelVi ?? '').trim();
    const labelEn = (r.labelEn ?? '').trim();
    if (!code && !labelVi && !labelEn) return;
    if (!CODE_PATTERN.test(code)) fields[`code_${i}`] = 'FILING_FIGURE_CODE';
    else if (seen.has(code)) fields[`code_${i}`] = 'FILING_FIGURE_CODE_TWICE';
    seen.add(code);
    if (!labelVi || labelVi.length > 200) fields[`labelVi_${i}`] = 'FILING_FIGURE_LABEL';
    if (labelEn.length > 200) fields[`labelEn_${i}`] = 'FILING_FIGURE_LABEL';
    const kind = r.kind === 'text' ? 'text' : r.kind === 'count' ? 'count' : undefined;
    if (!kind) fields[`kind_${i}`] = 'FILING_FIGURE_KIND';
    figures.push({ code, labelVi, labelEn, kind: kind ?? 'count', required: !!r.required });
  });
  if (figures.length === 0) fields.code_0 = 'FILING_FIGURES_EMPTY';
  if (figures.length > MAX_FIGURES) fields._form = 'FILING_FIGURES_TOO_MANY';
  return { figures, fields };
}
