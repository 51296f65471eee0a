/**
 * SCORM tracking:
 *  - scorm_attempts.reported: the status signature (completion|success|score) last passed to
 *    recordActivityProgress for that row. A commit whose signature equals it is one UPDATE; any other
 *    commit runs the update and the progress in one transaction, so progress is never lost or late.
 *  - scorm_sequencing: the SCORM 2004 sequencing state (scorm-again's serialized activity tree:
 *    global objectives, attempt counts, the suspended activity) of one learner's attempt at a package.
 *  - versions of one package are unique per lineage.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m005ScormTracking: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('scorm_attempts').addColumn('reported', 'varchar(64)').execute();
    await db.schema.createIndex('scorm_attempts_activity_user_idx').on('scorm_attempts').columns(['activity_id', 'user_id']).execute();
    await db.schema
      .createTable('scorm_sequencing')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('package_id', 'integer', (c) => c.notNull().references('scorm_packages.id'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('scorm_sequencing_unique', ['activity_id', 'user_id', 'attempt'])
      .execute();
    await db.schema.createIndex('scorm_packages_lineage_version').on('scorm_packages').columns(['lineage_id', 'version']).unique().execute();
  },
});
