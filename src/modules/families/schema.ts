/** TypeBox schemas of the digital families API (the shapes service.ts presents). */
import { Type } from '@sinclair/typebox';

const Row = {
  households: Type.Integer(),
  digital: Type.Integer({ description: 'Households with at least one member (with an account) meeting the basic digital skills rule' }),
  share: Type.Number({ description: 'digital / households, 0..1 (0 without households)' }),
};

export const CoverageSchema = Type.Object({
  ruleSet: Type.Boolean(),
  total: Type.Object(Row),
  communes: Type.Array(Type.Object({ communeId: Type.Union([Type.Integer(), Type.Null()]), communeName: Type.Union([Type.String(), Type.Null()]), villages: Type.Integer(), ...Row })),
  villages: Type.Array(Type.Object({ unitId: Type.Integer(), unitName: Type.String(), communeName: Type.Union([Type.String(), Type.Null()]), ...Row })),
});

export const HouseholdSchema = Type.Object({
  id: Type.Integer(),
  unitName: Type.String(),
  address: Type.String(),
  headName: Type.String(),
  digital: Type.Boolean(),
  members: Type.Array(
    Type.Object({
      id: Type.Integer(),
      fullName: Type.String(),
      birthYear: Type.Union([Type.Integer(), Type.Null()]),
      hasAccount: Type.Boolean(),
      attained: Type.Boolean(),
    }),
  ),
});

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
export const HouseholdParams = Type.Object({ id: Id });
export const MemberParams = Type.Object({ id: Id, memberId: Id });
