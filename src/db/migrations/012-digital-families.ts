/**
 * Digital families ("Gia đình số", src/modules/families).
 *
 *  - households: a household (hộ gia đình) of a village or residential group (unit_id), its address and the name of
 *    its head, entered by the commune or village administrator.
 *  - household_members: the household's members, either an account (user_id; a person belongs to at most one
 *    household: unique) or just a name and a birth year for someone without an account.
 *  A household is a digital family when at least one member with an account meets the basic digital skills rule
 *  (computed, never stored).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m012DigitalFamilies: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('households')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('address', 'varchar(300)', (c) => c.notNull())
      .addColumn('head_name', 'varchar(200)', (c) => c.notNull())
      /** address + head name, lowercased without diacritics, for search. */
      .addColumn('search_text', 'varchar(520)', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('households_unit_idx').on('households').column('unit_id').execute();

    await db.schema
      .createTable('household_members')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('household_id', 'integer', (c) => c.notNull().references('households.id').onDelete('cascade'))
      /** The member's account; null for a member without one. At most one household per account. */
      .addColumn('user_id', 'integer', (c) => c.unique().references('users.id'))
      /** Name of a member without an account (null when user_id is set: the account's name is shown). */
      .addColumn('full_name', 'varchar(200)')
      .addColumn('birth_year', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('household_members_household_idx').on('household_members').column('household_id').execute();
  },
});
