/**
 * QR check-in tokens that cannot be reused at home.
 *
 * The organiser's page (/quan-tri/su-kien/:id/ma-qr) shows a QR code of
 *     <PUBLIC_URL>/diem-danh/<eventId>?t=q<slot>.<mac>
 * where slot = floor(now / 60 s) and mac = HMAC-SHA256(event.checkin_secret, "<eventId>:q:<slot>") (first 16
 * bytes, base64url). The page reloads itself every 20 s (HTTP `Refresh` header, no JavaScript), so the code
 * on screen changes every minute. A token is accepted for the slot it was made in and the next one (so a code
 * scanned in the last second of its minute still works): at most 2 minutes after it was shown — and only
 * while check-in is open, from 30 minutes before the start to the end of the event. A photo of the code taken
 * at the event is useless an hour later or at home after the event; a token of one event is useless for
 * another (the event id is signed, and each event has its own random secret, kept in the database so that
 * every app instance checks the same way).
 *
 * Signing in takes longer than 2 minutes for some people, so a valid QR token opened without a session is
 * exchanged for a "pass" (p<minute>.<mac>, same HMAC over "<eventId>:p:<minute>") valid for 15 minutes,
 * carried through the sign-in page in the `next` URL. Check-in itself is once per (event, account): the
 * unique constraint on event_attendees makes a replay or a second scan answer "Bạn đã điểm danh".
 */
import crypto from 'node:crypto';

export const SLOT_MS = 60_000;
export const PASS_MS = 15 * 60_000;
export const OPENS_BEFORE_MS = 30 * 60_000;
/** Seconds between two reloads of the QR page. */
export const QR_REFRESH_SECONDS = 20;

export interface Signable {
  id: number;
  checkin_secret: string;
  starts_at: string;
  ends_at: string;
}

export function newCheckinSecret(): string {
  return crypto.randomBytes(32).toString('hex');
}

function mac(ev: Signable, kind: 'q' | 'p', n: number): string {
  return crypto.createHmac('sha256', ev.checkin_secret).update(`${ev.id}:${kind}:${n}`).digest().subarray(0, 16).toString('base64url');
}

/** 'before' (check-in not open yet), 'open', 'after' (the event is over). */
export function checkinWindow(ev: Signable, now: Date): 'before' | 'open' | 'after' {
  const t = now.getTime();
  if (t < Date.parse(ev.starts_at) - OPENS_BEFORE_MS) return 'before';
  if (t > Date.parse(ev.ends_at)) return 'after';
  return 'open';
}

export function qrToken(ev: Signable, now: Date): string {
  const slot = Math.floor(now.getTime() / SLOT_MS);
  return `q${slot}.${mac(ev, 'q', slot)}`;
}

export function passToken(ev: Signable, now: Date): string {
  const minute = Math.floor(now.getTime() / 60_000);
  return `p${minute}.${mac(ev, 'p', minute)}`;
}

export type TokenVerdict = 'ok' | 'expired' | 'invalid';

export function verifyToken(ev: Signable, token: string, now: Date): TokenVerdict {
  const m = /^([qp])(\d{1,12})\.([A-Za-z0-9_-]{22})$/.exec(token);
  if (!m) return 'invalid';
  const kind = m[1] as 'q' | 'p';
  const n = Number(m[2]);
  const expected = Buffer.from(mac(ev, kind, n));
  const given = Buffer.from(m[3]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return 'invalid';
  const t = now.getTime();
  if (kind === 'q') {
    const current = Math.floor(t / SLOT_MS);
    if (n > current) return 'invalid';
    return current - n <= 1 ? 'ok' : 'expired';
  }
  const issued = n * 60_000;
  if (issued > t + 60_000) return 'invalid';
  return t - issued <= PASS_MS ? 'ok' : 'expired';
}
