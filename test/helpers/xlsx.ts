/** Excel fixtures built in code (no binary files in the repository) and readers for downloaded .xlsx. */
import ExcelJS from 'exceljs';
import type { LightMyRequestResponse } from 'fastify';
import { multipartBody, type TestClient } from './client.js';

export const TEMPLATE_HEADERS = ['Họ và tên', 'Số điện thoại', 'Thư điện tử', 'Mã đơn vị', 'Đối tượng', 'Năm sinh'];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A workbook whose first sheet has the given header row and data rows; `edit` may add formulas, merges… */
export async function peopleWorkbook(
  rows: ExcelJS.CellValue[][],
  opts: { headers?: string[]; edit?: (ws: ExcelJS.Worksheet) => void; extraSheet?: boolean } = {},
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(opts.headers ?? TEMPLATE_HEADERS);
  for (const r of rows) ws.addRow(r);
  opts.edit?.(ws);
  if (opts.extraSheet) wb.addWorksheet('Ghi chú').addRow(['Không phải dữ liệu', 'x']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A data row of the template, valid by default. */
export function personRow(over: { name?: string; phone?: ExcelJS.CellValue; email?: string; unit?: ExcelJS.CellValue; group?: string; year?: ExcelJS.CellValue } = {}) {
  return [over.name ?? 'Nguyễn Văn An', over.phone ?? '0912 000 001', over.email ?? '', over.unit ?? '10507', over.group ?? 'Người dân', over.year ?? 1980];
}

/** The same, written by exceljs' streaming writer without shared strings: texts sit inline in the sheet XML. */
export async function peopleWorkbookInline(rows: ExcelJS.CellValue[][]): Promise<Buffer> {
  const { PassThrough } = await import('node:stream');
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: false });
  const ws = wb.addWorksheet('Danh sách');
  ws.addRow(TEMPLATE_HEADERS).commit();
  for (const r of rows) ws.addRow(r).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}

export async function workbookWithFormula(): Promise<Buffer> {
  return peopleWorkbook([personRow({ phone: '0912 100 001' }), personRow({ name: 'Lê Thị Bình', phone: '0912 100 002' })], {
    edit: (ws) => {
      ws.getCell('B3').value = { formula: '"0912"&"100003"', result: '0912100003' };
    },
  });
}

export async function workbookWithMergedCells(): Promise<Buffer> {
  return peopleWorkbook([personRow({ phone: '0912 200 001' }), personRow({ name: 'Lê Thị Bình', phone: '0912 200 002' })], {
    edit: (ws) => ws.mergeCells('D2:D3'),
  });
}

export async function headersOnlyWorkbook(): Promise<Buffer> {
  return peopleWorkbook([]);
}

/** Every sheet of an .xlsx as rows of cell texts (row 1 first). */
export async function readWorkbook(data: Buffer): Promise<Map<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const sheets = new Map<string, string[][]>();
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let c = 1; c <= ws.columnCount; c++) cells.push(row.getCell(c).text);
      rows.push(cells);
    });
    sheets.set(ws.name, rows);
  });
  return sheets;
}

export async function firstSheet(data: Buffer): Promise<string[][]> {
  return [...(await readWorkbook(data)).values()][0];
}

/**
 * Posts a file the way a browser form does: the `_csrf` hidden field first, then the file, and no
 * x-csrf-token header (a browser without JavaScript cannot set one). `token: false` leaves it out.
 */
export async function uploadForm(
  client: TestClient,
  url: string,
  content: Buffer,
  opts: { filename?: string; contentType?: string; token?: boolean; tokenAfterFile?: boolean } = {},
): Promise<LightMyRequestResponse> {
  const token = await client.csrfToken();
  const file = { field: 'file', filename: opts.filename ?? 'danh-sach.xlsx', contentType: opts.contentType ?? XLSX_TYPE, content };
  const built = multipartBody(opts.token === false || opts.tokenAfterFile ? {} : { _csrf: token }, file);
  const { boundary } = built;
  let body = built.body;
  if (opts.tokenAfterFile) {
    const end = Buffer.from(`--${boundary}--\r\n`);
    const field = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n`);
    body = Buffer.concat([body.subarray(0, body.length - end.length), field, end]);
  }
  return client.request({ method: 'POST', url, payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
}

/** The body of a response as a Buffer (for .xlsx downloads). */
export const bytes = (res: LightMyRequestResponse) => res.rawPayload;
