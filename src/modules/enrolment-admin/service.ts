/**
 * Enrolment by a unit administrator ('course:enrol' at a unit): the people of their scope, chosen by
 * filter (unit or village, target group) with a preview count first, or listed in an .xlsx file
 * (one phone number or e-mail per row). Nobody outside the scope is ever enrolled: the selection is
 * made in SQL with the scope paths (repository.ts), and file rows naming anyone else are refused.
 *
 * The file import is all or nothing, like the people import: any bad row and nobody is enrolled;
 * a per-row report is kept for download (import_reports, 24 hours, its importer only). It reuses the
 * people import's chunk-safe .xlsx reader and its error-report format.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { normalizeEmail, normalizePhone, searchKey } from '../../core/text.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { unitByCode, unitsUnder, type UnitRow } from '../units/repository.js';
import { readFirstSheet, SheetError, type SheetRow } from '../people/xlsx-read.js';
import { columnLetter, type ImportIssue } from '../people/import-rows.js';
import { saveReport } from '../people/import-repository.js';
import '../courses/capabilities.js';
import { countSelection, enrolSelection, enrollableCourse, peopleByContact, type EnrolCourse, type EnrolOutcome, type Selection, type SelectionCounts } from './repository.js';
import './messages.js';

export const ENROL = 'course:enrol';
/** Ids per statement when enrolling the people of a file (bind-parameter limits). */
const ID_CHUNK = 5000;
const MAX_ISSUES = 10_000;

export interface EnrolFilter {
  unit?: string;
  group?: string;
}

/** Units the actor may choose in the filter (their scope, not retired). */
export function unitsForEnrolment(db: Kysely<DB>, actor: Actor | undefined): Promise<UnitRow[]> {
  return unitsUnder(db, scopePaths(actor, ENROL));
}

export async function courseToEnrol(db: Kysely<DB>, id: number | undefined): Promise<EnrolCourse> {
  const course = id ? await enrollableCourse(db, id) : undefined;
  if (!course) throw notFound();
  return course;
}

/** The filter as a selection inside the actor's scope; a unit outside it answers 404 like an unknown one. */
export async function selectionOf(db: Kysely<DB>, actor: Actor | undefined, f: EnrolFilter): Promise<Selection> {
  const paths = scopePaths(actor, ENROL);
  let unitPath: string | undefined;
  if (f.unit) {
    const unit = await unitByCode(db, f.unit);
    if (!unit || unit.retired_at || !paths.some((p) => unit.path.startsWith(p))) throw notFound();
    unitPath = unit.path;
  }
  if (f.group && !(TARGET_GROUPS as readonly string[]).includes(f.group)) throw new AppError('ENROL_GROUP_INVALID', 422, {}, { group: 'ENROL_GROUP_INVALID' });
  return { paths, unitPath, group: f.group || undefined };
}

export async function previewByFilter(db: Kysely<DB>, actor: Actor | undefined, courseId: number, f: EnrolFilter): Promise<SelectionCounts> {
  const course = await courseToEnrol(db, courseId);
  return countSelection(db, course.id, await selectionOf(db, actor, f));
}

export async function enrolByFilter(db: Kysely<DB>, actor: Actor, courseId: number, f: EnrolFilter): Promise<EnrolOutcome> {
  const course = await courseToEnrol(db, courseId);
  const selection = await selectionOf(db, actor, f);
  return db.transaction().execute(async (trx) => {
    const outcome = await enrolSelection(trx, course.id, selection, { userId: actor.userId, source: 'unit' });
    await audit(trx, actor, {
      action: 'enrolment.bulk',
      unitId: unitIdOf(selection.unitPath ?? (selection.paths.length === 1 ? selection.paths[0] : undefined)),
      targetType: 'course',
      targetId: course.id,
      details: { source: 'unit', filters: { unit: f.unit || undefined, group: f.group || undefined }, ...outcome },
    });
    return outcome;
  });
}

