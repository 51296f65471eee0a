/**
 * The .xlsx files the module hands out: the people export (streamed, any size), the import template
 * and the error report of a refused import. Values are written as plain cells, never as formulas,
 * so a name like "=HYPERLINK(…)" stays text in Excel.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { UnitRow } from '../units/repository.js';
import { TARGET_GROUPS } from '../accounts/people-input.js';
import { displayStatus, presentPerson, type PersonRow } from './schema.js';
import { IMPORT_FIELDS, type ImportIssue } from './import-rows.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
type T = (key: string, params?: Record<string, string | number>) => string;

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
};

/** "nguoi-dung-2026-11-24.xlsx" in a Content-Disposition header, with an ASCII fallback. */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\w.-]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** The people export, streamed: rows are fetched and written batch by batch. */
export function exportStream(
  batches: AsyncIterable<PersonRow[]>,
  t: T,
  onDone: (count: number) => Promise<void>,
  onError: (err: unknown) => void,
): Readable {
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t('people.sheet'), { views: [{ state: 'frozen', ySplit: 1 }] });
  const cols = ['fullName', 'phone', 'email', 'unitCode', 'unitName', 'targetGroup', 'birthYear', 'status', 'createdAt'];
  const widths = [28, 16, 28, 12, 30, 26, 10, 20, 14];
  ws.columns = cols.map((c, i) => ({ header: t(`people.col.${c}`), key: c, width: widths[i] }));
  ws.getRow(1).eachCell((cell) => (cell.style = headerStyle));
  (async () => {
    let count = 0;
    for await (const rows of batches) {
      for (const row of rows) {
        const p = presentPerson(row);
        ws.addRow([
          p.fullName,
          p.phone ?? '',
          p.email ?? '',
          p.unit.code,
          p.unit.name,
          t(`targetGroup.${p.targetGroup}`),
          p.birthYear ?? '',
          t(`people.status.${displayStatus(p)}`),
          new Date(p.createdAt).toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }), // 2026-11-24, Vietnam's date
        ]).commit();
        count++;
      }
    }
    ws.commit();
    await onDone(count);
    await wb.commit();
  })().catch((err) => {
    onError(err);
    stream.destroy(err as Error);
  });
  return stream;
}

/** The import template: headers on sheet 1, the valid unit codes and target groups on sheet 2. */
export async function templateWorkbook(units: UnitRow[], t: T): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t('import.sheetData'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = IMPORT_FIELDS.map((f) => ({
    header: t(`people.col.${f}`),
    key: f,
    width: f === 'fullName' || f === 'email' ? 30 : f === 'targetGroup' ? 28 : 16,
    // Text columns: Excel keeps the leading 0 of a phone number and of a unit code.
    style: f === 'birthYear' ? {} : { numFmt: '@' },
  }));
  ws.getRow(1).eachCell((cell) => (cell.style = { ...headerStyle, numFmt: '@' }));

  const ref = wb.addWorksheet(t('import.sheetCodes'));
  ref.columns = [
    { header: t('people.col.unitCode'), width: 14, style: { numFmt: '@' } },
    { header: t('people.col.unitName'), width: 36 },
    { header: '', width: 4 },
    { header: t('import.groupLabel'), width: 30 },
    { header: t('import.groupCode'), width: 16 },
  ];
  ref.getRow(1).eachCell((cell) => (cell.style = headerStyle));
  const selectable = units.filter((u) => u.depth > 0);
  const lines = Math.max(selectable.length, TARGET_GROUPS.length);
  for (let i = 0; i < lines; i++) {
    const u = selectable[i];
    const g = TARGET_GROUPS[i];
    ref.addRow([u?.code ?? null, u?.name ?? null, null, g ? t(`targetGroup.${g}`) : null, g ?? null]);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The error report of a refused import: row, column, reason in the reader's language. */
export async function reportWorkbook(issues: ImportIssue[], t: T): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t('import.sheetReport'), { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [
    { header: t('import.col.row'), width: 8 },
    { header: t('import.col.column'), width: 24 },
    { header: t('import.col.reason'), width: 80 },
  ];
  ws.getRow(1).eachCell((cell) => (cell.style = headerStyle));
  for (const issue of issues) ws.addRow([issue.row, columnLabel(issue, t), issueMessage(issue, t)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function columnLabel(issue: ImportIssue, t: T): string {
  if (!issue.field) return issue.column ?? '';
  return issue.column ? `${t(`people.col.${issue.field}`)} (${issue.column})` : t(`people.col.${issue.field}`);
}

export function issueMessage(issue: ImportIssue, t: T): string {
  return t(`error.${issue.code}`, issue.params);
}
