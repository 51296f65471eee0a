/**
 * What the player page (platform origin) and the launch wrapper (content origin) share: the page's
 * data and the postMessage protocol between them. No DOM types here: the server imports it too.
 *
 *   wrapper → player: ready | call (a state-changing API call the SCO made, in order) | unloaded |
 *                     page (the SCO frame loaded a page: its URL)
 *   player → wrapper: hello | launch (a SCO: its URL and starting CMI data) | unload | nav (what
 *                     adl.nav.request_valid.* answers)
 * Every message carries kns: 'scorm'; each side checks the other's origin and window.
 */
export type ItemStatusName = 'not_attempted' | 'incomplete' | 'completed' | 'passed' | 'failed';

export interface PlayerItemData {
  id: string;
  title: string;
  depth: number;
  visible: boolean;
  launchUrl: string | null;
  scormType: 'sco' | 'asset' | null;
  attemptId: number | null;
  status: ItemStatusName;
  cmi: Record<string, unknown> | null;
  /** For a SCO that never calls the API: the page (relative to packageBase) it showed last, reopened at launch. */
  page: string | null;
}

export interface PlayerData {
  version: '1.2' | '2004';
  activityId: number;
  attempt: number;
  userId: number;
  contentOrigin: string;
  /** The launch wrapper's URL on the content origin. */
  launchPage: string;
  /** Path of the package folder on the content origin, ending with '/'. */
  packageBase: string;
  /** Commit URL with ":id" for the attempt id. */
  commitUrl: string;
  csrf: string;
  items: PlayerItemData[];
  startItem: string | null;
  sequencing: { tree: unknown; state: string | null } | null;
  seq: number;
  /**
   * A SCO that never calls Initialize during a launch is recorded completed when that launch ends (the
   * learner moves on, leaves or hides the page), as SCORM 2004 does for activities whose completion is
   * not set by content. False with the activity setting silentSco: 'never'.
   */
  silentCompletion: boolean;
  strings: Record<string, string>;
}

export interface NavState {
  continue: boolean;
  previous: boolean;
  choice: Record<string, boolean>;
}

/** A message without its `kns` tag, for the senders. */
export type Untagged<T> = T extends unknown ? Omit<T, 'kns'> : never;

export type ToPlayer =
  | { kns: 'scorm'; type: 'ready' }
  | { kns: 'scorm'; type: 'call'; token: number; method: string; args: string[] }
  | { kns: 'scorm'; type: 'unloaded'; token: number }
  /** The SCO frame loaded a page (its full URL on the content origin). */
  | { kns: 'scorm'; type: 'page'; token: number; url: string };

export type ToWrapper =
  | { kns: 'scorm'; type: 'hello' }
  | { kns: 'scorm'; type: 'launch'; token: number; url: string; cmi: Record<string, unknown>; nav: NavState }
  | { kns: 'scorm'; type: 'unload'; token: number }
  | { kns: 'scorm'; type: 'nav'; nav: NavState };

/**
 * A page of a package, relative to its folder ("Playing/Par.html?x=1#top"), as the player stores it
 * for a SCO that never calls the API: no scheme, no leading slash, no backslash or control character,
 * no "." or ".." segment (plain or percent-encoded), at most 1000 characters. Checked by the player
 * before it stores a page and by the server before it keeps one.
 */
export function isPackagePage(p: string): boolean {
  if (p.length === 0 || p.length > 1000 || p.includes('\\') || p.startsWith('/')) return false;
  for (let i = 0; i < p.length; i++) if (p.charCodeAt(i) < 0x20 || p.charCodeAt(i) === 0x7f) return false;
  const path = p.split(/[?#]/)[0];
  if (path === '' || /^[a-z][a-z0-9+.-]*:/i.test(path)) return false;
  return path.split('/').every((seg) => !/^(?:\.|%2e){1,2}$/i.test(seg) && !/%(?:2f|5c)/i.test(seg));
}

/** API calls that change state: the wrapper forwards them (when they succeed) to the real API. */
export const FORWARDED = ['LMSInitialize', 'LMSFinish', 'LMSSetValue', 'LMSCommit', 'Initialize', 'Terminate', 'SetValue', 'Commit'];

export const API_METHODS: Record<'1.2' | '2004', string[]> = {
  '1.2': ['LMSInitialize', 'LMSFinish', 'LMSGetValue', 'LMSSetValue', 'LMSCommit', 'LMSGetLastError', 'LMSGetErrorString', 'LMSGetDiagnostic'],
  '2004': ['Initialize', 'Terminate', 'GetValue', 'SetValue', 'Commit', 'GetLastError', 'GetErrorString', 'GetDiagnostic'],
};
