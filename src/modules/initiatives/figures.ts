/** The initiatives module's figures for a unit and everything below it: for the community hub and reports. */
import type { Kysely } from 'kysely';
import type { CommunityFigure } from '../../core/figures.js';
import type { DB } from '../../db/schema.js';

export async function communityFigures(db: Kysely<DB>, unitPath: string): Promise<CommunityFigure[]> {
  const rows = await db
    .selectFrom('initiatives')
    .innerJoin('units', 'units.id', 'initiatives.unit_id')
    .select((eb) => ['initiatives.status', eb.fn.countAll<number>().as('n')])
    .where('units.path', 'like', `${unitPath}%`)
    .groupBy('initiatives.status')
    .execute();
  const replicated = await db
    .selectFrom('initiative_replications')
    .innerJoin('units', 'units.id', 'initiative_replications.unit_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('units.path', 'like', `${unitPath}%`)
    .executeTakeFirstOrThrow();
  const count = (status?: string) => rows.filter((r) => !status || r.status === status).reduce((s, r) => s + Number(r.n), 0);
  return [
    { key: 'initiatives.proposed', label: { vi: 'Sáng kiến, mô hình đã đề xuất', en: 'Initiatives proposed' }, value: count() },
    { key: 'initiatives.accepted', label: { vi: 'Sáng kiến, mô hình được công nhận', en: 'Initiatives accepted' }, value: count('accepted') },
    { key: 'initiatives.replicated', label: { vi: 'Lượt nhân rộng mô hình', en: 'Replications recorded' }, value: Number(replicated.n) },
  ];
}
