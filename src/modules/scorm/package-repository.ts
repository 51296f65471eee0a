/** SQL for stored SCORM packages (immutable rows: a new version is a new row of the same lineage). */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface PackageRow {
  id: number;
  lineage_id: number | null;
  version: number;
  title: string;
  scorm_version: string;
  storage_key: string;
  file_count: number;
  total_bytes: number;
  created_at: string;
}

const COLUMNS = ['id', 'lineage_id', 'version', 'title', 'scorm_version', 'storage_key', 'file_count', 'total_bytes', 'created_at'] as const;

/** Every package version, newest first within each lineage. */
export async function listPackages(db: Conn): Promise<PackageRow[]> {
  const rows = await db.selectFrom('scorm_packages').select(COLUMNS).orderBy('title').orderBy('version', 'desc').execute();
  return rows.map((r) => ({ ...r, total_bytes: Number(r.total_bytes) }));
}

export async function packageById(db: Conn, id: number): Promise<PackageRow | undefined> {
  const row = await db.selectFrom('scorm_packages').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row && { ...row, total_bytes: Number(row.total_bytes) };
}

export async function packageManifest(db: Conn, id: number): Promise<string | undefined> {
  const row = await db.selectFrom('scorm_packages').select('manifest').where('id', '=', id).executeTakeFirst();
  return row?.manifest;
}

export async function lineageIds(db: Conn, lineageId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('scorm_packages')
    .select('id')
    .where((eb) => eb.or([eb('lineage_id', '=', lineageId), eb('id', '=', lineageId)]))
    .execute();
  return rows.map((r) => r.id);
}

export async function nextVersion(db: Conn, lineageId: number): Promise<number> {
  const row = await db
    .selectFrom('scorm_packages')
    .select((eb) => eb.fn.max('version').as('v'))
    .where((eb) => eb.or([eb('lineage_id', '=', lineageId), eb('id', '=', lineageId)]))
    .executeTakeFirst();
  return Number(row?.v ?? 0) + 1;
}

export interface NewPackage {
  lineageId: number | null;
  version: number;
  title: string;
  scormVersion: string;
  sha256: string;
  storageKey: string;
  manifest: string;
  fileCount: number;
  totalBytes: number;
  uploadedBy: number | null;
}

/** Inserts a version; the first version of a lineage is its own lineage. */
export async function insertPackage(db: Conn, p: NewPackage): Promise<number> {
  const { id } = await db
    .insertInto('scorm_packages')
    .values({
      lineage_id: p.lineageId,
      version: p.version,
      title: p.title,
      scorm_version: p.scormVersion,
      sha256: p.sha256,
      storage_key: p.storageKey,
      manifest: p.manifest,
      file_count: p.fileCount,
      total_bytes: p.totalBytes,
      uploaded_by: p.uploadedBy,
      created_at: new Date().toISOString(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (p.lineageId === null) await db.updateTable('scorm_packages').set({ lineage_id: id }).where('id', '=', id).execute();
  return id;
}

/** SCORM activities (id, settings JSON) of any course. */
export async function scormActivities(db: Conn): Promise<Array<{ id: number; settings: string }>> {
  return db.selectFrom('activities').select(['id', 'settings']).where('type', '=', 'scorm').execute();
}

export async function setActivitySettings(db: Conn, id: number, settings: string): Promise<void> {
  await db.updateTable('activities').set({ settings, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}
