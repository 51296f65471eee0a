/**
 * Commits, in order, never lost on a short network loss:
 *  - every commit gets the next sequence number (the server applies a commit only when it is newer
 *    than what it holds, so resending is always safe);
 *  - one request at a time; a network failure or a 5xx is retried with backoff (1 s … 30 s);
 *  - a newer commit of the same attempt that is still waiting replaces the older one (same order);
 *  - the waiting commits are also kept in localStorage, so a crash or a closed tab loses nothing:
 *    they are sent again at the next visit (see takeLeftovers);
 *  - on pagehide the rest goes with navigator.sendBeacon. A beacon cannot set headers, so its JSON
 *    body carries the CSRF token as `_csrf` (the server reads the token from the body or the header).
 *
 * Two tabs (or devices) on the same attempt, or a late beacon: each page counts its own seq, so the
 * server may already hold a higher one and refuse this page's commit (`applied: false, seq: stored`).
 * This page's latest data is then the learner's current state here, so the queue moves its counter
 * past the stored seq and sends its latest data for that attempt again, once: the tab that commits
 * last wins (last writer wins, as when the learner works in one tab after the other). A resend that
 * is refused again (the other tab keeps committing at the same moment) is not retried: the player
 * shows its error status, and the next commit of this page (counted past every stored seq it has
 * seen) is tried normally. Nothing is refused without the learner being told.
 */
export interface Entry {
  attemptId: number;
  seq: number;
  cmi: Record<string, unknown>;
  sequencing?: string;
  /** The page of a SCO that never calls the API (null: none), when the player knows it. */
  page?: string | null;
  /** Already sent again after a refusal (applied: false): a second refusal is not resent. */
  resent?: boolean;
}

export type SaveState = 'saving' | 'saved' | 'offline' | 'error';

export class CommitQueue {
  private pending: Entry[] = [];
  private sending: Entry | null = null;
  private backoff = 1000;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The highest seq the server said it holds (refused commits): every later commit, beacons included, goes above it. */
  private stored = 0;
  /** Attempts whose commit was refused twice and dropped: 'error' stays until a later commit of theirs is applied. */
  private readonly refused = new Set<number>();

  constructor(
    private seq: number,
    private readonly url: (attemptId: number) => string,
    private readonly csrf: string,
    private readonly storageKey: string,
    private readonly onState: (s: SaveState) => void,
  ) {}

  push(attemptId: number, cmi: Record<string, unknown>, sequencing?: string, page?: string | null): void {
    const entry: Entry = { attemptId, seq: ++this.seq, cmi, ...(sequencing !== undefined ? { sequencing } : {}), ...(page !== undefined ? { page } : {}) };
    const same = this.pending.findIndex((e) => e.attemptId === attemptId);
    if (same >= 0) {
      const old = this.pending[same];
      if (entry.sequencing === undefined && old.sequencing !== undefined) entry.sequencing = old.sequencing;
      if (entry.page === undefined && old.page !== undefined) entry.page = old.page;
      this.pending.splice(same, 1);
    }
    this.pending.push(entry);
    this.persist();
    this.pump();
  }

  get idle(): boolean {
    return !this.sending && this.pending.length === 0;
  }

  private persist(): void {
    try {
      const all = this.sending ? [this.sending, ...this.pending] : this.pending;
      if (all.length) localStorage.setItem(this.storageKey, JSON.stringify(all));
      else localStorage.removeItem(this.storageKey);
    } catch {
      /* storage full or disabled: the in-memory queue still holds everything */
    }
  }

  private body(e: Entry, withToken = false): string {
    return CommitQueue.body(e, withToken ? this.csrf : undefined);
  }

  static body(e: Entry, csrf?: string): string {
    return JSON.stringify({
      seq: e.seq,
      cmi: e.cmi,
      ...(e.sequencing !== undefined ? { sequencing: e.sequencing } : {}),
      ...(e.page !== undefined ? { page: e.page } : {}),
      ...(csrf !== undefined ? { _csrf: csrf } : {}),
    });
  }

