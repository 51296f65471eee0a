import { declareCapabilities } from '../../core/policy.js';

/** Learning capabilities, held at a unit for its whole subtree (the city administrator holds all). */
declareCapabilities({
  /** Build courses hosted by the unit: topics, activities, tags, publishing. */
  'course:manage': ['content_manager'],
  /** Upload SCORM packages and new versions of them. */
  'scorm:upload': ['content_manager'],
  /** Enrol the unit's people in courses (by filter or from .xlsx). */
  'course:enrol': ['unit_admin'],
  /** Course reports: enrolled, started, completed, scores, per-learner SCORM detail. */
  'course:report': ['unit_admin', 'content_manager'],
  /** Revoke a certificate. */
  'certificate:revoke': ['content_manager'],
  /** Set the city's "basic digital skills attained" rule (city administrators only). */
  'skills:rule': [],
});
