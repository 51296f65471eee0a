/**
 * Demo digital families loaded on the first start (no household yet; DEMO_COURSE=false turns it off): 20 households
 * in Tổ dân phố số 1 and số 2 of Phường Thành Đông (the same demo villages as the teams module: found by code, or
 * created), with members — some with an account, some only a name and a birth year.
 *
 * In 7 households one member learns: when the city has a basic digital skills rule, they complete its courses and the
 * households count as digital families; without a rule nobody can meet it (the coverage page says so), and they
 * complete the first published course instead, so the families count as soon as a rule with that course is saved.
 * Demo accounts have no password and an e-mail in the reserved .invalid domain.
 */
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import { insertUnit, unitByCode } from '../units/repository.js';
import { completeCourse, demoPerson, meetRuleForDemo } from '../ambassadors/demo.js';

type Member = [name: string, birthYear: number, account: boolean, learns?: boolean];
type Household = [address: string, members: Member[]];

const VILLAGES: Array<{ code: string; name: string; households: Household[] }> = [
  {
    code: '10507-TDP01',
    name: 'Tổ dân phố số 1',
    households: [
      ['Số 3 ngõ 12 đường Thanh Niên', [['Nguyễn Văn Hải', 1968, true, true], ['Trần Thị Loan', 1971, false], ['Nguyễn Thu Trang', 1998, true]]],
      ['Số 5 ngõ 12 đường Thanh Niên', [['Phạm Văn Khải', 1955, false], ['Lê Thị Gấm', 1958, false]]],
      ['Số 8 ngõ 12 đường Thanh Niên', [['Vũ Thị Huyền', 1980, true], ['Vũ Đức Anh', 2005, true, true]]],
      ['Số 14 phố Chi Lăng', [['Đỗ Văn Thành', 1962, true], ['Đỗ Thị Nụ', 1965, false]]],
      ['Số 21 phố Chi Lăng', [['Hoàng Thị Mến', 1949, false]]],
      ['Số 27 phố Chi Lăng', [['Bùi Văn Tùng', 1975, true, true], ['Bùi Thị Hoa', 1978, true], ['Bùi Minh Châu', 2010, false]]],
      ['Số 2 ngõ 40 phố Chi Lăng', [['Ngô Văn Dũng', 1959, false], ['Ngô Thị Thắm', 1962, false]]],
      ['Số 6 ngõ 40 phố Chi Lăng', [['Lưu Thị Hường', 1988, true, true]]],
      ['Số 9 ngõ 40 phố Chi Lăng', [['Đinh Văn Phúc', 1970, true], ['Đinh Thị Vân', 1972, false]]],
      ['Số 11 ngõ 40 phố Chi Lăng', [['Tô Văn Lực', 1945, false], ['Tô Thị Sen', 1948, false]]],
      ['Số 15 ngõ 40 phố Chi Lăng', [['Quách Thị Mơ', 1983, true]]],
    ],
  },
  {
    code: '10507-TDP02',
    name: 'Tổ dân phố số 2',
    households: [
      ['Số 4 phố Nguyễn Văn Tố', [['Lý Văn Minh', 1966, true, true], ['Lý Thị Hồng', 1969, false]]],
      ['Số 10 phố Nguyễn Văn Tố', [['Chu Thị Liên', 1952, false]]],
      ['Số 18 phố Nguyễn Văn Tố', [['Kiều Văn Bình', 1977, true], ['Kiều Thị Phương', 1979, true, true]]],
      ['Số 1 ngõ 7 phố Nguyễn Văn Tố', [['Hà Văn Tâm', 1960, false], ['Hà Thị Thoa', 1963, false]]],
      ['Số 3 ngõ 7 phố Nguyễn Văn Tố', [['Dương Văn Quyết', 1985, true]]],
      ['Số 5 ngõ 7 phố Nguyễn Văn Tố', [['Văn Thị Xuân', 1990, true, true], ['Văn Đức Nam', 2012, false]]],
      ['Số 9 ngõ 7 phố Nguyễn Văn Tố', [['Tăng Văn Được', 1947, false]]],
      ['Số 22 phố Nguyễn Văn Tố', [['Giang Thị Hà', 1973, true], ['Giang Văn Lâm', 1970, false]]],
      ['Số 30 phố Nguyễn Văn Tố', [['Khúc Thị Nhàn', 1958, false], ['Khúc Văn Hậu', 1994, true]]],
    ],
  },
];

/** Creates the demo households when there is none; returns the number created. */
export async function ensureDemoFamilies(db: Kysely<DB>, config: Pick<Config, 'demoCourse'>): Promise<number> {
  if (!config.demoCourse) return 0;
  if (await db.selectFrom('households').select('id').limit(1).executeTakeFirst()) return 0;
  const commune = await unitByCode(db, '10507');
  if (!commune) return 0;
  const firstCourse = await db.selectFrom('courses').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirst();
  return db.transaction().execute(async (trx) => {
    let created = 0;
    let n = 0;
    for (const v of VILLAGES) {
      const village = (await unitByCode(trx, v.code)) ?? (await insertUnit(trx, { code: v.code, name: v.name, type: 'to_dan_pho', parent: commune }));
      for (const [address, members] of v.households) {
        const head = members[0][0];
        const now = new Date().toISOString();
        const { id: householdId } = await trx
          .insertInto('households')
          .values({ unit_id: village.id, address, head_name: head, search_text: searchKey(`${head} ${address}`), created_by: null, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        created++;
        for (const [name, birthYear, account, learns] of members) {
          n++;
          if (!account) {
            await trx.insertInto('household_members').values({ household_id: householdId, user_id: null, full_name: name, birth_year: birthYear, created_at: now }).execute();
            continue;
          }
          const userId = await demoPerson(trx, `gia-dinh-so.${n}`, name, village, birthYear);
          await trx.insertInto('household_members').values({ household_id: householdId, user_id: userId, full_name: null, birth_year: null, created_at: now }).execute();
          if (learns && !(await meetRuleForDemo(trx, userId)) && firstCourse) await completeCourse(trx, firstCourse.id, userId);
        }
      }
    }
    return created;
  });
}
