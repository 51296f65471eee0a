import { declareCapabilities } from '../../core/policy.js';

/**
 * event:manage — schedule learning days and events at a commune or village in scope, show their check-in QR
 * code, enter attendance, export it, see the events dashboard. Unit administrators, and members of community
 * digital technology teams (the team_member role, granted at their village or commune: team leaders run
 * check-in at learning days). Scoped by the unit tree like everything else.
 */
declareCapabilities({ 'event:manage': ['unit_admin', 'team_member'] });

export const EVENT_MANAGE = 'event:manage';