const unitIdOf = (path: string | undefined) => (path ? Number(path.split('/').filter(Boolean).pop()) : null);

// ---- From an .xlsx file -------------------------------------------------------------------------

const CONTACT_HEADERS = {
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'phone', 'phone number'],
  email: ['thu dien tu', 'dia chi thu dien tu', 'email', 'e-mail', 'dia chi email'],
} as const;
/** Columns a file may have for the reader's own reference (names): not reported as unused. */
const REFERENCE_HEADERS = ['ho va ten', 'ho ten', 'full name', 'name'];

export type FileOutcome =
  | ({ ok: true; ignoredColumns: string[] } & EnrolOutcome)
  | { ok: false; issues: ImportIssue[]; issueCount: number; badRows: number; reportId: string; ignoredColumns: string[] };

interface ContactColumns {
  phone?: number;
  email?: number;
  /** Name or numbering columns: a row with a name and no contact is a mistake, not an empty row. */
  reference: number[];
  ignored: string[];
}

function contactColumns(header: SheetRow | undefined): ContactColumns {
  const found: ContactColumns = { reference: [], ignored: [] };
  for (const [col, cell] of header?.cells ?? []) {
    const key = searchKey(cell.text);
    const field = (['phone', 'email'] as const).find((f) => (CONTACT_HEADERS[f] as readonly string[]).includes(key));
    if (!field) {
      if (REFERENCE_HEADERS.includes(key)) found.reference.push(col);
      else if (cell.text.trim()) found.ignored.push(cell.text.trim());
      continue;
    }
    if (found[field] !== undefined) throw new SheetError('IMPORT_HEADER_DUPLICATE', {}, [`people.col.${field}`]);
    found[field] = col;
  }
  if (found.phone === undefined && found.email === undefined) throw new SheetError('IMPORT_HEADERS_MISSING', {}, ['import.phoneOrEmail']);
  return found;
}

interface RowContact {
  row: number;
  phone?: string;
  email?: string;
}

/** A row's phone and e-mail, normalized, or its problems. */
function readContact(row: SheetRow, cols: ContactColumns, issues: ImportIssue[]): RowContact | undefined {
  const contact: RowContact = { row: row.number };
  let bad = false;
  for (const field of ['phone', 'email'] as const) {
    const col = cols[field];
    const cell = col === undefined ? undefined : row.cells.get(col);
    if (col === undefined || !cell) continue;
    const column = columnLetter(col);
    if (cell.kind === 'formula' || cell.kind === 'error') {
      issues.push({ row: row.number, column, field, code: cell.kind === 'formula' ? 'IMPORT_FORMULA' : 'IMPORT_CELL_ERROR' });
      bad = true;
      continue;
    }
    let text = cell.text.trim();
    if (!text) continue;
    // A phone typed into a number cell lost its leading 0: 912345678 was 0912345678.
    if (field === 'phone' && cell.kind === 'number' && /^\d{9,10}$/.test(text) && !text.startsWith('84')) text = '0' + text;
    const value = field === 'phone' ? normalizePhone(text) : normalizeEmail(text);
    if (!value) {
      issues.push({ row: row.number, column, field, code: field === 'phone' ? 'PERSON_PHONE_INVALID' : 'PERSON_EMAIL_INVALID' });
      bad = true;
      continue;
    }
    contact[field] = value;
  }
  if (bad) return undefined;
  if (!contact.phone && !contact.email) {
    issues.push({ row: row.number, code: 'ENROL_CONTACT_REQUIRED' });
    return undefined;
  }
  return contact;
}

