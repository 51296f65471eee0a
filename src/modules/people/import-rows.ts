/**
 * From worksheet rows to people: the header row is matched to fields (Vietnamese or English names,
 * diacritics and case ignored), then each row goes through the one shared validation
 * (`validatePerson`). Cells with formulas are refused; a formula in a column the import does not use
 * (a "STT" numbering column, say) is harmless and ignored.
 */
import { searchKey } from '../../core/text.js';
import { t as translate } from '../../core/i18n.js';
import { TARGET_GROUPS, validatePerson, type PersonInput, type PersonValues } from '../accounts/people-input.js';
import { SheetError, type SheetRow } from './xlsx-read.js';

export const IMPORT_FIELDS = ['fullName', 'phone', 'email', 'unitCode', 'targetGroup', 'birthYear'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** A problem of one cell or row: row number as Excel shows it, column letter, field, i18n error code. */
export interface ImportIssue {
  row: number;
  column?: string;
  field?: ImportField;
  code: string;
  params?: Record<string, string | number>;
}

const HEADER_NAMES: Record<ImportField, string[]> = {
  fullName: ['ho va ten', 'ho ten', 'full name', 'name'],
  phone: ['so dien thoai', 'dien thoai', 'sdt', 'phone', 'phone number'],
  email: ['thu dien tu', 'dia chi thu dien tu', 'email', 'e-mail', 'dia chi email'],
  unitCode: ['ma don vi', 'unit code'],
  targetGroup: ['doi tuong', 'target group'],
  birthYear: ['nam sinh', 'year of birth', 'birth year'],
};

export function columnLetter(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export interface HeaderMap {
  columns: Map<ImportField, number>;
  /** Header texts of columns the import does not use. */
  ignored: string[];
}

export function mapHeaders(header: SheetRow | undefined): HeaderMap {
  const columns = new Map<ImportField, number>();
  const ignored: string[] = [];
  for (const [col, cell] of header?.cells ?? []) {
    const key = searchKey(cell.text);
    const field = IMPORT_FIELDS.find((f) => HEADER_NAMES[f].includes(key));
    if (!field) {
      if (cell.text.trim()) ignored.push(cell.text.trim());
      continue;
    }
    if (columns.has(field)) throw new SheetError('IMPORT_HEADER_DUPLICATE', {}, [`people.col.${field}`]);
    columns.set(field, col);
  }
  const missing: string[] = (['fullName', 'unitCode', 'targetGroup'] as const).filter((f) => !columns.has(f)).map((f) => `people.col.${f}`);
  if (!columns.has('phone') && !columns.has('email')) missing.push('import.phoneOrEmail');
  if (missing.length) throw new SheetError('IMPORT_HEADERS_MISSING', {}, missing);
  return { columns, ignored };
}

/** Target group cells may hold the code ("citizen") or the label in either language ("Người dân"). */
const groupByKey = new Map<string, string>(
  TARGET_GROUPS.flatMap((g) => [
    [searchKey(g), g],
    [searchKey(translate('vi', `targetGroup.${g}`)), g],
    [searchKey(translate('en', `targetGroup.${g}`)), g],
  ]),
);

/** Import wording for a few shared validation codes whose sign-up wording ("please choose") does not fit a file. */
const IMPORT_WORDING: Record<string, string> = {
  PERSON_GROUP_INVALID: 'IMPORT_GROUP_INVALID',
  PERSON_UNIT_REQUIRED: 'IMPORT_UNIT_REQUIRED',
};

export function validateRow(row: SheetRow, headers: HeaderMap): { values?: PersonValues; issues: ImportIssue[] } {
  const issues: ImportIssue[] = [];
  const input: Record<string, string> = {};
  const refused = new Set<ImportField>();
  for (const [field, col] of headers.columns) {
    const cell = row.cells.get(col);
    if (!cell) continue;
    const column = columnLetter(col);
    if (cell.kind === 'formula' || cell.kind === 'error') {
      issues.push({ row: row.number, column, field, code: cell.kind === 'formula' ? 'IMPORT_FORMULA' : 'IMPORT_CELL_ERROR' });
      refused.add(field);
      continue;
    }
    let text = cell.text.trim();
    // A phone typed into a number cell lost its leading 0: 912345678 was 0912345678.
    if (field === 'phone' && cell.kind === 'number' && /^\d{9,10}$/.test(text) && !text.startsWith('84')) text = '0' + text;
    if (field === 'targetGroup') text = groupByKey.get(searchKey(text)) ?? text;
    input[field] = text;
  }
  const { values, errors } = validatePerson(input as PersonInput);
  for (const [field, code] of Object.entries(errors) as Array<[ImportField, string]>) {
    if (refused.has(field)) continue;
    const col = headers.columns.get(field);
    issues.push({ row: row.number, column: col ? columnLetter(col) : undefined, field, code: IMPORT_WORDING[code] ?? code });
  }
  return issues.length ? { issues } : { values, issues };
}
