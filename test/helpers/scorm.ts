/** Named helpers for SCORM tests: a data folder, stored packages, a course with a SCORM activity, fixtures. */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import type { Config } from '../../src/config.js';
import { uploadPackage, type UploadResult } from '../../src/modules/scorm/package-service.js';
import { buildTestPackage } from '../../src/modules/scorm/package/test-packages.js';
import { makeCourse } from './learning.js';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/scorm');
export const fixturesPresent = fs.existsSync(FIXTURES);
export const FIXTURES_SKIP = `SCORM fixtures not found at ${FIXTURES} (they live outside the repository)`;

export const GOOD_FIXTURES = [
  'RuntimeBasicCalls_SCORM12',
  'ContentPackagingOneFilePerSCO_SCORM12',
  'RuntimeBasicCalls_SCORM20043rdEdition',
  'ContentPackagingSingleSCO_SCORM20042ndEdition',
  'SequencingForcedSequential_SCORM20043rdEdition',
];
export const BROKEN_FIXTURES: Record<string, string> = {
  MalformedXml_SCORM12: 'MANIFEST_MALFORMED',
  MissingLaunchUrl_SCORM12: 'MANIFEST_LAUNCH_MISSING',
  InvalidMissingOrgIdentifier_SCORM20043rdEdition: 'MANIFEST_ORG_IDENTIFIER_MISSING',
};

/** A fresh DATA_DIR; remove with fsp.rm(dir, { recursive: true, force: true }). */
export function makeDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kns-scorm-data-'));
}

/** Stores a package built from `files` (or a .zip path) as if uploaded. */
export async function storePackage(db: Kysely<DB>, config: Config, source: Record<string, string | Buffer> | string, name = 'goi.zip'): Promise<UploadResult> {
  let zipPath = typeof source === 'string' ? source : '';
  if (typeof source !== 'string') {
    zipPath = path.join(config.dataDir, `build-${Math.random().toString(16).slice(2)}.zip`);
    await buildTestPackage(source, { writeTo: zipPath });
  }
  try {
    return await uploadPackage(db, config, undefined, zipPath, name);
  } finally {
    if (typeof source !== 'string') await fsp.rm(zipPath, { force: true });
  }
}

/** A published open course whose only activity launches the package. */
export async function scormCourse(db: Kysely<DB>, packageId: number, opts: { completion?: 'completed' | 'passed'; title?: string } = {}) {
  const { courseId, activityIds } = await makeCourse(db, {
    activities: [{ type: 'scorm', title: opts.title ?? 'Bài học SCORM', settings: { packageId, completion: opts.completion ?? 'completed' } }],
  });
  return { courseId, activityId: activityIds[0] };
}

/** A SCORM 1.2 package with n SCOs (sco1…scoN), each a plain page. */
export function multiSco12(n: number, opts: { masteryScore?: number } = {}): Record<string, string> {
  const items = Array.from({ length: n }, (_, i) =>
    `<item identifier="sco${i + 1}" identifierref="r${i + 1}"><title>Bài ${i + 1}</title>${opts.masteryScore !== undefined ? `<adlcp:masteryscore>${opts.masteryScore}</adlcp:masteryscore>` : ''}</item>`,
  ).join('');
  const resources = Array.from({ length: n }, (_, i) => `<resource identifier="r${i + 1}" type="webcontent" adlcp:scormtype="sco" href="bai${i + 1}.html"/>`).join('');
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="kns.test.multi" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>Nhiều bài</title>${items}</organization></organizations>
  <resources>${resources}</resources>
</manifest>`;
  const files: Record<string, string> = { 'imsmanifest.xml': manifest };
  for (let i = 1; i <= n; i++) files[`bai${i}.html`] = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Bài ${i}</title><p>Bài ${i}</p></html>`;
  return files;
}
