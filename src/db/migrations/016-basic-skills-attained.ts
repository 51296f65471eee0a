/**
 * Reporting at city scale (issue 6, performance):
 *
 *  - basic_skills_attained: who meets the city's basic digital skills rule, materialized
 *    (src/modules/skills/basic-skills-attained.ts). One row per person meeting the rule; `attained_at` is when the
 *    table first recorded it (the rebuild's time for people found by a rebuild). Kept up to date per person by the
 *    write paths the rule reads (progress, course completion, enrolment re-activation, competence tags) and rebuilt
 *    whole when the rule changes; the settings row 'basic_skills_built' holds the rule (its stored JSON) the table
 *    was built for, so a reader that finds another rule saved rebuilds first.
 *  - enrolments_enrolled_idx (enrolled_at, user_id), enrolments_completed_idx (completed_at, status),
 *    contest_registrations_at_idx (registered_at, unit_id): the reports' period filters — a month out of a year's
 *    2 million enrolments reads only its range, and the dashboards' daily series count each day's range from the
 *    index alone (PostgreSQL index-only scans).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m016BasicSkillsAttained: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('basic_skills_attained')
      .addColumn('user_id', 'integer', (c) => c.primaryKey().references('users.id'))
      .addColumn('attained_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('enrolments_enrolled_idx').on('enrolments').columns(['enrolled_at', 'user_id']).execute();
    await db.schema.createIndex('enrolments_completed_idx').on('enrolments').columns(['completed_at', 'status']).execute();
    await db.schema.createIndex('contest_registrations_at_idx').on('contest_registrations').columns(['registered_at', 'unit_id']).execute();
  },
});
