/**
 * The certificate as a PDF: A4 landscape, Vietnamese, with a QR code that opens the public
 * verification page. The text uses Noto Serif (TrueType, from @expo-google-fonts/noto-serif, SIL OFL),
 * embedded as a subset, so every Vietnamese letter renders the same on any device.
 *
 * The QR code is drawn as vector squares (one 1×1 rectangle per dark module, in a scaled
 * coordinate system): sharp at any zoom or print size, and checkable by tests.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';

const require = createRequire(import.meta.url);
/** Read once: about 0.5 MB each. */
const font = (file: string) => fs.readFileSync(require.resolve(`@expo-google-fonts/noto-serif/${file}`));
const FONTS = {
  regular: font('400Regular/NotoSerif_400Regular.ttf'),
  bold: font('700Bold/NotoSerif_700Bold.ttf'),
  italic: font('400Regular_Italic/NotoSerif_400Regular_Italic.ttf'),
};

const BRAND = '#0b4f8a';
const INK = '#1a1a1a';
const MUTED = '#4a4a4a';

export interface CertificatePdfData {
  code: string;
  holderName: string;
  courseTitle: string;
  /** "25/11/2026", already in Vietnam's time zone. */
  issuedOn: string;
  verifyUrl: string;
  cityName: string;
  revokedOn?: string;
}

/** The largest size (down to `min`) at which the text fits on one line of `width`. */
function fitSize(doc: PDFKit.PDFDocument, text: string, fontName: string, max: number, min: number, width: number): number {
  doc.font(fontName);
  for (let size = max; size > min; size -= 1) {
    if (doc.fontSize(size).widthOfString(text) <= width) return size;
  }
  return min;
}

export async function certificatePdf(d: CertificatePdfData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 0,
    info: { Title: `Giấy chứng nhận ${d.code}`, Author: d.cityName, Subject: d.courseTitle, Creator: 'kynangso' },
  });
  doc.registerFont('regular', FONTS.regular);
  doc.registerFont('bold', FONTS.bold);
  doc.registerFont('italic', FONTS.italic);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const W = doc.page.width; // 841.89
  const H = doc.page.height; // 595.28
  doc.lineWidth(3).strokeColor(BRAND).rect(24, 24, W - 48, H - 48).stroke();
  doc.lineWidth(1).rect(32, 32, W - 64, H - 64).stroke();

  const inner = { x: 70, width: W - 140 };
  const center = (text: string, fontName: string, size: number, y: number, color = INK) =>
    doc.font(fontName).fontSize(size).fillColor(color).text(text, inner.x, y, { width: inner.width, align: 'center' });

  center(d.cityName.toUpperCase(), 'bold', 14, 62, BRAND);
  center('Phong trào “Bình dân học vụ số”', 'italic', 12, 82, MUTED);
  center('GIẤY CHỨNG NHẬN', 'bold', 38, 122, BRAND);
  center('Certificate of completion', 'italic', 12, 172, MUTED);
  center('Chứng nhận', 'regular', 16, 205);
  const nameSize = fitSize(doc, d.holderName, 'bold', 34, 18, inner.width);
  center(d.holderName, 'bold', nameSize, 235);
  center('đã hoàn thành khóa học', 'regular', 16, 292);
  const courseSize = fitSize(doc, d.courseTitle, 'bold', 24, 13, inner.width);
  center(d.courseTitle, 'bold', courseSize, 322, BRAND);

  // Date and code on the left, the QR code on the right.
  const bottom = H - 185;
  doc.font('regular').fontSize(13).fillColor(INK).text(`Ngày cấp: ${d.issuedOn}`, 80, bottom + 40);
  doc.font('regular').fontSize(11).fillColor(MUTED).text(`Mã chứng nhận: ${d.code}`, 80, bottom + 62);
  doc.font('italic').fontSize(10).fillColor(MUTED).text(`Kiểm tra tại: ${d.verifyUrl}`, 80, bottom + 82, { width: 480, link: d.verifyUrl });
  if (d.revokedOn) {
    doc.font('bold').fontSize(13).fillColor('#b3261e').text(`ĐÃ BỊ THU HỒI ngày ${d.revokedOn}`, 80, bottom + 10);
  }

  const qr = QRCode.create(d.verifyUrl, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const box = 110;
  const moduleSize = box / size;
  const qx = W - 80 - box;
  const qy = bottom + 5;
  doc.save();
  doc.translate(qx, qy).scale(moduleSize);
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) if (qr.modules.get(row, col)) doc.rect(col, row, 1, 1);
  }
  doc.fillColor('#000000').fill();
  doc.restore();
  doc.link(qx, qy, box, box, d.verifyUrl);
  doc.font('regular').fontSize(9).fillColor(MUTED).text('Quét mã để kiểm tra', qx - 20, qy + box + 14, { width: box + 40, align: 'center' });

  doc.end();
  return done;
}
