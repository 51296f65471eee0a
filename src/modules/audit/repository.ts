/** SQL for reading the audit trail, newest first, filtered in the query. */
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

export interface AuditFilter {
  /** Unit subtrees to show; undefined means every entry (a city-wide reader), including those without a unit. */
  paths?: string[];
  action?: string;
  /** ISO instants: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface AuditRow {
  id: number;
  at: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  details: string | null;
  actorId: number | null;
  actorName: string | null;
  unitCode: string | null;
  unitName: string | null;
}

function filtered(db: Kysely<DB>, f: AuditFilter) {
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users', 'users.id', 'audit_log.actor_id')
    .leftJoin('units', 'units.id', 'audit_log.unit_id');
  if (f.paths) {
    const paths = f.paths;
    q = paths.length ? q.where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`)))) : q.where(sql<boolean>`1 = 0`);
  }
  if (f.action) q = q.where('audit_log.action', '=', f.action);
  if (f.from) q = q.where('audit_log.at', '>=', f.from);
  if (f.to) q = q.where('audit_log.at', '<', f.to);
  return q;
}

export async function listAudit(db: Kysely<DB>, f: AuditFilter): Promise<{ rows: AuditRow[]; total: number }> {
  const { n } = await filtered(db, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await filtered(db, f)
    .select([
      'audit_log.id as id',
      'audit_log.at as at',
      'audit_log.action as action',
      'audit_log.target_type as targetType',
      'audit_log.target_id as targetId',
      'audit_log.details as details',
      'audit_log.actor_id as actorId',
      'users.full_name as actorName',
      'units.code as unitCode',
      'units.name as unitName',
    ])
    .orderBy('audit_log.at', 'desc')
    .orderBy('audit_log.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(n) };
}

export async function auditActions(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
  return rows.map((r) => r.action);
}
