/**
 * The dashboard's tables as one .xlsx: an "about" sheet (unit, period, when), the key figures, then one sheet per
 * table of the page, in the page's order, with the same headings, rows and totals. Counts are numbers, shares are
 * numbers formatted as percentages, never formulas; texts that look like formulas stay text (exceljs writes
 * strings as strings).
 */
import ExcelJS from 'exceljs';
import { t as translate, type Lang } from '../../core/i18n.js';
import type { Cell, Dashboard, DashRow } from './dashboard-data.js';
import { addDays, displayDay } from './dashboard-period.js';
import './messages-dashboards.js';

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
  alignment: { wrapText: true, vertical: 'top' },
};

/** Excel's sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
export function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let i = 2; used.has(name.toLowerCase()); i++) name = `${base.slice(0, 31 - String(i).length - 1)} ${i}`;
  used.add(name.toLowerCase());
  return name;
}

function put(row: ExcelJS.Row, index: number, c: Cell) {
  const cell = row.getCell(index);
  if (c === null || c === undefined) return;
  if (typeof c === 'number' || typeof c === 'string') {
    cell.value = c;
    if (typeof c === 'number') cell.numFmt = '#,##0';
    return;
  }
  if (c.share !== null) {
    cell.value = c.share;
    cell.numFmt = '0.0%';
  }
}

export async function dashboardWorkbook(lang: Lang, d: Dashboard, now = new Date()): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const wb = new ExcelJS.Workbook();
  wb.creator = t('site.name');
  wb.created = now;
  const used = new Set<string>();

  const info = wb.addWorksheet(sheetName(t('dash.sheet.info'), used));
  info.columns = [{ width: 28 }, { width: 60 }];
  info.addRow([t('dash.title'), d.unit.name]).font = { bold: true };
  info.addRow([t('dash.unit'), `${d.unit.name} (${d.unit.code})`]);
  info.addRow([t('dash.period'), `${displayDay(d.period.from)} – ${displayDay(addDays(d.period.to, -1))}`]);
  info.addRow(['', t('dash.exported', { date: now.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' }) })]);

  const summary = wb.addWorksheet(sheetName(t('dash.sheet.summary'), used));
  summary.columns = [{ width: 40 }, { width: 16 }];
  const sh = summary.addRow([t('dash.col.figure'), t('dash.col.value')]);
  sh.eachCell((c) => (c.style = headerStyle));
  for (const c of d.cards) put(summary.addRow([c.label]), 2, c.value);

  for (const s of d.sections) {
    const ws = wb.addWorksheet(sheetName(s.table.title, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.table.head.map((_, i) => ({ width: i === 0 ? 36 : 16 }));
    const head = ws.addRow(s.table.head);
    head.eachCell((c) => (c.style = headerStyle));
    const write = (r: DashRow, bold = false) => {
      const row = ws.addRow([r.label]);
      r.cells.forEach((c, i) => put(row, i + 2, c));
      if (bold) row.font = { bold: true };
    };
    for (const r of s.table.rows) write(r);
    if (s.table.total) write(s.table.total, true);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
