/** Activity types and their settings (stored as JSON in activities.settings). */
export const ACTIVITY_TYPES = ['scorm', 'video', 'document', 'link', 'quiz'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export interface ScormSettings {
  /** The package version this activity launches for new attempts; learners in progress keep theirs. */
  packageId: number;
  /** 'completed': completed (or passed) counts; 'passed': only passed counts. */
  completion: 'completed' | 'passed';
  /**
   * A SCO that never calls the SCORM API (a plain web page in a package) cannot report anything.
   * 'viewed' (default): it is completed when a launch of it ends — the learner moves to another item,
   * leaves or hides the page — as SCORM 2004 does for activities whose completion is not set by content.
   * 'never': it stays in progress.
   */
  silentSco?: 'viewed' | 'never';
}
export interface VideoSettings {
  /** mp4 URL (a stored file under /files/… or an external https URL). */
  url: string;
  /** Share of the video that must be watched, 0..1 (e.g. 0.9). */
  minWatchedShare: number;
  durationSeconds?: number;
}
export interface DocumentSettings {
  /** PDF URL (a stored file or external https URL); opening it completes the activity. */
  url: string;
}
export interface LinkSettings {
  url: string;
}
export interface QuizSettings {
  /** Filled in by the quiz engine (contest issue). */
  quizId?: number;
}

export type ActivitySettings = ScormSettings | VideoSettings | DocumentSettings | LinkSettings | QuizSettings;

/** Statuses of a learner's progress in one activity. */
export const PROGRESS_STATUSES = ['not_started', 'in_progress', 'completed', 'passed', 'failed'] as const;
export type ProgressStatus = (typeof PROGRESS_STATUSES)[number];
