import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeAndScan } from './xlsx-read.js';

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
