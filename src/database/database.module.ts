import { Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { LOGGER } from '../core/logger/logger';
import { createDataSource } from './data-source';
import { ReadRouter } from '../core/database/replicas/read-router';
import { ReplicaReadInterceptor } from '../core/database/replicas/replica-read';

export interface DatabaseModuleOptions {
  url: string;
  logger: Logger;
  poolSize?: number;
  /** Streaming replicas for the read-only routes (@ReplicaRead). */
  replicaUrls?: string[];
  replicaMaxLagMs?: number;
  /** false: build the metadata without connecting (OpenAPI generation needs no database). */
  connect: boolean;
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(ReadRouter) private readonly router: ReadRouter,
  ) {}
  async onApplicationShutdown(): Promise<void> {
    await this.router.stop();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

/** The one DataSource of the process; modules inject it and open their own transactions. */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(options: DatabaseModuleOptions) {
    const dataSourceProvider: Provider = {
      provide: DataSource,
      useFactory: async () => {
        const dataSource = createDataSource({ url: options.url, logger: options.logger, poolSize: options.poolSize });
        if (options.connect) await dataSource.initialize();
        return dataSource;
      },
    };
    const routerProvider: Provider = {
      provide: ReadRouter,
      inject: [DataSource],
      useFactory: async (dataSource: DataSource) => {
        const router = new ReadRouter(dataSource, {
          replicaUrls: options.connect ? (options.replicaUrls ?? []) : [],
          maxLagMs: options.replicaMaxLagMs ?? 2_000,
          poolSize: options.poolSize,
          logger: options.logger,
        });
        await router.start();
        return router;
      },
    };
    return {
      module: DatabaseModule,
      providers: [dataSourceProvider, routerProvider, ReplicaReadInterceptor, { provide: LOGGER, useValue: options.logger }, DataSourceCloser],
      exports: [DataSource, ReadRouter, ReplicaReadInterceptor, LOGGER],
    };
  }
}
