/**
 * The launch wrapper (content origin). It frames the SCO (same origin, so the SCO finds the API by
 * walking window.parent) and exposes window.API / window.API_1484_11.
 *
 * SCORM calls are synchronous, postMessage is not. So the wrapper answers the SCO from a local
 * "shadow" instance of the same scorm-again API, loaded with the same starting CMI data as the
 * player's real one: GetValue, GetLastError and the error codes of a refused SetValue are exactly
 * what scorm-again says. Every state-changing call that succeeds (Initialize, SetValue, Commit,
 * Terminate) is forwarded, in order, to the player, whose real API instance is the only one that
 * commits to the platform. The shadow never talks to the network.
 */
import { API_METHODS, FORWARDED, type NavState, type ToPlayer, type ToWrapper, type Untagged } from './protocol.js';

/** The shadow API: just the SCORM methods and loadFromJSON. */
export type ShadowApi = Record<string, unknown> & { loadFromJSON(json: Record<string, unknown>): void };

export function startWrapper(version: '1.2' | '2004', makeShadow: (nav: () => NavState) => ShadowApi): void {
  const platform = document.body.dataset.platform ?? '';
  const frame = document.getElementById('sco') as HTMLIFrameElement;
  let token = 0;
  let nav: NavState = { continue: false, previous: false, choice: {} };
  let loaded = false;
  const forwarded = new Set(FORWARDED);
  const win = window as unknown as Record<string, unknown>;

  const post = (m: Untagged<ToPlayer>) => window.parent.postMessage({ kns: 'scorm', ...m }, platform);

  function facade(api: ShadowApi, myToken: number): Record<string, (...args: unknown[]) => string> {
    const out: Record<string, (...args: unknown[]) => string> = {};
    for (const method of API_METHODS[version]) {
      out[method] = (...args: unknown[]) => {
        if (myToken !== token) return method.endsWith('GetLastError') ? '101' : 'false';
        const result = String((api[method] as (...a: unknown[]) => unknown).apply(api, args));
        if (forwarded.has(method) && result === 'true') post({ type: 'call', token: myToken, method, args: args.map((a) => String(a ?? '')) });
        return result;
      };
    }
    return out;
  }

  /**
   * Every page the SCO frame loads (a link inside the package, the SCO's own navigation) is reported,
   * so the player can reopen it next time for content that never calls the API. Only pages of the
   * content origin under /content/ are reported; a page elsewhere cannot be read and is not.
   */
  frame.addEventListener('load', () => {
    if (!loaded) return;
    let href = '';
    try {
      const l = frame.contentWindow!.location;
      if (l.origin === location.origin && l.pathname.startsWith('/content/')) href = l.href;
    } catch {
      /* another origin */
    }
    if (href) post({ type: 'page', token, url: href });
  });

  function launch(m: Extract<ToWrapper, { type: 'launch' }>) {
    const url = new URL(m.url, location.href);
    if (url.origin !== location.origin || !url.pathname.startsWith('/content/')) return;
    token = m.token;
    nav = m.nav;
    const shadow = makeShadow(() => nav);
    shadow.loadFromJSON(m.cmi);
    win[version === '1.2' ? 'API' : 'API_1484_11'] = facade(shadow, m.token);
    loaded = true;
    frame.src = url.href;
  }

  function unload(tok: number) {
    if (!loaded) return post({ type: 'unloaded', token: tok });
    frame.addEventListener('load', () => post({ type: 'unloaded', token: tok }), { once: true });
    loaded = false;
    frame.src = 'about:blank';
  }

  window.addEventListener('message', (e: MessageEvent) => {
    if (e.origin !== platform || e.source !== window.parent) return;
    const m = e.data as ToWrapper;
    if (!m || m.kns !== 'scorm') return;
    if (m.type === 'hello') post({ type: 'ready' });
    else if (m.type === 'launch') launch(m);
    else if (m.type === 'unload') unload(m.token);
    else if (m.type === 'nav') nav = m.nav;
  });
  post({ type: 'ready' });
}
