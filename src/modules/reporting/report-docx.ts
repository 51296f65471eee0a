/**
 * The generated movement report as .docx, in the layout of Nghị định 30/2020/NĐ-CP, Phụ lục I (administrative
 * documents): A4 portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman; body 14 pt
 * justified with a 1 cm first-line indent and 6 pt between paragraphs; the two-column header (governing body and
 * issuing agency with its number on the left, the national title and motto with place and date on the right) in a
 * table without borders; the title "BÁO CÁO" and its summary line; sections I–III; "Nơi nhận:" beside the
 * signature block; page numbers centred at the top from page 2 (a different first page).
 *
 * Charts (report-charts.ts): PNG images, each in its own centred paragraph as wide as the text (A4 less the margins,
 * 164 mm), kept on the page of its caption "Biểu đồ N: …" (centred, italic, 13 pt) that follows it; numbered in
 * the order of the document, placed after the passage they illustrate. The caller passes none when no PNG library
 * is available; the figures are all in the text and the annex anyway.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Header,
  ImageRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IBorderOptions,
} from 'docx';
import type { ReportConfig } from '../../config.js';
import type { ReportData } from './report-data.js';
import { num } from './report-data.js';
import { fill, paragraphs, type TemplateKey } from './report-templates.js';
import type { ChartPlace, ReportChart } from './report-charts.js';

/** 1 mm in twentieths of a point. */
const MM = 56.7;
export const PAGE = { width: 11906, height: 16838 };
export const MARGINS = { top: Math.round(20 * MM), bottom: Math.round(20 * MM), left: Math.round(30 * MM), right: Math.round(15 * MM) };
const TEXT_WIDTH = PAGE.width - MARGINS.left - MARGINS.right;
/** The text width in the pixels of docx's image sizes (96 per inch, 1440 twips per inch): charts are this wide. */
export const TEXT_WIDTH_PX = (TEXT_WIDTH * 96) / 1440;
const FONT = 'Times New Roman';
/** Half-points: 14 pt body, 13 pt header lines, 12 pt and 11 pt for "Nơi nhận". */
const BODY = 28;
const HEAD = 26;
const SMALL = 24;
const TINY = 22;
const NO_BORDER: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER };
const RULE: IBorderOptions = { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 };

interface RunOpts {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}
const run = (text: string, o: RunOpts = {}) => new TextRun({ text, font: FONT, size: o.size ?? BODY, bold: o.bold, italics: o.italics });

function centered(text: string, o: RunOpts = {}, spacingAfter = 0) {
  return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 0, after: spacingAfter, line: 240 }, children: [run(text, o)] });
}

/** A short centred horizontal rule: an empty paragraph's bottom border between indents. */
function rule(cellWidth: number, length: number) {
  const side = Math.max(0, Math.round((cellWidth - length) / 2));
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: side, right: side },
    spacing: { before: 0, after: 0, line: 120, lineRule: 'exact' },
    border: { bottom: RULE },
    children: [run('', { size: 4 })],
  });
}

const LEFT_W = 4000;
const RIGHT_W = TEXT_WIDTH - LEFT_W;

export interface DocOptions {
  /** The number part of "Số: …/BC-SKHCN"; blank spaces when empty (numbered at registration). */
  number?: string;
  /** The document's date (Vietnam), default today. */
  date?: Date;
  /** Charts as PNG (report-charts.ts), placed after their passage. */
  charts?: ReportChart[];
}

/**
 * The governing body on one line when short, else on two lines broken at the space nearest the middle
 * ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ HẢI PHÒNG"), so it fits its column at 13 pt instead of wrapping anywhere.
 */
export function splitLine(text: string, max = 24): string[] {
  const t = text.trim();
  if (t.length <= max) return [t];
  const mid = t.length / 2;
  let best = -1;
  for (let i = 0; i < t.length; i++) if (t[i] === ' ' && (best < 0 || Math.abs(i - mid) < Math.abs(best - mid))) best = i;
  return best < 0 ? [t] : [t.slice(0, best), t.slice(best + 1)];
}

