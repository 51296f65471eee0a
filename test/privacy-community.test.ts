/**
 * Personal-data rights over the community programmes: a person registered for a contest (with attempts), leading a
 * community team (with support entries), a digital ambassador and a mentee, a household member and an event
 * attendee gets all of it in the JSON export and on the page; once a deletion is carried out none of their name,
 * phone number or ID number remains in those tables, while the contest's and the event's counts stay the same.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.js';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner, makeUnitAdmin, makeVillage, sessionCookie, uniquePhone } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { makeContest } from './helpers/contests.js';
import { addEntry, register } from './helpers/contest-results.js';
import { formatPhone } from '../src/core/text.js';
import { DELETED_NAME } from '../src/modules/privacy/service.js';

let t: TestApp;
let f: Fixture;
before(async () => {
  t = await makeTestApp();
  f = await seed(t.database.db);
});
after(() => t.close());

const NAME = 'Phạm Thị Riêng Tư';
const ID_NUMBER = '031190001234';
const HELPED = { name: 'Lê Văn Được Giúp', phone: '+84912777001' };
const now = () => new Date().toISOString();

interface Fixture {
  person: number;
  phone: string;
  contestId: number;
  eventId: number;
  teamId: number;
  householdId: number;
  mentorRowId: number;
  invitationId: number;
  mentee: number;
}

async function seed(db: Kysely<DB>): Promise<Fixture> {
  const phone = uniquePhone();
  const person = await makeLearner(db, { fullName: NAME, phone, unitCode: '10507' });
  const village = await makeVillage(db, '10507', `V${process.pid % 10000}${Date.now() % 1000}`, 'Tổ dân phố Riêng Tư');

  // Contest: round 1 closed (result shown), round 2 open (result still hidden); another registrant.
  const hour = 3600_000;
  const { contest, rounds } = await makeContest(db, {
    rounds: [
      { opensAt: new Date(Date.now() - 48 * hour), closesAt: new Date(Date.now() - 24 * hour) },
      { opensAt: new Date(Date.now() - hour), closesAt: new Date(Date.now() + 24 * hour) },
    ],
  });
  const reg = await db
    .insertInto('contest_registrations')
    .values({ contest_id: contest.id, user_id: person, full_name: NAME, phone, id_number: ID_NUMBER, unit_id: (await db.selectFrom('units').select('id').where('code', '=', '10507').executeTakeFirstOrThrow()).id, target_group: 'trader', registered_at: now() })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addEntry(db, { ...reg, userId: person }, rounds[0], { correct: 7, finishedAt: new Date(Date.now() - 30 * hour).toISOString() });
  await addEntry(db, { ...reg, userId: person }, rounds[1], { correct: 9 });
  const other = await register(db, contest.id, { fullName: 'Thí Sinh Khác' });
  await addEntry(db, other, rounds[0], { correct: 5, finishedAt: new Date(Date.now() - 30 * hour).toISOString() });

  // Team: the person leads it, with one more member; one support entry with a consenting helped person.
  const teamMate = await makeLearner(db, { fullName: 'Đồng Đội Khác' });
  const team = await db.insertInto('community_teams').values({ unit_id: village, name: 'Tổ công nghệ số Riêng Tư', leader_id: person, created_by: null, created_at: now(), updated_at: now() }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('community_team_members').values([
    { team_id: team.id, user_id: person, added_by: null, joined_at: now() },
    { team_id: team.id, user_id: teamMate, added_by: null, joined_at: now() },
  ]).execute();
  await db
    .insertInto('support_entries')
    .values({ team_id: team.id, user_id: person, unit_id: village, day: '2026-03-14', service: 'vneid', people: 3, vulnerable: 2, note: null, person_name: HELPED.name, person_phone: HELPED.phone, consent_at: now(), photo_key: null, photo_type: null, client_key: 'k-riengtu-1', created_at: now() })
    .execute();

  // Ambassadors: the person is a mentor (one mentee, one open invitation) and the mentee of another mentor.
  const otherMentorUser = await makeLearner(db, { fullName: 'Đỗ Thị Mai' });
  const otherMentor = await db.insertInto('ambassador_mentors').values({ user_id: otherMentorUser, unit_id: village, designated_by: null, created_at: now(), retired_at: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('ambassador_mentees').values({ mentee_id: person, mentor_id: otherMentor.id, invitation_id: null, joined_at: now() }).execute();
  const mentorRow = await db.insertInto('ambassador_mentors').values({ user_id: person, unit_id: village, designated_by: null, created_at: now(), retired_at: null }).returning('id').executeTakeFirstOrThrow();
  const mentee = await makeLearner(db, { fullName: 'Người Được Hướng Dẫn' });
  await db.insertInto('ambassador_mentees').values({ mentee_id: mentee, mentor_id: mentorRow.id, invitation_id: null, joined_at: now() }).execute();
  const invitation = await db
    .insertInto('ambassador_invitations')
    .values({ token: `tok-riengtu-${process.pid}`, mentor_id: mentorRow.id, created_at: now(), expires_at: new Date(Date.now() + 7 * 24 * hour).toISOString(), used_at: null, used_by: null, revoked_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Household: the person and a member without an account, under another head.
  const household = await db
    .insertInto('households')
    .values({ unit_id: village, address: 'Số 5 ngõ 12 phố Riêng Tư', head_name: 'Chủ Hộ Khác', search_text: 'so 5 ngo 12 pho rieng tu chu ho khac', created_by: null, created_at: now(), updated_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('household_members').values([
    { household_id: household.id, user_id: person, full_name: null, birth_year: null, created_at: now() },
    { household_id: household.id, user_id: null, full_name: 'Bà Nội Khác', birth_year: 1940, created_at: now() },
  ]).execute();

  // Event: the person scanned in; someone else was entered by the organiser.
  const event = await db
    .insertInto('events')
    .values({ unit_id: village, kind: 'mot_ngay_hoc_so', title: 'Ngày học số Riêng Tư', place: 'Nhà văn hóa', starts_at: now(), ends_at: new Date(Date.now() + 2 * hour).toISOString(), checkin_secret: 'bi-mat-diem-danh-khong-duoc-lo', created_by: null, created_at: now(), updated_at: now() })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.insertInto('event_attendees').values([
    { event_id: event.id, user_id: person, method: 'qr', recorded_by: null, checked_in_at: now() },
    { event_id: event.id, user_id: teamMate, method: 'organiser', recorded_by: null, checked_in_at: now() },
  ]).execute();

  return { person, phone, contestId: contest.id, eventId: event.id, teamId: team.id, householdId: household.id, mentorRowId: mentorRow.id, invitationId: invitation.id, mentee };
}

test('the export and the page carry the contests, team, support entries, ambassador links, household and events', async () => {
  const db = t.database.db;
  const client = new TestClient(t.app, await sessionCookie(db, f.person));
  const res = await client.get('/api/me/data');
  assert.equal(res.statusCode, 200);
  const c = res.json().community;

  assert.equal(c.contestRegistrations.length, 1);
  assert.deepEqual(
    { ...c.contestRegistrations[0], contest: undefined, registeredAt: undefined },
    { contest: undefined, registeredAt: undefined, fullName: NAME, phone: f.phone, idNumber: ID_NUMBER, unit: { code: '10507', name: 'Phường Thành Đông' }, targetGroup: 'trader' },
  );
  assert.match(c.contestRegistrations[0].contest, /^Cuộc thi Công dân số/);
  assert.deepEqual(
    c.contestAttempts.map((a: { roundNumber: number; round: string; correct: number | null; questionCount: number }) => [a.roundNumber, a.round, a.correct, a.questionCount]),
    [
      [1, 'Vòng 1', 7, 10],
      [2, 'Vòng 2', null, 10],
    ],
    'contest and round named; the open round’s result is still hidden',
  );
  assert.deepEqual(res.json().learning.quizAttempts, [], 'contest attempts are not listed as course quizzes (their percent would leak a hidden result)');

  assert.deepEqual({ ...c.team, since: undefined }, { team: 'Tổ công nghệ số Riêng Tư', village: 'Tổ dân phố Riêng Tư', since: undefined, leader: true });
  assert.equal(c.supportEntries.length, 1);
  assert.deepEqual(
    [c.supportEntries[0].day, c.supportEntries[0].place, c.supportEntries[0].service, c.supportEntries[0].people, c.supportEntries[0].vulnerable, c.supportEntries[0].personName, c.supportEntries[0].personPhone, c.supportEntries[0].hasPhoto],
    ['2026-03-14', 'Tổ dân phố Riêng Tư', 'vneid', 3, 2, HELPED.name, HELPED.phone, false],
  );

  assert.equal(c.ambassador.asMentor.mentees, 1);
  assert.equal(c.ambassador.asMentor.retiredAt, null);
  assert.equal(c.ambassador.asMentor.invitations.length, 1);
  assert.equal(c.ambassador.asMentee.mentor, 'Đỗ Thị Mai');

  assert.deepEqual({ ...c.household, memberSince: undefined }, { address: 'Số 5 ngõ 12 phố Riêng Tư', village: 'Tổ dân phố Riêng Tư', memberSince: undefined });
  assert.deepEqual(
    c.events.map((e: { event: string; kind: string; method: string }) => [e.event, e.kind, e.method]),
    [['Ngày học số Riêng Tư', 'mot_ngay_hoc_so', 'qr']],
  );

  for (const notTheirs of ['Chủ Hộ Khác', 'Bà Nội Khác', 'Người Được Hướng Dẫn', 'Đồng Đội Khác', 'Thí Sinh Khác', `tok-riengtu-${process.pid}`, 'bi-mat-diem-danh']) {
    assert.ok(!res.body.includes(notTheirs), `the export must not contain ${notTheirs}`);
  }

  const page = await client.get('/ca-nhan/du-lieu');
  assert.equal(page.statusCode, 200);
  for (const text of [
    'Cuộc thi',
    'số định danh 031190001234',
    'vòng 1 (Vòng 1)',
    'Trả lời đúng 7/10 câu.',
    'Tổ trưởng Tổ công nghệ số Riêng Tư (Tổ dân phố Riêng Tư)',
    'Bạn đã ghi nhận 1 lượt hỗ trợ',
    '14/03/2026 — Tổ dân phố Riêng Tư: Cài đặt, kích hoạt VNeID, 3 người',
    `Người được hỗ trợ: ${HELPED.name}, ${formatPhone(HELPED.phone)}.`,
    'đang hướng dẫn 1 người, đã tạo 1 lời mời',
    'Người hướng dẫn bạn: Đỗ Thị Mai',
    'Số 5 ngõ 12 phố Riêng Tư, Tổ dân phố Riêng Tư',
    'Ngày học số Riêng Tư (Một ngày học số)',
    'Quét mã QR',
  ]) {
    assert.ok(page.body.includes(text), text);
  }
  assert.ok(!page.body.includes('Trả lời đúng 9/10'), 'the open round’s result is not on the page');
  assert.ok(!page.body.includes('Bà Nội Khác') && !page.body.includes('Chủ Hộ Khác'));
  const en = await client.get('/ca-nhan/du-lieu?lang=en');
  assert.ok(en.body.includes('Leader of Tổ công nghệ số Riêng Tư'), 'English strings');
  assert.ok(en.body.includes('Events attended'));
});

test('carrying out the deletion leaves none of the name, phone or ID number in those tables; counts stay the same', async () => {
  const db = t.database.db;
  const registrants = async () => Number((await db.selectFrom('contest_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', f.contestId).executeTakeFirstOrThrow()).n);
  const entries = async () => Number((await db.selectFrom('contest_entries').select((eb) => eb.fn.countAll<number>().as('n')).where('contest_id', '=', f.contestId).executeTakeFirstOrThrow()).n);
  const attendance = async () => Number((await db.selectFrom('event_attendees').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', f.eventId).executeTakeFirstOrThrow()).n);
  const supportPeople = async () => Number((await db.selectFrom('support_entries').select((eb) => eb.fn.sum<number>('people').as('n')).where('team_id', '=', f.teamId).executeTakeFirstOrThrow()).n);
  const before = [await registrants(), await entries(), await attendance(), await supportPeople()];
  assert.deepEqual(before, [2, 3, 2, 3]);

  const person = new TestClient(t.app, await sessionCookie(db, f.person));
  assert.equal((await person.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' })).statusCode, 303);
  const admin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  assert.equal((await admin.postForm(`/quan-tri/yeu-cau-xoa/${f.person}`, { confirm: 'yes' })).statusCode, 303);

  assert.deepEqual([await registrants(), await entries(), await attendance(), await supportPeople()], before, 'contest, event and support totals unchanged');

  const reg = await db.selectFrom('contest_registrations').selectAll().where('user_id', '=', f.person).executeTakeFirstOrThrow();
  assert.deepEqual([reg.full_name, reg.phone, reg.id_number, reg.target_group], [DELETED_NAME(f.person), null, null, 'trader']);

  assert.equal((await db.selectFrom('community_team_members').select('user_id').where('user_id', '=', f.person).execute()).length, 0);
  assert.equal((await db.selectFrom('community_team_members').select('user_id').where('team_id', '=', f.teamId).execute()).length, 1, 'the other member stays');
  assert.equal((await db.selectFrom('community_teams').select('leader_id').where('id', '=', f.teamId).executeTakeFirstOrThrow()).leader_id, null);
  const entry = await db.selectFrom('support_entries').selectAll().where('team_id', '=', f.teamId).executeTakeFirstOrThrow();
  assert.deepEqual([entry.user_id, entry.person_name, entry.person_phone], [f.person, HELPED.name, HELPED.phone], 'the entry and the helped person’s own data stay');

  assert.equal((await db.selectFrom('ambassador_mentees').select('mentee_id').where('mentee_id', '=', f.person).execute()).length, 0, 'no longer a mentee');
  assert.ok((await db.selectFrom('ambassador_mentors').select('retired_at').where('id', '=', f.mentorRowId).executeTakeFirstOrThrow()).retired_at, 'retired as a mentor');
  assert.equal((await db.selectFrom('ambassador_mentees').select('mentee_id').where('mentor_id', '=', f.mentorRowId).execute()).length, 0, 'their mentee released');
  assert.ok((await db.selectFrom('ambassador_invitations').select('revoked_at').where('id', '=', f.invitationId).executeTakeFirstOrThrow()).revoked_at, 'open invitation revoked');

  assert.equal((await db.selectFrom('household_members').select('id').where('user_id', '=', f.person).execute()).length, 0);
  assert.deepEqual(
    (await db.selectFrom('household_members').select('full_name').where('household_id', '=', f.householdId).execute()).map((m) => m.full_name),
    ['Bà Nội Khác'],
    'the household and its other member stay',
  );
  assert.equal((await db.selectFrom('event_attendees').select('user_id').where('user_id', '=', f.person).execute()).length, 1, 'attendance points at the anonymized account');

  // Nothing identifying left anywhere in the community tables (nor in the account).
  const national = '0' + f.phone.slice(3);
  const tables = ['users', 'contest_registrations', 'contest_entries', 'community_teams', 'community_team_members', 'support_entries', 'ambassador_mentors', 'ambassador_invitations', 'ambassador_mentees', 'households', 'household_members', 'events', 'event_attendees'] as const;
  for (const table of tables) {
    const dump = JSON.stringify(await db.selectFrom(table).selectAll().execute());
    for (const needle of [NAME, f.phone, national, ID_NUMBER]) {
      assert.ok(!dump.includes(needle), `${table} still holds ${needle === NAME ? 'the name' : needle === ID_NUMBER ? 'the ID number' : 'the phone number'}`);
    }
  }
});

test('a person who heads their household: the head name is replaced too; another household with the same address is untouched', async () => {
  const db = t.database.db;
  const head = await makeLearner(db, { fullName: 'Trương Văn Chủ Hộ', unitCode: '10507' });
  const village = (await db.selectFrom('households').select('unit_id').where('id', '=', f.householdId).executeTakeFirstOrThrow()).unit_id;
  const mk = (headName: string) =>
    db.insertInto('households').values({ unit_id: village, address: 'Số 9 phố Chủ Hộ', head_name: headName, search_text: 'x', created_by: null, created_at: now(), updated_at: now() }).returning('id').executeTakeFirstOrThrow();
  const own = await mk('Trương Văn Chủ Hộ');
  const neighbour = await mk('Người Hàng Xóm');
  await db.insertInto('household_members').values({ household_id: own.id, user_id: head, full_name: null, birth_year: null, created_at: now() }).execute();

  await new TestClient(t.app, await sessionCookie(db, head)).postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' });
  const admin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  assert.equal((await admin.postForm(`/quan-tri/yeu-cau-xoa/${head}`, { confirm: 'yes' })).statusCode, 303);

  const rows = await db.selectFrom('households').select(['id', 'head_name', 'search_text']).where('id', 'in', [own.id, neighbour.id]).orderBy('id').execute();
  assert.deepEqual(rows.map((r) => r.head_name), [DELETED_NAME(head), 'Người Hàng Xóm']);
  assert.ok(!rows[0].search_text.includes('truong van chu ho'));
});
