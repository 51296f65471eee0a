/**
 * Sections of the indicators (indicators.ts, `computeBuckets`) that read their own tables: the contest and the
 * community network. Each reads its sources at once and folds the rows into the buckets with `each`.
 */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { attainedUserIds } from '../skills/basic-skills-attained.js';
import type { BasicSkillsRule } from '../skills/basic-skills.js';
import type { Indicators, subtree } from './indicators.js';

export const n = (v: unknown) => Number(v ?? 0);

/** What a section reads with: the subtree's unit ids, the period's bounds, the fold into buckets, the rule. */
export interface SectionScope {
  db: Kysely<DB>;
  inUnits: ReturnType<typeof subtree>;
  fromTs: string;
  toTs: string;
  fromDay: string;
  toDay: string;
  each: (unitId: unknown, f: (ind: Indicators) => void) => void;
  /** The buckets themselves and which ones a unit folds into (for figures counted once per bucket). */
  out: Indicators[];
  bucketsOf: (unitId: number) => readonly number[];
  /** Each unit's commune-level ancestor. */
  communeOf: Map<number, number>;
  rule: BasicSkillsRule | undefined;
}

/** Contest: registrants, attempts (finished), visits, confirmed awards. */
export async function contestSection({ db, inUnits, fromTs, toTs, fromDay, toDay, each, out, bucketsOf, communeOf }: SectionScope): Promise<void> {
  const [regRows, attemptRows, visitRows, awardRows] = await Promise.all([
    db
      .selectFrom('contest_registrations')
      .select((eb) => ['contest_registrations.unit_id', 'contest_registrations.contest_id', eb.fn.countAll().as('n')])
      .where('contest_registrations.unit_id', 'in', inUnits)
      .where('contest_registrations.registered_at', '>=', fromTs)
      .where('contest_registrations.registered_at', '<', toTs)
      .groupBy(['contest_registrations.unit_id', 'contest_registrations.contest_id'])
      .execute(),
    db
      .selectFrom('contest_entries')
      .innerJoin('quiz_attempts', 'quiz_attempts.id', 'contest_entries.attempt_id')
      .select((eb) => [
        'contest_entries.unit_id',
        eb.fn.countAll().as('n'),
        eb.fn.sum<number>(sql`case when contest_entries.finished_at is not null then 1 else 0 end`).as('finished'),
      ])
      .where('contest_entries.unit_id', 'in', inUnits)
      .where('quiz_attempts.started_at', '>=', fromTs)
      .where('quiz_attempts.started_at', '<', toTs)
      .groupBy('contest_entries.unit_id')
      .execute(),
    db
      .selectFrom('contest_visits')
      .innerJoin('contests', 'contests.id', 'contest_visits.contest_id')
      .select((eb) => ['contests.unit_id', eb.fn.sum<number>('contest_visits.visits').as('n')])
      .where('contests.unit_id', 'in', inUnits)
      .where('contest_visits.day', '>=', fromDay)
      .where('contest_visits.day', '<', toDay)
      .groupBy('contests.unit_id')
      .execute(),
    db
      .selectFrom('contest_awards')
      .innerJoin('contest_prizes', 'contest_prizes.id', 'contest_awards.prize_id')
      .innerJoin('contests', 'contests.id', 'contest_prizes.contest_id')
      .select((eb) => ['contests.unit_id', 'contest_prizes.kind', eb.fn.countAll().as('n')])
      .where('contests.unit_id', 'in', inUnits)
      .where('contest_awards.status', '=', 'confirmed')
      .where('contest_awards.confirmed_at', '>=', fromTs)
      .where('contest_awards.confirmed_at', '<', toTs)
      .groupBy(['contests.unit_id', 'contest_prizes.kind'])
      .execute(),
  ]);
  const contestTitles = new Map<number, string>();
  const contestIds = [...new Set(regRows.map((r) => Number(r.contest_id)))];
  if (contestIds.length) {
    for (const c of await db.selectFrom('contests').select(['id', 'title']).where('id', 'in', contestIds).execute()) contestTitles.set(c.id, c.title);
  }
  const regCommunes = out.map(() => new Set<number>());
  for (const r of regRows) {
    for (const b of bucketsOf(Number(r.unit_id))) {
      const ind = out[b];
      ind.contest.registrants += n(r.n);
      const commune = communeOf.get(Number(r.unit_id));
      if (commune !== undefined && n(r.n) > 0) regCommunes[b].add(commune);
      const cid = Number(r.contest_id);
      const f = ind.contest.byContest.find((c) => c.contestId === cid);
      if (f) f.registrants += n(r.n);
      else ind.contest.byContest.push({ contestId: cid, title: contestTitles.get(cid) ?? '', registrants: n(r.n) });
    }
  }
  regCommunes.forEach((s, i) => (out[i].contest.communesWithRegistrants = s.size));
  for (const r of attemptRows)
    each(r.unit_id, (ind) => {
      ind.contest.attempts += n(r.n);
      ind.contest.finishedAttempts += n(r.finished);
    });
  for (const r of visitRows) each(r.unit_id, (ind) => (ind.contest.visits += n(r.n)));
  for (const r of awardRows) each(r.unit_id, (ind) => (r.kind === 'collective' ? (ind.contest.awards.collective += n(r.n)) : (ind.contest.awards.individual += n(r.n))));
}

