import { Client } from 'pg';
import type { Logger } from 'pino';
import { AppConfig } from '../core/config/config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded';
import { placeCluster } from './embedded-root';

export interface ResolvedDatabase {
  url: string;
  /** Set when Jifen started its own PostgreSQL; stop it after the app has closed. */
  embedded?: EmbeddedDatabase;
  /** For the start-up line: where the data lives. */
  location: string;
}

export const EMBEDDED_DATABASE = 'jifen';

/** DATABASE_URL when given; otherwise the embedded server in DATA_DIR, with a `jifen` database. */
export async function resolveDatabase(config: AppConfig, logger?: Logger): Promise<ResolvedDatabase> {
  if (config.databaseUrl) {
    const url = new URL(config.databaseUrl);
    return { url: config.databaseUrl, location: `${url.hostname}:${url.port || 5432}${url.pathname}` };
  }
  const place = placeCluster(config.dataDir, config.dataDirIsDefault ?? false);
  if (place.note) logger?.warn({ clusterDir: place.clusterDir }, place.note);
  const embedded = await startEmbeddedPostgres({ clusterDir: place.clusterDir, logger });
  try {
    const client = new Client({ connectionString: embedded.url });
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [EMBEDDED_DATABASE]);
      if (!rowCount) await client.query(`CREATE DATABASE ${EMBEDDED_DATABASE}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await embedded.stop();
    throw error;
  }
  const url = new URL(embedded.url);
  url.pathname = `/${EMBEDDED_DATABASE}`;
  return { url: url.toString(), embedded, location: place.note ? `${config.dataDir} (embedded PostgreSQL cluster in ${place.clusterDir})` : `${config.dataDir} (embedded PostgreSQL)` };
}
