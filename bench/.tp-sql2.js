const { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('./ledger-support');
const { Client } = require('pg'); const { randomUUID } = require('crypto');
(async () => {
  const db = await freshDatabase();
  const server = await startLedgerServer(db.url);
  const { village, system } = await givenBenchVillage(`http://127.0.0.1:${server.port}`);
  const hh = await openHouseholdAccounts(db.url, village.id, 1000);
  await server.stop();
  const c = new Client({ connectionString: db.url }); await c.connect();
  let n = 0;
  const posting = () => { const id = randomUUID(); return { id, village_id: village.id, kind: 'adjustment', memo: 'x', reference_type: null, reference_id: null, reverses_id: null, idempotency_key: null, created_by_kind: 'system', created_by_id: null, created_by_name: 'b', no_overdraft: true, accounts: [system.issuance, hh[n++ % 1000]], amounts: [-1, 1], audit: { actor_kind: 'system', actor_id: null, actor_name: 'b', actor_roles: [], action: 'ledger.transaction.adjustment', entity_type: 'ledger_transaction', entity_id: id, village_id: village.id, request_id: null, ip: null, before: null, after: { kind: 'adjustment' } }, claim: { scope: 's', key: randomUUID(), hash: 'h', village_id: village.id, retention: '7 days' } }; };
  await c.query('SET synchronous_commit = off');
  for (let r = 0; r < 30; r++) { await c.query('BEGIN'); await c.query('SELECT * FROM ledger_post_many($1::jsonb)', [JSON.stringify(Array.from({ length: 6 }, posting))]); await c.query('COMMIT'); }
  let t0 = Date.now(); for (let r = 0; r < 30; r++) { await c.query('BEGIN'); await c.query('SELECT * FROM ledger_post_many($1::jsonb)', [JSON.stringify(Array.from({ length: 6 }, posting))]); await c.query('COMMIT'); }
  console.log('warm size 6 ms', (Date.now() - t0) / 30);
  await c.query("LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0; SET auto_explain.log_analyze = on; SET auto_explain.log_nested_statements = on; SET auto_explain.log_level = notice; SET client_min_messages = notice; SET auto_explain.log_triggers = on");
  const notes = []; c.on('notice', (m) => notes.push(m.message));
  await c.query('BEGIN'); await c.query('SELECT * FROM ledger_post_many($1::jsonb)', [JSON.stringify(Array.from({ length: 6 }, posting))]); await c.query('COMMIT');
  for (const m of notes) { const lines = m.split('\n'); console.log(lines.slice(0, 3).join(' | ').slice(0, 300)); const trig = lines.filter(l => /Trigger|Execution Time|Planning Time/.test(l)); console.log('   ', trig.join(' ; ').slice(0, 400)); }
  await c.end(); await db.stop();
})();