/** Community network: teams, members, support, mentors and mentees, households and digital families, events, initiatives. */
export async function communitySection({ db, inUnits, fromTs, toTs, fromDay, toDay, each, rule }: SectionScope): Promise<void> {
  const [teams, members, support, mentors, mentees, households, digital, events, attendees, guests, initiatives, replications] = await Promise.all([
    db.selectFrom('community_teams').select((eb) => ['unit_id', eb.fn.countAll().as('n')]).where('unit_id', 'in', inUnits).where('created_at', '<', toTs).groupBy('unit_id').execute(),
    db
      .selectFrom('community_team_members')
      .innerJoin('community_teams', 'community_teams.id', 'community_team_members.team_id')
      .select((eb) => ['community_teams.unit_id', eb.fn.countAll().as('n')])
      .where('community_teams.unit_id', 'in', inUnits)
      .where('community_team_members.joined_at', '<', toTs)
      .groupBy('community_teams.unit_id')
      .execute(),
    db
      .selectFrom('support_entries')
      .select((eb) => ['unit_id', eb.fn.countAll().as('n'), eb.fn.sum<number>('people').as('people'), eb.fn.sum<number>('vulnerable').as('vulnerable')])
      .where('unit_id', 'in', inUnits)
      .where('day', '>=', fromDay)
      .where('day', '<', toDay)
      .groupBy('unit_id')
      .execute(),
    db
      .selectFrom('ambassador_mentors')
      .select((eb) => ['unit_id', eb.fn.countAll().as('n')])
      .where('unit_id', 'in', inUnits)
      .where('created_at', '<', toTs)
      .where((eb) => eb.or([eb('retired_at', 'is', null), eb('retired_at', '>=', fromTs)]))
      .groupBy('unit_id')
      .execute(),
    db
      .selectFrom('ambassador_mentees')
      .innerJoin('ambassador_mentors', 'ambassador_mentors.id', 'ambassador_mentees.mentor_id')
      .select((eb) => ['ambassador_mentors.unit_id', eb.fn.countAll().as('n')])
      .where('ambassador_mentors.unit_id', 'in', inUnits)
      .where('ambassador_mentees.joined_at', '<', toTs)
      .groupBy('ambassador_mentors.unit_id')
      .execute(),
    db.selectFrom('households').select((eb) => ['unit_id', eb.fn.countAll().as('n')]).where('unit_id', 'in', inUnits).where('created_at', '<', toTs).groupBy('unit_id').execute(),
    rule
      ? db
          .selectFrom('households')
          .select((eb) => ['unit_id', eb.fn.countAll().as('n')])
          .where('unit_id', 'in', inUnits)
          .where('created_at', '<', toTs)
          .where('id', 'in', db.selectFrom('household_members').select('household_id').where('user_id', 'in', attainedUserIds(db, rule)))
          .groupBy('unit_id')
          .execute()
      : Promise.resolve([] as Array<{ unit_id: number; n: unknown }>),
    db
      .selectFrom('events')
      .select((eb) => ['unit_id', eb.fn.countAll().as('n'), eb.fn.sum<number>(sql`case when kind = 'mot_ngay_hoc_so' then 1 else 0 end`).as('days')])
      .where('unit_id', 'in', inUnits)
      .where('starts_at', '>=', fromTs)
      .where('starts_at', '<', toTs)
      .groupBy('unit_id')
      .execute(),
    db
      .selectFrom('event_attendees')
      .innerJoin('events', 'events.id', 'event_attendees.event_id')
      .select((eb) => ['events.unit_id', eb.fn.countAll().as('n')])
      .where('events.unit_id', 'in', inUnits)
      .where('events.starts_at', '>=', fromTs)
      .where('events.starts_at', '<', toTs)
      .groupBy('events.unit_id')
      .execute(),
    db
      .selectFrom('event_guest_counts')
      .innerJoin('events', 'events.id', 'event_guest_counts.event_id')
      .select((eb) => ['events.unit_id', eb.fn.sum<number>('event_guest_counts.count').as('n')])
      .where('events.unit_id', 'in', inUnits)
      .where('events.starts_at', '>=', fromTs)
      .where('events.starts_at', '<', toTs)
      .groupBy('events.unit_id')
      .execute(),
    db
      .selectFrom('initiatives')
      .select((eb) => [
        'unit_id',
        eb.fn.sum<number>(sql`case when submitted_at >= ${fromTs} and submitted_at < ${toTs} then 1 else 0 end`).as('proposed'),
        eb.fn.sum<number>(sql`case when status = 'accepted' and decided_at >= ${fromTs} and decided_at < ${toTs} then 1 else 0 end`).as('accepted'),
      ])
      .where('unit_id', 'in', inUnits)
      .groupBy('unit_id')
      .execute(),
    db
      .selectFrom('initiative_replications')
      .select((eb) => ['unit_id', eb.fn.countAll().as('n')])
      .where('unit_id', 'in', inUnits)
      .where('replicated_on', '>=', fromDay)
      .where('replicated_on', '<', toDay)
      .groupBy('unit_id')
      .execute(),
  ]);
  for (const r of teams) each(r.unit_id, (i) => (i.community.teams += n(r.n)));
  for (const r of members) each(r.unit_id, (i) => (i.community.teamMembers += n(r.n)));
  for (const r of support)
    each(r.unit_id, (i) => {
      i.community.supportSessions += n(r.n);
      i.community.peopleHelped += n(r.people);
      i.community.vulnerableHelped += n(r.vulnerable);
    });
  for (const r of mentors) each(r.unit_id, (i) => (i.community.mentors += n(r.n)));
  for (const r of mentees) each(r.unit_id, (i) => (i.community.mentees += n(r.n)));
  for (const r of households) each(r.unit_id, (i) => (i.community.households += n(r.n)));
  for (const r of digital) each(r.unit_id, (i) => (i.community.digitalFamilies += n(r.n)));
  for (const r of events)
    each(r.unit_id, (i) => {
      i.community.events += n(r.n);
      i.community.learningDays += n(r.days);
    });
  for (const r of attendees) each(r.unit_id, (i) => (i.community.attendance += n(r.n)));
  for (const r of guests) each(r.unit_id, (i) => (i.community.attendance += n(r.n)));
  for (const r of initiatives)
    each(r.unit_id, (i) => {
      i.community.initiativesProposed += n(r.proposed);
      i.community.initiativesAccepted += n(r.accepted);
    });
  for (const r of replications) each(r.unit_id, (i) => (i.community.replications += n(r.n)));
}
