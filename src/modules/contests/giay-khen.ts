/**
 * Certificates of merit (giấy khen) of a contest as PDF: A4 landscape, one page per award, Noto Serif embedded
 * (every Vietnamese letter renders the same everywhere) and a QR code — drawn as vector squares, as the course
 * certificates do (certificates/pdf.ts) — that opens the public verification page /giay-khen/:code.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Config } from '../../config.js';

const require = createRequire(import.meta.url);
const font = (file: string) => fs.readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${file}`));
let fonts: { regular: Buffer; bold: Buffer; italic: Buffer } | undefined;
const FONTS = () =>
  (fonts ??= {
    regular: font('400Regular/NotoSerif_400Regular.ttf'),
    bold: font('700Bold/NotoSerif_700Bold.ttf'),
    italic: font('400Regular_Italic/NotoSerif_400Regular_Italic.ttf'),
  });

const BRAND = '#8a1c1c';
const INK = '#1a1a1a';
const MUTED = '#4a4a4a';

export const meritVerifyUrl = (config: Config, code: string) => `${config.publicUrl}/giay-khen/${code}`;

export interface MeritData {
  code: string;
  /** The contestant's name, or the unit's name for a collective prize. */
  recipient: string;
  collective: boolean;
  /** The contestant's unit (individual prizes). */
  unitName: string | null;
  prizeName: string;
  contestTitle: string;
  /** "Vòng 1 — Tuần 1" for a round's prize; null for the overall ranking. */
  rankingTitle: string | null;
  organiser: string;
  /** "25/11/2026", Vietnam's date. */
  issuedOn: string;
  verifyUrl: string;
  cityName: string;
}

function fitSize(doc: PDFKit.PDFDocument, text: string, fontName: string, max: number, min: number, width: number): number {
  doc.font(fontName);
  for (let size = max; size > min; size -= 1) if (doc.fontSize(size).widthOfString(text) <= width) return size;
  return min;
}

function page(doc: PDFKit.PDFDocument, d: MeritData) {
  const W = doc.page.width;
  const H = doc.page.height;
  doc.lineWidth(3).strokeColor(BRAND).rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1).rect(32, 32, W - 64, H - 64).stroke();
  const inner = { x: 70, width: W - 140 };
  const center = (text: string, fontName: string, size: number, y: number, color = INK) =>
    doc.font(fontName).fontSize(size).fillColor(color).text(text, inner.x, y, { width: inner.width, align: 'center' });

  center(d.organiser.toUpperCase(), 'bold', 14, 60, BRAND);
  center('Phong trào “Bình dân học vụ số”', 'italic', 12, 80, MUTED);
  center('GIẤY KHEN', 'bold', 40, 112, BRAND);
  center(d.collective ? 'Tặng tập thể' : 'Tặng', 'regular', 16, 170);
  center(d.recipient, 'bold', fitSize(doc, d.recipient, 'bold', 32, 16, inner.width), 196);
  if (d.unitName) center(d.unitName, 'italic', 14, 240, MUTED);
  const prizeLine = d.rankingTitle ? `Đã đạt ${d.prizeName} — ${d.rankingTitle}` : `Đã đạt ${d.prizeName}`;
  center(prizeLine, 'bold', fitSize(doc, prizeLine, 'bold', 22, 12, inner.width), 270, BRAND);
  center('tại cuộc thi', 'regular', 14, 305);
  center(d.contestTitle, 'bold', fitSize(doc, d.contestTitle, 'bold', 20, 11, inner.width), 326);

  const bottom = H - 185;
  doc.font('regular').fontSize(13).fillColor(INK).text(`${d.cityName}, ngày ${d.issuedOn}`, 80, bottom + 40);
  doc.font('regular').fontSize(11).fillColor(MUTED).text(`Số hiệu: ${d.code}`, 80, bottom + 62);
  doc.font('italic').fontSize(10).fillColor(MUTED).text(`Kiểm tra tại: ${d.verifyUrl}`, 80, bottom + 82, { width: 480, link: d.verifyUrl });

  const qr = QRCode.create(d.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 110;
  const qx = W - 80 - box;
  const qy = bottom + 5;
  doc.save();
  doc.translate(qx, qy).scale(box / size);
  for (let row = 0; row < size; row++) for (let col = 0; col < size; col++) if (qr.modules.get(row, col)) doc.rect(col, row, 1, 1);
  doc.fillColor('#000000').fill();
  doc.restore();
  doc.link(qx, qy, box, box, d.verifyUrl);
  doc.font('regular').fontSize(9).fillColor(MUTED).text('Quét mã để kiểm tra', qx - 20, qy + box + 14, { width: box + 40, align: 'center' });
}

/** One page per award, in the order given. */
export async function meritPdf(items: MeritData[], title: string): Promise<Buffer> {
  const f = FONTS();
  const doc = new PDFDocument({ size: 'A4', layout: 'landscape', margin: 0, autoFirstPage: false, info: { Title: title, Creator: 'kynangso' } });
  doc.registerFont('regular', f.regular);
  doc.registerFont('bold', f.bold);
  doc.registerFont('italic', f.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const d of items) {
    doc.addPage();
    page(doc, d);
  }
  if (items.length === 0) doc.addPage();
  doc.end();
  return done;
}