function vnDateParts(d: Date) {
  const [y, m, day] = new Date(d.getTime() + 7 * 3600_000).toISOString().slice(0, 10).split('-').map(Number);
  // Nghị định 30: days under 10 and months under 3 take a leading zero.
  return { day: day < 10 ? `0${day}` : String(day), month: m < 3 ? `0${m}` : String(m), year: String(y) };
}

function header(cfg: ReportConfig, data: ReportData, o: DocOptions) {
  const agency = data.cityReport ? cfg.agency : data.unit.name.toLocaleUpperCase('vi');
  const abbr = data.cityReport ? cfg.agencyAbbr : data.unit.type === 'so_nganh' ? data.unit.code : 'UBND';
  const { day, month, year } = vnDateParts(o.date ?? new Date());
  const number = o.number?.trim() ? o.number.trim() : '\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0';
  const cell = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, margins: { left: 0, right: 0, top: 0, bottom: 0 }, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [LEFT_W, RIGHT_W],
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          cell(LEFT_W, [
            ...splitLine(cfg.parentAgency).map((line) => centered(line, { size: HEAD })),
            centered(agency, { bold: true, size: HEAD }),
            rule(LEFT_W, 1300),
            new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 160, after: 0 }, children: [run(`Số: ${number}/BC-${abbr}`, { size: HEAD })] }),
          ]),
          cell(RIGHT_W, [
            centered('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: SMALL }),
            centered('Độc lập - Tự do - Hạnh phúc', { bold: true, size: BODY }),
            rule(RIGHT_W, 3300),
            new Paragraph({
              alignment: AlignmentType.CENTER,
              spacing: { before: 160, after: 0 },
              children: [run(`${cfg.place}, ngày ${day} tháng ${month} năm ${year}`, { italics: true, size: BODY })],
            }),
          ]),
        ],
      }),
    ],
  });
}

function body(text: string, o: RunOpts = {}) {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: 567 },
    spacing: { before: 120, after: 0, line: 288 },
    children: [run(text, o)],
  });
}

const heading = (text: string, italics = false) => body(text, { bold: true, italics });

/** A chart as wide as the text, then its caption; the picture stays on the caption's page. */
function chart(c: ReportChart, n: number): Paragraph[] {
  const height = (TEXT_WIDTH_PX * c.png.height) / c.png.width;
  return [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      keepNext: true,
      keepLines: true,
      spacing: { before: 240, after: 60 },
      children: [
        new ImageRun({
          type: 'png',
          data: c.png.data,
          transformation: { width: TEXT_WIDTH_PX, height },
          altText: { name: `Biểu đồ ${n}`, title: `Biểu đồ ${n}: ${c.caption}`, description: c.description },
        }),
      ],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 120, line: 264 },
      children: [run(`Biểu đồ ${n}: ${c.caption}`, { italics: true, size: HEAD })],
    }),
  ];
}

function signature(cfg: ReportConfig, data: ReportData, recipients: string[]) {
  const cell = (width: number, children: Paragraph[]) =>
    new TableCell({ width: { size: width, type: WidthType.DXA }, borders: NO_BORDERS, margins: { left: 0, right: 0, top: 0, bottom: 0 }, children });
  const leftW = 4500;
  const rightW = TEXT_WIDTH - leftW;
  const authority = data.cityReport ? cfg.signerAuthority : '';
  const title = data.cityReport ? cfg.signerTitle : 'THỦ TRƯỞNG ĐƠN VỊ';
  const sign: Paragraph[] = [];
  if (authority) sign.push(centered(authority, { bold: true }));
  sign.push(centered(title, { bold: true }));
  for (let i = 0; i < 4; i++) sign.push(centered('', {}));
  sign.push(centered(data.cityReport ? cfg.signerName : '', { bold: true }));
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [leftW, rightW],
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: [
          cell(leftW, [
            new Paragraph({ spacing: { before: 0, after: 0 }, children: [run('Nơi nhận:', { bold: true, italics: true, size: SMALL })] }),
            ...recipients.map((r) => new Paragraph({ spacing: { before: 0, after: 0 }, children: [run(r, { size: TINY })] })),
          ]),
          cell(rightW, sign),
        ],
      }),
    ],
  });
}

