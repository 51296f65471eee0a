/**
 * The teams' figures for the community hub and the movement report: coverage of villages by teams against the
 * target (TEAM_MIN_MEMBERS members per village) and the support given, for the unit at `unitPath` and below.
 */
import type { Kysely } from 'kysely';
import type { CommunityFigure } from '../../core/figures.js';
import type { DB } from '../../db/schema.js';
import { TEAM_MIN_MEMBERS } from './capabilities.js';
import { supportTotals, villageCoverage } from './repository.js';
import { summarizeCoverage } from './service.js';


export async function communityFigures(db: Kysely<DB>, unitPath: string): Promise<CommunityFigure[]> {
  const [villages, totals] = await Promise.all([villageCoverage(db, [unitPath]), supportTotals(db, unitPath, {})]);
  const c = summarizeCoverage(villages);
  return [
    { key: 'teams.villages', label: { vi: 'Thôn, tổ dân phố', en: 'Villages and residential groups' }, value: c.villages },
    { key: 'teams.villagesWithTeam', label: { vi: 'Thôn, tổ dân phố có Tổ công nghệ số cộng đồng', en: 'Villages with a community digital technology team' }, value: c.withTeam, target: c.villages },
    {
      key: 'teams.villagesMeetingTarget',
      label: { vi: `Thôn, tổ dân phố có tổ đủ ${TEAM_MIN_MEMBERS} thành viên trở lên`, en: `Villages whose team has at least ${TEAM_MIN_MEMBERS} members` },
      value: c.meetingTarget,
      target: c.villages,
    },
    { key: 'teams.members', label: { vi: 'Thành viên Tổ công nghệ số cộng đồng', en: 'Community digital technology team members' }, value: c.members, target: c.villages * TEAM_MIN_MEMBERS },
    { key: 'teams.supportSessions', label: { vi: 'Lượt hỗ trợ người dân', en: 'Support sessions' }, value: totals.sessions },
    { key: 'teams.peopleHelped', label: { vi: 'Người dân được hỗ trợ', en: 'Residents helped' }, value: totals.people },
    { key: 'teams.vulnerableHelped', label: { vi: 'Trong đó người cao tuổi, người yếu thế', en: 'Of whom elderly or vulnerable' }, value: totals.vulnerable },
  ];
}
