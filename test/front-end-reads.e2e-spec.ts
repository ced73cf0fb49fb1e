/** Reads the counter and the notice screen need: leaderboard look-up and paging, sale lines, receipts as JSON, catalogue search, public pages by code with ETags. */
import { Clock } from '../src/core/time/clock';
import { localMonth } from '../src/core/time/village-time';
import { displayWidth } from '../src/redemptions/receipt';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { givenUser } from './support/auth';
import { award, ledgerOf } from './support/ledger';
import { HouseholdFixture, Shop, givenHousehold, givenItem, givenShop, saleKey } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';

describe('front-end reads', () => {
  let t: TestApp;
  let shop: Shop;
  let month: string;

  beforeAll(async () => {
    t = await startTestApp({ config: { publicFrameAncestors: ['https://signage.example.org', 'https://screens.example.com'] } });
    shop = await givenShop(t);
    month = localMonth(t.app.get(Clock).now(), 'Asia/Shanghai');
  });
  afterAll(() => t.close());

  describe('leaderboard', () => {
    let households: HouseholdFixture[];
    let board: string;
    let village: Shop;

    beforeAll(async () => {
      village = await givenShop(t);
      board = `/v1/villages/${village.village.id}/leaderboard`;
      // Points 50, 40, 40, 40, 30, 0: ranks 1, 2, 2, 2, 5, 6.
      households = [];
      for (const points of [50, 40, 40, 40, 30, 0]) households.push(await givenHousehold(t, village, points));
    });
    const boardShop = () => village;

    it('pages with a cursor, ties keeping their shared rank across pages', async () => {
      const seen: { rank: number; points: number; householdId: string }[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = (await t.http.get(board).query({ period: month, limit: 2, ...(cursor ? { cursor } : {}) }).set(boardShop().admin).expect(200)).body;
        seen.push(...page.items);
        cursor = page.nextCursor ?? undefined;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen.map((r) => [r.rank, r.points])).toEqual([[1, 50], [2, 40], [2, 40], [2, 40], [5, 30], [6, 0]]);
      expect(new Set(seen.map((r) => r.householdId)).size).toBe(6);
      await t.http.get(board).query({ period: month, cursor: 'not-a-cursor' }).set(boardShop().admin).expect(400);
      await t.http.get(board).query({ period: month, cursor: Buffer.from(JSON.stringify([1e300, 'x'])).toString('base64url') }).set(boardShop().admin).expect(400);
    });

    it('householdId: that row with the rows just above and below; the first and the last have one neighbour', async () => {
      const resident = (await givenUser(t, [{ role: 'resident', villageId: boardShop().village.id, householdId: households[4].id }])).headers;
      const around = (await t.http.get(board).query({ period: month, householdId: households[4].id }).set(resident).expect(200)).body;
      expect(around.items.map((r: { rank: number; points: number }) => [r.rank, r.points])).toEqual([[2, 40], [5, 30], [6, 0]]);
      expect(around.items[1].householdId).toBe(households[4].id);
      expect(around.nextCursor).toBeNull();
      const top = (await t.http.get(board).query({ period: month, householdId: households[0].id }).set(resident).expect(200)).body;
      expect(top.items.map((r: { points: number }) => r.points)).toEqual([50, 40]);
      const last = (await t.http.get(board).query({ period: month, householdId: households[5].id }).set(resident).expect(200)).body;
      expect(last.items.map((r: { points: number }) => r.points)).toEqual([30, 0]);
      const elsewhere = await givenHousehold(t, shop, 10);
      expect((await t.http.get(board).query({ period: month, householdId: elsewhere.id }).set(boardShop().admin)).status).toBe(404);
      expect((await t.http.get(board).query({ period: month, householdId: households[0].id, cursor: 'x' }).set(boardShop().admin)).status).toBe(400);
    });

    it('householdId and GET /v1/me agree with the whole list for every household: ties by code, a household below zero, one with no points this month, a year', async () => {
      const village = await givenShop(t);
      const board = `/v1/villages/${village.village.id}/leaderboard`;
      const households: HouseholdFixture[] = [];
      for (const points of [20, 10, 10, 10, 0, 0, 5]) households.push(await givenHousehold(t, village, points));
      await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), village, households[6].accountId, 8, 'penalty'));
      const year = month.slice(0, 4);
      for (const period of [month, year]) {
        const all = (await t.http.get(board).query({ period, limit: 50 }).set(village.admin).expect(200)).body.items as { householdId: string; rank: number; points: number; stars: number }[];
        expect(all.map((r) => [r.rank, r.points])).toEqual([[1, 20], [2, 10], [2, 10], [2, 10], [5, 0], [5, 0], [7, -3]]);
        for (const [i, row] of all.entries()) {
          const around = (await t.http.get(board).query({ period, householdId: row.householdId }).set(village.admin).expect(200)).body.items;
          expect([period, i, around]).toEqual([period, i, all.slice(Math.max(0, i - 1), i + 2)]);
        }
      }
      for (const household of households) {
        const resident = (await givenUser(t, [{ role: 'resident', villageId: village.village.id, householdId: household.id }])).headers;
        const me = (await t.http.get('/v1/me').set(resident).expect(200)).body.household;
        const row = (await t.http.get(board).query({ period: month, householdId: household.id }).set(resident).expect(200)).body.items.find((r: { householdId: string }) => r.householdId === household.id);
        expect([household.code, me.rank]).toEqual([household.code, { period: month, rank: row.rank, points: row.points }]);
      }
    });
  });

  describe('sales at the counter', () => {
    it('sale lines carry name and unitPoints; a cancelled sale carries cancelledAt, refundTransactionId and balanceAfterRefund', async () => {
      const household = await givenHousehold(t, shop, 100);
      const rice = await givenItem(t, shop, { price: 30, stock: 5, name: '大米 5kg' });
      const oil = await givenItem(t, shop, { price: 15, stock: 5, name: '花生油' });
      const sale = (
        await t.http.post('/v1/redemptions').set(shop.clerk).set('Idempotency-Key', saleKey()).send({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: rice.id, quantity: 1 }, { itemId: oil.id, quantity: 2 }] }).expect(201)
      ).body;
      expect(sale.lines).toEqual([
        { itemId: rice.id, name: '大米 5kg', quantity: 1, unitPoints: 30 },
        { itemId: oil.id, name: '花生油', quantity: 2, unitPoints: 15 },
      ]);
      expect(sale).toMatchObject({ balanceAfter: 40, balanceAfterRefund: null, refundTransactionId: null, cancelledAt: null });
      const cancelled = (await t.http.post(`/v1/redemptions/${sale.id}/cancel`).set(shop.clerk).set('Idempotency-Key', saleKey()).send({ reason: '扫错了户' }).expect(201)).body;
      expect(cancelled).toMatchObject({ status: 'cancelled', balanceAfter: 40, balanceAfterRefund: 100, refundTransactionId: expect.any(String), cancelledAt: expect.any(String) });
      const read = (await t.http.get(`/v1/redemptions/${sale.id}`).set(shop.auditor).expect(200)).body;
      expect(read).toEqual(cancelled);
      const listed = (await t.http.get('/v1/redemptions').query({ villageId: shop.village.id, householdId: household.id }).set(shop.clerk).expect(200)).body;
      expect(listed.items[0].lines.map((l: { name: string }) => l.name)).toEqual(['大米 5kg', '花生油']);

      // The receipt: text by default, JSON lines for Accept: application/json, 406 for what it cannot give.
      const text = await t.http.get(`/v1/redemptions/${sale.id}/receipt`).set(shop.clerk).expect(200);
      expect(text.headers['content-type']).toMatch(/^text\/plain/);
      const json = (await t.http.get(`/v1/redemptions/${sale.id}/receipt`).set(shop.clerk).set('Accept', 'application/json').expect(200)).body;
      expect(json.width).toBe(32);
      expect(`${json.lines.join('\n')}\n`).toBe(text.text);
      for (const line of json.lines) expect(displayWidth(line)).toBeLessThanOrEqual(32);
      expect(json.lines).toEqual(expect.arrayContaining(['大米 5kg', '花生油', expect.stringMatching(/^退还后余额 +100$/)]));
      const browser = await t.http.get(`/v1/redemptions/${sale.id}/receipt`).set(shop.clerk).set('Accept', 'text/html,application/json;q=0.9,*/*;q=0.8').expect(200);
      expect(browser.headers['content-type']).toMatch(/^application\/json/);
      expect((await t.http.get(`/v1/redemptions/${sale.id}/receipt`).set(shop.clerk).set('Accept', '*/*')).headers['content-type']).toMatch(/^text\/plain/);
      expect((await t.http.get(`/v1/redemptions/${sale.id}/receipt`).set(shop.clerk).set('Accept', 'text/csv')).status).toBe(406);
    });
  });

  describe('catalogue search', () => {
    it('q finds name or SKU fragments (two Chinese characters, one, ASCII, any case); category and inStock filter', async () => {
      const shop = await givenShop(t);
      const admin = shop.admin;
      const make = async (sku: string, name: string, category: string, stock: number) => {
        const item = (await t.http.post('/v1/catalogue-items').set(admin).send({ villageId: shop.village.id, sku, name, category, pointsPrice: 5 }).expect(201)).body;
        if (stock) await t.http.post(`/v1/catalogue-items/${item.id}/stock-movements`).set(admin).send({ quantity: stock, reason: 'donation', donor: '爱心企业' }).expect(201);
        return item.id as string;
      };
      const soap = await make('RIH-001', '雕牌洗衣皂', '日化', 3);
      const powder = await make('RIH-002', '汰渍洗衣粉 2kg', '日化', 0);
      const rice = await make('LY-001', '东北大米 10kg', '粮油', 8);
      const search = async (query: Record<string, string>) =>
        ((await t.http.get('/v1/catalogue-items').query({ villageId: shop.village.id, ...query }).set(shop.clerk).expect(200)).body.items as { id: string }[]).map((i) => i.id).sort();
      expect(await search({ q: '洗衣' })).toEqual([soap, powder].sort());
      expect(await search({ q: '大米' })).toEqual([rice]);
      expect(await search({ q: '皂' })).toEqual([soap]);
      expect(await search({ q: 'rih-00' })).toEqual([soap, powder].sort());
      expect(await search({ q: '2KG' })).toEqual([powder]);
      expect(await search({ q: '洗衣', inStock: 'true' })).toEqual([soap]);
      expect(await search({ q: '洗衣', inStock: 'false' })).toEqual([powder]);
      expect(await search({ category: '粮油' })).toEqual([rice]);
      expect(await search({ q: '%' })).toEqual([]);
      expect(await search({ q: '洗衣皂 大米' })).toEqual([]);
      expect((await t.http.get('/v1/catalogue-items').query({ villageId: shop.village.id, inStock: 'yes' }).set(shop.clerk)).status).toBe(400);
      // A two-character fragment is answered by the bigram index (an index scan, not a filter over the village's rows).
      await t.dataSource.query('SET enable_seqscan = off');
      const plan = JSON.stringify(await t.dataSource.query(`EXPLAIN (FORMAT JSON) SELECT id FROM catalogue_items WHERE catalogue_bigrams(name || ' ' || sku) @> catalogue_bigrams($1)`, ['洗衣']));
      await t.dataSource.query('SET enable_seqscan = on');
      expect(plan).toContain('catalogue_items_search_idx');
    });
  });

  describe('public pages', () => {
    it('take the village id or its code, answer with an ETag and 304 on If-None-Match, to any origin', async () => {
      for (const page of ['notices', 'boards']) {
        const byId = await t.http.get(`/v1/public/villages/${shop.village.id}/${page}`).set('Origin', 'https://anywhere.example.net').expect(200);
        expect(byId.headers['access-control-allow-origin']).toBe('*');
        const etag = byId.headers.etag;
        expect(etag).toMatch(/^W\/".+"$/);
        const byCode = await t.http.get(`/v1/public/villages/${shop.village.code}/${page}`).expect(200);
        expect(byCode.body.villageId).toBe(shop.village.id);
        expect(byCode.headers.etag).toBe(etag);
        const again = await t.http.get(`/v1/public/villages/${shop.village.code}/${page}`).set('If-None-Match', etag).expect(304);
        expect(again.text).toBe('');
        expect(again.headers.etag).toBe(etag);
        const html = await t.http.get(`/v1/public/villages/${shop.village.code}/${page}`).set('Accept', 'text/html').expect(200);
        expect(html.headers.etag).not.toBe(etag);
        await t.http.get(`/v1/public/villages/${shop.village.code}/${page}`).set('Accept', 'text/html').set('If-None-Match', html.headers.etag).expect(304);
        await t.http.get(`/v1/public/villages/NO-SUCH-VILLAGE/${page}`).expect(404);
        await t.http.get(`/v1/public/villages/${'x'.repeat(60)}/${page}`).expect(404);
      }
    });

    it('the boards change their ETag when the content changes', async () => {
      const before = (await t.http.get(`/v1/public/villages/${shop.village.code}/boards`).expect(200)).headers.etag;
      await givenHousehold(t, shop, 999);
      const after = await t.http.get(`/v1/public/villages/${shop.village.code}/boards`).set('If-None-Match', before).expect(200);
      expect(after.headers.etag).not.toBe(before);
    });

    it('the HTML form may be framed by PUBLIC_FRAME_ANCESTORS; JSON and other routes keep the default framing rules', async () => {
      const html = await t.http.get(`/v1/public/villages/${shop.village.code}/notices`).set('Accept', 'text/html').expect(200);
      expect(html.headers['content-security-policy']).toContain("frame-ancestors 'self' https://signage.example.org https://screens.example.com");
      expect(html.headers['x-frame-options']).toBeUndefined();
      const json = await t.http.get(`/v1/public/villages/${shop.village.code}/notices`).expect(200);
      expect(json.headers['x-frame-options']).toBe('SAMEORIGIN');
      const other = await t.http.get('/health/live').expect(200);
      expect(other.headers['content-security-policy']).toContain("frame-ancestors 'self'");
      expect(other.headers['content-security-policy']).not.toContain('signage');
    });
  });
});
