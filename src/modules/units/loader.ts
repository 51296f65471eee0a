/**
 * Loading a province's unit list from CSV — the documented format (docs/units-csv.md):
 *   code,name,type,parent_code[,population]
 * `type` is one of phuong, xa, dac_khu, so_nganh, thon, to_dan_pho; an empty parent_code means
 * "directly under the city". The city itself comes from CITY_CODE and CITY_NAME.
 * An import is all or nothing: any bad row and nothing changes.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Kysely } from 'kysely';
import type { Config } from '../../config.js';
import type { DB } from '../../db/schema.js';
import { cleanName } from '../../core/text.js';
import { allowedParentTypes, isUnitType, type UnitType } from './types.js';
import { cityUnit, countUnits, insertUnit, unitByCode, updateUnit, type UnitRow } from './repository.js';

export interface UnitCsvRow {
  line: number;
  code: string;
  name: string;
  type: UnitType;
  parentCode: string;
  population: number | null;
}

export class UnitCsvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Unit CSV has ${problems.length} problem(s):\n` + problems.join('\n'));
  }
}

export function parseUnitsCsv(text: string): UnitCsvRow[] {
  let records: Record<string, string>[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new UnitCsvError([`not a valid CSV file: ${(err as Error).message}`]);
  }
  const problems: string[] = [];
  const rows: UnitCsvRow[] = [];
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = i + 2;
    const code = r.code ?? '';
    const name = cleanName(r.name ?? '');
    const type = r.type ?? '';
    if (!/^[\w.-]{1,64}$/.test(code)) problems.push(`line ${line}: code "${code}" must be 1–64 letters, digits, . _ or -`);
    if (seen.has(code)) problems.push(`line ${line}: code "${code}" appears twice`);
    seen.add(code);
    if (!name || name.length > 255) problems.push(`line ${line}: name is empty or longer than 255 characters`);
    if (!isUnitType(type) || type === 'thanh_pho') problems.push(`line ${line}: unknown type "${type}"`);
    const population = r.population ? Number(r.population) : null;
    if (population !== null && !(Number.isInteger(population) && population >= 0)) {
      problems.push(`line ${line}: population "${r.population}" is not a whole number`);
    }
    rows.push({ line, code, name, type: type as UnitType, parentCode: r.parent_code ?? '', population });
  });
  const byCode = new Map(rows.map((r) => [r.code, r]));
  for (const r of rows) {
    if (!isUnitType(r.type)) continue;
    const parentType: UnitType = r.parentCode ? (byCode.get(r.parentCode)?.type ?? ('?' as UnitType)) : 'thanh_pho';
    if (r.parentCode && !byCode.has(r.parentCode)) {
      // The parent may already be in the database; checked during import.
      continue;
    }
    if (!allowedParentTypes(r.type).includes(parentType)) {
      problems.push(`line ${r.line}: a ${r.type} cannot be placed under a ${parentType}`);
    }
  }
  if (problems.length) throw new UnitCsvError(problems);
  return rows;
}

/** Inserts new units and renames existing ones (by code). Returns how many were inserted. */
export async function importUnits(db: Kysely<DB>, config: Pick<Config, 'cityCode' | 'cityName'>, rows: UnitCsvRow[]) {
  return db.transaction().execute(async (trx) => {
    let city = await cityUnit(trx);
    if (!city) city = await insertUnit(trx, { code: config.cityCode, name: config.cityName, type: 'thanh_pho', parent: undefined });
    let inserted = 0;
    let updated = 0;
    const pending = [...rows];
    const problems: string[] = [];
    // Parents first: repeat passes until every row whose parent exists is placed.
    while (pending.length) {
      const before = pending.length;
      for (let i = 0; i < pending.length; i++) {
        const r = pending[i];
        const parent: UnitRow | undefined = r.parentCode ? await unitByCode(trx, r.parentCode) : city;
        if (!parent) continue;
        if (!allowedParentTypes(r.type).includes(parent.type as UnitType)) {
          problems.push(`line ${r.line}: a ${r.type} cannot be placed under a ${parent.type}`);
        }
        const existing = await unitByCode(trx, r.code);
        if (existing) {
          if (existing.name !== r.name || existing.population !== r.population) {
            await updateUnit(trx, existing.id, { name: r.name, population: r.population });
            updated++;
          }
        } else {
          await insertUnit(trx, { code: r.code, name: r.name, type: r.type, parent, population: r.population });
          inserted++;
        }
        pending.splice(i, 1);
        i--;
      }
      if (pending.length === before) {
        for (const r of pending) problems.push(`line ${r.line}: parent_code "${r.parentCode}" is not a known unit`);
        break;
      }
    }
    if (problems.length) throw new UnitCsvError(problems);
    return { inserted, updated };
  });
}

/** First start: load the configured unit list when the tree is empty. */
export async function ensureUnitsLoaded(db: Kysely<DB>, config: Config): Promise<number> {
  if ((await countUnits(db)) > 0) return 0;
  const rows = parseUnitsCsv(fs.readFileSync(config.unitsCsv, 'utf8'));
  const { inserted } = await importUnits(db, config, rows);
  return inserted + 1;
}
