/**
 * Benchmark 4, durability: the contest burst (bench/contest-burst.ts) with the server killed by SIGKILL
 * (kill -9) BENCH_KILL_AFTER_S seconds (default 5) into the burst and restarted at once on the same port and
 * database. The loader sends requests that failed on a connection error again every 250 ms until the server is
 * back; afterwards every answer that got a 200 must be in the database, as chosen. Same knobs as the burst.
 *
 *   node --import tsx bench/contest-durability.ts               # SQLite (WAL)
 *   createdb -h 127.0.0.1 -U postgres kns_bench_kill
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/kns_bench_kill node --import tsx bench/contest-durability.ts
 *   dropdb -h 127.0.0.1 -U postgres kns_bench_kill
 */
process.env.BENCH_KILL_AFTER_S ||= '5';
await import('./contest-burst.js');
