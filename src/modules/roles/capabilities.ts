import { declareCapabilities } from '../../core/policy.js';

/** Granting and revoking roles: unit administrators, at their unit and below (city_admin only by a city admin). */
declareCapabilities({ 'role:grant': ['unit_admin'] });
