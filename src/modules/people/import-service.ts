/**
 * Bulk import of people from .xlsx: all or nothing.
 *
 * Every row is checked first (shared validation, unit code inside the importer's scope, duplicates in
 * the file and in the database). Any problem → nothing is stored and a per-row report is kept for
 * download. Otherwise every row is inserted in ONE transaction, in batches.
 *
 * Decisions recorded here:
 *  - Imported accounts have no password (password_hash null): people activate them with
 *    "Quên mật khẩu" (the reset link is sent to their phone or e-mail), as the import page says.
 *  - Consent: consent_at and consent_version stay null. The unit administrator imports on the unit's
 *    legal basis (its public task of organising the movement), not on the person's consent; the
 *    account pages show "not recorded" for these people.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { AppError } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { scopePaths, type Actor } from '../../core/policy.js';
import { unitsUnder, type UnitRow } from '../units/repository.js';
import { takenContacts, type NewUser } from '../accounts/repository.js';
import { readFirstSheet, SheetError } from './xlsx-read.js';
import { columnLetter, mapHeaders, validateRow, type ImportIssue } from './import-rows.js';
import { insertPeople, saveReport } from './import-repository.js';
import { isUniqueViolation } from '../../db/database.js';

export const IMPORT = 'people:import';
/** Stored and downloadable; the page shows fewer. */
const MAX_ISSUES = 10_000;

export type ImportOutcome =
  | { ok: true; imported: number; ignoredColumns: string[] }
  | { ok: false; issues: ImportIssue[]; issueCount: number; badRows: number; reportId: string; ignoredColumns: string[] };

/** Units where the actor may place people (not the city root, not retired), by code. */
export async function importableUnits(db: Kysely<DB>, actor: Actor | undefined): Promise<UnitRow[]> {
  return (await unitsUnder(db, scopePaths(actor, IMPORT))).filter((u) => u.depth > 0);
}

export async function importPeople(
  db: Kysely<DB>,
  config: Config,
  actor: Actor,
  file: { name: string; data: Buffer },
): Promise<ImportOutcome> {
  const sheet = await readFirstSheet(file.data, config.importMaxRows);
  if (sheet.merges.length) {
    const ranges = sheet.merges.slice(0, 5).join(', ') + (sheet.merges.length > 5 ? ', …' : '');
    throw new SheetError('IMPORT_MERGED_CELLS', { ranges });
  }
  if (!sheet.header && sheet.rowCount === 0) throw new SheetError('IMPORT_EMPTY');
  const headers = mapHeaders(sheet.header);
  // A row with values only in unused columns (a pre-numbered "STT" column, say) is an empty row.
  const used = [...headers.columns.values()];
  const rows = sheet.rows.filter((r) => used.some((col) => r.cells.has(col)));
  if (sheet.rowCount > config.importMaxRows) throw new SheetError('IMPORT_TOO_MANY_ROWS', { max: config.importMaxRows, rows: sheet.rowCount });
  if (rows.length === 0) throw new SheetError('IMPORT_EMPTY');

  const units = new Map((await importableUnits(db, actor)).map((u) => [u.code, u]));
  const issues: ImportIssue[] = [];
  const people: Array<NewUser & { row: number; unitPath: string }> = [];
  const firstRowOf = { phone: new Map<string, number>(), email: new Map<string, number>() };
  const columnOf = (field: 'phone' | 'email' | 'unitCode') => {
    const col = headers.columns.get(field);
    return col ? columnLetter(col) : undefined;
  };

  for (const row of rows) {
    const { values, issues: rowIssues } = validateRow(row, headers);
    issues.push(...rowIssues);
    if (!values) continue;
    const unit = units.get(values.unitCode);
    if (!unit) issues.push({ row: row.number, column: columnOf('unitCode'), field: 'unitCode', code: 'IMPORT_UNIT_NOT_IN_SCOPE' });
    let duplicate = false;
    for (const field of ['phone', 'email'] as const) {
      const value = values[field];
      if (!value) continue;
      const first = firstRowOf[field].get(value);
      if (first === undefined) firstRowOf[field].set(value, row.number);
      else {
        duplicate = true;
        const code = field === 'phone' ? 'IMPORT_PHONE_DUPLICATE' : 'IMPORT_EMAIL_DUPLICATE';
        issues.push({ row: row.number, column: columnOf(field), field, code, params: { row: first } });
      }
    }
    if (!unit || duplicate) continue;
    const { unitCode: _code, ...rest } = values;
    people.push({ ...rest, unitId: unit.id, unitPath: unit.path, passwordHash: null, consentAt: null, consentVersion: null, row: row.number });
  }

  // Against the database: the same number or address in any format is the same (both are normalized).
  const taken = await takenContacts(db, [...firstRowOf.phone.keys()], [...firstRowOf.email.keys()]);
  for (const [field, set, code] of [
    ['phone', taken.phones, 'PERSON_PHONE_TAKEN'],
    ['email', taken.emails, 'PERSON_EMAIL_TAKEN'],
  ] as const) {
    for (const value of set) issues.push({ row: firstRowOf[field].get(value)!, column: columnOf(field), field, code });
  }

  if (issues.length) {
    issues.sort((a, b) => a.row - b.row || (a.column ?? '').localeCompare(b.column ?? ''));
    const badRows = new Set(issues.map((i) => i.row)).size;
    const kept = issues.slice(0, MAX_ISSUES);
    const reportId = await saveReport(db, { userId: actor.userId, fileName: file.name, rowCount: sheet.rowCount, issues: kept });
    return { ok: false, issues: kept, issueCount: issues.length, badRows, reportId, ignoredColumns: headers.ignored };
  }

  try {
    await db.transaction().execute(async (trx) => {
      await insertPeople(trx, people);
      await audit(trx, actor, {
        action: 'people.import',
        unitId: commonUnitId(people.map((p) => p.unitPath)),
        details: { count: people.length, units: new Set(people.map((p) => p.unitId)).size },
      });
    });
  } catch (err) {
    // Someone signed up with one of these numbers between the check and the insert: nothing was stored.
    if (isUniqueViolation(err)) throw new AppError('IMPORT_CONFLICT', 409);
    throw err;
  }
  return { ok: true, imported: people.length, ignoredColumns: headers.ignored };
}

/** The deepest unit above (or equal to) every imported unit: "/1/7/42/" and "/1/7/43/" → 7. */
function commonUnitId(paths: string[]): number | null {
  let prefix = paths[0]?.split('/').filter(Boolean) ?? [];
  for (const p of paths) {
    const parts = p.split('/').filter(Boolean);
    let i = 0;
    while (i < prefix.length && prefix[i] === parts[i]) i++;
    prefix = prefix.slice(0, i);
  }
  return prefix.length ? Number(prefix[prefix.length - 1]) : null;
}
