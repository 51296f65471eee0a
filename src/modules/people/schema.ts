/** TypeBox schemas of the people API and the presenter: the only way a person leaves the server. */
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum } from '../../core/schemas.js';
import { formatPhone } from '../../core/text.js';
import { TARGET_GROUPS, type TargetGroup } from '../accounts/people-input.js';

/** What the status filter offers: derived from status, password and deletion request. */
export const STATUS_FILTERS = ['active', 'not_activated', 'deletion_requested'] as const;
export type StatusFilter = (typeof STATUS_FILTERS)[number];

export const PAGE_SIZE = 50;

/** Like StringEnum, but typed through the route's type provider too. */
const oneOf = <T extends string>(values: T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const filterProps = {
  q: Type.Optional(Type.String({ maxLength: 100, description: 'Name (diacritics optional) or phone number in any format' })),
  unit: Type.Optional(Type.String({ maxLength: 64, description: 'Code of a unit in your scope; its units below are included' })),
  // '' is what an untouched <select> of the GET form sends: no filter.
  group: Type.Optional(oneOf(['', ...TARGET_GROUPS])),
  status: Type.Optional(oneOf(['', ...STATUS_FILTERS])),
};

export const ExportQuery = Type.Object(filterProps, { additionalProperties: false });

export const PeopleQuery = Type.Object(
  {
    ...filterProps,
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  { additionalProperties: false },
);
export type PeopleQueryT = Static<typeof PeopleQuery>;

export const PersonSchema = Type.Object(
  {
    id: Type.Integer(),
    fullName: Type.String(),
    phone: Type.Union([Type.String({ description: 'Formatted, e.g. 0912 345 678' }), Type.Null()]),
    email: Type.Union([Type.String(), Type.Null()]),
    unit: Type.Object({ code: Type.String(), name: Type.String() }),
    targetGroup: StringEnum(TARGET_GROUPS),
    birthYear: Type.Union([Type.Integer(), Type.Null()]),
    status: Type.String(),
    activated: Type.Boolean({ description: 'Has a password or a linked identity' }),
    deletionRequested: Type.Boolean(),
    consentAt: Type.Union([Type.String(), Type.Null()]),
    consentVersion: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  },
  { $id: 'Person' },
);
export type PersonDto = Static<typeof PersonSchema>;

export const PersonListSchema = Type.Object({
  items: Type.Array(PersonSchema),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
});

export const PersonParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

/** The columns the repository selects for a person: never the password hash or login counters. */
export interface PersonRow {
  id: number;
  full_name: string;
  phone: string | null;
  email: string | null;
  target_group: string;
  birth_year: number | null;
  status: string;
  activated: number | boolean;
  consent_at: string | null;
  consent_version: string | null;
  deletion_requested_at: string | null;
  created_at: string;
  unit_code: string;
  unit_name: string;
}

export function presentPerson(r: PersonRow): PersonDto {
  return {
    id: r.id,
    fullName: r.full_name,
    phone: r.phone ? formatPhone(r.phone) : null,
    email: r.email,
    unit: { code: r.unit_code, name: r.unit_name },
    targetGroup: r.target_group as TargetGroup,
    birthYear: r.birth_year,
    status: r.status,
    activated: Boolean(Number(r.activated)),
    deletionRequested: r.deletion_requested_at !== null,
    consentAt: r.consent_at,
    consentVersion: r.consent_version,
    createdAt: r.created_at,
  };
}

/** The one status word shown to administrators. */
export function displayStatus(p: PersonDto): string {
  if (p.deletionRequested) return 'deletion_requested';
  if (p.status === 'active' && !p.activated) return 'not_activated';
  return p.status;
}
