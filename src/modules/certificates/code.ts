/**
 * Certificate codes: 100 random bits in Crockford's base32 (no I, L, O, U), grouped by four for
 * reading aloud or typing from paper: "7KQ2-M9XD-4TRW-BN3F-HC6P". Unguessable, so the public
 * verification page can be found only by whoever holds the certificate or its QR code.
 */
import crypto from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 20;

export function newCertificateCode(): string {
  const bytes = crypto.randomBytes(LENGTH);
  let s = '';
  for (let i = 0; i < LENGTH; i++) s += ALPHABET[bytes[i] & 31];
  return group(s);
}

function group(s: string): string {
  return s.match(/.{4}/g)!.join('-');
}

/** A code as typed (any case, with or without dashes, O for 0, I/L for 1), or undefined when it cannot be one. */
export function normalizeCode(raw: string): string | undefined {
  const s = raw
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (s.length !== LENGTH || [...s].some((ch) => !ALPHABET.includes(ch))) return undefined;
  return group(s);
}
