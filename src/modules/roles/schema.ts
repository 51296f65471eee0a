import { Type, type Static } from '@sinclair/typebox';
import { ROLES } from '../../core/policy.js';
import { StringEnum } from '../../core/schemas.js';
import type { GrantListRow } from './repository.js';

export const GrantSchema = Type.Object({
  id: Type.Integer(),
  role: StringEnum(ROLES),
  unit: Type.Object({ code: Type.String(), name: Type.String() }),
  person: Type.Object({ id: Type.Integer(), fullName: Type.String() }),
  grantedAt: Type.String({ format: 'date-time' }),
});
export type GrantDto = Static<typeof GrantSchema>;

export const GrantListSchema = Type.Object({
  items: Type.Array(GrantSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const GrantListQuery = Type.Object(
  {
    role: Type.Optional(StringEnum(ROLES)),
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);

export const GrantBody = Type.Object(
  {
    login: Type.String({ minLength: 1, maxLength: 254, description: 'Phone number or e-mail of the person' }),
    role: StringEnum(ROLES),
    unitCode: Type.String({ minLength: 1, maxLength: 64 }),
  },
  { additionalProperties: false },
);

/** The only way a grant leaves the server: no contact details of the person. */
export function presentGrant(row: GrantListRow): GrantDto {
  return {
    id: row.id,
    role: row.role as GrantDto['role'],
    unit: { code: row.unitCode, name: row.unitName },
    person: { id: row.userId, fullName: row.fullName },
    grantedAt: row.createdAt,
  };
}
