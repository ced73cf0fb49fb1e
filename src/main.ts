import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createApp } from './app.factory';
import { createLogger } from './core/logger/logger';
import { AppConfig, exampleSecrets, loadConfig } from './core/config/config';
import { StartupContext, startupFailureLine } from './core/config/startup-error';
import { runMigrations } from './database/migrate';
import { ResolvedDatabase, resolveDatabase } from './database/resolve';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from './demo/seed';
import { Village } from './villages/village.entity';

/** `npm start -- --demo`: the demo village on an empty database; an existing one is kept. */
async function seedDemoIfEmpty(app: Awaited<ReturnType<typeof createApp>>, logger: ReturnType<typeof createLogger>): Promise<void> {
  if ((await app.get(DataSource).getRepository(Village).count()) > 0) {
    logger.info('--demo: the database already has villages; not seeding');
    return;
  }
  logger.info('--demo: creating the demo village 南林桥村 ...');
  await seedDemo(app);
  logger.info(`--demo: log in as ${DEMO_USERS.villageAdmin}, ${DEMO_USERS.clerk} or ${DEMO_USERS.auditor} with password ${DEMO_PASSWORD}`);
}

/** How long SIGTERM waits for in-flight requests before closing anyway. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** One line naming what to change, exit code 1: how every start-up failure ends. */
function failStartup(error: unknown, context: StartupContext, logger?: ReturnType<typeof createLogger>): never {
  logger?.debug({ err: error }, 'start-up failed');
  process.stderr.write(`${startupFailureLine(error, context)}\n`);
  process.exit(1);
}

async function main(): Promise<void> {
  const startedAt = Date.now();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    failStartup(error, { step: 'config' });
  }
  const logger = createLogger(config.logLevel);
  const published = exampleSecrets(config);
  if (published.length) {
    logger.warn(
      { variables: published },
      `${published.join(', ')} still hold the example values published in .env.example: anyone who read that file can sign in or forge tokens; set your own (openssl rand -base64 48; for PII_KEY on a database with residents, see npm run pii:rotate)`,
    );
  }
  const context: StartupContext = { step: 'database', port: config.port, databaseUrl: config.databaseUrl };
  let database: ResolvedDatabase;
  try {
    database = await resolveDatabase(config, logger);
  } catch (error) {
    failStartup(error, context, logger);
  }

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string, exitCode = 0) => {
    if (closing) return;
    logger.info({ signal }, 'shutting down: draining requests, then closing the database');
    const force = setTimeout(() => {
      logger.error('shutdown timed out; exiting');
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS + 5_000);
    force.unref();
    closing = (async () => {
      try {
        await app?.close();
      } finally {
        await database.embedded?.stop();
      }
    })().then(
      () => process.exit(exitCode),
      (error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const ran = await runMigrations(database.url, logger);
    if (ran.length) logger.info({ migrations: ran }, `applied ${ran.length} migration(s)`);
    context.step = 'app';
    app = await createApp({ config, databaseUrl: database.url, logger });
    if (process.argv.includes('--demo')) await seedDemoIfEmpty(app, logger);
    context.step = 'listen';
    await app.listen({ port: config.port, host: '0.0.0.0' });
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.embedded?.stop().catch(() => undefined);
    failStartup(error, context, logger);
  }
  const base = `http://localhost:${config.port}`;
  logger.info(
    { dataDir: database.embedded ? config.dataDir : undefined, startupMs: Date.now() - startedAt },
    `Jifen API listening on ${base}; API docs at ${base}/docs; data in ${database.location}`,
  );
}

void main();
