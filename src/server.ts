/** Entry point: `npm start`. Validates configuration, prepares the database, serves, shuts down gracefully. */
import { ConfigError, loadConfig, type Config } from './config.js';
import { buildApp } from './app.js';
import { databaseFor, prepareDatabase } from './bootstrap.js';
import { loadDemoData } from './demo.js';

let config: Config;
try {
  config = loadConfig();
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
  await prepareDatabase(database, config, app.log, (text) => console.log(text));
  await loadDemoData(database.db, config, app.log);
  await app.listen({ port: config.port, host: config.host });
} catch (err) {
  app.log.error({ err }, 'start failed');
  await database.close().catch(() => undefined);
  process.exit(1);
}

let closing = false;
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
