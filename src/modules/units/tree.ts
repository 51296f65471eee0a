/** The units of a subtree in reading order: depth first, siblings by Vietnamese name, with their level. */
import type { UnitRow } from './repository.js';

export function treeOrder(units: UnitRow[]): Array<{ unit: UnitRow; level: number; parent: UnitRow | undefined }> {
  const byId = new Map(units.map((u) => [u.id, u]));
  const children = new Map<number | null, UnitRow[]>();
  for (const u of units) {
    const key = u.parent_id !== null && byId.has(u.parent_id) ? u.parent_id : null;
    children.set(key, [...(children.get(key) ?? []), u]);
  }
  const rows: Array<{ unit: UnitRow; level: number; parent: UnitRow | undefined }> = [];
  const visit = (key: number | null, level: number) => {
    for (const u of (children.get(key) ?? []).sort((a, b) => a.name.localeCompare(b.name, 'vi'))) {
      rows.push({ unit: u, level, parent: u.parent_id === null ? undefined : byId.get(u.parent_id) });
      visit(u.id, level + 1);
    }
  };
  visit(null, 0);
  return rows;
}

/** Options for a plain <select>, indented by level so the tree stays readable. */
export function treeOptions(units: UnitRow[]): Array<{ value: string; label: string }> {
  return treeOrder(units).map(({ unit, level }) => ({ value: unit.code, label: `${'\u00a0\u00a0'.repeat(level)}${level ? '– ' : ''}${unit.name}` }));
}
