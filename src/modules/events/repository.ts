/** SQL of events and attendance. Every read that lists is filtered by the caller's unit paths in the same query. */
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { DB, EventTable } from '../../db/schema.js';
import { COMMUNE_TYPES, VILLAGE_TYPES } from '../units/types.js';

type Conn = Kysely<DB> | Transaction<DB>;
export type EventRow = Selectable<EventTable>;
export interface EventWithUnit extends EventRow {
  unit_name: string;
  unit_path: string;
  unit_code: string;
}
export interface EventListRow extends EventWithUnit {
  named: number;
  guests: number;
}

export const EVENT_KINDS = ['mot_ngay_hoc_so', 'thu_bay_than_thien', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const AGE_BANDS = ['under_18', '18_35', '36_60', 'over_60'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];
export const EVENT_UNIT_TYPES: string[] = [...COMMUNE_TYPES, ...VILLAGE_TYPES];

const underAny = (paths: string[], column: 'units.path' | 'u.path' = 'units.path') =>
  (eb: any) => eb.or(paths.map((p) => eb(column, 'like', `${p}%`)));

function withUnit(db: Conn) {
  return db
    .selectFrom('events')
    .innerJoin('units', 'units.id', 'events.unit_id')
    .selectAll('events')
    .select(['units.name as unit_name', 'units.path as unit_path', 'units.code as unit_code']);
}

export async function eventById(db: Conn, id: number): Promise<EventWithUnit | undefined> {
  return withUnit(db).where('events.id', '=', id).executeTakeFirst();
}

export async function insertEvent(db: Conn, values: Omit<EventRow, 'id'>): Promise<number> {
  const { id } = await db.insertInto('events').values(values).returning('id').executeTakeFirstOrThrow();
  return id;
}

export async function updateEvent(db: Conn, id: number, set: Partial<Omit<EventRow, 'id'>>): Promise<void> {
  await db.updateTable('events').set(set).where('id', '=', id).execute();
}

/** Events under the paths starting in [from, to), with their attendance (named and anonymous). */
export async function eventsUnder(db: Conn, paths: string[], range: { from: string; to: string }): Promise<EventListRow[]> {
  if (paths.length === 0) return [];
  const rows = await withUnit(db)
    .select((eb) => [
      eb.selectFrom('event_attendees').select(eb.fn.countAll<number>().as('n')).whereRef('event_attendees.event_id', '=', 'events.id').as('named'),
      eb
        .selectFrom('event_guest_counts')
        .select((sb) => sb.fn.coalesce(sb.fn.sum<number>('event_guest_counts.count'), sb.lit(0)).as('s'))
        .whereRef('event_guest_counts.event_id', '=', 'events.id')
        .as('guests'),
    ])
    .where(underAny(paths))
    .where('events.starts_at', '>=', range.from)
    .where('events.starts_at', '<', range.to)
    .orderBy('events.starts_at')
    .orderBy('events.id')
    .execute();
  return rows.map((r) => ({ ...r, named: Number(r.named ?? 0), guests: Number(r.guests ?? 0) }));
}

export interface AttendeeRow {
  user_id: number;
  full_name: string;
  phone: string | null;
  unit_name: string;
  method: string;
  checked_in_at: string;
}

export async function attendeesOf(db: Conn, eventId: number): Promise<AttendeeRow[]> {
  return db
    .selectFrom('event_attendees')
    .innerJoin('users', 'users.id', 'event_attendees.user_id')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id as user_id', 'users.full_name', 'users.phone', 'units.name as unit_name', 'event_attendees.method', 'event_attendees.checked_in_at'])
    .where('event_attendees.event_id', '=', eventId)
    .orderBy('event_attendees.checked_in_at')
    .orderBy('event_attendees.id')
    .execute();
}

/** Anonymous attendees of one event by age band (every band, zeros included). */
export async function guestsByBand(db: Conn, eventId: number): Promise<Record<AgeBand, number>> {
  const rows = await db
    .selectFrom('event_guest_counts')
    .select((eb) => ['age_band', eb.fn.sum<number>('count').as('n')])
    .where('event_id', '=', eventId)
    .groupBy('age_band')
    .execute();
  const out = Object.fromEntries(AGE_BANDS.map((b) => [b, 0])) as Record<AgeBand, number>;
  for (const r of rows) if ((AGE_BANDS as readonly string[]).includes(r.age_band)) out[r.age_band as AgeBand] = Number(r.n);
  return out;
}

/** Inserts the check-in unless this account is already checked in at this event; true when it was new. */
export async function addAttendee(db: Conn, values: { eventId: number; userId: number; method: 'qr' | 'organiser'; recordedBy: number | null; at: string }): Promise<boolean> {
  const row = await db
    .insertInto('event_attendees')
    .values({ event_id: values.eventId, user_id: values.userId, method: values.method, recorded_by: values.recordedBy, checked_in_at: values.at })
    .onConflict((oc) => oc.columns(['event_id', 'user_id']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** Adds a count of anonymous attendees unless an entry with this key exists; true when it was new. */
export async function addGuests(db: Conn, values: { eventId: number; band: AgeBand; count: number; entryKey: string; recordedBy: number; at: string }): Promise<boolean> {
  const row = await db
    .insertInto('event_guest_counts')
    .values({ event_id: values.eventId, age_band: values.band, count: values.count, entry_key: values.entryKey, recorded_by: values.recordedBy, recorded_at: values.at })
    .onConflict((oc) => oc.column('entry_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!row;
}

/** An active account with this (normalized) phone number whose unit is under the paths. */
export async function personByPhoneUnder(db: Conn, phone: string, paths: string[]): Promise<{ id: number; full_name: string } | undefined> {
  if (paths.length === 0) return undefined;
  return db
    .selectFrom('users')
    .innerJoin('units', 'units.id', 'users.unit_id')
    .select(['users.id', 'users.full_name'])
    .where('users.phone', '=', phone)
    .where('users.status', '=', 'active')
    .where(underAny(paths))
    .executeTakeFirst();
}

/** Communes and villages under the paths, where events can be held. */
export async function eventUnitsUnder(db: Conn, paths: string[]) {
  if (paths.length === 0) return [];
  return db
    .selectFrom('units')
    .selectAll()
    .where(underAny(paths))
    .where('type', 'in', EVENT_UNIT_TYPES)
    .where('retired_at', 'is', null)
    .orderBy('depth')
    .orderBy('name')
    .execute();
}

export interface VillageMonth {
  id: number;
  name: string;
  commune: string;
  events: number;
  learningDays: number;
  attendance: number;
}

/** Every village under the paths with its events, learning days and attendance in [from, to). */
export async function villagesMonth(db: Conn, paths: string[], range: { from: string; to: string }): Promise<VillageMonth[]> {
  if (paths.length === 0) return [];
  const villages = await db
    .selectFrom('units')
    .leftJoin('units as parent', 'parent.id', 'units.parent_id')
    .select(['units.id', 'units.name', 'parent.name as commune'])
    .where(underAny(paths))
    .where('units.type', 'in', VILLAGE_TYPES)
    .where('units.retired_at', 'is', null)
    .orderBy('parent.name')
    .orderBy('units.name')
    .execute();
  const events = await eventsUnder(db, paths, range);
  const byUnit = new Map<number, VillageMonth>(villages.map((v) => [v.id, { id: v.id, name: v.name, commune: v.commune ?? '', events: 0, learningDays: 0, attendance: 0 }]));
  for (const e of events) {
    const v = byUnit.get(e.unit_id);
    if (!v) continue;
    v.events++;
    if (e.kind === 'mot_ngay_hoc_so') v.learningDays++;
    v.attendance += e.named + e.guests;
  }
  return [...byUnit.values()];
}
