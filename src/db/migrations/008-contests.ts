/**
 * The online contest ("Cuộc thi trực tuyến"), built on the quiz engine (context type 'contest').
 *
 *  - contests: one contest of an organising unit; public page at /cuoc-thi/:slug once published. Ranking order
 *    (configurable tie-breaks), whether scores show on submit, the target groups offered at registration.
 *  - contest_rounds: opening and closing times (server clock); the quiz that draws each attempt's questions
 *    (count, rules, time limit, shuffling); attempts allowed (1, or best of N); the prediction question.
 *  - contest_registrations: one per person and contest — unique on the account, on the normalized phone
 *    number and on the ID number (NULLs do not collide) — with the contestant's unit and target group.
 *  - contest_entries: the contest's side of each attempt (quiz_attempts with context_type 'contest' and
 *    context_id = the round): registration, unit, prediction, and, once final, correct answers and time taken,
 *    copied so that rankings and statistics read one narrow table.
 *  - contest_prizes / contest_awards: prizes defined by the organiser (individual or collective, overall or
 *    per round); awards proposed from the ranking, then confirmed; each award has a code for its giấy khen.
 *  - contest_visits: the landing page's visit counter per day (flushed in batches, never one write per visit).
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m008Contests: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('contests')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('slug', 'varchar(80)', (c) => c.notNull().unique())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      /** Rules and prizes as shown on the landing page (plain text, paragraphs separated by blank lines). */
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('prizes_text', 'text', (c) => c.notNull())
      /** JSON array of target group codes offered at registration (accounts' target groups). */
      .addColumn('target_groups', 'text', (c) => c.notNull())
      /** JSON array of ranking keys in order, e.g. ["correct","prediction","duration","submitted"]. */
      .addColumn('ranking_order', 'text', (c) => c.notNull())
      /** 1: the contestant sees the score right after submitting; 0: only once the round has closed. */
      .addColumn('show_score_on_submit', 'integer', (c) => c.notNull())
      .addColumn('registration_opens_at', t.ts)
      .addColumn('registration_closes_at', t.ts)
      /** 'draft', 'published', 'archived'. */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('contest_rounds')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('contest_id', 'integer', (c) => c.notNull().references('contests.id'))
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      .addColumn('opens_at', t.ts, (c) => c.notNull())
      .addColumn('closes_at', t.ts, (c) => c.notNull())
      .addColumn('quiz_id', 'integer', (c) => c.notNull().references('quizzes.id'))
      /** 1: one attempt; N > 1: best of N. */
      .addColumn('attempts_allowed', 'integer', (c) => c.notNull())
      /** The prediction question's text; null: this round has none. */
      .addColumn('prediction_question', 'text')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('contest_rounds_number_unique', ['contest_id', 'number'])
      .execute();

    await db.schema
      .createTable('contest_registrations')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('contest_id', 'integer', (c) => c.notNull().references('contests.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      .addColumn('full_name', 'varchar(200)', (c) => c.notNull())
      /** Normalized (+84…, the accounts module's normalizePhone); null when registered by ID number only. */
      .addColumn('phone', 'varchar(20)')
      /** Digits only (CCCD: 12 digits); null when registered by phone only. */
      .addColumn('id_number', 'varchar(20)')
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('target_group', 'varchar(32)', (c) => c.notNull())
      .addColumn('registered_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('contest_registrations_user_unique', ['contest_id', 'user_id'])
      .addUniqueConstraint('contest_registrations_phone_unique', ['contest_id', 'phone'])
      .addUniqueConstraint('contest_registrations_id_number_unique', ['contest_id', 'id_number'])
      .execute();
    await db.schema.createIndex('contest_registrations_unit_idx').on('contest_registrations').columns(['contest_id', 'unit_id']).execute();
    await db.schema.createIndex('contest_registrations_day_idx').on('contest_registrations').columns(['contest_id', 'registered_at']).execute();

    await db.schema
      .createTable('contest_entries')
      .addColumn('attempt_id', 'integer', (c) => c.primaryKey().references('quiz_attempts.id').onDelete('cascade'))
      .addColumn('contest_id', 'integer', (c) => c.notNull().references('contests.id'))
      .addColumn('round_id', 'integer', (c) => c.notNull().references('contest_rounds.id'))
      .addColumn('registration_id', 'integer', (c) => c.notNull().references('contest_registrations.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('prediction', 'bigint')
      /** Set when the attempt is final: correct answers, milliseconds from start to finish, when it finished. */
      .addColumn('correct', 'integer')
      .addColumn('question_count', 'integer', (c) => c.notNull())
      .addColumn('duration_ms', 'bigint')
      .addColumn('finished_at', t.ts)
      .execute();
    await db.schema.createIndex('contest_entries_round_idx').on('contest_entries').columns(['round_id', 'correct']).execute();
    await db.schema.createIndex('contest_entries_registration_idx').on('contest_entries').columns(['registration_id', 'round_id']).execute();
    await db.schema.createIndex('contest_entries_unit_idx').on('contest_entries').columns(['contest_id', 'unit_id']).execute();

    await db.schema
      .createTable('contest_prizes')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('contest_id', 'integer', (c) => c.notNull().references('contests.id'))
      /** null: the overall ranking; else the round's ranking. */
      .addColumn('round_id', 'integer', (c) => c.references('contest_rounds.id'))
      /** 'individual' (contestants) or 'collective' (units). */
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      /** E.g. "Giải Nhất". */
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      /** Order of the prizes in the ranking: 1 first. */
      .addColumn('rank_order', 'integer', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('reward', 'text', (c) => c.notNull())
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('contest_awards')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('prize_id', 'integer', (c) => c.notNull().references('contest_prizes.id'))
      .addColumn('registration_id', 'integer', (c) => c.references('contest_registrations.id'))
      .addColumn('unit_id', 'integer', (c) => c.references('units.id'))
      /** Place in the ranking the award was proposed from. */
      .addColumn('place', 'integer', (c) => c.notNull())
      /** 'proposed' or 'confirmed'. */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      /** Public verification code of the certificate of merit (giấy khen). */
      .addColumn('code', 'varchar(32)', (c) => c.notNull().unique())
      .addColumn('confirmed_by', 'integer')
      .addColumn('confirmed_at', t.ts)
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('contest_awards_prize_idx').on('contest_awards').column('prize_id').execute();

    await db.schema
      .createTable('contest_visits')
      .addColumn('contest_id', 'integer', (c) => c.notNull().references('contests.id'))
      /** YYYY-MM-DD, Asia/Ho_Chi_Minh. */
      .addColumn('day', 'varchar(10)', (c) => c.notNull())
      .addColumn('visits', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('contest_visits_pk', ['contest_id', 'day'])
      .execute();
  },
});
