import { declareCapabilities } from '../../core/policy.js';

/**
 * team:manage — unit administrators: create and edit the teams of the villages of their commune, add and remove
 *   members, name the leader, read the whole support log and the dashboard of their units (404 elsewhere).
 * team:log — members of a community digital technology team (the team_member role, granted at the team's village
 *   with the membership): record the help they give and read their own log (the leader: the team's log).
 */
declareCapabilities({
  'team:manage': ['unit_admin'],
  'team:log': ['team_member'],
});

export const TEAM_MANAGE = 'team:manage';
export const TEAM_LOG = 'team:log';

/** The target of the movement: at least this many members in each village or residential group. */
export const TEAM_MIN_MEMBERS = 3;

/** The services a team helps with, in the order the form shows them. */
export const SUPPORT_SERVICES = [
  'online_public_service',
  'vneid',
  'online_payment',
  'e_health_book',
  'digital_signature',
  'scam_awareness',
  'other',
] as const;
export type SupportService = (typeof SUPPORT_SERVICES)[number];

export function isSupportService(v: string): v is SupportService {
  return (SUPPORT_SERVICES as readonly string[]).includes(v);
}
