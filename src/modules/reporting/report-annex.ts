/**
 * The report's annex (.xlsx): one row per unit below the reported unit (for the city: its communes, wards, special
 * zones and departments) with the period's indicators (indicatorsByUnit) and, per unit, its accepted filings'
 * figures; a total row. Plain values, never formulas; aggregates only (no personal data).
 */
import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { indicatorsByUnit, type Indicators, type Period } from './indicators.js';
import { filedFigures } from './filings-service.js';
import { dmy, lastDay } from './report-data.js';

const headerStyle: Partial<ExcelJS.Style> = {
  font: { bold: true, name: 'Times New Roman' },
  alignment: { wrapText: true, vertical: 'middle', horizontal: 'center' },
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF5' } },
  border: { top: { style: 'thin' }, bottom: { style: 'thin' }, left: { style: 'thin' }, right: { style: 'thin' } },
};

const TYPE_VI: Record<string, string> = { phuong: 'Phường', xa: 'Xã', dac_khu: 'Đặc khu', so_nganh: 'Sở, ban, ngành', thon: 'Thôn', to_dan_pho: 'Tổ dân phố' };

/** Columns: heading and value of a unit's indicators. */
export const ANNEX_COLUMNS: Array<[string, (i: Indicators) => number | null]> = [
  ['Người học trong kỳ', (i) => i.learners.total],
  ['Trong đó cán bộ, công chức, viên chức', (i) => i.learners.publicServants],
  ['Lượt ghi danh', (i) => i.enrolments.total],
  ['Lượt hoàn thành', (i) => i.enrolments.completions],
  ['Đạt phổ cập kỹ năng số', (i) => (i.basicSkills.ruleSet ? i.basicSkills.attained : null)],
  ['Tỷ lệ phổ cập trên dân số (%)', (i) => (i.basicSkills.shareOfPopulation === null ? null : Math.round(i.basicSkills.shareOfPopulation * 1000) / 10)],
  ['Thí sinh đăng ký dự thi', (i) => i.contest.registrants],
  ['Lượt thi', (i) => i.contest.attempts],
  ['Tổ công nghệ số cộng đồng', (i) => i.community.teams],
  ['Thành viên tổ', (i) => i.community.teamMembers],
  ['Lượt hỗ trợ', (i) => i.community.supportSessions],
  ['Người dân được hỗ trợ', (i) => i.community.peopleHelped],
  ['Trong đó người cao tuổi, yếu thế', (i) => i.community.vulnerableHelped],
  ['Đại sứ số', (i) => i.community.mentors],
  ['Người học của Đại sứ số', (i) => i.community.mentees],
  ['Hộ gia đình', (i) => i.community.households],
  ['Gia đình số', (i) => i.community.digitalFamilies],
  ['Sự kiện', (i) => i.community.events],
  ['Lượt tham dự', (i) => i.community.attendance],
  ['Sáng kiến đề xuất', (i) => i.community.initiativesProposed],
  ['Sáng kiến được công nhận', (i) => i.community.initiativesAccepted],
];

export async function reportAnnex(db: Kysely<DB>, parentPath: string, period: Period, title: string): Promise<Buffer> {
  const rows = await indicatorsByUnit(db, parentPath, period);
  const filed = await Promise.all(rows.map((r) => db.selectFrom('units').select('path').where('id', '=', r.unit.id).executeTakeFirstOrThrow().then((u) => filedFigures(db, u.path, period))));
  const filedCodes = [...new Set(filed.flatMap((f) => Object.keys(f)))].sort();

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Phụ lục', { views: [{ state: 'frozen', ySplit: 4, xSplit: 3 }] });
  ws.addRow([`PHỤ LỤC: SỐ LIỆU THEO ĐƠN VỊ — ${title}`]).font = { bold: true, name: 'Times New Roman', size: 13 };
  ws.addRow([`Kỳ báo cáo: từ ngày ${dmy(period.from)} đến ngày ${dmy(lastDay(period))}`]).font = { italic: true, name: 'Times New Roman' };
  ws.addRow([]);
  const heads = ['STT', 'Mã đơn vị', 'Đơn vị', 'Loại', 'Dân số', ...ANNEX_COLUMNS.map(([h]) => h), ...filedCodes.map((c) => `Số liệu báo cáo: ${c}`)];
  const h = ws.addRow(heads);
  h.height = 48;
  h.eachCell((c) => (c.style = headerStyle));
  ws.columns = heads.map((_, i) => ({ width: i === 2 ? 34 : i < 2 ? 8 : 14 }));
  const totals = new Array<number>(ANNEX_COLUMNS.length + filedCodes.length).fill(0);
  rows.forEach((r, idx) => {
    const vals = ANNEX_COLUMNS.map(([, f]) => f(r.indicators));
    const fv = filedCodes.map((c) => filed[idx][c] ?? null);
    [...vals, ...fv].forEach((v, j) => {
      if (typeof v === 'number' && ANNEX_COLUMNS[j]?.[0] !== 'Tỷ lệ phổ cập trên dân số (%)') totals[j] += v;
    });
    ws.addRow([idx + 1, r.unit.code, r.unit.name, TYPE_VI[r.unit.type] ?? r.unit.type, r.unit.population, ...vals, ...fv]);
  });
  const pctCol = ANNEX_COLUMNS.findIndex(([h2]) => h2.startsWith('Tỷ lệ'));
  const totalRow = ws.addRow(['', '', 'Tổng cộng', '', rows.reduce((s, r) => s + (r.unit.population ?? 0), 0) || null, ...totals.map((v, j) => (j === pctCol ? null : v))]);
  totalRow.font = { bold: true };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