  private async pump(): Promise<void> {
    if (this.sending || this.timer) return;
    const e = this.pending.shift();
    if (!e) return;
    this.sending = e;
    this.onState('saving');
    let retry = false;
    let answer = null as { applied?: unknown; seq?: unknown } | null;
    try {
      const body = this.body(e);
      const res = await fetch(this.url(e.attemptId), {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', 'x-csrf-token': this.csrf },
        body,
        keepalive: body.length < 60_000,
      });
      if (res.status >= 500 || res.status === 429) retry = true;
      else if (res.status === 401 || res.status === 403) {
        this.onState('error'); // signed out or the form expired: kept in localStorage for the next visit
        this.sending = null;
        this.pending.unshift(e);
        return;
      } else if (res.ok) answer = (await res.json().catch(() => null)) as typeof answer;
    } catch {
      retry = true;
    }
    this.sending = null;
    if (retry) {
      this.pending.unshift(e);
      this.onState('offline');
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.pump();
      }, this.backoff);
      this.backoff = Math.min(this.backoff * 2, 30_000);
      return;
    }
    this.backoff = 1000;
    if (answer?.applied === true) this.refused.delete(e.attemptId);
    else if (answer?.applied === false && typeof answer.seq === 'number') this.onRefused(e, answer.seq);
    this.persist();
    if (this.pending.length) void this.pump();
    else this.onState(this.refused.size ? 'error' : 'saved');
  }

  /**
   * The server holds a higher seq for this attempt than `e` had (another tab, a late beacon): count
   * past it, renumber what waits, and send this page's latest data for the attempt once more.
   */
  private onRefused(e: Entry, stored: number): void {
    this.stored = Math.max(this.stored, stored);
    this.seq = Math.max(this.seq, this.stored);
    // Unless its own latest data is still waiting, the refused entry goes again first.
    if (!this.pending.some((p) => p.attemptId === e.attemptId)) {
      if (e.resent) this.refused.add(e.attemptId); // refused twice: told, not retried (the next commit of this page is)
      else this.pending.unshift({ ...e, resent: true });
    }
    // Renumbered in sending order (the SCORM 2004 sequencing state is one row for all items).
    for (const p of this.pending) p.seq = ++this.seq;
  }

  /** Page going away: send what is left with sendBeacon; what cannot go stays in localStorage. */
  flushWithBeacon(): void {
    const all = [...(this.sending ? [this.sending] : []), ...this.pending];
    // A beacon's answer cannot be read: it must be above every seq the server said it holds.
    if (all.some((e) => e.seq <= this.stored)) for (const e of all) e.seq = ++this.seq;
    const left: Entry[] = [];
    for (const e of all) {
      const ok = typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(this.url(e.attemptId), new Blob([this.body(e, true)], { type: 'application/json' }));
      if (!ok) left.push(e);
    }
    try {
      // Kept even when the beacons went: replaying them is harmless (seq), losing them is not.
      if (all.length) localStorage.setItem(this.storageKey, JSON.stringify(all));
    } catch {
      /* nothing more can be done while unloading */
    }
    void left;
  }

  /** Commits a previous visit could not confirm (sent again first; the server ignores what it has). */
  static takeLeftovers(storageKey: string): Entry[] {
    try {
      const raw = localStorage.getItem(storageKey);
      return raw ? (JSON.parse(raw) as Entry[]) : [];
    } catch {
      return [];
    }
  }

  /** Sends leftovers of an earlier visit before anything else; resolves true when something newer than the page was applied. */
  static async replay(entries: Entry[], url: (id: number) => string, csrf: string, storageKey: string): Promise<boolean> {
    let applied = false;
    for (const e of entries.sort((a, b) => a.seq - b.seq)) {
      try {
        const res = await fetch(url(e.attemptId), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
          body: CommitQueue.body(e),
        });
        if (res.ok) applied = ((await res.json()) as { applied?: boolean }).applied === true || applied;
        else if (res.status >= 500) return false;
      } catch {
        return false; // still offline: keep them
      }
    }
    localStorage.removeItem(storageKey);
    return applied;
  }
}
