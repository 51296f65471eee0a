import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PackageError } from './errors.js';
import { assertRefused, buildTestPackage, listTree, makeTempDir } from './test-packages.js';
import { type ExtractLimits, extractZip, safeEntryPath } from './unzip.js';

const MiB = 1024 * 1024;
const extractWith = (limits: Partial<ExtractLimits> = {}) => (zipPath: string, dest: string) => extractZip(zipPath, dest, limits);

let tmp: string;
before(async () => {
  tmp = await makeTempDir();
});
after(async () => {
  await fsp.rm(tmp, { recursive: true, force: true });
});

describe('safeEntryPath', () => {
  test('accepts ordinary names, normalizing separators and empty or "." segments', () => {
    assert.equal(safeEntryPath('a/b.html'), 'a/b.html');
    assert.equal(safeEntryPath('./a//b.html'), 'a/b.html');
    assert.equal(safeEntryPath('dir\\file.html'), 'dir/file.html');
    assert.equal(safeEntryPath('Bài 1/ảnh đẹp.png'), 'Bài 1/ảnh đẹp.png');
    assert.equal(safeEntryPath('folder/'), 'folder');
  });

  test('refuses traversal, absolute paths, drive letters, backslash tricks, NUL and control characters', () => {
    const bad = ['../evil.txt', 'a/../../evil.txt', 'a/..', '/abs.txt', '..\\win.txt', 'a\\..\\..\\win.txt', 'C:\\win.txt', 'c:evil.txt',
      '\\\\server\\share\\x.txt', 'a\u0000b.txt', 'a\nb.txt', '', '.', './'];
    for (const name of bad) {
      assert.throws(() => safeEntryPath(name), (e: unknown) => e instanceof PackageError && e.code === 'ZIP_UNSAFE_PATH' && e.detail === name, JSON.stringify(name));
    }
  });

  test('refuses names too long for the file system', () => {
    assert.throws(() => safeEntryPath('a'.repeat(256)), /ZIP_UNSAFE_PATH/);
    assert.throws(() => safeEntryPath('a/'.repeat(600) + 'b'), /ZIP_UNSAFE_PATH/);
  });
});

