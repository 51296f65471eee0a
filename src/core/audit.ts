/** The audit trail of administrative actions: who, what, when, which unit. Never passwords or tokens. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.js';
import { nowIso } from '../db/database.js';
import type { Actor } from './policy.js';

export interface AuditEntry {
  action: string;
  unitId?: number | null;
  targetType?: string;
  targetId?: string | number;
  details?: Record<string, unknown>;
}

export async function audit(db: Kysely<DB> | Transaction<DB>, actor: Actor | undefined, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: nowIso(),
      actor_id: actor?.userId ?? null,
      action: entry.action,
      unit_id: entry.unitId ?? null,
      target_type: entry.targetType ?? null,
      target_id: entry.targetId === undefined ? null : String(entry.targetId),
      details: entry.details ? JSON.stringify(entry.details) : null,
    })
    .execute();
}
