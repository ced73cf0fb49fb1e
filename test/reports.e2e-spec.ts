import { randomUUID } from 'node:crypto';
import { Clock } from '../src/core/time/clock';
import { ExpiryService } from '../src/expiry/expiry.service';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { asRole } from './support/auth';
import { award, ledgerOf } from './support/ledger';
import { HouseholdFixture, Shop, givenHousehold, givenItem, givenShop, saleKey } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';

const DAY = 24 * 3600 * 1000;

describe('reports: leaderboard, stars, summary, CSV, annual expiry', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const give = (shop: Shop, h: HouseholdFixture, points: number, kind: 'award' | 'penalty' = 'award') =>
    inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), shop, h.accountId, points, kind));
  const sell = (shop: Shop, h: HouseholdFixture, itemId: string, quantity: number) =>
    t.http.post('/v1/redemptions').set(shop.clerk).set('Idempotency-Key', saleKey()).send({ villageId: shop.village.id, householdId: h.id, lines: [{ itemId, quantity }] }).expect(201);
  const thisMonth = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);
  const leaderboard = async (shop: Shop, period: string, extra: object = {}) =>
    (await t.http.get(`/v1/villages/${shop.village.id}/leaderboard`).query({ period, ...extra }).set(shop.admin).expect(200)).body;

  /** A balanced award written directly with a chosen posting time (the API always posts "now"). */
  async function awardAt(shop: Shop, h: HouseholdFixture, points: number, postedAt: string): Promise<void> {
    await t.dataSource.transaction(async (tx) => {
      const id = randomUUID();
      // TypeORM answers UPDATE ... RETURNING with [rows, rowCount].
      const [[{ balance }]] = await tx.query(`UPDATE ledger_accounts SET balance = balance + $2 WHERE id = $1 RETURNING balance`, [h.accountId, points]);
      await tx.query(
        `INSERT INTO ledger_transactions (id, village_id, kind, memo, created_by_kind, created_by_name, posted_at) VALUES ($1, $2, 'award', 'test', 'system', 'test', $3)`,
        [id, shop.village.id, postedAt],
      );
      await tx.query(
        `INSERT INTO ledger_entries (transaction_id, account_id, village_id, amount, balance_after, posted_at) VALUES ($1, $2, $3, $4, NULL, $6), ($1, $5, $3, $7, $8, $6)`,
        [id, shop.system.issuance, shop.village.id, -points, h.accountId, postedAt, points, balance],
      );
      await tx.query(`UPDATE ledger_balance_stripes SET balance = balance - $2 WHERE account_id = $1 AND stripe = 0`, [shop.system.issuance, points]);
    });
  }

  it('ranks by points earned, not by balance; ties share a rank; penalties and reversals net', async () => {
    const shop = await givenShop(t);
    const [a, b, c, d] = await Promise.all([1, 2, 3, 4].map(() => givenHousehold(t, shop)));
    await give(shop, a, 50);
    const item = await givenItem(t, shop, { price: 10, stock: 10 });
    await sell(shop, a, item.id, 4); // a spends 40: balance 10, still earned 50
    await give(shop, b, 30);
    await give(shop, c, 30);
    await give(shop, d, 40);
    await give(shop, d, 15, 'penalty'); // d earned 25
    const mistaken = await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), shop, d.accountId, 20));
    await t.http.post(`/v1/transactions/${mistaken.id}/reverse`).set(shop.admin).set('Idempotency-Key', saleKey()).send({ reason: '评错了' }).expect(201);

    const board = await leaderboard(shop, thisMonth());
    expect(board.items.map((i: { code: string; rank: number; points: number }) => [i.code, i.rank, i.points])).toEqual([
      [a.code, 1, 50],
      ...[[b.code, 2, 30], [c.code, 2, 30]].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      [d.code, 4, 25],
    ]);
    const year = await leaderboard(shop, thisMonth().slice(0, 4), { limit: 2 });
    expect(year.items).toHaveLength(2);
    expect((await t.http.get(`/v1/villages/${shop.village.id}/leaderboard`).query({ period: '2026-13' }).set(shop.admin)).status).toBe(400);
  });

  it('puts a posting at 23:30 Beijing time on the 31st in that month, and 00:30 in the next', async () => {
    const shop = await givenShop(t);
    const [a, b] = await Promise.all([givenHousehold(t, shop), givenHousehold(t, shop)]);
    await awardAt(shop, a, 7, '2026-10-31T15:30:00Z'); // 23:30 on 31 October in UTC+8
    await awardAt(shop, b, 9, '2026-10-31T16:30:00Z'); // 00:30 on 1 November in UTC+8
    const october = await leaderboard(shop, '2026-10');
    expect(october.items.find((i: { code: string }) => i.code === a.code).points).toBe(7);
    expect(october.items.find((i: { code: string }) => i.code === b.code).points).toBe(0);
    const november = await leaderboard(shop, '2026-11');
    expect(november.items.find((i: { code: string }) => i.code === b.code).points).toBe(9);
    const q4 = await leaderboard(shop, '2026-Q4');
    expect(q4.items.map((i: { points: number }) => i.points).sort()).toEqual([7, 9]);
  });

  it('gives stars by yearly earned points against the village thresholds', async () => {
    const shop = await givenShop(t);
    await t.http.patch(`/v1/villages/${shop.village.id}`).set(shop.admin).send({ settings: { starThresholds: [10, 20, 30, 40, 50] } }).expect(200);
    const households = await Promise.all([5, 10, 35, 60].map(async (points) => {
      const h = await givenHousehold(t, shop);
      await give(shop, h, points);
      return { h, points };
    }));
    const year = Number(thisMonth().slice(0, 4));
    const res = await t.http.get(`/v1/villages/${shop.village.id}/stars`).query({ year }).set(shop.clerk).expect(200);
    const byCode = new Map(res.body.items.map((i: { code: string; stars: number }) => [i.code, i.stars]));
    expect(households.map(({ h }) => byCode.get(h.code))).toEqual([0, 1, 3, 5]);
    const board = await leaderboard(shop, String(year));
    expect(board.items[0].stars).toBe(5);
    const bad = await t.http.patch(`/v1/villages/${shop.village.id}`).set(shop.admin).send({ settings: { starThresholds: [20, 10] } });
    expect(bad.status).toBe(400);
  });

  it('summarises flows whose identity holds and whose outstanding equals the sum of balances', async () => {
    const shop = await givenShop(t);
    const [a, b] = await Promise.all([givenHousehold(t, shop), givenHousehold(t, shop), givenHousehold(t, shop)]);
    await give(shop, a, 100);
    await give(shop, b, 40);
    await give(shop, b, 60, 'penalty');
    const rice = await givenItem(t, shop, { price: 10, stock: 20, name: '大米' });
    await t.http.post(`/v1/catalogue-items/${rice.id}/stock-movements`).set(shop.admin).send({ quantity: 5, reason: 'donation', donor: '爱心粮油公司' }).expect(201);
    await t.http.patch(`/v1/catalogue-items/${rice.id}`).set(shop.admin).send({ lowStockThreshold: 30 }).expect(200);
    const sale = await sell(shop, a, rice.id, 3);
    await sell(shop, a, rice.id, 2);
    await t.http.post(`/v1/redemptions/${sale.body.id}/cancel`).set(shop.admin).set('Idempotency-Key', saleKey()).send({ reason: '退' }).expect(201);

    const summary = (await t.http.get(`/v1/villages/${shop.village.id}/summary`).set(shop.auditor).expect(200)).body;
    expect(summary).toMatchObject({ openingBalance: 0, issued: 140, deducted: 60, redeemed: 50, refunded: 30, expired: 0, adjusted: 0, households: 3, participatingHouseholds: 2 });
    expect(summary.participation).toBeCloseTo(2 / 3, 3);
    const [{ sum }] = await t.dataSource.query(`SELECT sum(balance)::int AS sum FROM ledger_accounts WHERE village_id = $1 AND kind = 'household'`, [shop.village.id]);
    expect(summary.outstanding).toBe(sum);
    expect(summary.outstanding).toBe(summary.openingBalance + summary.issued - summary.deducted - summary.redeemed + summary.refunded - summary.expired + summary.adjusted);
    expect(summary.topRedeemedItems).toEqual([{ itemId: rice.id, name: '大米', quantity: 2, points: 20 }]);
    expect(summary.donationsByDonor).toEqual([{ donor: '爱心粮油公司', quantity: 5, items: 1 }]);
    expect(summary.lowStockItems).toEqual([{ itemId: rice.id, name: '大米', stockOnHand: 23, lowStockThreshold: 30 }]);

    const future = (await t.http.get(`/v1/villages/${shop.village.id}/summary`).query({ from: '2099-01-01', to: '2099-12-31' }).set(shop.auditor).expect(200)).body;
    expect(future).toMatchObject({ openingBalance: sum, issued: 0, outstanding: sum });
    expect((await t.http.get(`/v1/villages/${shop.village.id}/summary`).set(shop.clerk)).status).toBe(403);

    const admin = await asRole(t, 'admin', null);
    const township = await t.http.get('/v1/summary').set(admin).expect(200);
    expect(township.body.villages.find((v: { villageId: string }) => v.villageId === shop.village.id).outstanding).toBe(sum);
    expect((await t.http.get('/v1/summary').set(shop.admin)).status).toBe(403);
  });

  it('keeps its rollups equal to the ledger entries they summarise', async () => {
    const shop = await givenShop(t);
    const households = await Promise.all([1, 2, 3].map(() => givenHousehold(t, shop)));
    const item = await givenItem(t, shop, { price: 3, stock: 50 });
    await Promise.all(households.map((h, i) => give(shop, h, 20 + i)));
    await Promise.all(households.map((h) => give(shop, h, 2, 'penalty')));
    await Promise.all(households.map((h) => sell(shop, h, item.id, 2)));
    const mismatches = await t.dataSource.query(
      `WITH entries AS (SELECT account_id, sum(amount) AS points FROM ledger_entries WHERE village_id = $1 AND balance_after IS NOT NULL GROUP BY 1),
            daily AS (SELECT account_id, sum(points) AS points FROM household_points_daily WHERE village_id = $1 GROUP BY 1),
            earned AS (SELECT e.account_id, sum(e.amount) AS points FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
                       WHERE e.village_id = $1 AND e.balance_after IS NOT NULL AND t.kind IN ('award', 'penalty') GROUP BY 1),
            monthly AS (SELECT account_id, sum(points) AS points FROM household_earned_monthly WHERE village_id = $1 GROUP BY 1)
       SELECT e.account_id FROM entries e FULL JOIN daily d USING (account_id) FULL JOIN earned x USING (account_id) FULL JOIN monthly m USING (account_id)
       WHERE e.points IS DISTINCT FROM d.points OR x.points IS DISTINCT FROM m.points`,
      [shop.village.id],
    );
    expect(mismatches).toEqual([]);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM household_earned_monthly WHERE village_id = $1`, [shop.village.id]);
    expect(n).toBe(3);
  });

  it('exports reports as UTF-8 CSV with a BOM and Chinese headers', async () => {
    const shop = await givenShop(t);
    const h = await givenHousehold(t, shop);
    await give(shop, h, 12);
    const csv = await t.http.get(`/v1/villages/${shop.village.id}/leaderboard`).query({ period: thisMonth() }).set(shop.admin).set('Accept', 'text/csv').buffer(true).parse((res, cb) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => cb(null, Buffer.concat(chunks)));
    });
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = csv.body as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('名次,户号,村民小组,积分,星级');
    expect(lines[1]).toBe(`1,${h.code},,12,`);
    const summary = await t.http.get(`/v1/villages/${shop.village.id}/summary`).set(shop.admin).set('Accept', 'text/csv');
    expect(summary.text.split('\r\n')[0]).toContain('期末积分');
  });

  it('serves the household passbook as pages and as a CSV export', async () => {
    const shop = await givenShop(t);
    const h = await givenHousehold(t, shop);
    await give(shop, h, 30);
    const item = await givenItem(t, shop, { price: 5, stock: 10, name: '肥皂' });
    await sell(shop, h, item.id, 2);
    await give(shop, h, 4, 'penalty');
    const page1 = await t.http.get(`/v1/households/${h.id}/statement`).query({ limit: 2 }).set(shop.admin).expect(200);
    expect(page1.body.items.map((l: { kind: string; amount: number; balanceAfter: number }) => [l.kind, l.amount, l.balanceAfter])).toEqual([
      ['penalty', -4, 16],
      ['redemption', -10, 20],
    ]);
    const page2 = await t.http.get(`/v1/households/${h.id}/statement`).query({ limit: 2, cursor: page1.body.nextCursor }).set(shop.admin).expect(200);
    expect(page2.body).toMatchObject({ items: [{ kind: 'award', amount: 30, balanceAfter: 30 }], nextCursor: null });
    const csv = await t.http.get(`/v1/households/${h.id}/statement`).set(shop.clerk).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('时间,类型,积分,余额,摘要,交易号');
    expect(rows.slice(1).map((r) => r.split(',').slice(1, 4).join(','))).toEqual(['扣分,-4,16', '兑换,-10,20', '奖励,30,30']);
    const resident = await asRole(t, 'resident', shop.village.id, { householdId: (await givenHousehold(t, shop)).id });
    expect((await t.http.get(`/v1/households/${h.id}/statement`).set(resident)).status).toBeGreaterThanOrEqual(403);
  });

  describe('annual expiry (年度清零)', () => {
    it('expires old points once, leaves negative balances and earned history alone, and is idempotent', async () => {
      const shop = await givenShop(t);
      await t.http.patch(`/v1/villages/${shop.village.id}`).set(shop.admin).send({ settings: { pointsExpiry: { mode: 'annual', resetDate: '01-01' } } }).expect(200);
      const [rich, spender, negative] = await Promise.all([givenHousehold(t, shop), givenHousehold(t, shop), givenHousehold(t, shop)]);
      await give(shop, rich, 80);
      await give(shop, spender, 30);
      await give(shop, negative, 10, 'penalty');
      const year = Number(thisMonth().slice(0, 4));
      const before = (await t.http.post(`/v1/villages/${shop.village.id}/expiry-runs`).set(shop.admin).set('Idempotency-Key', saleKey()).send({ year: year + 1 }));
      expect(before.status).toBe(409);
      expect(before.body.code).toBe('invalid_state');

      const clock = t.app.get(Clock);
      const shift = Date.parse(`${year + 1}-01-02T04:00:00Z`) - Date.now();
      clock.advance(shift);
      try {
        const admin = await asRole(t, 'village_admin', shop.village.id);
        // Two runs at once: the advisory lock lets one post, the other returns its result.
        const [first, second] = await Promise.all([
          t.http.post(`/v1/villages/${shop.village.id}/expiry-runs`).set(admin).set('Idempotency-Key', saleKey()).send({}),
          t.app.get(ExpiryService).run({ kind: 'system', id: null, name: 'scheduler', grants: [{ role: 'admin', villageId: null }], requestId: null, ip: null }, shop.village.id, undefined),
        ]);
        expect(first.status).toBe(201);
        expect(first.body).toMatchObject({ year: year + 1, resetDate: `${year + 1}-01-01`, households: 2, points: 110 });
        expect(second.id).toBe(first.body.id);
        const again = await t.http.post(`/v1/villages/${shop.village.id}/expiry-runs`).set(admin).set('Idempotency-Key', saleKey()).send({});
        expect(again.body.id).toBe(first.body.id);
        const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_transactions WHERE village_id = $1 AND kind = 'expiry'`, [shop.village.id]);
        expect(n).toBe(2);
        const balances = await t.dataSource.query(`SELECT id, balance::int FROM ledger_accounts WHERE id = ANY($1)`, [[rich.accountId, spender.accountId, negative.accountId]]);
        expect(new Map(balances.map((r: { id: string; balance: number }) => [r.id, r.balance]))).toEqual(new Map([[rich.accountId, 0], [spender.accountId, 0], [negative.accountId, -10]]));
        // Earned history is untouched: the year's leaderboard still shows what was earned.
        const board = (await t.http.get(`/v1/villages/${shop.village.id}/leaderboard`).query({ period: String(year) }).set(admin).expect(200)).body;
        expect(board.items.find((i: { code: string }) => i.code === rich.code).points).toBe(80);
        const verify = await t.http.get('/v1/ledger/verify').query({ villageId: shop.village.id }).set(await asRole(t, 'auditor', shop.village.id)).expect(200);
        expect(verify.body.ok).toBe(true);
      } finally {
        clock.advance(-shift);
      }
    });

    it('refuses a village without annual expiry', async () => {
      const shop = await givenShop(t);
      const res = await t.http.post(`/v1/villages/${shop.village.id}/expiry-runs`).set(shop.admin).set('Idempotency-Key', saleKey()).send({});
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('invalid_state');
      expect(DAY).toBeGreaterThan(0);
    });
  });
});
