/** A round's status by the server's clock (kept apart so that every file of the module can use it). */
export type RoundStatus = 'upcoming' | 'open' | 'closed';

/** By the server's clock: upcoming before opens_at, open until closes_at (exclusive), closed after. */
export function roundStatus(round: { opens_at: string; closes_at: string }, now = new Date()): RoundStatus {
  const t = now.getTime();
  if (t < Date.parse(round.opens_at)) return 'upcoming';
  if (t < Date.parse(round.closes_at)) return 'open';
  return 'closed';
}
