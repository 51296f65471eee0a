/** The units that have not filed for a period, as .xlsx. Plain cells, never formulas. */
import ExcelJS from 'exceljs';
import type { Lang } from '../../core/i18n.js';
import { t as translate } from '../../core/i18n.js';
import { dmy, periodLabel } from './filings-model.js';
import type { PeriodRow } from './filings-repository.js';
import type { PeriodOverview } from './filings-service.js';
import './messages-filings.js';

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
};

export async function nonFilersWorkbook(lang: Lang, period: PeriodRow, o: PeriodOverview): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t('filing.sheet'), { views: [{ state: 'frozen', ySplit: 3 }] });
  ws.addRow([`${t('filing.nonFilersTable')} · ${periodLabel(period, lang)}`]).font = { bold: true };
  ws.addRow([`${t('filing.col.deadline')}: ${dmy(period.deadline)}`, t('filing.filedOf', { filed: o.filed, total: o.total })]);
  ws.addRow(['STT', t('filing.col.unitCode'), t('filing.col.unit'), t('filing.col.type'), t('filing.col.status'), t('filing.col.overdue')]).eachCell((c) => (c.style = headerStyle));
  ws.columns = [{ width: 6 }, { width: 12 }, { width: 40 }, { width: 18 }, { width: 22 }, { width: 12 }];
  o.nonFilers.forEach((r, i) =>
    ws.addRow([i + 1, r.unit.code, r.unit.name, t(`unitType.${r.unit.type}`), t(`filing.status.${r.status}`), o.overdue ? t('filing.yes') : t('filing.no')]),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
