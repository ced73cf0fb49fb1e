import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CatalogueModule } from './catalogue/catalogue.module';
import { ProblemFilter } from './core/errors/problem.filter';
import { AppConfig } from './core/config/config';
import { ConfigModule } from './core/config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExpiryModule } from './expiry/expiry.module';
import { HealthModule } from './health/health.module';
import { LedgerModule } from './ledger/ledger.module';
import { RedemptionsModule } from './redemptions/redemptions.module';
import { ReportsModule } from './reports/reports.module';
import { ResidentsModule } from './residents/residents.module';
import { UsersModule } from './users/users.module';
import { VillagesModule } from './villages/villages.module';
import { TownshipsModule } from './townships/townships.module';
import { RulesModule } from './rules/rules.module';
import { PanelsModule } from './panels/panels.module';
import { ScoringModule } from './scoring/scoring.module';
import { MeModule } from './me/me.module';

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  logger: Logger;
  /** false: no database connection (OpenAPI generation). */
  connect: boolean;
  extraModules?: (Type | DynamicModule)[];
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(options.config),
        DatabaseModule.forRoot({
          url: options.databaseUrl,
          logger: options.logger,
          connect: options.connect,
          replicaUrls: options.config.replicaUrls,
          replicaMaxLagMs: options.config.replicaMaxLagMs,
        }),
        AuditModule,
        AuthModule,
        UsersModule,
        HealthModule,
        TownshipsModule,
        VillagesModule,
        LedgerModule,
        ResidentsModule,
        CatalogueModule,
        RedemptionsModule,
        ReportsModule,
        ExpiryModule,
        RulesModule,
        PanelsModule,
        ScoringModule,
        MeModule,
        ...(options.extraModules ?? []),
      ],
      providers: [{ provide: APP_FILTER, useFactory: () => new ProblemFilter(options.logger) }],
    };
  }
}
