'use strict';
// npm run bench:restore — how long `npm run restore` takes to bring back and verify a
// database of BENCH_ENTRIES ledger entries (default 1,000,000): half as many postings
// (issuance → one of 1,000 households, two entries each) made by the posting function the
// API uses, so each has its audit event; the app's sealer chains every event before the
// backup. Prints the seed, backup (pg_dump), restore (pg_restore) and verify times.
//
// The server: DATABASE_URL (a fresh database there; an installed pg_dump must fit it), else
// a throwaway durable cluster (fsync on) of the embedded PostgreSQL when an installed
// pg_dump fits it, else of the newest PostgreSQL installed here (pg_dump refuses newer servers).
const { chmodSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { Client } = require('pg');
const { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('./ledger-support');

const DIST = process.env.JIFEN_DIST ?? '../dist';
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
const HOUSEHOLDS = 1_000;
const CHUNK = 50_000; // postings per transaction

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** A server that an installed pg_dump can back up: { url (of a migrated database), kind, adminUrl, stop }. */
async function benchServer() {
  const { findPgTool, newestLocalServer } = require(`${DIST}/ops/pg-tools`);
  if (process.env.DATABASE_URL) {
    const db = await freshDatabase();
    return { ...db, adminUrl: process.env.DATABASE_URL };
  }
  let binDir;
  let kind = 'embedded PostgreSQL 18';
  try {
    findPgTool('pg_dump', 18, 'the embedded server');
  } catch (error) {
    const local = newestLocalServer();
    if (!local) throw error;
    binDir = local.binDir;
    kind = `PostgreSQL ${local.tool.version} (${local.binDir})`;
  }
  const { startEmbeddedPostgres } = require(`${DIST}/database/embedded`);
  const { runMigrations } = require(`${DIST}/database/migrate`);
  const dir = mkdtempSync(join(tmpdir(), 'jifen-bench-restore-'));
  chmodSync(dir, 0o755);
  const server = await startEmbeddedPostgres({ clusterDir: join(dir, 'pg'), binDir, persistent: false, settings: { max_connections: '100' } });
  await admin(server.url, 'CREATE DATABASE jifen_source');
  const url = server.url.replace(/\/postgres$/, '/jifen_source');
  await runMigrations(url);
  return {
    url,
    adminUrl: server.url,
    kind: `throwaway ${kind}, durable (fsync on)`,
    stop: async () => {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function admin(url, sql) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * ENTRIES / 2 awards of 1 point from issuance to the households in turn, one millisecond
 * apart, each with its audit event (unsealed: the app's sealer chains them). Bulk SQL with
 * triggers bypassed, as bench:ledger-scale seeds: the rows are what LedgerService.post
 * writes, and ledger:verify checks them all after the restore.
 */
async function seed(url, villageId, issuance, households) {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const postings = ENTRIES / 2;
    for (let done = 0; done < postings; done += CHUNK) {
      const n = Math.min(CHUNK, postings - done);
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      await client.query(
        `CREATE TEMP TABLE seed_tx ON COMMIT DROP AS
         SELECT gen_random_uuid() AS id, g AS n, $2::uuid[] AS hh,
                now() - interval '2 hours' + make_interval(secs => g / 1000.0) AS posted_at
           FROM generate_series($1::int + 1, $1::int + $3::int) g`,
        [done, households, n],
      );
      await client.query(`ALTER TABLE seed_tx ADD COLUMN household uuid`);
      await client.query(`UPDATE seed_tx SET household = hh[1 + (n % array_length(hh, 1))]`);
      await client.query(
        `INSERT INTO ledger_transactions (id, village_id, kind, memo, created_by_kind, created_by_name, posted_at)
         SELECT id, $1, 'award', '基准奖励', 'system', 'bench:restore', posted_at FROM seed_tx ORDER BY n`,
        [villageId],
      );
      // balance_after: the household's running balance; earlier chunks' entries count too.
      await client.query(
        `INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at)
         SELECT id, account_id, $1::uuid, amount, balance_after, posted_at FROM (
           SELECT s.id, $2::uuid AS account_id, -1::bigint AS amount, NULL::bigint AS balance_after, s.posted_at, s.n, 0 AS side FROM seed_tx s
           UNION ALL
           SELECT s.id, s.household, 1, a.balance + row_number() OVER (PARTITION BY s.household ORDER BY s.n), s.posted_at, s.n, 1
             FROM seed_tx s JOIN ledger_accounts a ON a.id = s.household
         ) x ORDER BY n, side`,
        [villageId, issuance],
      );
      await client.query(
        `UPDATE ledger_accounts a SET balance = a.balance + c.n FROM (SELECT household, count(*) AS n FROM seed_tx GROUP BY household) c WHERE a.id = c.household`,
      );
      await client.query(`UPDATE ledger_balance_stripes SET balance = balance - $2 WHERE account_id = $1 AND stripe = 0`, [issuance, n]);
      await client.query(
        `INSERT INTO audit_events (actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, village_id, chain_id, after, occurred_at)
         SELECT 'system', NULL, 'bench:restore', '{}', 'ledger.transaction.award', 'ledger_transaction', id::text, $1, $1,
                jsonb_build_object('kind', 'award', 'memo', '基准奖励', 'entries', jsonb_build_array(jsonb_build_object('accountId', $2::uuid, 'amount', -1),
                                                                                              jsonb_build_object('accountId', household, 'amount', 1))),
                posted_at
           FROM seed_tx ORDER BY n`,
        [villageId, issuance],
      );
      await client.query('COMMIT');
      process.stdout.write(`\r  seeded ${((done + n) * 2).toLocaleString('en')} entries`);
    }
    process.stdout.write('\n');
  } finally {
    await client.end();
  }
}

async function waitSealed(url) {
  for (;;) {
    const { rows } = await admin(url, 'SELECT count(*)::int AS n FROM audit_events WHERE hash IS NULL');
    if (rows[0].n === 0) return;
    process.stdout.write(`\r  ${rows[0].n.toLocaleString('en')} audit events still to seal   `);
    await new Promise((r) => setTimeout(r, 1_000));
  }
}

async function main() {
  const { backup } = require(`${DIST}/ops/backup`);
  const { restore } = require(`${DIST}/ops/restore`);
  const db = await benchServer();
  const work = mkdtempSync(join(tmpdir(), 'jifen-bench-dump-'));
  console.log(`server: ${db.kind}; seeding ${ENTRIES.toLocaleString('en')} ledger entries`);
  let server = await startLedgerServer(db.url);
  try {
    const { village, system } = await givenBenchVillage(`http://127.0.0.1:${server.port}`);
    const households = await openHouseholdAccounts(db.url, village.id, HOUSEHOLDS);
    let started = Date.now();
    await seed(db.url, village.id, system.issuance, households);
    await waitSealed(db.url);
    await admin(db.url, 'VACUUM ANALYZE');
    console.log(`\nseeded and sealed in ${seconds(Date.now() - started)}`);
    await server.stop();
    server = null;

    const dump = join(work, 'bench.dump');
    started = Date.now();
    const manifest = await backup(db.url, dump);
    const backupMs = Date.now() - started;
    console.log(`backup (pg_dump ${manifest.pgDumpVersion}, custom format): ${seconds(backupMs)}, ${(manifest.bytes / 1e6).toFixed(1)} MB`);

    await admin(db.adminUrl, 'CREATE DATABASE jifen_restored_bench');
    const target = db.adminUrl.replace(/\/[^/]*$/, '/jifen_restored_bench');
    try {
      const result = await restore(dump, target, null);
      for (const check of result.checks) console.log(`  ${check.ok ? 'OK' : 'FAILED'} ${check.name}: ${check.detail}`);
      if (!result.ok) throw new Error('the restored database did not verify');
      console.log(`restore (pg_restore, one transaction): ${seconds(result.restoreMs)}`);
      console.log(`verify (counts, audit digest, ledger:verify, audit:verify): ${seconds(result.verifyMs)}`);
      console.log(
        `restore + verify of ${manifest.counts.ledgerEntries.toLocaleString('en')} entries (${manifest.counts.auditEvents.toLocaleString('en')} audit events): ${seconds(result.restoreMs + result.verifyMs)}`,
      );
    } finally {
      await admin(db.adminUrl, 'DROP DATABASE IF EXISTS jifen_restored_bench WITH (FORCE)');
    }
  } finally {
    await server?.stop();
    rmSync(work, { recursive: true, force: true });
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
