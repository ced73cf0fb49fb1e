'use strict';
// npm run bench:audit-seal — the time of the sealer's UPDATE (giving events their chain
// position and hash), with the append-only guard as it is now and as it was before migration
// AuditSealCheckInWhen, in one process on one PostgreSQL:
//   now:    the UPDATE trigger's WHEN clause lets a seal through (no PL/pgSQL call);
//   before: a row trigger called audit_events_append_only for every seal, which compared the
//           old and new rows as jsonb;
//   no guard: the same UPDATE with no trigger at all (the floor, for scale).
// BENCH_EVENTS (default 20,000) events like a posting's, sealed by the sealer's own statement
// (AuditRepository.seal) in one transaction that is rolled back; BENCH_ROUNDS (default 5)
// rounds, the variants taken in turn, VACUUM between. Prints the statement's time as the
// client sees it, in ms per 1,000 seals (median of the rounds), and now ÷ before.
// DATABASE_URL: a fresh database on that server; else a throwaway embedded one.
const { freshDatabase } = require('./ledger-support');
const { printTable } = require('./support');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const dist = process.env.JIFEN_DIST ?? '../dist';

async function main() {
  const { createDataSource } = require(`${dist}/database/data-source`);
  const { AuditRepository } = require(`${dist}/audit/audit.repository`);
  const guard = require(`${dist}/audit/sql/audit-events-append-only.function`);
  const { createFunctionSql, createTriggerSql, dropTriggerSql } = require(`${dist}/core/database/sql-object`);
  const current = guard.auditEventsAppendOnlyTriggers.filter((t) => t.name !== 'audit_events_no_truncate');

  const db = await freshDatabase();
  // A silent logger: the seals of the 'before' variant take over a second, which TypeORM would log with all their parameters.
  const dataSource = createDataSource({ url: db.url, logger: require('pino')({ level: 'silent' }) });
  try {
    await dataSource.initialize();
    console.log(`database: ${db.kind}; ${EVENTS} events, ${ROUNDS} rounds`);
    // A posting's event: the actor, the transaction's id and its entries.
    await dataSource.query(
      `INSERT INTO audit_events (actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, village_id, chain_id, request_id, ip, after)
       SELECT 'user', gen_random_uuid(), '村管理员', '{village_admin,auditor}', 'ledger.transaction_posted', 'ledger_transaction', gen_random_uuid()::text,
              x.v, x.v, 'req-' || g, '127.0.0.1',
              jsonb_build_object('kind', 'adjustment', 'memo', '基准奖励', 'entries',
                jsonb_build_array(jsonb_build_object('accountId', gen_random_uuid(), 'amount', -1), jsonb_build_object('accountId', gen_random_uuid(), 'amount', 1)))
         FROM generate_series(1, $1) g, (SELECT gen_random_uuid() AS v) x`,
      [EVENTS],
    );
    const ids = (await dataSource.query('SELECT id::text AS id FROM audit_events WHERE hash IS NULL ORDER BY id')).map((r) => r.id);
    const seqs = ids.map((_, i) => String(i + 1));
    const hashes = ids.map((id) => id.padStart(64, '0'));
    const repo = new AuditRepository();

    const variants = [
      {
        name: 'before: jsonb comparison in a PL/pgSQL row trigger',
        setUp: async (runner) => {
          for (const t of current) await runner.query(dropTriggerSql(t));
          await runner.query(createFunctionSql(guard.auditEventsAppendOnlyJsonCompare));
          for (const t of guard.auditEventsAppendOnlyJsonCompareTriggers) await runner.query(createTriggerSql(t));
        },
      },
      { name: 'now: the seal let through by the WHEN clause', setUp: async () => undefined },
      { name: 'no guard (the UPDATE alone)', setUp: async (runner) => { for (const t of current) await runner.query(dropTriggerSql(t)); } },
    ].map((v) => ({ ...v, ms: [] }));

    for (let round = 0; round < ROUNDS; round++) {
      for (const v of variants) {
        const runner = dataSource.createQueryRunner();
        try {
          await runner.startTransaction();
          await v.setUp(runner);
          const started = process.hrtime.bigint();
          await repo.seal(runner.manager, ids, seqs, hashes);
          v.ms.push(Number(process.hrtime.bigint() - started) / 1e6);
        } finally {
          // Nothing is kept: the seals and the swapped triggers go with the transaction.
          if (runner.isTransactionActive) await runner.rollbackTransaction();
          await runner.release();
        }
        await dataSource.query('VACUUM audit_events');
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const per1000 = (v) => (median(v.ms) / EVENTS) * 1000;
    printTable(variants.map((v) => ({ variant: v.name, msPer1000Seals: Math.round(per1000(v) * 10) / 10, runsMs: v.ms.map((m) => Math.round(m)).join(' ') })));
    console.log(`now / before: ${(per1000(variants[1]) / per1000(variants[0])).toFixed(2)} (the sealing statement's time)`);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
