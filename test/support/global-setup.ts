import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMigrations } from '../../src/database/migrate';
import { startEmbeddedPostgres } from '../../src/database/embedded';
import { randomBytes } from 'node:crypto';
import { browserNotice } from './browser';
import { ensureWebBuilt } from './web-build';
import { ADMIN_URL_ENV, RUN_ENV, SUITE_DB_PREFIX, TEMPLATE_ENV, adminQuery, withDatabase } from './test-database';

type Teardown = () => Promise<void>;
declare global {
  var __JIFEN_TEARDOWN__: Teardown | undefined;
}

const RUNTIME_PROBE_MS = 5_000;

/** A Testcontainers PostgreSQL when a container runtime answers within seconds, else null. */
async function tryContainer(): Promise<{ url: string; stop: Teardown } | null> {
  if (process.env.JIFEN_TEST_NO_CONTAINERS === '1') return null;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('container runtime probe timed out')), RUNTIME_PROBE_MS).unref()),
    ]);
  } catch {
    return null;
  }
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:16-alpine')
    .withCommand(['postgres', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=300'])
    .start();
  return { url: withDatabase(container.getConnectionUri(), 'postgres'), stop: async () => void (await container.stop()) };
}

export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopServer: Teardown = async () => undefined;
  let source = 'TEST_DATABASE_URL';
  if (!adminUrl) {
    const container = await tryContainer();
    if (container) {
      adminUrl = container.url;
      stopServer = container.stop;
      source = 'Testcontainers';
    } else {
      const dir = mkdtempSync(join(tmpdir(), 'jifen-test-'));
      chmodSync(dir, 0o755); // as root, the postgres user must be able to enter it
      const embedded = await startEmbeddedPostgres({
        clusterDir: join(dir, 'pg'),
        persistent: false,
        // A throwaway cluster: durability off, room for parallel suites.
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', max_connections: '300' },
      });
      adminUrl = embedded.url;
      stopServer = async () => {
        await embedded.stop();
        rmSync(dir, { recursive: true, force: true });
      };
      source = 'embedded PostgreSQL';
    }
  }
  // Every database of this run starts with its own prefix, so concurrent runs on one server never touch each other's.
  const run = randomBytes(4).toString('hex');
  const template = `${SUITE_DB_PREFIX}${run}_template`;
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${template}`);
  await adminQuery(adminUrl, `CREATE DATABASE ${template}`);
  await runMigrations(withDatabase(adminUrl, template));
  process.env[ADMIN_URL_ENV] = adminUrl;
  process.env[TEMPLATE_ENV] = template;
  process.env[RUN_ENV] = run;
  process.stdout.write(`\ne2e database: ${source}, template ${template}\n`);
  // The API serves the built web app at /app/; the browser suites need a browser.
  ensureWebBuilt();
  const notice = browserNotice();
  if (notice) process.stdout.write(`${notice}\n`);

  globalThis.__JIFEN_TEARDOWN__ = async () => {
    // Drop this run's databases (a shared server keeps nothing behind), then stop what we started.
    const { Client } = await import('pg');
    const client = new Client({ connectionString: adminUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, [
        `${SUITE_DB_PREFIX}${run}_`,
      ]);
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
    await stopServer();
  };
}
