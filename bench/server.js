'use strict';
// One app variant listening on a free port, for bench/http.js:
//   app      the real Jifen app (Fastify, with its hooks, helmet, metrics, logging off)
//   fastify  the same controllers in a bare Nest app on the Fastify adapter
//   express  the same controllers in a bare Nest app on the Express adapter
require('reflect-metadata');
const pino = require('pino');

async function main() {
  const variant = process.argv[2];
  const url = process.env.BENCH_DATABASE_URL;
  const logger = pino({ level: 'silent' });
  const config = { databaseUrl: url, port: 0, dataDir: '/nonexistent', jwtSecret: 'bench-secret-bench-secret-bench-secret', corsOrigins: [], logLevel: 'silent', piiKey: 'bench-pii-key-bench-pii-key-bench-pii', bootstrapAdmin: null };
  let app;
  if (variant === 'app') {
    const { createApp } = require('../dist/app.factory');
    app = await createApp({ config, databaseUrl: url, logger });
  } else {
    const { NestFactory } = require('@nestjs/core');
    const { Module } = require('@nestjs/common');
    const { DatabaseModule } = require('../dist/database/database.module');
    const { ConfigModule } = require('../dist/config/config.module');
    const { HealthModule } = require('../dist/health/health.module');
    const { VillagesModule } = require('../dist/villages/villages.module');
    const { createValidationPipe } = require('../dist/common/validation');
    class BareModule {}
    Module({
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot({ url, logger, connect: true }), HealthModule, VillagesModule],
    })(BareModule);
    let adapter;
    if (variant === 'fastify') {
      const { FastifyAdapter } = require('@nestjs/platform-fastify');
      adapter = new FastifyAdapter();
    } else {
      const { ExpressAdapter } = require('@nestjs/platform-express');
      adapter = new ExpressAdapter();
    }
    app = await NestFactory.create(BareModule, adapter, { logger: false });
    app.useGlobalPipes(createValidationPipe());
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  process.send({ port: address.port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
