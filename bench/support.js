'use strict';
// Shared helpers of the bench scripts: a database (DATABASE_URL or a throwaway embedded
// server), a child process serving the app, and autocannon runs.
const { fork } = require('node:child_process');
const { chmodSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { createJifenClient } = require('@jifen/sdk');
const autocannon = require('autocannon');

async function benchDatabase() {
  const { runMigrations } = require('../dist/database/migrate');
  if (process.env.DATABASE_URL) {
    await runMigrations(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, stop: async () => undefined, kind: 'DATABASE_URL' };
  }
  const { startEmbeddedPostgres } = require('../dist/database/embedded');
  const { Client } = require('pg');
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-'));
  chmodSync(dir, 0o755);
  const embedded = await startEmbeddedPostgres({ clusterDir: join(dir, 'pg'), persistent: false, settings: { max_connections: '200' } });
  const client = new Client({ connectionString: embedded.url });
  await client.connect();
  await client.query('CREATE DATABASE jifen_bench');
  await client.end();
  const url = embedded.url.replace(/\/postgres$/, '/jifen_bench');
  await runMigrations(url);
  return {
    url,
    kind: 'embedded PostgreSQL 18 (durable: fsync on)',
    stop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The environment the image runs the server with (the ENV lines of the Dockerfile's last
 * stage, NODE_ENV and PORT aside): the memory settings the soak and the roster bench measure.
 */
function imageRuntimeEnv() {
  const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const env = {};
  for (const [, pairs] of lastStage.matchAll(/^ENV (.+)$/gm)) {
    // KEY=value or KEY="a value with spaces" (several node flags in NODE_OPTIONS).
    for (const [, key, quoted, bare] of pairs.matchAll(/(\w+)=(?:"([^"]*)"|(\S+))/g)) if (key !== 'NODE_ENV' && key !== 'PORT') env[key] = quoted ?? bare;
  }
  return env;
}

/**
 * The node flags of the image's CMD (those before the script): V8 flags that NODE_OPTIONS
 * refuses (--optimize-for-size) are set there, and the benches that measure memory run the
 * server with them too.
 */
function imageNodeFlags() {
  const dockerfile = readFileSync(join(__dirname, '..', 'Dockerfile'), 'utf8');
  const cmd = /^CMD \[(.+)\]$/m.exec(dockerfile.slice(dockerfile.lastIndexOf('\nFROM ')));
  if (!cmd) return [];
  const args = JSON.parse(`[${cmd[1]}]`);
  return args[0] === 'node' ? args.slice(1).filter((a) => a.startsWith('--')) : [];
}

/** Starts bench/server.js in a child process (so the load generator does not share its event loop). */
function startServer(variant, databaseUrl, env = {}) {
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'server.js'), [variant], {
      env: { ...process.env, ...env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (msg) => resolve({ port: msg.port, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: 32, duration: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function summary(name, result) {
  const non2xx = result.non2xx + result.errors + result.timeouts;
  return {
    name,
    requestsPerSec: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: non2xx,
  };
}

function printTable(rows) {
  console.table(rows);
}

/**
 * A client of the bench server made with the project's own SDK (@jifen/sdk), logged in when
 * credentials are given. Its set-up calls are typed, retried when safe, and refreshed: a long
 * run outlives a 15-minute access token. autocannon still generates the load.
 */
async function sdkClient(base, username, password, options = {}) {
  const client = createJifenClient({ baseUrl: base, ...options });
  if (username) await client.login(username, password);
  return client;
}

/** The Authorization header of a client's current session, for load generators that send fixed headers. */
async function bearerOf(client) {
  return { authorization: `Bearer ${(await client.getSession()).accessToken}` };
}

module.exports = { imageRuntimeEnv, imageNodeFlags, benchDatabase, startServer, run, summary, printTable, sdkClient, bearerOf };
