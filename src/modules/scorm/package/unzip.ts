/**
 * Safe extraction of an uploaded .zip. Two passes over the central directory: the first checks every
 * entry's name, type and declared sizes before a byte is written; the second inflates the files,
 * counting the real bytes (declared sizes are never trusted). Everything is written into a staging
 * folder beside the destination and renamed into place only when all went well; on any failure the
 * staging folder is removed, so nothing is left at the destination and nothing is written outside it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { PackageError, formatBytes } from './errors.js';

export interface ExtractLimits {
  /** Size of the .zip file itself. */
  maxZipBytes: number;
  /** Sum of the unpacked sizes, counted while inflating. */
  maxTotalBytes: number;
  /** Number of files (folders are counted separately, against the same limit). */
  maxFiles: number;
  /** An entry that unpacks to more than `ratioMinBytes` at more than `maxRatio`:1 is a zip bomb. */
  maxRatio: number;
  ratioMinBytes: number;
  /** Length in bytes of an entry's path. */
  maxPathBytes: number;
}

const MiB = 1024 * 1024;
export const DEFAULT_LIMITS: Readonly<ExtractLimits> = Object.freeze({
  maxZipBytes: 500 * MiB,
  maxTotalBytes: 500 * MiB,
  maxFiles: 5000,
  maxRatio: 100,
  ratioMinBytes: MiB,
  maxPathBytes: 1024,
});

export interface ExtractResult {
  fileCount: number;
  totalBytes: number;
  /** Relative POSIX paths of the extracted files, sorted. */
  files: string[];
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * The entry's path made safe, or a ZIP_UNSAFE_PATH error. Backslashes are read as separators (old
 * Windows zip tools write them), so `..\x` is caught as `../x`; `.` and empty segments are dropped.
 * Names are put in Unicode NFC: macOS zips Vietnamese names decomposed (NFD), manifests are NFC.
 */
export function safeEntryPath(raw: string, maxPathBytes = DEFAULT_LIMITS.maxPathBytes): string {
  const unsafe = () => new PackageError('ZIP_UNSAFE_PATH', raw);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) throw unsafe();
  const slashed = raw.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[a-zA-Z]:/.test(slashed)) throw unsafe();
  const segments = slashed.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.length === 0 || segments.some((s) => s === '..')) throw unsafe();
  const safe = segments.join('/').normalize('NFC');
  if (Buffer.byteLength(safe) > maxPathBytes || segments.some((s) => Buffer.byteLength(s) > 255)) throw unsafe();
  return safe;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The entry's name as the zip tool meant it: UTF-8 when flagged (or given in an Info-ZIP Unicode
 * path field), else CP437 per the spec, except that names which are valid UTF-8 are read as UTF-8,
 * since many tools write UTF-8 without setting the flag.
 */
function entryName(entry: yauzl.Entry): string {
  const flagged = (entry.generalPurposeBitFlag & 0x800) !== 0 || entry.extraFields.some((f) => f.id === 0x7075);
  if (!flagged && entry.fileNameRaw.some((b) => b >= 0x80)) {
    try {
      return strictUtf8.decode(entry.fileNameRaw);
    } catch {
      /* not UTF-8: CP437 below */
    }
  }
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

interface Planned {
  entry: yauzl.Entry;
  name: string;
}

/** Extracts `zipPath` into `dir`, an existing empty folder. Throws PackageError for a bad package. */
export async function extractZipInto(zipPath: string, dir: string, limits: Partial<ExtractLimits> = {}): Promise<ExtractResult> {
  const lim: ExtractLimits = { ...DEFAULT_LIMITS, ...limits };
  const { size } = await fsp.stat(zipPath);
  if (size > lim.maxZipBytes) throw new PackageError('ZIP_FILE_TOO_LARGE', formatBytes(size), { limit: formatBytes(lim.maxZipBytes) });

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: true });
  } catch (e) {
    throw new PackageError('ZIP_INVALID', (e as Error).message);
  }
  try {
    const plan = await planEntries(zip, lim);
    return await writeEntries(zip, plan, dir, lim);
  } finally {
    zip.close();
  }
}

