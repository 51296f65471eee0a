/**
 * The support log: a team member records the help they gave; the leader reads the team's log, a member their own,
 * unit administrators everything of their units. Idempotent by the entry's client key (generated with the form,
 * or by the phone for an entry kept offline): the same key from the same member stores one entry and answers the
 * same success every time, whether the first try was answered or lost on the way.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { AppError, notFound } from '../../core/errors.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { cleanName, normalizePhone } from '../../core/text.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import { TEAM_MANAGE, isSupportService } from './capabilities.js';
import { removePhoto, sniffImage, storePhoto } from './photos.js';
import * as repo from './repository.js';
import { isCommune, isVillage, managedUnit, summarizeCoverage, type CoverageSummary } from './service.js';
import { isUniqueViolation } from '../../db/database.js';

export const MAX_PEOPLE = 100_000;
export const CLIENT_KEY = /^[A-Za-z0-9-]{16,64}$/;

/** Today in Vietnam's calendar (YYYY-MM-DD). */
export function todayVn(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

function validDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The member's team, or 404: only members record support. */
export async function memberTeam(db: Kysely<DB>, actor: Actor | undefined): Promise<repo.TeamRow> {
  const team = actor ? await repo.teamOfUser(db, actor.userId) : undefined;
  if (!team) throw new AppError('TEAM_NOT_MEMBER', 404);
  return team;
}

/** Where a member may record help: their team's commune and its villages (their own village first). */
export async function placesFor(db: Kysely<DB>, team: repo.TeamRow): Promise<UnitRow[]> {
  const units = (await unitsUnder(db, [team.communePath])).filter((u) => u.id === team.communeId || isVillage(u));
  const own = units.find((u) => u.id === team.unitId);
  const commune = units.find((u) => u.id === team.communeId);
  const others = units.filter((u) => u.id !== team.unitId && u.id !== team.communeId).sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return [own, ...others, commune].filter((u): u is UnitRow => !!u);
}

export type SupportFields = Record<string, string | undefined>;

export interface RecordResult {
  id: number;
  duplicate: boolean;
}

function count(raw: string | undefined): number | undefined {
  const s = (raw ?? '').trim();
  if (!/^-?\d{1,7}$/.test(s)) return undefined;
  return Number(s);
}

/**
 * Records one entry. Fields: khoa (client key), ngay, noi (unit code), dich_vu, so_nguoi, so_yeu_the, ghi_chu,
 * ho_ten, dien_thoai, dong_y ("1" when the person consented). Every problem is reported at once, by field.
 */
export async function recordSupport(
  db: Kysely<DB>,
  config: Pick<Config, 'dataDir' | 'supportPhotoMaxBytes'>,
  actor: Actor | undefined,
  f: SupportFields,
  photo: Buffer | undefined,
): Promise<RecordResult> {
  const team = await memberTeam(db, actor);
  const userId = actor!.userId;
  const clientKey = (f.khoa ?? '').trim();
  if (!CLIENT_KEY.test(clientKey)) throw new AppError('SUPPORT_KEY_INVALID', 400);
  const existing = await repo.entryIdByKey(db, userId, clientKey);
  if (existing !== undefined) return { id: existing, duplicate: true };

  const errors: Record<string, string> = {};
  const day = (f.ngay ?? '').trim();
  if (!validDay(day)) errors.ngay = 'SUPPORT_DAY_INVALID';
  else if (day > todayVn(new Date(Date.now() + 86_400_000)) || day < '2020-01-01') errors.ngay = 'SUPPORT_DAY_OUT_OF_RANGE';

  const placeCode = (f.noi ?? '').trim() || team.unitCode;
  const place = await unitByCode(db, placeCode);
  if (!place || place.retired_at || !place.path.startsWith(team.communePath) || !(isVillage(place) || place.id === team.communeId)) {
    errors.noi = 'SUPPORT_PLACE_OUTSIDE';
  }
  const service = (f.dich_vu ?? '').trim();
  if (!isSupportService(service)) errors.dich_vu = 'SUPPORT_SERVICE_INVALID';

  const people = count(f.so_nguoi);
  const vulnerable = (f.so_yeu_the ?? '').trim() === '' ? 0 : count(f.so_yeu_the);
  if (people === undefined || people < 1 || people > MAX_PEOPLE) errors.so_nguoi = 'SUPPORT_PEOPLE_INVALID';
  if (vulnerable === undefined || vulnerable < 0) errors.so_yeu_the = 'SUPPORT_VULNERABLE_INVALID';
  else if (people !== undefined && vulnerable > people) errors.so_yeu_the = 'SUPPORT_VULNERABLE_MORE_THAN_PEOPLE';

  const note = cleanName(f.ghi_chu ?? '');
  if (note.length > 500) errors.ghi_chu = 'SUPPORT_NOTE_TOO_LONG';

  const consent = f.dong_y === '1' || f.dong_y === 'on';
  const personName = cleanName(f.ho_ten ?? '');
  const rawPhone = (f.dien_thoai ?? '').trim();
  let personPhone: string | null = null;
  if ((personName || rawPhone) && !consent) errors.dong_y = 'SUPPORT_CONSENT_REQUIRED';
  if (personName.length > 200) errors.ho_ten = 'SUPPORT_NAME_TOO_LONG';
  if (rawPhone) {
    personPhone = normalizePhone(rawPhone) ?? null;
    if (!personPhone) errors.dien_thoai = 'SUPPORT_PHONE_INVALID';
  }

  const kind = photo ? sniffImage(photo) : undefined;
  if (photo && photo.length > config.supportPhotoMaxBytes) errors.anh = 'SUPPORT_PHOTO_TOO_LARGE';
  else if (photo && !kind) errors.anh = 'SUPPORT_PHOTO_NOT_IMAGE';

  if (Object.keys(errors).length > 0) {
    throw new AppError(errors.anh === 'SUPPORT_PHOTO_TOO_LARGE' ? 'SUPPORT_PHOTO_TOO_LARGE' : 'SUPPORT_INVALID', errors.anh === 'SUPPORT_PHOTO_TOO_LARGE' ? 413 : 422, { limit: Math.round(config.supportPhotoMaxBytes / 1048576) }, errors);
  }

  const photoKey = photo && kind ? await storePhoto(config.dataDir, photo, kind) : null;
  try {
    const id = await repo.insertEntry(db, {
      teamId: team.id,
      userId,
      unitId: place!.id,
      day,
      service,
      people: people!,
      vulnerable: vulnerable!,
      note: note || null,
      personName: consent && personName ? personName : null,
      personPhone: consent ? personPhone : null,
      consentAt: consent && (personName || personPhone) ? new Date().toISOString() : null,
      photoKey,
      photoType: kind?.type ?? null,
      clientKey,
    });
    return { id, duplicate: false };
  } catch (err) {
    if (photoKey) await removePhoto(config.dataDir, photoKey);
    if (isUniqueViolation(err)) {
      // The same entry arrived twice at once: the other request stored it.
      const id = await repo.entryIdByKey(db, userId, clientKey);
      if (id !== undefined) return { id, duplicate: true };
    }
    throw err;
  }
}

export interface Period {
  from?: string;
  to?: string;
}

export function cleanPeriod(q: { tu?: string; den?: string }): Period {
  return { from: q.tu && validDay(q.tu) ? q.tu : undefined, to: q.den && validDay(q.den) ? q.den : undefined };
}

export const PAGE_SIZE = 50;

/** The member's view: the leader reads the team's log, a member their own entries. */
export async function myLog(db: Kysely<DB>, actor: Actor | undefined, page: number) {
  const team = await memberTeam(db, actor);
  const leader = team.leaderId === actor!.userId;
  const filter = leader ? { teamId: team.id } : { teamId: team.id, userId: actor!.userId };
  const list = await repo.listEntries(db, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const members = await repo.membersOf(db, team.id);
  return { team, leader, members, ...list, page };
}

/** All entries of the teams under the unit (an administrator's unit; 404 outside the scope). */
export async function unitLog(db: Kysely<DB>, actor: Actor | undefined, unitCode: string | undefined, period: Period, page: number) {
  const unit = await defaultUnit(db, actor, unitCode);
  const list = await repo.listEntries(db, { paths: [unit.path], ...period }, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { unit, ...list, page };
}

/** The unit asked for (in scope, else 404), or the actor's widest unit. */
export async function defaultUnit(db: Kysely<DB>, actor: Actor | undefined, unitCode: string | undefined): Promise<UnitRow> {
  if (unitCode) return managedUnit(db, actor, unitCode);
  const [first] = scopePaths(actor, TEAM_MANAGE);
  const units = first ? await unitsUnder(db, [first]) : [];
  const unit = units.find((u) => u.path === first);
  if (!unit) throw notFound();
  return unit;
}

export interface Dashboard {
  unit: UnitRow;
  period: Period;
  totals: repo.Totals;
  byService: Array<repo.Totals & { service: string }>;
  /** By village (a commune's dashboard) or by commune (the city's). */
  byArea: Array<repo.Totals & { unitId: number; name: string }>;
  areaKind: 'village' | 'commune';
  coverage: CoverageSummary;
  /** Villages below the target with their commune's name. */
  below: Array<repo.VillageCoverageRow & { communeName: string }>;
}

export async function dashboard(db: Kysely<DB>, actor: Actor | undefined, unitCode: string | undefined, period: Period): Promise<Dashboard> {
  const unit = await defaultUnit(db, actor, unitCode);
  const areaKind = isCommune(unit) || isVillage(unit) ? 'village' : 'commune';
  const [totals, byService, byArea, villages] = await Promise.all([
    repo.supportTotals(db, unit.path, period),
    repo.supportByService(db, unit.path, period),
    areaKind === 'village' ? repo.supportByPlace(db, unit.path, period) : repo.supportByCommune(db, unit.path, period),
    repo.villageCoverage(db, [unit.path]),
  ]);
  const coverage = summarizeCoverage(villages);
  const communeNames = new Map((await unitsUnder(db, [unit.path])).filter(isCommune).map((u) => [u.id, u.name]));
  if (isCommune(unit)) communeNames.set(unit.id, unit.name);
  const below = coverage.below.map((r) => ({ ...r, communeName: communeNames.get(r.communeId) ?? '' }));
  return { unit, period, totals, byService, byArea, areaKind, coverage, below };
}

/** A photo: the recorder, their team's leader, or an administrator of the team's unit; 404 for anybody else. */
export async function photoFor(db: Kysely<DB>, actor: Actor | undefined, entryId: number) {
  const row = await repo.entryPhoto(db, entryId);
  if (!row || !row.photoKey || !actor) throw notFound();
  const allowed = row.userId === actor.userId || row.leaderId === actor.userId || canAt(actor, TEAM_MANAGE, row.teamPath);
  if (!allowed) throw notFound();
  // The leader must still lead that team.
  if (row.leaderId === actor.userId && row.userId !== actor.userId && !canAt(actor, TEAM_MANAGE, row.teamPath)) {
    const team = await repo.teamOfUser(db, actor.userId);
    if (team?.id !== row.teamId) throw notFound();
  }
  return { key: row.photoKey, type: row.photoType ?? 'application/octet-stream' };
}
