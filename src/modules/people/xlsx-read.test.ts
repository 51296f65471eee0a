import { test } from 'node:test';
import assert from 'node:assert/strict';
import yazl from 'yazl';
import { decodeAndScan, readFirstSheet } from './xlsx-read.js';

async function collect(chunks: Buffer[], merges = new Set<string>()): Promise<string> {
  async function* source() {
    yield* chunks;
  }
  let out = '';
  for await (const s of decodeAndScan(source(), merges)) out += s;
  return out;
}

test('worksheet chunks are decoded as one stream: a Vietnamese letter cut in two stays whole', async () => {
  const bytes = Buffer.from('<t>Nguyễn Thị Hường</t>', 'utf8');
  for (let cut = 1; cut < bytes.length; cut++) {
    assert.equal(await collect([bytes.subarray(0, cut), bytes.subarray(cut)]), '<t>Nguyễn Thị Hường</t>', `cut at byte ${cut}`);
  }
});

test('merged ranges are found even when the tag is split across chunks, each once', async () => {
  const xml = Buffer.from('<sheetData/><mergeCells count="2"><mergeCell ref="A2:B2"/><mergeCell ref="D5:D9"/></mergeCells>');
  for (let cut = 1; cut < xml.length; cut += 7) {
    const merges = new Set<string>();
    await collect([xml.subarray(0, cut), xml.subarray(cut)], merges);
    assert.deepEqual([...merges], ['A2:B2', 'D5:D9']);
  }
});

/** A minimal .xlsx written part by part, in the order given (yazl), so that the order of the parts can be chosen. */
async function xlsxOf(parts: Array<[string, string]>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, text] of parts) zip.addBuffer(Buffer.from(text, 'utf8'), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

test('a file whose workbook part comes last, and reads empty, is still read from its sheet (not refused as "not Excel")', async () => {
  // exceljs' own writer puts xl/workbook.xml last; about once in 4,000 reads its streaming reader got that last part
  // empty and failed on the missing tab list — a valid file refused at random. The sheet must be read regardless.
  const buf = await xlsxOf([
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'],
    ['xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>Nguyễn Văn An</t></is></c><c r="B2" t="inlineStr"><is><t>0912000001</t></is></c></row></sheetData></worksheet>'],
    ['xl/sharedStrings.xml', '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>Họ và tên</t></si><si><t>Số điện thoại</t></si></sst>'],
    ['xl/workbook.xml', ''],
  ]);
  const sheet = await readFirstSheet(buf, 20);
  assert.deepEqual([...sheet.header!.cells.values()].map((c) => c.text), ['Họ và tên', 'Số điện thoại']);
  assert.deepEqual(sheet.rows.map((r) => [...r.cells.values()].map((c) => c.text)), [['Nguyễn Văn An', '0912000001']]);
});
