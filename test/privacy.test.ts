import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeLearner, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { hashToken } from '../src/core/tokens.js';
import { issueToken } from '../src/modules/accounts/one-time-tokens.js';
import { grantRole } from '../src/modules/accounts/repository.js';
import { unitId } from './helpers/factories.js';

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

const PASSWORD = 'mat-khau-rieng-tu';

async function signedIn(userId: number) {
  const cookie = await sessionCookie(t.database.db, userId);
  return { client: new TestClient(t.app, cookie), token: cookie.slice('kns_sid='.length) };
}

test('the personal data page shows profile, consent, roles and sessions, with a JSON download link', async () => {
  const db = t.database.db;
  const id = await makeLearner(db, { fullName: 'Vũ Thị Hạnh', phone: '+84912100001', email: 'hanh@example.vn', birthYear: 1960, unitCode: '10507' });
  await grantRole(db, id, 'team_member', await unitId(db, '10507'), null);
  const { client } = await signedIn(id);
  const page = await client.get('/ca-nhan/du-lieu');
  assert.equal(page.statusCode, 200);
  for (const text of ['Vũ Thị Hạnh', '0912 100 001', 'hanh@example.vn', 'Phường Thành Đông', '1960', 'phiên bản test', 'Thành viên tổ công nghệ số — Phường Thành Đông', 'Đang có 1 phiên đăng nhập']) {
    assert.ok(page.body.includes(text), text);
  }
  assert.match(page.body, /href="\/api\/me\/data"[^>]*>Tải dữ liệu \(JSON\)</);
  assert.equal((await t.app.inject({ method: 'GET', url: '/ca-nhan/du-lieu' })).statusCode, 302, 'signed-in only');
});

test('the export is an attachment with everything about the person and no secrets', async () => {
  const db = t.database.db;
  const id = await makeLearner(db, { fullName: 'Trịnh Văn Khoa', phone: '+84912100002', password: PASSWORD });
  await db.insertInto('oidc_identities').values({ issuer: 'https://sso.example.vn', subject: 'sub-khoa', user_id: id, created_at: new Date().toISOString() }).execute();
  const resetToken = await issueToken(db, 'password_reset', id, 60);
  const { client, token } = await signedIn(id);
  const res = await client.get('/api/me/data');
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-disposition'] as string, /^attachment; filename="du-lieu-ca-nhan-\d+\.json"$/);
  assert.match(res.headers['content-type'] as string, /application\/json/);
  const data = res.json();
  assert.equal(data.profile.fullName, 'Trịnh Văn Khoa');
  assert.equal(data.profile.phone, '+84912100002');
  assert.equal(data.profile.unit.code, '10507');
  assert.equal(data.profile.consentVersion, 'test');
  assert.equal(data.sessions.length, 1);
  assert.deepEqual(data.externalIdentities.map((i: { subject: string }) => i.subject), ['sub-khoa']);
  assert.equal(data.oneTimeLinks[0].purpose, 'password_reset');
  const hash = (await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()).password_hash!;
  for (const secret of [hash, '$argon2', hashToken(token), hashToken(resetToken), 'password_hash', 'passwordHash']) {
    assert.ok(!res.body.includes(secret), `the export must not contain ${secret.slice(0, 12)}`);
  }

  const me = await client.get('/api/me');
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().fullName, 'Trịnh Văn Khoa');
  assert.ok(!me.body.includes('$argon2'));
});

test('a person asks for deletion (confirmation needed), withdraws, asks again; each step audited', async () => {
  const db = t.database.db;
  const id = await makeLearner(db, { phone: '+84912100003' });
  const { client } = await signedIn(id);
  const unconfirmed = await client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', {});
  assert.equal(unconfirmed.statusCode, 422);
  assert.match(unconfirmed.body, /Vui lòng đánh dấu ô xác nhận/);
  const requestedAt = async () => (await db.selectFrom('users').select('deletion_requested_at').where('id', '=', id).executeTakeFirstOrThrow()).deletion_requested_at;
  assert.equal(await requestedAt(), null);

  const sent = await client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' });
  assert.equal(sent.statusCode, 303);
  assert.ok(await requestedAt());
  const page = await client.get(sent.headers.location as string);
  assert.match(page.body, /Đã gửi yêu cầu xóa dữ liệu cá nhân/);
  assert.match(page.body, /Rút yêu cầu xóa/);

  const withdrawn = await client.postForm('/ca-nhan/du-lieu/rut-yeu-cau', {});
  assert.equal(withdrawn.statusCode, 303);
  assert.equal(await requestedAt(), null);
  await client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' });
  const actions = await db.selectFrom('audit_log').select('action').where('target_type', '=', 'user').where('target_id', '=', String(id)).orderBy('id').execute();
  assert.deepEqual(
    actions.map((a) => a.action),
    ['privacy.deletion_requested', 'privacy.deletion_withdrawn', 'privacy.deletion_requested'],
  );
});

