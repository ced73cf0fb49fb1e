'use strict';
// Shared by bench/ledger.js and bench/ledger-scale.js: a fresh database, the app in a child
// process, and a village with a logged-in village_admin.
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { join } = require('node:path');
const { Client } = require('pg');
const { unwrap } = require('@jifen/sdk');
const { benchDatabase, bearerOf, imageNodeFlags, imageRuntimeEnv, sdkClient } = require('./support');

/** DATABASE_URL: a fresh database on that server (dropped afterwards); else a throwaway embedded server. */
async function freshDatabase() {
  if (!process.env.DATABASE_URL) {
    const db = await benchDatabase();
    return { ...db, kind: `${db.kind}` };
  }
  const { runMigrations } = require(`${process.env.JIFEN_DIST ?? '../dist'}/database/migrate`);
  const admin = new URL(process.env.DATABASE_URL);
  const name = `jifen_ledger_bench_${randomBytes(4).toString('hex')}`;
  const adminClient = new Client({ connectionString: admin.toString() });
  await adminClient.connect();
  await adminClient.query(`CREATE DATABASE ${name}`);
  await adminClient.end();
  const url = new URL(admin.toString());
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    kind: `DATABASE_URL server (${admin.host}), fresh database ${name}`,
    stop: async () => {
      const c = new Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

function startLedgerServer(databaseUrl, env = {}) {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF=dir: the server writes a V8 CPU profile (--cpu-prof) there when it stops.
    // The image's node flags (its CMD), so that the server runs as it is deployed.
    const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
    const execArgv = [...imageNodeFlags(), ...profile];
    const child = fork(join(__dirname, 'ledger-server.js'), [], {
      execArgv,
      env: { ...process.env, ...imageRuntimeEnv(), ...env, BENCH_DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (msg) => resolve({ port: msg.port, pid: child.pid, stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) }));
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
}

/**
 * Logs in as the bootstrap admin, creates a village and a village_admin (also its auditor);
 * returns that user's SDK client, its Authorization header (for autocannon) and the system accounts.
 */
async function givenBenchVillage(base) {
  const admin = await sdkClient(base, 'benchadmin', 'bench-admin-password');
  const village = unwrap(await admin.POST('/v1/villages', { body: { code: `B${Date.now().toString(36)}${randomBytes(2).toString('hex')}`, name: '基准村' } }));
  const username = `va${randomBytes(4).toString('hex')}`;
  const roles = [{ role: 'village_admin', villageId: village.id }, { role: 'auditor', villageId: village.id }];
  unwrap(await admin.POST('/v1/users', { body: { username, password: 'village-admin-password', displayName: '村管理员', roles } }));
  const client = await sdkClient(base, username, 'village-admin-password');
  const accounts = unwrap(await client.GET('/v1/accounts', { params: { query: { villageId: village.id } } }));
  const system = Object.fromEntries(accounts.items.map((a) => [a.kind, a.id]));
  return { village, client, headers: await bearerOf(client), system };
}

/** Household accounts opened in SQL (households are issue 5's; the ledger only needs the account rows). */
async function openHouseholdAccounts(url, villageId, count) {
  const c = new Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query(
    `INSERT INTO ledger_accounts (id, village_id, kind, household_id)
     SELECT gen_random_uuid(), $1, 'household', gen_random_uuid() FROM generate_series(1, $2) RETURNING id`,
    [villageId, count],
  );
  await c.end();
  return rows.map((r) => r.id);
}

module.exports = { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts, sdkClient };
