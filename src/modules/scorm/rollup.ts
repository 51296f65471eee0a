/**
 * A package's items → the activity's progress. An activity is done when every item is done
 * (completed or passed); with the rule 'passed' (ScormSettings.completion) only a pass counts.
 * A failed item makes the activity failed until it is passed. Score: the mean of the items' scores.
 */
import type { ProgressStatus } from '../courses/activity-types.js';
import { itemStatus, scorePercent } from './cmi.js';

export interface ItemRow {
  completion_status: string | null;
  success_status: string | null;
  score_scaled: number | null;
  score_raw: number | null;
  total_time_seconds: number;
}

export interface Rolled {
  status: ProgressStatus;
  score: number | null;
  timeSeconds: number;
}

export function rollupItems(rows: ItemRow[], rule: 'completed' | 'passed'): Rolled {
  const statuses = rows.map((r) => itemStatus(r.completion_status, r.success_status));
  const scores = rows.map((r) => scorePercent({ scoreScaled: r.score_scaled, scoreRaw: r.score_raw })).filter((s): s is number => s !== null);
  const score = scores.length ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 100) / 100 : null;
  const timeSeconds = rows.reduce((a, r) => a + (r.total_time_seconds || 0), 0);
  let status: ProgressStatus;
  if (statuses.length > 0 && statuses.every((s) => s === 'passed' || s === 'completed')) {
    const passed = statuses.includes('passed');
    status = passed ? 'passed' : rule === 'passed' ? 'in_progress' : 'completed';
  } else if (statuses.includes('failed')) {
    status = 'failed';
  } else if (statuses.some((s) => s !== 'not_attempted')) {
    status = 'in_progress';
  } else {
    status = 'not_started';
  }
  return { status, score, timeSeconds };
}