export async function enrolFromFile(
  db: Kysely<DB>,
  config: Config,
  actor: Actor,
  courseId: number,
  file: { name: string; data: Buffer },
): Promise<FileOutcome> {
  const course = await courseToEnrol(db, courseId);
  const sheet = await readFirstSheet(file.data, config.importMaxRows);
  if (sheet.merges.length) {
    const ranges = sheet.merges.slice(0, 5).join(', ') + (sheet.merges.length > 5 ? ', …' : '');
    throw new SheetError('IMPORT_MERGED_CELLS', { ranges });
  }
  if (!sheet.header && sheet.rowCount === 0) throw new SheetError('IMPORT_EMPTY');
  const cols = contactColumns(sheet.header);
  const used = [cols.phone, cols.email, ...cols.reference].filter((c): c is number => c !== undefined);
  const rows = sheet.rows.filter((r) => used.some((col) => r.cells.has(col)));
  if (sheet.rowCount > config.importMaxRows) throw new SheetError('IMPORT_TOO_MANY_ROWS', { max: config.importMaxRows, rows: sheet.rowCount });
  if (rows.length === 0) throw new SheetError('IMPORT_EMPTY');

  const issues: ImportIssue[] = [];
  const contacts = rows.map((r) => readContact(r, cols, issues)).filter((c): c is RowContact => !!c);
  const paths = scopePaths(actor, ENROL);
  const { byPhone, byEmail } = await peopleByContact(
    db,
    paths,
    [...new Set(contacts.flatMap((c) => (c.phone ? [c.phone] : [])))],
    [...new Set(contacts.flatMap((c) => (c.email ? [c.email] : [])))],
  );
  const column = (field: 'phone' | 'email') => (cols[field] === undefined ? undefined : columnLetter(cols[field]!));
  const firstRowOf = new Map<number, number>();
  const ids: number[] = [];
  for (const c of contacts) {
    const viaPhone = c.phone ? byPhone.get(c.phone) : undefined;
    const viaEmail = c.email ? byEmail.get(c.email) : undefined;
    // Someone outside the scope is "not found", exactly like someone who does not exist.
    if (c.phone && viaPhone === undefined) issues.push({ row: c.row, column: column('phone'), field: 'phone', code: 'ENROL_PERSON_NOT_FOUND' });
    if (c.email && viaEmail === undefined) issues.push({ row: c.row, column: column('email'), field: 'email', code: 'ENROL_PERSON_NOT_FOUND' });
    if ((c.phone && viaPhone === undefined) || (c.email && viaEmail === undefined)) continue;
    if (viaPhone !== undefined && viaEmail !== undefined && viaPhone !== viaEmail) {
      issues.push({ row: c.row, code: 'ENROL_CONTACT_MISMATCH' });
      continue;
    }
    const id = (viaPhone ?? viaEmail)!;
    const first = firstRowOf.get(id);
    if (first !== undefined) {
      issues.push({ row: c.row, code: 'ENROL_PERSON_DUPLICATE', params: { row: first } });
      continue;
    }
    firstRowOf.set(id, c.row);
    ids.push(id);
  }

  if (issues.length) {
    issues.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
    const badRows = new Set(issues.map((i) => i.row)).size;
    const kept = issues.slice(0, MAX_ISSUES);
    const reportId = await saveReport(db, { userId: actor.userId, fileName: file.name, rowCount: sheet.rowCount, issues: kept });
    return { ok: false, issues: kept, issueCount: issues.length, badRows, reportId, ignoredColumns: cols.ignored };
  }

  const outcome = await db.transaction().execute(async (trx) => {
    const total: EnrolOutcome = { matched: 0, enrolled: 0, reactivated: 0, skipped: 0 };
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const part = await enrolSelection(trx, course.id, { paths, userIds: ids.slice(i, i + ID_CHUNK) }, { userId: actor.userId, source: 'import' });
      total.matched += part.matched;
      total.enrolled += part.enrolled;
      total.reactivated += part.reactivated;
      total.skipped += part.skipped;
    }
    await audit(trx, actor, {
      action: 'enrolment.bulk',
      unitId: paths.length === 1 ? unitIdOf(paths[0]) : null,
      targetType: 'course',
      targetId: course.id,
      details: { source: 'import', rows: rows.length, ...total },
    });
    return total;
  });
  return { ok: true, ignoredColumns: cols.ignored, ...outcome };
}
