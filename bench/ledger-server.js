'use strict';
// The real Jifen app in a child process for bench/ledger*.js, with a bootstrap admin so the
// bench can log in and act as a village_admin (auth, auditing and idempotency all on).
require('reflect-metadata');
const pino = require('pino');

async function main() {
  const url = process.env.BENCH_DATABASE_URL;
  const config = {
    databaseUrl: url,
    port: 0,
    dataDir: '/nonexistent',
    jwtSecret: 'bench-secret-bench-secret-bench-secret-0123456789',
    corsOrigins: [],
    logLevel: 'silent',
    piiKey: 'bench-pii-key-bench-pii-key-bench-pii-key',
    bootstrapAdmin: { username: 'benchadmin', password: 'bench-admin-password' },
  };
  const { createApp } = require(`${process.env.JIFEN_DIST ?? '../dist'}/app.factory`);
  const app = await createApp({ config, databaseUrl: url, logger: pino({ level: 'silent' }) });
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
