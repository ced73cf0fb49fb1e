import { Global, Inject, Module, OnApplicationShutdown, Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { createDataSource } from './data-source';

export const LOGGER = Symbol('LOGGER');

export interface DatabaseModuleOptions {
  url: string;
  logger: Logger;
  poolSize?: number;
  /** false: build the metadata without connecting (OpenAPI generation needs no database). */
  connect: boolean;
}

class DataSourceCloser implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
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
    return {
      module: DatabaseModule,
      providers: [dataSourceProvider, { provide: LOGGER, useValue: options.logger }, DataSourceCloser],
      exports: [DataSource, LOGGER],
    };
  }
}
