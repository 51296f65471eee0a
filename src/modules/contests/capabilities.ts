import { declareCapabilities } from '../../core/policy.js';

/**
 * contest:manage — organisers (the contest_organiser role, and content managers): create contests, rounds and
 * prizes at their unit, see rankings, confirm winners, export, print certificates of merit.
 * contest:stats — statistics of contestants at a unit and below (unit administrators see their own units only).
 */
declareCapabilities({
  'contest:manage': ['content_manager', 'contest_organiser'],
  'contest:stats': ['content_manager', 'contest_organiser', 'unit_admin'],
});

export const CONTEST_MANAGE = 'contest:manage';
export const CONTEST_STATS = 'contest:stats';
