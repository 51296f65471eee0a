/**
 * Entry point: `npm start`. Validates configuration, prepares the database, serves, shuts down gracefully.
 * With WEB_CONCURRENCY > 1 this process prepares the database, then runs that many app processes (src/cluster.ts).
 */
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { databaseFor, prepareDatabase } from './bootstrap.js';
import { loadDemoData } from './demo.js';
import { rebuildBasicSkills } from './modules/skills/basic-skills-attained.js';
import { isWorker, runPrimary, webConcurrency } from './cluster.js';

let config: Config;
let workers: number;
try {
  config = loadConfig();
  workers = webConcurrency();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

const database = databaseFor(config);
const app = await buildApp({ config, database });
try {
  // A cluster's workers (WEB_CONCURRENCY > 1) start once the primary has prepared the database.
  if (!isWorker()) {
    await prepareDatabase(database, config, app.log, (text) => console.log(text));
    await loadDemoData(database.db, config, app.log);
    // Who meets the basic-skills rule, materialized: built when never built, or built for another rule.
    if (await rebuildBasicSkills(database.db)) app.log.info('basic digital skills table rebuilt for the saved rule');
  }
  if (workers > 1 && !isWorker()) {
    await app.close();
    await database.close();
    runPrimary(workers, app.log);
  } else {
    await app.listen({ port: config.port, host: config.host });
  }
} catch (err) {
  app.log.error({ err }, 'start failed');
  await database.close().catch(() => undefined);
  process.exit(1);
}

let closing = workers > 1 && !isWorker(); // the primary's own handlers are in runPrimary
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app
      .close()
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((err) => {
        app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  });
}
