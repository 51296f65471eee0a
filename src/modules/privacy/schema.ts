/** What a person receives about themselves: the schemas are the whole list — no password hash, no token hashes. */
import { Type, type Static } from '@sinclair/typebox';
import type { PersonalData } from './service.js';
import { LearningRecordsSchema } from './learning-records.js';
import { CommunityRecordsSchema } from './community-records.js';

const NullableString = () => Type.Union([Type.String(), Type.Null()]);
const UnitRef = Type.Object({ code: Type.String(), name: Type.String() });
const RoleSchema = Type.Object({ role: Type.String(), unit: UnitRef, grantedAt: Type.String() });

export const MeSchema = Type.Object({
  id: Type.Integer(),
  fullName: Type.String(),
  phone: NullableString(),
  email: NullableString(),
  unit: UnitRef,
  targetGroup: Type.String(),
  birthYear: Type.Union([Type.Integer(), Type.Null()]),
  consentAt: NullableString(),
  consentVersion: NullableString(),
  deletionRequestedAt: NullableString(),
  roles: Type.Array(RoleSchema),
});
export type MeDto = Static<typeof MeSchema>;

export const MyDataSchema = Type.Object({
  exportedAt: Type.String(),
  currentPolicyVersion: Type.String(),
  profile: Type.Object({
    ...MeSchema.properties,
    status: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  }),
  security: Type.Object({ failedSignIns: Type.Integer(), lockedUntil: NullableString() }),
  roles: Type.Array(RoleSchema),
  sessions: Type.Array(Type.Object({ createdAt: Type.String(), expiresAt: Type.String() })),
  externalIdentities: Type.Array(Type.Object({ issuer: Type.String(), subject: Type.String(), linkedAt: Type.String() })),
  oneTimeLinks: Type.Array(
    Type.Object({ purpose: Type.String(), createdAt: Type.String(), expiresAt: Type.String(), usedAt: NullableString() }),
  ),
  activity: Type.Array(
    Type.Object({
      at: Type.String(),
      action: Type.String(),
      by: Type.Union([Type.Literal('you'), Type.Literal('administrator'), Type.Literal('system')]),
      unitCode: NullableString(),
      targetType: NullableString(),
      targetId: NullableString(),
    }),
  ),
  learning: LearningRecordsSchema,
  community: CommunityRecordsSchema,
});
export type MyDataDto = Static<typeof MyDataSchema>;

export function presentMe(d: Pick<PersonalData, 'person' | 'roles'>): MeDto {
  const p = d.person;
  return {
    id: p.id,
    fullName: p.full_name,
    phone: p.phone,
    email: p.email,
    unit: { code: p.unitCode, name: p.unitName },
    targetGroup: p.target_group,
    birthYear: p.birth_year,
    consentAt: p.consent_at,
    consentVersion: p.consent_version,
    deletionRequestedAt: p.deletion_requested_at,
    roles: d.roles.map((r) => ({ role: r.role, unit: { code: r.unitCode, name: r.unitName }, grantedAt: r.grantedAt })),
  };
}

export function presentMyData(d: PersonalData, currentPolicyVersion: string): MyDataDto {
  const me = presentMe(d);
  return {
    exportedAt: new Date().toISOString(),
    currentPolicyVersion,
    profile: { ...me, status: d.person.status, createdAt: d.person.created_at, updatedAt: d.person.updated_at },
    security: { failedSignIns: d.person.failed_logins, lockedUntil: d.person.locked_until },
    roles: me.roles,
    sessions: d.sessions,
    externalIdentities: d.identities,
    oneTimeLinks: d.oneTimeLinks,
    activity: d.activity.map((a) => ({
      at: a.at,
      action: a.action,
      by: a.actorId === d.person.id ? ('you' as const) : a.actorId === null ? ('system' as const) : ('administrator' as const),
      unitCode: a.unitCode,
      targetType: a.targetType,
      targetId: a.targetId,
    })),
    learning: d.learning,
    community: d.community,
  };
}
