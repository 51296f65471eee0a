/** SQL of the import: batched inserts inside the caller's transaction, and short-lived error reports. */
import crypto from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { userRowValues, type NewUser } from '../accounts/repository.js';
import type { ImportIssue } from './import-rows.js';

/** Rows per INSERT: 500 × 16 columns stays far below the bind-parameter limits of SQLite and PostgreSQL. */
export const INSERT_BATCH = 500;
export const REPORT_TTL_HOURS = 24;

export async function insertPeople(trx: Transaction<DB>, people: NewUser[]): Promise<void> {
  const now = new Date().toISOString();
  for (let i = 0; i < people.length; i += INSERT_BATCH) {
    await trx
      .insertInto('users')
      .values(people.slice(i, i + INSERT_BATCH).map((p) => userRowValues(p, now)))
      .execute();
  }
}

/** Stores a report for its owner only; expired reports are removed on the way. */
export async function saveReport(
  db: Kysely<DB>,
  report: { userId: number; fileName: string; rowCount: number; issues: ImportIssue[] },
): Promise<string> {
  const id = crypto.randomUUID();
  const now = new Date();
  await db.deleteFrom('import_reports').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('import_reports')
    .values({
      id,
      user_id: report.userId,
      file_name: report.fileName.slice(0, 255),
      row_count: report.rowCount,
      issues: JSON.stringify(report.issues),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + REPORT_TTL_HOURS * 3600_000).toISOString(),
    })
    .execute();
  return id;
}

export interface StoredReport {
  fileName: string;
  rowCount: number;
  issues: ImportIssue[];
}

/** The report, when it belongs to this user and has not expired. */
export async function loadReport(db: Kysely<DB>, id: string, userId: number): Promise<StoredReport | undefined> {
  const row = await db
    .selectFrom('import_reports')
    .select(['file_name', 'row_count', 'issues'])
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  return row ? { fileName: row.file_name, rowCount: row.row_count, issues: JSON.parse(row.issues) as ImportIssue[] } : undefined;
}
