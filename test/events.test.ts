/**
 * Learning days and events: scheduling in scope, QR check-in with rotating tokens (once per account: a replayed
 * token or a second scan counts once; a token outside the window or of another event is refused), organiser
 * entry (accounts of the organiser's scope by phone; anonymous counts by age band, validated, a re-posted form
 * counted once), a unit sees only its own events (404), exact attendance in the page, the .xlsx and the dashboard.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './helpers/app.js';
import { makePerson, makeUnitAdmin, makeVillage, sessionCookie } from './helpers/factories.js';
import { TestClient } from './helpers/client.js';
import { bytes, readWorkbook } from './helpers/xlsx.js';
import { qrToken, passToken } from '../src/modules/events/token.js';
import { communityFigures } from '../src/modules/events/figures.js';
import { vietnamMonth } from '../src/modules/events/time.js';

const PUBLIC_URL = 'https://kynangso.haiphong.gov.vn';
let t: TestApp;
const c: Record<string, TestClient> = {};
const id: Record<string, number> = {};
const HOUR = 3600_000;

const db = () => t.database.db;
const loadEvent = (eventId: number) => db().selectFrom('events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
const attendeeCount = async (eventId: number) =>
  Number((await db().selectFrom('event_attendees').select((eb) => eb.fn.countAll<number>().as('n')).where('event_id', '=', eventId).executeTakeFirstOrThrow()).n);
const guestRows = (eventId: number) => db().selectFrom('event_guest_counts').select(['age_band', 'count']).where('event_id', '=', eventId).orderBy('id').execute();

/** An event happening now (check-in open), inserted through the form then moved to now. */
async function eventNow(client: TestClient, unit: string, title: string, kind = 'mot_ngay_hoc_so', shift: { startMs?: number; endMs?: number } = {}): Promise<number> {
  const res = await client.postForm('/quan-tri/su-kien/moi', { unit, kind, title, place: 'Nhà văn hóa', date: '2030-06-15', start: '08:00', end: '11:00' });
  assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  const eventId = Number(/\/quan-tri\/su-kien\/(\d+)/.exec(res.headers.location as string)![1]);
  const now = Date.now();
  await db()
    .updateTable('events')
    .set({ starts_at: new Date(now + (shift.startMs ?? -HOUR)).toISOString(), ends_at: new Date(now + (shift.endMs ?? 2 * HOUR)).toISOString() })
    .where('id', '=', eventId)
    .execute();
  return eventId;
}

before(async () => {
  t = await makeTestApp({ PUBLIC_URL });
  await makeVillage(db(), '10507', '10507-EV1', 'Tổ dân phố Hoa Sen');
  await makeVillage(db(), '10507', '10507-EV2', 'Tổ dân phố Cây Đa');
  await makeVillage(db(), '10525', '10525-EV1', 'Tổ dân phố Bạch Đằng');
  id.tdAdmin = await makeUnitAdmin(db(), '10507');
  id.hdAdmin = await makeUnitAdmin(db(), '10525', { fullName: 'Phạm Văn Hải' });
  id.leader = await makePerson(db(), { fullName: 'Lê Văn Tổ Trưởng', unitCode: '10507-EV1', roles: [{ role: 'team_member', unitCode: '10507-EV1' }] });
  id.an = await makePerson(db(), { fullName: 'Nguyễn Văn An', unitCode: '10507-EV1', phone: '+84912700001' });
  id.binh = await makePerson(db(), { fullName: 'Trần Thị Bình', unitCode: '10507', phone: '+84912700002' });
  id.ha = await makePerson(db(), { fullName: 'Hoàng Thị Hà', unitCode: '10525', phone: '+84912700003' });
  for (const k of ['tdAdmin', 'hdAdmin', 'leader', 'an', 'binh', 'ha']) c[k] = new TestClient(t.app, await sessionCookie(db(), id[k]));
  c.anon = new TestClient(t.app);
});
after(() => t.close());

