/**
 * The CMI data a SCO starts with: what it stored (bookmark, suspend data, interactions...) plus what
 * the LMS provides (learner, entry, credit, mode, total time, launch data, mastery/passing score,
 * time limits), without the per-session elements (exit, session time). Built on the server, so every
 * device resumes from the same state.
 */
import type { ManifestItem } from './package/index.js';
import { formatIsoDuration, formatScorm12Time, type ScormVersion } from './cmi.js';
import type { AttemptRow } from './attempt-repository.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Json) } : {});

function parse(json: string): Json {
  try {
    return obj(JSON.parse(json));
  } catch {
    return {};
  }
}

export interface Learner {
  id: string;
  name: string;
}

export function startCmi(version: ScormVersion, item: ManifestItem, row: AttemptRow, learner: Learner): Json {
  const stored = parse(row.cmi);
  const fresh = row.seq === 0;
  if (version === '1.2') {
    const core = obj(stored.core);
    const exit = String(core.exit ?? '');
    delete core.exit;
    delete core.session_time;
    return {
      ...stored,
      launch_data: item.dataFromLMS ?? '',
      core: {
        ...core,
        student_id: learner.id,
        student_name: learner.name,
        credit: 'credit',
        lesson_mode: 'normal',
        lesson_status: core.lesson_status || 'not attempted',
        entry: fresh ? 'ab-initio' : exit === 'suspend' ? 'resume' : '',
        total_time: formatScorm12Time(row.total_time_seconds),
      },
      student_data: {
        ...obj(stored.student_data),
        mastery_score: item.masteryScore === null ? '' : String(item.masteryScore),
        max_time_allowed: item.maxTimeAllowed ?? '',
        time_limit_action: item.timeLimitAction ?? '',
      },
    };
  }
  const exit = String(stored.exit ?? '');
  const out: Json = { ...stored };
  delete out.exit;
  delete out.session_time;
  const threshold = item.completionThreshold?.minProgressMeasure;
  return {
    ...out,
    learner_id: learner.id,
    learner_name: learner.name,
    credit: 'credit',
    mode: 'normal',
    entry: fresh ? 'ab-initio' : exit === 'suspend' ? 'resume' : '',
    total_time: formatIsoDuration(row.total_time_seconds),
    launch_data: item.dataFromLMS ?? '',
    scaled_passing_score: item.scaledPassingScore === null ? '' : String(item.scaledPassingScore),
    completion_threshold: threshold === undefined ? '' : String(threshold),
    max_time_allowed: item.maxTimeAllowed ?? '',
    ...(item.timeLimitAction ? { time_limit_action: item.timeLimitAction } : {}),
  };
}
