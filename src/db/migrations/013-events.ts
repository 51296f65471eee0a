/**
 * Learning days and events ("Một ngày học số", "Ngày thứ Bẩy thân thiện", …) and their attendance
 * (src/modules/events).
 *
 *  - events: one event of a commune or a village: kind, title, place, start and end (UTC), and a random
 *    per-event secret that signs the rotating QR check-in tokens (see src/modules/events/token.ts).
 *  - event_attendees: one row per (event, account) — the unique constraint is what makes a replayed QR code
 *    or a second scan count once. method: 'qr' (the attendee scanned) or 'organiser' (entered by phone).
 *  - event_guest_counts: people counted without an account, by age band; each organiser entry carries a
 *    random entry_key from its form, unique, so a re-posted form is counted once.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m013Events: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('events')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      /** 'mot_ngay_hoc_so', 'thu_bay_than_thien', 'other'. */
      .addColumn('kind', 'varchar(32)', (c) => c.notNull())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('place', 'varchar(255)', (c) => c.notNull())
      .addColumn('starts_at', t.ts, (c) => c.notNull())
      .addColumn('ends_at', t.ts, (c) => c.notNull())
      .addColumn('checkin_secret', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_unit_start').on('events').columns(['unit_id', 'starts_at']).execute();
    await db.schema.createIndex('events_start').on('events').column('starts_at').execute();

    await db.schema
      .createTable('event_attendees')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('method', 'varchar(16)', (c) => c.notNull())
      .addColumn('recorded_by', 'integer')
      .addColumn('checked_in_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('event_attendees_once', ['event_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('event_guest_counts')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('event_id', 'integer', (c) => c.notNull().references('events.id'))
      /** 'under_18', '18_35', '36_60', 'over_60'. */
      .addColumn('age_band', 'varchar(16)', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('entry_key', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('recorded_by', 'integer')
      .addColumn('recorded_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('event_guest_counts_event').on('event_guest_counts').column('event_id').execute();
  },
});
