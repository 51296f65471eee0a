import { declareCapabilities } from '../../core/policy.js';

/**
 * initiative:propose — unit administrators propose initiatives and models for their units, edit and resubmit
 * returned ones, record that their units replicated an accepted one, see the initiatives dashboard of their scope.
 * initiative:review — accept or return proposals (with a comment). Declared with no default role besides the
 * city administrator: the city decides (Sở KH&CN staff get the city_admin role, or the lead maps a future
 * department role here).
 */
declareCapabilities({
  'initiative:propose': ['unit_admin'],
  'initiative:review': [],
});

export const INITIATIVE_PROPOSE = 'initiative:propose';
export const INITIATIVE_REVIEW = 'initiative:review';
