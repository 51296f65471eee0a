/**
 * Unit filings (src/modules/reporting/filings-*.ts): the figures units enter by hand for each reporting period.
 *
 *  - filing_forms: a form defined by the city — its figures as JSON
 *    `[{ code, labelVi, labelEn, kind: 'count' | 'text', required }]`. One default form is created here with the
 *    figures of the seed report (articles, banners, loudspeaker broadcasts, offline training sessions and
 *    attendees, notes).
 *  - filing_periods: a month, quarter, year or named campaign (starts_on..ends_on, YYYY-MM-DD) with a deadline
 *    (YYYY-MM-DD, the last day to file, in Vietnam's time); it keeps a copy of its form's figures when created, so
 *    editing the form later changes new periods only. `name` is the campaign's name ('' for the others).
 *  - filings: one per (period, unit at depth 1); status 'draft' → 'submitted' → 'accepted', or 'returned' (with a
 *    comment) → edited → 'submitted' again. `revision` grows with every change: a form carries the revision it was
 *    opened at, so a replayed or stale form changes nothing.
 *  - filing_values: the current values of a filing, one row per figure (number or text).
 *  - filing_history: every transition with who, when, the comment and (on submission) the values as submitted.
 */
import type { Kysely } from 'kysely';
import type { MigrationFactory } from './index.js';

export const DEFAULT_FILING_FIGURES = [
  { code: 'articles', labelVi: 'Tin bài đã đăng', labelEn: 'News articles published', kind: 'count', required: true },
  { code: 'banners', labelVi: 'Pano, băng rôn', labelEn: 'Posters and banners', kind: 'count', required: true },
  { code: 'broadcasts', labelVi: 'Lượt phát thanh trên loa', labelEn: 'Loudspeaker broadcasts', kind: 'count', required: true },
  { code: 'training_sessions', labelVi: 'Lớp tập huấn trực tiếp', labelEn: 'Offline training sessions', kind: 'count', required: true },
  { code: 'training_attendees', labelVi: 'Người tham dự tập huấn', labelEn: 'Training attendees', kind: 'count', required: true },
  { code: 'notes', labelVi: 'Ghi chú', labelEn: 'Notes', kind: 'text', required: false },
] as const;

export const m015ReportingFilings: MigrationFactory = (t) => ({
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('filing_forms')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('figures', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('filing_periods')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('form_id', 'integer', (c) => c.notNull().references('filing_forms.id'))
      /** 'month', 'quarter', 'year', 'campaign'. */
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('starts_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('ends_on', 'varchar(10)', (c) => c.notNull())
      .addColumn('deadline', 'varchar(10)', (c) => c.notNull())
      .addColumn('figures', 'text', (c) => c.notNull())
      .addColumn('created_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('filing_periods_once', ['form_id', 'kind', 'starts_on', 'ends_on', 'name'])
      .execute();
    await db.schema.createIndex('filing_periods_dates').on('filing_periods').columns(['starts_on', 'ends_on']).execute();

    await db.schema
      .createTable('filings')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('period_id', 'integer', (c) => c.notNull().references('filing_periods.id'))
      .addColumn('unit_id', 'integer', (c) => c.notNull().references('units.id'))
      /** 'draft', 'submitted', 'returned', 'accepted'. */
      .addColumn('status', 'varchar(16)', (c) => c.notNull())
      .addColumn('revision', 'integer', (c) => c.notNull())
      .addColumn('submitted_at', t.ts)
      .addColumn('decided_at', t.ts)
      .addColumn('decided_by', 'integer')
      .addColumn('created_by', 'integer')
      .addColumn('updated_by', 'integer')
      .addColumn('created_at', t.ts, (c) => c.notNull())
      .addColumn('updated_at', t.ts, (c) => c.notNull())
      .addUniqueConstraint('filings_once', ['period_id', 'unit_id'])
      .execute();
    await db.schema.createIndex('filings_unit').on('filings').column('unit_id').execute();

    await db.schema
      .createTable('filing_values')
      .addColumn('filing_id', 'integer', (c) => c.notNull().references('filings.id'))
      .addColumn('code', 'varchar(32)', (c) => c.notNull())
      .addColumn('number_value', 'integer')
      .addColumn('text_value', 'text')
      .addPrimaryKeyConstraint('filing_values_pk', ['filing_id', 'code'])
      .execute();

    await db.schema
      .createTable('filing_history')
      .addColumn('id', t.id, (c) => c.primaryKey())
      .addColumn('filing_id', 'integer', (c) => c.notNull().references('filings.id'))
      /** 'drafted', 'submitted', 'resubmitted', 'returned', 'accepted'. */
      .addColumn('action', 'varchar(16)', (c) => c.notNull())
      .addColumn('comment', 'text')
      /** The values as submitted (JSON `{ code: number | string }`), on 'submitted' and 'resubmitted'. */
      .addColumn('values_json', 'text')
      .addColumn('actor_id', 'integer')
      .addColumn('at', t.ts, (c) => c.notNull())
      .execute();
    await db.schema.createIndex('filing_history_filing').on('filing_history').column('filing_id').execute();

    const now = new Date().toISOString();
    await db
      .insertInto('filing_forms')
      .values({ name: 'Số liệu phong trào “Bình dân học vụ số”', figures: JSON.stringify(DEFAULT_FILING_FIGURES), created_by: null, created_at: now, updated_at: now })
      .execute();
  },
});
