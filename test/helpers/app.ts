/**
 * The test app: the real application on a fresh database — in-memory SQLite by default, or a fresh
 * PostgreSQL schema when TEST_DATABASE_URL is set (CI runs the suite both ways).
 */
import crypto from 'node:crypto';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/db/database.js';
import { prepareDatabase } from '../../src/bootstrap.js';
import { buildApp } from '../../src/app.js';
import type { MessagePort, OutgoingMessage } from '../../src/core/messaging.js';

export class CapturedMessages implements MessagePort {
  readonly sent: OutgoingMessage[] = [];
  async send(message: OutgoingMessage) {
    this.sent.push(message);
  }
  last(): OutgoingMessage | undefined {
    return this.sent[this.sent.length - 1];
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  messages: CapturedMessages;
  close(): Promise<void>;
}

const quiet = { info() {}, warn() {} };

/** Advisory lock key guarding test schema creation/migration (shared) against drops (exclusive). */
const SCHEMA_LOCK = 7_201_125;

export const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

/** A fresh, migrated database with the unit tree loaded; on PostgreSQL a schema of its own. */
export async function makeTestDatabase(config: Config): Promise<{ database: Database; drop(): Promise<void> }> {
  if (!testDatabaseUrl) {
    const database = openDatabase({ sqliteFile: ':memory:' });
    await prepareDatabase(database, config, quiet);
    return { database, drop: async () => undefined };
  }
  // Kysely's migrator lists every schema of the database and asks has_schema_privilege() of each; a schema
  // another test file drops at that moment makes that query fail ("schema … does not exist"). Migrations hold
  // a shared advisory lock, drops wait for the exclusive one, so the two never overlap.
  const schema = 't_' + crypto.randomBytes(6).toString('hex');
  const guard = new pg.Client({ connectionString: testDatabaseUrl });
  await guard.connect();
  let database: Database;
  try {
    await guard.query('select pg_advisory_lock_shared($1)', [SCHEMA_LOCK]);
    await guard.query(`create schema ${schema}`);
    database = openDatabase({ databaseUrl: testDatabaseUrl, pgSchema: schema, poolSize: 5 });
    await prepareDatabase(database, config, quiet);
  } finally {
    await guard.end(); // ending the session releases its advisory locks
  }
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: testDatabaseUrl });
      await c.connect();
      try {
        await c.query('select pg_advisory_lock($1)', [SCHEMA_LOCK]);
        await c.query(`drop schema ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE: '100000', ...env });
  const { database, drop } = await makeTestDatabase(config);
  const messages = new CapturedMessages();
  const app = await buildApp({ config, database, messages, logger: false });
  await app.ready();
  return {
    app,
    database,
    config,
    messages,
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
