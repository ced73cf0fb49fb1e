'use strict';
// The real app in a child process of a bench script, so its RSS is its own: the script forks
// itself with --serve (serveApp), and measures the child through /proc (memoryOf).
const { fork } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');

const JWT_SECRET = 'bench-secret-bench-secret-bench-secret';
const PII_KEY = 'bench-pii-key-bench-pii-key-bench-pii';

/** Child side: the app on BENCH_DATABASE_URL, its port sent to the parent. */
async function serveApp() {
  require('reflect-metadata');
  const pino = require('pino');
  const { createApp } = require('../dist/app.factory');
  const url = process.env.BENCH_DATABASE_URL;
  const config = { databaseUrl: url, port: 0, dataDir: '/nonexistent', jwtSecret: JWT_SECRET, corsOrigins: [], logLevel: 'silent', piiKey: PII_KEY, bootstrapAdmin: null };
  const app = await createApp({ config, databaseUrl: url, logger: pino({ level: 'silent' }) });
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

/** Parent side: forks `script` with --serve on the database `url`. */
function startAppProcess(script, url) {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--serve'], { env: { ...process.env, BENCH_DATABASE_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (msg) =>
      resolve({ port: msg.port, pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }),
    );
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/** Peak and current resident set size of a process, from /proc (Linux). */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)[1]);
  return { peakMb: Math.round(kb('VmHWM') / 1024), rssMb: Math.round(kb('VmRSS') / 1024) };
}

/** An access token with these grants, signed with the bench server's secret. */
function tokenFor(grants) {
  const { signAccessToken } = require('../dist/auth/jwt');
  const now = Math.floor(Date.now() / 1000);
  return `Bearer ${signAccessToken(JWT_SECRET, { sub: randomUUID(), name: 'bench', grants, iat: now, exp: now + 3600 })}`;
}

/** Runs `main`, or serves the app when the script was forked with --serve. */
function serveOrRun(main) {
  (process.argv.includes('--serve') ? serveApp() : main()).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { PII_KEY, startAppProcess, memoryOf, tokenFor, serveOrRun };
