import 'reflect-metadata';
import { createApp } from '../app.factory';
import { createLogger } from '../core/logger/logger';
import { ConfigError, loadConfig } from '../core/config/config';
import { runMigrations } from '../database/migrate';
import { resolveDatabase } from '../database/resolve';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './seed';

/** npm run seed:demo — creates the demo village 南林桥村 in an empty database. */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  const database = await resolveDatabase(config, logger);
  try {
    await runMigrations(database.url, logger);
    const app = await createApp({ config: { ...config, scheduler: false }, databaseUrl: database.url, logger });
    try {
      const started = Date.now();
      const { villageId } = await seedDemo(app);
      console.log(`demo village 南林桥村 (${villageId}) created in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      console.log(`log in as ${DEMO_USERS.villageAdmin}, ${DEMO_USERS.clerk}, ${DEMO_USERS.auditor} or ${DEMO_USERS.panel.join(', ')} with password ${DEMO_PASSWORD}`);
    } finally {
      await app.close();
    }
  } finally {
    await database.embedded?.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof ConfigError ? `jifen: invalid configuration: ${error.message}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
