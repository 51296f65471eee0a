/**
 * Question banks and their questions: creating banks in a unit of the caller's scope, adding, editing
 * and removing questions, and the all-or-nothing import (.xlsx, GIFT, Aiken).
 *
 * Import: every question is checked first (the same validation as the form, known competence codes,
 * duplicates in the file and against the bank). Any problem → nothing is stored and every problem is
 * reported with its place (row of the sheet, or line of the text file). Otherwise all questions are
 * inserted in ONE transaction.
 *
 * Questions are immutable once an attempt drew them: editing a used question stores a new version and
 * retires the old one; removing a used question retires it. Unused questions are changed or deleted.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, scopePaths, type Actor } from '../../core/policy.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import { readFirstSheet, SheetError } from '../people/xlsx-read.js';
import { QUIZ_MANAGE } from './capabilities.js';
import { clean, parseDifficulty, questionKey, validateQuestion, type QuestionInput, type QuestionValues } from './question-input.js';
import { parseGift } from './gift.js';
import { parseAiken } from './aiken.js';
import type { ParseResult } from './text-import.js';
import { columnOf, mapHeaders, rowInputs } from './xlsx-questions.js';
import * as repo from './repository.js';

export const BANK_NAME_MAX = 200;
export const BANK_DESCRIPTION_MAX = 2000;
/** Questions (rows or blocks) per import. */
export const IMPORT_MAX_QUESTIONS = 5000;
/** Problems kept and shown for a refused import. */
export const IMPORT_MAX_ISSUES = 1000;
export const IMPORT_FORMATS = ['xlsx', 'gift', 'aiken'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

const fieldError = (status: number, fields: Record<string, string>, params: Record<string, string | number> = {}) => new AppError('VALIDATION_FORM', status, params, fields);

/** Units where the actor may own banks and quizzes. */
export async function bankUnits(db: Kysely<DB>, actor: Actor | undefined): Promise<UnitRow[]> {
  return unitsUnder(db, scopePaths(actor, QUIZ_MANAGE));
}

export async function loadBank(db: repo.Conn, actor: Actor | undefined, id: number): Promise<repo.BankRow> {
  const bank = await repo.bankInScope(db, scopePaths(actor, QUIZ_MANAGE), id);
  if (!bank) throw notFound();
  return bank;
}

function bankValues(input: { name?: string; description?: string }) {
  const name = clean(input.name).replace(/\s+/g, ' ');
  const description = clean(input.description);
  const errors: Record<string, string> = {};
  if (!name) errors.name = 'QB_BANK_NAME_REQUIRED';
  else if (name.length > BANK_NAME_MAX) errors.name = 'QB_BANK_NAME_TOO_LONG';
  if (description.length > BANK_DESCRIPTION_MAX) errors.description = 'QB_BANK_DESCRIPTION_TOO_LONG';
  return { name, description, errors };
}

export async function createBank(db: Kysely<DB>, actor: Actor, input: { name?: string; description?: string; unit?: string }): Promise<number> {
  const { name, description, errors } = bankValues(input);
  const unit = input.unit ? await unitByCode(db, input.unit) : undefined;
  if (!unit || unit.retired_at || !canAt(actor, QUIZ_MANAGE, unit.path)) errors.unit = 'QB_BANK_UNIT_REQUIRED';
  if (Object.keys(errors).length) throw fieldError(422, errors);
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertBank(trx, { unitId: unit!.id, name, description, createdBy: actor.userId });
    await audit(trx, actor, { action: 'quiz.bank.create', unitId: unit!.id, targetType: 'question_bank', targetId: id });
    return id;
  });
}

export async function renameBank(db: Kysely<DB>, actor: Actor, bankId: number, input: { name?: string; description?: string }): Promise<void> {
  const bank = await loadBank(db, actor, bankId);
  const { name, description, errors } = bankValues(input);
  if (Object.keys(errors).length) throw fieldError(422, errors);
  await db.transaction().execute(async (trx) => {
    await repo.updateBank(trx, bank.id, { name, description });
    await audit(trx, actor, { action: 'quiz.bank.update', unitId: bank.unit_id, targetType: 'question_bank', targetId: bank.id });
  });
}

/** The stored question as values (for the form, the export and GIFT). */
export function questionValues(q: repo.QuestionRow): QuestionValues {
  return {
    type: q.type as QuestionValues['type'],
    text: q.text,
    options: JSON.parse(q.options) as string[],
    answer: JSON.parse(q.answer_key) as number[],
    explanation: q.explanation,
    topic: q.topic,
    competence: q.competence,
    difficulty: q.difficulty,
  };
}

