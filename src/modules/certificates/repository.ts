/** SQL of certificates: issue (once per course and person), look up, list, revoke, anonymize. */
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../../db/schema.js';
import { newCertificateCode } from './code.js';

type Conn = Kysely<DB> | Transaction<DB>;

export interface CertificateRow {
  id: number;
  code: string;
  course_id: number;
  user_id: number;
  holder_name: string;
  course_title: string;
  issued_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

/**
 * Issues the certificate of a completed course, with the holder's name and the course's title as
 * they are now (snapshots: later renames do not change a certificate). A person has at most one
 * certificate per course: completing again keeps the first one, revoked or not.
 */
export async function issueCertificate(db: Conn, e: { courseId: number; userId: number; completedAt: string }): Promise<void> {
  const row = await db
    .selectFrom('users')
    .innerJoin('courses', (join) => join.on('courses.id', '=', e.courseId))
    .select(['users.full_name', 'courses.title'])
    .where('users.id', '=', e.userId)
    .executeTakeFirst();
  if (!row) return;
  await db
    .insertInto('certificates')
    .values({
      code: newCertificateCode(),
      course_id: e.courseId,
      user_id: e.userId,
      holder_name: row.full_name,
      course_title: row.title,
      issued_at: e.completedAt,
      revoked_at: null,
      revoked_reason: null,
    })
    .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
    .execute();
}

const COLUMNS = [
  'certificates.id',
  'certificates.code',
  'certificates.course_id',
  'certificates.user_id',
  'certificates.holder_name',
  'certificates.course_title',
  'certificates.issued_at',
  'certificates.revoked_at',
  'certificates.revoked_reason',
] as const;

export async function certificateByCode(db: Conn, code: string): Promise<CertificateRow | undefined> {
  return db.selectFrom('certificates').select(COLUMNS).where('code', '=', code).executeTakeFirst();
}

/** With the path of the course's host unit, for the revocation scope. */
export async function certificateWithHost(db: Conn, code: string) {
  return db
    .selectFrom('certificates')
    .innerJoin('courses', 'courses.id', 'certificates.course_id')
    .innerJoin('units', 'units.id', 'courses.host_unit_id')
    .select([...COLUMNS, 'units.id as host_unit_id', 'units.path as host_path', 'units.name as host_name'])
    .where('certificates.code', '=', code)
    .executeTakeFirst();
}
export type CertificateWithHost = NonNullable<Awaited<ReturnType<typeof certificateWithHost>>>;

export async function certificatesOf(db: Conn, userId: number): Promise<CertificateRow[]> {
  return db.selectFrom('certificates').select(COLUMNS).where('user_id', '=', userId).orderBy('issued_at', 'desc').orderBy('id', 'desc').execute();
}

/** Certificates of courses hosted under the paths (the revoker's scope), newest first. */
export async function certificatesHostedUnder(db: Conn, paths: string[], f: { code?: string; limit: number; offset: number }) {
  if (paths.length === 0) return { rows: [] as CertificateWithHost[], total: 0 };
  const base = () => {
    let q = db
      .selectFrom('certificates')
      .innerJoin('courses', 'courses.id', 'certificates.course_id')
      .innerJoin('units', 'units.id', 'courses.host_unit_id')
      .where((eb) => eb.or(paths.map((p) => eb('units.path', 'like', `${p}%`))));
    if (f.code) q = q.where('certificates.code', '=', f.code);
    return q;
  };
  const { n } = await base()
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const rows = await base()
    .select([...COLUMNS, 'units.id as host_unit_id', 'units.path as host_path', 'units.name as host_name'])
    .orderBy('certificates.issued_at', 'desc')
    .orderBy('certificates.id', 'desc')
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  return { rows, total: Number(n) };
}

export async function markRevoked(db: Conn, id: number, at: string, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('certificates')
    .set({ revoked_at: at, revoked_reason: reason })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Reason stored when a certificate is revoked because its holder's personal data was deleted. */
export const REASON_DATA_DELETED = 'Dữ liệu cá nhân của người được cấp đã được xóa theo yêu cầu.';

/**
 * When a person's data is deleted: their certificates lose the name (the public verification page
 * would otherwise still show it) and are revoked, since nobody can be shown to hold them any more.
 */
export async function anonymizeCertificatesOf(db: Conn, userId: number): Promise<number> {
  const now = new Date().toISOString();
  await db
    .updateTable('certificates')
    .set({ revoked_at: now, revoked_reason: REASON_DATA_DELETED })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
  const result = await db.updateTable('certificates').set({ holder_name: '' }).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numUpdatedRows);
}
