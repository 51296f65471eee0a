/**
 * Grading, on the server only. Pure.
 *
 *  - single choice and true/false: right when the one chosen option is the correct one;
 *  - multiple choice: ALL-OR-NOTHING — right only when the chosen options are exactly the correct set
 *    (no partial credit: one missing or one extra option makes the question wrong);
 *  - an unanswered question is wrong.
 * Every question is worth its `points` (1 today). percent = 100 × score / max, rounded to 2 decimals.
 *
 * A quiz's grade over a learner's attempts: 'highest' — the best percent of the final attempts;
 * 'last' — the percent of the last final attempt. Abandoned attempts count as 0.
 */
export const GRADING_METHODS = ['highest', 'last'] as const;
export type GradingMethod = (typeof GRADING_METHODS)[number];

export function sameSet(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort((x, y) => x - y);
  const sb = [...b].sort((x, y) => x - y);
  return sa.every((v, i) => v === sb[i]);
}

export function isRight(key: readonly number[], response: readonly number[] | null): boolean {
  return !!response && response.length > 0 && sameSet(key, response);
}

export interface GradedItem {
  points: number;
  right: boolean;
}

export function scoreOf(items: GradedItem[]): { score: number; max: number; percent: number } {
  const max = items.reduce((n, i) => n + i.points, 0);
  const score = items.reduce((n, i) => n + (i.right ? i.points : 0), 0);
  const percent = max > 0 ? Math.round((score / max) * 10000) / 100 : 0;
  return { score, max, percent };
}

/** Passed when the percent reaches the pass mark; null without a pass mark. */
export function passedOf(percent: number, passPercent: number | null): boolean | null {
  return passPercent === null ? null : percent + 1e-9 >= passPercent;
}

export interface FinalAttempt {
  number: number;
  percent: number | null;
}

/** The quiz's grade (percent) over the final attempts, or null when none is final yet. */
export function quizGrade(attempts: FinalAttempt[], method: GradingMethod): number | null {
  if (attempts.length === 0) return null;
  if (method === 'last') return [...attempts].sort((a, b) => b.number - a.number)[0].percent ?? 0;
  return Math.max(...attempts.map((a) => a.percent ?? 0));
}

/** The activity status a grade gives: passed/failed against the pass mark, completed without one. */
export function progressStatus(grade: number, passPercent: number | null): 'passed' | 'failed' | 'completed' {
  const passed = passedOf(grade, passPercent);
  return passed === null ? 'completed' : passed ? 'passed' : 'failed';
}
