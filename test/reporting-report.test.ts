/**
 * The generated report: a dataset that reproduces the seed's figures, the .docx holding each of them in its
 * section, and the official layout (Nghị định 30/2020/NĐ-CP) checked in the document's XML; the charts of section I
 * as PNG images (decoded here, with their captions); the telecom figures of 2.6 from accepted filings; the annex;
 * who may download what; the editable wording.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import yauzl from 'yauzl';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makeCityAdmin, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { readWorkbook } from './helpers/xlsx.js';
import { SEED, loadSeedDataset } from './helpers/reporting-seed.js';
import { computeIndicators, indicatorsByUnit } from '../src/modules/reporting/indicators.js';
import { reportData } from '../src/modules/reporting/report-data.js';
import { reportDocx } from '../src/modules/reporting/report-docx.js';
import { reportCharts, PNG_WIDTH } from '../src/modules/reporting/report-charts.js';
import { loadTemplates } from '../src/modules/reporting/report-templates.js';

const nf = new Intl.NumberFormat('vi-VN');
const vn = (n: number) => nf.format(n);
const URL_DOCX = '/quan-tri/bao-cao/bao-cao.docx?tu=2025-01-01&den=2025-12-31&so=15';

async function unzip(buf: Buffer): Promise<Map<string, string>> {
  return new Map([...(await unzipRaw(buf))].map(([k, v]) => [k, v.toString('utf8')]));
}

async function unzipRaw(buf: Buffer): Promise<Map<string, Buffer>> {
  const zip = await new Promise<yauzl.ZipFile>((res, rej) => yauzl.fromBuffer(buf, { lazyEntries: true }, (e, z) => (e ? rej(e) : res(z!))));
  const out = new Map<string, Buffer>();
  await new Promise<void>((res, rej) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (e, s) => {
        if (e) return rej(e);
        const chunks: Buffer[] = [];
        s!.on('data', (c: Buffer) => chunks.push(c));
        s!.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => res());
    zip.on('error', rej);
    zip.readEntry();
  });
  return out;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

interface Run {
  text: string;
  bold: boolean;
  italic: boolean;
  size: string | undefined;
  font: string | undefined;
}

function runsOf(xml: string): Run[] {
  return [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => {
    const rPr = /<w:rPr>([\s\S]*?)<\/w:rPr>/.exec(m[1])?.[1] ?? '';
    return {
      text: unescape([...m[1].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')),
      bold: /<w:b\/>|<w:b w:val="(true|1)"\/>/.test(rPr),
      italic: /<w:i\/>|<w:i w:val="(true|1)"\/>/.test(rPr),
      size: /<w:sz w:val="(\d+)"\/>/.exec(rPr)?.[1],
      font: /<w:rFonts w:ascii="([^"]+)"/.exec(rPr)?.[1],
    };
  });
}

/** The text of each paragraph, in order. */
const paragraphsOf = (xml: string) => [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => unescape([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')));

/**
 * Decodes a PNG (8-bit, non-interlaced, as the report's charts are): checks the signature and every chunk's CRC,
 * inflates the image data and checks it holds exactly `height` filtered rows of `width` pixels.
 */
function decodePng(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  let off = 8;
  let ihdr: Buffer | undefined;
  const idat: Buffer[] = [];
  let ended = false;
  while (off < png.length) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('latin1');
    const data = png.subarray(off + 8, off + 8 + len);
    assert.equal(png.readUInt32BE(off + 8 + len), crc(png.subarray(off + 4, off + 8 + len)), `CRC of ${type}`);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    if (type === 'IEND') ended = true;
    off += 12 + len;
  }
  assert.ok(ihdr && ended, 'IHDR and IEND');
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  const [depth, colour, , , interlace] = ihdr.subarray(8);
  assert.equal(depth, 8);
  assert.equal(interlace, 0);
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colour];
  assert.ok(channels, `colour type ${colour}`);
  assert.equal(inflateSync(Buffer.concat(idat)).length, height * (1 + width * channels), 'image data of width × height pixels');
  return { width, height };
}

/** The text between the paragraph starting with `from` and the one starting with `to`. */
function between(paras: string[], from: string, to: string): string {
  const a = paras.findIndex((p) => p.startsWith(from));
  const b = paras.findIndex((p, i) => i > a && p.startsWith(to));
  assert.ok(a >= 0 && b > a, `section ${from} … ${to}`);
  return paras.slice(a, b).join('\n');
}

describe('the generated movement report', () => {
  let t: TestApp;
  let city: TestClient;
  let files: Map<string, string>;
  let raw: Map<string, Buffer>;
  let cityPath: string;

  before(async () => {
    t = await makeTestApp();
    const db = t.database.db;
    await loadSeedDataset(db, t.database.dialect).catch((e) => { console.error(e); throw e; });
    city = new TestClient(t.app, await sessionCookie(db, await makeCityAdmin(db)));
    cityPath = (await db.selectFrom('units').select('path').where('code', '=', '31').executeTakeFirstOrThrow()).path;
    const res = await city.get(URL_DOCX);
    assert.equal(res.statusCode, 200, res.body.slice(0, 300));
    assert.match(String(res.headers['content-type']), /wordprocessingml/);
    files = await unzip(res.rawPayload);
    raw = await unzipRaw(res.rawPayload);
  });
  after(async () => t?.close());

  test('the indicators reproduce the seed figures', async () => {
    const ind = await computeIndicators(t.database.db, cityPath, SEED.period);
    assert.equal(ind.learners.publicServants, SEED.publicServants);
    assert.equal(ind.units.communesWithPublicServants + ind.units.departmentsWithPublicServants, SEED.units);
    assert.equal(ind.contest.registrants, SEED.contestants);
    assert.equal(ind.contest.visits, SEED.visits);
    assert.equal(ind.contest.attempts, SEED.attempts);
    assert.equal(ind.contest.communesWithRegistrants, SEED.communes);
    assert.deepEqual(ind.contest.awards, { collective: SEED.awardsCollective, individual: SEED.awardsIndividual });
    assert.equal(ind.community.peopleHelped, SEED.peopleHelped);
    assert.equal(ind.community.vulnerableHelped, SEED.elderly);
    const byCourse = new Map(ind.hostedCourses.map((c) => [c.title, c.enrolments]));
    assert.equal(byCourse.get('Chuyển đổi số cho người dân và doanh nghiệp trên địa bàn thành phố'), SEED.classes[1]);
    // Per unit: every one of the 128 units, and the sums agree with the city's.
    const rows = await indicatorsByUnit(t.database.db, cityPath, SEED.period);
    assert.equal(rows.length, SEED.units);
    assert.equal(rows.reduce((s, r) => s + r.indicators.contest.registrants, 0), SEED.contestants);
    assert.equal(rows.reduce((s, r) => s + r.indicators.learners.publicServants, 0), SEED.publicServants);
    assert.equal(rows.find((r) => r.unit.code === '11329')!.indicators.community.peopleHelped, SEED.peopleHelped);
    // Outside the period: nothing.
    const empty = await computeIndicators(t.database.db, cityPath, { from: '2024-01-01', to: '2025-01-01' });
    assert.equal(empty.contest.registrants + empty.learners.total + empty.community.peopleHelped, 0);
  });

  test('each seed figure is in its section of the .docx', () => {
    const paras = paragraphsOf(files.get('word/document.xml')!);
    const s21 = between(paras, '2.1.', '2.2.');
    assert.match(s21, new RegExp(`tuyên truyền ${SEED.articlesAgency} tin bài`));
    assert.match(s21, new RegExp(`với ${vn(SEED.articlesOthers)} tin bài`));
    const s22 = between(paras, '2.2.', '2.3.');
    assert.match(s22, new RegExp(`${SEED.scorm} học liệu dạng SCORM`));
    assert.match(s22, new RegExp(`${SEED.video} video học liệu`));
    const s23 = between(paras, '2.3.', '2.4.');
    assert.match(s23, /hoàn thành tổ chức 04 lớp/);
    SEED.classes.forEach((n, i) => assert.match(s23, new RegExp(`Lớp ${i + 1}: .*${vn(n).replace('.', '\\.')} học viên tham gia`)));
    assert.match(s23, new RegExp(`tài khoản cho ${vn(SEED.running).replace('.', '\\.')} học viên`));
    assert.match(s23, new RegExp(`Sở Giáo dục và Đào tạo .* tổ chức 06 lớp học`));
    assert.match(s23, new RegExp(`đã có ${vn(SEED.partner).replace('.', '\\.')} học viên tham gia`));
    const s24 = between(paras, '2.4.', '2.5.');
    assert.match(s24, new RegExp(`${vn(SEED.publicServants).replace('.', '\\.')} cán bộ, công chức, viên chức, tổ công nghệ số cộng đồng của ${SEED.units} đơn vị \\(${SEED.communes} xã, phường, đặc khu và ${SEED.departments} sở, ban, ngành`));
    const s25 = between(paras, '2.5.', '2.6.');
    assert.match(s25, new RegExp(`Cuộc thi trực tuyến “${SEED.contestTitle}”`));
    assert.match(s25, new RegExp(`${SEED.communes}/${SEED.communes} xã, phường, đặc khu`));
    assert.match(s25, new RegExp(`${vn(SEED.visits).replace(/\./g, '\\.')} lượt người quan tâm truy cập, ${vn(SEED.contestants).replace('.', '\\.')} thí sinh đăng ký`));
    assert.match(s25, new RegExp(`giấy khen cho ${SEED.awardsCollective} tập thể và ${SEED.awardsIndividual} cá nhân`));
    assert.match(s25, new RegExp(`hỗ trợ ${vn(SEED.peopleHelped).replace('.', '\\.')} người dân .*trong đó ${SEED.elderly} lượt người cao tuổi`));
    // No figure left out: every placeholder of section I was filled.
    assert.doesNotMatch(between(paras, 'I. KẾT QUẢ', 'II. ĐÁNH GIÁ'), /\{[a-z_.]+\}/);
    assert.ok(paras.some((p) => p === 'III. PHƯƠNG HƯỚNG NHIỆM VỤ TRONG THỜI GIAN TỚI'));
    assert.ok(paras.some((p) => p === 'Nơi nhận:'));
  });

  test('layout: A4, margins, Times New Roman 13–14, the two-column header, page numbers from page 2', () => {
    const xml = files.get('word/document.xml')!;
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(xml)![0];
    assert.match(sect, /<w:pgSz w:w="11906" w:h="16838"/);
    const mar = /<w:pgMar ([^>]*)\/>/.exec(sect)![1];
    const attr = (n: string) => Number(new RegExp(`w:${n}="(\\d+)"`).exec(mar)![1]);
    const mm = (tw: number) => tw / 56.7;
    assert.ok(mm(attr('top')) >= 20 && mm(attr('top')) <= 25, 'top 20–25 mm');
    assert.ok(mm(attr('bottom')) >= 20 && mm(attr('bottom')) <= 25, 'bottom 20–25 mm');
    assert.ok(mm(attr('left')) >= 30 && mm(attr('left')) <= 35, 'left 30–35 mm');
    assert.ok(mm(attr('right')) >= 15 && mm(attr('right')) <= 20, 'right 15–20 mm');
    assert.match(sect, /<w:titlePg\/>|<w:titlePg w:val="(true|1)"\/>/);

    const runs = runsOf(xml).filter((r) => r.text);
    for (const r of runs) {
      assert.equal(r.font, 'Times New Roman', `font of "${r.text.slice(0, 30)}"`);
      assert.ok(['22', '24', '26', '28'].includes(r.size ?? ''), `size of "${r.text.slice(0, 30)}": ${r.size}`);
    }
    const body = runs.filter((r) => r.text.length > 200);
    assert.ok(body.length > 10 && body.every((r) => r.size === '28'), 'body in 14 pt');
    const run = (text: string) => {
      const r = runs.find((x) => x.text === text);
      assert.ok(r, `run "${text}"`);
      return r!;
    };
    // The governing body, not bold, on two lines ("ỦY BAN NHÂN DÂN" / "THÀNH PHỐ HẢI PHÒNG") so it fits its column.
    assert.equal(run('ỦY BAN NHÂN DÂN').bold, false);
    assert.equal(run('THÀNH PHỐ HẢI PHÒNG').bold, false);
    assert.equal(run('SỞ KHOA HỌC VÀ CÔNG NGHỆ').bold, true);
    assert.equal(run('Số: 15/BC-SKHCN').bold, false);
    assert.equal(run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').bold, true);
    assert.equal(run('Độc lập - Tự do - Hạnh phúc').bold, true);
    const date = runs.find((r) => /^Hải Phòng, ngày \d{2} tháng \d{1,2} năm \d{4}$/.test(r.text));
    assert.ok(date?.italic, 'place and date in italics');
    assert.equal(run('SỞ KHOA HỌC VÀ CÔNG NGHỆ').size, '26');
    // The national title at 12 pt (Nghị định 30 allows 12–13) so it stays on one line; the motto at 14 pt.
    assert.equal(run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM').size, '24');
    assert.equal(run('Độc lập - Tự do - Hạnh phúc').size, '28');
    assert.equal(run('BÁO CÁO').bold, true);
    assert.equal(run('Kết quả triển khai Phong trào “Bình dân học vụ số” năm 2025').bold, true);
    // The header is a two-column table without borders, and rules sit under the agency and the motto.
    const table = /<w:tbl>[\s\S]*?<\/w:tbl>/.exec(xml)![0];
    assert.equal([...table.matchAll(/<w:tc>/g)].length, 2);
    assert.match(table, /<w:tblBorders>[\s\S]*<w:top w:val="none"/);
    assert.ok(table.indexOf('ỦY BAN NHÂN DÂN') < table.indexOf('CỘNG HÒA'));
    assert.equal([...table.matchAll(/<w:pBdr><w:bottom w:val="single"/g)].length, 2);
    // Page numbers: the default header holds the PAGE field, the first page's header does not.
    const rels = files.get('word/_rels/document.xml.rels')!;
    const headerFile = (type: string) => {
      const id = new RegExp(`<w:headerReference w:type="${type}" r:id="([^"]+)"`).exec(sect)![1];
      return files.get('word/' + new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)![1])!;
    };
    assert.match(headerFile('default'), /PAGE/);
    assert.doesNotMatch(headerFile('first'), /PAGE/);
  });

  test('section I carries its charts: PNG images as wide as the text, each with its caption', () => {
    const xml = files.get('word/document.xml')!;
    const paras = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
    const textOf = (p: string) => unescape([...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''));
    const rels = files.get('word/_rels/document.xml.rels')!;
    const target = (id: string) => new RegExp(`Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1];
    // The text width: page width less the margins, in EMU (1 twip = 635 EMU).
    const sect = /<w:sectPr[\s\S]*?<\/w:sectPr>/.exec(xml)![0];
    const attr = (re: RegExp) => Number(re.exec(sect)![1]);
    const textEmu = (attr(/<w:pgSz w:w="(\d+)"/) - attr(/<w:pgMar [^>]*w:left="(\d+)"/) - attr(/<w:pgMar [^>]*w:right="(\d+)"/)) * 635;

    const charts = paras.flatMap((p, i) => (p.includes('<w:drawing>') ? [{ p, next: paras[i + 1] ?? '', caption: textOf(paras[i + 1] ?? '') }] : []));
    // The seed's year: the four classes (2.3), learners by target group (2.4), contest registrants by unit (2.5);
    // no basic-skills chart, because the dataset sets no basic-skills rule.
    assert.equal(charts.length, 3);
    const referenced = new Set<string>();
    charts.forEach(({ p, next, caption }, i) => {
      assert.match(caption, new RegExp(`^Biểu đồ ${i + 1}: \\S`), 'caption right under the picture');
      const embed = /<a:blip r:embed="([^"]+)"/.exec(p)?.[1];
      const file = embed && target(embed);
      assert.ok(file && /^media\/[^/]+\.png$/.test(file), `image ${i + 1} is a PNG part`);
      referenced.add(`word/${file}`);
      const png = decodePng(raw.get(`word/${file}`)!);
      assert.equal(png.width, PNG_WIDTH);
      const [cx, cy] = /<wp:extent cx="(\d+)" cy="(\d+)"\/>/.exec(p)!.slice(1).map(Number);
      assert.ok(Math.abs(cx - textEmu) < 1000, `image ${i + 1} as wide as the text: ${cx} EMU, text ${textEmu}`);
      assert.ok(Math.abs(cy / cx - png.height / png.width) < 0.005, `image ${i + 1} keeps the chart's proportions`);
      assert.match(p, new RegExp(`<wp:docPr [^>]*title="Biểu đồ ${i + 1}: `), 'alternative text');
      const captionRun = runsOf(next).find((r) => r.text)!;
      assert.equal(captionRun.font, 'Times New Roman');
      assert.ok(captionRun.italic);
    });
    // Every PNG of the package is one of the charts.
    assert.deepEqual([...raw.keys()].filter((k) => /^word\/media\/.*\.png$/.test(k)).sort(), [...referenced].sort());

    const texts = paragraphsOf(xml);
    assert.match(between(texts, '2.3.', '2.4.'), /Biểu đồ 1: Số học viên tham gia và hoàn thành các lớp/);
    assert.match(between(texts, '2.4.', '2.5.'), /Biểu đồ 2: Người tham gia học tập trên Hệ thống theo nhóm đối tượng/);
    assert.match(between(texts, '2.5.', '2.6.'), /Biểu đồ 3: 10 đơn vị có nhiều thí sinh đăng ký dự thi nhất \(trong 128 đơn vị có thí sinh\)/);
    // The pictures show the figures of the text: the alternative text of chart 1 names each class's learners.
    SEED.classes.forEach((n, i) => assert.match(charts[0].p, new RegExp(`Lớp ${i + 1} \\([^)]*\\): ${n} học viên tham gia`)));
  });

  test('without the PNG library the report is complete, without charts', async () => {
    const db = t.database.db;
    const unit = await db.selectFrom('units').select(['id', 'code', 'name', 'type', 'path']).where('code', '=', '31').executeTakeFirstOrThrow();
    const data = await reportData(db, t.config.report, t.config.publicUrl, unit, true, SEED.period);
    const charts = await reportCharts(data, [], null);
    assert.deepEqual(charts, []);
    const doc = await unzipRaw(await reportDocx(t.config.report, data, await loadTemplates(db), { charts }));
    assert.equal([...doc.keys()].filter((k) => k.startsWith('word/media/')).length, 0);
    const paras = paragraphsOf(doc.get('word/document.xml')!.toString('utf8'));
    assert.ok(!paras.some((p) => p.startsWith('Biểu đồ')));
    assert.match(between(paras, '2.3.', '2.4.'), /hoàn thành tổ chức 04 lớp/);
  });

  test('the annex has one row per unit', async () => {
    const res = await city.get('/quan-tri/bao-cao/phu-luc.xlsx?tu=2025-01-01&den=2025-12-31');
    assert.equal(res.statusCode, 200);
    const sheet = [...(await readWorkbook(res.rawPayload)).values()][0];
    const head = sheet.findIndex((r) => r[0] === 'STT');
    const rows = sheet.slice(head + 1).filter((r) => /^\d+$/.test(String(r[0] ?? '')));
    assert.equal(rows.length, SEED.units);
    const col = sheet[head].indexOf('Thí sinh đăng ký dự thi');
    assert.equal(rows.reduce((s, r) => s + Number(r[col] || 0), 0), SEED.contestants);
    const ward = rows.find((r) => r[1] === '11329')!;
    assert.equal(Number(ward[sheet[head].indexOf('Người dân được hỗ trợ')]), SEED.peopleHelped);
  });

  test('a unit administrator gets their own unit’s report and nothing else', async () => {
    const db = t.database.db;
    const admin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '11329')));
    const page = await admin.get('/quan-tri/bao-cao');
    assert.equal(page.statusCode, 200);
    const own = await admin.get('/quan-tri/bao-cao/bao-cao.docx?tu=2025-01-01&den=2025-12-31&don_vi=11329');
    assert.equal(own.statusCode, 200);
    const paras = paragraphsOf((await unzip(own.rawPayload)).get('word/document.xml')!);
    assert.ok(paras.includes('PHƯỜNG NGÔ QUYỀN'));
    assert.match(between(paras, '2.5.', '2.6.'), new RegExp(`hỗ trợ ${vn(SEED.peopleHelped).replace('.', '\\.')} người dân`));
    assert.doesNotMatch(paras.join('\n'), new RegExp(vn(SEED.contestants).replace('.', '\\.')));
    for (const url of [URL_DOCX + '&don_vi=31', URL_DOCX.replace('so=15', 'don_vi=10507'), '/quan-tri/bao-cao/phu-luc.xlsx?tu=2025-01-01&den=2025-12-31&don_vi=31', '/quan-tri/bao-cao/mau'])
      assert.equal((await admin.get(url)).statusCode, 404, url);
  });

  test('the city edits the wording; a wrong period is refused', async () => {
    const form = await city.get('/quan-tri/bao-cao/mau');
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /\{so_thi_sinh\}/);
    const res = await city.postForm('/quan-tri/bao-cao/mau', { uu_diem: 'Năm {nam} có {so_thi_sinh} thí sinh: ưu điểm nổi bật.' });
    assert.equal(res.statusCode, 303);
    const paras = paragraphsOf((await unzip((await city.get(URL_DOCX)).rawPayload)).get('word/document.xml')!);
    assert.match(between(paras, 'II. ĐÁNH GIÁ', '2. Hạn chế'), new RegExp(`Năm 2025 có ${vn(SEED.contestants).replace('.', '\\.')} thí sinh: ưu điểm nổi bật\\.`));
    // Other templates kept their default wording.
    assert.ok(paras.some((p) => p.startsWith('- Nhận thức không đồng đều giữa các nhóm đối tượng')));
    const bad = await city.get('/quan-tri/bao-cao/bao-cao.docx?tu=2025-12-31&den=2025-01-01');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /không được trước/);
  });
  test('2.6: the telecom figures come from accepted filings whose form carries them', async () => {
    const db = t.database.db;
    const sentence = (paras: string[]) => between(paras, '2.6.', '2.7.').split('\n').find((p) => p.startsWith('Toàn thành phố đã triển khai mới'))!;
    // No form carries them yet: the report shows "…" where they go.
    assert.match(sentence(paragraphsOf(files.get('word/document.xml')!)), /sử dụng … km tuyến cáp truyền dẫn quang và … trạm BTS, trong đó có … trạm BTS 5G\./);
    // The city adds them to its form as its own figures; the department files them, and its filing is accepted.
    const period = await db.selectFrom('filing_periods').select(['id', 'figures']).where('name', '=', 'Năm 2025').executeTakeFirstOrThrow();
    const telecom = [
      { code: 'fiber_km', labelVi: 'Tuyến cáp quang mới (km)', labelEn: 'New fibre-optic lines (km)', kind: 'count', required: false },
      { code: 'bts_stations', labelVi: 'Trạm BTS mới', labelEn: 'New base stations', kind: 'count', required: false },
      { code: 'bts_5g', labelVi: 'Trong đó trạm BTS 5G', labelEn: 'Of which 5G', kind: 'count', required: false },
    ];
    await db.updateTable('filing_periods').set({ figures: JSON.stringify([...JSON.parse(period.figures), ...telecom]) }).where('id', '=', period.id).execute();
    const agency = await db.selectFrom('units').select('id').where('code', '=', t.config.report.agencyUnitCode).executeTakeFirstOrThrow();
    const filing = await db.selectFrom('filings').select('id').where('period_id', '=', period.id).where('unit_id', '=', agency.id).executeTakeFirstOrThrow();
    await db.insertInto('filing_values').values([
      { filing_id: filing.id, code: 'fiber_km', number_value: 100, text_value: null },
      { filing_id: filing.id, code: 'bts_stations', number_value: 680, text_value: null },
      { filing_id: filing.id, code: 'bts_5g', number_value: 611, text_value: null },
    ]).execute();
    const paras = paragraphsOf((await unzip((await city.get(URL_DOCX)).rawPayload)).get('word/document.xml')!);
    assert.match(sentence(paras), /sử dụng 100 km tuyến cáp truyền dẫn quang và 680 trạm BTS, trong đó có 611 trạm BTS 5G\./);
    // Only accepted filings count: the same figures in a filing sent back to the unit are not reported.
    await db.updateTable('filings').set({ status: 'returned' }).where('id', '=', filing.id).execute();
    const back = paragraphsOf((await unzip((await city.get(URL_DOCX)).rawPayload)).get('word/document.xml')!);
    assert.doesNotMatch(sentence(back), /680 trạm BTS/);
    await db.updateTable('filings').set({ status: 'accepted' }).where('id', '=', filing.id).execute();
  });
});
