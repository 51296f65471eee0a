/**
 * The organisers' side of the contest through its pages, on both databases: contest, round and prize forms (per-field
 * errors, nothing half-saved), proposing and confirming winners, the winners' .xlsx read back, certificates of merit
 * (PDF with a QR code that opens /giay-khen/:code), the public verification page, and statistics with their export,
 * scoped to a unit administrator's own units (anything else 404).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, makeUnitAdmin, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { makeContest } from './helpers/contests.js';
import { addEntry, register } from './helpers/contest-results.js';
import { bytes, readWorkbook } from './helpers/xlsx.js';
import { hasPoppler, pdfText, qrFromPdfVectors } from './helpers/pdf.js';

let t: TestApp;
let organiser: TestClient;
let wardAdmin: TestClient;
let learner: TestClient;

before(async () => {
  t = await makeTestApp();
  const db = t.database.db;
  organiser = new TestClient(t.app, await sessionCookie(db, await makePerson(db, { fullName: 'Ban Tổ Chức', unitCode: '31', roles: [{ role: 'contest_organiser', unitCode: '31' }] })));
  wardAdmin = new TestClient(t.app, await sessionCookie(db, await makeUnitAdmin(db, '10507')));
  learner = new TestClient(t.app, await sessionCookie(db, await makePerson(db)));
});
after(() => t.close());

const countContests = async () => Number((await t.database.db.selectFrom('contests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location);

const goodContest = (over: Record<string, string> = {}) => ({
  title: 'Công dân số Hải Phòng',
  slug: `cong-dan-so-${process.pid}`,
  unit: '31',
  summary: 'Cuộc thi tìm hiểu kỹ năng số.',
  rules: 'Thể lệ.',
  prizesText: '',
  tg_citizen: '1',
  tg_public_servant: '1',
  rank1: 'correct',
  rank2: 'prediction',
  rank3: 'duration',
  rank4: 'submitted',
  registrationOpensAt: '2026-12-01T08:00',
  registrationClosesAt: '2026-12-31T17:00',
  status: 'draft',
  ...over,
});

test('contest form: per-field errors and nothing saved, then created with Vietnam times; slug taken; publishing needs a round', async () => {
  const before = await countContests();
  const bad = await organiser.postForm('/quan-tri/cuoc-thi', goodContest({ slug: 'Có Dấu', registrationClosesAt: '2026-11-30T08:00', tg_citizen: '', tg_public_servant: '', rank2: 'correct', title: '' }));
  assert.equal(bad.statusCode, 422);
  for (const text of ['Đường dẫn chỉ gồm chữ thường', 'Thời điểm đóng phải sau thời điểm mở', 'ít nhất một đối tượng', 'Tiêu chí này đã được chọn', 'Vui lòng nhập tên']) assert.ok(bad.body.includes(text), text);
  assert.ok(bad.body.includes('value="Có Dấu"'), 'typed values are kept');
  assert.equal(await countContests(), before);

  // /cuoc-thi/bai-thi/:id is the attempt page: a contest may not take that address.
  const reserved = await organiser.postForm('/quan-tri/cuoc-thi', goodContest({ slug: 'bai-thi' }));
  assert.equal(reserved.statusCode, 422);
  assert.ok(reserved.body.includes('Đường dẫn này dành cho hệ thống'));
  assert.equal(await countContests(), before);

  const unitOutside = await organiser.postForm('/quan-tri/cuoc-thi', goodContest({ unit: 'NO-SUCH' }));
  assert.equal(unitOutside.statusCode, 422);
  assert.equal(await countContests(), before);

  const ok = await organiser.postForm('/quan-tri/cuoc-thi', goodContest());
  assert.equal(ok.statusCode, 303);
  const row = await t.database.db.selectFrom('contests').selectAll().where('slug', '=', `cong-dan-so-${process.pid}`).executeTakeFirstOrThrow();
  assert.equal(row.registration_opens_at, '2026-12-01T01:00:00.000Z');
  assert.deepEqual(JSON.parse(row.target_groups), ['public_servant', 'citizen']);
  assert.deepEqual(JSON.parse(row.ranking_order), ['correct', 'prediction', 'duration', 'submitted']);
  assert.equal(location(ok), `/quan-tri/cuoc-thi/${row.id}?done=created`);
  const edit = await organiser.get(`/quan-tri/cuoc-thi/${row.id}/sua`);
  assert.ok(edit.body.includes('value="2026-12-01T08:00"'), 'shown back in Vietnam time');

  const taken = await organiser.postForm('/quan-tri/cuoc-thi', goodContest());
  assert.equal(taken.statusCode, 422);
  assert.ok(taken.body.includes('Đường dẫn này đã được một cuộc thi khác sử dụng'));

  const publish = await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/sua`, goodContest({ status: 'published', title: 'Tên mới' }));
  assert.equal(publish.statusCode, 422);
  assert.ok(publish.body.includes('Cần có ít nhất một vòng thi'));
  const unchanged = await t.database.db.selectFrom('contests').select(['title', 'status']).where('id', '=', row.id).executeTakeFirstOrThrow();
  assert.deepEqual(unchanged, { title: 'Công dân số Hải Phòng', status: 'draft' });

  // Rounds: closes before opens, unknown quiz, then a good one; then publishing works.
  const { quizId } = await makeContest(t.database.db); // a quiz of the city's bank
  const badRound = await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/vong`, { number: '1', title: 'Tuần 1', opensAt: '2026-12-02T08:00', closesAt: '2026-12-02T07:00', quiz: '999999', attemptsAllowed: '0' });
  assert.equal(badRound.statusCode, 422);
  for (const text of ['Thời điểm đóng phải sau thời điểm mở', 'Số lượt thi là số nguyên']) assert.ok(badRound.body.includes(text), text);
  const unknownQuiz = await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/vong`, { number: '1', title: 'Tuần 1', opensAt: '2026-12-02T08:00', closesAt: '2026-12-09T08:00', quiz: '999999', attemptsAllowed: '1' });
  assert.equal(unknownQuiz.statusCode, 422);
  assert.ok(unknownQuiz.body.includes('Không tìm thấy đề thi này'));
  assert.equal((await t.database.db.selectFrom('contest_rounds').select('id').where('contest_id', '=', row.id).execute()).length, 0);
  const round = await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/vong`, { number: '1', title: 'Tuần 1', opensAt: '2026-12-02T08:00', closesAt: '2026-12-09T08:00', quiz: String(quizId), attemptsAllowed: '2', predictionQuestion: 'Bao nhiêu người đúng hết?' });
  assert.equal(round.statusCode, 303);
  const stored = await t.database.db.selectFrom('contest_rounds').selectAll().where('contest_id', '=', row.id).executeTakeFirstOrThrow();
  assert.equal(stored.closes_at, '2026-12-09T01:00:00.000Z');
  assert.equal(stored.attempts_allowed, 2);
  const dup = await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/vong`, { number: '1', title: 'Lặp', opensAt: '2026-12-02T08:00', closesAt: '2026-12-09T08:00', quiz: String(quizId) });
  assert.equal(dup.statusCode, 422);
  assert.ok(dup.body.includes('Cuộc thi đã có vòng mang số này'));
  assert.equal((await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/sua`, goodContest({ status: 'published' }))).statusCode, 303);

  // Prize form.
  const badPrize = await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/giai`, { kind: 'individual', ranking: '999999', name: '', rankOrder: '1', quantity: '0' });
  assert.equal(badPrize.statusCode, 422);
  for (const text of ['Vui lòng chọn một bảng xếp hạng', 'Vui lòng nhập tên giải', 'Số lượng là số nguyên']) assert.ok(badPrize.body.includes(text), text);
  assert.equal((await organiser.postForm(`/quan-tri/cuoc-thi/${row.id}/giai`, { kind: 'individual', ranking: String(stored.id), name: 'Giải Nhất', rankOrder: '1', quantity: '1' })).statusCode, 303);
  const page = await organiser.get(`/quan-tri/cuoc-thi/${row.id}`);
  assert.ok(page.body.includes('Giải Nhất') && page.body.includes('Tuần 1'));

  // Nobody else organises it: a ward admin and a learner get 404.
  assert.equal((await wardAdmin.get(`/quan-tri/cuoc-thi/${row.id}`)).statusCode, 404);
  assert.equal((await wardAdmin.postForm(`/quan-tri/cuoc-thi/${row.id}/giai`, { kind: 'individual', name: 'X', rankOrder: '1', quantity: '1' })).statusCode, 404);
  assert.equal((await learner.get('/quan-tri/cuoc-thi')).statusCode, 404);
});

/** A contest with one closed round and results in two wards. */
async function contestWithResults() {
  const db = t.database.db;
  const { contest, rounds, questionIds } = await makeContest(db, { rounds: [{ opensAt: new Date(Date.now() - 48 * 3600_000), closesAt: new Date(Date.now() - 3600_000), attemptsAllowed: 1 }] });
  const [round] = rounds;
  const T = Date.now() - 2 * 3600_000;
  const people = [
    { name: 'Nguyễn Văn An', unit: '10507', correct: 10, prediction: 2, duration: 100_000 },
    { name: 'Lê Thị Bình', unit: '10525', correct: 10, prediction: 9, duration: 90_000 },
    { name: 'Trần Văn Cường', unit: '10507', correct: 8, prediction: 2, duration: 80_000 },
    { name: 'Phạm Thị Dung', unit: '10525', correct: 7, prediction: 2, duration: 70_000 },
    { name: 'Hoàng Văn Em', unit: '10507', correct: 0, prediction: null, duration: 10_000 },
  ];
  const regs = [];
  for (const [i, p] of people.entries()) {
    const reg = await register(db, contest.id, { fullName: p.name, unitCode: p.unit, targetGroup: i % 2 ? 'public_servant' : 'citizen' });
    regs.push(reg);
    // Question 1 is hard: only An gets it right; question 2 everybody but Em.
    await addEntry(db, reg, round, {
      correct: p.correct,
      prediction: p.prediction,
      durationMs: p.duration,
      finishedAt: new Date(T + i * 1000).toISOString(),
      questions: [
        { questionId: questionIds[0], correct: i === 0 },
        { questionId: questionIds[1], correct: p.correct > 0 },
      ],
    });
  }
  return { contest, round, regs, people };
}

