import { type JifenClient, unwrap } from '@jifen/sdk';
import { UserFixture, givenAdmin, givenUser } from './support/auth';
import { givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { SeenRequest, listening, sdkClient } from './support/sdk';
import { HouseholdFixture, Shop, givenHousehold, givenItem, givenShop } from './support/shop';
import { TcpProxy } from './support/tcp-proxy';
import { TestApp, startTestApp } from './support/test-app';
import { createSuiteDatabase, dropDatabase } from './support/test-database';

/**
 * The SDK's idempotent actions against the real API when the network or the database fails:
 * an answer lost on its way back (a TCP proxy in front of the app closes the connection
 * instead of forwarding it) and a 503 while the database is away (a TCP proxy between the app
 * and PostgreSQL is cut). Each call makes one Idempotency-Key and sends it again on every
 * retry, so the server does the work once and replays its answer.
 */
describe('@jifen/sdk: idempotent actions under failures', () => {
  let suiteUrl: string;
  let database: TcpProxy;
  let front: TcpProxy;
  let t: TestApp;
  let base: string;
  let viaFront: string;
  let shop: Shop;
  let clerk: UserFixture;
  let villageAdmin: UserFixture;

  beforeAll(async () => {
    suiteUrl = await createSuiteDatabase();
    const target = new URL(suiteUrl);
    database = new TcpProxy(target.hostname, Number(target.port || 5432));
    await database.listen();
    t = await startTestApp({ databaseUrl: database.proxied(suiteUrl) });
    base = await listening(t);
    front = new TcpProxy('127.0.0.1', Number(new URL(base).port));
    await front.listen();
    viaFront = `http://127.0.0.1:${front.port}`;
    shop = await givenShop(t);
    clerk = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
    villageAdmin = await givenUser(t, [{ role: 'village_admin', villageId: shop.village.id }]);
  });
  afterAll(async () => {
    await front?.cut();
    await t?.close();
    await database?.cut();
    if (suiteUrl) await dropDatabase(suiteUrl);
  });

  const to = (seen: SeenRequest[], path: string) => seen.filter((s) => s.method === 'POST' && s.path === path);
  const balanceOf = async (client: JifenClient, household: HouseholdFixture) => unwrap(await client.GET('/v1/households/{id}/balance', { params: { path: { id: household.id } } })).balance;
  /** The attempts of one call: a lost answer, then the replay of the first one, both with one key. */
  function expectLostThenReplayed(attempts: SeenRequest[], status: number): void {
    expect(attempts.map((a) => ({ failed: a.failed ?? false, status: a.status, replayed: a.replayed }))).toEqual([
      { failed: true, status: undefined, replayed: undefined },
      { failed: false, status, replayed: 'true' },
    ]);
    expect(attempts[0].idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
    expect(attempts[1].idempotencyKey).toBe(attempts[0].idempotencyKey);
  }

  it('retries a sale whose answer was lost with the same key: exactly one sale, one debit, one unit of stock', async () => {
    const { client, seen } = await sdkClient(viaFront, clerk);
    const household = await givenHousehold(t, shop, 100);
    const item = await givenItem(t, shop, { price: 30, stock: 5 });

    front.dropNextResponse();
    const sale = await client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] });
    expect(sale).toMatchObject({ status: 'completed', totalPoints: 30, balanceAfter: 70 });
    expectLostThenReplayed(to(seen, '/v1/redemptions'), 201);

    const sales = unwrap(await client.GET('/v1/redemptions', { params: { query: { villageId: shop.village.id, householdId: household.id } } }));
    expect(sales.items.map((s) => s.id)).toEqual([sale.id]);
    expect(await balanceOf(client, household)).toBe(70);
    expect(unwrap(await client.GET('/v1/catalogue-items/{id}', { params: { path: { id: item.id } } })).stockOnHand).toBe(4);

    // A new call is a new intended sale: a new key, a second sale.
    const second = await client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] });
    expect(second.id).not.toBe(sale.id);
    const keys = to(seen, '/v1/redemptions').map((s) => s.idempotencyKey);
    expect(new Set(keys).size).toBe(2);
    expect(await balanceOf(client, household)).toBe(40);
  });

  it('retries every idempotent action after a lost answer with its one key: each takes effect once', async () => {
    const { client: counter, seen: counterSeen } = await sdkClient(viaFront, clerk);
    const { client: office, seen: officeSeen } = await sdkClient(viaFront, villageAdmin);
    const household = await givenHousehold(t, shop, 50);
    const item = await givenItem(t, shop, { price: 20, stock: 2 });

    // cancelRedemption: refunded once (a retry with a new key would have answered 409 already_cancelled).
    const sale = await counter.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] });
    front.dropNextResponse();
    const cancelled = await counter.cancelRedemption(sale.id, { reason: '顾客退货' });
    expect(cancelled).toMatchObject({ id: sale.id, status: 'cancelled' });
    expectLostThenReplayed(to(counterSeen, `/v1/redemptions/${sale.id}/cancel`), 201);
    expect(await balanceOf(counter, household)).toBe(50);

    // postTransaction: one adjustment.
    front.dropNextResponse();
    const posted = await office.postTransaction({
      villageId: shop.village.id,
      kind: 'adjustment',
      memo: '补录积分',
      entries: [
        { accountId: shop.system.adjustments, amount: -10 },
        { accountId: household.accountId, amount: 10 },
      ],
    });
    expectLostThenReplayed(to(officeSeen, '/v1/transactions'), 201);
    expect(await balanceOf(office, household)).toBe(60);
    const postings = unwrap(await office.GET('/v1/transactions', { params: { query: { villageId: shop.village.id, accountId: household.accountId, kind: 'adjustment' } } }));
    expect(postings.items.map((p) => p.id)).toEqual([posted.id]);

    // reverse: one reversal (a retry with a new key would have answered 409 already_reversed).
    front.dropNextResponse();
    const reversal = await office.reverse(posted.id, { reason: '录入有误' });
    expectLostThenReplayed(to(officeSeen, `/v1/transactions/${posted.id}/reverse`), 201);
    expect(reversal.id).not.toBe(posted.id);
    expect(await balanceOf(office, household)).toBe(50);
  });

  it('never sends again a write that carries no Idempotency-Key: its lost answer is a network error, and it was done once', async () => {
    const { client, seen } = await sdkClient(viaFront, villageAdmin);
    const code = `LOST${Date.now().toString(36)}`;
    front.dropNextResponse();
    await expect(client.POST('/v1/households', { body: { villageId: shop.village.id, code } })).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    expect(to(seen, '/v1/households').map((s) => s.failed)).toEqual([true]);
    const found = unwrap(await client.GET('/v1/households', { params: { query: { villageId: shop.village.id, q: code } } }));
    expect(found.items.map((h) => h.code)).toEqual([code]);
  });

  it('retries posting a scoring round after a lost answer: its awards are posted once', async () => {
    const admin = await givenAdmin(t);
    const village = await givenVillage(t, { settings: { noticePeriodDays: 0, quorum: 1 } });
    const panel = await givenPanel(t, village.id, { size: 1, quorum: 1 });
    const rule = await givenRule(t, village.id, { points: 6 });
    const household = await givenVillageHousehold(t, village.id, { head: '李四' });
    const roundId = (await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.id, title: '评议', periodStart: '2026-09-01', periodEnd: '2026-09-30' }).expect(201)).body.id;
    const itemId = (await t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(admin).send({ householdId: household.id, ruleId: rule.id, proposedPoints: 6 }).expect(201)).body.id;
    await t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(panel.members[0].headers).send({ approve: true, points: 6 }).expect(201);
    await t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).expect(200);

    const { client, seen } = await sdkClient(viaFront, await givenUser(t, [{ role: 'village_admin', villageId: village.id }]));
    front.dropNextResponse();
    const result = await client.postRound(roundId);
    expect(result.round).toMatchObject({ id: roundId, status: 'posted' });
    expect(result.postings).toEqual([expect.objectContaining({ householdId: household.id, kind: 'award', points: 6 })]);
    expectLostThenReplayed(to(seen, `/v1/scoring-rounds/${roundId}/post`), 200);
    expect(unwrap(await client.GET('/v1/households/{id}/balance', { params: { path: { id: household.id } } })).balance).toBe(6);
  });

  it('retries a sale answered 503 while the database is away, with its one key, until the database is back: one sale', async () => {
    const { client, seen } = await sdkClient(base, clerk, { retry: { attempts: 10, baseDelayMs: 100, maxDelayMs: 1_000 } });
    const household = await givenHousehold(t, shop, 100);
    const item = await givenItem(t, shop, { price: 25, stock: 5 });
    const sales = () => to(seen, '/v1/redemptions');

    await database.cut();
    const pending = client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 2 }] });
    // The database comes back once the client has seen the API answer 503.
    const outage = Date.now();
    while (!sales().some((s) => s.status === 503)) {
      if (Date.now() - outage > 10_000) throw new Error(`no 503 while the database was away: ${JSON.stringify(sales())}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    await database.restore();
    const sale = await pending;

    expect(sale).toMatchObject({ status: 'completed', totalPoints: 50, balanceAfter: 50 });
    const attempts = sales();
    expect(attempts[0]).toMatchObject({ status: 503, code: 'unavailable' });
    expect(attempts.at(-1)).toMatchObject({ status: 201 });
    expect(attempts.slice(0, -1).every((a) => a.status === 503)).toBe(true);
    expect(new Set(attempts.map((a) => a.idempotencyKey)).size).toBe(1);
    const list = unwrap(await client.GET('/v1/redemptions', { params: { query: { villageId: shop.village.id, householdId: household.id } } }));
    expect(list.items.map((s) => s.id)).toEqual([sale.id]);
    expect(unwrap(await client.GET('/v1/households/{id}/balance', { params: { path: { id: household.id } } })).balance).toBe(50);
  });
});