/** Pass 1: names, types, counts and declared sizes, before anything is written. */
async function planEntries(zip: yauzl.ZipFile, lim: ExtractLimits): Promise<Planned[]> {
  const plan: Planned[] = [];
  const files = new Set<string>();
  const dirs = new Set<string>();
  let declaredTotal = 0;
  let dirCount = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      const rawName = entryName(entry);
      const name = safeEntryPath(rawName, lim.maxPathBytes);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) throw new PackageError('ZIP_SYMLINK', name);
      const isDir = rawName.endsWith('/') || rawName.endsWith('\\') || mode === S_IFDIR;
      if (mode !== 0 && mode !== S_IFREG && mode !== S_IFDIR) throw new PackageError('ZIP_SPECIAL_FILE', name);
      if (isDir) {
        if (++dirCount > lim.maxFiles) throw new PackageError('ZIP_TOO_MANY_FILES', name, { limit: lim.maxFiles });
        if (files.has(name)) throw new PackageError('ZIP_DUPLICATE_ENTRY', name);
        dirs.add(name);
        continue;
      }
      if (entry.isEncrypted()) throw new PackageError('ZIP_ENCRYPTED', name);
      if (files.has(name) || dirs.has(name)) throw new PackageError('ZIP_DUPLICATE_ENTRY', name);
      if (files.size + 1 > lim.maxFiles) throw new PackageError('ZIP_TOO_MANY_FILES', name, { limit: lim.maxFiles });
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > lim.maxTotalBytes) throw new PackageError('ZIP_TOO_LARGE', name, { limit: formatBytes(lim.maxTotalBytes) });
      if (isBomb(entry.uncompressedSize, entry.compressedSize, lim)) throw new PackageError('ZIP_BOMB', name, { limit: lim.maxRatio });
      files.add(name);
      plan.push({ entry, name });
    }
  } catch (e) {
    if (e instanceof PackageError) throw e;
    throw new PackageError('ZIP_INVALID', (e as Error).message);
  }
  // A file that is also a folder of another entry ("a" and "a/b") could not be written.
  for (const name of [...files, ...dirs]) {
    const parts = name.split('/');
    for (let i = 1; i < parts.length; i++) {
      if (files.has(parts.slice(0, i).join('/'))) throw new PackageError('ZIP_DUPLICATE_ENTRY', parts.slice(0, i).join('/'));
    }
  }
  return plan;
}

function isBomb(bytes: number, compressed: number, lim: ExtractLimits): boolean {
  return bytes > lim.ratioMinBytes && bytes / Math.max(compressed, 1) > lim.maxRatio;
}

/** Pass 2: inflate each file, counting real bytes against the limits. */
async function writeEntries(zip: yauzl.ZipFile, plan: Planned[], dir: string, lim: ExtractLimits): Promise<ExtractResult> {
  const root = path.resolve(dir);
  let totalBytes = 0;
  for (const { entry, name } of plan) {
    const target = path.resolve(root, name);
    if (!target.startsWith(root + path.sep)) throw new PackageError('ZIP_UNSAFE_PATH', name); // defence in depth
    await fsp.mkdir(path.dirname(target), { recursive: true, mode: 0o755 });
    let source: NodeJS.ReadableStream;
    try {
      source = await zip.openReadStreamPromise(entry);
    } catch (e) {
      throw new PackageError('ZIP_INVALID', `${name}: ${(e as Error).message}`);
    }
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb: TransformCallback) {
        bytes += chunk.length;
        totalBytes += chunk.length;
        if (totalBytes > lim.maxTotalBytes) return cb(new PackageError('ZIP_TOO_LARGE', name, { limit: formatBytes(lim.maxTotalBytes) }));
        if (isBomb(bytes, entry.compressedSize, lim)) return cb(new PackageError('ZIP_BOMB', name, { limit: lim.maxRatio }));
        if (bytes > entry.uncompressedSize) return cb(new PackageError('ZIP_INVALID', `${name}: more bytes than declared`));
        cb(null, chunk);
      },
    });
    try {
      // 'wx': never follow or overwrite anything already there.
      await pipeline(source, counter, fs.createWriteStream(target, { flags: 'wx', mode: 0o644 }));
    } catch (e) {
      if (e instanceof PackageError) throw e;
      if ((e as NodeJS.ErrnoException).syscall) throw e; // a disk problem, not the package's fault
      throw new PackageError('ZIP_INVALID', `${name}: ${(e as Error).message}`);
    }
    if (bytes !== entry.uncompressedSize) throw new PackageError('ZIP_INVALID', `${name}: fewer bytes than declared`);
  }
  // Folder entries are not created on their own: files create their folders, and no content needs an empty one.
  return { fileCount: plan.length, totalBytes, files: plan.map((p) => p.name).sort() };
}

/**
 * Runs `fill` on a fresh staging folder created in `destDir`'s parent, then renames it to `destDir`.
 * If `fill` throws, the staging folder is removed and the error is rethrown. `destDir` must not exist.
 */
export async function withStagingDir<T>(destDir: string, fill: (staging: string) => Promise<T>): Promise<T> {
  const dest = path.resolve(destDir);
  const parent = path.dirname(dest);
  if (fs.existsSync(dest)) throw new Error(`Destination already exists: ${dest}`);
  await fsp.mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(dest)}.staging-${randomBytes(6).toString('hex')}`);
  await fsp.mkdir(staging, { mode: 0o755 });
  try {
    const result = await fill(staging);
    await fsp.rename(staging, dest);
    return result;
  } catch (e) {
    await fsp.rm(staging, { recursive: true, force: true });
    throw e;
  }
}

/** Extracts `zipPath` to `destDir` (which must not exist) atomically. */
export function extractZip(zipPath: string, destDir: string, limits: Partial<ExtractLimits> = {}): Promise<ExtractResult> {
  return withStagingDir(destDir, (staging) => extractZipInto(zipPath, staging, limits));
}