test('an organiser schedules an event in scope; bad input is refused with field errors and nothing is stored', async () => {
  const before = await db().selectFrom('events').select('id').execute();
  const bad = await c.tdAdmin.postForm('/quan-tri/su-kien/moi', { unit: '10507-EV1', kind: 'mot_ngay_hoc_so', title: '', place: 'Nhà văn hóa', date: '2030-06-15', start: '10:00', end: '09:00' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Vui lòng nhập tên sự kiện/);
  assert.match(bad.body, /Giờ kết thúc phải sau giờ bắt đầu/);
  const wrongDate = await c.tdAdmin.postForm('/quan-tri/su-kien/moi', { unit: '10507-EV1', kind: 'mot_ngay_hoc_so', title: 'Học số', place: 'Nhà văn hóa', date: '2030-02-31', start: '08:00', end: '09:00' });
  assert.equal(wrongDate.statusCode, 400);
  assert.match(wrongDate.body, /Ngày không hợp lệ/);
  // Another commune's village is not the organiser's to schedule.
  const other = await c.tdAdmin.postForm('/quan-tri/su-kien/moi', { unit: '10525-EV1', kind: 'other', title: 'Học số', place: 'Nhà văn hóa', date: '2030-06-15', start: '08:00', end: '09:00' });
  assert.equal(other.statusCode, 400);
  assert.match(other.body, /trong đơn vị bạn quản lý/);
  assert.equal((await db().selectFrom('events').select('id').execute()).length, before.length);

  const ok = await c.tdAdmin.postForm('/quan-tri/su-kien/moi', { unit: '10507-EV1', kind: 'thu_bay_than_thien', title: 'Ngày thứ Bẩy thân thiện tháng 6', place: 'Sân nhà văn hóa', date: '2030-06-15', start: '07:30', end: '11:00' });
  assert.equal(ok.statusCode, 303);
  const ev = await loadEvent(Number(/(\d+)/.exec(ok.headers.location as string)![1]));
  // 07:30 in Vietnam is 00:30 UTC.
  assert.equal(ev.starts_at, '2030-06-15T00:30:00.000Z');
  assert.equal(ev.ends_at, '2030-06-15T04:00:00.000Z');
  assert.equal(ev.kind, 'thu_bay_than_thien');
  const page = await c.tdAdmin.get(`/quan-tri/su-kien/${ev.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /15\/06\/2030 07:30–11:00/);
});

test('QR check-in: the organiser page shows a code of the check-in URL; the attendee is checked in once, a second scan or a replayed token says "Bạn đã điểm danh"', async () => {
  const eventId = await eventNow(c.tdAdmin, '10507-EV1', 'Một ngày học số: cài VNeID');
  const qr = await c.tdAdmin.get(`/quan-tri/su-kien/${eventId}/ma-qr`);
  assert.equal(qr.statusCode, 200);
  assert.ok(qr.headers.refresh, 'the QR page reloads itself');
  assert.match(qr.body, /<svg/);
  const url = /href="(https:\/\/kynangso\.haiphong\.gov\.vn\/diem-danh\/\d+\?t=[^"]+)"/.exec(qr.body)![1];
  const path = url.slice(PUBLIC_URL.length);
  assert.ok(path.startsWith(`/diem-danh/${eventId}?t=q`));
  assert.doesNotMatch(qr.body, new RegExp((await loadEvent(eventId)).checkin_secret), 'the secret never leaves the server');

  const first = await c.an.get(path);
  assert.equal(first.statusCode, 200);
  assert.match(first.body, /Bạn đã điểm danh thành công/);
  const again = await c.an.get(path);
  assert.equal(again.statusCode, 200);
  assert.match(again.body, /Bạn đã điểm danh\./);
  assert.doesNotMatch(again.body, /thành công/);
  // A fresh code scanned again by the same person: still once.
  const fresh = qrToken(await loadEvent(eventId), new Date());
  assert.match((await c.an.get(`/diem-danh/${eventId}?t=${fresh}`)).body, /Bạn đã điểm danh\./);
  assert.equal(await attendeeCount(eventId), 1);
  // Someone else with the same code is another attendee.
  assert.match((await c.binh.get(path)).body, /Bạn đã điểm danh thành công/);
  assert.equal(await attendeeCount(eventId), 2);
  const rows = await db().selectFrom('event_attendees').select(['user_id', 'method']).where('event_id', '=', eventId).orderBy('id').execute();
  assert.deepEqual(rows, [
    { user_id: id.an, method: 'qr' },
    { user_id: id.binh, method: 'qr' },
  ]);
});

test('QR check-in without a session: a valid code leads to sign-in with a 15-minute pass, which then checks in once', async () => {
  const eventId = await eventNow(c.tdAdmin, '10507-EV1', 'Một ngày học số: dịch vụ công');
  const ev = await loadEvent(eventId);
  const res = await c.anon.get(`/diem-danh/${eventId}?t=${qrToken(ev, new Date())}`);
  assert.equal(res.statusCode, 303);
  const location = res.headers.location as string;
  assert.ok(location.startsWith('/dang-nhap?next='), location);
  const next = decodeURIComponent(location.slice('/dang-nhap?next='.length));
  assert.match(next, new RegExp(`^/diem-danh/${eventId}\\?t=p\\d+\\.`));
  assert.equal(await attendeeCount(eventId), 0);
  assert.match((await c.ha.get(next)).body, /Bạn đã điểm danh thành công/);
  assert.match((await c.ha.get(next)).body, /Bạn đã điểm danh\./);
  assert.equal(await attendeeCount(eventId), 1);
  // A pass older than 15 minutes is refused.
  const oldPass = passToken(ev, new Date(Date.now() - 20 * 60_000));
  const stale = await c.an.get(`/diem-danh/${eventId}?t=${oldPass}`);
  assert.equal(stale.statusCode, 410);
  assert.equal(await attendeeCount(eventId), 1);
});

test('QR tokens are refused when expired, of another event, forged, or outside the event window — and nothing is stored', async () => {
  const eventId = await eventNow(c.tdAdmin, '10507-EV1', 'Một ngày học số: thanh toán');
  const otherId = await eventNow(c.tdAdmin, '10507-EV2', 'Một ngày học số: VNeID');
  const ev = await loadEvent(eventId);
  const other = await loadEvent(otherId);

  const expired = await c.an.get(`/diem-danh/${eventId}?t=${qrToken(ev, new Date(Date.now() - 3 * 60_000))}`);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /Mã QR đã hết hạn/);

  const crossEvent = await c.an.get(`/diem-danh/${eventId}?t=${qrToken(other, new Date())}`);
  assert.equal(crossEvent.statusCode, 400);
  assert.match(crossEvent.body, /không đúng cho sự kiện này/);

  const good = qrToken(ev, new Date());
  const forged = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
  assert.equal((await c.an.get(`/diem-danh/${eventId}?t=${forged}`)).statusCode, 400);
  assert.equal((await c.an.get(`/diem-danh/${eventId}?t=khong-phai-ma`)).statusCode, 400);
  assert.equal((await c.an.get(`/diem-danh/999999?t=${good}`)).statusCode, 404);

  // A code photographed during the event, used after it ended.
  const photographed = qrToken(ev, new Date());
  await db().updateTable('events').set({ starts_at: new Date(Date.now() - 5 * HOUR).toISOString(), ends_at: new Date(Date.now() - 2 * HOUR).toISOString() }).where('id', '=', eventId).execute();
  const after = await c.an.get(`/diem-danh/${eventId}?t=${photographed}`);
  assert.equal(after.statusCode, 410);
  assert.match(after.body, /đã kết thúc/);
  const qrAfter = await c.tdAdmin.get(`/quan-tri/su-kien/${eventId}/ma-qr`);
  assert.doesNotMatch(qrAfter.body, /<svg/);

  // Too early: check-in opens 30 minutes before the start.
  await db().updateTable('events').set({ starts_at: new Date(Date.now() + 2 * HOUR).toISOString(), ends_at: new Date(Date.now() + 4 * HOUR).toISOString() }).where('id', '=', otherId).execute();
  const early = await c.an.get(`/diem-danh/${otherId}?t=${qrToken(other, new Date())}`);
  assert.equal(early.statusCode, 409);
  assert.doesNotMatch((await c.tdAdmin.get(`/quan-tri/su-kien/${otherId}/ma-qr`)).body, /<svg/);

  assert.equal(await attendeeCount(eventId), 0);
  assert.equal(await attendeeCount(otherId), 0);
});

test('organiser entry: accounts of the organiser’s scope by phone (any format), once; others are not found and nothing changes', async () => {
  const eventId = await eventNow(c.tdAdmin, '10507', 'Hội nghị tổ công nghệ số', 'other');
  const add = await c.tdAdmin.postForm(`/quan-tri/su-kien/${eventId}/diem-danh`, { phone: '0912 700 002' });
  assert.equal(add.statusCode, 200);
  assert.match(add.body, /Đã điểm danh Trần Thị Bình/);
  const twice = await c.tdAdmin.postForm(`/quan-tri/su-kien/${eventId}/diem-danh`, { phone: '+84 912 700 002' });
  assert.match(twice.body, /Trần Thị Bình đã được điểm danh trước đó/);
  // Hà belongs to another commune: not in this organiser's scope.
  const outside = await c.tdAdmin.postForm(`/quan-tri/su-kien/${eventId}/diem-danh`, { phone: '0912700003' });
  assert.equal(outside.statusCode, 400);
  assert.match(outside.body, /Không tìm thấy tài khoản/);
  const invalid = await c.tdAdmin.postForm(`/quan-tri/su-kien/${eventId}/diem-danh`, { phone: '12345' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Số điện thoại không hợp lệ/);
  const rows = await db().selectFrom('event_attendees').select(['user_id', 'method', 'recorded_by']).where('event_id', '=', eventId).execute();
  assert.deepEqual(rows, [{ user_id: id.binh, method: 'organiser', recorded_by: id.tdAdmin }]);
  // The other commune's organiser cannot enter anyone at this event.
  const foreign = await c.hdAdmin.postForm(`/quan-tri/su-kien/${eventId}/diem-danh`, { phone: '0912700003' });
  assert.equal(foreign.statusCode, 404);
  assert.equal(await attendeeCount(eventId), 1);
});

test('anonymous counts: age band required, counts 1–1000, a re-posted form counted once, totals exact', async () => {
  const eventId = await eventNow(c.tdAdmin, '10507-EV1', 'Một ngày học số: an toàn trên mạng');
  const key = (n: number) => `testentrykey-${eventId}-${n}-abcdef`;
  const post = (fields: Record<string, string>) => c.tdAdmin.postForm(`/quan-tri/su-kien/${eventId}/khach`, fields);
  for (const [fields, message] of [
    [{ band: '', count: '5', entryKey: key(1) }, /Vui lòng chọn độ tuổi/],
    [{ band: 'tre_em', count: '5', entryKey: key(1) }, /Vui lòng chọn độ tuổi/],
    [{ band: 'over_60', count: '-3', entryKey: key(1) }, /từ 1 đến 1000/],
    [{ band: 'over_60', count: '0', entryKey: key(1) }, /từ 1 đến 1000/],
    [{ band: 'over_60', count: '2.5', entryKey: key(1) }, /từ 1 đến 1000/],
    [{ band: 'over_60', count: '1001', entryKey: key(1) }, /từ 1 đến 1000/],
    [{ band: 'over_60', count: 'năm', entryKey: key(1) }, /từ 1 đến 1000/],
  ] as const) {
    const res = await post(fields);
    assert.equal(res.statusCode, 400, JSON.stringify(fields));
    assert.match(res.body, message);
  }
  assert.deepEqual(await guestRows(eventId), []);
  assert.equal((await post({ band: 'over_60', count: '5' })).statusCode, 400, 'the form’s entry key is required');

  const ok = await post({ band: 'over_60', count: '5', entryKey: key(1) });
  assert.equal(ok.statusCode, 303);
  assert.match(ok.headers.location as string, /n=5$/);
  const replay = await post({ band: 'over_60', count: '5', entryKey: key(1) });
  assert.equal(replay.statusCode, 303);
  assert.match(replay.headers.location as string, /n=0$/);
  assert.equal((await post({ band: 'under_18', count: '3', entryKey: key(2) })).statusCode, 303);
  assert.equal((await post({ band: 'over_60', count: '2', entryKey: key(3) })).statusCode, 303);
  assert.deepEqual(await guestRows(eventId), [
    { age_band: 'over_60', count: 5 },
    { age_band: 'under_18', count: 3 },
    { age_band: 'over_60', count: 2 },
  ]);
  // Plus one account by QR: 1 + 10 = 11.
  await c.an.get(`/diem-danh/${eventId}?t=${qrToken(await loadEvent(eventId), new Date())}`);
  const page = await c.tdAdmin.get(`/quan-tri/su-kien/${eventId}`);
  assert.match(page.body, /<span class="stat">11<\/span>/);
  assert.match(page.body, /Có tài khoản: 1/);
  assert.match(page.body, /Không có tài khoản: 10/);
  assert.match(page.body, /Trên 60 tuổi<\/th><td>7</);
  assert.match(page.body, /Dưới 18 tuổi<\/th><td>3</);

  const xlsx = await c.tdAdmin.get(`/quan-tri/su-kien/${eventId}/danh-sach.xlsx`);
  assert.equal(xlsx.statusCode, 200);
  assert.match(xlsx.headers['content-type'] as string, /spreadsheetml/);
  const sheets = await readWorkbook(bytes(xlsx));
  const named = sheets.get('Điểm danh')!;
  assert.equal(named[2][0], 'Tổng số người tham dự: 11');
  assert.deepEqual(named.slice(4).map((r) => [r[0], r[1], r[2], r[4]]), [['1', 'Nguyễn Văn An', '0912 700 001', 'Quét mã QR']]);
  const guests = sheets.get('Không có tài khoản')!;
  assert.deepEqual(guests.slice(1), [
    ['Dưới 18 tuổi', '3'],
    ['Từ 18 đến 35 tuổi', '0'],
    ['Từ 36 đến 60 tuổi', '0'],
    ['Trên 60 tuổi', '7'],
    ['Số người', '10'],
  ]);
});

test('a unit sees only its own events: another commune’s organiser gets 404 on every page, and its list does not show them', async () => {
  const eventId = await eventNow(c.tdAdmin, '10507-EV2', 'Một ngày học số riêng của Thành Đông');
  for (const path of ['', '/sua', '/ma-qr', '/danh-sach.xlsx']) {
    assert.equal((await c.hdAdmin.get(`/quan-tri/su-kien/${eventId}${path}`)).statusCode, 404, path);
  }
  const edit = await c.hdAdmin.postForm(`/quan-tri/su-kien/${eventId}/sua`, { unit: '10525-EV1', kind: 'other', title: 'Chiếm', place: 'x', date: '2030-01-01', start: '08:00', end: '09:00' });
  assert.equal(edit.statusCode, 404);
  assert.equal((await c.hdAdmin.postForm(`/quan-tri/su-kien/${eventId}/khach`, { band: 'over_60', count: '5', entryKey: 'hdAdmin-entry-key-000001' })).statusCode, 404);
  assert.deepEqual(await guestRows(eventId), []);
  assert.doesNotMatch((await c.hdAdmin.get('/quan-tri/su-kien')).body, /riêng của Thành Đông/);
  assert.match((await c.tdAdmin.get('/quan-tri/su-kien')).body, /riêng của Thành Đông/);
  // A learner has no organiser pages at all.
  assert.equal((await c.an.get('/quan-tri/su-kien')).statusCode, 404);
  // A team member of one village manages that village's events, not the commune's or a neighbour's.
  assert.equal((await c.leader.get(`/quan-tri/su-kien/${eventId}`)).statusCode, 404);
  const own = await eventNow(c.leader, '10507-EV1', 'Buổi học số của tổ');
  assert.equal((await c.leader.get(`/quan-tri/su-kien/${own}`)).statusCode, 200);
  const notHis = await c.leader.postForm('/quan-tri/su-kien/moi', { unit: '10507', kind: 'other', title: 'Cấp phường', place: 'x', date: '2030-06-15', start: '08:00', end: '09:00' });
  assert.equal(notHis.statusCode, 400);
});

test('dashboard and figures: villages without a learning day this month are listed; numbers match', async () => {
  // So far this month: learning days at EV1 (several) and EV2; none at Bạch Đằng (10525). A fresh village has none.
  await makeVillage(db(), '10507', '10507-EV3', 'Tổ dân phố Không Học');
  // The month of the events above (not "now": a run just after midnight on the 1st stays right).
  const ev1 = await db().selectFrom('events').innerJoin('units', 'units.id', 'events.unit_id').select('events.starts_at').where('units.code', '=', '10507-EV1').where('events.kind', '=', 'mot_ngay_hoc_so').orderBy('events.id').executeTakeFirstOrThrow();
  const at = new Date(ev1.starts_at);
  const month = vietnamMonth(at);
  const page = await c.tdAdmin.get(`/quan-tri/su-kien/bao-cao?thang=${month}`);
  assert.equal(page.statusCode, 200);
  const missing = /chưa có “Một ngày học số” trong tháng<\/h2>([\s\S]*?)<h2>/.exec(page.body)![1];
  assert.match(missing, /Tổ dân phố Không Học/);
  assert.doesNotMatch(missing, /Hoa Sen|Cây Đa/);
  assert.doesNotMatch(page.body, /Bạch Đằng/, 'another commune’s village is not in this dashboard');
  assert.match(page.body, /Thôn, tổ dân phố có “Một ngày học số”: 2\/3/);

  const thanhDong = await db().selectFrom('units').select('path').where('code', '=', '10507').executeTakeFirstOrThrow();
  const figures = await communityFigures(db(), thanhDong.path, at);
  const byKey = Object.fromEntries(figures.map((f) => [f.key, f]));
  assert.deepEqual({ value: byKey['events.villagesWithLearningDay'].value, target: byKey['events.villagesWithLearningDay'].target }, { value: 2, target: 3 });
  const events = await db().selectFrom('events').innerJoin('units', 'units.id', 'events.unit_id').select('events.id').where('units.path', 'like', `${thanhDong.path}%`).execute();
  const inMonth = (await Promise.all(events.map((e) => loadEvent(e.id)))).filter((e) => vietnamMonth(new Date(e.starts_at)) === month);
  assert.equal(byKey['events.month'].value, inMonth.length);
  let attendance = 0;
  for (const e of inMonth) attendance += (await attendeeCount(e.id)) + (await guestRows(e.id)).reduce((s, r) => s + r.count, 0);
  assert.equal(byKey['events.attendance'].value, attendance);
  assert.ok(attendance >= 14, `attendance ${attendance}`);
});
