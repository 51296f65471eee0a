/** Vietnam time (UTC+7, no daylight saving) for event forms, months and dashboards. */
const OFFSET_MS = 7 * 3600_000;

/** "2026-11-21" and "08:00" in Vietnam time → ISO UTC; undefined when either is not a real date or time. */
export function fromVietnam(date: string, time: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return undefined;
  const ms = Date.parse(`${date}T${time}:00+07:00`);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse accepts 2026-02-31; a real date reads back the same.
  if (new Date(ms + OFFSET_MS).toISOString().slice(0, 10) !== date) return undefined;
  return new Date(ms).toISOString();
}

export function vietnamDate(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(0, 10);
}

export function vietnamTime(iso: string): string {
  return new Date(Date.parse(iso) + OFFSET_MS).toISOString().slice(11, 16);
}

/** "21/11/2026 08:00–11:00" */
export function eventWhen(startsAt: string, endsAt: string): string {
  const [y, m, d] = vietnamDate(startsAt).split('-');
  const sameDay = vietnamDate(startsAt) === vietnamDate(endsAt);
  return `${d}/${m}/${y} ${vietnamTime(startsAt)}–${sameDay ? '' : vietnamDate(endsAt).split('-').reverse().join('/') + ' '}${vietnamTime(endsAt)}`;
}

/** "2026-11" of the given instant, in Vietnam. */
export function vietnamMonth(now: Date): string {
  return new Date(now.getTime() + OFFSET_MS).toISOString().slice(0, 7);
}

export function isMonth(value: string | undefined): value is string {
  return !!value && /^\d{4}-(0[1-9]|1[0-2])$/.test(value) && Number(value.slice(0, 4)) >= 2000 && Number(value.slice(0, 4)) <= 2100;
}

/** The month's first instant and the next month's, ISO UTC (events with from <= starts_at < to). */
export function monthRange(month: string): { from: string; to: string } {
  const [y, m] = month.split('-').map(Number);
  const from = new Date(Date.UTC(y, m - 1, 1) - OFFSET_MS).toISOString();
  const to = new Date(Date.UTC(y, m, 1) - OFFSET_MS).toISOString();
  return { from, to };
}

export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + delta, 1));
  return d.toISOString().slice(0, 7);
}

/** "11/2026" */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-');
  return `${m}/${y}`;
}
