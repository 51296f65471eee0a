import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m001Foundation: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('units')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('code', 'varchar(64)', (c) => c.notNull().unique())
      .addColumn('name', 'varchar(255)', (c) => c.notNull())
      .addColumn('type', 'varchar(32)', (c) => c.notNull())
      .addColumn('parent_id', 'integer', (c) => c.references('units.id'))
      .addColumn('path', 'varchar(512)', (c) => c.notNull())
      .addColumn('depth', 'integer', (c) => c.notNull())
      .addColumn('population', 'integer')
      .addColumn('retired_at', t.ts)
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('units_path_idx').on('units').column('path').execute();
    await db.schema.createIndex('units_parent_idx').on('units').column('parent_id').execute();

    await db.schema
      .createTable('users')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('search_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('phone', 'varchar(20)', (c) => c.unique())
      .addColumn('email', 'varchar(254)', (c) => c.unique())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('target_group', 'varchar(32)', (c) => c.notNull())
      .addColumn('birth_year', 'integer')
      .addColumn('password_hash', 'varchar(255)')
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('consent_at', t.ts)
      .addColumn('consent_version', 'varchar(32)')
      .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('locked_until', t.ts)
      .addColumn('deletion_requested_at', t.ts)
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addColumn('deleted_at', t.ts)
      .execute();
    await db.schema.createIndex('users_unit_idx').on('users').column('unit_id').execute();
    await db.schema.createIndex('users_search_idx').on('users').column('search_name').execute();

    await db.schema
      .createTable('role_grants')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('role', 'varchar(32)', (c) => c.notNull())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('granted_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('role_grants_unique', ['user_id', 'role', 'unit_id'])
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('expires_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

    await db.schema
      .createTable('one_time_tokens')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('purpose', 'varchar(32)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('expires_at', t.ts, (c) => c.notNull())
      .addColumn('used_at', t.ts)
      .execute();

    await db.schema
      .createTable('oidc_identities')
      .addColumn('issuer', 'varchar(255)', (c) => c.notNull())
      .addColumn('subject', 'varchar(255)', (c) => c.notNull())
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addPrimaryKeyConstraint('oidc_identities_pk', ['issuer', 'subject'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('at', t.ts, (c) => c.notNull())
      .addColumn('actor_id', 'integer')
      .addColumn('action', 'varchar(64)', (c) => c.notNull())
      .addColumn('unit_id', 'integer')
      .addColumn('target_type', 'varchar(32)')
      .addColumn('target_id', 'varchar(64)')
      .addColumn('details', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
  },
});