/** Creates (no id) or edits a question; returns the id of the question as stored (a new version when it was used). */
export async function saveQuestion(db: Kysely<DB>, actor: Actor, bankId: number, input: QuestionInput, questionId?: number): Promise<number> {
  const bank = await loadBank(db, actor, bankId);
  const existing = questionId === undefined ? undefined : await repo.questionInBank(db, bank.id, questionId);
  if (questionId !== undefined && !existing) throw notFound();
  const { values, issues } = validateQuestion(input, { competences: await repo.competenceCodes(db) });
  if (!values) {
    const fields: Record<string, string> = {};
    let params: Record<string, string | number> = {};
    for (const i of issues) {
      const field = i.field === 'options' && i.option !== undefined ? `option${i.option}` : i.field;
      if (!fields[field]) fields[field] = i.code;
      params = { ...i.params, ...params };
    }
    throw fieldError(422, fields, params);
  }
  return db.transaction().execute(async (trx) => {
    let id: number;
    if (!existing) [id] = await repo.insertQuestions(trx, bank.id, [values], actor.userId);
    else if (await repo.questionUsed(trx, existing.id)) id = await repo.replaceQuestion(trx, existing, values, actor.userId);
    else {
      await repo.updateQuestionInPlace(trx, existing, values);
      id = existing.id;
    }
    await audit(trx, actor, {
      action: existing ? 'quiz.question.update' : 'quiz.question.create',
      unitId: bank.unit_id,
      targetType: 'question',
      targetId: id,
      details: { bankId: bank.id, ...(existing && existing.id !== id ? { replaces: existing.id } : {}) },
    });
    return id;
  });
}

export async function removeQuestion(db: Kysely<DB>, actor: Actor, bankId: number, questionId: number): Promise<void> {
  const bank = await loadBank(db, actor, bankId);
  const q = await repo.questionInBank(db, bank.id, questionId);
  if (!q) throw notFound();
  await db.transaction().execute(async (trx) => {
    const used = await repo.questionUsed(trx, q.id);
    if (used) await repo.retireQuestion(trx, q.id);
    else await repo.deleteQuestion(trx, q.id);
    await audit(trx, actor, { action: 'quiz.question.delete', unitId: bank.unit_id, targetType: 'question', targetId: q.id, details: { bankId: bank.id, retired: used } });
  });
}

/* ---------- import ---------- */

export interface ImportIssue {
  /** 'row' of the sheet (as Excel numbers it) or 'line' of a text file. */
  at: 'row' | 'line';
  place: number;
  column?: string;
  code: string;
  params?: Record<string, string | number>;
}

export interface ImportDefaults {
  topic?: string;
  competence?: string;
  difficulty?: string;
}

export type ImportOutcome =
  | { ok: true; imported: number; ignoredColumns: string[] }
  | { ok: false; issues: ImportIssue[]; issueCount: number; badPlaces: number; ignoredColumns: string[] };

