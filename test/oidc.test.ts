/**
 * Sign-in through an external OpenID Connect provider, against a real provider (oidc-provider) on
 * 127.0.0.1. The provider's pages are walked with fetch; the app is called through inject, the way
 * the browser would come back to it.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { ProviderBrowser, startTestProvider, type TestProvider } from './helpers/oidc-provider.js';

const PUBLIC_URL = 'http://kns.test';
const CALLBACK = `${PUBLIC_URL}/dang-nhap/oidc/callback`;

/** What the provider says about each login name typed on its page. */
function claimsFor(sub: string): Record<string, unknown> {
  if (sub === 'lan-verified') return { name: 'Trần Thị Lan', email: 'lan@example.vn', email_verified: true };
  if (sub === 'hung-unverified') return { name: 'Lê Văn Hùng', email: 'hung@example.vn', email_verified: false };
  return { name: 'Nguyễn Thị Mai', email: `${sub}@example.vn`, email_verified: true, birthdate: '1975-04-30' };
}

let provider: TestProvider;
let t: TestApp;
before(async () => {
  provider = await startTestProvider(CALLBACK, claimsFor);
  t = await makeTestApp({
    PUBLIC_URL,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: 'VNeID',
  });
});
after(async () => {
  await t?.close();
  await provider?.close();
});

/** App → provider → back: returns the app client (with its cookies) and the callback path to call. */
async function toProvider(login: string, next = '/hoc-tap') {
  const app = new TestClient(t.app);
  const start = await app.get(`/dang-nhap/oidc?next=${encodeURIComponent(next)}`);
  assert.equal(start.statusCode, 302);
  const authUrl = start.headers.location as string;
  assert.ok(authUrl.startsWith(provider.issuer), authUrl);
  const sent = new URL(authUrl).searchParams;
  assert.equal(sent.get('code_challenge_method'), 'S256');
  assert.ok(sent.get('state') && sent.get('nonce') && sent.get('code_challenge'));
  assert.equal(sent.get('redirect_uri'), CALLBACK);
  const back = await new ProviderBrowser().signIn(authUrl, login, CALLBACK);
  return { app, callback: back.slice(PUBLIC_URL.length), state: sent.get('state')! };
}

const identities = (subject: string) =>
  t.database.db.selectFrom('oidc_identities').selectAll().where('subject', '=', subject).execute();
const usersWithEmail = (email: string) => t.database.db.selectFrom('users').selectAll().where('email', '=', email).execute();

test('first sign-in: complete the profile (prefilled from the claims), the account is created and linked, signed in', async () => {
  const { app, callback } = await toProvider('mai-001');
  const res = await app.get(callback);
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, '/dang-nhap/oidc/hoan-tat');
  assert.equal(app.hasCookie('kns_sid'), false, 'not signed in before the profile is complete');

  const form = await app.get('/dang-nhap/oidc/hoan-tat');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /value="Nguyễn Thị Mai"/);
  assert.match(form.body, /value="mai-001@example.vn"/);
  assert.match(form.body, /value="1975"/);

  const fields = { fullName: 'Nguyễn Thị Mai', email: 'mai-001@example.vn', phone: '', unitCode: '10507', targetGroup: 'citizen', birthYear: '1975' };
  const noConsent = await app.postForm('/dang-nhap/oidc/hoan-tat', { ...fields, consent: '' });
  assert.equal(noConsent.statusCode, 422);
  assert.match(noConsent.body, /Bạn cần đồng ý/);
  assert.equal((await identities('mai-001')).length, 0, 'nothing is created by a refused form');

  const done = await app.postForm('/dang-nhap/oidc/hoan-tat', { ...fields, consent: 'yes' });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/hoc-tap');
  const home = await app.get('/hoc-tap');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Xin chào, Nguyễn Thị Mai!/);

  const [identity] = await identities('mai-001');
  assert.equal(identity.issuer, provider.issuer);
  const [user] = await usersWithEmail('mai-001@example.vn');
  assert.equal(identity.user_id, user.id);
  assert.equal(user.password_hash, null, 'no password: the person signs in through the provider');
  assert.equal(user.consent_version, t.config.privacyPolicyVersion);
  assert.equal(user.birth_year, 1975);

  // The same form again (back button, double click) creates nothing more.
  const again = await app.postForm('/dang-nhap/oidc/hoan-tat', { ...fields, consent: 'yes' });
  assert.equal(again.statusCode, 400);
  assert.equal((await usersWithEmail('mai-001@example.vn')).length, 1);
  // And the callback itself cannot be replayed.
  const replay = await new TestClient(t.app).get(callback);
  assert.equal(replay.statusCode, 400);
  assert.match(replay.body, /Phiên đăng nhập không hợp lệ/);
});

test('second sign-in goes straight in, to the page asked for', async () => {
  const { app, callback } = await toProvider('mai-001', '/ca-nhan/du-lieu');
  const res = await app.get(callback);
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, '/ca-nhan/du-lieu');
  assert.ok(app.hasCookie('kns_sid'));
  assert.match((await app.get('/hoc-tap')).body, /Xin chào, Nguyễn Thị Mai!/);
  assert.equal((await usersWithEmail('mai-001@example.vn')).length, 1);
  assert.equal((await identities('mai-001')).length, 1);
});

