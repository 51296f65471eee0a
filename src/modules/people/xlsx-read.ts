/**
 * Reading the first worksheet of an uploaded .xlsx with bounded cost: the ZIP directory is checked
 * first (zip-check.ts), then exceljs' streaming reader goes through the rows once. Rows beyond the
 * limit are counted, not kept.
 *
 * Three gaps of exceljs 4.4's streaming reader are closed here, in a subclass:
 *  - its single streaming pass over the ZIP (unzipper's Parse) sometimes loses a part's content: about once in
 *    4,000 reads of a file written by exceljs itself, xl/workbook.xml (stored last) or the shared strings came out
 *    empty, and a valid file was refused as "not an Excel file" or read with empty texts (exceljs issue #3064).
 *    The parts are read here through the central directory that zip-check.ts already parsed: the workbook's
 *    relations, the workbook (tab order), the shared strings, then the worksheets, each inflated with node:zlib
 *    as a stream, whatever their order in the file;
 *  - it decodes each compressed chunk on its own, so a Vietnamese letter (2–3 bytes in UTF-8) cut
 *    by a chunk boundary became "�" (exceljs issues #2063, #2084): chunks are decoded as a stream;
 *  - it ignores <mergeCell>: the worksheet XML is scanned for merged ranges on the way through.
 */
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { inspectXlsx, type ZipPart } from './zip-check.js';

/** Refusal of the whole file, with an i18n error code; `columns` are i18n keys of column names. */
export class SheetError extends Error {
  constructor(
    public readonly code: string,
    public readonly params: Record<string, string | number> = {},
    public readonly columns: string[] = [],
  ) {
    super(code);
  }

  /** The message in the reader's language, numbers written the local way (50.000 / 50,000). */
  describe(t: (key: string, params?: Record<string, string | number>) => string, locale: string): string {
    const params = Object.fromEntries(
      Object.entries(this.params).map(([k, v]) => [k, typeof v === 'number' ? v.toLocaleString(locale) : v]),
    );
    return t(`error.${this.code}`, { ...params, columns: this.columns.map((k) => t(k)).join(', ') });
  }
}

export interface SheetCell {
  text: string;
  kind: 'text' | 'number' | 'formula' | 'error' | 'other';
}
export interface SheetRow {
  /** The row number as Excel shows it. */
  number: number;
  /** By column number, 1 = A. */
  cells: Map<number, SheetCell>;
}
export interface Sheet {
  header: SheetRow | undefined;
  rows: SheetRow[];
  /** Data rows in the file, including those not kept beyond the limit. */
  rowCount: number;
  merges: string[];
}

/**
 * Unpacked size allowed for the whole workbook (as the ZIP directory claims it, and as each part actually inflates):
 * 50,000 rows of 20 columns take about 45 MiB of XML. This bounds the reading time of any upload (rows beyond the
 * limit are still parsed, to count them): about 6 s at worst on 2 cores.
 */
const MAX_UNPACKED = 128 * 1024 * 1024;

export async function* decodeAndScan(chunks: AsyncIterable<Buffer | string>, merges: Set<string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let bytes = 0;
  let tail = '';
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > MAX_UNPACKED) throw new SheetError('IMPORT_TOO_BIG');
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const window = tail + text;
    for (const m of window.matchAll(/<mergeCell\s[^>]*ref="([A-Z]+\d+:[A-Z]+\d+)"/g)) merges.add(m[1]);
    tail = window.slice(-200);
    yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

type Internal = {
  _parseWorksheet(it: AsyncIterable<Buffer | string>, no: string): Generator<{ eventType: string; value: unknown }>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<{ eventType: string; value: unknown }>;
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
};
const Base = ExcelJS.stream.xlsx.WorkbookReader as unknown as new (input: Readable, options: object) => ExcelJS.stream.xlsx.WorkbookReader;
const baseProto = Base.prototype as unknown as Internal;

/** A part's bytes, inflated as a stream; more than MAX_UNPACKED (whatever the directory claimed) refuses the file. */
async function* partBytes(buf: Buffer, part: ZipPart): AsyncGenerator<Buffer> {
  const at = part.localOffset;
  if (at + 30 > buf.length || buf.readUInt32LE(at) !== 0x04034b50) throw new SheetError('IMPORT_NOT_EXCEL');
  const start = at + 30 + buf.readUInt16LE(at + 26) + buf.readUInt16LE(at + 28);
  const data = buf.subarray(start, start + part.compressedSize);
  if (part.method === 0) {
    yield data;
    return;
  }
  if (part.method !== 8) throw new SheetError('IMPORT_NOT_EXCEL');
  let bytes = 0;
  for await (const chunk of Readable.from([data]).pipe(zlib.createInflateRaw()) as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > MAX_UNPACKED) throw new SheetError('IMPORT_TOO_BIG');
    yield chunk;
  }
}

class SafeWorkbookReader extends Base {
  readonly mergesOf = new Map<unknown, Set<string>>();

