/**
 * Digital ambassadors ("Đại sứ số", src/modules/ambassadors).
 *
 *  - ambassador_mentors: an account a unit administrator designated as a mentor; unit_id is the mentor's unit at
 *    designation (the unit views are scoped by it). Retired mentors keep their row (retired_at set).
 *  - ambassador_invitations: a single-use link the mentor hands out (as a link or a QR code) with an unguessable
 *    token (kept so that the mentor can show the QR code again; it only lets a signed-in person ask to
 *    become this mentor's mentee); expires_at, used_at/used_by (set once, by a conditional update), revoked_at.
 *  - ambassador_mentees: who guides whom; one mentor per mentee (primary key on the mentee).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m011Ambassadors: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('ambassador_mentors')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('designated_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('retired_at', t.ts)
      .execute();
    await db.schema.createIndex('ambassador_mentors_unit_idx').on('ambassador_mentors').column('unit_id').execute();

    await db.schema
      .createTable('ambassador_invitations')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('token', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('mentor_id', 'integer', (c) => c.notNull().references('ambassador_mentors.id'))
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('expires_at', t.ts, (c) => c.notNull())
      .addColumn('used_at', t.ts)
      .addColumn('used_by', 'integer', (c) => c.references('users.id'))
      .addColumn('revoked_at', t.ts)
      .execute();
    await db.schema.createIndex('ambassador_invitations_mentor_idx').on('ambassador_invitations').column('mentor_id').execute();

    await db.schema
      .createTable('ambassador_mentees')
      .addColumn('mentee_id', 'integer', (c) => c.primaryKey().references('users.id'))
      .addColumn('mentor_id', 'integer', (c) => c.notNull().references('ambassador_mentors.id'))
      .addColumn('invitation_id', 'integer', (c) => c.unique().references('ambassador_invitations.id'))
      .addColumn('joined_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('ambassador_mentees_mentor_idx').on('ambassador_mentees').column('mentor_id').execute();
  },
});
