import type { Logger } from 'pino';
import { createDataSource } from './data-source';

/** One advisory lock for the whole schema: API processes starting together migrate one at a time. */
const MIGRATION_LOCK = 7_311_947_001;

/** Runs pending migrations; returns the names of those that ran. */
export async function runMigrations(url: string, logger?: Logger): Promise<string[]> {
  const dataSource = createDataSource({ url, logger, poolSize: 2, applicationName: 'jifen-migrate' });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    return ran.map((m) => m.name);
  } finally {
    await runner.release();
    await dataSource.destroy();
  }
}
