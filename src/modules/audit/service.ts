/** Turns the caller's scope and the requested filters into one audit query. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { cityUnit, unitByCode } from '../units/repository.js';
import type { AuditFilter } from './repository.js';

export interface AuditRequest {
  action?: string;
  unitCode?: string;
  /** Calendar days in Vietnam time, both included. */
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** A real calendar day written YYYY-MM-DD (no 30 February). */
export function isCalendarDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(day);
}

/** The instant a Vietnam calendar day (UTC+7) starts, plus `addDays`. */
function dayStart(day: string, field: string, addDays = 0): string {
  if (!isCalendarDay(day)) throw new AppError('VALIDATION', 400, { detail: field }, { [field]: 'AUDIT_DATE_INVALID' });
  return new Date(Date.parse(`${day}T00:00:00+07:00`) + addDays * 86_400_000).toISOString();
}

export async function auditFilterFor(db: Kysely<DB>, actor: Actor | undefined, r: AuditRequest): Promise<AuditFilter> {
  const scope = scopePaths(actor, 'audit:read');
  const city = await cityUnit(db);
  // A reader at the city sees everything, entries without a unit too; anyone else only their subtrees.
  let paths: string[] | undefined = city && scope.includes(city.path) ? undefined : scope;
  if (r.unitCode) {
    const unit = await unitByCode(db, r.unitCode);
    paths = unit && (!paths || paths.some((p) => unit.path.startsWith(p))) ? [unit.path] : [];
  }
  return {
    paths,
    action: r.action || undefined,
    from: r.from ? dayStart(r.from, 'from') : undefined,
    to: r.to ? dayStart(r.to, 'to', 1) : undefined,
    limit: r.pageSize,
    offset: (r.page - 1) * r.pageSize,
  };
}
