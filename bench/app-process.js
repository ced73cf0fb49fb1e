'use strict';
// The real app in a child process of a bench script, so its RSS is its own: the script forks
// itself with --serve (serveApp), and measures the child through /proc (memoryOf) and its
// process.memoryUsage() (memoryUsageOf, answered by bench/memory-probe.js).
const { fork } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { unwrap } = require('@jifen/sdk');
const { bearerOf, imageNodeFlags, imageRuntimeEnv, sdkClient } = require('./support');

const JWT_SECRET = 'bench-secret-bench-secret-bench-secret';
const PII_KEY = 'bench-pii-key-bench-pii-key-bench-pii';
const ADMIN = { username: 'bench', password: 'bench-password-123' };

/** Child side: the app on BENCH_DATABASE_URL, its port sent to the parent. */
async function serveApp() {
  require('./memory-probe');
  require('reflect-metadata');
  const pino = require('pino');
  const { createApp } = require('../dist/app.factory');
  const url = process.env.BENCH_DATABASE_URL;
  const config = { databaseUrl: url, port: 0, dataDir: '/nonexistent', jwtSecret: JWT_SECRET, corsOrigins: [], logLevel: 'silent', piiKey: PII_KEY, bootstrapAdmin: ADMIN };
  const app = await createApp({ config, databaseUrl: url, logger: pino({ level: 'silent' }) });
  await app.listen(0, '127.0.0.1');
  process.send({ port: app.getHttpServer().address().port });
  process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
}

/** Parent side: forks `script` with --serve on the database `url`. */
function startAppProcess(script, url) {
  return new Promise((resolve, reject) => {
    const child = fork(script, ['--serve'], { execArgv: imageNodeFlags(), env: { ...process.env, ...imageRuntimeEnv(), BENCH_DATABASE_URL: url }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', (msg) =>
      resolve({ port: msg.port, pid: child.pid, child, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }),
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

/** The child's process.memoryUsage() in MiB (heapUsed, heapTotal, external, rss), or null when it does not answer within 2 s. */
function memoryUsageOf(child, extra = {}) {
  return new Promise((resolve) => {
    const probe = Math.random();
    const timer = setTimeout(() => done(null), 2000);
    const onMessage = (m) => m && m.probe === probe && done({ ...m.memory, file: m.file });
    function done(value) {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(value);
    }
    child.on('message', onMessage);
    child.send({ probe, ...extra }, (error) => error && done(null));
  });
}

/** An SDK client of a user with these grants (the bootstrap admin for admin), logged in on the bench server. */
async function clientFor(port, grants) {
  const base = `http://127.0.0.1:${port}`;
  const admin = await sdkClient(base, ADMIN.username, ADMIN.password);
  if (grants.some((g) => g.role === 'admin')) return admin;
  const username = `b${randomUUID().slice(0, 8)}`;
  const password = `pw-${randomUUID()}`;
  unwrap(await admin.POST('/v1/users', { body: { username, password, displayName: 'bench', roles: grants } }));
  return sdkClient(base, username, password);
}

/** The authorization header value of such a user, for requests the SDK does not make (streamed uploads). */
async function tokenFor(port, grants) {
  return (await bearerOf(await clientFor(port, grants))).authorization;
}

/** Runs `main`, or serves the app when the script was forked with --serve. */
function serveOrRun(main) {
  (process.argv.includes('--serve') ? serveApp() : main()).catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { PII_KEY, startAppProcess, memoryOf, memoryUsageOf, clientFor, tokenFor, serveOrRun };
