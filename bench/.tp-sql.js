const { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('/work/wt/throughput/bench/ledger-support');
const { Client } = require('pg'); const { randomUUID } = require('crypto');
(async () => {
  const db = await freshDatabase();
  const server = await startLedgerServer(db.url);
  const base = `http://127.0.0.1:${server.port}`;
  const { village, system } = await givenBenchVillage(base);
  const hh = await openHouseholdAccounts(db.url, village.id, 1000);
  await server.stop();
  const c = new Client({ connectionString: db.url }); await c.connect();
  let n = 0;
  const posting = () => { const id = randomUUID(); return { id, village_id: village.id, kind: 'adjustment', memo: 'x', reference_type: null, reference_id: null, reverses_id: null, idempotency_key: null, created_by_kind: 'system', created_by_id: null, created_by_name: 'b', no_overdraft: true, accounts: [system.issuance, hh[n++ % 1000]], amounts: [-1, 1], audit: { actor_kind: 'system', actor_id: null, actor_name: 'b', actor_roles: [], action: 'ledger.transaction.adjustment', entity_type: 'ledger_transaction', entity_id: id, village_id: village.id, request_id: null, ip: null, before: null, after: { kind: 'adjustment' } }, claim: { scope: 's', key: randomUUID(), hash: 'h', village_id: village.id, retention: '7 days' } }; };
  await c.query(process.env.SC ?? 'SELECT 1'); for (const size of [1, 6, 32]) {
    const t0 = Date.now(); const R = 40;
    for (let r = 0; r < R; r++) { await c.query('BEGIN'); await c.query('SELECT * FROM ledger_post_many($1::jsonb)', [JSON.stringify(Array.from({ length: size }, posting))]); await c.query('COMMIT'); }
    console.log('size', size, 'ms/batch', ((Date.now() - t0) / R).toFixed(1));
  }
  for (const q of ['SELECT 1']) { const t0 = Date.now(); for (let r = 0; r < 40; r++) { await c.query('BEGIN'); await c.query(q); await c.query('COMMIT'); } console.log('empty tx ms', ((Date.now() - t0) / 40).toFixed(1)); }
  await c.query("SET log_min_duration_statement = 0").catch(()=>{});
  await c.end(); await db.stop();
})();
