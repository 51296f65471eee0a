/**
 * The content origin: routing by Host header, the headers package files get, no cookies, and every
 * way out of a package folder refused (traversal in all its encodings, symlinks, other packages'
 * neighbours, folders).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeDataDir, storePackage } from './helpers/scorm.js';
import { SCORM2004_FILES } from '../src/modules/scorm/package/test-packages.js';

let t: TestApp;
let dataDir: string;
let key: string;
const CONTENT = { host: '127.0.0.1:3000' };
const PLATFORM = { host: 'localhost:3000' };

before(async () => {
  dataDir = makeDataDir();
  t = await makeTestApp({ DATA_DIR: dataDir });
  const { id } = await storePackage(t.database.db, t.config, { ...SCORM2004_FILES, 'media/clip.mp4': Buffer.alloc(1000, 7) });
  key = (await t.database.db.selectFrom('scorm_packages').select('storage_key').where('id', '=', id).executeTakeFirstOrThrow()).storage_key;
  // Secrets next to the packages and outside DATA_DIR, which no content URL may reach.
  fs.writeFileSync(path.join(dataDir, 'packages', 'secret.txt'), 'bí mật');
  fs.writeFileSync(path.join(dataDir, 'kynangso-secret.txt'), 'bí mật');
  fs.symlinkSync('/etc/passwd', path.join(dataDir, 'packages', key, 'content', 'passwd.html'));
  fs.symlinkSync(path.join(dataDir, 'packages'), path.join(dataDir, 'packages', key, 'all'));
});
after(async () => {
  await t.close();
  await fsp.rm(dataDir, { recursive: true, force: true });
});

const get = (url: string, headers: Record<string, string> = CONTENT) => t.app.inject({ method: 'GET', url, headers });

test('package files are served on the content host with isolating headers and no cookie', async () => {
  const res = await get(`/content/${key}/content/bai%201.html?lang=en`, { ...CONTENT, cookie: 'kns_sid=abc; lang=vi' });
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Xin chào/);
  assert.equal(res.headers['content-type'], 'text/html');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /frame-ancestors 'self' http:\/\/localhost:3000(;|$)/);
  assert.match(csp, /connect-src 'self'/);
  assert.match(csp, /form-action 'self'/);
  assert.equal(res.headers['set-cookie'], undefined, 'no cookie is ever set on the content host (not even ?lang=)');
  assert.equal(res.headers['access-control-allow-origin'], undefined);

  const range = await get(`/content/${key}/media/clip.mp4`, { ...CONTENT, range: 'bytes=10-19' });
  assert.equal(range.statusCode, 206);
  assert.equal(range.headers['content-range'], 'bytes 10-19/1000');
  assert.equal(range.rawPayload.length, 10);
  assert.equal(range.headers['content-type'], 'video/mp4');
  const etag = String(range.headers.etag);
  assert.equal((await get(`/content/${key}/media/clip.mp4`, { ...CONTENT, 'if-none-match': etag })).statusCode, 304);
});

test('routing by host: the content host serves only content; the platform host never serves content', async () => {
  const onPlatform = await get(`/content/${key}/content/bai%201.html`, PLATFORM);
  assert.equal(onPlatform.statusCode, 404);
  assert.doesNotMatch(onPlatform.body, /Xin chào/);
  for (const url of ['/', '/dang-nhap', '/api/units', '/hoc-tap', '/static/site.css', '/openapi.json']) {
    const res = await get(url);
    assert.equal(res.statusCode, 404, url);
    assert.equal(res.body, 'Not found', url);
    assert.equal(res.headers['set-cookie'], undefined, url);
  }
  const post = await t.app.inject({ method: 'POST', url: '/dang-nhap', headers: CONTENT, payload: {} });
  assert.equal(post.statusCode, 404);
  const wrapper = await get('/launch?scorm=2004');
  assert.equal(wrapper.statusCode, 200);
  assert.match(wrapper.body, /data-platform="http:\/\/localhost:3000"/);
  assert.match(wrapper.body, /<script src="\/launch-2004\.js\?v=[a-f0-9]{16}">/);
  assert.match(String(wrapper.headers['content-security-policy']), /frame-ancestors http:\/\/localhost:3000(;|$)/);
  assert.match(String(wrapper.headers['content-security-policy']), /script-src 'self'/);
  const script = await get(/src="([^"]+)"/.exec(wrapper.body)![1]);
  assert.equal(script.statusCode, 200);
  assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal((await get('/launch?scorm=12', PLATFORM)).statusCode, 404);
  assert.equal((await get('/launch-12.js', PLATFORM)).statusCode, 404);
  assert.equal((await get('/', PLATFORM)).statusCode, 200, 'the platform itself is unaffected');
});

test('no path leaves the package folder', async () => {
  const attempts = [
    `/content/${key}/../secret.txt`,
    `/content/${key}/%2e%2e/secret.txt`,
    `/content/${key}/%2E%2E%2Fsecret.txt`,
    `/content/${key}/..%2fsecret.txt`,
    `/content/${key}/..%5csecret.txt`,
    `/content/${key}/content/..%2f..%2fsecret.txt`,
    `/content/${key}/%252e%252e/secret.txt`,
    `/content/${key}/..%2f..%2fkynangso-secret.txt`,
    `/content/${key}/%2fetc%2fpasswd`,
    `/content/${key}//etc/passwd`,
    `/content/${key}/content/%00.html`,
    `/content/${key}/content/passwd.html`,
    `/content/${key}/all/secret.txt`,
    `/content/${key}/content`,
    `/content/${key}/`,
    `/content/../packages/secret.txt`,
    `/content/..%2fsecret.txt/x`,
    `/content/${key.toUpperCase()}/imsmanifest.xml`,
    `/content/secret.txt/x`,
    `/content/${'0'.repeat(32)}/imsmanifest.xml`,
  ];
  for (const url of attempts) {
    const res = await get(url);
    assert.notEqual(res.statusCode, 200, url);
    assert.doesNotMatch(res.body, /bí mật|root:/, url);
  }
  assert.equal((await get(`/content/${key}/imsmanifest.xml`)).statusCode, 200, 'while real files are served');
});
