/** Certificates: the holder's list and PDF, public verification, revocation within the host unit's scope. */
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import type { Config } from '../../config.js';
import { AppError, notFound } from '../../core/errors.js';
import { audit } from '../../core/audit.js';
import { canAt, type Actor } from '../../core/policy.js';
import '../courses/capabilities.js';
import { normalizeCode } from './code.js';
import { certificateByCode, certificateWithHost, markRevoked, type CertificateRow } from './repository.js';
import { certificatePdf } from './pdf.js';
import './issue.js';
import './messages.js';

export const REVOKE = 'certificate:revoke';
export const REASON_MAX = 500;

export const verifyUrl = (config: Config, code: string) => `${config.publicUrl}/chung-nhan/${code}`;

/** "25/11/2026": the day in Vietnam. */
export function vnDate(iso: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).formatToParts(new Date(iso));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('day')}/${get('month')}/${get('year')}`;
}

/** A certificate by the code as typed or scanned; unknown or malformed codes are "not found". */
export async function findByCode(db: Kysely<DB>, raw: string): Promise<CertificateRow> {
  const code = normalizeCode(raw);
  const cert = code ? await certificateByCode(db, code) : undefined;
  if (!cert) throw notFound();
  return cert;
}

/** The holder's own certificate (anyone else's answers 404). */
export async function ownCertificate(db: Kysely<DB>, actor: Actor, raw: string): Promise<CertificateRow> {
  const cert = await findByCode(db, raw);
  if (cert.user_id !== actor.userId) throw notFound();
  return cert;
}

export async function pdfOf(config: Config, cert: CertificateRow): Promise<Buffer> {
  return certificatePdf({
    code: cert.code,
    holderName: cert.holder_name,
    courseTitle: cert.course_title,
    issuedOn: vnDate(cert.issued_at),
    verifyUrl: verifyUrl(config, cert.code),
    cityName: config.cityName,
    revokedOn: cert.revoked_at ? vnDate(cert.revoked_at) : undefined,
  });
}

/** A certificate the actor may revoke: its course is hosted in their 'certificate:revoke' scope; else 404. */
export async function revocable(db: Kysely<DB>, actor: Actor | undefined, raw: string) {
  const code = normalizeCode(raw);
  const cert = code ? await certificateWithHost(db, code) : undefined;
  if (!cert || !canAt(actor, REVOKE, cert.host_path)) throw notFound();
  return cert;
}

export async function revokeCertificate(db: Kysely<DB>, actor: Actor, raw: string, reasonRaw: string): Promise<void> {
  const cert = await revocable(db, actor, raw);
  const reason = reasonRaw.replace(/\s+/g, ' ').trim();
  if (!reason) throw new AppError('CERT_REASON_REQUIRED', 422, {}, { reason: 'CERT_REASON_REQUIRED' });
  if (reason.length > REASON_MAX) throw new AppError('CERT_REASON_TOO_LONG', 422, { max: REASON_MAX }, { reason: 'CERT_REASON_TOO_LONG' });
  if (cert.revoked_at) throw new AppError('CERT_ALREADY_REVOKED', 409);
  await db.transaction().execute(async (trx) => {
    if (!(await markRevoked(trx, cert.id, new Date().toISOString(), reason))) throw new AppError('CERT_ALREADY_REVOKED', 409);
    await audit(trx, actor, {
      action: 'certificate.revoke',
      unitId: cert.host_unit_id,
      targetType: 'certificate',
      targetId: cert.id,
      details: { code: cert.code, courseId: cert.course_id, userId: cert.user_id, reason },
    });
  });
}
