'use strict';
// npm run bench:ledger-ab — bench:ledger's API scenarios for this build and for earlier builds of
// the project, in one run on one PostgreSQL server, so that a refactoring's cost on the posting
// path is a ratio measured under the same load rather than two numbers from two days.
//
//   BENCH_BASELINES=label=DIR[,label=DIR…]  each DIR is the dist/ of an earlier commit, built in
//     its own checkout (git worktree add --detach ../old <commit> && cd ../old && npm ci &&
//     npm run build), so that its own node_modules and migrations are used.
//   DATABASE_URL: the server (each server process gets a fresh database of its build's schema
//     on it); otherwise a throwaway embedded PostgreSQL per server process.
//   BENCH_DURATION (s per scenario and build, default 20) in BENCH_SLICES (default 4) slices,
//     taken in turn build after build, so that a change of the host's load falls on all alike.
//   BENCH_INSTANCES (default 2): server processes per build (each with its database), the
//     slices shared among them. One process of a build can be lastingly faster than another of
//     the same build: two identical builds, one process each, differed by 15 % in postings/s
//     and 27 % in API CPU per posting.
const { resolve } = require('node:path');
const { printTable } = require('./support');
const { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('./ledger-support');
const { Client } = require('pg');
const { apiRun, newSink, report, cpuMsOf, backendsCpu, backendsCpuSince, WARM_UP_S } = require('./ledger');

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const SLICES = Number(process.env.BENCH_SLICES ?? 4);
const HOUSEHOLDS = 1000;
const INSTANCES = Number(process.env.BENCH_INSTANCES ?? 2);
if (!(INSTANCES >= 1 && SLICES % INSTANCES === 0)) throw new Error(`BENCH_SLICES (${SLICES}) must be a multiple of BENCH_INSTANCES (${INSTANCES})`);

function builds() {
  const current = { label: 'this build', dist: resolve(__dirname, '..', 'dist') };
  const baselines = (process.env.BENCH_BASELINES ?? '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [label, dir] = pair.split('=');
      if (!label || !dir) throw new Error(`BENCH_BASELINES: "${pair}" is not label=DIR`);
      return { label, dist: resolve(dir) };
    });
  if (baselines.length === 0) throw new Error('BENCH_BASELINES names no earlier build (label=DIR of its dist/)');
  return [...baselines, current];
}

/** A fresh database migrated by the build's own migrations, its server, a village and 1,000 household accounts. */
async function setUp(build) {
  const previous = process.env.JIFEN_DIST;
  process.env.JIFEN_DIST = build.dist;
  try {
    const db = await freshDatabase();
    const server = await startLedgerServer(db.url, { JIFEN_DIST: build.dist });
    const base = `http://127.0.0.1:${server.port}`;
    const { village, headers, system } = await givenBenchVillage(base);
    const households = await openHouseholdAccounts(db.url, village.id, HOUSEHOLDS);
    // Reads the CPU time of the database's server processes (PostgreSQL on this host).
    const admin = new Client({ connectionString: db.url });
    await admin.connect();
    return { ...build, db, server, admin, base, village, headers, issuance: system.issuance, households };
  } finally {
    if (previous === undefined) delete process.env.JIFEN_DIST;
    else process.env.JIFEN_DIST = previous;
  }
}

async function main() {
  const all = [];
  try {
    for (const build of builds()) {
      // In `all` before its servers start, so that those started are stopped if a later one fails.
      const entry = { ...build, instances: [] };
      all.push(entry);
      for (let n = 0; n < INSTANCES; n++) entry.instances.push(await setUp(build));
    }
    console.log(`${all.length} builds, ${INSTANCES} server processes each, ${DURATION} s per scenario and build, in ${SLICES} slices; database: ${all[0].instances[0].db.kind}`);
    for (const b of all) for (const x of b.instances) await apiRun(x.base, x.headers, x.village, x.issuance, x.households, WARM_UP_S, newSink('warm-up'));
    for (const b of all) {
      b.spread = newSink(`${b.label}: API, 1,000 households`);
      b.hot = newSink(`${b.label}: API, 4 households`);
    }
    const slice = DURATION / SLICES;
    for (let i = 0; i < SLICES; i++) {
      // Each round starts one build later, so that no build keeps one place in the round; the
      // slices go to a build's processes in turn (each process a run of consecutive rounds).
      const start = i % all.length;
      for (const b of [...all.slice(start), ...all.slice(0, start)]) {
        const x = b.instances[Math.floor((i * INSTANCES) / SLICES)];
        for (const [sink, households] of [[b.spread, x.households], [b.hot, x.households.slice(0, 4)]]) {
          const started = Date.now();
          const cpu = cpuMsOf(x.server.pid);
          const backends = await backendsCpu(x.admin);
          await apiRun(x.base, x.headers, x.village, x.issuance, households, slice, sink);
          sink.seconds += (Date.now() - started) / 1000;
          sink.cpuMs += cpuMsOf(x.server.pid) - cpu;
          sink.dbCpuMs += backendsCpuSince(backends, await backendsCpu(x.admin));
        }
      }
    }
    const rows = all.flatMap((b) => [report(b.spread), report(b.hot)]);
    printTable(rows);
    const current = all[all.length - 1];
    const rate = (sink) => report(sink).requestsPerSec;
    for (const b of all.slice(0, -1)) {
      const cpu = (sink) => report(sink).serverCpuMsPerPosting;
      const db = (sink) => report(sink).dbCpuMsPerPosting;
      console.log(
        `CPU per posting, 1,000 households: API process ${b.label} ${cpu(b.spread)} ms, this build ${cpu(current.spread)} ms; ` +
          `database ${b.label} ${db(b.spread)} ms, this build ${db(current.spread)} ms`,
      );
      console.log(
        `this build / ${b.label}: 1,000 households ${(rate(current.spread) / rate(b.spread)).toFixed(3)}, ` +
          `4 households ${(rate(current.hot) / rate(b.hot)).toFixed(3)} (a fall of more than 5% is < 0.95)`,
      );
    }
    console.log(`host load average (1 min) at the end: ${require('node:os').loadavg()[0].toFixed(2)} on ${require('node:os').cpus().length} CPUs`);
  } finally {
    for (const x of all.flatMap((b) => b.instances)) {
      await x.admin.end();
      await x.server.stop();
      await x.db.stop();
    }
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
