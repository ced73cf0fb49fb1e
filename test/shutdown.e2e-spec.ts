import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiProcess, CallResult, ProcessVillage, buildPrivateDist, call, expectCall, freePort, givenProcessVillage } from './support/api-process';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * Graceful shutdown of the real API process: SIGTERM while clerks are busy and one sale is
 * held up inside its transaction (a row lock taken from outside). The held sale must finish
 * and be stored, requests sent after the signal must be refused (503, or the connection
 * refused once the port is closed), the pool must be closed and the process must exit 0.
 */
const WORKERS = 4;
const HOLD_MS = 1_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown on SIGTERM under load', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let databaseUrl: string;
  let api: ApiProcess;
  let v: ProcessVillage;

  beforeAll(async () => {
    [dist, databaseUrl] = await Promise.all([buildPrivateDist(), createSuiteDatabase()]);
    api = new ApiProcess({ distDir: dist.dir, databaseUrl, port: await freePort(), env: { LOG_LEVEL: 'info' } });
    await api.start();
    v = await givenProcessVillage(api.base, { households: 3, items: 2, stock: 10_000, price: 2 });
    for (const h of v.households) {
      await expectCall(api.base, 201, 'POST', '/v1/transactions', {
        headers: { ...v.villageAdmin, 'idempotency-key': randomUUID() },
        body: { villageId: v.villageId, kind: 'adjustment', memo: '开业', entries: [{ accountId: v.system.adjustments, amount: -100_000 }, { accountId: h.accountId, amount: 100_000 }] },
      });
    }
  });
  afterAll(async () => {
    await api?.stop();
    dist?.remove();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  const backends = async (db: Client): Promise<number> =>
    (await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'jifen'`)).rows[0].n;

  it('finishes in-flight requests, refuses new ones, closes the pool and exits 0', async () => {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      // Background load: card look-ups and sales of the other item, on keep-alive connections.
      const results: { res: CallResult; at: number }[] = [];
      let stopped = false;
      const worker = async (n: number) => {
        for (let i = 0; i < 400 && !stopped; i++) {
          const at = Date.now();
          const res =
            n % 2 === 0
              ? await call(api.base, 'GET', `/v1/households/${v.households[n % 3].id}/balance`, { headers: v.clerk, timeoutMs: 8_000 })
              : await call(api.base, 'POST', '/v1/redemptions', {
                  headers: { ...v.clerk, 'idempotency-key': randomUUID() },
                  body: { villageId: v.villageId, householdId: v.households[n % 3].id, lines: [{ itemId: v.items[1].id, quantity: 1 }] },
                  timeoutMs: 8_000,
                });
          results.push({ res, at });
          if (res.status === 0) await sleep(20);
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, (_, n) => worker(n)));
      await sleep(300);

      // One sale held inside its transaction by a lock on its item's row.
      await db.query('BEGIN');
      await db.query('SELECT 1 FROM catalogue_items WHERE id = $1 FOR UPDATE', [v.items[0].id]);
      const heldKey = randomUUID();
      const heldStarted = Date.now();
      const held = call(api.base, 'POST', '/v1/redemptions', {
        headers: { ...v.clerk, 'idempotency-key': heldKey },
        body: { villageId: v.villageId, householdId: v.households[0].id, lines: [{ itemId: v.items[0].id, quantity: 2 }] },
        timeoutMs: 20_000,
      });
      // Wait until the sale is really waiting on the lock.
      for (let i = 0; i < 100; i++) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'jifen' AND wait_event_type = 'Lock'`);
        if (rows[0].n > 0) break;
        await sleep(20);
      }
      expect(await backends(db)).toBeGreaterThan(0);

      const exited = api.waitForExit();
      const signalledAt = Date.now();
      process.kill(api.pid!, 'SIGTERM');
      // Until the held sale is let go, the process must keep running and refuse new work.
      await sleep(400);
      const probeNew = await call(api.base, 'GET', `/v1/households/${v.households[1].id}/balance`, { headers: v.clerk, timeoutMs: 5_000 });
      const probeReady = await call(api.base, 'GET', '/health/ready', { timeoutMs: 5_000 });
      let exitedEarly = false;
      void exited.then(() => (exitedEarly = true));
      await sleep(Math.max(0, HOLD_MS - (Date.now() - heldStarted)));
      expect(exitedEarly).toBe(false);
      await db.query('COMMIT');

      const heldRes = await held;
      const exit = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 20_000).unref())]);
      const exitMs = Date.now() - signalledAt;
      stopped = true;
      await load;

      // The in-flight sale finished and is stored.
      expect({ status: heldRes.status, body: heldRes.body?.status }).toEqual({ status: 201, body: 'completed' });
      const stored = await db.query('SELECT status FROM redemptions WHERE id = $1', [heldRes.body.id]);
      expect(stored.rows).toEqual([{ status: 'completed' }]);
      // New requests after the signal: refused with 503, or the connection refused once the port is closed.
      for (const probe of [probeNew, probeReady]) {
        expect(probe.status === 503 || probe.error === 'ECONNREFUSED').toBe(true);
        if (probe.status === 503) expect(probe.body?.code ?? 'unavailable').toBe('unavailable');
      }
      // Clean exit, with the pool closed.
      expect(exit).toEqual({ code: 0, signal: null });
      expect(await backends(db)).toBe(0);
      expect(api.output).toMatch(/shutting down/);
      expect(api.output).not.toMatch(/"level":50|shutdown failed|timed out/);

      // Background requests: each either succeeded or was refused; none answered 500.
      const late = results.filter((r) => r.at > signalledAt + 400);
      const bad = results.filter((r) => r.res.status >= 500 && r.res.status !== 503);
      expect(bad.map((r) => ({ status: r.res.status, body: r.res.body }))).toEqual([]);
      expect(late.filter((r) => r.res.status >= 200 && r.res.status < 300)).toEqual([]);
      const refused = late.filter((r) => r.res.status === 503 || r.res.status === 0);
      process.stdout.write(
        `shutdown: SIGTERM with ${WORKERS} clients busy and one sale held ${HOLD_MS} ms in its transaction: held sale 201 after ${heldRes.ms} ms, ` +
          `process exited ${exit?.code} ${exitMs} ms after the signal; ${results.length} background requests, ${refused.length} refused after the signal ` +
          `(${late.filter((r) => r.res.status === 503).length} with 503, ${late.filter((r) => r.res.status === 0).length} connection refused/closed); pool connections left: 0\n`,
      );

      // The database is consistent after the restart-free stop.
      api = new ApiProcess({ distDir: dist.dir, databaseUrl, port: await freePort() });
      await api.start();
      const ledger = await expectCall(api.base, 200, 'GET', `/v1/ledger/verify?villageId=${v.villageId}`, { headers: v.auditor });
      expect({ ok: ledger.ok, problems: ledger.problems }).toEqual({ ok: true, problems: [] });
    } finally {
      await db.query('ROLLBACK').catch(() => undefined);
      await db.end();
    }
  });
});
