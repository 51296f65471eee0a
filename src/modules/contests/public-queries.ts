/**
 * Small reads of the public contest pages that the service contract does not cover: the list of published
 * contests, the units offered at registration, where an attempt belongs, a round's question count and time.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { allUnits, type UnitRow } from '../units/repository.js';
import type { DrawRule } from '../quizzes/draw.js';
import type { ContestRow, RoundRow } from './service.js';

export interface ContestListItem {
  contest: Pick<ContestRow, 'id' | 'slug' | 'title' | 'summary'>;
  rounds: Array<Pick<RoundRow, 'number' | 'title' | 'opens_at' | 'closes_at'>>;
}

/** Published contests, newest first, with their rounds (two queries). */
export async function listPublishedContests(db: Kysely<DB>, limit = 50): Promise<ContestListItem[]> {
  const contests = await db
    .selectFrom('contests')
    .select(['id', 'slug', 'title', 'summary'])
    .where('status', '=', 'published')
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  if (contests.length === 0) return [];
  const rounds = await db
    .selectFrom('contest_rounds')
    .select(['contest_id', 'number', 'title', 'opens_at', 'closes_at'])
    .where(
      'contest_id',
      'in',
      contests.map((c) => c.id),
    )
    .orderBy('contest_id')
    .orderBy('number')
    .execute();
  return contests.map((contest) => ({ contest, rounds: rounds.filter((r) => r.contest_id === contest.id) }));
}

const UNITS_TTL_MS = 60_000;
let unitsCache: { at: number; units: UnitRow[]; db: Kysely<DB> } | undefined;

/** The units a contestant can choose: communes, wards, special zones and departments (depth 1, not retired). Cached a minute. */
export async function registrationUnits(db: Kysely<DB>): Promise<UnitRow[]> {
  const now = Date.now();
  if (unitsCache && unitsCache.db === db && now - unitsCache.at < UNITS_TTL_MS) return unitsCache.units;
  const units = (await allUnits(db)).filter((u) => u.depth === 1 && !u.retired_at);
  unitsCache = { at: now, units, db };
  return units;
}

/** The contest (slug, title) and round (number, title) of an attempt's contest and round ids. */
export async function attemptPlace(
  db: Kysely<DB>,
  contestId: number,
  roundId: number,
): Promise<{ slug: string; contestTitle: string; roundNumber: number; roundTitle: string; closesAt: string; showScoreOnSubmit: boolean } | undefined> {
  const row = await db
    .selectFrom('contest_rounds as r')
    .innerJoin('contests as c', 'c.id', 'r.contest_id')
    .select(['c.slug', 'c.title as contestTitle', 'r.number as roundNumber', 'r.title as roundTitle', 'r.closes_at as closesAt', 'c.show_score_on_submit'])
    .where('r.id', '=', roundId)
    .where('c.id', '=', contestId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    slug: row.slug,
    contestTitle: row.contestTitle,
    roundNumber: row.roundNumber,
    roundTitle: row.roundTitle,
    closesAt: row.closesAt,
    showScoreOnSubmit: row.show_score_on_submit === 1,
  };
}

/** A round's facts from its quiz: questions per attempt and the time limit (seconds, null: none). */
export async function roundFacts(db: Kysely<DB>, round: Pick<RoundRow, 'quiz_id'>): Promise<{ questions: number; timeLimitSeconds: number | null }> {
  const quiz = await db.selectFrom('quizzes').select(['rules', 'time_limit_seconds']).where('id', '=', round.quiz_id).executeTakeFirst();
  if (!quiz) return { questions: 0, timeLimitSeconds: null };
  return {
    questions: (JSON.parse(quiz.rules) as DrawRule[]).reduce((n, r) => n + r.count, 0),
    timeLimitSeconds: quiz.time_limit_seconds,
  };
}
