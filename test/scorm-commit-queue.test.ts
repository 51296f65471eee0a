/**
 * The player's CommitQueue (plain TS) against a fake server that applies commits as the real one does
 * (only a seq higher than the stored one, per attempt; else applied: false with the stored seq):
 * another tab of the same attempt at a higher seq, a resend refused again, the order of what waits,
 * and the beacon sent on leaving.
 */
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { CommitQueue, type SaveState } from '../src/modules/scorm/client/commit-queue.js';

interface Sent {
  attemptId: number;
  seq: number;
  cmi: Record<string, unknown>;
  sequencing?: string;
}

/** The server's rows (attempt id → seq and CMI) and the commits it received, in order. */
let rows: Map<number, { seq: number; cmi: Record<string, unknown> }>;
let received: Array<Sent & { applied: boolean }>;
/** Called before each commit is handled (e.g. the other tab commits meanwhile). */
let beforeCommit: (attemptId: number) => void;
/** When set, fetch never answers (a request still in flight when the page goes). */
let hang: boolean;
let beacons: Sent[];

const store: Record<string, string> = {};
Object.defineProperty(globalThis, 'localStorage', {
  configurable: true,
  value: {
    getItem: (k: string) => store[k] ?? null,
    setItem: (k: string, v: string) => void (store[k] = v),
    removeItem: (k: string) => void delete store[k],
  },
});
Object.defineProperty(globalThis, 'navigator', {
  configurable: true,
  value: {
    sendBeacon(url: string, blob: Blob) {
      void blob.text().then((text) => beacons.push({ attemptId: Number(/attempts\/(\d+)/.exec(url)![1]), ...(JSON.parse(text) as Omit<Sent, 'attemptId'>) }));
      return true;
    },
  },
});
globalThis.fetch = (async (url: string, init: { body: string }) => {
  if (hang) return new Promise(() => undefined);
  const attemptId = Number(/attempts\/(\d+)/.exec(url)![1]);
  beforeCommit(attemptId);
  const body = JSON.parse(init.body) as Omit<Sent, 'attemptId'>;
  const row = rows.get(attemptId) ?? { seq: 0, cmi: {} };
  const applied = body.seq > row.seq;
  if (applied) rows.set(attemptId, { seq: body.seq, cmi: body.cmi });
  received.push({ attemptId, ...body, applied });
  const answer = applied ? { applied: true } : { applied: false, seq: row.seq };
  return { status: 200, ok: true, json: async () => answer };
}) as unknown as typeof fetch;

beforeEach(() => {
  rows = new Map();
  received = [];
  beacons = [];
  beforeCommit = () => undefined;
  hang = false;
  for (const k of Object.keys(store)) delete store[k];
});

/** A queue starting at `seq`, and a promise of its next settled state ('saved' or 'error'). */
function makeQueue(seq: number) {
  const states: SaveState[] = [];
  let settle: ((s: SaveState) => void) | undefined;
  const queue = new CommitQueue(seq, (id) => `/api/scorm/attempts/${id}/commit`, 'token', 'kns-scorm-test', (s) => {
    states.push(s);
    if ((s === 'saved' || s === 'error') && settle) settle(s);
  });
  const settled = () => new Promise<SaveState>((resolve) => (settle = resolve));
  return { queue, states, settled };
}

test('refused because another tab stored a higher seq: counts past it and resends the latest data once, which lands', async () => {
  rows.set(1, { seq: 7, cmi: { location: 'tab-b' } }); // the other tab is at 7, this page at 2
  const { queue, settled } = makeQueue(2);
  const done = settled();
  queue.push(1, { location: 'tab-a' });
  assert.equal(await done, 'saved');
  assert.deepEqual(
    received.map((r) => [r.seq, r.applied]),
    [
      [3, false],
      [8, true],
    ],
  );
  assert.deepEqual(rows.get(1), { seq: 8, cmi: { location: 'tab-a' } }, "this tab's latest data is stored: the last writer wins");
  assert.equal(store['kns-scorm-test'], undefined, 'nothing left waiting');

  // The next commit continues above the stored seq: applied at once.
  const next = settled();
  queue.push(1, { location: 'tab-a-2' });
  assert.equal(await next, 'saved');
  assert.deepEqual(received.at(-1), { attemptId: 1, seq: 9, cmi: { location: 'tab-a-2' }, applied: true });
});

test('a resend refused again is not retried: the error status shows; the next commit is tried normally', async () => {
  rows.set(1, { seq: 7, cmi: { location: 'tab-b' } });
  // The other tab commits again before each of this page's commits, always 10 ahead.
  beforeCommit = (id) => {
    const row = rows.get(id)!;
    rows.set(id, { seq: row.seq + 10, cmi: { location: 'tab-b' } });
  };
  const { queue, settled } = makeQueue(2);
  let done = settled();
  queue.push(1, { location: 'tab-a' });
  assert.equal(await done, 'error');
  await new Promise((r) => setTimeout(r, 50));
  assert.deepEqual(
    received.map((r) => [r.seq, r.applied]),
    [
      [3, false],
      [18, false],
    ],
    'two requests, no more',
  );
  assert.ok(queue.idle);

  // The other tab stops: this page's next commit, numbered above every seq it was told of, lands.
  beforeCommit = () => undefined;
  done = settled();
  queue.push(1, { location: 'tab-a-later' });
  assert.equal(await done, 'saved');
  assert.deepEqual(received.at(-1), { attemptId: 1, seq: 28, cmi: { location: 'tab-a-later' }, applied: true });
});

test('a newer commit already waiting is the resend; what waits is renumbered in sending order', async () => {
  rows.set(1, { seq: 20, cmi: {} });
  const { queue, settled } = makeQueue(2);
  const done = settled();
  queue.push(1, { v: 1 }); // in flight (seq 3), refused
  queue.push(2, { v: 'other item' }, 'state-1'); // waiting (seq 4)
  queue.push(1, { v: 2 }, 'state-2'); // waiting (seq 5): the latest data of attempt 1
  assert.equal(await done, 'saved');
  assert.deepEqual(
    received.map((r) => [r.attemptId, r.seq, r.applied, r.cmi.v]),
    [
      [1, 3, false, 1],
      [2, 21, true, 'other item'],
      [1, 22, true, 2],
    ],
  );
  assert.deepEqual(rows.get(1), { seq: 22, cmi: { v: 2 } });
});

test('leaving after a refusal: the beacon carries a seq above the stored one', async () => {
  rows.set(1, { seq: 40, cmi: {} });
  beforeCommit = (id) => {
    const row = rows.get(id)!;
    rows.set(id, { seq: row.seq + 10, cmi: {} });
  };
  const { queue, settled } = makeQueue(2);
  const done = settled();
  queue.push(1, { v: 1 });
  assert.equal(await done, 'error'); // told 50, then 60
  hang = true;
  queue.push(1, { v: 'last' }); // in flight, never answered
  queue.flushWithBeacon();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(beacons.length, 1);
  assert.equal(beacons[0].cmi.v, 'last');
  assert.ok(beacons[0].seq > 60, `beacon seq ${beacons[0].seq} above the stored 60`);
  assert.equal((JSON.parse(store['kns-scorm-test']) as Array<{ seq: number }>)[0].seq, beacons[0].seq, 'kept for the next visit as sent');
});
