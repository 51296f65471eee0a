/**
 * Question banks and the quiz engine (used by course quiz activities and, later, the online contest).
 *
 *  - question_banks: owned by a unit (scope: the bank's unit path).
 *  - questions: immutable once used. Editing a question some attempt has drawn stores a new version
 *    (same lineage_id, version + 1) and retires the old row, so frozen attempts keep what they showed.
 *    options: JSON array of option texts; answer_key: JSON array of the correct option indexes
 *    (a column of its own, never selected by the queries that build an attempt's pages).
 *  - quizzes: draw rules (JSON) over one bank, time limit, attempts allowed, grading, pass mark, review.
 *  - quiz_attempts: one learner's attempt in one context ('activity' + activity id; the contest adds its
 *    own context), state machine in src/modules/quizzes/attempt-state.ts. (quiz, user, context, number)
 *    is unique: two simultaneous starts cannot both create attempt N.
 *  - attempt_questions: the questions drawn for an attempt, in order, with the option order shown and
 *    the learner's response (original option indexes), frozen per attempt.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const m007Quizzes: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('question_banks')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('question_banks_unit_idx').on('question_banks').column('unit_id').execute();

    await db.schema
      .createTable('questions')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('bank_id', 'integer', (c) => c.notNull().references('question_banks.id'))
      /** The first version's id (null on the first version itself). */
      .addColumn('lineage_id', 'integer')
      .addColumn('version', 'integer', (c) => c.notNull())
      /** 'single', 'multiple', 'true_false'. */
      .addColumn('type', 'varchar(16)', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      /** The text lowercased without diacritics, for the list's search. */
      .addColumn('search_text', 'text', (c) => c.notNull())
      .addColumn('options', 'text', (c) => c.notNull())
      .addColumn('answer_key', 'text', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('topic', 'varchar(100)')
      .addColumn('competence', 'varchar(16)')
      .addColumn('difficulty', 'integer', (c) => c.notNull())
      .addColumn('retired_at', t.ts)
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('questions_bank_idx').on('questions').columns(['bank_id', 'retired_at']).execute();

    await db.schema
      .createTable('quizzes')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      .addColumn('bank_id', 'integer', (c) => c.notNull().references('question_banks.id'))
      .addColumn('title', 'varchar(255)', (c) => c.notNull())
      /** JSON array of { count, topic?, competence?, difficulty?, type? }. */
      .addColumn('rules', 'text', (c) => c.notNull())
      .addColumn('shuffle_questions', 'integer', (c) => c.notNull())
      .addColumn('shuffle_options', 'integer', (c) => c.notNull())
      .addColumn('time_limit_seconds', 'integer')
      /** null: unlimited. */
      .addColumn('attempts_allowed', 'integer')
      /** 'highest' or 'last'. */
      .addColumn('grading', 'varchar(16)', (c) => c.notNull())
      /** 0–100; null: no pass mark (finishing completes). */
      .addColumn('pass_percent', 'integer')
      /** 'never', 'after_submit', 'after_last'. */
      .addColumn('review', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('quizzes_unit_idx').on('quizzes').column('unit_id').execute();

    await db.schema
      .createTable('quiz_attempts')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('quiz_id', 'integer', (c) => c.notNull().references('quizzes.id'))
      .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id'))
      /** 'activity' (a course's quiz activity); the contest adds its own. */
      .addColumn('context_type', 'varchar(16)', (c) => c.notNull())
      .addColumn('context_id', 'integer', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('started_at', t.ts, (c) => c.notNull())
      /** started_at + the time limit, computed by the server at start; null: no limit. */
      .addColumn('deadline_at', t.ts)
      .addColumn('finished_at', t.ts)
      /** 'submitted' or 'timeout'. */
      .addColumn('finish_reason', 'varchar(16)')
      .addColumn('score', 'double precision')
      .addColumn('max_score', 'double precision', (c) => c.notNull())
      .addColumn('percent', 'double precision')
      .addColumn('passed', 'integer')
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('quiz_attempts_number_unique', ['quiz_id', 'user_id', 'context_type', 'context_id', 'number'])
      .execute();
    await db.schema.createIndex('quiz_attempts_user_idx').on('quiz_attempts').column('user_id').execute();
    await db.schema.createIndex('quiz_attempts_state_deadline_idx').on('quiz_attempts').columns(['state', 'deadline_at']).execute();

    await db.schema
      .createTable('attempt_questions')
      .addColumn('attempt_id', 'integer', (c) => c.notNull().references('quiz_attempts.id').onDelete('cascade'))
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('question_id', 'integer', (c) => c.notNull().references('questions.id'))
      /** JSON array: the original index of the option shown at each place. */
      .addColumn('option_order', 'text', (c) => c.notNull())
      .addColumn('points', 'double precision', (c) => c.notNull())
      /** JSON array of the chosen original option indexes (sorted); null: not answered. */
      .addColumn('response', 'text')
      .addColumn('answered_at', t.ts)
      /** Set when the attempt is graded: 1 right, 0 wrong. */
      .addColumn('correct', 'integer')
      .addPrimaryKeyConstraint('attempt_questions_pk', ['attempt_id', 'position'])
      .execute();
    await db.schema.createIndex('attempt_questions_question_idx').on('attempt_questions').column('question_id').execute();
  },
});
