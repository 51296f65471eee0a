import { declareCapabilities } from '../../core/policy.js';

/** Digital families: held at a unit (a commune or a village) for its whole subtree; the city administrator holds all. */
declareCapabilities({
  /** Enter the households of the unit's villages and their members; see the digital family coverage. */
  'family:manage': ['unit_admin'],
});

export const FAMILY_MANAGE = 'family:manage';
