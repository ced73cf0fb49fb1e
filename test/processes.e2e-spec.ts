import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiProcess, ProcessVillage, buildPrivateDist, call, expectCall, freePort, givenProcessVillage } from './support/api-process';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * Three API processes on one database, as behind a load balancer: the background work (audit
 * sealer, expiry scheduler) runs once across them (advisory locks), writes go through each,
 * and the ledger and the audit chain verify afterwards.
 */
const PROCESSES = 3;
const SALES_PER_PROCESS = 20;

describe('three API processes on one database', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let databaseUrl: string;
  let apis: ApiProcess[] = [];
  let v: ProcessVillage;

  beforeAll(async () => {
    [dist, databaseUrl] = await Promise.all([buildPrivateDist(), createSuiteDatabase()]);
    // The village is set up through one process with its scheduler off, so that the three
    // started next find its annual expiry due (reset date 1 January) on their first tick.
    const setup = new ApiProcess({ distDir: dist.dir, databaseUrl, port: await freePort() });
    await setup.start();
    try {
      v = await givenProcessVillage(setup.base, { households: 3, items: 1, stock: 10_000, price: 2, settings: { pointsExpiry: { mode: 'annual', resetDate: '01-01' } } });
      for (const h of v.households) {
        await expectCall(setup.base, 201, 'POST', '/v1/transactions', {
          headers: { ...v.villageAdmin, 'idempotency-key': randomUUID() },
          body: { villageId: v.villageId, kind: 'adjustment', memo: '开业', entries: [{ accountId: v.system.adjustments, amount: -1_000 }, { accountId: h.accountId, amount: 1_000 }] },
        });
      }
    } finally {
      await setup.stop();
    }
    const ports = await Promise.all(Array.from({ length: PROCESSES }, () => freePort()));
    apis = ports.map((port) => new ApiProcess({ distDir: dist.dir, databaseUrl, port, env: { SCHEDULER: 'on', LOG_LEVEL: 'info' } }));
    await Promise.all(apis.map((api) => api.start()));
  });

  afterAll(async () => {
    await Promise.all(apis.map((api) => api.stop()));
    dist?.remove();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  it('runs the expiry scheduler once across them, takes sales through each, and the ledger and audit chain verify', async () => {
    // Sales through every process at once, on one household each and on a shared one.
    const sales = apis.flatMap((api, n) =>
      Array.from({ length: SALES_PER_PROCESS }, (_, i) =>
        call(api.base, 'POST', '/v1/redemptions', {
          headers: { ...v.clerk, 'idempotency-key': randomUUID() },
          body: { villageId: v.villageId, householdId: v.households[i % 2 === 0 ? n : 0].id, lines: [{ itemId: v.items[0].id, quantity: 1 }] },
        }),
      ),
    );
    const results = await Promise.all(sales);
    expect(results.map((r) => r.status)).toEqual(Array(PROCESSES * SALES_PER_PROCESS).fill(201));

    // Every process has ticked (first tick 1 s after start); one ran the expiry.
    const deadline = Date.now() + 10_000;
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const count = async (sql: string) => (await db.query(sql, [v.villageId])).rows[0].n as number;
      while ((await count(`SELECT count(*)::int AS n FROM expiry_runs WHERE village_id = $1`)) === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await new Promise((resolve) => setTimeout(resolve, 1_500)); // a second run would have shown by now
      expect(await count(`SELECT count(*)::int AS n FROM expiry_runs WHERE village_id = $1`)).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM audit_events WHERE village_id = $1 AND action = 'expiry.run'`)).toBe(1);
      expect(apis.filter((api) => api.output.includes('expiry scheduler ran')).length).toBe(1);

      // The sealer of every process shares one chain: each event sealed once, positions unbroken.
      const spent = await db.query(`SELECT count(*)::int AS n FROM redemptions WHERE village_id = $1`, [v.villageId]);
      expect(spent.rows[0].n).toBe(PROCESSES * SALES_PER_PROCESS);
    } finally {
      await db.end();
    }
    for (const api of apis) {
      const ledger = await expectCall(api.base, 200, 'GET', `/v1/ledger/verify?villageId=${v.villageId}`, { headers: v.auditor });
      expect({ ok: ledger.ok, problems: ledger.problems }).toEqual({ ok: true, problems: [] });
    }
    const audit = await expectCall(apis[1].base, 200, 'GET', `/v1/audit-events/verify?villageId=${v.villageId}`, { headers: v.auditor });
    expect(audit.ok).toBe(true);
    const balances = await Promise.all(v.households.map((h) => expectCall(apis[2].base, 200, 'GET', `/v1/households/${h.id}/balance`, { headers: v.clerk })));
    const sold = [0, 1, 2].map((n) => (n === 0 ? SALES_PER_PROCESS / 2 + PROCESSES * (SALES_PER_PROCESS / 2) : SALES_PER_PROCESS / 2));
    expect(balances.map((b) => b.balance)).toEqual(sold.map((count) => 1_000 - 2 * count));
  });
});
