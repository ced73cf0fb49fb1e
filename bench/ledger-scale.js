'use strict';
// npm run bench:ledger-scale — a balance, a balance as of a past time and a passbook page
// must cost the same on an account with 1,000,000 entries as on one with 1,000 (index
// look-ups, not scans). Seeds both accounts in SQL (the seeding is a fixture: triggers are
// bypassed for speed, the rows are what LedgerService.post writes), then drives each read
// over HTTP for BENCH_DURATION seconds (default 5) at 8 connections and prints the ratios.
// DATABASE_URL: a fresh database on that server; otherwise a throwaway embedded PostgreSQL.
const { Client } = require('pg');
const { unwrap } = require('@jifen/sdk');
const { run, summary, printTable } = require('./support');
const { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('./ledger-support');

const DURATION = Number(process.env.BENCH_DURATION ?? 5);
const BIG = Number(process.env.BENCH_BIG_ENTRIES ?? 1_000_000);
const SMALL = 1_000;

/** `count` awards of 1 point from issuance to `account`, one second apart, ending an hour ago. */
async function seed(client, villageId, issuance, account, count) {
  await client.query('BEGIN');
  await client.query('SET LOCAL session_replication_role = replica');
  await client.query(
    `CREATE TEMP TABLE seed_tx ON COMMIT DROP AS
     SELECT gen_random_uuid() AS id, g AS n, now() - interval '1 hour' - make_interval(secs => $1 - g) AS posted_at
       FROM generate_series(1, $1::int) g`,
    [count],
  );
  await client.query(
    `INSERT INTO ledger_transactions (id, village_id, kind, memo, created_by_kind, created_by_name, posted_at)
     SELECT id, $1, 'award', '基准种子', 'system', 'seed', posted_at FROM seed_tx`,
    [villageId],
  );
  await client.query(
    `INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
     SELECT id, $2::uuid, $1::uuid, -1, NULL::bigint, posted_at FROM seed_tx
     UNION ALL
     SELECT id, $3::uuid, $1::uuid, 1, n, posted_at FROM seed_tx`,
    [villageId, issuance, account],
  );
  await client.query(`UPDATE ledger_accounts SET balance = balance + $2 WHERE id = $1`, [account, count]);
  await client.query(`UPDATE ledger_balance_stripes SET balance = balance - $2 WHERE account_id = $1 AND stripe = 0`, [issuance, count]);
  await client.query('COMMIT');
  const { rows } = await client.query(`SELECT min(posted_at) AS first, max(posted_at) AS last FROM ledger_entries WHERE account_id = $1`, [account]);
  return { middle: new Date((rows[0].first.getTime() + rows[0].last.getTime()) / 2).toISOString() };
}

async function main() {
  const db = await freshDatabase();
  console.log(`database: ${db.kind}; seeding ${BIG.toLocaleString('en')} and ${SMALL.toLocaleString('en')} entries`);
  const server = await startLedgerServer(db.url);
  const base = `http://127.0.0.1:${server.port}`;
  const client = new Client({ connectionString: db.url });
  await client.connect();
  try {
    const { village, client: api, headers, system } = await givenBenchVillage(base);
    const [big, small] = await openHouseholdAccounts(db.url, village.id, 2);
    let started = Date.now();
    const bigSeed = await seed(client, village.id, system.issuance, big, BIG);
    const smallSeed = await seed(client, village.id, system.issuance, small, SMALL);
    await client.query('ANALYZE ledger_entries; ANALYZE ledger_transactions; ANALYZE ledger_accounts');
    console.log(`seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    const plan = await client.query(
      `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT balance_after FROM ledger_entries WHERE account_id = $1 AND posted_at <= $2 ORDER BY posted_at DESC, id DESC LIMIT 1`,
      [big, bigSeed.middle],
    );
    console.log(`balance as of, on the ${BIG.toLocaleString('en')}-entry account:\n  ${plan.rows.map((r) => r['QUERY PLAN']).join('\n  ')}`);

    // A cursor deep into each passbook (its middle), to show a later page costs the same as the first.
    const deepCursor = async (account, middle) =>
      unwrap(await api.GET('/v1/accounts/{id}/entries', { params: { path: { id: account }, query: { limit: 50, to: middle } } })).nextCursor;
    const cursors = { big: await deepCursor(big, bigSeed.middle), small: await deepCursor(small, smallSeed.middle) };

    const reads = [
      ['GET balance', (a) => `/v1/accounts/${a}/balance`],
      ['GET balance?asOf= (middle)', (a, m) => `/v1/accounts/${a}/balance?asOf=${encodeURIComponent(m)}`],
      ['GET passbook first page (50)', (a) => `/v1/accounts/${a}/entries?limit=50`],
      ['GET passbook page in the middle (50)', (a, _m, c) => `/v1/accounts/${a}/entries?limit=50&cursor=${c}`],
    ];
    const rows = [];
    const ratios = [];
    // Warm-up, not counted: the routes' code is compiled and both accounts' pages cached
    // before anything is timed (the first timed run was otherwise always the big account's).
    for (const [, path] of reads) {
      for (const [account, seedInfo, which] of [[big, bigSeed, 'big'], [small, smallSeed, 'small']]) {
        await run({ url: `${base}${path(account, seedInfo.middle, cursors[which])}`, headers, connections: 8, duration: 1 });
      }
    }
    for (const [name, path] of reads) {
      // The two accounts in the order big, small, small, big, so that a drift in the host's
      // load (or the database's background work after seeding) falls on both alike.
      const r = { big: [], small: [] };
      for (let i = 0; i < 2; i++) {
        for (const which of i === 0 ? ['big', 'small'] : ['small', 'big']) {
          const account = which === 'big' ? big : small;
          const seedInfo = which === 'big' ? bigSeed : smallSeed;
          const result = await run({ url: `${base}${path(account, seedInfo.middle, cursors[which])}`, headers, connections: 8, duration: DURATION / 2 });
          if (result.non2xx) throw new Error(`${name} answered non-2xx`);
          r[which].push(result);
        }
      }
      const merge = (list, label) => {
        const row = summary(label, list[0]);
        row.requestsPerSec = Math.round(list.reduce((s, x) => s + x.requests.average, 0) / list.length);
        row.p50Ms = Math.max(...list.map((x) => x.latency.p50));
        row.p99Ms = Math.max(...list.map((x) => x.latency.p99));
        row.failed = list.reduce((s, x) => s + x.non2xx + x.errors + x.timeouts, 0);
        return row;
      };
      const b = merge(r.big, `${name}, ${BIG.toLocaleString('en')} entries`);
      const s = merge(r.small, `${name}, ${SMALL.toLocaleString('en')} entries`);
      rows.push(b, s);
      ratios.push(`${name}: time ratio big/small ${(s.requestsPerSec / b.requestsPerSec).toFixed(2)} (by rate), p50 ${b.p50Ms} vs ${s.p50Ms} ms`);
    }
    printTable(rows);
    for (const line of ratios) console.log(line);
    console.log('target: every ratio <= 1.5');
  } finally {
    await client.end();
    await server.stop();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
