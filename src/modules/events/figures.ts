/** The events module's figures for a unit and everything below it, this month (Vietnam time): for the community hub and reports. */
import type { Kysely } from 'kysely';
import type { CommunityFigure } from '../../core/figures.js';
import type { DB } from '../../db/schema.js';
import { eventsUnder, villagesMonth } from './repository.js';
import { monthRange, vietnamMonth } from './time.js';

export async function communityFigures(
  db: Kysely<DB>,
  unitPath: string,
  now = new Date(),
): Promise<CommunityFigure[]> {
  const range = monthRange(vietnamMonth(now));
  const [events, villages] = await Promise.all([eventsUnder(db, [unitPath], range), villagesMonth(db, [unitPath], range)]);
  return [
    { key: 'events.month', label: { vi: 'Sự kiện trong tháng', en: 'Events this month' }, value: events.length },
    {
      key: 'events.villagesWithLearningDay',
      label: { vi: 'Thôn, tổ dân phố có “Một ngày học số” trong tháng', en: 'Villages with a digital learning day this month' },
      value: villages.filter((v) => v.learningDays > 0).length,
      target: villages.length,
    },
    { key: 'events.attendance', label: { vi: 'Người tham dự sự kiện trong tháng', en: 'Event attendance this month' }, value: events.reduce((s, e) => s + e.named + e.guests, 0) },
  ];
}
