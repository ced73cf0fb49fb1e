'use strict';
// npm run bench:redeem — 16 concurrent clerks for BENCH_DURATION (20) s each:
//   A: each sale is one random item of 50, for a random household of 400
//   B: every sale contains the same item (the rice everyone buys), random household
// Prints sales/s and p99 for both, B/A (target >= 0.7), and the ledger bench's raw-SQL
// posting rate on the same database for reference.
const { randomUUID } = require('node:crypto');
const autocannon = require('autocannon');
const { unwrap } = require('@jifen/sdk');
const { freshDatabase, startLedgerServer, givenBenchVillage, openHouseholdAccounts } = require('./ledger-support');
const { rawRun, newSink, report } = require('./ledger');
const { bearerOf, sdkClient, summary, printTable } = require('./support');

const DURATION = Number(process.env.BENCH_DURATION ?? 20);
const CLERKS = 16;
const ITEMS = 50;
const HOUSEHOLDS = 400;

function saleRun(base, headers, villageId, pickLines) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url: `${base}/v1/redemptions`,
        connections: CLERKS,
        duration: DURATION,
        requests: [
          {
            method: 'POST',
            setupRequest: (req) => ({
              ...req,
              headers: { ...headers, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
              body: JSON.stringify({ villageId, ...pickLines() }),
            }),
          },
        ],
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

async function main() {
  const db = await freshDatabase();
  const server = await startLedgerServer(db.url);
  const base = `http://127.0.0.1:${server.port}`;
  const rows = [];
  try {
    const { village, client: office, system } = await givenBenchVillage(base);
    console.log(`database: ${db.kind}; ${CLERKS} clerks, ${DURATION} s per scenario`);
    const items = [];
    for (let i = 0; i < ITEMS; i++) {
      const item = unwrap(await office.POST('/v1/catalogue-items', { body: { villageId: village.id, sku: `SKU-${i}`, name: `商品${i}`, pointsPrice: 1 } }));
      unwrap(await office.POST('/v1/catalogue-items/{id}/stock-movements', { params: { path: { id: item.id } }, body: { quantity: 100_000, reason: 'purchase' } }));
      items.push(item.id);
    }
    const households = [];
    for (let i = 0; i < HOUSEHOLDS; i++) {
      const household = unwrap(await office.POST('/v1/households', { body: { villageId: village.id, code: `H${i}` } }));
      await office.postTransaction({ villageId: village.id, kind: 'adjustment', memo: '基准', entries: [{ accountId: system.adjustments, amount: -1_000_000 }, { accountId: household.accountId, amount: 1_000_000 }] });
      households.push(household.id);
    }
    const clerkName = `clerk${Date.now().toString(36)}`;
    const admin = await sdkClient(base, 'benchadmin', 'bench-admin-password');
    unwrap(await admin.POST('/v1/users', { body: { username: clerkName, password: 'clerk-password-123', displayName: '售货员', roles: [{ role: 'clerk', villageId: village.id }] } }));
    const clerkHeaders = await bearerOf(await sdkClient(base, clerkName, 'clerk-password-123'));
    const pick = (list) => list[Math.floor(Math.random() * list.length)];
    const hot = items[0];

    // warm-up
    await new Promise((r) => setTimeout(r, 100));
    const a = await saleRun(base, clerkHeaders, village.id, () => ({ householdId: pick(households), lines: [{ itemId: pick(items.slice(1)), quantity: 1 }] }));
    rows.push(summary('A: random item of 50', a));
    const b = await saleRun(base, clerkHeaders, village.id, () => ({ householdId: pick(households), lines: [{ itemId: hot, quantity: 1 }] }));
    rows.push(summary('B: every sale has the same item', b));

    const verify = unwrap(await office.GET('/v1/ledger/verify', { params: { query: { villageId: village.id } } }));
    console.log(`ledger verify after the sales: ok=${verify.ok}, ${verify.checkedTransactions} transactions`);

    // For reference, in the same run and database: the ledger bench's raw-SQL posting
    // (one transaction, two entries, balance updates; no HTTP, no stock, no audit).
    const accounts = await openHouseholdAccounts(db.url, village.id, 1000);
    const sink = newSink('raw SQL posting (reference)');
    sink.seconds = DURATION;
    await rawRun(db.url, village.id, system.issuance, accounts, DURATION, sink);
    rows.push(report(sink));
  } finally {
    await server.stop();
    await db.stop();
  }
  printTable(rows);
  console.log(`B/A sales rate: ${(rows[1].requestsPerSec / rows[0].requestsPerSec).toFixed(2)} (target >= 0.7); sales A / raw-SQL postings: ${(rows[0].requestsPerSec / rows[2].requestsPerSec).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
