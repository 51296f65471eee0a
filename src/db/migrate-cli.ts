/** `npm run migrate`: apply migrations to the configured database, then exit. */
import { loadConfig } from '../config.js';
import { databaseFor } from '../bootstrap.js';
import { migrateToLatest } from './migrate.js';

const config = loadConfig();
const database = databaseFor(config);
const applied = await migrateToLatest(database);
console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'Database is up to date.');
await database.close();
