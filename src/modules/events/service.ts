/** Commands of the events module: validation, scope, check-in (QR and organiser), audit. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { assertCanAt, scopePaths, type Actor } from '../../core/policy.js';
import { normalizePhone } from '../../core/text.js';
import { nowIso } from '../../db/database.js';
import { unitByCode } from '../units/repository.js';
import { EVENT_MANAGE } from './capabilities.js';
import { fromVietnam, vietnamDate, vietnamTime } from './time.js';
import { checkinWindow, newCheckinSecret, verifyToken } from './token.js';
import * as repo from './repository.js';
import { AGE_BANDS, EVENT_KINDS, EVENT_UNIT_TYPES, type AgeBand, type EventKind, type EventWithUnit } from './repository.js';
import './messages.js';

export const MAX_GUESTS_PER_ENTRY = 1000;

export interface EventForm {
  unit?: string;
  kind?: string;
  title?: string;
  place?: string;
  date?: string;
  start?: string;
  end?: string;
}

export function formOf(ev: EventWithUnit): EventForm {
  return { unit: ev.unit_code, kind: ev.kind, title: ev.title, place: ev.place, date: vietnamDate(ev.starts_at), start: vietnamTime(ev.starts_at), end: vietnamTime(ev.ends_at) };
}

async function validate(db: Kysely<DB>, actor: Actor, f: EventForm) {
  const fields: Record<string, string> = {};
  const title = (f.title ?? '').trim();
  const place = (f.place ?? '').trim();
  if (!title || title.length > 200) fields.title = 'EVENT_TITLE_REQUIRED';
  if (!place || place.length > 200) fields.place = 'EVENT_PLACE_REQUIRED';
  if (!(EVENT_KINDS as readonly string[]).includes(f.kind ?? '')) fields.kind = 'EVENT_KIND_INVALID';
  const unit = f.unit ? await unitByCode(db, f.unit.trim()) : undefined;
  if (!unit || unit.retired_at || !EVENT_UNIT_TYPES.includes(unit.type) || !scopePaths(actor, EVENT_MANAGE).some((p) => unit.path.startsWith(p))) {
    fields.unit = 'EVENT_UNIT_INVALID';
  }
  const date = (f.date ?? '').trim();
  const startOk = fromVietnam(date, (f.start ?? '').trim());
  const endOk = fromVietnam(date, (f.end ?? '').trim());
  if (!fromVietnam(date, '00:00')) fields.date = 'EVENT_DATE_INVALID';
  else {
    if (!startOk) fields.start = 'EVENT_TIME_INVALID';
    if (!endOk) fields.end = 'EVENT_TIME_INVALID';
    else if (startOk && endOk <= startOk) fields.end = 'EVENT_END_BEFORE_START';
  }
  if (Object.keys(fields).length) throw new AppError('VALIDATION', 400, { detail: Object.keys(fields).join(', ') }, fields);
  return { unit: unit!, kind: f.kind as EventKind, title, place, startsAt: startOk!, endsAt: endOk! };
}

export async function createEvent(db: Kysely<DB>, actor: Actor, f: EventForm): Promise<number> {
  const v = await validate(db, actor, f);
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertEvent(trx, {
      unit_id: v.unit.id,
      kind: v.kind,
      title: v.title,
      place: v.place,
      starts_at: v.startsAt,
      ends_at: v.endsAt,
      checkin_secret: newCheckinSecret(),
      created_by: actor.userId,
      created_at: now,
      updated_at: now,
    });
    await audit(trx, actor, { action: 'event.create', unitId: v.unit.id, targetType: 'event', targetId: id });
    return id;
  });
}

/** The event when it is in the actor's scope for managing events; 404 otherwise. */
export async function managedEvent(db: Kysely<DB>, actor: Actor | undefined, id: number): Promise<EventWithUnit> {
  const ev = await repo.eventById(db, id);
  assertCanAt(actor, EVENT_MANAGE, ev?.unit_path);
  return ev!;
}

export async function updateEvent(db: Kysely<DB>, actor: Actor, id: number, f: EventForm): Promise<void> {
  await managedEvent(db, actor, id);
  const v = await validate(db, actor, f);
  await db.transaction().execute(async (trx) => {
    await repo.updateEvent(trx, id, { unit_id: v.unit.id, kind: v.kind, title: v.title, place: v.place, starts_at: v.startsAt, ends_at: v.endsAt, updated_at: nowIso() });
    await audit(trx, actor, { action: 'event.update', unitId: v.unit.id, targetType: 'event', targetId: id });
  });
}

