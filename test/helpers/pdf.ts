/**
 * Reading the certificate PDF back: the QR code is drawn as one "col row 1 1 re" square per dark
 * module (certificates/pdf.ts); the squares are put back on a bitmap and decoded by jsQR, an
 * independent QR decoder — so the test checks what a phone camera would read, not what we meant to draw.
 */
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import jsQRModule from 'jsqr';

// jsqr is CommonJS: its function is the module itself at run time, typed as a default export.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;

/** Every content stream of the PDF, inflated. */
export function pdfStreams(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  const out: string[] = [];
  for (const m of text.matchAll(/stream\r?\n/g)) {
    const start = m.index! + m[0].length;
    const end = text.indexOf('endstream', start);
    try {
      out.push(zlib.inflateSync(pdf.subarray(start, end)).toString('latin1'));
    } catch {
      out.push(text.slice(start, end));
    }
  }
  return out;
}

/** Decodes RGBA pixels with jsQR; undefined when no QR code is found. */
export function decodeQr(rgba: Uint8ClampedArray, width: number, height: number): string | undefined {
  return jsQR(rgba, width, height)?.data;
}

/** The QR code drawn in the PDF, decoded. */
export function qrFromPdfVectors(pdf: Buffer): string | undefined {
  const modules: Array<[number, number]> = [];
  for (const s of pdfStreams(pdf)) for (const m of s.matchAll(/^(\d+) (\d+) 1 1 re$/gm)) modules.push([Number(m[1]), Number(m[2])]);
  if (modules.length === 0) return undefined;
  const size = Math.max(...modules.flatMap(([c, r]) => [c, r])) + 1;
  const scale = 6;
  const quiet = 4;
  const width = (size + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(width * width * 4).fill(255);
  for (const [col, row] of modules) {
    for (let y = 0; y < scale; y++) {
      for (let x = 0; x < scale; x++) {
        const i = (((row + quiet) * scale + y) * width + (col + quiet) * scale + x) * 4;
        rgba[i] = rgba[i + 1] = rgba[i + 2] = 0;
      }
    }
  }
  return decodeQr(rgba, width, width);
}

/**
 * Whether poppler-utils (pdftoppm, pdftotext) is installed. A developer's machine may lack it (the tests that
 * need it are then skipped); CI installs it (.ci/run), so there its absence is a failure, never a silent skip.
 */
export function hasPoppler(): boolean {
  try {
    execFileSync('pdftoppm', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    if (process.env.CI) throw new Error('poppler-utils (pdftoppm, pdftotext) is missing: .ci/run installs it for the PDF tests');
    return false;
  }
}

/** Renders page 1 with poppler's pdftoppm (PPM output, no PNG decoder needed) and decodes the QR code on it. */
export function qrFromRenderedPage(pdf: Buffer, dpi = 150): string | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kns-pdf-'));
  try {
    fs.writeFileSync(path.join(dir, 'c.pdf'), pdf);
    execFileSync('pdftoppm', ['-r', String(dpi), '-singlefile', path.join(dir, 'c.pdf'), path.join(dir, 'page')]);
    const ppm = fs.readFileSync(path.join(dir, 'page.ppm'));
    // P6 <width> <height> <maxval> then RGB bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(ppm.subarray(0, 50).toString('latin1'));
    if (!header) throw new Error('not a PPM file');
    const [width, height] = [Number(header[1]), Number(header[2])];
    const rgb = ppm.subarray(header[0].length);
    const rgba = new Uint8ClampedArray(width * height * 4);
    for (let i = 0, j = 0; i < width * height; i++, j += 3) {
      rgba[i * 4] = rgb[j];
      rgba[i * 4 + 1] = rgb[j + 1];
      rgba[i * 4 + 2] = rgb[j + 2];
      rgba[i * 4 + 3] = 255;
    }
    return decodeQr(rgba, width, height);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the PDF, by poppler's pdftotext. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-', '-'], { input: pdf }).toString('utf8');
}
