/**
 * Uploading a SCORM package: import it (safe unzip, manifest, launch files) into a fresh random folder
 * DATA_DIR/packages/<storage_key>/, then record it. A refused package leaves nothing behind and its
 * PackageError becomes an AppError whose message (vi/en) names the problem. A stored package is never
 * changed: "a new version" is a new row and a new folder with the same lineage and version + 1.
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { audit } from '../../core/audit.js';
import { AppError } from '../../core/errors.js';
import type { Actor } from '../../core/policy.js';
import { isPackageError, importPackage, launchableItems, type ScormManifest } from './package/index.js';
import { packageDir } from './content-files.js';
import * as repo from './package-repository.js';

export interface UploadOptions {
  /** Any version of the package this upload is a new version of. */
  newVersionOf?: number;
  /** Move SCORM activities that use an older version of this lineage to the new one. */
  updateActivities?: boolean;
}

export interface UploadResult {
  id: number;
  title: string;
  version: number;
  lineageId: number;
  scormVersion: string;
  items: number;
  activitiesUpdated: number;
}

export function packageAppError(err: unknown): unknown {
  if (!isPackageError(err)) return err;
  return new AppError(err.code, err.code === 'ZIP_FILE_TOO_LARGE' ? 413 : 422, { ...err.params, detail: err.detail });
}

function scormVersionLabel(m: ScormManifest): string {
  return m.version === '1.2' ? '1.2' : `2004${m.edition ? ` ${m.edition}` : ''}`;
}

export async function uploadPackage(db: Kysely<DB>, config: Config, actor: Actor | undefined, zipPath: string, fileName: string, opts: UploadOptions = {}): Promise<UploadResult> {
  const base = opts.newVersionOf === undefined ? undefined : await repo.packageById(db, opts.newVersionOf);
  if (opts.newVersionOf !== undefined && !base) throw new AppError('NOT_FOUND', 404);
  const storageKey = crypto.randomBytes(16).toString('hex');
  const dest = packageDir(config.dataDir, storageKey);
  let imported;
  try {
    imported = await importPackage(zipPath, dest, { limits: { maxZipBytes: config.scormMaxUploadBytes } });
  } catch (err) {
    throw packageAppError(err);
  }
  const { manifest } = imported;
  const title = (manifest.title.trim() || fileName.replace(/\.zip$/i, '')).slice(0, 255);
  try {
    return await db.transaction().execute(async (trx) => {
      const lineageId = base ? (base.lineage_id ?? base.id) : null;
      const version = lineageId === null ? 1 : await repo.nextVersion(trx, lineageId);
      const id = await repo.insertPackage(trx, {
        lineageId,
        version,
        title,
        scormVersion: scormVersionLabel(manifest),
        sha256: imported.sha256,
        storageKey,
        manifest: JSON.stringify(manifest),
        fileCount: imported.fileCount,
        totalBytes: imported.totalBytes,
        uploadedBy: actor?.userId ?? null,
      });
      let activitiesUpdated = 0;
      if (lineageId !== null && opts.updateActivities) {
        const older = new Set(await repo.lineageIds(trx, lineageId));
        older.delete(id);
        for (const a of await repo.scormActivities(trx)) {
          const settings = parseSettings(a.settings);
          if (!older.has(Number(settings.packageId))) continue;
          await repo.setActivitySettings(trx, a.id, JSON.stringify({ ...settings, packageId: id }));
          activitiesUpdated++;
        }
      }
      await audit(trx, actor, {
        action: 'scorm.package.upload',
        targetType: 'scorm_package',
        targetId: id,
        details: { title, version, lineageId: lineageId ?? id, files: imported.fileCount, bytes: imported.totalBytes, activitiesUpdated },
      });
      return { id, title, version, lineageId: lineageId ?? id, scormVersion: scormVersionLabel(manifest), items: launchableItems(manifest).length, activitiesUpdated };
    });
  } catch (err) {
    await fsp.rm(dest, { recursive: true, force: true });
    throw err;
  }
}

function parseSettings(json: string): Record<string, unknown> {
  try {
    const v = JSON.parse(json) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
