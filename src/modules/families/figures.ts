/**
 * The digital families' figures of a unit's subtree, for the community hub and the movement report: households
 * entered, digital families (target: every household), villages with households.
 */
import type { Kysely } from 'kysely';
import type { CommunityFigure } from '../../core/figures.js';
import type { DB } from '../../db/schema.js';
import { coverage } from './service.js';


export async function communityFigures(db: Kysely<DB>, unitPath: string): Promise<CommunityFigure[]> {
  const c = await coverage(db, [unitPath]);
  return [
    { key: 'families.households', label: { vi: 'Hộ gia đình đã nhập', en: 'Households entered' }, value: c.total.households },
    { key: 'families.digital', label: { vi: 'Gia đình số (có ít nhất một người đạt phổ cập kỹ năng số)', en: 'Digital families (at least one member with basic digital skills)' }, value: c.total.digital, target: c.total.households },
    {
      key: 'families.villagesCovered',
      label: { vi: 'Thôn, tổ dân phố mà mọi hộ đều là gia đình số', en: 'Villages where every household is a digital family' },
      value: c.villages.filter((v) => v.households > 0 && v.digital === v.households).length,
      target: c.villages.length,
    },
  ];
}
