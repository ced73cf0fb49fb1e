/** The resident's and the panel member's own reads: GET /v1/me and /v1/me/... */
import { localMonth } from '../src/core/time/village-time';
import { Clock } from '../src/core/time/clock';
import { Headers, givenAdmin, givenUser } from './support/auth';
import { ScoringHousehold, givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { HouseholdFixture, Shop, givenHousehold, givenItem, givenShop, saleKey } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';

describe('my reads (GET /v1/me...)', () => {
  let t: TestApp;
  let shop: Shop;
  let mine: HouseholdFixture;
  let theirs: HouseholdFixture;
  let resident: Headers;
  let neighbour: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    shop = await givenShop(t);
    mine = await givenHousehold(t, shop, 120);
    theirs = await givenHousehold(t, shop, 300);
    resident = (await givenUser(t, [{ role: 'resident', villageId: shop.village.id, householdId: mine.id }])).headers;
    neighbour = (await givenUser(t, [{ role: 'resident', villageId: shop.village.id, householdId: theirs.id }])).headers;
    const item = await givenItem(t, shop, { price: 20, stock: 10, name: '洗衣粉' });
    for (const household of [mine, theirs]) {
      await t.http.post('/v1/redemptions').set(shop.clerk).set('Idempotency-Key', saleKey()).send({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).expect(201);
    }
  });
  afterAll(() => t.close());

  it('GET /v1/me: a resident sees their household: balance, stars and this month’s rank (ties as on the leaderboard)', async () => {
    const me = (await t.http.get('/v1/me').set(resident).expect(200)).body;
    expect(me.roles).toEqual([{ role: 'resident', villageId: shop.village.id, householdId: mine.id }]);
    expect(me.user.roles).toEqual(me.roles);
    expect(me.passwordChangeRequired).toBe(false);
    const month = localMonth(t.app.get(Clock).now(), 'Asia/Shanghai');
    expect(me.household).toEqual({ id: mine.id, code: mine.code, villageId: shop.village.id, balance: 100, stars: expect.any(Number), rank: { period: month, rank: 2, points: 120 } });
    const board = (await t.http.get(`/v1/villages/${shop.village.id}/leaderboard`).query({ period: month, householdId: mine.id }).set(resident).expect(200)).body;
    expect(board.items.find((i: { householdId: string }) => i.householdId === mine.id).rank).toBe(2);
    expect((await t.http.get('/v1/me').set(neighbour).expect(200)).body.household).toMatchObject({ id: theirs.id, balance: 280, rank: { rank: 1, points: 300 } });
  });

  it('GET /v1/me works for every authenticated user; staff have no household', async () => {
    const me = (await t.http.get('/v1/me').set(shop.clerk).expect(200)).body;
    expect(me.household).toBeUndefined();
    expect(me.roles).toEqual([{ role: 'clerk', villageId: shop.village.id }]);
    await t.http.get('/v1/me').expect(401);
  });

  it('GET /v1/me/statement: only the own household’s passbook, newest first, paged', async () => {
    const first = (await t.http.get('/v1/me/statement').query({ limit: 1 }).set(resident).expect(200)).body;
    expect(first.items).toEqual([expect.objectContaining({ kind: 'redemption', amount: -20, balanceAfter: 100 })]);
    const second = (await t.http.get('/v1/me/statement').query({ limit: 1, cursor: first.nextCursor }).set(resident).expect(200)).body;
    expect(second.items).toEqual([expect.objectContaining({ kind: 'award', amount: 120, balanceAfter: 120 })]);
    expect(second.nextCursor).toBeNull();
    const theirLines = (await t.http.get('/v1/me/statement').set(neighbour).expect(200)).body.items;
    expect(theirLines.map((l: { balanceAfter: number }) => l.balanceAfter)).toEqual([280, 300]);
    await t.http.get('/v1/me/statement').query({ cursor: 'bogus' }).set(resident).expect(400);
    expect((await t.http.get('/v1/me/statement').set(shop.clerk)).body.code).toBe('forbidden');
  });

  it('GET /v1/me/redemptions: only the own household’s sales, with line names', async () => {
    const sales = (await t.http.get('/v1/me/redemptions').set(resident).expect(200)).body;
    expect(sales.items).toHaveLength(1);
    expect(sales.items[0]).toMatchObject({ householdId: mine.id, totalPoints: 20, lines: [{ name: '洗衣粉', quantity: 1, unitPoints: 20 }] });
    expect((await t.http.get('/v1/me/redemptions').set(neighbour).expect(200)).body.items.map((s: { householdId: string }) => s.householdId)).toEqual([theirs.id]);
    expect((await t.http.get('/v1/me/redemptions').set(shop.auditor)).status).toBe(403);
  });

  it('GET /v1/me/open-rounds: the open rounds of the own village, which take self-claims', async () => {
    const panel = await givenPanel(t, shop.village.id, { size: 1, quorum: 1 });
    const open = (await t.http.post('/v1/scoring-rounds').set(shop.admin).send({ panelId: panel.id, title: '十一月评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201)).body;
    const closed = (await t.http.post('/v1/scoring-rounds').set(shop.admin).send({ panelId: panel.id, title: '取消的', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201)).body;
    await t.http.post(`/v1/scoring-rounds/${closed.id}/cancel`).set(shop.admin).send({ reason: '重复' }).expect(200);
    const elsewhere = await givenVillage(t);
    const otherPanel = await givenPanel(t, elsewhere.id, { size: 1, quorum: 1 });
    await t.http.post('/v1/scoring-rounds').set(await givenAdminHeaders()).send({ panelId: otherPanel.id, title: '别村', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201);
    const rounds = (await t.http.get('/v1/me/open-rounds').set(resident).expect(200)).body;
    expect(rounds).toEqual({ items: [{ id: open.id, villageId: shop.village.id, title: '十一月评议', periodStart: '2026-11-01', periodEnd: '2026-11-30', createdAt: expect.any(String) }], nextCursor: null });
    // The resident can then self-claim in it.
    const rule = await givenRule(t, shop.village.id);
    await t.http.post(`/v1/scoring-rounds/${open.id}/items`).set(resident).send({ householdId: mine.id, ruleId: rule.id, proposedPoints: 5, evidence: ['https://photos.example.org/1.jpg'] }).expect(201);
  });

  const givenAdminHeaders = () => givenAdmin(t);

  it('GET /v1/me/rating-queue: a panel member rates a 30-item round in 1 + 30 requests, never seeing their own household', async () => {
    const village = await givenVillage(t);
    const panel = await givenPanel(t, village.id, { size: 3, quorum: 2 });
    const households: ScoringHousehold[] = [];
    for (let i = 0; i < 31; i++) households.push(await givenVillageHousehold(t, village.id, i < 2 ? { head: '王小明' } : {}));
    // The first member lives in the last household: they hold a resident grant for it.
    const member = panel.members[0];
    const admin = await givenAdminHeaders();
    await t.http.patch(`/v1/users/${member.id}`).set(admin).send({ roles: [{ role: 'panel_member', villageId: village.id }, { role: 'resident', villageId: village.id, householdId: households[30].id }] }).expect(200);
    const range = await givenRule(t, village.id, { code: 'R-RANGE', title: '志愿服务' });
    const fixed = await givenRule(t, village.id, { code: 'R-FIXED', title: '庭院整洁', points: 3 });
    const round = (await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.id, title: '十二月评议', periodStart: '2026-12-01', periodEnd: '2026-12-31' }).expect(201)).body;
    await t.http.post(`/v1/scoring-rounds/${round.id}/items:bulk`).set(admin).send({ ruleId: range.id, householdIds: households.slice(0, 15).map((h) => h.id), proposedPoints: 4 }).expect(201);
    await t.http.post(`/v1/scoring-rounds/${round.id}/items:bulk`).set(admin).send({ ruleId: fixed.id, householdIds: households.slice(15).map((h) => h.id) }).expect(201);

    let requests = 0;
    const phone = member.headers;
    requests++;
    const queue = (await t.http.get('/v1/me/rating-queue').set(phone).expect(200)).body;
    expect(queue.nextCursor).toBeNull();
    expect(queue.items).toHaveLength(30);
    expect(queue.items.map((i: { householdId: string }) => i.householdId)).not.toContain(households[30].id);
    expect(queue.items.find((i: { householdId: string }) => i.householdId === households[0].id)).toEqual({
      roundId: round.id,
      roundTitle: '十二月评议',
      itemId: expect.any(String),
      householdId: households[0].id,
      householdCode: households[0].code,
      headName: '王*明',
      ruleCode: 'R-RANGE',
      ruleTitle: '志愿服务',
      ruleCategory: '环境卫生',
      rulePoints: null,
      ruleMinPoints: 1,
      ruleMaxPoints: 10,
      proposedPoints: 4,
      evidence: [],
      note: null,
      source: 'panel',
      myRating: null,
    });
    for (const item of queue.items) {
      requests++;
      const body = item.rulePoints === null ? { approve: true, points: item.proposedPoints } : { approve: true };
      await t.http.post(`/v1/scoring-rounds/${item.roundId}/items/${item.itemId}/ratings`).set(phone).send(body).expect(201);
    }
    expect(requests).toBe(1 + 30);
    expect((await t.http.get('/v1/me/rating-queue').set(phone).expect(200)).body).toEqual({ items: [], nextCursor: null });
    // Another member still has all 31, paged.
    const other = panel.members[1].headers;
    const page = (await t.http.get('/v1/me/rating-queue').query({ limit: 20 }).set(other).expect(200)).body;
    expect(page.items).toHaveLength(20);
    const rest = (await t.http.get('/v1/me/rating-queue').query({ limit: 20, cursor: page.nextCursor }).set(other).expect(200)).body;
    expect(rest.items).toHaveLength(11);
    expect(rest.nextCursor).toBeNull();
    // Published rounds leave the queue; a resident is refused it; staff of no panel see nothing.
    await t.http.post(`/v1/scoring-rounds/${round.id}/publish`).set(admin).expect(200);
    expect((await t.http.get('/v1/me/rating-queue').set(other).expect(200)).body.items).toEqual([]);
    expect((await t.http.get('/v1/me/rating-queue').set(resident)).status).toBe(403);
  });

  it('each read is one index-driven query (no N+1): plans of the statement and the rating queue', async () => {
    const explain = async (sql: string, params: unknown[]) =>
      ((await t.dataSource.query(`EXPLAIN (FORMAT JSON) ${sql}`, params)) as [{ 'QUERY PLAN': [{ Plan: object }] }])[0]['QUERY PLAN'][0].Plan;
    const statement = JSON.stringify(
      await explain(
        `SELECT e.id FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id
          WHERE e.account_id = (SELECT id FROM ledger_accounts WHERE household_id = $1 AND kind = 'household') ORDER BY e.posted_at DESC, e.id DESC LIMIT 51`,
        [mine.id],
      ),
    );
    expect(statement).toContain('ledger_accounts_household_key');
    // Queries per request, counted at the pool: GET /v1/me/statement and /v1/me/redemptions do not grow with the page.
    const counted = await countQueries(t, () => t.http.get('/v1/me/redemptions').set(resident).expect(200));
    expect(counted).toBeLessThanOrEqual(2);
    expect(await countQueries(t, () => t.http.get('/v1/me/statement').set(resident).expect(200))).toBe(1);
    const member = (await givenUser(t, [{ role: 'panel_member', villageId: shop.village.id }])).headers;
    expect(await countQueries(t, () => t.http.get('/v1/me/rating-queue').set(member).expect(200))).toBe(1);
  });
});

/** Queries the app sends to PostgreSQL for `run`, once warm (the guard's user and session are then cached). */
async function countQueries(t: TestApp, run: () => Promise<unknown>): Promise<number> {
  await run();
  const logger = t.dataSource.logger as unknown as { logQuery: (...args: unknown[]) => unknown };
  const previous = logger.logQuery;
  let count = 0;
  logger.logQuery = (...args: unknown[]) => {
    // The audit sealer polls in the background (a transaction under an advisory lock); its queries are not this request's.
    if (!/audit|advisory|^(START TRANSACTION|COMMIT|ROLLBACK)/i.test(String(args[0]))) count++;
    return previous.apply(logger, args);
  };
  try {
    await run();
  } finally {
    logger.logQuery = previous;
  }
  return count;
}
