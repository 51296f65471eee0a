/**
 * A dataset that reproduces the figures of the seed report's section I, for the year 2025 (period 2025-01-01 to
 * 2026-01-01): the four classes of the Department of Science and Technology (45,344 / 11,749 / 1,294 / 1,454
 * learners, archived = held), three running classes (11,138 accounts), six courses of the education department
 * (30,835 learners), 21,235 public servants from all 128 units (114 communes + 14 departments), the contest
 * (311,243 registrants from 114/114 communes, 5,078,387 visits, 10 collective and 11 individual awards), the
 * community teams (16,500 people helped, 350 elderly), 12 SCORM and 19 video lessons, and the filings (120 articles
 * by the department, 6,000 by the others).
 *
 * Rows are generated in SQL (INSERT … SELECT over a number sequence: a recursive CTE on SQLite, generate_series on
 * PostgreSQL), never one statement per row: the 311,243 contestants load in seconds.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { Dialect } from '../../src/db/database.js';
import { unitId } from './factories.js';
import { makeCourse } from './learning.js';
import { makeContest } from './contests.js';
import { COMMUNE_TYPES } from '../../src/modules/units/types.js';

export const SEED = {
  classes: [45_344, 11_749, 1_294, 1_454],
  running: 11_138,
  partner: 30_835,
  partnerCourses: 6,
  publicServants: 21_235,
  units: 128,
  communes: 114,
  departments: 14,
  contestants: 311_243,
  visits: 5_078_387,
  awardsCollective: 10,
  awardsIndividual: 11,
  attempts: 2_468,
  peopleHelped: 16_500,
  elderly: 350,
  scorm: 12,
  video: 19,
  articlesAgency: 120,
  articlesOthers: 6_000,
  contestTitle: 'Công dân số Hải Phòng - sử dụng thông minh - sống an toàn',
  period: { from: '2025-01-01', to: '2026-01-01' },
};

const TS = "'2025-10-15T03:00:00.000Z'";
const lit = (s: string) => sql.raw(s);

/** `with recursive seq(k) as (…)` producing 1..n. */
function seq(dialect: Dialect, n: number): RawBuilder<unknown> {
  return dialect === 'postgres'
    ? sql`with recursive seq(k) as (select generate_series(1, ${lit(String(n))}))`
    : sql`with recursive seq(k) as (select 1 union all select k + 1 from seq where k < ${lit(String(n))})`;
}

export interface SeedResult {
  agencyUnitId: number;
  classIds: number[];
  runningIds: number[];
  partnerIds: number[];
  contestId: number;
}

