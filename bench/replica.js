'use strict';
// npm run bench:replica — read capacity with and without a streaming replica.
// A primary and a streaming replica (PostgreSQL 15 server binaries, as in the replica e2e
// suite) on this machine; one API process in front, first with the primary alone, then with
// DATABASE_REPLICA_URLS set. For each: public board reads (a notice screen's poll, no login)
// and leaderboard reads (village_admin), 16 connections, BENCH_DURATION s (default 10); and
// postings (POST /v1/transactions) once, for the write side. Prints requests/s, latency, the
// CPU each process used (API, primary, replica, from /proc) and so requests/s per busy core
// (a figure that holds on a machine shared with other work), and how many statements the
// primary ran per request (its pg_stat_statements): what a replica takes off the primary.
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { randomUUID } = require('node:crypto');
const { run, printTable } = require('./support');
const { startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('./ledger-support');

const DIST = process.env.JIFEN_DIST ?? '../dist';
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const CONNECTIONS = 16;
const TICKS = 100; // USER_HZ on Linux

/** CPU seconds used so far by these processes (utime + stime). */
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / TICKS;
}

/** A PostgreSQL cluster's processes: the postmaster and its children. */
function clusterPids(dataDir) {
  const postmaster = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      if (ppid === postmaster) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const STATEMENTS = `SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query !~* '(pg_is_in_recovery|pg_stat_statements|pg_last_wal_replay_lsn|pg_current_wal_insert_lsn)'`;

async function measure(pair, server, name, path, headers, request) {
  const primaryPids = clusterPids(join(pair.dir, 'primary'));
  const replicaPids = clusterPids(join(pair.dir, 'replica'));
  const before = { api: cpuSeconds([server.pid]), primary: cpuSeconds(primaryPids), replica: cpuSeconds(replicaPids) };
  const [{ n: statementsBefore }] = await pair.query('primary', 'jifen', STATEMENTS);
  const started = Date.now();
  const result = await run({ url: `http://127.0.0.1:${server.port}${path}`, connections: CONNECTIONS, duration: DURATION, headers, ...(request ? { requests: [request] } : {}) });
  const seconds = (Date.now() - started) / 1000;
  const [{ n: statementsAfter }] = await pair.query('primary', 'jifen', STATEMENTS);
  const cores = {
    api: (cpuSeconds([server.pid]) - before.api) / seconds,
    primary: (cpuSeconds(clusterPids(join(pair.dir, 'primary'))) - before.primary) / seconds,
    replica: (cpuSeconds(clusterPids(join(pair.dir, 'replica'))) - before.replica) / seconds,
  };
  const total = cores.api + cores.primary + cores.replica;
  const reads = result.requests.total;
  return {
    scenario: name,
    perSec: Math.round(reads / seconds),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
    apiCores: cores.api.toFixed(2),
    primaryCores: cores.primary.toFixed(2),
    replicaCores: cores.replica.toFixed(2),
    perBusyCore: Math.round(reads / seconds / total),
    primaryStatementsEach: ((statementsAfter - statementsBefore) / reads).toFixed(2),
  };
}

async function main() {
  const { ReplicaPair, replicaPairUnavailable } = require(`${DIST}/ops/replica-pair`);
  const { runMigrations } = require(`${DIST}/database/migrate`);
  const why = replicaPairUnavailable();
  if (why) throw new Error(`bench:replica needs the PostgreSQL server binaries: ${why}`);
  const pair = await ReplicaPair.start();
  const rows = [];
  try {
    await runMigrations(pair.primaryUrl);
    let server = await startLedgerServer(pair.primaryUrl);
    const base = `http://127.0.0.1:${server.port}`;
    const { village, client, headers, system } = await givenBenchVillage(base);
    // Some history to rank: 200 households, 400 postings.
    const accounts = await openHouseholdAccounts(pair.primaryUrl, village.id, 200);
    for (let i = 0; i < 400; i++) {
      const points = 1 + (i % 7);
      await client.postTransaction({ villageId: village.id, kind: 'adjustment', memo: '基准', entries: [{ accountId: system.issuance, amount: -points }, { accountId: accounts[i % accounts.length], amount: points }] });
    }
    const year = new Date().getFullYear();
    const scenarios = [
      ['public boards', `/v1/public/villages/${village.id}/boards`, {}],
      ['leaderboard (logged in)', `/v1/villages/${village.id}/leaderboard?period=${year}`, headers],
    ];
    for (const [name, path, h] of scenarios) rows.push(await measure(pair, server, `${name}, primary only`, path, h));
    // Postings (the write side), for the same per-core figure: a fresh Idempotency-Key each.
    let n = 0;
    const posting = {
      method: 'POST',
      setupRequest: (req) => {
        const points = 1 + (n % 7);
        const body = { villageId: village.id, kind: 'adjustment', memo: '基准', entries: [{ accountId: system.issuance, amount: -points }, { accountId: accounts[n++ % accounts.length], amount: points }] };
        return { ...req, headers: { ...req.headers, ...headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() }, body: JSON.stringify(body) };
      },
    };
    rows.push(await measure(pair, server, 'postings (POST /v1/transactions)', '/v1/transactions', {}, posting));
    await server.stop();
    server = await startLedgerServer(pair.primaryUrl, { BENCH_REPLICA_URLS: pair.replicaUrl });
    for (const [name, path, h] of scenarios) rows.push(await measure(pair, server, `${name}, with a replica`, path, h));
    await server.stop();
  } finally {
    await pair.stop();
  }
  console.log(`\nbench:replica — one API process, ${CONNECTIONS} connections, ${DURATION} s per scenario; CPU from /proc (cores = CPU s / wall s)`);
  printTable(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
