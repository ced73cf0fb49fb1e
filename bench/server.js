'use strict';
// One app variant listening on a free port, for bench/http.js:
//   app          the real Jifen app (Fastify, guard, helmet, metrics; logs silent)
//   app-noaudit  the same with AuditService.record replaced by a no-op (to price auditing)
//   app-norevocation  the same with the guard's revocation check replaced by the user's
//                grants as first seen (what trusting the token's roles until expiry costs)
//   fastify      the health controllers in a bare Nest app on the Fastify adapter
//   express      the same bare app on the Express adapter
require('reflect-metadata');
const pino = require('pino');

async function main() {
  const variant = process.argv[2];
  const url = process.env.BENCH_DATABASE_URL;
  const logger = pino({ level: 'silent' });
  const config = {
    databaseUrl: url,
    port: 0,
    dataDir: '/nonexistent',
    jwtSecret: 'bench-secret-bench-secret-bench-secret',
    corsOrigins: [],
    logLevel: 'silent',
    piiKey: 'bench-pii-key-bench-pii-key-bench-pii',
    bootstrapAdmin: { username: 'bench', password: 'bench-password-123' },
  };
  let app;
  if (variant === 'app' || variant === 'app-noaudit' || variant === 'app-norevocation') {
    const { createApp } = require('../dist/app.factory');
    app = await createApp({ config, databaseUrl: url, logger });
    if (variant === 'app-noaudit') {
      const { AuditService } = require('../dist/audit/audit.service');
      app.get(AuditService).record = async () => undefined;
    }
    if (variant === 'app-norevocation') {
      const { AccessState } = require('../dist/auth/access-state');
      const access = app.get(AccessState);
      const check = access.check.bind(access);
      const first = new Map();
      access.check = async (userId, sessionId) => first.get(userId) ?? first.set(userId, await check(userId, sessionId)).get(userId);
    }
  } else {
    const { NestFactory } = require('@nestjs/core');
    const { Module } = require('@nestjs/common');
    const { DatabaseModule } = require('../dist/database/database.module');
    const { ConfigModule } = require('../dist/core/config/config.module');
    const { HealthController } = require('../dist/health/health.controller');
    class BareModule {}
    Module({ imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot({ url, logger, connect: true })], controllers: [HealthController] })(BareModule);
    let adapter;
    if (variant === 'fastify') {
      const { FastifyAdapter } = require('@nestjs/platform-fastify');
      adapter = new FastifyAdapter();
    } else {
      const { ExpressAdapter } = require('@nestjs/platform-express');
      adapter = new ExpressAdapter();
    }
    app = await NestFactory.create(BareModule, adapter, { logger: false });
  }
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
