import { test } from 'node:test';
import assert from 'node:assert/strict';
import ExcelJS from 'exceljs';
import yazl from 'yazl';
import { inspectXlsx } from './zip-check.js';
import { readFirstSheet, SheetError } from './xlsx-read.js';

async function smallXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Danh sách').addRow(['Họ và tên']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every central-directory entry claims this uncompressed size, as a "zip bomb" does. */
function claimSize(zip: Buffer, size: number): Buffer {
  const copy = Buffer.from(zip);
  for (let i = 0; i + 46 <= copy.length; i++) if (copy.readUInt32LE(i) === 0x02014b50) copy.writeUInt32LE(size, i + 24);
  return copy;
}

test('an .xlsx passes and lists its parts; a zip without a workbook part (.docx, .zip) is not Excel', async () => {
  const xlsx = await smallXlsx();
  const ok = inspectXlsx(xlsx);
  assert.ok(ok.ok && ok.entries.includes('xl/workbook.xml') && ok.unpacked > 0);
  const renamed = Buffer.from(xlsx.toString('latin1').replaceAll('xl/workbook.xml', 'xl/document.xml'), 'latin1');
  assert.deepEqual(inspectXlsx(renamed), { ok: false, code: 'IMPORT_NOT_EXCEL' });
  assert.deepEqual(inspectXlsx(xlsx.subarray(0, xlsx.length - 30)), { ok: false, code: 'IMPORT_NOT_EXCEL' }, 'truncated');
});

test('a workbook that would unpack to more than the limit is refused before any decompression', async () => {
  const bomb = claimSize(await smallXlsx(), 0x7fffffff);
  await assert.rejects(readFirstSheet(bomb, 100), (err) => err instanceof SheetError && err.code === 'IMPORT_TOO_BIG');
});

test('a part that inflates past the limit while its directory claims a small size is refused as too big', async () => {
  // The central directory lies (a "zip bomb" hiding its size): the check before reading passes, the reading stops.
  const huge = ' '.repeat(129 * 1024 * 1024);
  const zip = new yazl.ZipFile();
  const parts: Array<[string, string]> = [
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'],
    ['xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'],
    ['xl/sharedStrings.xml', `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${huge}</t></si></sst>`],
  ];
  for (const [name, text] of parts) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  const lying = claimSize(Buffer.concat(chunks), 100);
  const verdict = inspectXlsx(lying);
  assert.ok(verdict.ok && verdict.unpacked < 1000, 'the directory check alone lets it through');
  await assert.rejects(readFirstSheet(lying, 100), (err) => err instanceof SheetError && err.code === 'IMPORT_TOO_BIG');
});