/** The report as .docx bytes. */
export async function reportDocx(cfg: ReportConfig, data: ReportData, templates: Record<TemplateKey, string>, o: DocOptions = {}): Promise<Buffer> {
  const v = data.values;
  const tpl = (k: TemplateKey, extra: Record<string, string> = {}) => paragraphs(fill(templates[k], { ...v, ...extra })).map((p) => body(p));

  const classes = data.classesHeld.flatMap((c, i) =>
    tpl('lop', { stt: String(i + 1), ten_lop: c.title, so_hoc_vien: num(c.enrolments), so_hoan_thanh: num(c.completions) }),
  );
  const initiatives = data.initiatives.flatMap((x) => tpl('sang_kien', { don_vi: x.unit, ten_sang_kien: x.title, ket_qua: x.results }));
  // Charts numbered in the order of the places below.
  const order: ChartPlace[] = ['lop', 'pho_cap', 'mo_hinh'];
  const numbered = order.flatMap((p) => (o.charts ?? []).filter((c) => c.place === p));
  const charts = (place: ChartPlace) => numbered.flatMap((c, i) => (c.place === place ? chart(c, i + 1) : []));

  const children = [
    header(cfg, data, o),
    new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 360, after: 0 }, children: [run('BÁO CÁO', { bold: true })] }),
    ...paragraphs(fill(templates.trich_yeu, v)).map((p) => centered(p, { bold: true })),
    rule(TEXT_WIDTH, 2000),
    new Paragraph({ spacing: { before: 120, after: 0 }, children: [] }),
    ...tpl('mo_dau'),
    heading('I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN'),
    heading('1. Công tác triển khai'),
    ...tpl('trien_khai'),
    heading('2. Kết quả thực hiện'),
    heading('2.1. Công tác thông tin, tuyên truyền', true),
    ...tpl('tuyen_truyen'),
    heading('2.2. Xây dựng các quy định, hướng dẫn, chương trình phổ cập kỹ năng số', true),
    ...tpl('hoc_lieu'),
    heading('2.3. Xây dựng, tham gia tổ chức vận hành các nền tảng số', true),
    ...tpl('nen_tang'),
    ...classes,
    ...(data.classesRunning.length ? tpl('lop_dang_to_chuc') : []),
    ...(data.partnerCourses.length ? tpl('lop_phoi_hop') : []),
    ...charts('lop'),
    heading('2.4. Phổ cập tri thức về chuyển đổi số, kỹ năng số cho từng nhóm đối tượng', true),
    ...tpl('pho_cap'),
    ...charts('pho_cap'),
    heading('2.5. Triển khai các mô hình, phong trào lan tỏa kỹ năng số cho cộng đồng', true),
    ...tpl('mo_hinh'),
    ...initiatives,
    ...charts('mo_hinh'),
    heading('2.6. Chỉ đạo các doanh nghiệp viễn thông, doanh nghiệp công nghệ số bảo đảm hạ tầng, đường truyền, kết nối internet để thực hiện Phong trào', true),
    ...tpl('ha_tang'),
    heading('2.7. Xây dựng Kế hoạch Tổ Công nghệ số cộng đồng thực hiện Phong trào', true),
    ...tpl('to_cong_nghe'),
    heading('II. ĐÁNH GIÁ CHUNG'),
    heading('1. Ưu điểm'),
    ...tpl('uu_diem'),
    heading('2. Hạn chế, khó khăn'),
    ...tpl('han_che'),
    heading('III. PHƯƠNG HƯỚNG NHIỆM VỤ TRONG THỜI GIAN TỚI'),
    ...tpl('phuong_huong'),
    new Paragraph({ spacing: { before: 240, after: 0 }, children: [] }),
    signature(cfg, data, paragraphs(fill(templates.noi_nhan, v)).flatMap((p) => p.split('\n'))),
  ];

  const doc = new Document({
    creator: data.agencyName,
    title: `Báo cáo ${fill(templates.trich_yeu, v)}`,
    styles: { default: { document: { run: { font: FONT, size: BODY } } } },
    sections: [
      {
        properties: {
          page: { size: PAGE, margin: { ...MARGINS, header: 567, footer: 567 } },
          titlePage: true,
        },
        headers: {
          first: new Header({ children: [new Paragraph({ children: [] })] }),
          default: new Header({
            children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: BODY })] })],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
