/** The video page's script, run in a sandbox with a fake <video>: it reports the union of watched intervals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import vm from 'node:vm';
import { VIDEO_SCRIPT } from './video-tracker.js';

type Handler = () => void;

function harness(stored?: Array<[number, number]>) {
  const handlers: Record<string, Handler[]> = {};
  const on = (name: string, fn: Handler) => (handlers[name] ??= []).push(fn);
  const attrs: Record<string, string> = { 'data-progress-url': '/api/activities/9/progress', 'data-csrf': 'tok', 'data-key': 'kns-video-1-9' };
  const video = { duration: 100, currentTime: 0, paused: true, seeking: false, getAttribute: (n: string) => attrs[n], addEventListener: on };
  const storage = new Map<string, string>(stored ? [['kns-video-1-9', JSON.stringify(stored)]] : []);
  const posts: Array<{ via: string; share: number; csrf: string | null }> = [];
  let now = 1_000_000;
  const sandbox = {
    window: { fetch: true, addEventListener: on },
    document: { getElementById: (id: string) => (id === 'video' ? video : null), addEventListener: on, visibilityState: 'visible' },
    localStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    navigator: {
      sendBeacon: (_url: string, body: URLSearchParams) => {
        posts.push({ via: 'beacon', share: Number(body.get('watchedShare')), csrf: body.get('_csrf') });
        return true;
      },
    },
    fetch: (_url: string, init: { headers: Record<string, string>; body: string }) => {
      posts.push({ via: 'fetch', share: JSON.parse(init.body).watchedShare, csrf: init.headers['x-csrf-token'] });
      return Promise.resolve({ ok: false });
    },
    URLSearchParams,
    JSON,
    Math,
    String,
    isFinite,
    Date: { now: () => now },
  };
  vm.runInNewContext(VIDEO_SCRIPT, sandbox);
  const fire = (name: string) => (handlers[name] ?? []).forEach((fn) => fn());
  return {
    posts,
    storage,
    /** Plays from the current time for `seconds`, with a timeupdate every quarter second. */
    play(seconds: number) {
      video.paused = false;
      fire('playing');
      for (let i = 0; i < seconds * 4; i++) {
        video.currentTime += 0.25;
        now += 250;
        fire('timeupdate');
      }
    },
    pause() {
      video.paused = true;
      fire('pause');
    },
    seek(to: number) {
      video.seeking = true;
      fire('seeking');
      video.currentTime = to;
      video.seeking = false;
      fire('timeupdate');
    },
    leave: () => fire('pagehide'),
  };
}

test('watching 0–30 s, skipping to 80 s and watching to 90 s counts 40 %, not the 90 % reached', () => {
  const h = harness();
  h.play(30);
  h.seek(80);
  h.play(10);
  h.pause();
  const last = h.posts[h.posts.length - 1];
  assert.equal(last.via, 'fetch');
  assert.equal(last.csrf, 'tok');
  assert.ok(Math.abs(last.share - 0.4) < 0.01, String(last.share));
});

test('watching the same part twice counts it once; reports every ~15 s while playing', () => {
  const h = harness();
  h.play(20);
  h.seek(0);
  h.play(20);
  h.pause();
  assert.ok(h.posts.length >= 2, 'a report during playback and one at pause');
  assert.ok(Math.abs(h.posts[h.posts.length - 1].share - 0.2) < 0.01);
});

test('leaving the page sends a beacon with the CSRF token in the body; earlier sittings add up', () => {
  const h = harness([[0, 50]]);
  h.seek(50);
  h.play(45);
  h.leave();
  const last = h.posts[h.posts.length - 1];
  assert.deepEqual([last.via, last.csrf], ['beacon', 'tok']);
  assert.ok(Math.abs(last.share - 0.95) < 0.01, String(last.share));
  assert.deepEqual(JSON.parse(h.storage.get('kns-video-1-9')!), [[0, 95]]);
});

test('nothing is sent again when nothing new was watched', () => {
  const h = harness();
  h.play(10);
  h.pause();
  const count = h.posts.length;
  h.pause();
  h.leave();
  assert.equal(h.posts.length, count);
});
