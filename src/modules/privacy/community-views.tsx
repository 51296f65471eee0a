/** The community part of "Dữ liệu cá nhân": one short section per kind of record, shown only when there is one. */
import type { ViewCtx } from '../../views/render.js';
import { formatDateTime } from '../../views/form-parts.js';
import { formatPhone } from '../../core/text.js';
import type { CommunityRecords } from './community-records.js';
import './messages.js';
import '../teams/messages.js';
import '../events/messages.js';

const phone = (p: string) => (p.startsWith('+84') ? formatPhone(p) : p);
/** YYYY-MM-DD → DD/MM/YYYY. */
const day = (d: string) => d.split('-').reverse().join('/');

export function CommunitySections(props: { ctx: ViewCtx; records: CommunityRecords }) {
  const { ctx } = props;
  const { contestRegistrations, contestAttempts, team, supportEntries, ambassador, household, events } = props.records;
  return (
    <>
      {(contestRegistrations.length > 0 || contestAttempts.length > 0) && (
        <section aria-labelledby="dl-contests">
          <h2 id="dl-contests">{ctx.t('privacy.c.contests')}</h2>
          <ul>
            {contestRegistrations.map((r) => (
              <li>
                {ctx.t('privacy.c.registration', { contest: r.contest, time: formatDateTime(r.registeredAt) })}{' '}
                {[
                  r.fullName,
                  r.phone ? phone(r.phone) : null,
                  r.idNumber ? ctx.t('privacy.c.idNumber', { n: r.idNumber }) : null,
                  r.unit.name,
                  ctx.t(`targetGroup.${r.targetGroup}`),
                ]
                  .filter((x) => x)
                  .join(', ')}
              </li>
            ))}
            {contestAttempts.map((a) => (
              <li>
                {ctx.t('privacy.c.attempt', { contest: a.contest, round: a.roundNumber, title: a.round, n: a.number, time: formatDateTime(a.startedAt) })}
                {a.correct !== null && a.questionCount !== null && <> {ctx.t('privacy.c.correct', { correct: a.correct, total: a.questionCount })}</>}
              </li>
            ))}
          </ul>
        </section>
      )}

      {(team || supportEntries.length > 0) && (
        <section aria-labelledby="dl-team">
          <h2 id="dl-team">{ctx.t('privacy.c.team')}</h2>
          {team && (
            <p>
              {ctx.t(team.leader ? 'privacy.c.teamLeader' : 'privacy.c.teamMember', { team: team.team, village: team.village, time: formatDateTime(team.since) })}
            </p>
          )}
          {supportEntries.length > 0 && (
            <>
              <p>{ctx.t('privacy.c.supportCount', { n: supportEntries.length })}</p>
              <ul>
                {supportEntries.map((s) => (
                  <li>
                    {ctx.t('privacy.c.support', { day: day(s.day), place: s.place, service: ctx.t(`support.service.${s.service}`), people: s.people, vulnerable: s.vulnerable })}
                    {s.personName && <> {ctx.t('privacy.c.helped', { who: [s.personName, s.personPhone ? phone(s.personPhone) : null].filter((x) => x).join(', ') })}</>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}

      {(ambassador.asMentor || ambassador.asMentee) && (
        <section aria-labelledby="dl-ambassador">
          <h2 id="dl-ambassador">{ctx.t('privacy.c.ambassador')}</h2>
          {ambassador.asMentor && (
            <p>
              {ctx.t(ambassador.asMentor.retiredAt ? 'privacy.c.mentorRetired' : 'privacy.c.mentor', {
                time: formatDateTime(ambassador.asMentor.since),
                retired: formatDateTime(ambassador.asMentor.retiredAt),
                mentees: ambassador.asMentor.mentees,
                invitations: ambassador.asMentor.invitations.length,
              })}
            </p>
          )}
          {ambassador.asMentee && <p>{ctx.t('privacy.c.mentee', { mentor: ambassador.asMentee.mentor, time: formatDateTime(ambassador.asMentee.since) })}</p>}
        </section>
      )}

      {household && (
        <section aria-labelledby="dl-household">
          <h2 id="dl-household">{ctx.t('privacy.c.household')}</h2>
          <p>{ctx.t('privacy.c.householdText', { address: household.address, village: household.village, time: formatDateTime(household.memberSince) })}</p>
        </section>
      )}

      {events.length > 0 && (
        <section aria-labelledby="dl-events">
          <h2 id="dl-events">{ctx.t('privacy.c.events')}</h2>
          <ul>
            {events.map((e) => (
              <li>
                {ctx.t('privacy.c.event', { event: e.event, kind: ctx.t(`event.kind.${e.kind}`), time: formatDateTime(e.checkedInAt), method: ctx.t(`event.method.${e.method}`) })}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