describe('extractZip', () => {
  test('extracts files and folders, keeping UTF-8 names, and counts the real bytes', async () => {
    const zipPath = path.join(tmp, 'ok.zip');
    await buildTestPackage({ 'index.html': '<p>Xin chào</p>', 'Bài 1/ảnh.txt': 'ảnh', 'empty/': '', 'data/big.bin': Buffer.alloc(5000, 7) }, { writeTo: zipPath });
    const dest = path.join(tmp, 'out-ok', 'course');
    const result = await extractZip(zipPath, dest);
    assert.deepEqual(result.files, ['Bài 1/ảnh.txt', 'data/big.bin', 'index.html']);
    assert.equal(result.fileCount, 3);
    assert.equal(result.totalBytes, Buffer.byteLength('<p>Xin chào</p>') + Buffer.byteLength('ảnh') + 5000);
    assert.equal(await fsp.readFile(path.join(dest, 'Bài 1/ảnh.txt'), 'utf8'), 'ảnh');
    assert.deepEqual(await fsp.readFile(path.join(dest, 'data/big.bin')), Buffer.alloc(5000, 7));
    assert.deepEqual(await fsp.readdir(path.dirname(dest)), ['course'], 'no staging folder left behind');
  });

  test('names: UTF-8 without the flag, CP437 and decomposed (NFD) Vietnamese are read as meant, in NFC', async () => {
    const nfd = 'Bài học/ảnh.txt'.normalize('NFD');
    const zip = await buildTestPackage({ 'tiếng việt.txt': 'a', [nfd]: 'b', 'cafXY.txt': 'c' }, { notFlaggedUtf8: ['tiếng việt.txt', 'cafXY.txt'] });
    // "caf\x82\x82.txt": CP437 for "caféé.txt", and not valid UTF-8.
    const from = Buffer.from('cafXY.txt');
    for (let at = zip.indexOf(from); at >= 0; at = zip.indexOf(from, at + 1)) zip.set([0x82, 0x82], at + 3);
    const zipPath = path.join(tmp, 'names.zip');
    await fsp.writeFile(zipPath, zip);
    const result = await extractZip(zipPath, path.join(tmp, 'names'));
    assert.deepEqual(result.files, ['Bài học/ảnh.txt'.normalize('NFC'), 'caféé.txt', 'tiếng việt.txt']);
    assert.equal(await fsp.readFile(path.join(tmp, 'names', 'Bài học/ảnh.txt'.normalize('NFC')), 'utf8'), 'b');
  });

  test('refuses a destination that already exists, leaving it untouched', async () => {
    const zipPath = path.join(tmp, 'exists.zip');
    await buildTestPackage({ 'a.txt': 'a' }, { writeTo: zipPath });
    const dest = path.join(tmp, 'exists');
    await fsp.mkdir(dest);
    await fsp.writeFile(path.join(dest, 'keep.txt'), 'keep');
    await assert.rejects(extractZip(zipPath, dest), /already exists/);
    assert.deepEqual(await fsp.readdir(dest), ['keep.txt']);
  });

  for (const name of ['../evil.txt', '../../evil.txt', '/abs.txt', '..\\win.txt', '..\\..\\evil.txt', 'C:/win.txt', 'ok/../../evil.txt']) {
    test(`refuses the entry ${JSON.stringify(name)} and writes nothing`, async () => {
      const zip = await buildTestPackage({ 'imsmanifest.xml': '<manifest/>', 'a/ok.html': 'ok', [name]: 'pwned' });
      await assertRefused(zip, 'ZIP_UNSAFE_PATH', extractWith(), name);
    });
  }

  test('refuses a symlink entry', async () => {
    const zip = await buildTestPackage({ 'index.html': 'x', 'link.html': '/etc/passwd' }, { modes: { 'link.html': 0o120777 } });
    await assertRefused(zip, 'ZIP_SYMLINK', extractWith(), 'link.html');
  });

  test('refuses a symlinked folder entry', async () => {
    const zip = await buildTestPackage({ 'shared': '/etc' }, { modes: { shared: 0o120755 } });
    await assertRefused(zip, 'ZIP_SYMLINK', extractWith(), 'shared');
  });

  test('refuses other special files (a FIFO)', async () => {
    const zip = await buildTestPackage({ 'index.html': 'x', 'pipe': '' }, { modes: { pipe: 0o010644 } });
    await assertRefused(zip, 'ZIP_SPECIAL_FILE', extractWith(), 'pipe');
  });

  test('accepts regular files with unix modes', async () => {
    const zipPath = path.join(tmp, 'modes.zip');
    await buildTestPackage({ 'run.sh': 'echo', 'a/': '' }, { modes: { 'run.sh': 0o100755, 'a/': 0o040755 }, writeTo: zipPath });
    const result = await extractZip(zipPath, path.join(tmp, 'modes'));
    assert.deepEqual(result.files, ['run.sh']);
  });

  test('refuses encrypted entries', async () => {
    const zip = await buildTestPackage({ 'index.html': 'x', 'secret.html': 'y' }, { encrypted: ['secret.html'] });
    await assertRefused(zip, 'ZIP_ENCRYPTED', extractWith(), 'secret.html');
  });

  test('refuses duplicate names and a file that is also a folder', async () => {
    const dup = await buildTestPackage({ 'a.html': '1', './a.html': '2' });
    await assertRefused(dup, 'ZIP_DUPLICATE_ENTRY', extractWith(), 'a.html');
    const clash = await buildTestPackage({ 'a': 'file', 'a/b.html': 'x' });
    await assertRefused(clash, 'ZIP_DUPLICATE_ENTRY', extractWith(), 'a');
  });

  test('a zip bomb: 8 MiB of zeros (~8 KiB zipped) is refused by the ratio check before anything is written', async () => {
    const zip = await buildTestPackage({ 'index.html': 'x', 'zeros.bin': Buffer.alloc(8 * MiB) });
    assert.ok(zip.length < 64 * 1024, `compressed to ${zip.length} bytes`);
    await assertRefused(zip, 'ZIP_BOMB', extractWith(), 'zeros.bin');
    // Under the ratio floor (1 MiB), high ratios are fine: small files of repeated text compress well.
    const zipPath = path.join(tmp, 'small-ratio.zip');
    await buildTestPackage({ 'blank.txt': Buffer.alloc(512 * 1024) }, { writeTo: zipPath });
    assert.equal((await extractZip(zipPath, path.join(tmp, 'small-ratio'))).totalBytes, 512 * 1024);
  });

  test('a zip bomb with lying size headers is caught while inflating, after other files were written', async () => {
    // Declares exactly 1 MiB (the ratio floor) for 4 MiB of zeros: the first pass sees nothing wrong.
    const zip = await buildTestPackage(
      { 'a/first.html': 'written first', 'b/second.bin': randomBytes(200_000), 'z/zeros.bin': Buffer.alloc(4 * MiB) },
      { declaredSizes: { 'z/zeros.bin': MiB } },
    );
    await assertRefused(zip, 'ZIP_BOMB', extractWith(), 'z/zeros.bin');
  });

  test('an entry inflating to more bytes than declared is refused', async () => {
    const zip = await buildTestPackage({ 'index.html': 'x', 'data.bin': randomBytes(100_000) }, { declaredSizes: { 'data.bin': 10 } });
    await assertRefused(zip, 'ZIP_INVALID', extractWith(), /^data\.bin: more bytes than declared/);
  });

  test('an entry inflating to fewer bytes than declared is refused', async () => {
    const zip = await buildTestPackage({ 'data.bin': randomBytes(1000) }, { declaredSizes: { 'data.bin': 5000 } });
    await assertRefused(zip, 'ZIP_INVALID', extractWith(), /^data\.bin: fewer bytes than declared/);
  });

  test('refuses a package whose unpacked size passes the limit', async () => {
    const zip = await buildTestPackage({ 'a.bin': randomBytes(MiB), 'b.bin': randomBytes(MiB), 'c.bin': randomBytes(MiB) });
    const e = await assertRefused(zip, 'ZIP_TOO_LARGE', extractWith({ maxTotalBytes: 2.5 * MiB }), 'c.bin');
    assert.equal(e.params.limit, '2.5 MiB');
    assert.match(e.describe('vi'), /vượt quá giới hạn 2\.5 MiB \(tính đến tệp “c\.bin”\)/);
  });

  test('refuses too many files', async () => {
    const files = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${String(i).padStart(2, '0')}.txt`, `${i}`]));
    await assertRefused(await buildTestPackage(files), 'ZIP_TOO_MANY_FILES', extractWith({ maxFiles: 10 }), 'f10.txt');
    const zipPath = path.join(tmp, 'ten.zip');
    await buildTestPackage(Object.fromEntries(Object.entries(files).slice(0, 10)), { writeTo: zipPath });
    assert.equal((await extractZip(zipPath, path.join(tmp, 'ten'), { maxFiles: 10 })).fileCount, 10);
  });

  test('refuses a .zip file larger than allowed', async () => {
    const zip = await buildTestPackage({ 'a.bin': randomBytes(4096) });
    const e = await assertRefused(zip, 'ZIP_FILE_TOO_LARGE', extractWith({ maxZipBytes: 1024 }));
    assert.equal(e.params.limit, '1 KiB');
  });

  test('refuses files that are not zips: text, empty, truncated', async () => {
    await assertRefused(Buffer.from('Đây không phải tệp zip'), 'ZIP_INVALID', extractWith());
    await assertRefused(Buffer.alloc(0), 'ZIP_INVALID', extractWith());
    const good = await buildTestPackage({ 'a.bin': randomBytes(10_000), 'b.txt': 'b' });
    await assertRefused(good.subarray(0, good.length - 30), 'ZIP_INVALID', extractWith());
    const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000)]);
    await assertRefused(pdf, 'ZIP_INVALID', extractWith());
  });

  test('a failure leaves the parent folder exactly as it was', async () => {
    const parent = path.join(tmp, 'shared-parent');
    await fsp.mkdir(path.join(parent, 'other-course'), { recursive: true });
    await fsp.writeFile(path.join(parent, 'other-course', 'index.html'), 'other');
    const zipPath = path.join(tmp, 'late-failure.zip');
    await buildTestPackage({ 'a.html': 'a', 'b.bin': randomBytes(50_000) }, { declaredSizes: { 'b.bin': 100 }, writeTo: zipPath });
    const beforeList = await listTree(parent);
    await assert.rejects(extractZip(zipPath, path.join(parent, 'course')), PackageError);
    assert.deepEqual(await listTree(parent), beforeList);
    assert.equal(fs.existsSync(path.join(parent, 'course')), false);
  });
});