test('winners: proposed from the ranking without double prizes, confirmed, re-proposed keeping confirmed ones; xlsx; PDFs; verification', async () => {
  const db = t.database.db;
  const { contest, round, regs } = await contestWithResults();
  const base = `/quan-tri/cuoc-thi/${contest.id}`;
  const prize = (f: Record<string, string>) => organiser.postForm(`${base}/giai`, { kind: 'individual', ranking: 'overall', ...f });
  assert.equal((await prize({ name: 'Giải Nhất', rankOrder: '1', quantity: '1' })).statusCode, 303);
  assert.equal((await prize({ name: 'Giải Nhì', rankOrder: '2', quantity: '2' })).statusCode, 303);
  assert.equal((await prize({ name: 'Giải Khuyến khích', rankOrder: '3', quantity: '5' })).statusCode, 303);
  assert.equal((await prize({ name: 'Giải vòng 1', ranking: String(round.id), rankOrder: '1', quantity: '1' })).statusCode, 303);
  assert.equal((await prize({ name: 'Giải tập thể', kind: 'collective', rankOrder: '1', quantity: '1' })).statusCode, 303);
  await db.updateTable('units').set({ population: 10 }).where('code', '=', '10525').execute();

  const proposed = await organiser.postForm(`${base}/dat-giai/de-xuat`, {});
  assert.equal(proposed.statusCode, 303);
  const list = async () =>
    db
      .selectFrom('contest_awards as a')
      .innerJoin('contest_prizes as p', 'p.id', 'a.prize_id')
      .select(['a.id', 'a.status', 'a.code', 'a.place', 'a.registration_id', 'a.unit_id', 'p.name'])
      .where('p.contest_id', '=', contest.id)
      .orderBy('p.rank_order')
      .orderBy('p.id')
      .orderBy('a.place')
      .execute();
  let awards = await list();
  const who = (name: string) => awards.filter((a) => a.name === name).map((a) => a.registration_id ?? a.unit_id);
  // Ranking: An (10, distance 0: actual = 2), Bình (10, distance 7), Cường, Dung; Em has no correct answer.
  assert.deepEqual(who('Giải Nhất'), [regs[0].id]);
  assert.deepEqual(who('Giải Nhì'), [regs[1].id, regs[2].id]);
  assert.deepEqual(who('Giải Khuyến khích'), [regs[3].id], 'nobody twice, nobody without a correct answer');
  assert.deepEqual(who('Giải vòng 1'), [regs[0].id], 'another ranking: An may win it too');
  assert.deepEqual(who('Giải tập thể'), [regs[1].unit_id], 'the ward with a known population and the best rate');
  assert.ok(awards.every((a) => a.status === 'proposed'));
  assert.deepEqual(awards.filter((a) => a.name === 'Giải Nhì').map((a) => a.place), [2, 3]);

  // A proposed award is not verifiable yet.
  assert.equal((await organiser.get(`/giay-khen/${awards[0].code}`)).statusCode, 404);

  // Confirm the first prize only, then propose again: the confirmed one stays, the others are replaced.
  const first = awards.find((a) => a.name === 'Giải Nhất')!;
  assert.equal((await organiser.postForm(`${base}/dat-giai/${first.id}/xac-nhan`, {})).statusCode, 303);
  const before = awards.filter((a) => a.id !== first.id).map((a) => a.id);
  assert.equal((await organiser.postForm(`${base}/dat-giai/de-xuat`, {})).statusCode, 303);
  awards = await list();
  const confirmedFirst = awards.find((a) => a.id === first.id)!;
  assert.equal(confirmedFirst.status, 'confirmed');
  assert.equal(awards.filter((a) => a.name === 'Giải Nhất').length, 1);
  assert.ok(awards.filter((a) => a.id !== first.id).every((a) => !before.includes(a.id)), 'unconfirmed proposals replaced');
  assert.deepEqual(who('Giải Nhì'), [regs[1].id, regs[2].id]);
  const confirmedBy = await db.selectFrom('contest_awards').select(['confirmed_by', 'confirmed_at']).where('id', '=', first.id).executeTakeFirstOrThrow();
  assert.ok(confirmedBy.confirmed_by && confirmedBy.confirmed_at);

  assert.equal((await organiser.postForm(`${base}/dat-giai/xac-nhan`, {})).statusCode, 303);
  awards = await list();
  assert.ok(awards.every((a) => a.status === 'confirmed'));
  const winnersPage = await organiser.get(`${base}/dat-giai`);
  assert.ok(winnersPage.body.includes('Lê Thị Bình'));
  assert.ok(!winnersPage.body.includes(regs[1].phone!.slice(3)), 'no full phone number on the page');

  // The winners' workbook.
  const xlsx = await organiser.get(`${base}/dat-giai.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  const rows = [...(await readWorkbook(bytes(xlsx))).values()][0];
  const header = rows[1];
  for (const h of ['Giải', 'Hạng', 'Họ và tên', 'Đơn vị', 'Số điện thoại', 'Số câu đúng', 'Thời gian làm bài']) assert.ok(header.includes(h), h);
  const col = (h: string) => header.indexOf(h);
  const anRow = rows.find((r) => r[col('Giải')] === 'Giải Nhất')!;
  assert.equal(anRow[col('Họ và tên')], 'Nguyễn Văn An');
  assert.equal(anRow[col('Hạng')], '1');
  assert.equal(anRow[col('Số câu đúng')], '10/10');
  assert.equal(anRow[col('Thời gian làm bài')], '1:40,0');
  assert.match(anRow[col('Số điện thoại')], /^09\d\d \*\*\* \d{3}$/);
  const allText = rows.flat().join(' ');
  for (const r of regs) assert.ok(!allText.includes(r.phone!.slice(3)), 'phones masked');
  assert.ok(rows.some((r) => r[col('Giải')] === 'Giải tập thể' && r[col('Họ và tên')] === 'Phường Hải Dương'));

  // One certificate of merit: the QR code opens the verification page.
  const award = awards.find((a) => a.name === 'Giải Nhất')!;
  const pdf = await organiser.get(`${base}/dat-giai/${award.id}/giay-khen.pdf`);
  assert.equal(pdf.statusCode, 200);
  assert.equal(pdf.headers['content-type'], 'application/pdf');
  assert.equal(qrFromPdfVectors(bytes(pdf)), `${t.config.publicUrl}/giay-khen/${award.code}`);
  if (hasPoppler()) {
    const text = pdfText(bytes(pdf));
    for (const s of ['GIẤY KHEN', 'Nguyễn Văn An', 'Giải Nhất', contest.title]) assert.ok(text.includes(s), s);
  }
  const all = await organiser.get(`${base}/dat-giai/giay-khen.pdf`);
  assert.equal(all.statusCode, 200);
  assert.equal((bytes(all).toString('latin1').match(/\/Type \/Page\b/g) ?? []).length, awards.length);
  if (hasPoppler()) assert.ok(pdfText(bytes(all)).includes('Phường Hải Dương'));
  assert.equal((await wardAdmin.get(`${base}/dat-giai/${award.id}/giay-khen.pdf`)).statusCode, 404);

  // The public verification page: name, prize, contest — no phone, no unit; typed in lower case → canonical.
  const anon = new TestClient(t.app);
  const page = await anon.get(`/giay-khen/${award.code}`);
  assert.equal(page.statusCode, 200);
  for (const s of ['Nguyễn Văn An', 'Giải Nhất', contest.title]) assert.ok(page.body.includes(s), s);
  assert.ok(!page.body.includes(regs[0].phone!.slice(3)) && !page.body.includes('Phường Thành Đông'));
  assert.equal(page.headers['x-robots-tag'], 'noindex, nofollow');
  const lower = await anon.get(`/giay-khen/${award.code.toLowerCase()}`);
  assert.equal(lower.statusCode, 301);
  assert.equal(location(lower), `/giay-khen/${award.code}`);
  assert.equal((await anon.get('/giay-khen/ABCD-EFGH-JKMN-PQRS-TVWX')).statusCode, 404);

  // A prize with confirmed winners cannot be deleted.
  const firstPrize = await db.selectFrom('contest_prizes').select('id').where('contest_id', '=', contest.id).where('name', '=', 'Giải Nhất').executeTakeFirstOrThrow();
  assert.equal((await organiser.postForm(`${base}/giai/${firstPrize.id}/xoa`, {})).statusCode, 409);
});

test('rankings pages: per round and overall, units; outside the organiser 404', async () => {
  const { contest, round } = await contestWithResults();
  const base = `/quan-tri/cuoc-thi/${contest.id}`;
  const r = await organiser.get(`${base}/xep-hang?vong=${round.id}`);
  assert.equal(r.statusCode, 200);
  assert.ok(r.body.indexOf('Nguyễn Văn An') < r.body.indexOf('Lê Thị Bình'));
  assert.ok(r.body.includes('Kết quả chính thức'));
  assert.equal((await organiser.get(`${base}/xep-hang?vong=tong`)).statusCode, 200);
  assert.equal((await organiser.get(`${base}/xep-hang?vong=999999`)).statusCode, 404);
  const units = await organiser.get(`${base}/xep-hang-don-vi?theo=rate`);
  assert.equal(units.statusCode, 200);
  assert.ok(units.body.includes('Phường Thành Đông') && units.body.includes('Phường Hải Dương'));
  assert.equal((await wardAdmin.get(`${base}/xep-hang?vong=tong`)).statusCode, 404);
  assert.equal((await wardAdmin.get(`${base}/xep-hang-don-vi`)).statusCode, 404);
});

test('statistics: per day, unit, group, score distribution, hardest questions; a ward admin sees only their ward, in pages and exports', async () => {
  const { contest, round } = await contestWithResults();
  const base = `/quan-tri/cuoc-thi/${contest.id}/thong-ke`;
  const full = await organiser.get(base);
  assert.equal(full.statusCode, 200);
  assert.ok(full.body.includes('Phường Hải Dương') && full.body.includes('Phường Thành Đông'));

  const db = t.database.db;
  const { contestStats } = await import('../src/modules/contests/stats.js');
  const s = await contestStats(db, t.database.dialect, contest.id, ['/']);
  assert.equal(s.registrants, 5);
  assert.equal(s.contestants, 5);
  assert.deepEqual(s.perGroup, [{ group: 'citizen', registrants: 3 }, { group: 'public_servant', registrants: 2 }]);
  assert.equal(s.perDay.length, 1);
  assert.equal(s.perDay[0].day, new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Ho_Chi_Minh' }));
  const r1 = s.rounds.find((r) => r.roundId === round.id)!;
  const dist = Object.fromEntries(r1.distribution.filter((d) => d.contestants).map((d) => [d.correct, d.contestants]));
  assert.deepEqual(dist, { 0: 1, 7: 1, 8: 1, 10: 2 });
  assert.equal(r1.distribution.length, 11);
  assert.equal(r1.questions[0].right, 1, 'the hardest first');
  assert.equal(r1.questions[0].answered, 5);
  assert.equal(r1.questions[1].share, 0.8);

  // The ward admin of 10507: the contest is listed (published), its stats show only 10507.
  const listed = await wardAdmin.get('/quan-tri/cuoc-thi');
  assert.equal(listed.statusCode, 200);
  assert.ok(listed.body.includes(contest.title));
  const mine = await wardAdmin.get(base);
  assert.equal(mine.statusCode, 200);
  assert.ok(mine.body.includes('Phường Thành Đông'));
  assert.ok(!mine.body.includes('Phường Hải Dương'), 'no other ward in the stats');
  assert.ok(/<dt>Người đăng ký<\/dt><dd class="stat">3<\/dd>/.test(mine.body), "the ward admin counts only the ward's 3 registrants");
  assert.equal((await wardAdmin.get(`${base}?don-vi=10525`)).statusCode, 404);
  assert.equal((await wardAdmin.get(`${base}.xlsx?don-vi=10525`)).statusCode, 404);
  assert.equal((await wardAdmin.get(`${base}?don-vi=10507`)).statusCode, 200);

  const xlsx = await wardAdmin.get(`${base}.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  const book = await readWorkbook(bytes(xlsx));
  const contestants = book.get('Thí sinh')!;
  const names = contestants.slice(1).map((r) => r[0]).sort();
  assert.deepEqual(names, ['Hoàng Văn Em', 'Nguyễn Văn An', 'Trần Văn Cường']);
  const everything = [...book.values()].flat(2).join(' ');
  assert.ok(!everything.includes('Lê Thị Bình') && !everything.includes('Phường Hải Dương'), 'nothing of another ward in the export');
  assert.ok(contestants.slice(1).every((r) => /\*\*\*/.test(r[1])), 'phones masked');

  // The organiser's export has everyone.
  const all = await readWorkbook(bytes(await organiser.get(`${base}.xlsx`)));
  assert.equal(all.get('Thí sinh')!.length - 1, 5);

  // Drafts are the organisers' only.
  await db.updateTable('contests').set({ status: 'draft' }).where('id', '=', contest.id).execute();
  assert.equal((await wardAdmin.get(base)).statusCode, 404);
  assert.equal((await organiser.get(base)).statusCode, 200);
  assert.equal((await learner.get(base)).statusCode, 404);
});

test('the administration home links the contests', async () => {
  const home = await wardAdmin.get('/quan-tri');
  assert.equal(home.statusCode, 200);
  assert.ok(home.body.includes('href="/quan-tri/cuoc-thi"'));
});
