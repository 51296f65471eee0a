/** Learning: competences and themes, courses of topics of activities, enrolments, progress, SCORM, certificates. */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m003Learning: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('competences')
      .addColumn('code', 'varchar(16)', (c) => c.primaryKey())
      .addColumn('domain', 'integer', (c) => c.notNull())
      .addColumn('domain_vi', 'varchar(255)', (c) => c.notNull())
      .addColumn('domain_en', 'varchar(255)', (c) => c.notNull())
      .addColumn('name_vi', 'varchar(255)', (c) => c.notNull())
      .addColumn('name_en', 'varchar(255)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('learning_themes')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('name_vi', 'varchar(255)', (c) => c.notNull())
      .addColumn('name_en', 'varchar(255)', (c) => c.notNull())
      .addColumn('competences', 'varchar(255)', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('courses')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('slug', 'varchar(120)', (c) => c.notNull().unique())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('search_title', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('host_unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('owner_id', 'integer', (c) => c.references('users.id'))
      /** 'open' (anyone joins, MOOC style) or 'assigned' (a unit enrols its people). */
      .addColumn('enrolment', 'varchar(16)', (c) => c.notNull())
      /** Target groups the course is for, comma-separated; empty = everyone. */
      .addColumn('audience', 'varchar(255)', (c) => c.notNull())
      /** 'draft', 'published', 'archived'. */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('courses_status_idx').on('courses').column('status').execute();

    await db.schema
      .createTable('topics')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('topics_course_idx').on('topics').column('course_id').execute();

    await db.schema
      .createTable('activities')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id').onDelete('cascade'))
      .addColumn('topic_id', 'integer', (c) => c.notNull().references('topics.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      /** 'scorm', 'video', 'document', 'link', 'quiz'. */
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('required', 'integer', (c) => c.notNull().defaultTo(1))
      /** Type-specific settings as JSON: package id and rule, video URL and share, document file, link URL. */
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('activities_course_idx').on('activities').column('course_id').execute();

    /** Competence and theme tags of courses and activities. */
    await db.schema
      .createTable('content_tags')
      .addColumn('subject_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('subject_id', 'integer', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('code', 'varchar(16)', (c) => c.notNull())
      .addPrimaryKeyConstraint('content_tags_pk', ['subject_type', 'subject_id', 'kind', 'code'])
      .execute();
    await db.schema.createIndex('content_tags_code_idx').on('content_tags').columns(['kind', 'code']).execute();

    await db.schema
      .createTable('enrolments')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      /** 'self', 'unit' (enrolled by a unit administrator), 'import'. */
      .addColumn('source', 'varchar(16)', (c) => c.notNull())
      .addColumn('enrolled_by', 'integer')
      /** 'active', 'completed', 'left' (history kept). */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('enrolled_at', t.ts, (c) => c.notNull())
      .addColumn('started_at', t.ts)
      .addColumn('completed_at', t.ts)
      .addColumn('left_at', t.ts)
      .addUniqueConstraint('enrolments_course_user', ['course_id', 'user_id'])
      .execute();
    await db.schema.createIndex('enrolments_user_idx').on('enrolments').column('user_id').execute();

    await db.schema
      .createTable('activity_progress')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      /** 'not_started', 'in_progress', 'completed', 'passed', 'failed'. */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('score', 'double precision')
      /** Share done, 0..1 (video watched share). */
      .addColumn('progress', 'double precision')
      .addColumn('time_seconds', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('completed_at', t.ts)
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('activity_progress_unique', ['activity_id', 'user_id'])
      .execute();
    await db.schema.createIndex('activity_progress_user_idx').on('activity_progress').column('user_id').execute();

    await db.schema
      .createTable('scorm_packages')
      .addColumn('id', t.id, (c) => c.primaryKey())
      /** The first version's id: all versions of one package share it. */
      .addColumn('lineage_id', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('scorm_version', 'varchar(16)', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      /** Folder under DATA_DIR/packages holding the extracted files (immutable). */
      .addColumn('storage_key', 'varchar(128)', (c) => c.notNull().unique())
      .addColumn('manifest', 'text', (c) => c.notNull())
      .addColumn('file_count', 'integer', (c) => c.notNull())
      .addColumn('total_bytes', 'bigint', (c) => c.notNull())
      .addColumn('uploaded_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .execute();

    /** One row per learner, activity, SCO and attempt: the whole CMI data model as one JSON document. */
    await db.schema
      .createTable('scorm_attempts')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('activity_id', 'integer', (c) => c.notNull().references('activities.id').onDelete('cascade'))
      .addColumn('package_id', 'integer', (c) => c.notNull().references('scorm_packages.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('sco_id', 'varchar(255)', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('cmi', 'text', (c) => c.notNull())
      /** Highest commit sequence number applied: older or replayed commits are ignored. */
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('completion_status', 'varchar(16)')
      .addColumn('success_status', 'varchar(16)')
      .addColumn('score_scaled', 'double precision')
      .addColumn('score_raw', 'double precision')
      .addColumn('total_time_seconds', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('location', 'varchar(1000)')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('scorm_attempts_unique', ['activity_id', 'user_id', 'sco_id', 'attempt'])
      .execute();
    await db.schema.createIndex('scorm_attempts_user_idx').on('scorm_attempts').column('user_id').execute();

    await db.schema
      .createTable('certificates')
      .addColumn('id', t.id, (c) => c.primaryKey())
      /** Public verification code printed as a QR link. */
      .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
      .addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('holder_name', 'varchar(200)', (c) => c.notNull())
      .addColumn('course_title', 'varchar(255)', (c) => c.notNull())
      .addColumn('issued_at', t.ts, (c) => c.notNull())
      .addColumn('revoked_at', t.ts)
      .addColumn('revoked_reason', 'varchar(500)')
      .addUniqueConstraint('certificates_course_user', ['course_id', 'user_id'])
      .execute();

    /** Platform settings the city edits, e.g. the "basic digital skills attained" rule. */
    await db.schema
      .createTable('settings')
      .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addColumn('updated_by', 'integer')
      .execute();
  },
});
