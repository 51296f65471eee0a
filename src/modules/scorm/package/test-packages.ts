/**
 * Builds .zip packages for tests (not a test file: other tests import it). Besides ordinary files it
 * can write what a hostile zip contains and yazl refuses to: names like "../evil.txt" or "/abs.txt"
 * (patched in after zipping), symlinks and other file types (unix mode), lying size headers, the
 * encryption flag and names without the UTF-8 flag. Also holds two small valid packages, SCORM 1.2 and SCORM 2004 4th edition.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yazl from 'yazl';
import { PackageError, type PackageErrorCode } from './errors.js';

export interface TestPackageOptions {
  /** Unix mode per entry, e.g. 0o120777 for a symlink (the content is the link target), 0o010644 for a FIFO. */
  modes?: Record<string, number>;
  /** Store without compression. */
  store?: boolean;
  /** Uncompressed size to declare in the central directory instead of the real one. */
  declaredSizes?: Record<string, number>;
  /** Entries to flag as encrypted. */
  encrypted?: string[];
  /** Entries whose "name is UTF-8" flag to clear (as old Windows tools write them). */
  notFlaggedUtf8?: string[];
  /** Also write the zip to this path. */
  writeTo?: string;
}

/** Names yazl would refuse or rewrite (absolute, "..", backslashes): zipped under a placeholder, then patched. */
function needsPatch(name: string): boolean {
  return name.includes('\\') || name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..');
}

function placeholder(name: string, i: number): string {
  const len = Buffer.byteLength(name);
  const base = `q${i}`;
  if (len < base.length) throw new Error(`name too short to patch: ${name}`);
  return base + 'Q'.repeat(len - base.length);
}

function replaceAll(buf: Buffer, from: Buffer, to: Buffer): void {
  for (let at = buf.indexOf(from); at >= 0; at = buf.indexOf(from, at + to.length)) to.copy(buf, at);
}

/** Calls `fn` with the offset of each central directory record named `name`. */
function eachCentralRecord(buf: Buffer, name: string, fn: (offset: number) => void): void {
  const wanted = Buffer.from(name);
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]); // 0x02014b50, little-endian
  for (let at = buf.indexOf(signature); at >= 0; at = buf.indexOf(signature, at + 4)) {
    const nameLength = buf.readUInt16LE(at + 28);
    if (buf.subarray(at + 46, at + 46 + nameLength).equals(wanted)) fn(at);
  }
}

export async function buildTestPackage(files: Record<string, string | Buffer>, opts: TestPackageOptions = {}): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  const patches: [string, string][] = [];
  Object.entries(files).forEach(([name, content], i) => {
    let zipName = name;
    if (needsPatch(name)) {
      zipName = placeholder(name, i);
      patches.push([zipName, name]);
    }
    const mode = opts.modes?.[name];
    if (name.endsWith('/') && !needsPatch(name)) zip.addEmptyDirectory(zipName, mode ? { mode } : {});
    else zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), zipName, { compress: !opts.store, ...(mode ? { mode } : {}) });
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const buf = Buffer.concat(chunks);
  for (const [from, to] of patches) replaceAll(buf, Buffer.from(from), Buffer.from(to));
  for (const [name, size] of Object.entries(opts.declaredSizes ?? {})) eachCentralRecord(buf, name, (at) => buf.writeUInt32LE(size, at + 24));
  for (const name of opts.encrypted ?? []) eachCentralRecord(buf, name, (at) => buf.writeUInt16LE(buf.readUInt16LE(at + 8) | 1, at + 8));
  for (const name of opts.notFlaggedUtf8 ?? []) eachCentralRecord(buf, name, (at) => buf.writeUInt16LE(buf.readUInt16LE(at + 8) & ~0x800, at + 8));
  if (opts.writeTo) await fsp.writeFile(opts.writeTo, buf);
  return buf;
}

/** A fresh folder under os.tmpdir(); remove it with `fsp.rm(dir, { recursive: true, force: true })`. */
export function makeTempDir(prefix = 'kynangso-scorm-'): Promise<string> {
  return fsp.mkdtemp(path.join(os.tmpdir(), prefix));
}

/** Every path under `dir` (relative, sorted), to compare a folder before and after. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await fsp.readdir(dir, { recursive: true });
  return entries.map(String).sort();
}

/**
 * Runs `run(zipPath, destDir)` on `zip` in a fresh temporary tree and asserts that it is refused with
 * `code` (and `detail`, when given), that nothing exists at destDir, and that nothing was written
 * anywhere else: the whole tree is identical before and after, and no "/abs.txt" appeared.
 */
