import { asRole, givenAdmin, givenUser } from './support/auth';
import { givenVillage, uniqueCode } from './support/factories';
import { award, ledgerOf, newKey } from './support/ledger';
import { Shop, givenHousehold, givenItem, saleKey } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { PointsRollups1795995700000 } from '../src/database/migrations/1795995700000-PointsRollups';
import { LedgerRollupOneTrigger1796500000000 } from '../src/database/migrations/1796500000000-LedgerRollupOneTrigger';

/**
 * The ledger's rollups read by the township summary (per-village flows by day and month, in
 * stripes; per-household award days) are kept by triggers in the postings' own transactions.
 * After concurrent postings of every kind, they equal a recomputation from the entries.
 */
describe('points rollups: village flows and award days agree with the entries', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Sums over stripes, and the same recomputed from the entries, for one village. */
  const rollupVersusEntries = async (villageId: string, db: { query: (sql: string, params: unknown[]) => Promise<any> } = t.dataSource) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const local = `(e.posted_at AT TIME ZONE coalesce(v.settings->>'timezone', 'Asia/Shanghai'))::date`;
    const fromEntries = `FROM ledger_entries e JOIN villages v ON v.id = e.village_id WHERE e.village_id = $1 AND e.balance_after IS NOT NULL`;
    const q = (sql: string) => db.query(sql, [villageId]);
    return {
      daily: await q(`SELECT day::text, flow, sum(points)::int AS points FROM points_village_daily WHERE village_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`),
      dailyFromEntries: await q(`SELECT ${local}::text AS day, household_points_flow(e.transaction_id) AS flow, sum(e.amount)::int AS points ${fromEntries} GROUP BY 1, 2 ORDER BY 1, 2`),
      monthly: await q(`SELECT month::text, flow, sum(points)::int AS points FROM points_village_monthly WHERE village_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`),
      monthlyFromEntries: await q(
        `SELECT date_trunc('month', ${local})::date::text AS month, household_points_flow(e.transaction_id) AS flow, sum(e.amount)::int AS points ${fromEntries} GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      awardDays: await q(
        `SELECT account_id, (year + (n - 1))::text AS day FROM points_household_award_years, generate_series(1, 366) n
          WHERE village_id = $1 AND substring(days FROM n FOR 1) = B'1' ORDER BY 1, 2`,
      ),
      awardDaysFromEntries: await q(
        `SELECT DISTINCT e.account_id, ${local}::text AS day ${fromEntries} AND e.amount > 0
            AND EXISTS (SELECT 1 FROM points_postings p WHERE p.id = e.transaction_id AND p.kind = 'award') ORDER BY 1, 2`,
      ),
    };
  };

  const ledger = () => ledgerOf(t);

  /** A township with one village, its system accounts and staff. */
  const givenTownshipShop = async () => {
    const admin = await givenAdmin(t);
    const township = (await t.http.post('/v1/townships').set(admin).send({ code: uniqueCode('T'), name: '汇算镇' }).expect(201)).body as { id: string };
    const village = await givenVillage(t, { townshipId: township.id });
    const shop: Shop = {
      village,
      system: await ledger().systemAccountIds(t.dataSource.manager, village.id),
      admin: await asRole(t, 'village_admin', village.id),
      auditor: await asRole(t, 'auditor', village.id),
      clerk: await asRole(t, 'clerk', village.id),
    };
    return { township, village, shop };
  };

  it('a posting in flight does not hold up another in the same village: each adds to its own stripe, one after another share stripe 0', async () => {
    const { village, shop } = await givenTownshipShop();
    const [a, b] = await Promise.all([givenHousehold(t, shop), givenHousehold(t, shop)]);
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await award(runner.manager, ledger(), shop, a.accountId, 5);
      // Same village, day and flow, while the first is uncommitted: a single row per village would make this wait.
      const second = inRetryingTransaction(t.dataSource, (tx) => award(tx, ledger(), shop, b.accountId, 7));
      const waited = await Promise.race([second.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 5_000))]);
      expect(waited).toBe(false);
      await runner.commitTransaction();
    } finally {
      await runner.release();
    }
    await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledger(), shop, b.accountId, 1));
    const rows = await t.dataSource.query(`SELECT stripe, flow, points::int FROM village_points_daily WHERE village_id = $1 ORDER BY stripe`, [village.id]);
    expect(rows).toEqual([
      { stripe: 0, flow: 'award', points: 6 },
      { stripe: 1, flow: 'award', points: 7 },
    ]);
  });

  it('after concurrent awards, penalties, sales, a sale cancel and a reversal: the rollups equal the entries and the township summary adds up; the migration back-fills the same', async () => {
    const { township, village, shop } = await givenTownshipShop();
    const households = await Promise.all(Array.from({ length: 6 }, () => givenHousehold(t, shop, 50)));
    await givenHousehold(t, shop); // active, never awarded: not participating
    const item = await givenItem(t, shop, { price: 4, stock: 100 });
    const sell = (householdId: string) =>
      t.http.post('/v1/redemptions').set(shop.clerk).set('Idempotency-Key', saleKey()).send({ villageId: village.id, householdId, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);
    const post = (accountId: string, points: number, kind: 'award' | 'penalty') => inRetryingTransaction(t.dataSource, (tx) => award(tx, ledger(), shop, accountId, points, kind));

    const [awarded, , sales] = await Promise.all([
      Promise.all(households.map((h, i) => post(h.accountId, 10 + i, 'award'))),
      Promise.all(households.map((h) => post(h.accountId, 2, 'penalty'))),
      Promise.all(households.map((h) => sell(h.id))),
    ]);
    const awardId = awarded[0].id;
    await Promise.all([
      t.http.post(`/v1/transactions/${awardId}/reverse`).set(shop.admin).set('Idempotency-Key', newKey()).send({ reason: '录错了' }).expect(201),
      t.http.post(`/v1/redemptions/${sales[1].body.id}/cancel`).set(shop.clerk).set('Idempotency-Key', saleKey()).send({ reason: '退货' }).expect(201),
      ...households.slice(2).map((h) => post(h.accountId, 1, 'award')),
    ]);

    const r = await rollupVersusEntries(village.id);
    expect(r.daily.length).toBeGreaterThan(0);
    expect(r.daily).toEqual(r.dailyFromEntries);
    expect(r.monthly).toEqual(r.monthlyFromEntries);
    expect(r.awardDays).toEqual(r.awardDaysFromEntries);
    expect(r.daily.map((d: { flow: string }) => d.flow)).toEqual(expect.arrayContaining(['award', 'penalty', 'redemption', 'refund', 'reversal_earned']));

    // The summary's numbers, recomputed from the entries and the balances.
    const officer = (await givenUser(t, [{ role: 'township_officer', townshipId: township.id }])).headers;
    const first = r.dailyFromEntries[0].day as string;
    const today = r.dailyFromEntries[r.dailyFromEntries.length - 1].day as string;
    const flow = (name: string) => r.dailyFromEntries.filter((d: { flow: string }) => d.flow === name).reduce((s: number, d: { points: number }) => s + d.points, 0);
    const balances = (await t.dataSource.query(`SELECT coalesce(sum(balance), 0)::int AS total FROM points_household_accounts WHERE village_id = $1`, [village.id]))[0].total;
    const summary = await t.http.get(`/v1/townships/${township.id}/summary?from=2000-01-01&to=${today}`).set(officer).expect(200);
    expect(summary.body.villages).toEqual([
      expect.objectContaining({ villageId: village.id, households: 7, participatingHouseholds: 6, issued: flow('award'), deducted: -flow('penalty'), redeemed: -flow('redemption'), outstanding: balances }),
    ]);
    expect(balances).toBe(r.dailyFromEntries.reduce((s: number, d: { points: number }) => s + d.points, 0));
    const [{ total }] = await t.dataSource.query(`SELECT sum(balance)::int AS total FROM points_village_household_balances WHERE village_id = $1`, [village.id]);
    expect(total).toBe(balances);
    // A period that ended the day before the first posting: nothing issued, closing on the balances of then.
    const dayBefore = new Date(Date.parse(`${first}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const before = await t.http.get(`/v1/townships/${township.id}/summary?from=2000-01-01&to=${dayBefore}`).set(officer).expect(200);
    expect(before.body.villages[0]).toMatchObject({ issued: 0, participatingHouseholds: 0, outstanding: 0 });

    // The migration back-fills the same rollups from the entries already posted (all in stripe 0).
    const runner = t.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // The one-trigger rollup (a later migration) stands on the tables PointsRollups makes: taken down and put back around it.
      const migration = new PointsRollups1795995700000();
      const oneTrigger = new LedgerRollupOneTrigger1796500000000();
      await oneTrigger.down(runner);
      await migration.down(runner);
      await migration.up(runner);
      await oneTrigger.up(runner);
      const again = await rollupVersusEntries(village.id, runner);
      expect(again).toEqual(r);
      expect(await runner.query(`SELECT DISTINCT stripe FROM village_points_daily WHERE village_id = $1`, [village.id])).toEqual([{ stripe: 0 }]);
      expect((await runner.query(`SELECT sum(balance)::int AS total FROM points_village_household_balances WHERE village_id = $1`, [village.id]))[0].total).toBe(balances);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
