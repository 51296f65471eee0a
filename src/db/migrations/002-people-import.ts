import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

/**
 * Error reports of refused people imports, kept for a short while so the importer can download them
 * from any app instance. Only the row number, the column and an error code are stored — never the
 * names or phone numbers of the file.
 */
export const m002PeopleImport: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('import_reports')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
      .addColumn('row_count', 'integer', (c) => c.notNull())
      .addColumn('issues', 'text', (c) => c.notNull())
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('expires_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('import_reports_expires_idx').on('import_reports').column('expires_at').execute();
  },
});
