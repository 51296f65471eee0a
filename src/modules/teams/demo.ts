/**
 * Demo teams on the first start (no team yet; DEMO_COURSE=false turns it off with the other demo data): villages
 * and residential groups under Phường Thành Đông and Xã Nam Sách (created when the unit list has none), teams with
 * members (accounts without a password: nobody can sign in as them) and about twenty support entries over the last
 * month. One village meets the target of 3 members, one team is short of it, and two villages have no team, so the
 * coverage pages show each case.
 */
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import { grantRole, insertUser } from '../accounts/repository.js';
import { insertUnit, unitByCode, type UnitRow } from '../units/repository.js';
import type { SupportService } from './capabilities.js';
import { insertEntry, insertMember, insertTeam, updateTeam } from './repository.js';
import { todayVn } from './support.js';

interface DemoVillage {
  code: string;
  name: string;
  type: 'thon' | 'to_dan_pho';
  members: string[];
}

const COMMUNES: Array<{ code: string; villages: DemoVillage[] }> = [
  {
    code: '10507', // Phường Thành Đông
    villages: [
      { code: '10507-TDP01', name: 'Tổ dân phố số 1', type: 'to_dan_pho', members: ['Nguyễn Thị Hồng Nhung', 'Trần Văn Khánh', 'Phạm Minh Đức', 'Lê Thị Thu Trang'] },
      { code: '10507-TDP02', name: 'Tổ dân phố số 2', type: 'to_dan_pho', members: ['Vũ Đình Hải', 'Đỗ Thị Mai'] },
      { code: '10507-TDP03', name: 'Tổ dân phố số 3', type: 'to_dan_pho', members: [] },
    ],
  },
  {
    code: '10606', // Xã Nam Sách
    villages: [
      { code: '10606-MACXA', name: 'Thôn Mạc Xá', type: 'thon', members: ['Hoàng Văn Tuấn', 'Bùi Thị Lan', 'Nguyễn Văn Thắng'] },
      { code: '10606-DONGKHE', name: 'Thôn Đồng Khê', type: 'thon', members: [] },
    ],
  },
];

const SERVICES: SupportService[] = ['vneid', 'online_public_service', 'online_payment', 'e_health_book', 'scam_awareness', 'digital_signature', 'vneid', 'online_public_service', 'other'];
const NOTES: Record<string, string> = {
  vneid: 'Hướng dẫn kích hoạt tài khoản định danh điện tử mức 2 tại nhà văn hóa',
  online_public_service: 'Nộp hồ sơ đăng ký khai sinh, thường trú trên Cổng Dịch vụ công quốc gia',
  online_payment: 'Cài ứng dụng ngân hàng, thanh toán tiền điện, nước bằng mã QR',
  e_health_book: 'Tích hợp sổ sức khỏe điện tử trên VNeID cho người cao tuổi',
  scam_awareness: 'Tuyên truyền nhận diện cuộc gọi giả danh công an, ngân hàng',
  digital_signature: 'Hướng dẫn đăng ký chữ ký số từ xa cho hộ kinh doanh',
  other: 'Hỗ trợ cập nhật ứng dụng và cài đặt bảo mật cho điện thoại',
};

async function villageOf(db: Kysely<DB>, commune: UnitRow, v: DemoVillage): Promise<UnitRow> {
  return (await unitByCode(db, v.code)) ?? insertUnit(db, { code: v.code, name: v.name, type: v.type, parent: commune });
}

/** Creates the demo teams when there is no team at all; returns the number of teams created. */
export async function ensureDemoTeams(db: Kysely<DB>, config: Pick<Config, 'demoCourse'>): Promise<number> {
  if (!config.demoCourse) return 0;
  if (await db.selectFrom('community_teams').select('id').limit(1).executeTakeFirst()) return 0;
  const today = new Date(`${todayVn()}T00:00:00Z`).getTime();
  return db.transaction().execute(async (trx) => {
    let teams = 0;
    let n = 0;
    for (const c of COMMUNES) {
      const commune = await unitByCode(trx, c.code);
      if (!commune) continue;
      for (const v of c.villages) {
        const village = await villageOf(trx, commune, v);
        if (v.members.length === 0) continue;
        const teamId = await insertTeam(trx, { unitId: village.id, name: `Tổ công nghệ số cộng đồng ${v.name}`, createdBy: null });
        teams++;
        const memberIds: number[] = [];
        for (const fullName of v.members) {
          const userId = await insertUser(trx, {
            fullName,
            searchName: searchKey(fullName),
            phone: null,
            email: `${searchKey(fullName).replace(/ /g, '.')}.${village.id}@demo.kynangso.invalid`,
            unitId: village.id,
            targetGroup: 'citizen',
            birthYear: null,
            passwordHash: null,
            consentAt: new Date().toISOString(),
            consentVersion: 'demo',
          });
          await insertMember(trx, { teamId, userId, addedBy: null });
          await grantRole(trx, userId, 'team_member', village.id, null);
          memberIds.push(userId);
        }
        await updateTeam(trx, teamId, { leader_id: memberIds[0] });
        // Five to seven entries per team, spread over the last month.
        for (let i = 0; i < v.members.length + 3 && n < 20; i++, n++) {
          const service = SERVICES[n % SERVICES.length];
          const people = 2 + ((n * 7) % 14);
          const vulnerable = Math.min(people, (n * 3) % 6);
          await insertEntry(trx, {
            teamId,
            userId: memberIds[i % memberIds.length],
            unitId: i === 3 ? commune.id : village.id,
            day: new Date(today - ((n * 3) % 29) * 86_400_000).toISOString().slice(0, 10),
            service,
            people,
            vulnerable,
            note: NOTES[service] ?? null,
            personName: null,
            personPhone: null,
            consentAt: null,
            photoKey: null,
            photoType: null,
            clientKey: crypto.randomUUID(),
          });
        }
      }
    }
    return teams;
  });
}
