/**
 * A person's records in the community programmes, for their personal-data export and for the deletion of their
 * personal data: contest registrations and attempts, community team membership and the support they recorded,
 * digital ambassador links, household membership and event attendance.
 *
 * What the export leaves out on purpose: other people's data (the other members of the household, the head's
 * name, the mentees' names), secrets (invitation tokens, event check-in secrets) and a contest result the contest
 * still hides (before the round closes, unless the organiser shows scores on submit).
 */
import type { Transaction, Kysely } from 'kysely';
import { Type, type Static } from '@sinclair/typebox';
import type { DB } from '../../db/schema.js';
import { roundStatus } from '../contests/round-status.js';
import { CONTEST_CONTEXT } from '../contests/repository.js';
import { retireMentor } from '../ambassadors/repository.js';
import { searchKey } from '../../core/text.js';

type Conn = Kysely<DB> | Transaction<DB>;

const NullableString = () => Type.Union([Type.String(), Type.Null()]);
const NullableInteger = () => Type.Union([Type.Integer(), Type.Null()]);
const Nullable = <T extends ReturnType<typeof Type.Object>>(t: T) => Type.Union([t, Type.Null()]);
const UnitRef = Type.Object({ code: Type.String(), name: Type.String() });

export const CommunityRecordsSchema = Type.Object({
  contestRegistrations: Type.Array(
    Type.Object({
      contest: Type.String(),
      registeredAt: Type.String(),
      fullName: Type.String(),
      phone: NullableString(),
      idNumber: NullableString(),
      unit: UnitRef,
      targetGroup: Type.String(),
    }),
  ),
  /** The person's attempts in contest rounds (the course quizzes are in learning.quizAttempts). */
  contestAttempts: Type.Array(
    Type.Object({
      contest: Type.String(),
      roundNumber: Type.Integer(),
      round: Type.String(),
      number: Type.Integer(),
      state: Type.String(),
      startedAt: Type.String(),
      finishedAt: NullableString(),
      prediction: NullableInteger(),
      /** Right answers; null while the contest still hides results (or the attempt is not final). */
      correct: NullableInteger(),
      questionCount: NullableInteger(),
    }),
  ),
  team: Nullable(Type.Object({ team: Type.String(), village: Type.String(), since: Type.String(), leader: Type.Boolean() })),
  /** The support the person recorded as a team member, with the helped person's name and phone when recorded. */
  supportEntries: Type.Array(
    Type.Object({
      day: Type.String(),
      place: Type.String(),
      service: Type.String(),
      people: Type.Integer(),
      vulnerable: Type.Integer(),
      note: NullableString(),
      personName: NullableString(),
      personPhone: NullableString(),
      consentAt: NullableString(),
      hasPhoto: Type.Boolean(),
      recordedAt: Type.String(),
    }),
  ),
  ambassador: Type.Object({
    asMentor: Nullable(
      Type.Object({
        since: Type.String(),
        retiredAt: NullableString(),
        mentees: Type.Integer(),
        invitations: Type.Array(
          Type.Object({ createdAt: Type.String(), expiresAt: Type.String(), usedAt: NullableString(), revokedAt: NullableString() }),
        ),
      }),
    ),
    asMentee: Nullable(Type.Object({ mentor: Type.String(), since: Type.String() })),
  }),
  /** Only the household's address and village and the person's own membership: the other members' data is theirs. */
  household: Nullable(Type.Object({ address: Type.String(), village: Type.String(), memberSince: Type.String() })),
  events: Type.Array(
    Type.Object({ event: Type.String(), kind: Type.String(), place: Type.String(), startsAt: Type.String(), checkedInAt: Type.String(), method: Type.String() }),
  ),
});
export type CommunityRecords = Static<typeof CommunityRecordsSchema>;

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export async function communityRecordsOf(db: Conn, userId: number, now = new Date()): Promise<CommunityRecords> {
  const [registrations, attempts, team, supportEntries, mentor, mentee, household, events] = await Promise.all([
    db
      .selectFrom('contest_registrations as r')
      .innerJoin('contests as c', 'c.id', 'r.contest_id')
      .innerJoin('units as u', 'u.id', 'r.unit_id')
      .select(['c.title as contest', 'r.registered_at as registeredAt', 'r.full_name as fullName', 'r.phone', 'r.id_number as idNumber', 'u.code as unitCode', 'u.name as unitName', 'r.target_group as targetGroup'])
      .where('r.user_id', '=', userId)
      .orderBy('r.registered_at')
      .orderBy('r.id')
      .execute(),
    db
      .selectFrom('quiz_attempts as a')
      .innerJoin('contest_rounds as rd', 'rd.id', 'a.context_id')
      .innerJoin('contests as c', 'c.id', 'rd.contest_id')
      .leftJoin('contest_entries as e', 'e.attempt_id', 'a.id')
      .select([
        'c.title as contest',
        'c.show_score_on_submit as showScore',
        'rd.number as roundNumber',
        'rd.title as round',
        'rd.opens_at',
        'rd.closes_at',
        'a.number',
        'a.state',
        'a.started_at as startedAt',
        'a.finished_at as finishedAt',
        'e.prediction',
        'e.correct',
        'e.question_count as questionCount',
      ])
      .where('a.user_id', '=', userId)
      .where('a.context_type', '=', CONTEST_CONTEXT)
      .orderBy('a.id')
      .execute(),
    db
      .selectFrom('community_team_members as m')
      .innerJoin('community_teams as t', 't.id', 'm.team_id')
      .innerJoin('units as u', 'u.id', 't.unit_id')
      .select(['t.name as team', 'u.name as village', 'm.joined_at as since', 't.leader_id as leaderId'])
      .where('m.user_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('support_entries as s')
      .innerJoin('units as u', 'u.id', 's.unit_id')
      .select([
        's.day',
        'u.name as place',
        's.service',
        's.people',
        's.vulnerable',
        's.note',
        's.person_name as personName',
        's.person_phone as personPhone',
        's.consent_at as consentAt',
        's.photo_key as photoKey',
        's.created_at as recordedAt',
      ])
      .where('s.user_id', '=', userId)
      .orderBy('s.day')
      .orderBy('s.id')
      .execute(),
    db
      .selectFrom('ambassador_mentors as m')
      .select((eb) => [
        'm.id',
        'm.created_at as since',
        'm.retired_at as retiredAt',
        eb.selectFrom('ambassador_mentees as x').select((eb2) => eb2.fn.countAll<number>().as('n')).whereRef('x.mentor_id', '=', 'm.id').as('mentees'),
      ])
      .where('m.user_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('ambassador_mentees as x')
      .innerJoin('ambassador_mentors as m', 'm.id', 'x.mentor_id')
      .innerJoin('users as mu', 'mu.id', 'm.user_id')
      .select(['mu.full_name as mentor', 'x.joined_at as since'])
      .where('x.mentee_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('household_members as hm')
      .innerJoin('households as h', 'h.id', 'hm.household_id')
      .innerJoin('units as u', 'u.id', 'h.unit_id')
      .select(['h.address', 'u.name as village', 'hm.created_at as memberSince'])
      .where('hm.user_id', '=', userId)
      .executeTakeFirst(),
    db
      .selectFrom('event_attendees as a')
      .innerJoin('events as ev', 'ev.id', 'a.event_id')
      .select(['ev.title as event', 'ev.kind', 'ev.place', 'ev.starts_at as startsAt', 'a.checked_in_at as checkedInAt', 'a.method'])
      .where('a.user_id', '=', userId)
      .orderBy('ev.starts_at')
      .orderBy('a.id')
      .execute(),
  ]);
  const invitations = mentor
    ? await db
        .selectFrom('ambassador_invitations')
        .select(['created_at as createdAt', 'expires_at as expiresAt', 'used_at as usedAt', 'revoked_at as revokedAt'])
        .where('mentor_id', '=', mentor.id)
        .orderBy('created_at')
        .orderBy('id')
        .execute()
    : [];
  return {
    contestRegistrations: registrations.map((r) => ({
      contest: r.contest,
      registeredAt: r.registeredAt,
      fullName: r.fullName,
      phone: r.phone,
      idNumber: r.idNumber,
      unit: { code: r.unitCode, name: r.unitName },
      targetGroup: r.targetGroup,
    })),
    contestAttempts: attempts.map((a) => {
      const visible = a.showScore === 1 || roundStatus({ opens_at: a.opens_at, closes_at: a.closes_at }, now) === 'closed';
      return {
        contest: a.contest,
        roundNumber: a.roundNumber,
        round: a.round,
        number: a.number,
        state: a.state,
        startedAt: a.startedAt,
        finishedAt: a.finishedAt,
        prediction: num(a.prediction),
        correct: visible ? num(a.correct) : null,
        questionCount: num(a.questionCount),
      };
    }),
    team: team ? { team: team.team, village: team.village, since: team.since, leader: team.leaderId === userId } : null,
    supportEntries: supportEntries.map(({ photoKey, ...s }) => ({ ...s, hasPhoto: photoKey !== null })),
    ambassador: {
      asMentor: mentor ? { since: mentor.since, retiredAt: mentor.retiredAt, mentees: Number(mentor.mentees ?? 0), invitations } : null,
      asMentee: mentee ?? null,
    },
    household: household ?? null,
    events,
  };
}

/**
 * The community part of carrying out a deletion, inside its transaction (after the account was anonymized):
 *
 *  - contest registrations keep their row (the contest's counts, rankings and awards read them) with the name
 *    replaced by the placeholder and the phone and ID number removed;
 *  - team membership is ended (the team_member role went with the account's roles) and the leader cleared where
 *    they led; the support entries they recorded stay (the programme's totals), and so do the helped person's
 *    name and phone on them: those are the helped person's data, recorded with that person's consent, not the
 *    deleted person's;
 *  - as a mentee, the link to the mentor is deleted; as an active mentor, they are retired exactly as the
 *    ambassadors module retires a mentor (mentees released, open invitations revoked);
 *  - their household membership rows are deleted (the household and its other members stay); when the household's
 *    head name is the person's own name (same search key), it is replaced by the placeholder too;
 *  - event attendance stays (the events' counts) and points at the anonymized account.
 */
export async function eraseCommunityRecords(
  trx: Transaction<DB>,
  userId: number,
  names: { original: string; placeholder: string },
  now = new Date().toISOString(),
): Promise<void> {
  const placeholderName = names.placeholder;
  await trx
    .updateTable('contest_registrations')
    .set({ full_name: placeholderName, phone: null, id_number: null })
    .where('user_id', '=', userId)
    .execute();

  await trx.updateTable('community_teams').set({ leader_id: null, updated_at: now }).where('leader_id', '=', userId).execute();
  await trx.deleteFrom('community_team_members').where('user_id', '=', userId).execute();

  await trx.deleteFrom('ambassador_mentees').where('mentee_id', '=', userId).execute();
  const mentor = await trx.selectFrom('ambassador_mentors').select('id').where('user_id', '=', userId).where('retired_at', 'is', null).executeTakeFirst();
  if (mentor) await retireMentor(trx, mentor.id, now);

  const household = await trx
    .selectFrom('household_members as hm')
    .innerJoin('households as h', 'h.id', 'hm.household_id')
    .select(['h.id', 'h.address', 'h.head_name as headName'])
    .where('hm.user_id', '=', userId)
    .executeTakeFirst();
  if (household && searchKey(household.headName) === searchKey(names.original)) {
    await trx
      .updateTable('households')
      .set({ head_name: placeholderName, search_text: searchKey(`${placeholderName} ${household.address}`), updated_at: now })
      .where('id', '=', household.id)
      .execute();
  }
  await trx.deleteFrom('household_members').where('user_id', '=', userId).execute();
}