  constructor(
    private readonly buf: Buffer,
    private readonly parts: Map<string, ZipPart>,
    options: object,
  ) {
    super(Readable.from([]), options);
  }

  private part(name: string): Readable | undefined {
    const part = this.parts.get(name);
    return part && Readable.from(partBytes(this.buf, part), { objectMode: false });
  }

  /** Replaces exceljs' single streaming pass: the parts each worksheet depends on first, then the worksheets in number order. */
  override async *parse(): AsyncGenerator<{ eventType: string; value: unknown }> {
    const self = this as unknown as Internal;
    const rels = this.part('xl/_rels/workbook.xml.rels');
    if (rels) await self._parseRels(rels);
    await self._parseWorkbook(this.part('xl/workbook.xml')!);
    const strings = this.part('xl/sharedStrings.xml');
    if (strings) yield* self._parseSharedStrings(strings);
    const sheets = [...this.parts.keys()].flatMap((name) => {
      const m = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
      return m ? [{ name, no: m[1] }] : [];
    });
    sheets.sort((a, b) => Number(a.no) - Number(b.no));
    for (const { name, no } of sheets) yield* this._parseWorksheet(partBytes(this.buf, this.parts.get(name)!), no);
  }

  /** Tab order of the sheets, known once xl/workbook.xml was read (it comes before the sheets). */
  firstSheetId(): number | undefined {
    return (this as unknown as { model?: { sheets?: Array<{ id: number }> } }).model?.sheets?.[0]?.id;
  }

  _parseSharedStrings(entry: Readable) {
    entry.setEncoding('utf8'); // a string decoder keeps multi-byte letters whole across chunks
    return baseProto._parseSharedStrings.call(this, entry);
  }

  *_parseWorksheet(iterator: AsyncIterable<Buffer | string>, sheetNo: string) {
    // A workbook part without a tab list (empty, or not a workbook): the sheets are read all the same, the first
    // one met being taken as the first tab, rather than failing on exceljs' missing model.
    const self = this as unknown as { model?: object };
    self.model ??= {};
    const merges = new Set<string>();
    for (const event of baseProto._parseWorksheet.call(this, decodeAndScan(iterator, merges), sheetNo)) {
      this.mergesOf.set(event.value, merges);
      yield event;
    }
  }
}

function cellOf(v: ExcelJS.CellValue): SheetCell | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return { text: v, kind: 'text' };
  if (typeof v === 'number') return { text: String(v), kind: 'number' };
  if (typeof v === 'boolean' || v instanceof Date) return { text: String(v), kind: 'other' };
  if ('formula' in v || 'sharedFormula' in v) return { text: '', kind: 'formula' };
  if ('richText' in v) return { text: v.richText.map((r) => r.text ?? '').join(''), kind: 'text' };
  if ('error' in v) return { text: String(v.error), kind: 'error' };
  if ('text' in v) return { text: String(v.text), kind: 'text' };
  return { text: '', kind: 'other' };
}

function rowOf(row: ExcelJS.Row): SheetRow | undefined {
  const cells = new Map<number, SheetCell>();
  row.eachCell((cell, col) => {
    const c = cellOf(cell.value);
    if (c && (c.kind !== 'text' || c.text.trim() !== '')) cells.set(col, c);
  });
  return cells.size ? { number: row.number, cells } : undefined;
}

/** The first worksheet (in tab order): row 1 is the header; empty rows are skipped. */
export async function readFirstSheet(buf: Buffer, maxRows: number): Promise<Sheet> {
  const zip = inspectXlsx(buf);
  if (!zip.ok) throw new SheetError(zip.code);
  if (zip.unpacked > MAX_UNPACKED) throw new SheetError('IMPORT_TOO_BIG');
  const reader = new SafeWorkbookReader(buf, zip.parts, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    entries: 'ignore',
  });
  const sheet: Sheet = { header: undefined, rows: [], rowCount: 0, merges: [] };
  let found = false;
  try {
    for await (const ws of reader as AsyncIterable<ExcelJS.stream.xlsx.WorksheetReader & { id: number }>) {
      const firstId = reader.firstSheetId();
      if (found || (firstId !== undefined && ws.id !== firstId)) continue; // other sheets: drained unread
      found = true;
      for await (const row of ws) {
        if (row.number === 1) {
          sheet.header = rowOf(row);
          continue;
        }
        if (sheet.rowCount >= maxRows) {
          if (row.hasValues) sheet.rowCount++; // counted only: nothing more is kept
          continue;
        }
        const r = rowOf(row);
        if (r) {
          sheet.rows.push(r);
          sheet.rowCount++;
        }
      }
      sheet.merges = [...(reader.mergesOf.get(ws) ?? [])];
    }
  } catch (err) {
    if (err instanceof SheetError) throw err;
    throw new SheetError('IMPORT_NOT_EXCEL');
  }
  if (!found) throw new SheetError('IMPORT_NOT_EXCEL');
  return sheet;
}
