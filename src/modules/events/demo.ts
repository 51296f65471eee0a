/**
 * Demo learning days and events (first start, when there is no event yet): under Phường Thành Đông (10507) and
 * Xã Nam Sách (10606), in their villages (the existing ones, or "Tổ dân phố số 1…4" / "Thôn …" created when the
 * commune has none): a "Một ngày học số" happening today (check-in open, so the QR page shows a code), past ones
 * this month with attendance (accounts and anonymous counts by age band), a "Ngày thứ Bẩy thân thiện" next week.
 * One village of each commune has no learning day this month, so the dashboard lists it.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import { insertUnit, unitByCode, type UnitRow } from '../units/repository.js';
import { VILLAGE_TYPES } from '../units/types.js';
import { insertUser } from '../accounts/repository.js';
import { newCheckinSecret } from './token.js';
import { AGE_BANDS } from './repository.js';

const DAY = 86_400_000;

async function villagesOf(db: Kysely<DB>, commune: UnitRow, fallback: Array<[code: string, name: string, type: string]>): Promise<UnitRow[]> {
  const existing = await db.selectFrom('units').selectAll().where('parent_id', '=', commune.id).where('type', 'in', VILLAGE_TYPES).where('retired_at', 'is', null).orderBy('name').execute();
  if (existing.length >= 2) return existing;
  const out = [...existing];
  for (const [code, name, type] of fallback) {
    if (out.some((u) => u.code === code)) continue;
    out.push((await unitByCode(db, code)) ?? (await insertUnit(db, { code, name, type, parent: commune })));
  }
  return out;
}

const PEOPLE = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Phạm Thị Hoa', 'Lê Văn Tuấn', 'Vũ Thị Mai', 'Đỗ Văn Nam', 'Hoàng Thị Thu', 'Bùi Văn Long'];

export async function ensureDemoEvents(db: Kysely<DB>, config: Config, now = new Date()): Promise<number | null> {
  if (!config.demoCourse) return null;
  const any = await db.selectFrom('events').select('id').limit(1).executeTakeFirst();
  if (any) return null;
  const thanhDong = await unitByCode(db, '10507');
  const namSach = await unitByCode(db, '10606');
  if (!thanhDong || !namSach) return null;
  const tdVillages = await villagesOf(db, thanhDong, [
    ['10507-TDP01', 'Tổ dân phố số 1', 'to_dan_pho'],
    ['10507-TDP02', 'Tổ dân phố số 2', 'to_dan_pho'],
    ['10507-TDP03', 'Tổ dân phố số 3', 'to_dan_pho'],
    ['10507-TDP04', 'Tổ dân phố số 4', 'to_dan_pho'],
  ]);
  const nsVillages = await villagesOf(db, namSach, [
    ['10606-T01', 'Thôn Đông Hải', 'thon'],
    ['10606-T02', 'Thôn Nam Giang', 'thon'],
    ['10606-T03', 'Thôn Thượng Đạt', 'thon'],
  ]);
  const iso = (ms: number) => new Date(ms).toISOString();
  const t0 = now.getTime();
  const ts = iso(t0);
  // Demo attendees: accounts without a password (nobody can sign in as them), phones in a reserved demo range.
  const userIds: number[] = [];
  for (const [i, name] of PEOPLE.entries()) {
    const phone = `+8498800${String(1000 + i).slice(-4)}`;
    const found = await db.selectFrom('users').select('id').where('phone', '=', phone).executeTakeFirst();
    userIds.push(
      found?.id ??
        (await insertUser(db, {
          fullName: name,
          searchName: searchKey(name),
          phone,
          email: null,
          unitId: tdVillages[i % tdVillages.length].id,
          targetGroup: 'citizen' as never,
          birthYear: 1950 + i * 7,
          passwordHash: null,
          consentAt: ts,
          consentVersion: config.privacyPolicyVersion,
        })),
    );
  }
  type Plan = { unit: UnitRow; kind: string; title: string; place: string; start: number; hours: number; attendees: number[]; guests: number[] };
  const plans: Plan[] = [
    { unit: tdVillages[0], kind: 'mot_ngay_hoc_so', title: 'Một ngày học số: cài đặt và kích hoạt VNeID', place: `Nhà văn hóa ${tdVillages[0].name}`, start: t0 - 30 * 60_000, hours: 3, attendees: [0, 1, 2], guests: [2, 5, 8, 6] },
    { unit: tdVillages[1], kind: 'mot_ngay_hoc_so', title: 'Một ngày học số: nộp hồ sơ dịch vụ công trực tuyến', place: `Nhà văn hóa ${tdVillages[1].name}`, start: t0 - 2 * DAY, hours: 3, attendees: [3, 4], guests: [0, 4, 7, 9] },
    { unit: tdVillages[2], kind: 'thu_bay_than_thien', title: 'Ngày thứ Bẩy thân thiện: thanh toán không dùng tiền mặt', place: 'Chợ Thành Đông', start: t0 + 6 * DAY, hours: 4, attendees: [], guests: [] },
    { unit: nsVillages[0], kind: 'mot_ngay_hoc_so', title: 'Một ngày học số: nhận diện lừa đảo qua điện thoại', place: `Nhà văn hóa ${nsVillages[0].name}`, start: t0 - 1 * DAY, hours: 2, attendees: [5, 6], guests: [3, 6, 10, 12] },
    { unit: namSach, kind: 'other', title: 'Hội nghị tập huấn Tổ công nghệ số cộng đồng', place: 'Hội trường UBND xã Nam Sách', start: t0 - 3 * DAY, hours: 4, attendees: [7], guests: [0, 12, 15, 3] },
  ];
  let first: number | null = null;
  for (const p of plans) {
    const { id } = await db
      .insertInto('events')
      .values({ unit_id: p.unit.id, kind: p.kind, title: p.title, place: p.place, starts_at: iso(p.start), ends_at: iso(p.start + p.hours * 3600_000), checkin_secret: newCheckinSecret(), created_by: null, created_at: ts, updated_at: ts })
      .returning('id')
      .executeTakeFirstOrThrow();
    first ??= id;
    for (const [k, i] of p.attendees.entries()) {
      await db.insertInto('event_attendees').values({ event_id: id, user_id: userIds[i], method: k % 2 ? 'organiser' : 'qr', recorded_by: null, checked_in_at: iso(Math.min(t0, p.start + (k + 1) * 60_000)) }).execute();
    }
    for (const [b, n] of p.guests.entries()) {
      if (n > 0) await db.insertInto('event_guest_counts').values({ event_id: id, age_band: AGE_BANDS[b], count: n, entry_key: `demo-${id}-${b}-000000000000`, recorded_by: null, recorded_at: ts }).execute();
    }
  }
  return first;
}