/** A refusal of the whole file (not a per-question problem), with an i18n code. */
export class ImportFileError extends Error {
  constructor(
    public readonly code: string,
    public readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

function textOf(data: Buffer): string {
  if (data.subarray(0, 2).toString('latin1') === 'PK') throw new ImportFileError('QB_FILE_IS_EXCEL');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new ImportFileError('QB_FILE_NOT_UTF8');
  }
}

function checkDefaults(d: ImportDefaults, competences: Set<string>): ImportDefaults {
  const topic = clean(d.topic).replace(/\s+/g, ' ');
  const competence = clean(d.competence);
  const difficulty = clean(d.difficulty);
  const errors: Record<string, string> = {};
  if (topic.length > 100) errors.topic = 'QB_TOPIC_TOO_LONG';
  if (competence && !competences.has(competence)) errors.competence = 'QB_COMPETENCE_UNKNOWN';
  if (difficulty && parseDifficulty(difficulty) === undefined) errors.difficulty = 'QB_DIFFICULTY_INVALID';
  if (Object.keys(errors).length) throw fieldError(422, errors, { value: competence || difficulty, max: 100 });
  return { topic: topic || undefined, competence: competence || undefined, difficulty: difficulty || undefined };
}

const withDefaults = (input: QuestionInput, d: ImportDefaults): QuestionInput => ({
  ...input,
  topic: clean(input.topic) || d.topic,
  competence: clean(input.competence) || d.competence,
  difficulty: clean(String(input.difficulty ?? '')) || d.difficulty,
});

interface Checked {
  questions: Array<{ place: number; values: QuestionValues }>;
  issues: ImportIssue[];
  ignoredColumns: string[];
}

async function checkXlsx(data: Buffer, known: Set<string>, defaults: ImportDefaults): Promise<Checked> {
  const sheet = await readFirstSheet(data, IMPORT_MAX_QUESTIONS);
  if (sheet.merges.length) {
    const ranges = sheet.merges.slice(0, 5).join(', ') + (sheet.merges.length > 5 ? ', …' : '');
    throw new SheetError('IMPORT_MERGED_CELLS', { ranges });
  }
  if (!sheet.header && sheet.rowCount === 0) throw new SheetError('IMPORT_EMPTY');
  const { columns, ignored } = mapHeaders(sheet.header);
  if (sheet.rowCount > IMPORT_MAX_QUESTIONS) throw new SheetError('IMPORT_TOO_MANY_ROWS', { max: IMPORT_MAX_QUESTIONS, rows: sheet.rowCount });
  const { rows, issues: cellIssues } = rowInputs(sheet, columns);
  if (rows.length === 0) throw new SheetError('IMPORT_EMPTY');
  const issues: ImportIssue[] = cellIssues.map((i) => ({ at: 'row', place: i.row, column: i.column, code: i.code }));
  const questions: Checked['questions'] = [];
  const refused = new Set(cellIssues.map((i) => i.row));
  for (const r of rows) {
    const { values, issues: found } = validateQuestion(withDefaults(r.input, defaults), { competences: known });
    for (const i of found) issues.push({ at: 'row', place: r.row, column: columnOf(columns, i.field, i.option), code: i.code, params: i.params });
    if (values && !refused.has(r.row)) questions.push({ place: r.row, values });
  }
  return { questions, issues, ignoredColumns: ignored };
}

function checkText(format: 'gift' | 'aiken', data: Buffer, known: Set<string>, defaults: ImportDefaults): Checked {
  const text = textOf(data);
  const parsed: ParseResult = format === 'gift' ? parseGift(text, { competences: known, defaults }) : parseAiken(text, { competences: known, defaults });
  if (parsed.questions.length + parsed.issues.length > IMPORT_MAX_QUESTIONS * 3) throw new ImportFileError('QB_IMPORT_TOO_MANY', { max: IMPORT_MAX_QUESTIONS });
  if (parsed.questions.length > IMPORT_MAX_QUESTIONS) throw new ImportFileError('QB_IMPORT_TOO_MANY', { max: IMPORT_MAX_QUESTIONS });
  return {
    questions: parsed.questions.map((q) => ({ place: q.line, values: q.values })),
    issues: parsed.issues.map((i) => ({ at: 'line', place: i.line, code: i.code, params: i.params })),
    ignoredColumns: [],
  };
}

export async function importQuestions(
  db: Kysely<DB>,
  actor: Actor,
  bankId: number,
  file: { name: string; data: Buffer },
  format: ImportFormat,
  rawDefaults: ImportDefaults = {},
): Promise<ImportOutcome> {
  const bank = await loadBank(db, actor, bankId);
  const known = await repo.competenceCodes(db);
  const defaults = checkDefaults(rawDefaults, known);
  const checked = format === 'xlsx' ? await checkXlsx(file.data, known, defaults) : checkText(format, file.data, known, defaults);
  const at: ImportIssue['at'] = format === 'xlsx' ? 'row' : 'line';
  const { questions, issues } = checked;

  // The same question twice in the file, or already in the bank (a file imported twice).
  const firstPlace = new Map<string, number>();
  const inBank = new Set((await repo.questionTextsOf(db, bank.id)).map(questionKey));
  for (const q of questions) {
    const key = questionKey(q.values.text);
    const first = firstPlace.get(key);
    if (first !== undefined) issues.push({ at, place: q.place, code: 'QB_QUESTION_DUPLICATE', params: { place: first } });
    else {
      firstPlace.set(key, q.place);
      if (inBank.has(key)) issues.push({ at, place: q.place, code: 'QB_QUESTION_EXISTS' });
    }
  }

  if (issues.length) {
    issues.sort((a, b) => a.place - b.place || (a.column ?? '').localeCompare(b.column ?? ''));
    return {
      ok: false,
      issues: issues.slice(0, IMPORT_MAX_ISSUES),
      issueCount: issues.length,
      badPlaces: new Set(issues.map((i) => i.place)).size,
      ignoredColumns: checked.ignoredColumns,
    };
  }
  await db.transaction().execute(async (trx) => {
    await repo.insertQuestions(
      trx,
      bank.id,
      questions.map((q) => q.values),
      actor.userId,
    );
    await audit(trx, actor, {
      action: 'quiz.question.import',
      unitId: bank.unit_id,
      targetType: 'question_bank',
      targetId: bank.id,
      details: { count: questions.length, format },
    });
  });
  return { ok: true, imported: questions.length, ignoredColumns: checked.ignoredColumns };
}

/**
 * Format from the form's choice; 'auto' (or none) looks at the file: a ZIP is .xlsx, a text with an
 * "ANSWER:" line is Aiken, a text with braces is GIFT, then the file name decides.
 */
export function importFormat(choice: string | undefined, fileName: string, data: Buffer): ImportFormat | undefined {
  if (choice && (IMPORT_FORMATS as readonly string[]).includes(choice)) return choice as ImportFormat;
  if (data.subarray(0, 2).toString('latin1') === 'PK' || /\.xlsx$/i.test(fileName)) return 'xlsx';
  const head = data.subarray(0, 64 * 1024).toString('utf8');
  if (/^\s*ANSWER\s*:/im.test(head)) return 'aiken';
  if (/[{}]/.test(head) || /\.gift(\.txt)?$/i.test(fileName)) return 'gift';
  return undefined;
}
