import { Type, type Static } from '@sinclair/typebox';
import { UNIT_TYPES } from './types.js';
import { StringEnum } from '../../core/schemas.js';
import type { UnitRow } from './repository.js';

export const UnitSchema = Type.Object(
  {
    id: Type.Integer(),
    code: Type.String(),
    name: Type.String(),
    type: StringEnum(UNIT_TYPES),
    parentCode: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([Type.Integer(), Type.Null()]),
    retired: Type.Boolean(),
  },
  { $id: 'Unit' },
);
export type UnitDto = Static<typeof UnitSchema>;

export const UnitListSchema = Type.Object({
  city: Type.String(),
  units: Type.Array(UnitSchema),
});

export const CreateUnitBody = Type.Object(
  {
    parentCode: Type.String({ maxLength: 64 }),
    code: Type.String({ minLength: 1, maxLength: 64 }),
    name: Type.String({ minLength: 1, maxLength: 255 }),
    type: StringEnum(UNIT_TYPES),
    population: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
  },
  { additionalProperties: false },
);

export const UpdateUnitBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })),
    parentCode: Type.Optional(Type.String({ maxLength: 64 })),
    population: Type.Optional(Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])),
    retired: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

/** The only way a unit leaves the server. */
export function presentUnit(u: UnitRow, codeById: Map<number, string>): UnitDto {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    type: u.type as UnitDto['type'],
    parentCode: u.parent_id ? (codeById.get(u.parent_id) ?? null) : null,
    population: u.population,
    retired: u.retired_at !== null,
  };
}
