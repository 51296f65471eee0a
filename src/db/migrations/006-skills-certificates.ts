/**
 * Enrolment administration, course reports, skills and certificates: indexes for the reports
 * (enrolments by course and status) and for certificate lists (a person's certificates, those of a
 * course). Who revoked a certificate, when and why is in the audit trail.
 *
 * The competence framework itself is loaded on start by courses/reference-data.ts.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m006SkillsCertificates: MigrationFactory = () => ({
  async up(db: Kysely<any>) {
    await db.schema.createIndex('enrolments_course_status_idx').on('enrolments').columns(['course_id', 'status']).execute();
    await db.schema.createIndex('certificates_user_idx').on('certificates').column('user_id').execute();
    await db.schema.createIndex('certificates_course_idx').on('certificates').column('course_id').execute();
  },
});
