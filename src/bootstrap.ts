/**
 * What happens before the app serves: migrations, the unit tree on first start, and the first
 * city administrator (from ADMIN_EMAIL/ADMIN_PASSWORD, or a one-time setup link). No default password exists.
 */
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { ensureUnitsLoaded } from './modules/units/loader.js';
import { ensureCityAdmin } from './modules/accounts/first-admin.js';
import { ensureLearningReference } from './modules/courses/reference-data.js';

export function databaseFor(config: Config): Database {
  return config.databaseUrl
    ? openDatabase({ databaseUrl: config.databaseUrl })
    : openDatabase({ sqliteFile: path.join(config.dataDir, 'kynangso.sqlite') });
}

export async function prepareDatabase(
  database: Database,
  config: Config,
  log: Pick<FastifyBaseLogger, 'info' | 'warn'>,
  announce?: (text: string) => void,
) {
  const applied = await migrateToLatest(database);
  if (applied.length) log.info({ applied }, 'migrations applied');
  const loaded = await ensureUnitsLoaded(database.db, config);
  if (loaded) log.info({ units: loaded }, 'unit tree loaded from ' + path.basename(config.unitsCsv));
  const reference = await ensureLearningReference(database.db);
  if (reference.competences || reference.themes) log.info(reference, 'digital competences and learning themes loaded');
  await ensureCityAdmin(database.db, config, log, announce);
}
