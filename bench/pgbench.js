'use strict';
// pgbench's TPC-B-like transaction on the same server as the ledger bench, as its yardstick:
// initialised at scale 16 into a database of its own (dropped afterwards), run with the
// bench's 16 clients. Absent pgbench (PATH or the PostgreSQL 15 install): `available` is false.
const { execFile } = require('node:child_process');
const { existsSync } = require('node:fs');
const { randomBytes } = require('node:crypto');
const { Client } = require('pg');

const SCALE = 16;
const CLIENTS = 16;

function findPgbench() {
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir && existsSync(`${dir}/pgbench`)) return `${dir}/pgbench`;
  for (const v of [18, 17, 16, 15]) if (existsSync(`/usr/lib/postgresql/${v}/bin/pgbench`)) return `/usr/lib/postgresql/${v}/bin/pgbench`;
  return null;
}

const run = (bin, args, env) =>
  new Promise((resolve, reject) =>
    execFile(bin, args, { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      error ? reject(new Error(`pgbench failed: ${stderr || error.message}`)) : resolve(stdout),
    ),
  );

/** A pgbench database on the server of `adminUrl` (a URL whose database may create others). */
async function pgbenchOn(adminUrl) {
  const bin = findPgbench();
  if (!bin) return { available: false };
  const admin = new URL(adminUrl);
  const name = `jifen_pgbench_${randomBytes(4).toString('hex')}`;
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const env = { PGHOST: admin.hostname, PGPORT: admin.port || '5432', PGUSER: decodeURIComponent(admin.username || 'postgres'), PGPASSWORD: decodeURIComponent(admin.password) };
  await run(bin, ['-i', '-q', '-s', String(SCALE), name], env);
  return {
    available: true,
    bin,
    /** Runs `seconds` of TPC-B-like with 16 clients; resolves with the transactions processed. */
    async run(seconds) {
      const out = await run(bin, ['-b', 'tpcb-like', '-c', String(CLIENTS), '-j', '2', '-T', String(Math.max(1, Math.round(seconds))), name], env);
      const m = /number of transactions actually processed: (\d+)/.exec(out);
      if (!m) throw new Error(`pgbench printed no transaction count:\n${out}`);
      return Number(m[1]);
    },
    async drop() {
      const d = new Client({ connectionString: admin.toString() });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

module.exports = { pgbenchOn, SCALE, CLIENTS };
