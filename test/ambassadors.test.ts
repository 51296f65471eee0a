/**
 * Digital ambassadors: unit administrators designate mentors of their scope; a mentor's invitation (link + QR) is
 * accepted once, by someone signed in (or signing up from it) who is not the mentor and has no mentor yet — expired,
 * reused, own invitations are refused with nothing changed; a mentor sees the progress of their own mentees and of
 * nobody else (404); the unit and city network views count mentors, mentees against the target and completion.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makePerson, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { enrol, makeCourse } from './helpers/learning.js';
import { reportProgress } from './helpers/completion.js';
import { communityFigures } from '../src/modules/ambassadors/figures.js';

let t: TestApp;
const c: Record<string, TestClient> = {};
const ids: Record<string, number> = {};
const phones: Record<string, string> = { mentorA: '0912 100 001', mentorB: '0912 100 002', stranger: '0912 100 003', learner: '0912 100 004' };

const db = () => t.database.db;
const count = async (table: 'ambassador_mentees' | 'ambassador_mentors') =>
  Number((await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const invitationRow = (id: number) => db().selectFrom('ambassador_invitations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

async function newInvitation(mentor: TestClient): Promise<{ id: number; token: string }> {
  const res = await mentor.postForm('/dai-su-so/loi-moi', {});
  assert.equal(res.statusCode, 303, res.body);
  const id = Number(/\/dai-su-so\/ma-moi\/(\d+)\?moi=1$/.exec(res.headers.location as string)![1]);
  const page = await mentor.get(res.headers.location as string);
  assert.equal(page.statusCode, 200);
  const token = /\/loi-moi\/([A-Za-z0-9_-]{20,})/.exec(page.body)![1];
  return { id, token };
}

before(async () => {
  t = await makeTestApp();
  ids.adminA = await makeUnitAdmin(db(), '10507');
  ids.adminB = await makeUnitAdmin(db(), '10525');
  ids.city = await makeCityAdmin(db());
  ids.mentorA = await makePerson(db(), { fullName: 'Đỗ Thị Mai', unitCode: '10507', phone: '+84912100001' });
  ids.mentorB = await makePerson(db(), { fullName: 'Vũ Văn Hùng', unitCode: '10525', phone: '+84912100002' });
  ids.stranger = await makePerson(db(), { fullName: 'Ngô Văn Lạ', unitCode: '10525', phone: '+84912100003' });
  ids.learner = await makePerson(db(), { fullName: 'Bùi Thị Lan', unitCode: '10507', phone: '+84912100004', password: 'mat-khau-cua-lan' });
  for (const k of ['adminA', 'adminB', 'city', 'mentorA', 'mentorB', 'stranger']) c[k] = new TestClient(t.app, await sessionCookie(db(), ids[k]));
});
after(() => t.close());

test('a unit administrator designates mentors of their own scope only; duplicates and strangers are refused', async () => {
  // Not an administrator: no page at all.
  assert.equal((await c.mentorA.get('/quan-tri/dai-su-so')).statusCode, 404);
  assert.equal((await c.mentorA.postForm('/quan-tri/dai-su-so', { login: phones.mentorA })).statusCode, 404);

  const out = await c.adminA.postForm('/quan-tri/dai-su-so', { login: phones.mentorB });
  assert.equal(out.statusCode, 422, 'a person of another commune is answered like nobody');
  assert.match(out.body, /Không tìm thấy tài khoản đang hoạt động này trong các đơn vị bạn quản lý/);
  assert.equal(await count('ambassador_mentors'), 0);

  const ok = await c.adminA.postForm('/quan-tri/dai-su-so', { login: phones.mentorA });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/quan-tri/dai-su-so?ok=chi-dinh');
  const again = await c.adminA.postForm('/quan-tri/dai-su-so', { login: '+84912100001' });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Người này đã là Đại sứ số/);
  assert.equal((await c.adminB.postForm('/quan-tri/dai-su-so', { login: phones.mentorB })).statusCode, 303);
  assert.equal(await count('ambassador_mentors'), 2);

  // The admin home shows the card.
  assert.match((await c.adminA.get('/quan-tri')).body, /href="\/quan-tri\/dai-su-so">Đại sứ số</);
});

test('someone who is not a mentor has no mentor page and cannot create invitations (404)', async () => {
  assert.equal((await c.stranger.get('/dai-su-so')).statusCode, 404);
  assert.equal((await c.stranger.postForm('/dai-su-so/loi-moi', {})).statusCode, 404);
  assert.equal((await c.stranger.get('/api/ambassadors/me')).statusCode, 404);
});

test('an invitation: link and QR for the mentor; sign up from it, come back, accept, become the mentee', async () => {
  const { id, token } = await newInvitation(c.mentorA);
  const qrPage = await c.mentorA.get(`/dai-su-so/ma-moi/${id}`);
  assert.match(qrPage.body, /<img src="data:image\/svg\+xml;base64,[^"]+"[^>]*alt="Mã QR của lời mời"/);
  const svg = Buffer.from(/data:image\/svg\+xml;base64,([^"]+)"/.exec(qrPage.body)![1], 'base64').toString();
  assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  assert.equal((await c.mentorB.get(`/dai-su-so/ma-moi/${id}`)).statusCode, 404, 'another mentor cannot open it');

  // Anonymous: sign in / sign up, both bringing the person back; the mentor's name is not shown yet.
  const visitor = new TestClient(t.app);
  const open = await visitor.get(`/loi-moi/${token}`);
  assert.equal(open.statusCode, 200);
  assert.match(open.body, new RegExp(`href="/dang-nhap\\?next=${encodeURIComponent(`/loi-moi/${token}`)}"`));
  assert.match(open.body, new RegExp(`href="/loi-moi/${token}/dang-ky"`));
  assert.doesNotMatch(open.body, /Đỗ Thị Mai/);

  const signUp = await visitor.postForm(`/loi-moi/${token}/dang-ky`, {
    fullName: 'Hoàng Văn Tới',
    phone: '0912 100 005',
    email: '',
    unitCode: '10507',
    targetGroup: 'citizen',
    birthYear: '1962',
    password: 'mat-khau-an-toan',
    passwordConfirm: 'mat-khau-an-toan',
    consent: 'yes',
  });
  assert.equal(signUp.statusCode, 303, signUp.body);
  assert.equal(signUp.headers.location, `/loi-moi/${token}`);
  const back = await visitor.get(`/loi-moi/${token}`);
  assert.match(back.body, /Đại sứ số Đỗ Thị Mai \(Phường Thành Đông\) mời bạn/);
  assert.match(back.body, /Nhận lời mời/);
  assert.equal(await count('ambassador_mentees'), 0, 'opening the link changes nothing');

  const accepted = await visitor.postForm(`/loi-moi/${token}`, {});
  assert.equal(accepted.statusCode, 303);
  assert.match((await visitor.get(`/loi-moi/${token}`)).body, /Bạn đã là học viên của Đại sứ số Đỗ Thị Mai/);
  const newcomer = await db().selectFrom('users').select('id').where('phone', '=', '+84912100005').executeTakeFirstOrThrow();
  ids.newcomer = newcomer.id;
  const link = await db().selectFrom('ambassador_mentees').selectAll().executeTakeFirstOrThrow();
  assert.equal(link.mentee_id, newcomer.id);
  assert.equal(link.invitation_id, id);
  const inv = await invitationRow(id);
  assert.equal(inv.used_by, newcomer.id);
  assert.ok(inv.used_at);
  c.newcomer = visitor;
});

test('sign-in from an invitation comes back to it', async () => {
  const { token } = await newInvitation(c.mentorA);
  const person = new TestClient(t.app);
  const res = await person.postForm('/dang-nhap', { login: phones.learner, password: 'mat-khau-cua-lan', next: `/loi-moi/${token}` });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/loi-moi/${token}`);
  assert.equal((await person.postForm(`/loi-moi/${token}`, {})).statusCode, 303);
  assert.equal((await db().selectFrom('ambassador_mentees').select('mentor_id').where('mentee_id', '=', ids.learner).executeTakeFirst()) !== undefined, true);
});

test('a reused invitation is refused and changes nothing', async () => {
  const { id, token } = await newInvitation(c.mentorA);
  assert.equal((await c.stranger.postForm(`/loi-moi/${token}`, {})).statusCode, 303);
  const before = await invitationRow(id);
  const menteesBefore = await count('ambassador_mentees');

  const other = new TestClient(t.app, await sessionCookie(db(), await makePerson(db(), { fullName: 'Trịnh Văn Sau', unitCode: '10507' })));
  const page = await other.get(`/loi-moi/${token}`);
  assert.equal(page.statusCode, 410);
  assert.match(page.body, /Lời mời này đã được dùng/);
  const res = await other.postForm(`/loi-moi/${token}`, {});
  assert.equal(res.statusCode, 410);
  assert.match(res.body, /Lời mời đã được dùng\. Mỗi lời mời chỉ dùng được một lần\./);
  // The one who used it cannot use it again either (e.g. a double submit).
  assert.equal((await c.stranger.postForm(`/loi-moi/${token}`, {})).statusCode, 410);
  assert.deepEqual(await invitationRow(id), before);
  assert.equal(await count('ambassador_mentees'), menteesBefore);
  // It left the mentor's open invitations.
  const me = (await c.mentorA.get('/api/ambassadors/me')).json() as { invitations: Array<{ id: number }> };
  assert.ok(!me.invitations.some((i) => i.id === id));
  // The stranger (commune 10525) is now a mentee of mentor A (10507): mentees come from anywhere.
  ids.strangerMentee = ids.stranger;
});

test('an expired invitation is refused and changes nothing', async () => {
  const { id, token } = await newInvitation(c.mentorA);
  await db().updateTable('ambassador_invitations').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('id', '=', id).execute();
  const person = new TestClient(t.app, await sessionCookie(db(), await makePerson(db(), { fullName: 'Lý Thị Muộn', unitCode: '10507' })));
  const before = await invitationRow(id);
  const menteesBefore = await count('ambassador_mentees');
  const res = await person.postForm(`/loi-moi/${token}`, {});
  assert.equal(res.statusCode, 410);
  assert.match(res.body, /Lời mời đã hết hạn/);
  assert.deepEqual(await invitationRow(id), before);
  assert.equal(before.used_at, null);
  assert.equal(await count('ambassador_mentees'), menteesBefore);
});

test('a mentor cannot accept their own invitation; a mentee cannot take a second mentor; unknown links are 404', async () => {
  const own = await newInvitation(c.mentorA);
  const menteesBefore = await count('ambassador_mentees');
  const self = await c.mentorA.postForm(`/loi-moi/${own.token}`, {});
  assert.equal(self.statusCode, 422);
  assert.match(self.body, /Bạn không thể nhận lời mời do chính mình tạo/);
  assert.equal((await invitationRow(own.id)).used_at, null);

  const fromB = await newInvitation(c.mentorB);
  const second = await c.newcomer.postForm(`/loi-moi/${fromB.token}`, {});
  assert.equal(second.statusCode, 409);
  assert.match(second.body, /Bạn đã có Đại sứ số hướng dẫn/);
  assert.equal((await invitationRow(fromB.id)).used_at, null, 'the invitation stays usable for someone else');
  assert.equal(await count('ambassador_mentees'), menteesBefore);

  assert.equal((await c.newcomer.get('/loi-moi/khong-co-loi-moi-nao-nhu-vay')).statusCode, 404);
  assert.equal((await c.newcomer.postForm('/loi-moi/khong-co-loi-moi-nao-nhu-vay', {})).statusCode, 404);
});

test('a mentor sees the course progress of their own mentees and of nobody else (404)', async () => {
  const course = await makeCourse(db(), { title: 'Kỹ năng số cho mọi người', activities: [{ type: 'link' }, { type: 'link' }] });
  await enrol(db(), course.courseId, ids.newcomer);
  await reportProgress(db(), course.activityIds[0], ids.newcomer);
  await enrol(db(), course.courseId, ids.mentorB);

  const detail = await c.mentorA.get(`/api/ambassadors/mentees/${ids.newcomer}`);
  assert.equal(detail.statusCode, 200);
  const d = detail.json() as { fullName: string; courses: Array<{ title: string; status: string; required: number; done: number }> };
  assert.equal(d.fullName, 'Hoàng Văn Tới');
  assert.deepEqual(d.courses.map((x) => [x.title, x.status, x.done, x.required]), [['Kỹ năng số cho mọi người', 'active', 1, 2]]);
  const page = await c.mentorA.get(`/dai-su-so/hoc-vien/${ids.newcomer}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Kỹ năng số cho mọi người/);
  assert.match(page.body, /Đang học/);

  // Someone else's mentee, a non-mentee, the mentor themselves, a non-existent id: all 404, on the page and the API.
  for (const other of [ids.mentorB, ids.adminA, ids.mentorA, 999_999]) {
    assert.equal((await c.mentorA.get(`/api/ambassadors/mentees/${other}`)).statusCode, 404, `user ${other}`);
    assert.equal((await c.mentorA.get(`/dai-su-so/hoc-vien/${other}`)).statusCode, 404, `user ${other}`);
  }
  // Mentor B cannot see mentor A's mentee; neither can a unit administrator through the mentor routes.
  assert.equal((await c.mentorB.get(`/api/ambassadors/mentees/${ids.newcomer}`)).statusCode, 404);
  assert.equal((await c.adminA.get(`/dai-su-so/hoc-vien/${ids.newcomer}`)).statusCode, 404);

  const mine = await c.mentorA.get('/dai-su-so');
  assert.equal(mine.statusCode, 200);
  assert.match(mine.body, /Hoàng Văn Tới/);
  assert.doesNotMatch(mine.body, /Vũ Văn Hùng/);
});

test('the unit and city network views: mentors, mentees against the target of 5, completion, who is below target', async () => {
  // Mentor A has 3 mentees (newcomer, learner, stranger); add 2 more through invitations → 5 (at target).
  for (const name of ['Phan Thị Năm', 'Đinh Văn Sáu']) {
    const { token } = await newInvitation(c.mentorA);
    const person = new TestClient(t.app, await sessionCookie(db(), await makePerson(db(), { fullName: name, unitCode: '10507' })));
    assert.equal((await person.postForm(`/loi-moi/${token}`, {})).statusCode, 303);
  }
  // Mentor B: 1 mentee.
  const { token } = await newInvitation(c.mentorB);
  const bMentee = await makePerson(db(), { fullName: 'Mạc Thị Bảy', unitCode: '10525' });
  assert.equal((await new TestClient(t.app, await sessionCookie(db(), bMentee)).postForm(`/loi-moi/${token}`, {})).statusCode, 303);

  // Completion: the basic skills rule is course R. Newcomer and learner complete R; B's mentee completes another course.
  const r = await makeCourse(db(), { title: 'Phổ cập kỹ năng số' });
  const other = await makeCourse(db(), { title: 'Thanh toán trực tuyến' });
  for (const [course, person] of [[r, ids.newcomer], [r, ids.learner], [other, bMentee]] as const) {
    await enrol(db(), course.courseId, person);
    await reportProgress(db(), course.activityIds[0], person);
  }
  await db().insertInto('settings').values({ key: 'basic_skills_rule', value: JSON.stringify({ courses: [r.courseId], mode: 'all' }), updated_at: new Date().toISOString(), updated_by: ids.city }).execute();

  type Network = { target: number; totals: Record<string, number>; mentors: Array<{ fullName: string; mentees: number; completed: number; attained: number; belowTarget: boolean }> };
  const a = (await c.adminA.get('/api/ambassadors/network')).json() as Network;
  assert.equal(a.target, 5);
  assert.deepEqual(a.totals, { mentors: 1, mentees: 5, target: 5, mentorsAtTarget: 1, menteesCompleted: 2, menteesAttained: 2 });
  assert.deepEqual(a.mentors.map((m) => [m.fullName, m.mentees, m.belowTarget]), [['Đỗ Thị Mai', 5, false]]);

  const b = (await c.adminB.get('/api/ambassadors/network')).json() as Network;
  assert.deepEqual(b.totals, { mentors: 1, mentees: 1, target: 5, mentorsAtTarget: 0, menteesCompleted: 1, menteesAttained: 0 });

  const city = (await c.city.get('/api/ambassadors/network')).json() as Network;
  assert.deepEqual(city.totals, { mentors: 2, mentees: 6, target: 10, mentorsAtTarget: 1, menteesCompleted: 3, menteesAttained: 2 });
  assert.deepEqual(city.mentors.filter((m) => m.belowTarget).map((m) => m.fullName), ['Vũ Văn Hùng']);

  const page = await c.city.get('/quan-tri/dai-su-so');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Đại sứ số chưa đạt chỉ tiêu \(1\)/);
  assert.match(page.body, /Vũ Văn Hùng \(Phường Hải Dương\): 1\/5 học viên/);
  assert.match(page.body, /60 %/, 'mentees 6 of target 10');
  // A unit page shows only its own mentors.
  assert.doesNotMatch((await c.adminA.get('/quan-tri/dai-su-so')).body, /Vũ Văn Hùng/);

  // The mentor's page: 5/5 and the attained mark.
  const mentorPage = (await c.mentorA.get('/dai-su-so')).body;
  assert.match(mentorPage, /5\/5/);
  assert.match(mentorPage, /Bạn đã đạt chỉ tiêu số học viên/);

  // Figures for the community hub.
  const path = (await db().selectFrom('units').select('path').where('code', '=', '10507').executeTakeFirstOrThrow()).path;
  const figures = await communityFigures(db(), path);
  assert.deepEqual(
    figures.map((f) => [f.key, f.value, f.target]),
    [
      ['ambassadors.mentors', 1, undefined],
      ['ambassadors.mentees', 5, 5],
      ['ambassadors.mentorsAtTarget', 1, 1],
      ['ambassadors.menteesCompleted', 2, 5],
      ['ambassadors.menteesAttained', 2, 5],
    ],
  );
});

test('retiring a mentor: only in scope (404 elsewhere); their mentees are released and invitations revoked', async () => {
  const mentorB = await db().selectFrom('ambassador_mentors').select('id').where('user_id', '=', ids.mentorB).executeTakeFirstOrThrow();
  const open = await newInvitation(c.mentorB);
  assert.equal((await c.adminA.postForm(`/quan-tri/dai-su-so/${mentorB.id}/thoi`, {})).statusCode, 404);
  const res = await c.adminB.postForm(`/quan-tri/dai-su-so/${mentorB.id}/thoi`, {});
  assert.equal(res.statusCode, 303);
  assert.equal((await db().selectFrom('ambassador_mentees').select('mentee_id').where('mentor_id', '=', mentorB.id).execute()).length, 0);
  assert.ok((await invitationRow(open.id)).revoked_at);
  assert.equal((await c.mentorB.get('/dai-su-so')).statusCode, 404);
  const person = new TestClient(t.app, await sessionCookie(db(), await makePerson(db(), { unitCode: '10525' })));
  assert.equal((await person.postForm(`/loi-moi/${open.token}`, {})).statusCode, 410);
  const audit = await db().selectFrom('audit_log').select('action').where('action', 'like', 'ambassador.%').execute();
  assert.ok(audit.some((a) => a.action === 'ambassador.retire'));
});
