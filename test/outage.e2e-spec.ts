import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { CallResult, call } from './support/api-process';
import { HouseholdFixture, ItemFixture, Shop, givenHousehold, givenItem, givenShop } from './support/shop';
import { TcpProxy } from './support/tcp-proxy';
import { TestApp, startTestApp } from './support/test-app';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * Database outage while requests flow: the connection to PostgreSQL is cut (a loopback TCP
 * proxy stops, or the server terminates the app's backends), then comes back. Requests
 * must fail fast with 503 `unavailable` (never 500, never past 5 s), readiness must go
 * 503 then 200, the app must recover without a restart, and no write may be half done.
 *
 * OUTAGE_MS (default 1500) is how long the database stays away.
 */
const OUTAGE_MS = Number(process.env.OUTAGE_MS ?? 1_500);
const WORKERS = 6;
const STOCK = 100_000;

interface Sale {
  key: string;
  body: { villageId: string; householdId: string; lines: { itemId: string; quantity: number }[] };
  result?: CallResult;
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('database outage while requests flow', () => {
  let suiteUrl: string;
  let proxy: TcpProxy;
  let t: TestApp;
  let base: string;
  let shop: Shop;
  let households: HouseholdFixture[];
  let items: ItemFixture[];
  const sales: Sale[] = [];
  const results: { route: string; res: CallResult; at: number }[] = [];

  beforeAll(async () => {
    suiteUrl = await createSuiteDatabase();
    const target = new URL(suiteUrl);
    proxy = new TcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.listen();
    t = await startTestApp({ databaseUrl: proxy.proxied(suiteUrl) });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    shop = await givenShop(t);
    households = [];
    for (let i = 0; i < 4; i++) households.push(await givenHousehold(t, shop, 1_000_000));
    items = [await givenItem(t, shop, { price: 3, stock: STOCK }), await givenItem(t, shop, { price: 7, stock: STOCK })];
  });
  afterAll(async () => {
    await t?.close();
    await proxy?.cut();
    if (suiteUrl) await dropDatabase(suiteUrl);
  });

  /** Clerks selling and looking cards up until `stop()`; bounded by `maxMs`. */
  async function load(isStopped: () => boolean, maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    const worker = async () => {
      while (!isStopped() && Date.now() < until) {
        if (Math.random() < 0.6) {
          const sale: Sale = {
            key: `sale-${randomUUID()}`,
            body: { villageId: shop.village.id, householdId: pick(households).id, lines: [{ itemId: pick(items).id, quantity: 1 + Math.floor(Math.random() * 2) }] },
          };
          sales.push(sale);
          const at = Date.now();
          sale.result = await call(base, 'POST', '/v1/redemptions', { body: sale.body, headers: { ...shop.clerk, 'idempotency-key': sale.key }, timeoutMs: 8_000 });
          results.push({ route: 'POST /v1/redemptions', res: sale.result, at });
        } else {
          const h = pick(households);
          const at = Date.now();
          const res = await call(base, 'GET', `/v1/households/lookup?villageId=${shop.village.id}&cardNo=${h.cardNo}`, { headers: shop.clerk, timeoutMs: 8_000 });
          results.push({ route: 'GET /v1/households/lookup', res, at });
        }
        // While the database is away the answers come at once; do not spin.
        if (results[results.length - 1].res.status === 503) await sleep(20);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
  }

  /** Polls readiness; resolves with the time from `since` to the first 200 (bounded). */
  async function readyAgain(since: number, limitMs = 20_000): Promise<number> {
    while (Date.now() - since < limitMs) {
      if ((await call(base, 'GET', '/health/ready', { timeoutMs: 5_000 })).status === 200) return Date.now() - since;
      await sleep(25);
    }
    throw new Error(`not ready within ${limitMs} ms of the database coming back`);
  }

  /** Only 2xx, or 503 `unavailable` problem+json; nothing slower than 5 s; every request answered. */
  function expectFailFast(): void {
    const bad = results.filter(({ res }) => res.status === 0 || res.ms > 5_000 || !((res.status >= 200 && res.status < 300) || (res.status === 503 && res.body?.code === 'unavailable')));
    expect(bad.map(({ route, res }) => ({ route, status: res.status, ms: res.ms, error: res.error, body: res.body }))).toEqual([]);
  }

  /** Retries every sale that did not succeed, with its key; then the database holds exactly the acknowledged sales. */
  async function expectNothingHalfWritten(): Promise<void> {
    for (const sale of sales.filter((s) => s.result?.status !== 201)) {
      sale.result = await call(base, 'POST', '/v1/redemptions', { body: sale.body, headers: { ...shop.clerk, 'idempotency-key': sale.key } });
      expect({ key: sale.key, status: sale.result.status }).toEqual({ key: sale.key, status: 201 });
    }
    const db = new Client({ connectionString: suiteUrl });
    await db.connect();
    try {
      const q = async (sql: string) => (await db.query(sql, [shop.village.id])).rows;
      const acknowledged = sales.map((s) => s.result!.body.id as string).sort();
      expect(new Set(acknowledged).size).toBe(sales.length);
      expect((await q(`SELECT id FROM redemptions WHERE village_id = $1`)).map((r) => r.id).sort()).toEqual(acknowledged);
      const [{ n }] = await q(`SELECT count(*)::int AS n FROM ledger_transactions WHERE village_id = $1 AND kind = 'redemption'`);
      expect(n).toBe(sales.length);
      const stock = await q(
        `SELECT i.id, i.stock_on_hand AS on_hand, COALESCE(SUM(m.quantity), 0)::int AS moved
           FROM catalogue_items i LEFT JOIN stock_movements m ON m.item_id = i.id WHERE i.village_id = $1 GROUP BY i.id`,
      );
      const sold = new Map(items.map((i) => [i.id, 0]));
      for (const s of sales) for (const line of s.body.lines) sold.set(line.itemId, sold.get(line.itemId)! + line.quantity);
      for (const row of stock) expect({ item: row.id, onHand: row.on_hand, moved: row.moved }).toEqual({ item: row.id, onHand: STOCK - sold.get(row.id)!, moved: STOCK - sold.get(row.id)! });
    } finally {
      await db.end();
    }
    const ledger = await call(base, 'GET', `/v1/ledger/verify?villageId=${shop.village.id}`, { headers: shop.auditor });
    expect({ status: ledger.status, ok: ledger.body.ok, problems: ledger.body.problems }).toEqual({ status: 200, ok: true, problems: [] });
    const audit = await call(base, 'GET', `/v1/audit-events/verify?villageId=${shop.village.id}`, { headers: shop.auditor });
    expect({ status: audit.status, ok: audit.body.ok }).toEqual({ status: 200, ok: true });
  }

  it('cut connection: 503 unavailable fast, readiness 503 then 200, recovers without restart, nothing half-written', async () => {
    results.length = 0;
    let stopped = false;
    const running = load(() => stopped, 30_000);
    await sleep(700);
    await proxy.cut();
    const cutAt = Date.now();
    await sleep(Math.min(300, OUTAGE_MS));
    const down = await call(base, 'GET', '/health/ready', { timeoutMs: 5_000 });
    expect({ status: down.status, code: down.body?.code }).toEqual({ status: 503, code: 'unavailable' });
    expect(down.ms).toBeLessThan(5_000);
    await sleep(Math.max(0, OUTAGE_MS - (Date.now() - cutAt)));
    const failedDuringOutage = results.filter((r) => r.res.status === 503).length;

    await proxy.restore();
    const restoredAt = Date.now();
    const readyMs = await readyAgain(restoredAt);
    // The first sale that succeeds after the database came back.
    let firstWriteMs = -1;
    while (firstWriteMs < 0 && Date.now() - restoredAt < 20_000) {
      const probe: Sale = {
        key: `probe-${randomUUID()}`,
        body: { villageId: shop.village.id, householdId: households[0].id, lines: [{ itemId: items[0].id, quantity: 1 }] },
      };
      probe.result = await call(base, 'POST', '/v1/redemptions', { body: probe.body, headers: { ...shop.clerk, 'idempotency-key': probe.key } });
      sales.push(probe);
      if (probe.result.status === 201) firstWriteMs = Date.now() - restoredAt;
      else await sleep(25);
    }
    await sleep(700);
    stopped = true;
    await running;

    expect(failedDuringOutage).toBeGreaterThan(0);
    expectFailFast();
    expect(firstWriteMs).toBeGreaterThanOrEqual(0);
    // Every request sent once readiness said 200 again succeeded.
    const afterwards = results.filter((r) => r.at >= restoredAt + readyMs);
    expect(afterwards.length).toBeGreaterThan(0);
    expect(afterwards.filter((r) => r.res.status < 200 || r.res.status >= 300).map((r) => ({ route: r.route, status: r.res.status, body: r.res.body }))).toEqual([]);
    process.stdout.write(
      `outage (proxy cut ${OUTAGE_MS} ms): ${results.length} requests, ${failedDuringOutage} answered 503 unavailable, slowest ${Math.max(...results.map((r) => r.res.ms))} ms; ` +
        `ready again ${readyMs} ms and first sale ${firstWriteMs} ms after the database came back\n`,
    );
    await expectNothingHalfWritten();
  });

  it('terminated backends (pg_terminate_backend): requests fail fast or succeed, the pool reconnects by itself', async () => {
    results.length = 0;
    let stopped = false;
    const running = load(() => stopped, 30_000);
    await sleep(500);
    const admin = new Client({ connectionString: suiteUrl });
    await admin.connect();
    let terminated = 0;
    try {
      // Three waves, like a failover or an operator killing sessions.
      for (let wave = 0; wave < 3; wave++) {
        const { rows } = await admin.query(
          `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'jifen'`,
        );
        terminated += rows.filter((r) => r.ok).length;
        await sleep(300);
      }
    } finally {
      await admin.end();
    }
    const terminatedAt = Date.now();
    const readyMs = await readyAgain(terminatedAt);
    await sleep(500);
    stopped = true;
    await running;

    expect(terminated).toBeGreaterThan(0);
    expectFailFast();
    const afterwards = results.filter((r) => r.at >= terminatedAt + readyMs);
    expect(afterwards.length).toBeGreaterThan(0);
    expect(afterwards.filter((r) => r.res.status < 200 || r.res.status >= 300).map((r) => ({ route: r.route, status: r.res.status, body: r.res.body }))).toEqual([]);
    process.stdout.write(
      `outage (pg_terminate_backend x3): ${terminated} backends terminated, ${results.length} requests, ${results.filter((r) => r.res.status === 503).length} answered 503, ` +
        `slowest ${Math.max(...results.map((r) => r.res.ms))} ms, ready ${readyMs} ms after the last wave\n`,
    );
    await expectNothingHalfWritten();
  });
});
