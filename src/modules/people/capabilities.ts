import { declareCapabilities } from '../../core/policy.js';

/** People administration: held by unit administrators for their unit and everything below it. */
declareCapabilities({
  'people:read': ['unit_admin'],
  'people:manage': ['unit_admin'],
  'people:import': ['unit_admin'],
  'privacy:process': ['unit_admin'],
});
