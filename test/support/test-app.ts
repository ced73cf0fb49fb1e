import { DynamicModule, Type } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino, { Logger } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/core/config/config';
import { checkedHttp } from './contract/checked-http';
import { ContractChecker, templateMatches, templateSegments } from './contract/checker';
import { listRoutes, openApiPath } from './routes';
import { createSuiteDatabase, dropDatabase } from './test-database';

export const TEST_CONFIG: AppConfig = {
  databaseUrl: null,
  port: 0,
  dataDir: '/nonexistent',
  jwtSecret: 'test-secret-test-secret-test-secret-0123456789',
  corsOrigins: ['https://admin.example.org'],
  logLevel: 'silent',
  piiKey: 'test-pii-key-test-pii-key-test-pii-key-0123',
  bootstrapAdmin: { username: 'root', password: 'root-password-for-tests' },
  scheduler: false,
};

export interface TestApp {
  app: NestFastifyApplication;
  /** supertest on the app; every response is checked against the committed OpenAPI document. */
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Point the app at this URL instead of a fresh suite database (e.g. through a proxy). */
  databaseUrl?: string;
  extraModules?: (Type | DynamicModule)[];
  config?: Partial<AppConfig>;
  /** The app's logger (default: silent, or JIFEN_TEST_LOG's level). */
  logger?: Logger;
}

/** The real HTTP app on this suite's own database. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const databaseUrl = options.databaseUrl ?? (await createSuiteDatabase());
  const app = await createApp({
    config: { ...TEST_CONFIG, ...options.config },
    databaseUrl,
    logger: options.logger ?? pino({ level: process.env.JIFEN_TEST_LOG ?? 'silent' }),
    extraModules: options.extraModules,
  });
  await app.getHttpAdapter().getInstance().ready();
  const http = contractCheckedHttp(app);
  return {
    app,
    http,
    dataSource: app.get(DataSource),
    databaseUrl,
    close: async () => {
      await app.close();
      if (!options.databaseUrl) await dropDatabase(databaseUrl);
    },
  };
}

let checker: ContractChecker | undefined;

/** supertest on the app, checking every response against the committed document; the app's routes that are not in it (Swagger UI, the web app under /app, test-only controllers) are left out. */
function contractCheckedHttp(app: NestFastifyApplication): ReturnType<typeof request> {
  checker ??= new ContractChecker();
  const contract = checker;
  const extra = listRoutes(app)
    .map((r) => ({ method: r.method, template: openApiPath(r.path) }))
    .filter((r) => !contract.documents(r.method, r.template))
    .map((r) => ({ method: r.method, segments: templateSegments(r.template) }));
  const outside = (method: string, path: string) =>
    /^\/(docs|openapi\.(json|yaml)|app)(\/|$)/.test(path) || extra.some((r) => (r.method === method || (method === 'HEAD' && r.method === 'GET')) && templateMatches(r.segments, path));
  return checkedHttp(request(app.getHttpServer()), contract, outside);
}
