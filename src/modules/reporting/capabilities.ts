import { declareCapabilities } from '../../core/policy.js';

/**
 * report:view — dashboards, filings and the report of the units in scope (unit administrators: their own unit).
 * report:manage — the city's side: filing forms and periods, accepting or returning filings, report templates.
 */
declareCapabilities({ 'report:view': ['unit_admin'], 'report:manage': [] });

export const REPORT_VIEW = 'report:view';
export const REPORT_MANAGE = 'report:manage';
