/**
 * SCORM: the last page a SCO that never talks to the SCORM API was showing (scorm_attempts.last_page),
 * relative to the package folder (e.g. "Playing/Par.html?x=1"). The launch wrapper reports every page
 * the SCO frame loads; the player stores it with the learner's tracking (server-side, so it works on
 * another device) and reopens it at the next launch. Null for SCOs that use the API: they resume
 * from their own bookmark (cmi.location / suspend data) and always start at their launch URL.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m009ScormLastPage: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.alterTable('scorm_attempts').addColumn('last_page', 'varchar(1000)').execute();
  },
});
