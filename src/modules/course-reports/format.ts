/** Numbers, rates, scores, durations and dates as the reports show them (Vietnamese or English). */
import type { Lang } from '../../core/i18n.js';

const locale = (lang: Lang) => (lang === 'vi' ? 'vi-VN' : 'en-GB');

export const count = (lang: Lang, n: number) => n.toLocaleString(locale(lang));

/** 0.4567 → "45,7 %" / "45.7 %". */
export const rate = (lang: Lang, r: number) => `${(Math.round(r * 1000) / 10).toLocaleString(locale(lang))} %`;

export const score = (lang: Lang, s: number | null) => (s === null ? '—' : s.toLocaleString(locale(lang), { maximumFractionDigits: 1 }));

/** 3725 → "1:02:05"; 65 → "0:01:05". */
export function duration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${Math.floor(s / 3600)}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}
