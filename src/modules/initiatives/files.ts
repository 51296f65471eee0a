/**
 * Attachments of initiatives: PDF, DOCX, XLSX, JPEG, PNG, WebP. A file is what its bytes say, and its name must
 * say the same: "bao-cao.pdf" that is a ZIP, or "anh.jpg" that is a PNG, or a .docx without word/document.xml,
 * is refused. Files are stored under DATA_DIR/initiatives/<random key> and served as attachments only.
 */
import crypto from 'node:crypto';
import fsp from 'node:fs/promises';
import path from 'node:path';

export const FILE_KINDS = ['pdf', 'docx', 'xlsx', 'jpeg', 'png', 'webp'] as const;
export type FileKind = (typeof FILE_KINDS)[number];
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES_PER_UPLOAD = 5;
export const MAX_FILES_PER_INITIATIVE = 10;

export const CONTENT_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
};

const EXTENSIONS: Record<string, FileKind> = { pdf: 'pdf', docx: 'docx', xlsx: 'xlsx', jpg: 'jpeg', jpeg: 'jpeg', png: 'png', webp: 'webp' };

/** Names in a ZIP's central directory (no decompression); undefined when it is not a readable ZIP. */
function zipEntries(buf: Buffer): string[] | undefined {
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return undefined;
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) return undefined;
    const nameLength = buf.readUInt16LE(offset + 28);
    names.push(buf.toString('utf8', offset + 46, offset + 46 + nameLength));
    offset += 46 + nameLength + buf.readUInt16LE(offset + 30) + buf.readUInt16LE(offset + 32);
  }
  return names;
}

/** What the bytes are, or undefined for anything else. */
export function sniff(buf: Buffer): FileKind | undefined {
  if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  if (buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return 'jpeg';
  if (buf.length >= 8 && buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  if (buf.length >= 12 && buf.subarray(0, 4).toString('latin1') === 'RIFF' && buf.subarray(8, 12).toString('latin1') === 'WEBP') return 'webp';
  const entries = zipEntries(buf);
  if (entries?.includes('word/document.xml')) return 'docx';
  if (entries?.includes('xl/workbook.xml')) return 'xlsx';
  return undefined;
}

/** The kind when the name's extension and the bytes agree; undefined otherwise. */
export function checkFile(name: string, buf: Buffer): FileKind | undefined {
  const ext = path.extname(name).slice(1).toLowerCase();
  const claimed = EXTENSIONS[ext];
  const actual = sniff(buf);
  return claimed && claimed === actual ? actual : undefined;
}

/** A file name safe to show and to put in a Content-Disposition header: no path, no control characters. */
export function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'tep';
  const kept = [...base.normalize('NFC')].filter((ch) => ch.charCodeAt(0) >= 0x20 && ch !== '\u007f' && ch !== '"').join('');
  return kept.slice(-200) || 'tep';
}

export const filesDir = (dataDir: string) => path.join(dataDir, 'initiatives');

export async function storeFile(dataDir: string, data: Buffer): Promise<string> {
  const key = crypto.randomBytes(16).toString('hex');
  await fsp.mkdir(filesDir(dataDir), { recursive: true });
  await fsp.writeFile(path.join(filesDir(dataDir), key), data, { flag: 'wx' });
  return key;
}

export async function removeStored(dataDir: string, keys: string[]): Promise<void> {
  await Promise.all(keys.map((k) => fsp.rm(path.join(filesDir(dataDir), k), { force: true })));
}

export async function readStored(dataDir: string, key: string): Promise<Buffer> {
  if (!/^[0-9a-f]{32}$/.test(key)) throw new Error('bad storage key');
  return fsp.readFile(path.join(filesDir(dataDir), key));
}
