/**
 * The course report as .xlsx, streamed: the learners (fetched and written batch by batch, any number),
 * then the totals by unit and by target group. Values are plain cells, never formulas.
 */
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Lang } from '../../core/i18n.js';
import { t as translate } from '../../core/i18n.js';
import type { LearnerRow } from './repository.js';
import { presentLearner, type CourseReport, type TotalsDto } from './service.js';
import { duration } from './format.js';
import './messages.js';

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
};
/** The day and time in Vietnam, as Excel shows it: "2026-11-24 18:05". */
const vnDateTime = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }).slice(0, 16) : '';

export function reportStream(
  lang: Lang,
  report: CourseReport,
  learners: AsyncIterable<LearnerRow[]>,
  onDone: (count: number) => Promise<void>,
  onError: (err: unknown) => void,
): Readable {
  const t = (key: string, params?: Record<string, string | number>) => translate(lang, key, params);
  const stream = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  const sheet = (name: string, columns: Array<[string, number]>) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = columns.map(([header, width]) => ({ header, width }));
    ws.getRow(1).eachCell((cell) => (cell.style = headerStyle));
    return ws;
  };
  const totalsColumns: Array<[string, number]> = [
    [t('creport.col.enrolled'), 12],
    [t('creport.col.started'), 12],
    [t('creport.col.completed'), 12],
    [t('creport.col.rate'), 16],
    [t('creport.col.score'), 16],
  ];
  const totalsCells = (x: TotalsDto) => [x.enrolled, x.started, x.completed, x.completionRate, x.averageScore ?? ''];

  (async () => {
    const ws = sheet(t('creport.sheetLearners'), [
      [t('creport.col.learner'), 28],
      [t('creport.col.unit'), 28],
      [t('creport.col.group'), 26],
      [t('creport.col.status'), 16],
      [t('creport.col.learnerScore'), 10],
      [t('creport.col.time'), 12],
      [t('creport.col.enrolledAt'), 18],
      [t('creport.col.completedAt'), 18],
      [t('creport.col.last'), 18],
    ]);
    let count = 0;
    for await (const rows of learners) {
      for (const row of rows) {
        const l = presentLearner(row);
        ws.addRow([
          l.fullName,
          l.unitName,
          t(`targetGroup.${l.targetGroup}`),
          t(`creport.status.${l.status}`),
          l.score ?? '',
          duration(l.timeSeconds),
          vnDateTime(l.enrolledAt),
          vnDateTime(l.completedAt),
          vnDateTime(l.lastActivityAt),
        ]).commit();
        count++;
      }
    }
    ws.commit();
    const units = sheet(t('creport.sheetUnits'), [[t('creport.col.unit'), 32], ...totalsColumns]);
    for (const u of report.byUnit) units.addRow([u.unit?.name ?? t('creport.cityLevel'), ...totalsCells(u)]).commit();
    units.commit();
    const groups = sheet(t('creport.sheetGroups'), [[t('creport.col.group'), 32], ...totalsColumns]);
    for (const g of report.byGroup) groups.addRow([t(`targetGroup.${g.targetGroup}`), ...totalsCells(g)]).commit();
    groups.commit();
    await onDone(count);
    await wb.commit();
  })().catch((err) => {
    onError(err);
    stream.destroy(err as Error);
  });
  return stream;
}
