/**
 * All SQL of question banks and quizzes; the attempts' SQL is in attempt-repository.ts, re-exported here. Scope is
 * part of each administrative query (the owning unit's path under one of the caller's paths).
 */
import { type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB, QuestionBankTable, QuestionTable, QuizTable } from '../../db/schema.js';
import { searchKey } from '../../core/text.js';
import type { QuestionValues } from './question-input.js';
import type { QuizValues } from './quiz-input.js';
import type { Candidate } from './draw.js';

export * from './attempt-repository.js';

export type Conn = Kysely<DB> | Transaction<DB>;
export type BankRow = Selectable<QuestionBankTable> & { unit_name: string; unit_path: string };
export type QuestionRow = Selectable<QuestionTable>;
export type QuizRow = Selectable<QuizTable> & { unit_name: string; unit_path: string; bank_name: string };

const unitUnder = (paths: string[]) => (eb: any) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`)));
const now = () => new Date().toISOString();

/* ---------- banks ---------- */

function banks(db: Conn) {
  return db
    .selectFrom('question_banks')
    .innerJoin('units', 'units.id', 'question_banks.unit_id')
    .selectAll('question_banks')
    .select(['units.name as unit_name', 'units.path as unit_path']);
}

export async function banksInScope(db: Conn, paths: string[]): Promise<Array<BankRow & { question_count: number }>> {
  if (paths.length === 0) return [];
  const rows = await banks(db)
    .select((eb) =>
      eb
        .selectFrom('questions')
        .select(eb.fn.countAll<number>().as('n'))
        .whereRef('questions.bank_id', '=', 'question_banks.id')
        .where('questions.retired_at', 'is', null)
        .as('question_count'),
    )
    .where(unitUnder(paths))
    .orderBy('units.path')
    .orderBy('question_banks.name')
    .execute();
  return rows.map((r) => ({ ...r, question_count: Number(r.question_count) }));
}

/** One bank, only when its unit is inside the scope. */
export async function bankInScope(db: Conn, paths: string[], id: number): Promise<BankRow | undefined> {
  if (paths.length === 0) return undefined;
  return banks(db).where('question_banks.id', '=', id).where(unitUnder(paths)).executeTakeFirst();
}

export async function insertBank(db: Conn, b: { unitId: number; name: string; description: string; createdBy: number | null }): Promise<number> {
  const at = now();
  const { id } = await db
    .insertInto('question_banks')
    .values({ unit_id: b.unitId, name: b.name, description: b.description, created_by: b.createdBy, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateBank(db: Conn, id: number, b: { name: string; description: string }): Promise<void> {
  await db.updateTable('question_banks').set({ name: b.name, description: b.description, updated_at: now() }).where('id', '=', id).execute();
}

/* ---------- questions ---------- */

export interface QuestionFilter {
  q?: string;
  type?: string;
  topic?: string;
  competence?: string;
  difficulty?: number;
}

function questionsOf(db: Conn, bankId: number, f: QuestionFilter) {
  let q = db.selectFrom('questions').where('bank_id', '=', bankId).where('retired_at', 'is', null);
  const key = f.q ? searchKey(f.q) : '';
  if (key) q = q.where('search_text', 'like', `%${key.replace(/[%_\\]/g, '')}%`);
  if (f.type) q = q.where('type', '=', f.type);
  if (f.topic) q = q.where('topic', '=', f.topic);
  if (f.competence) q = q.where('competence', '=', f.competence);
  if (f.difficulty) q = q.where('difficulty', '=', f.difficulty);
  return q;
}

export async function listQuestions(db: Conn, bankId: number, f: QuestionFilter, limit: number, offset: number) {
  const { n } = await questionsOf(db, bankId, f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await questionsOf(db, bankId, f).selectAll().orderBy('id').limit(limit).offset(offset).execute();
  return { rows, total: Number(n) };
}

/** Every current question of a bank, with its key (exports only). */
export async function allQuestions(db: Conn, bankId: number): Promise<QuestionRow[]> {
  return questionsOf(db, bankId, {}).selectAll().orderBy('id').execute();
}

export async function questionInBank(db: Conn, bankId: number, id: number): Promise<QuestionRow | undefined> {
  return db.selectFrom('questions').selectAll().where('bank_id', '=', bankId).where('id', '=', id).where('retired_at', 'is', null).executeTakeFirst();
}

export async function topicsOf(db: Conn, bankId: number): Promise<string[]> {
  const rows = await db
    .selectFrom('questions')
    .select('topic')
    .distinct()
    .where('bank_id', '=', bankId)
    .where('retired_at', 'is', null)
    .where('topic', 'is not', null)
    .execute();
  return rows.map((r) => r.topic!).sort((a, b) => a.localeCompare(b, 'vi'));
}

export async function questionTextsOf(db: Conn, bankId: number): Promise<string[]> {
  const rows = await db.selectFrom('questions').select('text').where('bank_id', '=', bankId).where('retired_at', 'is', null).execute();
  return rows.map((r) => r.text);
}

export function questionRowValues(bankId: number, v: QuestionValues, createdBy: number | null, at: string, lineage?: { id: number; version: number }) {
  return {
    bank_id: bankId,
    lineage_id: lineage?.id ?? null,
    version: lineage?.version ?? 1,
    type: v.type,
    text: v.text,
    search_text: searchKey(v.text),
    options: JSON.stringify(v.options),
    answer_key: JSON.stringify(v.answer),
    explanation: v.explanation,
    topic: v.topic,
    competence: v.competence,
    difficulty: v.difficulty,
    retired_at: null,
    created_by: createdBy,
    created_at: at,
    updated_at: at,
  };
}

/** Rows per INSERT: 200 × 16 columns stays far below both databases' bind-parameter limits. */
const INSERT_BATCH = 200;

export async function insertQuestions(db: Conn, bankId: number, values: QuestionValues[], createdBy: number | null): Promise<number[]> {
  const at = now();
  const ids: number[] = [];
  for (let i = 0; i < values.length; i += INSERT_BATCH) {
    const rows = await db
      .insertInto('questions')
      .values(values.slice(i, i + INSERT_BATCH).map((v) => questionRowValues(bankId, v, createdBy, at)))
      .returning('id')
      .execute();
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

export async function questionUsed(db: Conn, id: number): Promise<boolean> {
  return !!(await db.selectFrom('attempt_questions').select('question_id').where('question_id', '=', id).limit(1).executeTakeFirst());
}

export async function updateQuestionInPlace(db: Conn, q: QuestionRow, v: QuestionValues): Promise<void> {
  const { bank_id: _b, lineage_id: _l, version: _v, created_by: _c, created_at: _ca, retired_at: _r, ...values } = questionRowValues(q.bank_id, v, null, now());
  await db.updateTable('questions').set(values).where('id', '=', q.id).execute();
}

/** A used question is never changed: the new text is a new version and the old one retires. */
export async function replaceQuestion(db: Conn, q: QuestionRow, v: QuestionValues, createdBy: number | null): Promise<number> {
  const at = now();
  await db.updateTable('questions').set({ retired_at: at, updated_at: at }).where('id', '=', q.id).execute();
  const { id } = await db
    .insertInto('questions')
    .values(questionRowValues(q.bank_id, v, createdBy, at, { id: q.lineage_id ?? q.id, version: q.version + 1 }))
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function retireQuestion(db: Conn, id: number): Promise<void> {
  const at = now();
  await db.updateTable('questions').set({ retired_at: at, updated_at: at }).where('id', '=', id).execute();
}

export async function deleteQuestion(db: Conn, id: number): Promise<void> {
  await db.deleteFrom('questions').where('id', '=', id).execute();
}

/** What drawing needs of a bank's current questions: ids and tags, never texts or keys. */
export async function candidatesOf(db: Conn, bankId: number): Promise<Candidate[]> {
  return db
    .selectFrom('questions')
    .select(['id', 'type', 'topic', 'competence', 'difficulty'])
    .where('bank_id', '=', bankId)
    .where('retired_at', 'is', null)
    .orderBy('id')
    .execute();
}

export async function competenceCodes(db: Conn): Promise<Set<string>> {
  return new Set((await db.selectFrom('competences').select('code').execute()).map((r) => r.code));
}

export async function competenceList(db: Conn) {
  return db.selectFrom('competences').select(['code', 'name_vi', 'name_en']).orderBy('domain').orderBy('code').execute();
}

/* ---------- quizzes ---------- */

function quizzes(db: Conn) {
  return db
    .selectFrom('quizzes')
    .innerJoin('units', 'units.id', 'quizzes.unit_id')
    .innerJoin('question_banks', 'question_banks.id', 'quizzes.bank_id')
    .selectAll('quizzes')
    .select(['units.name as unit_name', 'units.path as unit_path', 'question_banks.name as bank_name']);
}

export async function quizzesInScope(db: Conn, paths: string[]): Promise<QuizRow[]> {
  if (paths.length === 0) return [];
  return quizzes(db).where(unitUnder(paths)).orderBy('units.path').orderBy('quizzes.title').orderBy('quizzes.id').execute();
}

export async function quizInScope(db: Conn, paths: string[], id: number): Promise<QuizRow | undefined> {
  if (paths.length === 0) return undefined;
  return quizzes(db).where('quizzes.id', '=', id).where(unitUnder(paths)).executeTakeFirst();
}

export async function quizById(db: Conn, id: number): Promise<QuizRow | undefined> {
  return quizzes(db).where('quizzes.id', '=', id).executeTakeFirst();
}

export interface QuizChoice {
  id: number;
  title: string;
  bankName: string;
  unitName: string;
}

/**
 * Quizzes a course activity can use (for the activity form's <select>): those owned by a unit under any
 * of the given paths — pass the caller's scopePaths(actor, 'course:manage') or a course's host path.
 */
export async function listQuizzesForUnit(db: Conn, unitPaths: string[]): Promise<QuizChoice[]> {
  return (await quizzesInScope(db, unitPaths)).map((q) => ({ id: q.id, title: q.title, bankName: q.bank_name, unitName: q.unit_name }));
}

function quizRowValues(v: QuizValues) {
  return {
    bank_id: v.bankId,
    title: v.title,
    rules: JSON.stringify(v.rules),
    shuffle_questions: v.shuffleQuestions ? 1 : 0,
    shuffle_options: v.shuffleOptions ? 1 : 0,
    time_limit_seconds: v.timeLimitSeconds,
    attempts_allowed: v.attemptsAllowed,
    grading: v.grading,
    pass_percent: v.passPercent,
    review: v.review,
  };
}

export async function insertQuiz(db: Conn, unitId: number, v: QuizValues, createdBy: number | null): Promise<number> {
  const at = now();
  const { id } = await db
    .insertInto('quizzes')
    .values({ ...quizRowValues(v), unit_id: unitId, created_by: createdBy, created_at: at, updated_at: at })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateQuiz(db: Conn, id: number, unitId: number, v: QuizValues): Promise<void> {
  await db
    .updateTable('quizzes')
    .set({ ...quizRowValues(v), unit_id: unitId, updated_at: now() })
    .where('id', '=', id)
    .execute();
}

/* ---------- the quiz activity of a course ---------- */

/** The activity with its course and the caller's enrolment there. */
export async function quizActivity(db: Conn, activityId: number, userId: number) {
  return db
    .selectFrom('activities')
    .innerJoin('courses', 'courses.id', 'activities.course_id')
    .leftJoin('enrolments', (join) => join.onRef('enrolments.course_id', '=', 'courses.id').on('enrolments.user_id', '=', userId))
    .select([
      'activities.id',
      'activities.type',
      'activities.title',
      'activities.settings',
      'courses.id as course_id',
      'courses.slug as course_slug',
      'courses.title as course_title',
      'courses.status as course_status',
      'enrolments.status as enrolment_status',
    ])
    .where('activities.id', '=', activityId)
    .executeTakeFirst();
}

/** Types and option counts of the drawn questions (to fix each one's option order). */
export async function optionCounts(db: Conn, ids: number[]): Promise<Map<number, { type: string; count: number }>> {
  const map = new Map<number, { type: string; count: number }>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('questions').select(['id', 'type', 'options']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) map.set(r.id, { type: r.type, count: (JSON.parse(r.options) as string[]).length });
  }
  return map;
}
