import { declareCapabilities } from '../../core/policy.js';

/** Digital ambassadors: held at a unit for its whole subtree (the city administrator holds all). */
declareCapabilities({
  /** Designate and retire the unit's mentors; see the network of the unit (mentors, mentee counts, completion). */
  'ambassador:manage': ['unit_admin'],
});

export const AMBASSADOR_MANAGE = 'ambassador:manage';

/** Each mentor guides at least this many mentees (the movement's target). */
export const MENTEE_TARGET = 5;

/** An invitation link is valid this many days, once. */
export const INVITATION_DAYS = 14;
