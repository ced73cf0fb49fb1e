'use strict';
// The real Jifen app for bench/ledger*.js, with a bootstrap admin so the bench can log in
// and act as a village_admin (auth, auditing and idempotency all on). BENCH_API_WORKERS > 1
// runs that many app processes on one port (node:cluster), as one would deploy on N cores.
require('reflect-metadata');
const cluster = require('node:cluster');
const pino = require('pino');

const WORKERS = Number(process.env.BENCH_API_WORKERS ?? 1);

async function serve() {
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
    // bench:replica: the read-only routes on these streaming replicas.
    replicaUrls: process.env.BENCH_REPLICA_URLS ? process.env.BENCH_REPLICA_URLS.split(',') : [],
  };
  const { createApp } = require(`${process.env.JIFEN_DIST ?? '../dist'}/app.factory`);
  const app = await createApp({ config, databaseUrl: url, logger: pino({ level: 'silent' }) });
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

async function primary() {
  const workers = [];
  const ports = [];
  for (let i = 0; i < WORKERS; i++) {
    const worker = cluster.fork();
    workers.push(worker);
    ports.push(new Promise((resolve) => worker.once('message', (msg) => resolve(msg.port))));
    // Let the first worker create the bootstrap admin before the others start.
    if (i === 0) await ports[0];
  }
  const all = await Promise.all(ports);
  process.send({ port: all[0] });
  process.on('SIGTERM', () => {
    for (const w of workers) w.kill('SIGTERM');
    Promise.all(workers.map((w) => new Promise((r) => (w.isDead() ? r() : w.once('exit', r))))).then(() => process.exit(0));
  });
}

(WORKERS > 1 && cluster.isPrimary ? primary() : serve()).catch((error) => {
  console.error(error);
  process.exit(1);
});
