import { DataSource, DataSourceOptions, Logger as TypeOrmLogger } from 'typeorm';
import type { Logger } from 'pino';
import { GuardedClient } from '../core/database/guarded-client';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export interface DatabaseOptions {
  url: string;
  /** Upper bound of pooled connections per API process. */
  poolSize?: number;
  logger?: Logger;
  applicationName?: string;
}

/** Forwards TypeORM's warnings and errors to pino; queries are not logged (they may hold personal data). */
class PinoTypeOrmLogger implements TypeOrmLogger {
  constructor(private readonly logger: Logger) {}
  logQuery(): void {}
  logQueryError(error: string | Error): void {
    this.logger.debug({ err: error }, 'query failed');
  }
  logQuerySlow(time: number): void {
    this.logger.warn({ durationMs: time }, 'slow query');
  }
  logSchemaBuild(): void {}
  logMigration(message: string): void {
    this.logger.info({ context: 'migrations' }, message);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn({ context: 'typeorm' }, String(message));
  }
}

export function dataSourceOptions(options: DatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    installExtensions: false,
    uuidExtension: 'pgcrypto',
    maxQueryExecutionTime: 1000,
    logger: options.logger ? new PinoTypeOrmLogger(options.logger) : undefined,
    poolErrorHandler: (error: Error) => options.logger?.warn({ err: error }, 'idle database connection lost'),
    extra: {
      max: options.poolSize ?? 20,
      Client: GuardedClient,
      // Fail fast when the database is down instead of queueing requests for minutes.
      connectionTimeoutMillis: 2_000,
      idleTimeoutMillis: 30_000,
      application_name: options.applicationName ?? 'jifen',
    },
  };
}

export function createDataSource(options: DatabaseOptions): DataSource {
  return new DataSource(dataSourceOptions(options));
}