export async function loadSeedDataset(db: Kysely<DB>, dialect: Dialect): Promise<SeedResult> {
  const units = await db.selectFrom('units').select(['id', 'type', 'code']).where('depth', '=', 1).where('retired_at', 'is', null).orderBy('id').execute();
  const communes = units.filter((u) => (COMMUNE_TYPES as string[]).includes(u.type));
  const depts = units.filter((u) => u.type === 'so_nganh');
  if (communes.length !== SEED.communes || depts.length !== SEED.departments) throw new Error(`unit tree: ${communes.length} communes, ${depts.length} departments`);
  const agency = await unitId(db, 'SKHCN');
  await db.updateTable('units').set({ population: 4_600_000 }).where('code', '=', '31').execute();

  // Courses: 4 held (archived) + 3 running of the department, 6 of the education department; 12 SCORM + 19 videos.
  const classTitles = [
    'Tập huấn, hướng dẫn cho cán bộ chuyên trách công nghệ thông tin, cán bộ, công chức, viên chức trong cơ quan nhà nước thành phố Hải Phòng',
    'Chuyển đổi số cho người dân và doanh nghiệp trên địa bàn thành phố',
    'Hướng dẫn sử dụng bộ tài khoản tích hợp ứng dụng văn phòng',
    'Bồi dưỡng kỹ năng số cho cán bộ công chức, viên chức, tổ công nghệ số cộng đồng thành phố Hải Phòng',
  ];
  const classIds: number[] = [];
  for (const [i, title] of classTitles.entries()) {
    const activities = i === 0 ? Array.from({ length: 12 }, () => ({ type: 'scorm' })) : i === 3 ? Array.from({ length: 19 }, () => ({ type: 'video' })) : undefined;
    classIds.push((await makeCourse(db, { title, hostUnitCode: 'SKHCN', status: 'archived', activities })).courseId);
  }
  const runningIds: number[] = [];
  for (const title of ['Tập huấn khai thác, sử dụng Hệ thống Chính quyền số thành phố', 'Tập huấn quản trị Hệ thống Chính quyền số thành phố', 'Tập huấn sử dụng Hệ thống Chính quyền số thành phố cho người dân và doanh nghiệp'])
    runningIds.push((await makeCourse(db, { title, hostUnitCode: 'SKHCN', status: 'published' })).courseId);
  const partnerIds: number[] = [];
  for (const title of ['Giáo dục bảo vệ môi trường cho trẻ em lứa tuổi mầm non', 'Giáo dục đạo đức nghề nghiệp cho giáo viên mầm non', 'Giáo dục giới tính', 'Hướng dẫn, hỗ trợ đồng nghiệp phát triển chuyên môn, nghiệp vụ', 'Bồi dưỡng về tư vấn tâm lý cho học sinh THCS', 'Bồi dưỡng bình đẳng giới'])
    partnerIds.push((await makeCourse(db, { title, hostUnitCode: 'SGDDT', status: 'published' })).courseId);

  // People: k = 1..311,243, unit = the (k mod 128)-th unit; the first 21,235 are public servants.
  const map = units.map((u, i) => `(${i}, ${u.id})`).join(', ');
  const N = SEED.contestants;
  const before = await db.selectFrom('users').select((eb) => eb.fn.max('id').as('m')).executeTakeFirstOrThrow();
  await sql`${seq(dialect, N)}, um(idx, unit_id) as (values ${lit(map)})
    insert into users (full_name, search_name, phone, email, unit_id, target_group, birth_year, password_hash, status, consent_at, consent_version, failed_logins, created_at, updated_at)
    select 'Học viên ' || k, 'hoc vien ' || k, null, null, um.unit_id,
      case when k <= ${lit(String(SEED.publicServants))} then 'public_servant' else 'citizen' end,
      1950 + (k % 60), null, 'active', ${lit(TS)}, 'test', 0, ${lit(TS)}, ${lit(TS)}
    from seq join um on um.idx = k % ${lit(String(units.length))}`.execute(db);
  const offset = Number(before.m ?? 0);

  // Enrolments by ranges of k.
  const [c1, c2, c3, c4] = SEED.classes;
  const b1 = c1, b2 = b1 + c2, b3 = b2 + c3, b4 = b3 + c4, b5 = b4 + SEED.running, b6 = b5 + SEED.partner;
  const k = `(users.id - ${offset})`;
  const course = `case when ${k} <= ${b1} then ${classIds[0]} when ${k} <= ${b2} then ${classIds[1]} when ${k} <= ${b3} then ${classIds[2]} when ${k} <= ${b4} then ${classIds[3]}
    when ${k} <= ${b5} then (case ${k} % 3 when 0 then ${runningIds[0]} when 1 then ${runningIds[1]} else ${runningIds[2]} end)
    else (case ${k} % 6 ${partnerIds.map((id, i) => `when ${i} then ${id}`).join(' ')} end) end`;
  await sql`insert into enrolments (course_id, user_id, source, enrolled_by, status, enrolled_at, started_at, completed_at, left_at)
    select ${lit(course)}, users.id, 'self', null,
      case when ${lit(k)} % 2 = 0 then 'completed' else 'active' end,
      ${lit("'2025-03-10T02:00:00.000Z'")}, null,
      ${lit(`case when ${k} % 2 = 0 then '2025-06-10T02:00:00.000Z' else null end${dialect === 'postgres' ? '::timestamptz' : ''}`)}, null
    from users where users.id > ${lit(String(offset))} and users.id <= ${lit(String(offset + b6))}`.execute(db);

  // The contest: organised by the department; every person registers (registration carries the person's unit).
  const { contest, rounds, quizId } = await makeContest(db, {
    unitCode: 'SKHCN',
    rounds: [{ opensAt: new Date('2025-10-07T01:00:00Z'), closesAt: new Date('2025-11-07T01:00:00Z'), attemptsAllowed: 1 }],
  });
  await db.updateTable('contests').set({ title: SEED.contestTitle }).where('id', '=', contest.id).execute();
  await sql`insert into contest_registrations (contest_id, user_id, full_name, phone, id_number, unit_id, target_group, registered_at)
    select ${lit(String(contest.id))}, users.id, users.full_name, null, null, users.unit_id, users.target_group, ${lit(TS)}
    from users where users.id > ${lit(String(offset))}`.execute(db);
  // Visits: 30 days of 163,000 and one of 188,387.
  const days = Array.from({ length: 31 }, (_, i) => `('2025-10-${String(i + 1).padStart(2, '0')}', ${i === 30 ? SEED.visits - 30 * 163_000 : 163_000})`).join(', ');
  await sql`with x(d, v) as (values ${lit(days)}) insert into contest_visits (contest_id, day, visits) select ${lit(String(contest.id))}, d, v from x`.execute(db);
  // Attempts of the first 2,468 contestants.
  await sql`insert into quiz_attempts (quiz_id, user_id, context_type, context_id, number, state, started_at, deadline_at, finished_at, finish_reason, score, max_score, percent, passed, updated_at)
    select ${lit(String(quizId))}, users.id, 'contest', ${lit(String(rounds[0].id))}, 1, 'finished', ${lit(TS)}, null, ${lit(TS)}, 'submitted', 8, 10, 80, null, ${lit(TS)}
    from users where users.id > ${lit(String(offset))} and users.id <= ${lit(String(offset + SEED.attempts))}`.execute(db);
  await sql`insert into contest_entries (attempt_id, contest_id, round_id, registration_id, unit_id, prediction, correct, question_count, duration_ms, finished_at)
    select qa.id, r.contest_id, ${lit(String(rounds[0].id))}, r.id, r.unit_id, 1000, 8, 10, 300000, ${lit(TS)}
    from quiz_attempts qa join contest_registrations r on r.user_id = qa.user_id and r.contest_id = ${lit(String(contest.id))}
    where qa.quiz_id = ${lit(String(quizId))}`.execute(db);
  // Awards: 10 collective (units), 11 individual, confirmed.
  const now = '2025-11-20T03:00:00.000Z';
  const collective = await db
    .insertInto('contest_prizes')
    .values({ contest_id: contest.id, round_id: null, kind: 'collective', name: 'Giấy khen tập thể', rank_order: 1, quantity: 10, reward: 'Giấy khen', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const individual = await db
    .insertInto('contest_prizes')
    .values({ contest_id: contest.id, round_id: null, kind: 'individual', name: 'Giấy khen cá nhân', rank_order: 2, quantity: 11, reward: 'Giấy khen', created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const regs = await db.selectFrom('contest_registrations').select(['id', 'unit_id']).where('contest_id', '=', contest.id).orderBy('id').limit(11).execute();
  await db
    .insertInto('contest_awards')
    .values([
      ...communes.slice(0, 10).map((u, i) => ({ prize_id: collective.id, registration_id: null, unit_id: u.id, place: i + 1, status: 'confirmed', code: `TT-${i + 1}`, confirmed_by: null, confirmed_at: now, created_at: now })),
      ...regs.map((r, i) => ({ prize_id: individual.id, registration_id: r.id, unit_id: null, place: i + 1, status: 'confirmed', code: `CN-${i + 1}`, confirmed_by: null, confirmed_at: now, created_at: now })),
    ])
    .execute();

  // Community: a team in Phường Ngô Quyền, 100 support entries of 165 people, 50 of them with 7 elderly.
  const ward = await unitId(db, '11329');
  const member = offset + 1;
  const team = await db
    .insertInto('community_teams')
    .values({ unit_id: ward, name: 'Tổ công nghệ số cộng đồng tổ dân phố số 1', leader_id: member, created_by: null, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('community_team_members').values({ team_id: team.id, user_id: member, added_by: null, joined_at: '2025-02-01T00:00:00.000Z' }).execute();
  await db
    .insertInto('support_entries')
    .values(
      Array.from({ length: 100 }, (_, i) => ({
        team_id: team.id,
        user_id: member,
        unit_id: ward,
        day: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15`,
        service: 'vneid',
        people: 165,
        vulnerable: i < 50 ? 7 : 0,
        note: null,
        person_name: null,
        person_phone: null,
        consent_at: null,
        photo_key: null,
        photo_type: null,
        client_key: `seed-${i}`,
        created_at: now,
      })),
    )
    .execute();

  // Filings: one accepted yearly filing per unit; the department 120 articles, the 127 others 6,000 together.
  const figures = JSON.stringify([
    { code: 'articles', labelVi: 'Tin bài đã đăng', labelEn: 'News articles published', kind: 'count', required: true },
    { code: 'banners', labelVi: 'Pano, băng rôn', labelEn: 'Posters and banners', kind: 'count', required: true },
  ]);
  const form = await db.insertInto('filing_forms').values({ name: 'Số liệu năm', figures, created_by: null, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  const period = await db
    .insertInto('filing_periods')
    .values({ form_id: form.id, kind: 'year', name: 'Năm 2025', starts_on: '2025-01-01', ends_on: '2025-12-31', deadline: '2026-01-10', figures, created_by: null, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  const others = units.filter((u) => u.id !== agency);
  const per = Math.floor(SEED.articlesOthers / others.length);
  for (const u of units) {
    const f = await db
      .insertInto('filings')
      .values({ period_id: period.id, unit_id: u.id, status: 'accepted', revision: 1, submitted_at: now, decided_at: now, decided_by: null, created_by: null, updated_by: null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const i = others.findIndex((o) => o.id === u.id);
    const articles = u.id === agency ? SEED.articlesAgency : per + (i < SEED.articlesOthers - per * others.length ? 1 : 0);
    await db.insertInto('filing_values').values([
      { filing_id: f.id, code: 'articles', number_value: articles, text_value: null },
      { filing_id: f.id, code: 'banners', number_value: 10, text_value: null },
    ]).execute();
  }
  return { agencyUnitId: agency, classIds, runningIds, partnerIds, contestId: contest.id };
}
