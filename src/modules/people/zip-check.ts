/**
 * A look at an upload's bytes before any parsing: is it an .xlsx at all, and how large would it be
 * unpacked? Reads only the ZIP central directory (no decompression), so a "zip bomb" or a renamed
 * PDF is refused at the cost of a few microseconds.
 */
/** Where a part's bytes are, from the central directory: compression method (0 stored, 8 deflate) and sizes. */
export interface ZipPart {
  method: number;
  localOffset: number;
  compressedSize: number;
}

export type ZipVerdict = { ok: true; entries: string[]; parts: Map<string, ZipPart>; unpacked: number } | { ok: false; code: 'IMPORT_NOT_EXCEL' | 'IMPORT_OLD_EXCEL' | 'IMPORT_EMPTY' };

const OLE2 = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function inspectXlsx(buf: Buffer): ZipVerdict {
  if (buf.length === 0) return { ok: false, code: 'IMPORT_EMPTY' };
  if (buf.subarray(0, 8).equals(OLE2)) return { ok: false, code: 'IMPORT_OLD_EXCEL' };
  if (buf.length < 22 || buf.readUInt32LE(0) !== 0x04034b50) return { ok: false, code: 'IMPORT_NOT_EXCEL' };
  // End of central directory: the last record with signature 0x06054b50 (a comment may follow it).
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return { ok: false, code: 'IMPORT_NOT_EXCEL' };
  const count = buf.readUInt16LE(eocd + 10);
  let offset = buf.readUInt32LE(eocd + 16);
  const entries: string[] = [];
  const parts = new Map<string, ZipPart>();
  let unpacked = 0;
  for (let n = 0; n < count; n++) {
    if (offset + 46 > buf.length || buf.readUInt32LE(offset) !== 0x02014b50) return { ok: false, code: 'IMPORT_NOT_EXCEL' };
    const size = buf.readUInt32LE(offset + 24);
    const nameLength = buf.readUInt16LE(offset + 28);
    const extra = buf.readUInt16LE(offset + 30);
    const comment = buf.readUInt16LE(offset + 32);
    // 0xffffffff means ZIP64: far beyond anything an import may unpack to; count it as such.
    unpacked += size === 0xffffffff ? Number.MAX_SAFE_INTEGER / 2 : size;
    const name = buf.toString('utf8', offset + 46, offset + 46 + nameLength);
    entries.push(name);
    parts.set(name, { method: buf.readUInt16LE(offset + 10), localOffset: buf.readUInt32LE(offset + 42), compressedSize: buf.readUInt32LE(offset + 20) });
    offset += 46 + nameLength + extra + comment;
  }
  if (!entries.includes('xl/workbook.xml')) return { ok: false, code: 'IMPORT_NOT_EXCEL' };
  return { ok: true, entries, parts, unpacked };
}
