/**
 * Community digital technology teams ("Tổ công nghệ số cộng đồng") and their support log.
 *
 *  - community_teams: one team per village or residential group (unit_id unique), with a leader among its members.
 *  - community_team_members: the members (accounts); a person belongs to one team at most (user_id unique).
 *    Each member also holds the team_member role at the team's village (role_grants), granted and revoked with
 *    the membership in one transaction.
 *  - support_entries: the help a member gave: date, place (a unit inside the team's commune), service, people
 *    helped and how many of them elderly or vulnerable, optionally who (only with their consent) and a photo
 *    (stored under DATA_DIR/support-photos). `client_key` is the idempotency key generated when the form was
 *    shown (or by the phone for an entry kept offline): unique per member, so a retried, replayed or duplicated
 *    submission is stored once.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m010CommunityTeams: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('community_teams')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('unit_id', 'integer', (c) => c.notNull().unique().references('units.id'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('leader_id', 'integer', (c) => c.references('users.id'))
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('community_team_members')
      .addColumn('team_id', 'integer', (c) => c.notNull().references('community_teams.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().unique().references('users.id'))
      .addColumn('added_by', 'integer')
      .addColumn('joined_at', t.ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('community_team_members_pk', ['team_id', 'user_id'])
      .execute();

    await db.schema
      .createTable('support_entries')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('team_id', 'integer', (c) => c.notNull().references('community_teams.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      /** Where the help was given: a village of the team's commune, or the commune itself. */
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      /** The day the help was given (YYYY-MM-DD, Vietnam's calendar). */
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      /** online_public_service, vneid, online_payment, e_health_book, digital_signature, scam_awareness, other. */
      .addColumn('service', 'varchar(32)', (c) => c.notNull())
      .addColumn('people', 'integer', (c) => c.notNull())
      .addColumn('vulnerable', 'integer', (c) => c.notNull())
      .addColumn('note', 'varchar(500)')
      /** The person helped, only when they consented (consent_at set). */
      .addColumn('person_name', 'varchar(200)')
      .addColumn('person_phone', 'varchar(20)')
      .addColumn('consent_at', t.ts)
      /** Relative to DATA_DIR/support-photos; the type is the one the magic bytes showed. */
      .addColumn('photo_key', 'varchar(100)')
      .addColumn('photo_type', 'varchar(20)')
      .addColumn('client_key', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('support_entries_client_key_unique', ['user_id', 'client_key'])
      .execute();
    await db.schema.createIndex('support_entries_unit_idx').on('support_entries').columns(['unit_id', 'day']).execute();
    await db.schema.createIndex('support_entries_team_idx').on('support_entries').columns(['team_id', 'day']).execute();
  },
});