export async function assertRefused(
  zip: Buffer,
  code: PackageErrorCode,
  run: (zipPath: string, destDir: string) => Promise<unknown>,
  detail?: string | RegExp,
): Promise<PackageError> {
  const root = await makeTempDir();
  try {
    const parent = path.join(root, 'packages');
    await fsp.mkdir(parent);
    const zipPath = path.join(root, 'upload.zip');
    await fsp.writeFile(zipPath, zip);
    const dest = path.join(parent, 'course');
    const before = await listTree(root);
    let caught: unknown;
    await run(zipPath, dest).catch((e: unknown) => (caught = e));
    assert.ok(caught instanceof PackageError, `expected PackageError ${code}, got ${String(caught)}`);
    assert.equal(caught.code, code, `${caught.code}: ${caught.detail}`);
    if (typeof detail === 'string') assert.equal(caught.detail, detail);
    else if (detail) assert.match(caught.detail, detail);
    assert.equal(fs.existsSync(dest), false, 'nothing at destDir');
    assert.deepEqual(await listTree(root), before, 'nothing written outside destDir');
    assert.equal(fs.existsSync(path.join(parent, 'evil.txt')), false);
    assert.equal(fs.existsSync(path.join(root, 'evil.txt')), false);
    assert.equal(fs.existsSync('/abs.txt'), false);
    return caught;
  } finally {
    await fsp.rm(root, { recursive: true, force: true });
  }
}

const PAGE = '<!doctype html><html lang="vi"><meta charset="utf-8"><title>Bài học</title><p>Xin chào</p></html>';

export const SCORM12_MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="kynangso.test.scorm12" version="1"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org">
      <title>Kỹ năng số cơ bản</title>
      <item identifier="bai1" identifierref="r1">
        <title>Bài 1: Dùng điện thoại thông minh</title>
        <adlcp:masteryscore>80</adlcp:masteryscore>
        <adlcp:datafromlms>mode=practice</adlcp:datafromlms>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource>
  </resources>
</manifest>`;

/** SCORM 2004 4th edition with odd prefixes on purpose: cp: for IMS CP, a2: for adlcp, ss: for imsss. */
export const SCORM2004_MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<cp:manifest identifier="kynangso.test.scorm2004" version="1"
  xmlns:cp="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:a2="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:ss="http://www.imsglobal.org/xsd/imsss" xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3">
  <cp:metadata><cp:schema>ADL SCORM</cp:schema><cp:schemaversion>2004 4th Edition</cp:schemaversion></cp:metadata>
  <cp:organizations default="org">
    <cp:organization identifier="org">
      <cp:title>An toàn trên mạng</cp:title>
      <cp:item identifier="bai1" identifierref="r1" parameters="?lesson=1">
        <cp:title>Bài 1: Mật khẩu mạnh</cp:title>
        <a2:completionThreshold completedByMeasure="true" minProgressMeasure="0.8"/>
        <a2:timeLimitAction>exit,message</a2:timeLimitAction>
        <ss:sequencing>
          <ss:objectives>
            <ss:primaryObjective objectiveID="pass" satisfiedByMeasure="true"><ss:minNormalizedMeasure>0.7</ss:minNormalizedMeasure></ss:primaryObjective>
          </ss:objectives>
        </ss:sequencing>
        <adlnav:presentation><adlnav:navigationInterface><adlnav:hideLMSUI>continue</adlnav:hideLMSUI></adlnav:navigationInterface></adlnav:presentation>
      </cp:item>
      <cp:item identifier="bai2" identifierref="r2">
        <cp:title>Bài 2: Lừa đảo qua mạng</cp:title>
      </cp:item>
      <ss:sequencing><ss:controlMode choice="false" flow="true" forwardOnly="true"/></ss:sequencing>
    </cp:organization>
  </cp:organizations>
  <cp:resources xml:base="content/">
    <cp:resource identifier="r1" type="webcontent" a2:scormType="sco" href="bai%201.html"><cp:file href="bai%201.html"/></cp:resource>
    <cp:resource identifier="r2" type="webcontent" a2:scormType="asset" href="bai2.html#dau"><cp:file href="bai2.html"/></cp:resource>
  </cp:resources>
</cp:manifest>`;

export const SCORM12_FILES: Record<string, string> = { 'imsmanifest.xml': SCORM12_MANIFEST, 'index.html': PAGE };
export const SCORM2004_FILES: Record<string, string> = {
  'imsmanifest.xml': SCORM2004_MANIFEST,
  'content/bai 1.html': PAGE,
  'content/bai2.html': PAGE,
};
