/** `npm run units:import -- path/to/units.csv`: load or update a province's units (see docs/units-csv.md). */
import fs from 'node:fs';
import { loadConfig } from '../../config.js';
import { databaseFor } from '../../bootstrap.js';
import { migrateToLatest } from '../../db/migrate.js';
import { UnitCsvError, importUnits, parseUnitsCsv } from './loader.js';

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run units:import -- <units.csv>');
  process.exit(2);
}
const config = loadConfig();
const database = databaseFor(config);
try {
  await migrateToLatest(database);
  const rows = parseUnitsCsv(fs.readFileSync(file, 'utf8'));
  const { inserted, updated } = await importUnits(database.db, config, rows);
  console.log(`Units imported from ${file}: ${inserted} added, ${updated} updated.`);
} catch (err) {
  console.error(err instanceof UnitCsvError ? err.message + '\nNothing was changed.' : err);
  process.exitCode = 1;
} finally {
  await database.close();
}
