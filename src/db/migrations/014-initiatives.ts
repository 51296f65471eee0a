/**
 * Initiatives and models ("sáng kiến, mô hình"), src/modules/initiatives.
 *
 *  - initiatives: proposed by a unit; status 'submitted' → 'returned' (with a comment; the unit edits and
 *    resubmits) or 'accepted' (shown publicly at /sang-kien).
 *  - initiative_history: every step (submitted, edited, resubmitted, returned, accepted) with its comment.
 *  - initiative_files: attachments (PDF, DOCX, XLSX, JPEG, PNG, WebP — checked by their bytes), stored under
 *    DATA_DIR/initiatives/<storage_key>.
 *  - initiative_replications: a unit records that it replicated an accepted initiative; once per unit.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m014Initiatives: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('initiatives')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('results', 'text', (c) => c.notNull())
      /** 'submitted', 'returned', 'accepted'. */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('submitted_at', t.ts, (c) => c.notNull())
      .addColumn('decided_at', t.ts)
      .addColumn('decided_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('initiatives_unit').on('initiatives').column('unit_id').execute();
    await db.schema.createIndex('initiatives_status').on('initiatives').column('status').execute();

    await db.schema
      .createTable('initiative_history')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('initiative_id', 'integer', (c) => c.notNull().references('initiatives.id'))
      .addColumn('action', 'varchar(16)', (c) => c.notNull())
      .addColumn('comment', 'text')
      .addColumn('actor_id', 'integer')
      .addColumn('at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('initiative_history_initiative').on('initiative_history').column('initiative_id').execute();

    await db.schema
      .createTable('initiative_files')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('initiative_id', 'integer', (c) => c.notNull().references('initiatives.id'))
      .addColumn('storage_key', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('file_name', 'varchar(255)', (c) => c.notNull())
      /** 'pdf', 'docx', 'xlsx', 'jpeg', 'png', 'webp'. */
      .addColumn('kind', 'varchar(8)', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('initiative_files_initiative').on('initiative_files').column('initiative_id').execute();

    await db.schema
      .createTable('initiative_replications')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('initiative_id', 'integer', (c) => c.notNull().references('initiatives.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      /** The day it was put in place, YYYY-MM-DD. */
      .addColumn('replicated_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('note', 'text')
      .addColumn('recorded_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('initiative_replications_once', ['initiative_id', 'unit_id'])
      .execute();
  },
});
