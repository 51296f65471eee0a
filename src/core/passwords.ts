/** argon2id password hashing (OWASP parameters: 19 MiB, 2 passes, 1 lane). */
import { Algorithm, hash, verify } from '@node-rs/argon2';

const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(hashed: string | null, password: string): Promise<boolean> {
  // Unknown accounts and accounts without a password still cost one verification, so timing tells nothing.
  const target = hashed ?? DUMMY_HASH;
  const ok = await verify(target, password).catch(() => false);
  return ok && hashed !== null;
}

const DUMMY_HASH = '$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Oo+MmfPbXp8Kmlh6mKxzuhnWnmfx9J4Bkz5xoMLRRFc';

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;
