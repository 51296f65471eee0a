/**
 * A figure a module reports for a unit (and everything below it): what the community hub and the movement's
 * reports read. `target`, when known, is what the unit should reach (e.g. villages × 3 team members).
 */
export interface CommunityFigure {
  key: string;
  label: { vi: string; en: string };
  value: number;
  target?: number;
}
