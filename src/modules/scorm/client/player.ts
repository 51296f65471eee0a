/**
 * The SCORM player (platform origin). It holds the real scorm-again API — with SCORM 2004 sequencing
 * built from the manifest — and is the only place that talks to the platform: commits go through the
 * CommitQueue with the learner's session. The content iframe (content origin, another site) runs the
 * launch wrapper, which answers the SCO synchronously from a shadow API and forwards every
 * state-changing call here (see wrapper.ts). Items are delivered one at a time into that iframe:
 * through the table of contents and prev/next (SCORM 1.2, in manifest order), or through the
 * sequencer's navigation requests and delivery events (SCORM 2004).
 *
 * A SCO that never calls Initialize (plain pages in a package) cannot report anything, so the player
 * does it: the wrapper reports every page the SCO frame loads; the page is stored with the learner's
 * tracking (scorm_attempts.last_page) and reopened at the next launch, on any device; when such a
 * launch ends (another item, leaving or hiding the page) the SCO is recorded completed
 * (data.silentCompletion, the activity's silentSco setting). A SCO that does call Initialize keeps
 * no page: it starts at its launch URL and resumes from its own bookmark.
 */
import { CommitQueue, type SaveState } from './commit-queue.js';
import { isPackagePage, type ItemStatusName, type NavState, type PlayerData, type PlayerItemData, type ToPlayer, type ToWrapper, type Untagged } from './protocol.js';
import { Toc } from './toc.js';

type Json = Record<string, unknown>;
/** A scorm-again API instance (Scorm12API or Scorm2004API), used through its public methods. */
type Api = Record<string, any>;

export interface ApiKit {
  version: '1.2' | '2004';
  create(settings: Json): Api;
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Json) } : {});

/** The CMI a SCO restarts with after an earlier launch in this page: its last commit, made ready to resume. */
function restartCmi(version: '1.2' | '2004', last: Json, start: Json): Json {
  if (version === '1.2') {
    const core = obj(last.core);
    const entry = core.exit === 'suspend' ? 'resume' : '';
    delete core.exit;
    delete core.session_time;
    return { ...last, core: { ...core, entry, total_time: core.total_time ?? obj(start.core).total_time } };
  }
  const out: Json = { ...last, entry: last.exit === 'suspend' ? 'resume' : '', total_time: last.total_time ?? start.total_time };
  delete out.exit;
  delete out.session_time;
  return out;
}

/** The CMI of a SCO that never called the API, with the completion the player decided for it. */
function silentCmi(version: '1.2' | '2004', base: Json, done: boolean): Json {
  if (version === '1.2') {
    const core = obj(base.core);
    const s = String(core.lesson_status ?? '');
    const reported = s === 'passed' || s === 'failed' || s === 'completed';
    return { ...base, core: { ...core, lesson_status: reported ? s : done ? 'completed' : 'incomplete' } };
  }
  return { ...base, completion_status: done || base.completion_status === 'completed' ? 'completed' : 'incomplete' };
}

function statusOf(version: '1.2' | '2004', cmi: Json): ItemStatusName {
  if (version === '1.2') {
    const s = String(obj(cmi.core).lesson_status ?? '');
    return s === 'passed' || s === 'failed' || s === 'completed' ? s : s === 'incomplete' || s === 'browsed' ? 'incomplete' : 'not_attempted';
  }
  if (cmi.success_status === 'passed' || cmi.success_status === 'failed') return cmi.success_status;
  return cmi.completion_status === 'completed' ? 'completed' : cmi.completion_status === 'incomplete' ? 'incomplete' : 'not_attempted';
}

