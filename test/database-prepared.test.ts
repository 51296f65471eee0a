/** prepared(): a marked statement runs as a named prepared statement on PostgreSQL; on SQLite it simply runs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openDatabase, prepared } from '../src/db/database.js';
const testDatabaseUrl = process.env.TEST_DATABASE_URL || undefined;

test('a statement marked prepared gives the same rows and, on PostgreSQL, is prepared once per connection', async () => {
  const database = testDatabaseUrl ? openDatabase({ databaseUrl: testDatabaseUrl, poolSize: 1 }) : openDatabase({ sqliteFile: ':memory:' });
  try {
    const query = sql<{ n: number }>`select cast(${20} as integer) + cast(${22} as integer) as n`.compile(database.db);
    for (let i = 0; i < 3; i++) assert.equal(Number((await database.db.executeQuery(prepared(query))).rows[0].n), 42);
    if (database.dialect === 'postgres') {
      // One connection in the pool: the session that prepared it is the one asked.
      const names = (await sql<{ name: string }>`select name from pg_prepared_statements`.execute(database.db)).rows.map((r) => r.name);
      assert.equal(names.filter((n) => n.startsWith('kns_')).length, 1, `prepared once: ${names.join(', ')}`);
    }
  } finally {
    await database.close();
  }
});
