/** TypeBox schemas of the certificates API and the presenter: the only way a certificate leaves as JSON. */
import { Type, type Static } from '@sinclair/typebox';
import type { Config } from '../../config.js';
import type { CertificateRow } from './repository.js';
import { verifyUrl } from './service.js';

export const CertificateSchema = Type.Object(
  {
    code: Type.String(),
    holderName: Type.String(),
    courseTitle: Type.String(),
    issuedAt: Type.String({ format: 'date-time' }),
    revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    verifyUrl: Type.String(),
    pdfUrl: Type.String(),
  },
  { $id: 'Certificate' },
);
export type CertificateDto = Static<typeof CertificateSchema>;

export const CodeParams = Type.Object({ code: Type.String({ maxLength: 64 }) });

export function presentCertificate(config: Config, c: CertificateRow): CertificateDto {
  return {
    code: c.code,
    holderName: c.holder_name,
    courseTitle: c.course_title,
    issuedAt: c.issued_at,
    revokedAt: c.revoked_at,
    verifyUrl: verifyUrl(config, c.code),
    pdfUrl: `/hoc-tap/chung-nhan/${c.code}/pdf`,
  };
}
