/**
 * Importing an uploaded SCORM package: safe extraction, manifest parsing and the launch-file check,
 * all inside a staging folder that becomes `destDir` only when everything succeeded. On any failure
 * nothing is left at `destDir` (and nothing was written outside it).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { MAX_MANIFEST_BYTES, type ScormManifest, locateManifest, readManifest, verifyLaunchFiles } from './manifest.js';
import { type ExtractLimits, extractZipInto, withStagingDir } from './unzip.js';

export interface ImportOptions {
  limits?: Partial<ExtractLimits>;
  maxManifestBytes?: number;
}

export interface ImportResult {
  manifest: ScormManifest;
  /** Files extracted (folders not counted). */
  fileCount: number;
  /** Bytes written, counted while inflating. */
  totalBytes: number;
  /** SHA-256 of the .zip file, hex: to recognize a package uploaded twice. */
  sha256: string;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

/**
 * Imports the package at `zipPath` into `destDir` (which must not exist; its parent is created if
 * needed). Throws PackageError when the package is refused; other errors are the server's problem.
 */
export async function importPackage(zipPath: string, destDir: string, opts: ImportOptions = {}): Promise<ImportResult> {
  return withStagingDir(destDir, async (staging) => {
    const hashing = sha256File(zipPath);
    hashing.catch(() => {}); // awaited below; this only silences an early rejection while extraction fails
    const { files, fileCount, totalBytes } = await extractZipInto(zipPath, staging, opts.limits);
    locateManifest(files);
    const manifest = await readManifest(staging, opts.maxManifestBytes ?? MAX_MANIFEST_BYTES);
    verifyLaunchFiles(manifest, files);
    return { manifest, fileCount, totalBytes, sha256: await hashing };
  });
}
