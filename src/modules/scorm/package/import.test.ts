import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type ImportOptions, importPackage } from './import.js';
import { launchableItems } from './manifest.js';
import { SCORM12_FILES, SCORM12_MANIFEST, SCORM2004_FILES, assertRefused, buildTestPackage, listTree, makeTempDir } from './test-packages.js';

const importWith = (opts: ImportOptions = {}) => (zipPath: string, dest: string) => importPackage(zipPath, dest, opts);

let tmp: string;
before(async () => {
  tmp = await makeTempDir();
});
after(async () => {
  await fsp.rm(tmp, { recursive: true, force: true });
});

describe('importPackage: valid packages', () => {
  test('a minimal SCORM 1.2 package', async () => {
    const zip = await buildTestPackage(SCORM12_FILES, { writeTo: path.join(tmp, 'p12.zip') });
    const dest = path.join(tmp, 'courses', 'p12');
    const result = await importPackage(path.join(tmp, 'p12.zip'), dest);
    assert.equal(result.manifest.version, '1.2');
    assert.equal(result.fileCount, 2);
    assert.equal(result.totalBytes, Object.values(SCORM12_FILES).reduce((n, s) => n + Buffer.byteLength(s), 0));
    assert.equal(result.sha256, createHash('sha256').update(zip).digest('hex'));
    assert.deepEqual(launchableItems(result.manifest).map((i) => i.launchUrl), ['index.html']);
    assert.deepEqual(await listTree(dest), ['imsmanifest.xml', 'index.html']);
    assert.deepEqual(await fsp.readdir(path.dirname(dest)), ['p12'], 'no staging folder left');
  });

  test('a SCORM 2004 package with a folder, a space in a file name and parameters', async () => {
    await buildTestPackage(SCORM2004_FILES, { writeTo: path.join(tmp, 'p2004.zip') });
    const dest = path.join(tmp, 'courses', 'p2004');
    const { manifest, fileCount } = await importPackage(path.join(tmp, 'p2004.zip'), dest);
    assert.equal(manifest.edition, '4th');
    assert.equal(fileCount, 3);
    const items = launchableItems(manifest);
    assert.deepEqual(items.map((i) => [i.launchUrl, i.scormType]), [['content/bai%201.html?lesson=1', 'sco'], ['content/bai2.html#dau', 'asset']]);
    assert.ok(fs.existsSync(path.join(dest, items[0].launchFile!)));
  });

  test('a package zipped on macOS (decomposed Vietnamese names) matches its manifest', async () => {
    const manifest = SCORM12_MANIFEST.replace(/href="index.html"/g, 'href="b%C3%A0i%20h%E1%BB%8Dc.html"');
    const zipPath = path.join(tmp, 'mac.zip');
    await buildTestPackage({ 'imsmanifest.xml': manifest, ['bài học.html'.normalize('NFD')]: 'x' }, { writeTo: zipPath });
    const { manifest: m } = await importPackage(zipPath, path.join(tmp, 'courses', 'mac'));
    assert.equal(launchableItems(m)[0].launchFile, 'bài học.html'.normalize('NFC'));
    assert.ok(fs.existsSync(path.join(tmp, 'courses', 'mac', 'bài học.html'.normalize('NFC'))));
  });
});

describe('importPackage: refusals leave nothing behind', () => {
  test('a file that is not a zip', async () => {
    await assertRefused(Buffer.from('<html>not a zip</html>'), 'ZIP_INVALID', importWith());
  });

  test('unsafe entries, symlinks and bombs are refused through importPackage too', async () => {
    for (const name of ['../evil.txt', '/abs.txt', '..\\win.txt']) {
      await assertRefused(await buildTestPackage({ ...SCORM12_FILES, [name]: 'x' }), 'ZIP_UNSAFE_PATH', importWith(), name);
    }
    const link = await buildTestPackage({ ...SCORM12_FILES, 'shared/x.js': '../../../etc/passwd' }, { modes: { 'shared/x.js': 0o120777 } });
    await assertRefused(link, 'ZIP_SYMLINK', importWith(), 'shared/x.js');
    const bomb = await buildTestPackage({ ...SCORM12_FILES, 'video.mp4': Buffer.alloc(4 * 1024 * 1024) });
    await assertRefused(bomb, 'ZIP_BOMB', importWith(), 'video.mp4');
    await assertRefused(bomb, 'ZIP_TOO_LARGE', importWith({ limits: { maxTotalBytes: 1024 * 1024 } }), 'video.mp4');
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`img/${i}.png`, 'x']));
    await assertRefused(await buildTestPackage({ ...SCORM12_FILES, ...many }), 'ZIP_TOO_MANY_FILES', importWith({ limits: { maxFiles: 20 } }));
  });

  test('no manifest, a manifest in a sub-folder, a manifest with the wrong case', async () => {
    await assertRefused(await buildTestPackage({ 'index.html': 'x' }), 'MANIFEST_MISSING', importWith(), '');
    const nested = await buildTestPackage({ 'Khoa hoc/imsmanifest.xml': SCORM12_MANIFEST, 'Khoa hoc/index.html': 'x' });
    const e = await assertRefused(nested, 'MANIFEST_NOT_AT_ROOT', importWith(), 'Khoa hoc');
    assert.match(e.describe('vi'), /nằm trong thư mục con “Khoa hoc”/);
    await assertRefused(await buildTestPackage({ 'IMSManifest.xml': SCORM12_MANIFEST, 'index.html': 'x' }), 'MANIFEST_MISSING', importWith(), 'IMSManifest.xml');
  });

  test('a manifest naming a launch file that is not in the package (case-sensitive)', async () => {
    await assertRefused(await buildTestPackage({ 'imsmanifest.xml': SCORM12_MANIFEST }), 'MANIFEST_FILE_MISSING', importWith(), 'index.html');
    const wrongCase = await buildTestPackage({ 'imsmanifest.xml': SCORM12_MANIFEST, 'Index.html': 'x' });
    const e = await assertRefused(wrongCase, 'MANIFEST_FILE_MISSING', importWith(), 'index.html');
    assert.equal(e.describe('vi'), 'Tệp khởi chạy “index.html” được khai báo trong imsmanifest.xml nhưng không có trong gói. Lưu ý: tên tệp phân biệt chữ hoa, chữ thường.');
  });

  test('a malformed, an oversized and an invalid manifest', async () => {
    const broken = await buildTestPackage({ 'imsmanifest.xml': SCORM12_MANIFEST.replace('</organization>', ''), 'index.html': 'x' });
    await assertRefused(broken, 'MANIFEST_MALFORMED', importWith());
    await assertRefused(await buildTestPackage(SCORM12_FILES), 'MANIFEST_TOO_LARGE', importWith({ maxManifestBytes: 100 }));
    const noOrg = await buildTestPackage({ ...SCORM12_FILES, 'imsmanifest.xml': SCORM12_MANIFEST.replace('identifier="org"', '') });
    await assertRefused(noOrg, 'MANIFEST_ORG_IDENTIFIER_MISSING', importWith(), 'Kỹ năng số cơ bản');
  });
});
