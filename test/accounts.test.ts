import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';

let t: TestApp;
before(async () => {
  t = await makeTestApp({ LOGIN_MAX_FAILURES: '3' });
});
after(() => t.close());

const signUpFields = (over: Record<string, string> = {}) => ({
  fullName: 'Phạm Thị Hoa',
  phone: '0912 345 678',
  email: '',
  unitCode: '10507',
  targetGroup: 'citizen',
  birthYear: '1958',
  password: 'mat-khau-an-toan',
  passwordConfirm: 'mat-khau-an-toan',
  consent: 'yes',
  ...over,
});

test('sign-up records consent with its time and policy version, then the learner home greets by name', async () => {
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-ky', signUpFields());
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/hoc-tap');
  const home = await c.get('/hoc-tap');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Xin chào, Phạm Thị Hoa!/);
  const row = await t.database.db.selectFrom('users').selectAll().where('phone', '=', '+84912345678').executeTakeFirstOrThrow();
  assert.equal(row.consent_version, t.config.privacyPolicyVersion);
  assert.ok(row.consent_at && Date.now() - Date.parse(row.consent_at) < 60_000);
  assert.match(row.password_hash!, /^\$argon2id\$/);
  assert.equal(row.search_name, 'pham thi hoa');
});

test('the same number in another format is refused as a duplicate and nothing is created', async () => {
  const before = await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-ky', signUpFields({ fullName: 'Người Khác', phone: '+84 912 345 678' }));
  assert.equal(res.statusCode, 409);
  assert.match(res.body, /Số điện thoại này đã được đăng ký/);
  assert.match(res.body, /value="Người Khác"/, 'the form keeps what was typed');
  assert.doesNotMatch(res.body, /mat-khau-an-toan/, 'the password is never echoed back');
  const after = await t.database.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  assert.equal(Number(after.n), Number(before.n));
});

test('sign-up without consent, with a bad phone and an unknown unit lists each problem', async () => {
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-ky', signUpFields({ phone: '123', consent: '', unitCode: 'nope', password: 'short', passwordConfirm: 'short' }));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /Số điện thoại không hợp lệ/);
  assert.match(res.body, /Bạn cần đồng ý/);
  assert.match(res.body, /Mật khẩu cần ít nhất 8 ký tự/);
});

test('HTML in a name is stored as typed and shown escaped', async () => {
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-ky', signUpFields({ fullName: '<script>alert(1)</script> Lê', phone: '0987 000 111' }));
  assert.equal(res.statusCode, 303);
  const home = await c.get('/hoc-tap');
  assert.doesNotMatch(home.body, /<script>alert/);
  assert.match(home.body, /&lt;script>alert\(1\)&lt;\/script> Lê|&lt;script&gt;alert\(1\)&lt;\/script&gt; Lê/);
});

test('a form without the CSRF token is refused', async () => {
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-ky', signUpFields({ phone: '0987 000 222' }), { csrf: false });
  assert.equal(res.statusCode, 403);
  const row = await t.database.db.selectFrom('users').select('id').where('phone', '=', '+84987000222').executeTakeFirst();
  assert.equal(row, undefined);
});

test('sign-in by phone in any format, sign-out ends the session', async () => {
  await makePerson(t.database.db, { phone: '+84977111222', password: 'mot-mat-khau-dai' });
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-nhap', { login: '0977 111 222', password: 'mot-mat-khau-dai' });
  assert.equal(res.statusCode, 303);
  assert.equal((await c.get('/hoc-tap')).statusCode, 200);
  await c.postForm('/dang-xuat', {});
  const after = await c.get('/hoc-tap');
  assert.equal(after.statusCode, 302);
  assert.match(after.headers.location as string, /^\/dang-nhap/);
});

test('repeated failed sign-ins lock the account for a while, even with the right password', async () => {
  await makePerson(t.database.db, { phone: '+84977333444', password: 'dung-mat-khau-1' });
  const c = new TestClient(t.app);
  for (let i = 0; i < 3; i++) {
    const res = await c.postForm('/dang-nhap', { login: '0977333444', password: 'sai-mat-khau' });
    assert.equal(res.statusCode, 401);
  }
  const locked = await c.postForm('/dang-nhap', { login: '0977333444', password: 'dung-mat-khau-1' });
  assert.equal(locked.statusCode, 423);
  assert.match(locked.body, /tạm khóa/);
});

test('password reset: a one-time link through the message port, usable once', async () => {
  const id = await makePerson(t.database.db, { phone: '+84977555666', email: 'hoa@example.vn', password: 'mat-khau-cu-123' });
  const c = new TestClient(t.app);
  const res = await c.postForm('/quen-mat-khau', { login: 'hoa@example.vn' });
  assert.equal(res.statusCode, 200);
  const msg = t.messages.last();
  assert.equal(msg?.to.email, 'hoa@example.vn');
  const token = new URL(msg!.link!).searchParams.get('token')!;
  assert.equal((await c.get(`/dat-lai-mat-khau?token=${token}`)).statusCode, 200);
  const done = await c.postForm('/dat-lai-mat-khau', { token, password: 'mat-khau-moi-456', passwordConfirm: 'mat-khau-moi-456' });
  assert.equal(done.statusCode, 303);
  const replay = await c.postForm('/dat-lai-mat-khau', { token, password: 'ke-gian-789xx', passwordConfirm: 'ke-gian-789xx' });
  assert.equal(replay.statusCode, 410);
  const signIn = await new TestClient(t.app).postForm('/dang-nhap', { login: '0977555666', password: 'mat-khau-moi-456' });
  assert.equal(signIn.statusCode, 303);
  assert.ok(id);
  // Unknown accounts get the same answer and no message.
  const count = t.messages.sent.length;
  const unknown = await c.postForm('/quen-mat-khau', { login: 'khong-co@example.vn' });
  assert.equal(unknown.statusCode, 200);
  assert.equal(t.messages.sent.length, count);
});

test('an open redirect through ?next= is not possible', async () => {
  await makePerson(t.database.db, { phone: '+84977888999', password: 'mat-khau-next-1' });
  const c = new TestClient(t.app);
  const res = await c.postForm('/dang-nhap', { login: '0977888999', password: 'mat-khau-next-1', next: '//evil.example/' });
  assert.equal(res.headers.location, '/hoc-tap');
});
