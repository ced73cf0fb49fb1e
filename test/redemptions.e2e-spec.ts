import fc from 'fast-check';
import { Clock } from '../src/core/time/clock';
import { asRole } from './support/auth';
import { givenVillage } from './support/factories';
import { Shop, givenHousehold, givenItem, givenShop, saleKey } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';

const DAY = 24 * 3600 * 1000;

describe('points supermarket: catalogue, stock ledger, redemptions, cancellations', () => {
  let t: TestApp;
  let shop: Shop;
  beforeAll(async () => {
    t = await startTestApp();
    shop = await givenShop(t);
  });
  afterAll(() => t.close());

  const sell = (body: object, key = saleKey(), headers = shop.clerk) => t.http.post('/v1/redemptions').set(headers).set('Idempotency-Key', key).send({ villageId: shop.village.id, ...body });
  const balanceOf = async (householdId: string) => (await t.http.get(`/v1/households/${householdId}/balance`).set(shop.admin).expect(200)).body.balance as number;
  const stockOf = async (itemId: string) => (await t.http.get(`/v1/catalogue-items/${itemId}`).set(shop.admin).expect(200)).body.stockOnHand as number;
  const verifyLedger = async () => (await t.http.get('/v1/ledger/verify').query({ villageId: shop.village.id }).set(shop.auditor).expect(200)).body;
  const stockMatchesMovements = async () =>
    t.dataSource.query(
      `SELECT i.id FROM catalogue_items i LEFT JOIN stock_movements m ON m.item_id = i.id
       WHERE i.village_id = $1 GROUP BY i.id HAVING i.stock_on_hand <> COALESCE(sum(m.quantity), 0)`,
      [shop.village.id],
    );

  describe('catalogue and stock', () => {
    it('creates items, refuses duplicate SKUs and non-http image URLs', async () => {
      const item = await givenItem(t, shop, { price: 45 });
      const got = await t.http.get(`/v1/catalogue-items/${item.id}`).set(shop.clerk).expect(200);
      expect(got.body).toMatchObject({ pointsPrice: 45, stockOnHand: 0, active: true });
      expect(got.headers.etag).toMatch(/^".+"$/);
      const dup = await t.http.post('/v1/catalogue-items').set(shop.admin).send({ villageId: shop.village.id, sku: item.sku, name: 'x', pointsPrice: 1 });
      expect(dup.status).toBe(409);
      const ftp = await t.http.post('/v1/catalogue-items').set(shop.admin).send({ villageId: shop.village.id, sku: 'FTP-1', name: 'x', pointsPrice: 1, imageUrl: 'ftp://x.org/a.jpg' });
      expect(ftp.status).toBe(400);
      const zero = await t.http.post('/v1/catalogue-items').set(shop.admin).send({ villageId: shop.village.id, sku: 'ZERO-1', name: 'x', pointsPrice: 0 });
      expect(zero.status).toBe(400);
    });

    it('updates with If-Match and answers 412 to a stale ETag', async () => {
      const item = await givenItem(t, shop);
      const first = await t.http.get(`/v1/catalogue-items/${item.id}`).set(shop.admin).expect(200);
      const updated = await t.http.patch(`/v1/catalogue-items/${item.id}`).set(shop.admin).set('If-Match', first.headers.etag).send({ pointsPrice: 12 }).expect(200);
      expect(updated.body.pointsPrice).toBe(12);
      expect(updated.headers.etag).not.toBe(first.headers.etag);
      const stale = await t.http.patch(`/v1/catalogue-items/${item.id}`).set(shop.admin).set('If-Match', first.headers.etag).send({ pointsPrice: 13 });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('precondition_failed');
    });

    it('moves stock only through movements, with donors and reasons, never below zero', async () => {
      const item = await givenItem(t, shop);
      const noDonor = await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.admin).send({ quantity: 10, reason: 'donation' });
      expect(noDonor.status).toBe(400);
      await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.admin).send({ quantity: 10, reason: 'donation', donor: '某某粮油公司' }).expect(201);
      const noNote = await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.admin).send({ quantity: -1, reason: 'adjustment' });
      expect(noNote.status).toBe(400);
      await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.clerk).send({ quantity: -2, reason: 'adjustment', note: '盘点少了两袋' }).expect(201);
      const writeOff = await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.admin).send({ quantity: 3, reason: 'write_off', note: '受潮' }).expect(201);
      expect(writeOff.body).toMatchObject({ quantity: -3, stockAfter: 5 });
      const tooMuch = await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.admin).send({ quantity: -6, reason: 'adjustment', note: 'x' });
      expect(tooMuch.status).toBe(422);
      expect(tooMuch.body.code).toBe('insufficient_stock');
      expect(await stockOf(item.id)).toBe(5);
      const movements = await t.http.get(`/v1/catalogue-items/${item.id}/stock-movements`).set(shop.admin).expect(200);
      expect(movements.body.items.map((m: { reason: string }) => m.reason)).toEqual(['write_off', 'adjustment', 'donation']);
      expect(movements.body.items[2].donor).toBe('某某粮油公司');
    });

    it('refuses, in the database itself, a movement below zero, a direct stock edit, and edits of movements', async () => {
      const item = await givenItem(t, shop, { stock: 2 });
      await expect(
        t.dataSource.query(`INSERT INTO stock_movements (village_id, item_id, quantity, reason, note, created_by) VALUES ($1, $2, -3, 'adjustment', 'x', 'sql')`, [shop.village.id, item.id]),
      ).rejects.toThrow(/catalogue_items_stock_check/);
      await expect(t.dataSource.query(`UPDATE catalogue_items SET stock_on_hand = 99 WHERE id = $1`, [item.id])).rejects.toThrow(/only through stock_movements/);
      await expect(t.dataSource.query(`UPDATE stock_movements SET quantity = 50 WHERE item_id = $1`, [item.id])).rejects.toThrow(/append-only/);
      await expect(t.dataSource.query(`DELETE FROM stock_movements WHERE item_id = $1`, [item.id])).rejects.toThrow(/append-only/);
      expect(await stockOf(item.id)).toBe(2);
    });
  });

  describe('redemptions', () => {
    it('sells by household id or by card: points and stock move together, with receipt and audit', async () => {
      const household = await givenHousehold(t, shop, 100);
      const rice = await givenItem(t, shop, { price: 30, stock: 10, name: '大米 5kg' });
      const oil = await givenItem(t, shop, { price: 15, stock: 10, name: '食用油' });
      const res = await sell({ cardNo: household.cardNo, lines: [{ itemId: rice.id, quantity: 2 }, { itemId: oil.id, quantity: 1 }] });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ status: 'completed', householdId: household.id, totalPoints: 75, balanceAfter: 25, transactionId: expect.any(String) });
      expect(res.body.lines).toEqual([
        { itemId: rice.id, name: '大米 5kg', quantity: 2, unitPoints: 30 },
        { itemId: oil.id, name: '食用油', quantity: 1, unitPoints: 15 },
      ]);
      expect(await balanceOf(household.id)).toBe(25);
      expect(await stockOf(rice.id)).toBe(8);
      expect(await stockOf(oil.id)).toBe(9);
      const byId = await sell({ householdId: household.id, lines: [{ itemId: oil.id, quantity: 1 }] });
      expect(byId.body.balanceAfter).toBe(10);

      const receipt = await t.http.get(`/v1/redemptions/${res.body.id}/receipt`).set(shop.clerk).expect(200);
      expect(receipt.headers['content-type']).toMatch(/^text\/plain/);
      expect(receipt.text).toContain(household.code);
      expect(receipt.text).toContain('大米 5kg');
      expect(receipt.text).toMatch(/合计积分 +75/);
      const events = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1`, [res.body.id]);
      expect(events).toEqual([{ action: 'redemption.completed' }]);
      const tx = await t.http.get(`/v1/transactions/${res.body.transactionId}`).set(shop.admin).expect(200);
      expect(tx.body.kind).toBe('redemption');
    });

    it('requires an Idempotency-Key, replays it, and refuses it with another body', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { price: 10, stock: 10 });
      const body = { householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] };
      const missing = await t.http.post('/v1/redemptions').set(shop.clerk).send({ villageId: shop.village.id, ...body });
      expect(missing.status).toBe(400);
      const key = saleKey();
      const responses = await Promise.all(Array.from({ length: 5 }, () => sell(body, key)));
      expect(responses.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(responses.map((r) => JSON.stringify(r.body))).size).toBe(1);
      expect(await balanceOf(household.id)).toBe(90);
      expect(await stockOf(item.id)).toBe(9);
      const other = await sell({ ...body, lines: [{ itemId: item.id, quantity: 2 }] }, key);
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('idempotency_key_reused');
    });

    it('refuses short points (with balance and total), inactive items, short stock and monthly limits', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { price: 20, stock: 10, limit: 2 });
      const poor = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 6 }] });
      expect(poor.status).toBe(422);
      expect(poor.body).toMatchObject({ code: 'insufficient_points', balance: 100, total: 120 });
      const short = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 11 }] });
      expect(short.body.code).toBe('insufficient_stock');
      await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 2 }] }).expect(201);
      const limited = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] });
      expect(limited.status).toBe(422);
      expect(limited.body).toMatchObject({ code: 'limit_exceeded', limit: 2, alreadyThisMonth: 2 });
      await t.http.patch(`/v1/catalogue-items/${item.id}`).set(shop.admin).send({ active: false }).expect(200);
      const inactive = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] });
      expect(inactive.status).toBe(422);
      expect(inactive.body.code).toBe('item_inactive');
      expect(await balanceOf(household.id)).toBe(60);
      expect(await stockOf(item.id)).toBe(8);
    });

    it('keeps the unit price of past sales when the price changes', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { price: 10, stock: 5 });
      const sale = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);
      await t.http.patch(`/v1/catalogue-items/${item.id}`).set(shop.admin).send({ pointsPrice: 25 }).expect(200);
      const again = await t.http.get(`/v1/redemptions/${sale.body.id}`).set(shop.clerk).expect(200);
      expect(again.body.lines[0].unitPoints).toBe(10);
      const next = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);
      expect(next.body.lines[0].unitPoints).toBe(25);
    });

    it('cancels: refund and restock once; clerks the same day only, village admins any time', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { price: 10, stock: 5, limit: 1 });
      const sale = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);
      const noReason = await t.http.post(`/v1/redemptions/${sale.body.id}/cancel`).set(shop.clerk).set('Idempotency-Key', saleKey()).send({});
      expect(noReason.status).toBe(400);
      const cancelled = await t.http.post(`/v1/redemptions/${sale.body.id}/cancel`).set(shop.clerk).set('Idempotency-Key', saleKey()).send({ reason: '扫错了户' });
      expect(cancelled.status).toBe(201);
      expect(cancelled.body).toMatchObject({ status: 'cancelled', cancelReason: '扫错了户', refundTransactionId: expect.any(String) });
      expect(await balanceOf(household.id)).toBe(100);
      expect(await stockOf(item.id)).toBe(5);
      const twice = await t.http.post(`/v1/redemptions/${sale.body.id}/cancel`).set(shop.clerk).set('Idempotency-Key', saleKey()).send({ reason: 'again' });
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('already_cancelled');
      // The cancelled unit no longer counts against the monthly limit.
      const sale2 = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);

      const clock = t.app.get(Clock);
      clock.advance(DAY);
      try {
        // Tokens issued "yesterday" have expired: log in again, as staff would.
        const [clerk, villageAdmin] = [await asRole(t, 'clerk', shop.village.id), await asRole(t, 'village_admin', shop.village.id)];
        const lateClerk = await t.http.post(`/v1/redemptions/${sale2.body.id}/cancel`).set(clerk).set('Idempotency-Key', saleKey()).send({ reason: '隔天' });
        expect(lateClerk.status).toBe(403);
        await t.http.post(`/v1/redemptions/${sale2.body.id}/cancel`).set(villageAdmin).set('Idempotency-Key', saleKey()).send({ reason: '村委同意' }).expect(201);
      } finally {
        clock.advance(-DAY);
      }
      expect(await balanceOf(household.id)).toBe(100);
    });

    it('hides other villages: their clerk gets 404', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { stock: 5 });
      const sale = await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);
      const other = await givenVillage(t);
      const otherClerk = await asRole(t, 'clerk', other.id);
      expect((await t.http.get(`/v1/redemptions/${sale.body.id}`).set(otherClerk)).status).toBe(404);
      expect((await t.http.get(`/v1/catalogue-items/${item.id}`).set(otherClerk)).status).toBe(404);
      expect((await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }, saleKey(), otherClerk)).status).toBe(404);
      expect((await t.http.post(`/v1/redemptions/${sale.body.id}/cancel`).set(otherClerk).set('Idempotency-Key', saleKey()).send({ reason: 'x' })).status).toBe(404);
      // ... and a household of this village named in the other village's sale is not found there.
      const res = await t.http.post('/v1/redemptions').set(otherClerk).set('Idempotency-Key', saleKey()).send({ villageId: other.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] });
      expect(res.status).toBe(404);
    });

    it('lists sales newest first with household and time filters', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { stock: 10 });
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201)).body.id);
      const page1 = await t.http.get('/v1/redemptions').query({ villageId: shop.village.id, householdId: household.id, limit: 2 }).set(shop.auditor).expect(200);
      const page2 = await t.http.get('/v1/redemptions').query({ villageId: shop.village.id, householdId: household.id, limit: 2, cursor: page1.body.nextCursor }).set(shop.auditor).expect(200);
      expect([...page1.body.items, ...page2.body.items].map((s: { id: string }) => s.id)).toEqual([...ids].reverse());
      const future = await t.http.get('/v1/redemptions').query({ villageId: shop.village.id, from: new Date(Date.now() + DAY).toISOString() }).set(shop.auditor).expect(200);
      expect(future.body.items).toEqual([]);
    });
  });

  describe('races against real PostgreSQL', () => {
    it('20 concurrent sales of the last 5 units: exactly 5 succeed and stock ends at 0', async () => {
      const item = await givenItem(t, shop, { price: 1, stock: 5 });
      const households = await Promise.all(Array.from({ length: 20 }, () => givenHousehold(t, shop, 10)));
      const results = await Promise.all(households.map((h) => sell({ householdId: h.id, lines: [{ itemId: item.id, quantity: 1 }] })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(5);
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 422 && r.body.code === 'insufficient_stock')).toBe(true);
      expect(await stockOf(item.id)).toBe(0);
    });

    it('30 concurrent sales against points for 10: exactly 10 succeed and the balance ends at 0', async () => {
      const household = await givenHousehold(t, shop, 100);
      const item = await givenItem(t, shop, { price: 10, stock: 100 });
      const results = await Promise.all(Array.from({ length: 30 }, () => sell({ householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] })));
      expect(results.filter((r) => r.status === 201)).toHaveLength(10);
      expect(results.filter((r) => r.status !== 201).every((r) => r.status === 422 && r.body.code === 'insufficient_points')).toBe(true);
      expect(await balanceOf(household.id)).toBe(0);
      expect(await stockOf(item.id)).toBe(90);
      expect((await verifyLedger()).ok).toBe(true);
    });

    it('a randomized concurrent run of sales and cancellations keeps the ledger and the stock consistent', async () => {
      const items = await Promise.all([givenItem(t, shop, { price: 3, stock: 15 }), givenItem(t, shop, { price: 7, stock: 10 }), givenItem(t, shop, { price: 2, stock: 30 })]);
      const households = await Promise.all(Array.from({ length: 6 }, () => givenHousehold(t, shop, 40)));
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.record({
              household: fc.integer({ min: 0, max: households.length - 1 }),
              lines: fc.uniqueArray(fc.record({ item: fc.integer({ min: 0, max: items.length - 1 }), quantity: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 3, selector: (l) => l.item }),
              cancel: fc.boolean(),
            }),
            { minLength: 5, maxLength: 15 },
          ),
          async (ops) => {
            const sales = await Promise.all(
              ops.map((op) => sell({ householdId: households[op.household].id, lines: op.lines.map((l) => ({ itemId: items[l.item].id, quantity: l.quantity })) })),
            );
            for (const r of sales) expect([201, 422]).toContain(r.status);
            await Promise.all(
              sales
                .map((r, i) => ({ r, op: ops[i] }))
                .filter(({ r, op }) => r.status === 201 && op.cancel)
                .map(({ r }) => t.http.post(`/v1/redemptions/${r.body.id}/cancel`).set(shop.clerk).set('Idempotency-Key', saleKey()).send({ reason: 'random' }).expect(201)),
            );
            expect(await stockMatchesMovements()).toEqual([]);
            const verify = await verifyLedger();
            expect(verify.problems).toEqual([]);
            for (const h of households) expect(await balanceOf(h.id)).toBeGreaterThanOrEqual(0);
          },
        ),
        { numRuns: 5 },
      );
    });
  });
});