test('an administrator outside the person’s unit gets 404 and changes nothing', async () => {
  const db = t.database.db;
  const id = await makeLearner(db, { unitCode: '10507', fullName: 'Người Ở Thành Đông', phone: '+84912100004' });
  await (await signedIn(id)).client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' });
  const other = (await signedIn(await makeUnitAdmin(db, '10525'))).client;
  const list = await other.get('/quan-tri/yeu-cau-xoa');
  assert.equal(list.statusCode, 200);
  assert.doesNotMatch(list.body, /Người Ở Thành Đông/);
  assert.equal((await other.get(`/quan-tri/yeu-cau-xoa/${id}`)).statusCode, 404);
  assert.equal((await other.postForm(`/quan-tri/yeu-cau-xoa/${id}`, { confirm: 'yes' })).statusCode, 404);
  const row = await db.selectFrom('users').select(['full_name', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { full_name: 'Người Ở Thành Đông', status: 'active' });

  const learner = (await signedIn(await makeLearner(db))).client;
  assert.equal((await learner.get('/quan-tri/yeu-cau-xoa')).statusCode, 404);
});

test('carrying out a deletion anonymizes the person, who can no longer sign in; totals per unit stay the same', async () => {
  const db = t.database.db;
  const id = await makeLearner(db, { unitCode: '10532', fullName: 'Hoàng Minh Tâm', phone: '+84912100005', email: 'tam@example.vn', birthYear: 1975, password: PASSWORD, targetGroup: 'trader' });
  await grantRole(db, id, 'team_member', await unitId(db, '10532'), null);
  await db.insertInto('oidc_identities').values({ issuer: 'https://sso.example.vn', subject: 'sub-tam', user_id: id, created_at: new Date().toISOString() }).execute();
  const person = await signedIn(id);
  await person.client.postForm('/ca-nhan/du-lieu/yeu-cau-xoa', { confirm: 'yes' });

  const countPerUnit = () =>
    db.selectFrom('users').select(['unit_id', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('unit_id').orderBy('unit_id').execute();
  const admin = (await signedIn(await makeUnitAdmin(db, '10532'))).client;
  const before = (await countPerUnit()).map((r) => [r.unit_id, Number(r.n)]);
  const list = await admin.get('/quan-tri/yeu-cau-xoa');
  assert.match(list.body, /Hoàng Minh Tâm/);
  const review = await admin.get(`/quan-tri/yeu-cau-xoa/${id}`);
  assert.equal(review.statusCode, 200);
  assert.match(review.body, /0912 100 005/);
  const unconfirmed = await admin.postForm(`/quan-tri/yeu-cau-xoa/${id}`, {});
  assert.equal(unconfirmed.statusCode, 422);

  const done = await admin.postForm(`/quan-tri/yeu-cau-xoa/${id}`, { confirm: 'yes' });
  assert.equal(done.statusCode, 303);
  assert.match((await admin.get(done.headers.location as string)).body, new RegExp(`Đã xóa dữ liệu cá nhân của người dùng #${id}`));

  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.full_name, `Người dùng đã xóa #${id}`);
  assert.equal(row.search_name, '');
  assert.deepEqual([row.phone, row.email, row.birth_year, row.password_hash], [null, null, null, null]);
  assert.equal(row.status, 'deleted');
  assert.ok(row.deleted_at);
  assert.equal(row.target_group, 'trader', 'kept for aggregates');
  assert.equal(row.unit_id, await unitId(db, '10532'), 'kept for aggregates');
  for (const table of ['sessions', 'oidc_identities', 'role_grants'] as const) {
    const left = await db.selectFrom(table).select('user_id').where('user_id', '=', id).execute();
    assert.equal(left.length, 0, table);
  }
  assert.deepEqual((await countPerUnit()).map((r) => [r.unit_id, Number(r.n)]), before);

  const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'privacy.deletion_done').where('target_id', '=', String(id)).executeTakeFirstOrThrow();
  assert.equal(entry.details, null, 'no personal data in the audit trail');

  assert.equal((await person.client.get('/hoc-tap')).statusCode, 302, 'the old session is gone');
  const signIn = await new TestClient(t.app).postForm('/dang-nhap', { login: '0912 100 005', password: PASSWORD });
  assert.equal(signIn.statusCode, 401);
  assert.equal((await admin.postForm(`/quan-tri/yeu-cau-xoa/${id}`, { confirm: 'yes' })).statusCode, 404, 'nothing left to carry out');
});

test('the export carries the person’s learning: enrolments, activity progress and the certificate of a completed course', async () => {
  const { makeCourse, enrol } = await import('./helpers/learning.js');
  const { reportProgress } = await import('./helpers/completion.js');
  const db = t.database.db;
  const learner = await makeLearner(db, { fullName: 'Đinh Thị Học' });
  const other = await makeLearner(db, { fullName: 'Người Khác' });
  const { courseId, activityIds } = await makeCourse(db, { title: 'An toàn trên mạng' });
  await enrol(db, courseId, learner);
  await enrol(db, courseId, other);
  assert.equal(await reportProgress(db, activityIds[0], learner, 'completed'), true);
  const c = new TestClient(t.app, await sessionCookie(db, learner));
  const data = (await c.get('/api/me/data')).json() as {
    learning: {
      enrolments: Array<{ course: string; status: string }>;
      activities: Array<{ activity: string; status: string }>;
      certificates: Array<{ course: string; code: string }>;
    };
  };
  assert.deepEqual(data.learning.enrolments.map((e) => [e.course, e.status]), [['An toàn trên mạng', 'completed']]);
  assert.deepEqual(data.learning.activities.map((a) => a.status), ['completed']);
  assert.equal(data.learning.certificates.length, 1);
  assert.equal(data.learning.certificates[0].course, 'An toàn trên mạng');
  const others = (await new TestClient(t.app, await sessionCookie(db, other)).get('/api/me/data')).json() as typeof data;
  assert.deepEqual(others.learning.activities, [], 'nothing of another learner');
});
