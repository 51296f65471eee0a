/**
 * The landing page's live counters.
 *  - Visits are counted in process (recordVisit: a Map increment, never a write per visit) and flushed every
 *    few seconds into contest_visits (one upsert per contest and day), and once more when the app closes.
 *    Counts not flushed yet are added to this instance's totals, so a visitor sees their own visit at once.
 *  - liveCounters: visits, registrants, attempts and registrants per unit, cached COUNTERS_CACHE_MS per
 *    contest in process (a stampede of requests shares one computation). Several instances each keep their own
 *    cache: the figures may differ by a few seconds between them, never more.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import * as repo from './repository.js';
import type { LiveCounters } from './service.js';

export const COUNTERS_CACHE_MS = 5_000;
export const VISITS_FLUSH_MS = 5_000;

const pending = new WeakMap<Kysely<DB>, Map<number, number>>();
const counterCache = new WeakMap<Kysely<DB>, Map<number, { until: number; value: Promise<LiveCounters> }>>();

/** The day of a visit in Vietnam (UTC+7, no daylight saving time): YYYY-MM-DD. */
export const vietnamDay = (at: Date) => new Date(at.getTime() + 7 * 3600_000).toISOString().slice(0, 10);

export function recordVisit(db: Kysely<DB>, contestId: number): void {
  let map = pending.get(db);
  if (!map) pending.set(db, (map = new Map()));
  map.set(contestId, (map.get(contestId) ?? 0) + 1);
}

/** Writes the visits counted since the last flush (kept for the next flush when the database refuses). */
export async function flushVisits(db: Kysely<DB>, now = new Date()): Promise<number> {
  const map = pending.get(db);
  if (!map || map.size === 0) return 0;
  const batch = [...map.entries()];
  map.clear();
  const day = vietnamDay(now);
  let written = 0;
  for (const [contestId, n] of batch) {
    try {
      await repo.addVisits(db, contestId, day, n);
      written += n;
    } catch (err) {
      map.set(contestId, (map.get(contestId) ?? 0) + n);
      throw err;
    }
  }
  return written;
}

/** Flushes every VISITS_FLUSH_MS until stopped; stop() flushes what is left. */
export function startVisitFlusher(db: Kysely<DB>, log: { warn(obj: object, msg: string): void }, everyMs = VISITS_FLUSH_MS) {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = flushVisits(db).catch((err) => log.warn({ err }, 'contest visits: flush failed, kept for the next one'));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
      await flushVisits(db).catch((err) => log.warn({ err }, 'contest visits: last flush failed'));
    },
  };
}

async function compute(db: Kysely<DB>, contestId: number): Promise<LiveCounters> {
  const totals = await repo.counterTotals(db, contestId);
  return {
    visits: totals.visits,
    registrants: totals.registrants,
    attempts: totals.attempts,
    units: totals.units
      .map((u) => ({ unitId: u.unitId, code: u.code, name: u.name, registrants: u.registrants, rate: u.population ? u.registrants / u.population : null }))
      .sort((a, b) => b.registrants - a.registrants || a.code.localeCompare(b.code)),
  };
}

export async function liveCounters(db: Kysely<DB>, contestId: number): Promise<LiveCounters> {
  let cache = counterCache.get(db);
  if (!cache) counterCache.set(db, (cache = new Map()));
  const now = Date.now();
  let hit = cache.get(contestId);
  if (!hit || hit.until <= now) {
    hit = { until: now + COUNTERS_CACHE_MS, value: compute(db, contestId) };
    const entry = hit;
    entry.value.catch(() => cache.get(contestId) === entry && cache.delete(contestId));
    cache.set(contestId, hit);
  }
  const counters = await hit.value;
  const unflushed = pending.get(db)?.get(contestId) ?? 0;
  return unflushed ? { ...counters, visits: counters.visits + unflushed } : counters;
}

/** Forgets cached counters (tests, or right after an organiser's change). */
export function clearCounterCache(db: Kysely<DB>): void {
  counterCache.delete(db);
}