export type CheckinResult = { kind: 'checked-in' | 'already'; event: EventWithUnit } | { kind: 'sign-in'; event: EventWithUnit };

/**
 * The QR check-in: the token must be this event's and current, and check-in open; then the account is
 * checked in once. Without a session the caller exchanges the token for a pass and sends them to sign in.
 */
export async function checkInByQr(db: Kysely<DB>, actor: Actor | undefined, eventId: number, token: string, now = new Date()): Promise<CheckinResult> {
  const ev = await repo.eventById(db, eventId);
  if (!ev) throw new AppError('NOT_FOUND', 404);
  const verdict = verifyToken(ev, token, now);
  if (verdict === 'invalid') throw new AppError('CHECKIN_TOKEN_INVALID', 400);
  const window = checkinWindow(ev, now);
  if (window === 'before') throw new AppError('CHECKIN_NOT_OPEN', 409);
  if (window === 'after') throw new AppError('CHECKIN_CLOSED', 410);
  if (verdict === 'expired') throw new AppError('CHECKIN_TOKEN_EXPIRED', 410);
  if (!actor) return { kind: 'sign-in', event: ev };
  const added = await repo.addAttendee(db, { eventId: ev.id, userId: actor.userId, method: 'qr', recordedBy: null, at: now.toISOString() });
  return { kind: added ? 'checked-in' : 'already', event: ev };
}

/** The organiser checks in an account of their scope, found by phone. */
export async function checkInByPhone(db: Kysely<DB>, actor: Actor, eventId: number, rawPhone: string): Promise<{ added: boolean; name: string }> {
  const ev = await managedEvent(db, actor, eventId);
  const phone = normalizePhone(rawPhone ?? '');
  if (!phone) throw new AppError('VALIDATION', 400, { detail: 'phone' }, { phone: 'EVENT_PHONE_INVALID' });
  const person = await repo.personByPhoneUnder(db, phone, scopePaths(actor, EVENT_MANAGE));
  if (!person) throw new AppError('VALIDATION', 400, { detail: 'phone' }, { phone: 'EVENT_PERSON_NOT_FOUND' });
  const added = await repo.addAttendee(db, { eventId: ev.id, userId: person.id, method: 'organiser', recordedBy: actor.userId, at: nowIso() });
  if (added) await audit(db, actor, { action: 'event.checkin', unitId: ev.unit_id, targetType: 'event', targetId: ev.id });
  return { added, name: person.full_name };
}

/** Anonymous attendees by age band; `entryKey` (from the form) makes a re-posted form count once. */
export async function addGuestCount(db: Kysely<DB>, actor: Actor, eventId: number, input: { band?: string; count?: string; entryKey?: string }): Promise<{ added: boolean; count: number }> {
  const ev = await managedEvent(db, actor, eventId);
  const fields: Record<string, string> = {};
  if (!(AGE_BANDS as readonly string[]).includes(input.band ?? '')) fields.band = 'EVENT_AGE_BAND_REQUIRED';
  const raw = (input.count ?? '').trim();
  const count = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(count >= 1 && count <= MAX_GUESTS_PER_ENTRY)) fields.count = 'EVENT_COUNT_INVALID';
  const entryKey = (input.entryKey ?? '').trim();
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(entryKey)) throw new AppError('BAD_REQUEST', 400);
  if (Object.keys(fields).length) throw new AppError('VALIDATION', 400, { detail: Object.keys(fields).join(', '), max: MAX_GUESTS_PER_ENTRY }, fields);
  const added = await repo.addGuests(db, { eventId: ev.id, band: input.band as AgeBand, count, entryKey, recordedBy: actor.userId, at: nowIso() });
  if (added) await audit(db, actor, { action: 'event.guests', unitId: ev.unit_id, targetType: 'event', targetId: ev.id, details: { band: input.band, count } });
  return { added, count };
}

export interface Attendance {
  attendees: repo.AttendeeRow[];
  guests: Record<AgeBand, number>;
  named: number;
  guestTotal: number;
  total: number;
}

export async function attendanceOf(db: Kysely<DB>, eventId: number): Promise<Attendance> {
  const attendees = await repo.attendeesOf(db, eventId);
  const guests = await repo.guestsByBand(db, eventId);
  const guestTotal = Object.values(guests).reduce((a, b) => a + b, 0);
  return { attendees, guests, named: attendees.length, guestTotal, total: attendees.length + guestTotal };
}
