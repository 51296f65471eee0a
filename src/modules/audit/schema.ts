import { Type, type Static } from '@sinclair/typebox';
import { hasMessage } from '../../core/i18n.js';
import type { AuditRow } from './repository.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'A calendar day in Vietnam time, YYYY-MM-DD' });

export const AuditQuery = Type.Object(
  {
    action: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    unitCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Entries of this unit and the units below it' })),
    from: Type.Optional(Day),
    to: Type.Optional({ ...Day, description: 'Last day included' }),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const AuditEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ description: 'UTC, ISO 8601' }),
  atLocal: Type.String({ description: 'The same instant in Vietnam time (UTC+7), ISO 8601' }),
  action: Type.String(),
  actionLabel: Type.String(),
  actor: Type.Union([Type.Object({ id: Type.Integer(), fullName: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  unit: Type.Union([Type.Object({ code: Type.String(), name: Type.String() }), Type.Null()]),
  target: Type.Union([Type.Object({ type: Type.String(), id: Type.Union([Type.String(), Type.Null()]) }), Type.Null()]),
  details: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
});
export type AuditEntryDto = Static<typeof AuditEntrySchema>;

export const AuditListSchema = Type.Object({
  items: Type.Array(AuditEntrySchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

/** Vietnam has kept UTC+7 without daylight saving since 1975. */
export function vietnamIso(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().replace('Z', '+07:00');
}

export function actionLabel(t: (key: string) => string, action: string): string {
  return hasMessage(`auditAction.${action}`) ? t(`auditAction.${action}`) : action;
}

function parseDetails(raw: string | null): Record<string, unknown> | null {
  if (!raw) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : { value };
  } catch {
    return { value: raw };
  }
}

/** The only way an audit entry leaves the server. */
export function presentAuditEntry(row: AuditRow, t: (key: string) => string): AuditEntryDto {
  return {
    id: row.id,
    at: row.at,
    atLocal: vietnamIso(row.at),
    action: row.action,
    actionLabel: actionLabel(t, row.action),
    actor: row.actorId === null ? null : { id: row.actorId, fullName: row.actorName },
    unit: row.unitCode === null ? null : { code: row.unitCode, name: row.unitName ?? '' },
    target: row.targetType === null ? null : { type: row.targetType, id: row.targetId },
    details: parseDetails(row.details),
  };
}
