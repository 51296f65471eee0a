/**
 * What the platform reads from a SCO's CMI data (the JSON scorm-again commits), for both versions:
 * completion and success status, score, bookmark, total time. These become scorm_attempts' derived
 * columns and, rolled up over a package's items, the activity's progress.
 */
export type ScormVersion = '1.2' | '2004';
export type Completion = 'completed' | 'incomplete' | 'not attempted' | 'unknown';
export type Success = 'passed' | 'failed' | 'unknown';
/** One item's status, as the table of contents shows it. */
export type ItemStatus = 'not_attempted' | 'incomplete' | 'completed' | 'passed' | 'failed';

export interface Derived {
  completion: Completion;
  success: Success;
  scoreScaled: number | null;
  scoreRaw: number | null;
  location: string | null;
  /** null when the commit carries no total time (only terminate commits do). */
  totalSeconds: number | null;
  exit: string;
}

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function num(v: unknown): number | null {
  const s = str(v).trim();
  if (s === '') return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** "HHHH:MM:SS.SS" (SCORM 1.2) → seconds. */
export function parseScorm12Time(s: string): number | null {
  const m = /^(\d{1,4}):(\d{2}):(\d{2})(\.\d{1,2})?$/.exec(s.trim());
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) : null;
}

/** ISO 8601 duration (SCORM 2004, e.g. "PT1H2M3.5S") → seconds (years and months as SCORM does: 365/30.4375 days). */
export function parseIsoDuration(s: string): number | null {
  const m = /^P(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(s.trim());
  if (!m || s.trim() === 'P' || s.trim().endsWith('T')) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0));
  return y * 365 * 86400 + mo * 30.4375 * 86400 + d * 86400 + h * 3600 + mi * 60 + se;
}

export function formatScorm12Time(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(Math.floor(s / 3600))}:${p(Math.floor((s % 3600) / 60))}:${p(s % 60)}`;
}

export function formatIsoDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `PT${Math.floor(s / 3600)}H${Math.floor((s % 3600) / 60)}M${s % 60}S`;
}

function scaledFrom(raw: number | null, min: number | null, max: number | null): number | null {
  if (raw === null) return null;
  const lo = min ?? 0;
  const hi = max ?? 100;
  if (hi <= lo) return null;
  return Math.min(1, Math.max(0, (raw - lo) / (hi - lo)));
}

export function deriveCmi(version: ScormVersion, cmiInput: unknown, opts: { masteryScore?: number | null; scaledPassingScore?: number | null } = {}): Derived {
  const cmi = obj(cmiInput);
  if (version === '1.2') {
    const core = obj(cmi.core);
    const score = obj(core.score);
    const raw = num(score.raw);
    let status = str(core.lesson_status);
    // SCORM 1.2 RTE 3.4.4: with a mastery score, the LMS decides passed/failed from the raw score.
    if (opts.masteryScore != null && raw !== null && ['completed', 'passed', 'failed'].includes(status)) {
      status = raw >= opts.masteryScore ? 'passed' : 'failed';
    }
    const completion: Completion =
      status === 'passed' || status === 'failed' || status === 'completed' ? 'completed' : status === 'incomplete' || status === 'browsed' ? 'incomplete' : 'not attempted';
    return {
      completion,
      success: status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'unknown',
      scoreScaled: scaledFrom(raw, num(score.min), num(score.max)),
      scoreRaw: raw,
      location: str(core.lesson_location).slice(0, 1000) || null,
      totalSeconds: parseScorm12Time(str(core.total_time)),
      exit: str(core.exit),
    };
  }
  const score = obj(cmi.score);
  const completionRaw = str(cmi.completion_status);
  const completion: Completion = (['completed', 'incomplete', 'not attempted'] as string[]).includes(completionRaw) ? (completionRaw as Completion) : 'unknown';
  const scaled = num(score.scaled);
  let success: Success = str(cmi.success_status) === 'passed' ? 'passed' : str(cmi.success_status) === 'failed' ? 'failed' : 'unknown';
  if (success === 'unknown' && scaled !== null && opts.scaledPassingScore != null) success = scaled >= opts.scaledPassingScore ? 'passed' : 'failed';
  return {
    completion,
    success,
    scoreScaled: scaled !== null ? Math.min(1, Math.max(-1, scaled)) : scaledFrom(num(score.raw), num(score.min), num(score.max)),
    scoreRaw: num(score.raw),
    location: str(cmi.location).slice(0, 1000) || null,
    totalSeconds: parseIsoDuration(str(cmi.total_time)),
    exit: str(cmi.exit),
  };
}

export function itemStatus(completion: string | null, success: string | null): ItemStatus {
  if (success === 'passed') return 'passed';
  if (success === 'failed') return 'failed';
  if (completion === 'completed') return 'completed';
  if (completion === 'incomplete') return 'incomplete';
  return 'not_attempted';
}

/** Percent 0–100 (two decimals) from a derived score, or null. */
export function scorePercent(d: Pick<Derived, 'scoreScaled' | 'scoreRaw'>): number | null {
  if (d.scoreScaled !== null) return Math.round(d.scoreScaled * 10000) / 100;
  return d.scoreRaw;
}

/** What progress depends on: a commit with the same signature as the last reported one changes nothing there. */
export function statusSignature(d: Derived): string {
  return `${d.completion}|${d.success}|${scorePercent(d) ?? ''}`.slice(0, 64);
}
