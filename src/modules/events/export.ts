/** The attendance list of one event as .xlsx: the named attendees, then the anonymous ones by age band. Plain cells, never formulas. */
import ExcelJS from 'exceljs';
import type { Lang } from '../../core/i18n.js';
import { t as translate } from '../../core/i18n.js';
import { formatPhone } from '../../core/text.js';
import { formatDateTime } from '../../views/form-parts.js';
import { AGE_BANDS, type EventWithUnit } from './repository.js';
import type { Attendance } from './service.js';
import { eventWhen } from './time.js';
import './messages.js';

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
};

export async function attendanceWorkbook(lang: Lang, ev: EventWithUnit, a: Attendance): Promise<Buffer> {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(t('event.sheet'), { views: [{ state: 'frozen', ySplit: 4 }] });
  ws.addRow([ev.title]).font = { bold: true };
  ws.addRow([`${t(`event.kind.${ev.kind}`)} · ${ev.unit_name} · ${ev.place} · ${eventWhen(ev.starts_at, ev.ends_at)}`]);
  ws.addRow([t('event.total', { n: a.total }), t('event.named', { n: a.named }), t('event.guests', { n: a.guestTotal })]);
  const header = ws.addRow(['STT', t('event.col.name'), t('event.col.phone'), t('event.col.personUnit'), t('event.col.method'), t('event.col.at')]);
  header.eachCell((c) => (c.style = headerStyle));
  ws.columns = [{ width: 6 }, { width: 28 }, { width: 16 }, { width: 28 }, { width: 22 }, { width: 18 }];
  a.attendees.forEach((p, i) => ws.addRow([i + 1, p.full_name, p.phone ? formatPhone(p.phone) : '', p.unit_name, t(`event.method.${p.method}`), formatDateTime(p.checked_in_at)]));

  const gs = wb.addWorksheet(t('event.sheetGuests'));
  gs.columns = [{ width: 24 }, { width: 12 }];
  gs.addRow([t('event.col.band'), t('event.col.count')]).eachCell((c) => (c.style = headerStyle));
  for (const band of AGE_BANDS) gs.addRow([t(`event.band.${band}`), a.guests[band]]);
  gs.addRow([t('event.col.count'), a.guestTotal]).font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
