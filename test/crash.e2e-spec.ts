import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { ApiProcess, ProcessVillage, buildPrivateDist, call, expectCall, freePort, givenProcessVillage } from './support/api-process';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * Crash safety: the real API process is SIGKILLed at a random moment while clerks sell,
 * cancel and the village admin adjusts, all with Idempotency-Keys. After a restart every
 * request that got no answer is retried with its same key and body. Then every
 * acknowledged (2xx) write must be in the database exactly once, and nothing else.
 *
 * CRASH_ROUNDS (default 2) kills per run; `npm run crash` runs a long form.
 */
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 2);
const WORKERS = Number(process.env.CRASH_WORKERS ?? 8);
const HOUSEHOLDS = 6;
const ITEMS = 4;
const STOCK = 100_000;
const START_POINTS = 1_000_000;

type Kind = 'adjustment' | 'sale' | 'cancel';

interface Sent {
  kind: Kind;
  key: string;
  path: string;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Record<string, string>;
  /** The answer that counted (the first 2xx or 4xx); undefined while none came. */
  status?: number;
  response?: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  attempts: number;
  /** Answered only after a restart (by a replay or a first run). */
  retried: boolean;
}

const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

describe('crash safety: SIGKILL mid-load, restart, retry with the same keys', () => {
  let dist: Awaited<ReturnType<typeof buildPrivateDist>>;
  let databaseUrl: string;
  let api: ApiProcess;
  let v: ProcessVillage;
  const sent: Sent[] = [];
  const stats = { kills: 0, replayed: 0 };

  beforeAll(async () => {
    [dist, databaseUrl] = await Promise.all([buildPrivateDist(), createSuiteDatabase()]);
    api = new ApiProcess({ distDir: dist.dir, databaseUrl, port: await freePort() });
    await api.start();
    v = await givenProcessVillage(api.base, { households: HOUSEHOLDS, items: ITEMS, stock: STOCK, price: 3 });
    for (const h of v.households) {
      const s = adjustment(h.accountId, START_POINTS);
      await send(s);
      expect(s.status).toBe(201);
    }
  });
  afterAll(async () => {
    await api?.stop();
    dist?.remove();
    if (databaseUrl) await dropDatabase(databaseUrl);
  });

  function adjustment(accountId: string, amount: number): Sent {
    const key = `adj-${randomUUID()}`;
    return {
      kind: 'adjustment',
      key,
      path: '/v1/transactions',
      body: { villageId: v.villageId, kind: 'adjustment', memo: `补录 ${key}`, entries: [{ accountId: v.system.adjustments, amount: -amount }, { accountId, amount }] },
      headers: { ...v.villageAdmin, 'idempotency-key': key },
      attempts: 0,
      retried: false,
    };
  }

  function sale(): Sent {
    const key = `sale-${randomUUID()}`;
    const lines = [{ itemId: pick(v.items).id, quantity: 1 + Math.floor(Math.random() * 3) }];
    if (Math.random() < 0.3) {
      const other = pick(v.items).id;
      if (other !== lines[0].itemId) lines.push({ itemId: other, quantity: 1 });
    }
    return { kind: 'sale', key, path: '/v1/redemptions', body: { villageId: v.villageId, householdId: pick(v.households).id, lines }, headers: { ...v.clerk, 'idempotency-key': key }, attempts: 0, retried: false };
  }

  function cancel(redemptionId: string): Sent {
    const key = `cancel-${randomUUID()}`;
    return { kind: 'cancel', key, path: `/v1/redemptions/${redemptionId}/cancel`, body: { reason: '顾客退货' }, headers: { ...v.clerk, 'idempotency-key': key }, attempts: 0, retried: false };
  }

  /** One attempt; a 5xx or no answer leaves the request unanswered (to be retried with its key). */
  async function send(s: Sent): Promise<void> {
    if (!sent.includes(s)) sent.push(s);
    s.attempts++;
    const res = await call(api.base, 'POST', s.path, { body: s.body, headers: s.headers, timeoutMs: 10_000 });
    if (res.status >= 200 && res.status < 500) {
      s.status = res.status;
      s.response = res.body;
    }
  }

  /** Concurrent clerks and an admin until `stop()` says so (bounded by `maxMs` anyway). */
  async function load(isStopped: () => boolean, maxMs: number): Promise<void> {
    const until = Date.now() + maxMs;
    const cancellable: string[] = [];
    const cancelled = new Set(sent.filter((s) => s.kind === 'cancel').map((s) => s.path));
    for (const s of sent) if (s.kind === 'sale' && s.status === 201 && !cancelled.has(`/v1/redemptions/${s.response.id}/cancel`)) cancellable.push(s.response.id);
    const worker = async () => {
      while (!isStopped() && Date.now() < until) {
        const r = Math.random();
        let s: Sent;
        if (r < 0.25) s = adjustment(pick(v.households).accountId, 1 + Math.floor(Math.random() * 50));
        else if (r < 0.4 && cancellable.length) s = cancel(cancellable.splice(Math.floor(Math.random() * cancellable.length), 1)[0]);
        else s = sale();
        await send(s);
        if (s.kind === 'sale' && s.status === 201) cancellable.push(s.response.id);
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
  }

  it(`keeps every acknowledged write exactly once across ${ROUNDS} SIGKILL(s)`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      let killed = false;
      const before = sent.length;
      const running = load(() => killed, 20_000);
      // A random moment once the load is under way (100-900 ms in).
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 800));
      await api.signal('SIGKILL');
      killed = true;
      stats.kills++;
      await running;
      const unanswered = sent.filter((s) => s.status === undefined);
      expect(sent.length).toBeGreaterThan(before);

      await api.start();
      for (const s of unanswered) {
        s.retried = true;
        await send(s);
        if (s.status === undefined) throw new Error(`retry of ${s.kind} ${s.key} got no answer after the restart`);
      }
    }
    // Acknowledged writes replay the same response after the restarts (sampled).
    const acknowledged = sent.filter((s) => s.status !== undefined && s.status < 300 && !s.retried);
    for (const s of acknowledged.sort(() => Math.random() - 0.5).slice(0, 30)) {
      const res = await call(api.base, 'POST', s.path, { body: s.body, headers: s.headers });
      expect({ key: s.key, status: res.status, body: res.body }).toEqual({ key: s.key, status: s.status, body: s.response });
      stats.replayed++;
    }

    // Every request ended with 201: nothing in this mix may fail.
    const failed = sent.filter((s) => s.status !== 201);
    expect(failed.map((s) => ({ kind: s.kind, status: s.status, body: s.response }))).toEqual([]);
    await expectAcknowledgedExactlyOnce();

    const ledger = await expectCall(api.base, 200, 'GET', `/v1/ledger/verify?villageId=${v.villageId}`, { headers: v.auditor });
    expect({ ok: ledger.ok, problems: ledger.problems }).toEqual({ ok: true, problems: [] });
    const audit = await expectCall(api.base, 200, 'GET', `/v1/audit-events/verify?villageId=${v.villageId}`, { headers: v.auditor });
    expect(audit).toMatchObject({ ok: true, firstBrokenId: null });

    const counts = { adjustment: 0, sale: 0, cancel: 0 };
    for (const s of sent) counts[s.kind]++;
    process.stdout.write(
      `crash: ${stats.kills} SIGKILL(s); ${sent.length} writes acknowledged and checked (${counts.sale} sales, ${counts.cancel} cancellations, ${counts.adjustment} adjustments); ` +
        `${sent.filter((s) => s.retried).length} unanswered at a kill and retried with their keys; ${stats.replayed} acknowledged ones replayed; duplicates 0\n`,
    );
   }, 60_000 + ROUNDS * 30_000);

  /** The database holds exactly the acknowledged writes: ids, counts, balances and stock. */
  async function expectAcknowledgedExactlyOnce(): Promise<void> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      const ids = (kind: Kind) => sent.filter((s) => s.kind === kind).map((s) => s.response.id as string).sort();
      const q = async (sql: string) => (await db.query(sql, [v.villageId])).rows;

      // Adjustments: one transaction per acknowledged key, carrying that key, and no other.
      const adjustments = await q(`SELECT id, idempotency_key FROM ledger_transactions WHERE village_id = $1 AND kind = 'adjustment' ORDER BY id`);
      expect(adjustments.map((r) => r.id).sort()).toEqual(ids('adjustment'));
      const keyOf = new Map(sent.filter((s) => s.kind === 'adjustment').map((s) => [s.response.id as string, s.key]));
      for (const r of adjustments) expect(r.idempotency_key).toBe(keyOf.get(r.id));

      // Sales: exactly the acknowledged redemptions, each with one ledger transaction.
      const redemptions = await q(`SELECT id, status, transaction_id, refund_transaction_id FROM redemptions WHERE village_id = $1`);
      expect(redemptions.map((r) => r.id).sort()).toEqual(ids('sale'));
      expect(new Set(ids('sale')).size).toBe(ids('sale').length);
      const saleTx = await q(`SELECT id FROM ledger_transactions WHERE village_id = $1 AND kind = 'redemption'`);
      expect(saleTx.map((r) => r.id).sort()).toEqual(redemptions.map((r) => r.transaction_id).sort());

      // Cancellations: exactly the acknowledged ones, each refunded once.
      const cancelledIds = sent.filter((s) => s.kind === 'cancel').map((s) => s.path.split('/')[3]).sort();
      expect(redemptions.filter((r) => r.status === 'cancelled').map((r) => r.id).sort()).toEqual(cancelledIds);
      const refunds = await q(`SELECT id FROM ledger_transactions WHERE village_id = $1 AND kind = 'refund'`);
      expect(refunds.map((r) => r.id).sort()).toEqual(redemptions.filter((r) => r.status === 'cancelled').map((r) => r.refund_transaction_id).sort());

      // Balances: what the acknowledged responses add up to, per household.
      const expected = new Map(v.households.map((h) => [h.accountId, 0]));
      const accountOfHousehold = new Map(v.households.map((h) => [h.id, h.accountId]));
      const cancelled = new Set(cancelledIds);
      for (const s of sent) {
        if (s.kind === 'adjustment') expected.set(s.body.entries[1].accountId, expected.get(s.body.entries[1].accountId)! + s.body.entries[1].amount);
        if (s.kind === 'sale' && !cancelled.has(s.response.id)) {
          const account = accountOfHousehold.get(s.body.householdId)!;
          expected.set(account, expected.get(account)! - s.response.totalPoints);
        }
      }
      const balances = await q(`SELECT id, balance::int AS balance FROM ledger_accounts WHERE village_id = $1 AND kind = 'household'`);
      expect(Object.fromEntries(balances.map((r) => [r.id, r.balance]))).toEqual(Object.fromEntries(expected));

      // Stock: every item equals its movements, and the movements are the acknowledged sales.
      const stock = await q(
        `SELECT i.id, i.stock_on_hand AS on_hand, COALESCE(SUM(m.quantity), 0)::int AS moved
           FROM catalogue_items i LEFT JOIN stock_movements m ON m.item_id = i.id WHERE i.village_id = $1 GROUP BY i.id`,
      );
      const sold = new Map(v.items.map((i) => [i.id, 0]));
      for (const s of sent) {
        if (s.kind !== 'sale' || cancelled.has(s.response.id)) continue;
        for (const line of s.body.lines) sold.set(line.itemId, sold.get(line.itemId)! + line.quantity);
      }
      for (const row of stock) {
        expect({ item: row.id, onHand: row.on_hand }).toEqual({ item: row.id, onHand: row.moved });
        expect({ item: row.id, onHand: row.on_hand }).toEqual({ item: row.id, onHand: STOCK - sold.get(row.id)! });
      }

      // The audit log has one event per acknowledged sale and cancellation.
      const events = await q(`SELECT action, entity_id FROM audit_events WHERE village_id = $1 AND action IN ('redemption.completed', 'redemption.cancelled')`);
      expect(events.filter((e) => e.action === 'redemption.completed').map((e) => e.entity_id).sort()).toEqual(ids('sale'));
      expect(events.filter((e) => e.action === 'redemption.cancelled').map((e) => e.entity_id).sort()).toEqual(cancelledIds);
    } finally {
      await db.end();
    }
  }
});
