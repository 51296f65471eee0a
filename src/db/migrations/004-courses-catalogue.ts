/**
 * The catalogue lists published open courses newest first: an index in that order lets both databases
 * walk it (and count from it) instead of sorting every published course for each page (bench/catalogue.ts).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m004CoursesCatalogue: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('courses_catalogue_idx').on('courses').columns(['status', 'enrolment', 'created_at', 'id']).execute();
    await db.schema.createIndex('courses_host_unit_idx').on('courses').column('host_unit_id').execute();
    // "Courses (or activities) tagged 4.2": one range of this index, the subject ids included.
    await db.schema.createIndex('content_tags_lookup_idx').on('content_tags').columns(['subject_type', 'kind', 'code', 'subject_id']).execute();
  },
});
