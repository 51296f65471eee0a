/**
 * One Kysely instance over SQLite (embedded default, WAL) or PostgreSQL (DATABASE_URL).
 * Both return timestamps as ISO-8601 strings and counts as numbers, so code above never
 * needs to know which database it runs on.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql } from 'kysely';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** The PostgreSQL schema in use when not the default one (tests). */
  schema?: string;
  close(): Promise<void>;
}

let pgParsersSet = false;
function setPgParsers(): void {
  if (pgParsersSet) return;
  pgParsersSet = true;
  // int8 (count(*), sum) as number; our counts stay far below 2^53.
  pg.types.setTypeParser(20, (v) => Number(v));
  pg.types.setTypeParser(1700, (v) => Number(v));
  // timestamptz / timestamp as ISO strings, the same shape SQLite stores.
  pg.types.setTypeParser(1184, (v) => new Date(v).toISOString());
  pg.types.setTypeParser(1114, (v) => new Date(v + 'Z').toISOString());
}

export interface OpenOptions {
  databaseUrl?: string;
  /** SQLite file path, or ':memory:'. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (tests use one fresh schema each). */
  pgSchema?: string;
  poolSize?: number;
}

export function openDatabase(opts: OpenOptions): Database {
  if (opts.databaseUrl) {
    setPgParsers();
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // JIT off: the platform's queries are short lookups and grouped counts over indexes, for which PostgreSQL's
      // JIT compilation costs more than it saves (the city dashboard at full scale: docs/benchmarks.md, Reporting).
      options: ['-c jit=off', ...(opts.pgSchema ? [`-c search_path=${opts.pgSchema}`] : [])].join(' '),
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: withPreparedStatements(pool) }) });
    return { db, dialect: 'postgres', schema: opts.pgSchema, close: () => db.destroy() };
  }
  const file = opts.sqliteFile ?? ':memory:';
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}

/** SQL texts run as named prepared statements on PostgreSQL (see `prepared`). */
const preparedTexts = new Map<string, string>();

/**
 * Marks a compiled query's SQL as one to run as a named prepared statement on PostgreSQL: parsed and planned once
 * per connection instead of at every run — for the few hot statements (a contest answer save) whose planning costs
 * as much as their execution. Only for statements whose result columns never change (UPDATE without RETURNING,
 * or a fixed select list): a prepared SELECT * would break after a migration adds a column. At most 100 texts.
 */
export function prepared<T extends { sql: string }>(compiled: T): T {
  if (!preparedTexts.has(compiled.sql)) {
    if (preparedTexts.size >= 100) return compiled;
    preparedTexts.set(compiled.sql, 'kns_' + crypto.createHash('sha1').update(compiled.sql).digest('hex').slice(0, 20));
  }
  return compiled;
}

/** Wraps the pool so that queries whose text was marked by `prepared` run as named statements. */
function withPreparedStatements(pool: pg.Pool): pg.Pool {
  const connect = pool.connect.bind(pool);
  const wrapped = Object.create(pool) as pg.Pool;
  (wrapped as { connect: unknown }).connect = async () => {
    const client = await connect();
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    return new Proxy(client, {
      get(target, prop, receiver) {
        if (prop !== 'query') return Reflect.get(target, prop, receiver);
        return (text: unknown, values?: unknown[]) => {
          const name = typeof text === 'string' ? preparedTexts.get(text) : undefined;
          return name ? query({ name, text, values }) : query(text, values);
        };
      },
    });
  };
  wrapped.end = pool.end.bind(pool);
  return wrapped;
}

/**
 * Kysely prepares a statement for every query; better-sqlite3 then compiles the SQL each time, which
 * can cost more than running it. This keeps the most recent 500 statements, by SQL text (parameters are
 * bound at each run). Safe because Kysely uses the one connection for one query at a time.
 */
function withStatementCache(sqlite: SQLite.Database, size = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string): SQLite.Statement {
      const hit = cache.get(sqlText);
      if (hit) {
        // Most recently used last: the first entry is the one to drop.
        cache.delete(sqlText);
        cache.set(sqlText, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sqlText);
      cache.set(sqlText, stmt);
      if (cache.size > size) cache.delete(cache.keys().next().value as string);
      return stmt;
    },
  };
}

export async function ping(db: Kysely<DB>): Promise<void> {
  await sql`select 1`.execute(db);
}

export function nowIso(): string {
  return new Date().toISOString();
}

/** Whether this connection (or transaction) talks to PostgreSQL: for the few statements written per dialect. */
export const isPostgres = (db: Pick<Kysely<DB>, 'getExecutor'>): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * A unique (or primary key) constraint refused the write: PostgreSQL's 23505, SQLite's SQLITE_CONSTRAINT_UNIQUE or
 * _PRIMARYKEY. The one test of it in the code base: callers turn it into "already there" (a double submit, a second
 * start, a duplicate registration).
 */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