test('a tampered state is refused, nothing is created, and the flow cannot be retried', async () => {
  const { app, callback } = await toProvider('mai-tamper');
  const url = new URL(callback, PUBLIC_URL);
  url.searchParams.set('state', url.searchParams.get('state')!.slice(0, -2) + 'xx');
  const res = await app.get(url.pathname + url.search);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Chưa đăng nhập được bằng VNeID/);
  assert.match(res.body, /Phiên đăng nhập không hợp lệ/);
  assert.equal(app.hasCookie('kns_sid'), false);
  assert.equal((await identities('mai-tamper')).length, 0);
  assert.equal((await usersWithEmail('mai-tamper@example.vn')).length, 0);
  // The genuine callback after that is refused too: the flow was used up.
  const genuine = await app.get(callback);
  assert.equal(genuine.statusCode, 400);
  assert.equal(app.hasCookie('kns_sid'), false);
});

test('a callback without the browser cookie of its flow is refused (login CSRF)', async () => {
  const { callback } = await toProvider('mai-csrf');
  const res = await new TestClient(t.app).get(callback);
  assert.equal(res.statusCode, 400);
  assert.equal((await identities('mai-csrf')).length, 0);
});

test('an error from the provider (cancelled sign-in) shows a clear page in either language', async () => {
  const app = new TestClient(t.app);
  const start = await app.get('/dang-nhap/oidc');
  const state = new URL(start.headers.location as string).searchParams.get('state')!;
  const res = await app.get(`/dang-nhap/oidc/callback?error=access_denied&state=${state}&lang=en`);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Could not sign in with VNeID/);
  assert.match(res.body, /cancelled or refused\. Nothing was created/);
  assert.match(res.body, /href="\/dang-nhap"/);
});

test('a verified e-mail links the existing account; an unverified one does not', async () => {
  const lan = await makePerson(t.database.db, { fullName: 'Trần Thị Lan', email: 'lan@example.vn' });
  const first = await toProvider('lan-verified');
  const res = await first.app.get(first.callback);
  assert.equal(res.statusCode, 302);
  assert.equal(res.headers.location, '/hoc-tap');
  assert.deepEqual((await identities('lan-verified')).map((i) => i.user_id), [lan]);

  await makePerson(t.database.db, { fullName: 'Lê Văn Hùng', email: 'hung@example.vn' });
  const second = await toProvider('hung-unverified');
  const res2 = await second.app.get(second.callback);
  assert.equal(res2.headers.location, '/dang-nhap/oidc/hoan-tat', 'an unverified e-mail is never trusted to link');
  assert.equal(second.app.hasCookie('kns_sid'), false);
  assert.equal((await identities('hung-unverified')).length, 0);
  // Completing the profile with that e-mail is refused as taken, not merged.
  const taken = await second.app.postForm('/dang-nhap/oidc/hoan-tat', {
    fullName: 'Lê Văn Hùng',
    email: 'hung@example.vn',
    unitCode: '10507',
    targetGroup: 'citizen',
    consent: 'yes',
  });
  assert.equal(taken.statusCode, 409);
  assert.match(taken.body, /đã được đăng ký/);
});

test('without OIDC configuration the routes do not exist', async () => {
  const plain = await makeTestApp();
  try {
    const res = await plain.app.inject({ url: '/dang-nhap/oidc' });
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch((await plain.app.inject({ url: '/dang-nhap' })).body, /Đăng nhập bằng/);
  } finally {
    await plain.close();
  }
});

test('a provider that cannot be reached gives a clear page, not a crash', async () => {
  const down = await makeTestApp({ PUBLIC_URL, OIDC_ISSUER: 'http://127.0.0.1:9', OIDC_CLIENT_ID: 'x', OIDC_CLIENT_SECRET: 'y' });
  try {
    const res = await new TestClient(down.app).get('/dang-nhap/oidc');
    assert.equal(res.statusCode, 503);
    assert.match(res.body, /Hiện không kết nối được với VNeID/);
  } finally {
    await down.close();
  }
});

test('plain http is only accepted for a provider on this machine; claims are normalized', async () => {
  const { OidcClient, personFromClaims } = await import('../src/modules/accounts/oidc.js');
  const settings = { clientId: 'x', clientSecret: 'y', name: 'VNeID' };
  assert.throws(() => new OidcClient({ ...settings, issuer: 'http://idp.example.vn' }, PUBLIC_URL), /https:\/\//);
  assert.doesNotThrow(() => new OidcClient({ ...settings, issuer: 'https://idp.example.vn' }, PUBLIC_URL));
  assert.doesNotThrow(() => new OidcClient({ ...settings, issuer: 'http://localhost:8080' }, PUBLIC_URL));
  const p = personFromClaims('https://idp.example.vn', {
    sub: '001234567890',
    family_name: 'Phạm',
    middle_name: 'Văn',
    given_name: 'Đức',
    phone_number: '0912 345 678',
    phone_number_verified: 'true',
    email: 'Duc@Example.VN',
  });
  assert.equal(p.name, 'Phạm Văn Đức');
  assert.equal(p.phone, '+84912345678');
  assert.equal(p.phoneVerified, true);
  assert.equal(p.email, 'duc@example.vn');
  assert.equal(p.emailVerified, false, 'no email_verified claim means not verified');
});
