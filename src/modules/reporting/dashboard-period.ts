/**
 * Periods of the dashboards: presets (this month, this quarter, this year) or a from–to range of days, always as
 * calendar days in Vietnam (UTC+7, no daylight saving). Inputs show the last day inclusive; `Period.to` is exclusive.
 */
import { isValidPeriod, type Period } from './indicators.js';

export const PRESETS = ['thang', 'quy', 'nam', 'khac'] as const;
export type Preset = (typeof PRESETS)[number];

/** Today's date in Vietnam, YYYY-MM-DD. */
export function vnToday(now = new Date()): string {
  return new Date(now.getTime() + 7 * 3600_000).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** First day of the month `months` after the month of `day` (0 = its own month). */
export function monthStart(day: string, months = 0): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

export function presetPeriod(preset: Exclude<Preset, 'khac'>, today: string): Period {
  if (preset === 'thang') return { from: monthStart(today), to: monthStart(today, 1) };
  if (preset === 'nam') return { from: `${today.slice(0, 4)}-01-01`, to: `${Number(today.slice(0, 4)) + 1}-01-01` };
  const month = Number(today.slice(5, 7));
  const first = `${today.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
  return { from: first, to: monthStart(first, 3) };
}

const MAX_DAYS = 5 * 366;

export interface ResolvedPeriod {
  preset: Preset;
  period: Period;
  /** The from–to range asked for was not usable (the page says so and shows this month). */
  invalid: boolean;
  /** What the date inputs show (the last day inclusive). */
  fromInput: string;
  toInput: string;
}

/** The dashboard's period from its query: `ky` (a preset), `tu` and `den` (days, both inclusive) for 'khac'. */
export function resolvePeriod(q: { ky?: string; tu?: string; den?: string }, now = new Date()): ResolvedPeriod {
  const today = vnToday(now);
  const preset: Preset = (PRESETS as readonly string[]).includes(q.ky ?? '') ? (q.ky as Preset) : 'thang';
  if (preset === 'khac') {
    const candidate = q.tu && q.den ? { from: q.tu, to: addDays(q.den, 1) } : undefined;
    if (candidate && isValidPeriod(candidate) && daysBetween(candidate) <= MAX_DAYS) {
      return { preset, period: candidate, invalid: false, fromInput: q.tu!, toInput: q.den! };
    }
    const period = presetPeriod('thang', today);
    return { preset: 'thang', period, invalid: true, fromInput: q.tu ?? '', toInput: q.den ?? '' };
  }
  const period = presetPeriod(preset, today);
  return { preset, period, invalid: false, fromInput: period.from, toInput: addDays(period.to, -1) };
}

export function daysBetween(p: Period): number {
  return Math.round((Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / 86_400_000);
}

/** "01/10/2025" from "2025-10-01". */
export function displayDay(day: string): string {
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