export function startPlayer(kit: ApiKit): void {
  const data = JSON.parse(document.getElementById('scorm-data')!.textContent!) as PlayerData;
  const frame = document.getElementById('player-frame') as HTMLIFrameElement;
  const items = new Map(data.items.map((i) => [i.id, i]));
  const order = data.items.filter((i) => i.launchUrl && i.visible);
  const lastCmi = new Map<string, Json>();
  /** Pages of SCOs that never call the API (relative to packageBase); null once the SCO called Initialize. */
  const pages = new Map<string, string | null>(data.items.filter((i) => i.page).map((i) => [i.id, i.page]));
  const pageOf = (id: string) => (pages.has(id) ? pages.get(id) : undefined);
  const storageKey = `kns-scorm-${data.userId}-${data.activityId}-${data.attempt}`;
  const commitUrl = (id: number) => data.commitUrl.replace(':id', String(id));
  const sequenced = data.version === '2004' && data.sequencing !== null;
  const isSet = (m: string) => m === 'SetValue' || m === 'LMSSetValue';
  const isEnd = (m: string) => m === 'Terminate' || m === 'LMSFinish';

  let queue: CommitQueue;
  let api: Api | null = null;
  let current: PlayerItemData | null = null;
  let token = 0;
  let wrapperReady = false;
  let scoActive = false;
  let afterUnload: (() => void) | null = null;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  /** The current launch: its SCO called Initialize / its frame showed a page / it was recorded as ended without the API. */
  let launchTalks = false;
  let launchShown = false;
  let silentEnded = false;
  let nav: NavState = { continue: false, previous: false, choice: {} };

  const toc = new Toc(data, (id) => choose(id));
  const say = (key: string) => toc.say(data.strings[key] ?? '');
  const onSaveState = (s: SaveState) => say(s === 'saving' ? 'saving' : s === 'saved' ? 'saved' : s === 'offline' ? 'offline' : 'error');
  const toWrapper = (m: Untagged<ToWrapper>) => frame.contentWindow?.postMessage({ kns: 'scorm', ...m }, data.contentOrigin);

  const http = {
    processHttpRequest(_url: string, params: Json, _immediate: boolean, _log: unknown, _listeners: unknown, meta?: { isTerminateCommit?: boolean }) {
      onApiCommit(obj(params.cmi ?? params), meta?.isTerminateCommit === true);
      return { result: true, errorCode: 0 };
    },
    updateSettings() {},
  };
  // selfReportSessionTime: the session time is measured here, so it counts even when a SCO never reports it.
  const settings: Json = { lmsCommitUrl: '/commit', httpService: http, autocommit: false, logLevel: 5, sendFullCommit: true, selfReportSessionTime: true };

  function sequencingState(): string | undefined {
    return sequenced && api ? String(api.serializeSequencingState()) : undefined;
  }

  function onApiCommit(cmi: Json, terminate: boolean): void {
    if (!current?.attemptId) return;
    clearTimeout(saveTimer);
    lastCmi.set(current.id, cmi);
    queue.push(current.attemptId, cmi, terminate ? sequencingState() : undefined, pageOf(current.id));
    toc.setItemStatus(current.id, statusOf(data.version, cmi));
  }

  /** Between the SCO's own commits, its bookmark and answers are saved a couple of seconds after they change. */
  function scheduleSave(): void {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (api?.isInitialized() && current?.attemptId) {
        const cmi = obj(obj(api.renderCommitCMI(false)).cmi);
        lastCmi.set(current.id, cmi);
        queue.push(current.attemptId, cmi, undefined, pageOf(current.id));
        toc.setItemStatus(current.id, statusOf(data.version, cmi));
      }
    }, 2000);
  }

  function startCmiFor(item: PlayerItemData): Json {
    const start = obj(item.cmi);
    const last = lastCmi.get(item.id);
    return last ? restartCmi(data.version, last, start) : start;
  }

  function applyCall(method: string, args: string[]): void {
    if (!api || typeof api[method] !== 'function') return;
    if (method === 'Initialize' || method === 'LMSInitialize') {
      launchTalks = true;
      if (current && pages.get(current.id)) pages.set(current.id, null); // it talks: it resumes from its own bookmark
    }
    api[method](...args);
    if (isSet(method)) scheduleSave();
    if (isEnd(method)) clearTimeout(saveTimer);
  }

  /** The SCO frame loaded a page: remembered for a SCO that has not called the API in this launch. */
  function onPage(url: string): void {
    const base = data.contentOrigin + data.packageBase;
    if (!current?.attemptId || current.scormType !== 'sco' || !url.startsWith(base)) return;
    launchShown = true;
    const page = url.slice(base.length);
    if (launchTalks || !isPackagePage(page)) return;
    const known = pages.get(current.id) ?? null;
    if (page === known || (known === null && page === current.launchUrl)) return;
    pages.set(current.id, page);
    const cmi = silentCmi(data.version, lastCmi.get(current.id) ?? obj(current.cmi), false);
    lastCmi.set(current.id, cmi);
    queue.push(current.attemptId, cmi, undefined, page);
    toc.setItemStatus(current.id, statusOf(data.version, cmi));
  }

  /** The current launch ends: a SCO that showed a page but never called the API is recorded completed. */
  function endSilent(): void {
    if (!current?.attemptId || current.scormType !== 'sco' || !scoActive || launchTalks || !launchShown || silentEnded || !data.silentCompletion) return;
    silentEnded = true;
    const cmi = silentCmi(data.version, lastCmi.get(current.id) ?? obj(current.cmi), true);
    lastCmi.set(current.id, cmi);
    queue.push(current.attemptId, cmi, sequencingState(), pageOf(current.id));
    toc.setItemStatus(current.id, statusOf(data.version, cmi));
  }

  function unloadThen(next: () => void): void {
    if (!scoActive) return next();
    endSilent();
    afterUnload = next;
    toWrapper({ type: 'unload', token });
  }

  function launch(item: PlayerItemData, cmi: Json): void {
    token++;
    current = item;
    scoActive = true;
    launchTalks = false;
    launchShown = false;
    silentEnded = false;
    const page = item.scormType === 'sco' ? pages.get(item.id) : null;
    const path = page && isPackagePage(page) ? page : item.launchUrl;
    toWrapper({ type: 'launch', token, url: data.contentOrigin + data.packageBase + path, cmi, nav });
    toc.setCurrent(item.id);
    toc.say('');
    frame.title = (data.strings.frame ?? '').replace('{title}', item.title);
    if (item.scormType === 'asset' && item.attemptId) {
      // An asset never talks to the API: opening it is completing it.
      const done = data.version === '1.2' ? { ...cmi, core: { ...obj(cmi.core), lesson_status: 'completed' } } : { ...cmi, completion_status: 'completed' };
      lastCmi.set(item.id, done);
      queue.push(item.attemptId, done);
      toc.setItemStatus(item.id, 'completed');
    }
    if (!sequenced) {
      const i = order.indexOf(item);
      toc.setNav(i > 0, i >= 0 && i < order.length - 1);
    }
  }

  // ---- SCORM 1.2 (and 2004 without a sequencer): one API instance per launch, manifest order ----

  function launchPlain(item: PlayerItemData): void {
    unloadThen(() => {
      if (api?.isInitialized()) api[kit.version === '1.2' ? 'LMSFinish' : 'Terminate']('');
      const cmi = startCmiFor(item);
      api = kit.create({ ...settings });
      api.loadFromJSON(cmi);
      launch(item, cmi);
    });
  }

  // ---- SCORM 2004 with the sequencer: one API instance, reset between deliveries ----

  function deliver(id: string): void {
    const item = items.get(id);
    if (!item?.launchUrl || !api) return;
    unloadThen(() => {
      api!.reset();
      const cmi = startCmiFor(item);
      api!.loadFromJSON(cmi);
      launch(item, cmi);
      if (item.attemptId) queue.push(item.attemptId, lastCmi.get(item.id) ?? cmi, sequencingState(), pageOf(item.id));
    });
  }

  function navigate(request: string, target?: string): void {
    unloadThen(() => {
      if (!api) return;
      if (api.isInitialized()) {
        api.SetValue('adl.nav.request', target ? `{target=${target}}choice` : request);
        api.Terminate('');
      } else {
        api.processNavigationRequest(request, target);
      }
    });
  }

  function applyValidity(d: { continue: boolean; previous: boolean; choice: Record<string, string> }): void {
    nav = { continue: d.continue, previous: d.previous, choice: Object.fromEntries(Object.entries(d.choice ?? {}).map(([k, v]) => [k, v === 'true'])) };
    toc.setEnabled((id) => nav.choice[id] !== false);
    toc.setNav(nav.previous, nav.continue);
    toWrapper({ type: 'nav', nav });
  }

  function createSequencedApi(): Api {
    const a = kit.create({
      ...settings,
      sequencing: {
        activityTree: data.sequencing!.tree,
        eventListeners: {
          onActivityDelivery: (activity: { id: string }) => setTimeout(() => deliver(activity.id), 0),
          onNavigationValidityUpdate: applyValidity,
          onSequencingSessionEnd: () =>
            setTimeout(() => {
              unloadThen(() => undefined);
              current = null;
              toc.setCurrent(null);
              say('ended');
            }, 0),
        },
      },
    });
    if (data.sequencing!.state) a.deserializeSequencingState(data.sequencing!.state);
    return a;
  }

  function startSequenced(): void {
    api = createSequencedApi();
    let saved: { currentActivity?: string | null; suspendedActivity?: string | null } = {};
    try {
      saved = obj(obj(JSON.parse(data.sequencing!.state ?? '{}')).sequencing) as typeof saved;
    } catch {
      /* no usable state: start afresh */
    }
    const tries: Array<[string, string?]> = [];
    if (saved.suspendedActivity) tries.push(['resumeAll']);
    if (saved.currentActivity && items.get(saved.currentActivity)?.launchUrl) tries.push(['choice', saved.currentActivity]);
    tries.push(['start']);
    if (data.startItem) tries.push(['choice', data.startItem]);
    for (const [request, target] of tries) if (api.processNavigationRequest(request, target)) return;
    say('chooseItem');
  }

  // ---- user actions ----

  function choose(id: string): void {
    toc.open(false);
    const item = items.get(id);
    if (!item?.launchUrl || (current?.id === id && scoActive)) return;
    if (sequenced) navigate('choice', id);
    else launchPlain(item);
  }

  function step(delta: 1 | -1): void {
    if (sequenced) return navigate(delta === 1 ? 'continue' : 'previous');
    const i = current ? order.indexOf(current) : -1;
    const target = order[i + delta];
    if (target) launchPlain(target);
  }
  toc.prev?.addEventListener('click', () => step(-1));
  toc.next?.addEventListener('click', () => step(1));

  function start(): void {
    if (sequenced) return startSequenced();
    const first = (data.startItem && items.get(data.startItem)) || order[0];
    if (first) launchPlain(first);
  }

  // ---- the bridge ----

  window.addEventListener('message', (e: MessageEvent) => {
    if (e.origin !== data.contentOrigin || e.source !== frame.contentWindow) return;
    const m = e.data as ToPlayer;
    if (!m || m.kns !== 'scorm' || !queue) return;
    if (m.type === 'ready') {
      if (!wrapperReady) {
        wrapperReady = true;
        start();
      }
    } else if (m.type === 'call') {
      if (m.token === token && Array.isArray(m.args)) applyCall(String(m.method), m.args.map(String));
    } else if (m.type === 'page') {
      if (m.token === token && typeof m.url === 'string') onPage(m.url);
    } else if (m.type === 'unloaded' && m.token === token) {
      scoActive = false;
      const next = afterUnload;
      afterUnload = null;
      next?.();
    }
  });

  /** Asks the wrapper to say 'ready' — only once the frame holds it (while still about:blank, it is ours and readable). */
  function hello(): void {
    try {
      void frame.contentWindow?.location.href;
      return;
    } catch {
      toWrapper({ type: 'hello' });
    }
  }

  /**
   * Leaving: the SCO's latest state (with its session time) goes now, by beacon if need be. A SCO
   * still running when the page goes is treated as suspended, so the next launch resumes it.
   */
  function saveNow(final: boolean): void {
    if (api?.isInitialized() && current?.attemptId) {
      clearTimeout(saveTimer);
      const cmi = obj(obj(api.renderCommitCMI(final)).cmi);
      if (final && data.version === '1.2') cmi.core = { ...obj(cmi.core), exit: obj(cmi.core).exit || 'suspend' };
      else if (final) cmi.exit = cmi.exit || 'suspend';
      lastCmi.set(current.id, cmi);
      queue.push(current.attemptId, cmi, sequencingState(), pageOf(current.id));
    }
  }
  window.addEventListener('pagehide', () => {
    if (!queue) return;
    saveNow(true);
    endSilent();
    queue.flushWithBeacon();
  });
  // Phones often kill a hidden page without pagehide: hiding it ends a silent SCO's launch too.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState !== 'hidden' || !queue) return;
    saveNow(false);
    endSilent();
  });

  void (async () => {
    let seq = data.seq;
    const leftovers = CommitQueue.takeLeftovers(storageKey);
    if (leftovers.length) {
      const applied = await CommitQueue.replay(leftovers, commitUrl, data.csrf, storageKey);
      seq = Math.max(seq, ...leftovers.map((e) => e.seq));
      const reloadedKey = `${storageKey}-reloaded`;
      if (applied && !sessionStorage.getItem(reloadedKey)) {
        sessionStorage.setItem(reloadedKey, '1');
        location.reload();
        return;
      }
      sessionStorage.removeItem(reloadedKey);
    }
    queue = new CommitQueue(seq, commitUrl, data.csrf, storageKey, onSaveState);
    // The wrapper says 'ready' when it loads; if it did so before the queue existed, ask again.
    frame.addEventListener('load', hello);
    hello();
  })();
}
