import { JifenError, browserStorage, isJifenError, memoryStorage, miniProgramStorage, paginate, unwrap } from '@jifen/sdk';
import { Clock } from '../src/core/time/clock';
import { UserFixture, givenUser } from './support/auth';
import { uniqueCode } from './support/factories';
import { SeenRequest, listening, sdkClient } from './support/sdk';
import { Shop, givenHousehold, givenItem, givenShop } from './support/shop';
import { TEST_CONFIG, TestApp, startTestApp } from './support/test-app';

/**
 * @jifen/sdk against the real API on PostgreSQL: sessions (login, one refresh for a burst of
 * expired calls, tabs sharing a storage, logout), typed errors, page iteration and the text
 * helpers. Retries of idempotent actions are in sdk-retries.e2e-spec.ts.
 */
describe('@jifen/sdk: sessions, errors, pages, text', () => {
  let t: TestApp;
  let base: string;
  let shop: Shop;
  let clerk: UserFixture;
  let clock: Clock;

  beforeAll(async () => {
    t = await startTestApp();
    base = await listening(t);
    clock = t.app.get(Clock);
    shop = await givenShop(t);
    clerk = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
  });
  afterAll(() => t.close());

  /** Past the access token's lifetime. The app's clock only moves forward, so the tests that move it come last (fixture headers expire). */
  const expireAccessTokens = (expiresIn: number) => clock.advance((expiresIn + 5) * 1000);

  const auditCount = async (action: string, userId: string): Promise<number> =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = $1 AND actor_id = $2`, [action, userId]))[0].n;

  /** Refresh requests the server has answered, from its own Prometheus metrics. */
  async function refreshesServed(): Promise<number> {
    const metrics = (await t.http.get('/metrics').expect(200)).text;
    return metrics
      .split('\n')
      .filter((line) => line.startsWith('http_request_duration_seconds_count{') && line.includes('route="/v1/auth/refresh"'))
      .reduce((sum, line) => sum + Number(line.split(' ').at(-1)), 0);
  }

  const requestsTo = (seen: SeenRequest[], path: string) => seen.filter((s) => s.path === path);

  it('logs in: the session is stored and its access token rides on every call; a wrong password throws a typed invalid_credentials', async () => {
    const { client, seen } = await sdkClient(base);
    expect(await client.getSession()).toBeNull();
    const tokens = await client.login(clerk.username, clerk.password);
    expect(tokens).toMatchObject({ tokenType: 'Bearer', expiresIn: expect.any(Number) });
    expect(await client.getSession()).toEqual({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken });

    const me = unwrap(await client.GET('/v1/users/me'));
    expect(me.username).toBe(clerk.username);
    expect(seen.at(-1)).toMatchObject({ path: '/v1/users/me', status: 200, authorization: `Bearer ${tokens.accessToken}` });

    const refused: unknown = await client.login(clerk.username, 'not-the-password-1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(JifenError);
    expect(refused).toMatchObject({ code: 'invalid_credentials', status: 401, requestId: seen.at(-1)!.requestId });
    // A failed login leaves the session it had.
    expect((await client.getSession())?.accessToken).toBe(tokens.accessToken);
  });


  it('sends a machine client\'s API key instead of a session', async () => {
    const { client: admin } = await sdkClient(base, await givenUser(t, [{ role: 'village_admin', villageId: shop.village.id }]));
    const { key } = unwrap(await admin.POST('/v1/api-keys', { body: { name: '村务公开屏', roles: [{ role: 'auditor', villageId: shop.village.id }] } }));
    const { client: screen, seen } = await sdkClient(base, undefined, { apiKey: key });
    expect(unwrap(await screen.GET('/v1/villages/{id}', { params: { path: { id: shop.village.id } } })).id).toBe(shop.village.id);
    expect(seen.at(-1)).toMatchObject({ authorization: null, apiKey: key, status: 200 });
    // The key's role (auditor) reads; it does not post.
    const household = await givenHousehold(t, shop);
    const entries = [{ accountId: shop.system.adjustments, amount: -1 }, { accountId: household.accountId, amount: 1 }];
    const refused: unknown = await screen.postTransaction({ villageId: shop.village.id, kind: 'adjustment', memo: '补录', entries }).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'JifenError', code: 'forbidden', status: 403 });
    expect(seen.at(-1)).toMatchObject({ apiKey: key, status: 403 });
  });

  it('throws typed errors narrowed by code: insufficient_points carries the balance and the total, and a 4xx is never retried', async () => {
    const { client, seen } = await sdkClient(base, clerk);
    const household = await givenHousehold(t, shop, 5);
    const item = await givenItem(t, shop, { price: 10, stock: 3 });

    const error: unknown = await client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JifenError);
    expect(isJifenError(error, 'insufficient_points')).toBe(true);
    if (!(error instanceof JifenError) || error.code !== 'insufficient_points') throw error;
    // Narrowed: `balance` and `total` are typed members of this code only.
    expect({ balance: error.balance, total: error.total, status: error.status }).toEqual({ balance: 5, total: 10, status: 422 });
    expect(error.message).toBe(error.detail);
    expect(error.requestId).toBe(seen.at(-1)!.requestId);
    expect(requestsTo(seen, '/v1/redemptions')).toHaveLength(1);
    expect(unwrap(await client.GET('/v1/households/{id}/balance', { params: { path: { id: household.id } } })).balance).toBe(5);

    const invalid: unknown = await client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 0 }] }).catch((e: unknown) => e);
    if (!isJifenError(invalid, 'validation_failed')) throw invalid;
    expect(invalid.status).toBe(400);
    expect(invalid.errors.map((e) => e.field)).toEqual([expect.stringContaining('quantity')]);
    expect(requestsTo(seen, '/v1/redemptions')).toHaveLength(2);

    const missing: unknown = await client.GET('/v1/redemptions/{id}', { params: { path: { id: '00000000-0000-4000-8000-000000000000' } } }).then(unwrap).catch((e: unknown) => e);
    expect(missing).toMatchObject({ name: 'JifenError', code: 'not_found', status: 404, errors: [] });
  });


  it('paginates 250 households: each exactly once, page after page until nextCursor is null', async () => {
    const { client: root } = await sdkClient(base, TEST_CONFIG.bootstrapAdmin!);
    const village = unwrap(await root.POST('/v1/villages', { body: { code: uniqueCode('P'), name: '翻页村' } }));
    const { client } = await sdkClient(base, await givenUser(t, [{ role: 'village_admin', villageId: village.id }]));
    const created: string[] = [];
    const codes = Array.from({ length: 250 }, (_, i) => `P${String(i).padStart(3, '0')}`);
    const worker = async () => {
      for (let code = codes.shift(); code; code = codes.shift()) created.push(unwrap(await client.POST('/v1/households', { body: { villageId: village.id, code } })).id);
    };
    await Promise.all(Array.from({ length: 6 }, worker));
    expect(created).toHaveLength(250);

    const { client: reader, seen } = await sdkClient(base, await givenUser(t, [{ role: 'clerk', villageId: village.id }]));
    const walked: string[] = [];
    for await (const household of paginate(reader, '/v1/households', { params: { query: { villageId: village.id, limit: 100 } } })) {
      expect(household.villageId).toBe(village.id);
      walked.push(household.id);
    }
    expect(walked).toHaveLength(250);
    expect(new Set(walked).size).toBe(250);
    expect([...walked].sort()).toEqual([...created].sort());
    expect(requestsTo(seen, '/v1/households')).toHaveLength(3);

    // The client's own iterator, at the default page size (50), stopping early when the loop does.
    let taken = 0;
    for await (const household of reader.paginate('/v1/households', { params: { query: { villageId: village.id } } })) {
      expect(household.id).toBe(walked[taken]);
      if (++taken === 60) break;
    }
    expect(requestsTo(seen, '/v1/households')).toHaveLength(3 + 2);
    // Another village's admin does not even learn that the village exists.
    const { client: outsider } = await sdkClient(base, await givenUser(t, [{ role: 'village_admin', villageId: shop.village.id }]));
    const refused: unknown = await (async () => {
      for await (const h of outsider.paginate('/v1/households', { params: { query: { villageId: village.id } } })) return h;
    })().catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'not_found', status: 404 });
  });


  it('fetches a receipt as text/plain and a report as text/csv', async () => {
    const { client, seen } = await sdkClient(base, clerk);
    const household = await givenHousehold(t, shop, 100);
    const item = await givenItem(t, shop, { price: 30, stock: 5, name: '食用油 5L' });
    const sale = await client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 2 }] });
    expect(sale).toMatchObject({ status: 'completed', totalPoints: 60, balanceAfter: 40 });

    const receipt = await client.receipt(sale.id);
    expect(seen.at(-1)).toMatchObject({ path: `/v1/redemptions/${sale.id}/receipt`, accept: 'text/plain', status: 200 });
    expect(receipt).toContain('食用油 5L');
    expect(receipt).toContain('60');
    // A typed call asks for JSON: the receipt's lines.
    const lines = unwrap(await client.GET('/v1/redemptions/{id}/receipt', { params: { path: { id: sale.id } } }));
    expect(seen.at(-1)).toMatchObject({ accept: 'application/json', status: 200 });
    expect(lines.width).toBe(32);
    expect(lines.lines).toContain('食用油 5L');
    expect(`${lines.lines.join('\n')}\n`).toBe(receipt);

    const { client: admin, seen: adminSeen } = await sdkClient(base, await givenUser(t, [{ role: 'village_admin', villageId: shop.village.id }]));
    const csv = await admin.csv('/v1/villages/{id}/summary', { params: { path: { id: shop.village.id } } });
    expect(adminSeen.at(-1)).toMatchObject({ path: `/v1/villages/${shop.village.id}/summary`, accept: 'text/csv', status: 200 });
    const json = unwrap(await admin.GET('/v1/villages/{id}/summary', { params: { path: { id: shop.village.id } } }));
    expect(csv.split(/\r?\n/).length).toBeGreaterThan(1);
    expect(csv).toContain(String(json.redeemed));
  });

  it('logs out by the bearer token: the session ends on the server at once (access and refresh tokens refused) and is forgotten here', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
    const { client, seen } = await sdkClient(base, user);
    const tokens = (await client.getSession())!;

    await client.logout();
    expect(seen.at(-1)).toMatchObject({ method: 'POST', path: '/v1/auth/logout', authorization: `Bearer ${tokens.accessToken}`, status: 204 });
    expect(await client.getSession()).toBeNull();
    expect(await auditCount('auth.logout', user.id)).toBe(1);

    const withOldToken = await fetch(`${base}/v1/users/me`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
    expect(withOldToken.status).toBe(401);
    const refresh = await fetch(`${base}/v1/auth/refresh`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: tokens.refreshToken }) });
    expect(refresh.status).toBe(401);
    // Without a session the client sends no credentials: the API says who is missing.
    const anonymous: unknown = await client.GET('/v1/users/me').then(unwrap).catch((e: unknown) => e);
    expect(anonymous).toMatchObject({ code: 'unauthenticated', status: 401 });
    expect(seen.at(-1)!.authorization).toBeNull();
    await client.logout(); // nothing to end: no request
    expect(requestsTo(seen, '/v1/auth/logout')).toHaveLength(1);
  });


  it("keeps the session in the storage it is given: a mini-program's storage, the browser's localStorage", async () => {
    // wx's synchronous storage answers '' for a missing key.
    const saved = new Map<string, string>();
    const wx = { getStorageSync: (key: string) => saved.get(key) ?? '', setStorageSync: (key: string, data: string) => void saved.set(key, data), removeStorageSync: (key: string) => void saved.delete(key) };
    const { client } = await sdkClient(base, clerk, { storage: miniProgramStorage(wx) });
    expect(JSON.parse(saved.get('jifen.session')!)).toEqual(await client.getSession());
    // The next launch of the mini-program is still signed in.
    const { client: relaunched } = await sdkClient(base, undefined, { storage: miniProgramStorage(wx) });
    expect(unwrap(await relaunched.GET('/v1/users/me')).username).toBe(clerk.username);
    await relaunched.logout();
    expect(saved.size).toBe(0);
    expect((await client.GET('/v1/users/me')).response.status).toBe(401);

    expect(() => browserStorage()).toThrow(/localStorage/);
    const local = new Map<string, string>();
    const localStorage = { getItem: (key: string) => local.get(key) ?? null, setItem: (key: string, value: string) => void local.set(key, value), removeItem: (key: string) => void local.delete(key) };
    Object.assign(globalThis, { localStorage });
    try {
      const { client: page } = await sdkClient(base, clerk, { storage: browserStorage(), storageKey: 'counter' });
      expect(JSON.parse(local.get('counter')!).accessToken).toBe((await page.getSession())!.accessToken);
    } finally {
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });

  it('turns a burst of calls that cross the access token expiry into one refresh (counted server-side), then replays each call once', async () => {
    const { client, seen } = await sdkClient(base, clerk);
    const household = await givenHousehold(t, shop, 20);
    const item = await givenItem(t, shop, { price: 5, stock: 3 });
    const old = (await client.getSession())!;
    const [servedBefore, auditedBefore] = [await refreshesServed(), await auditCount('auth.refreshed', clerk.id)];

    expireAccessTokens(15 * 60);
    const calls = Array.from({ length: 12 }, (_, i) =>
      i % 2 ? client.GET('/v1/users/me') : client.GET('/v1/households/{id}/balance', { params: { path: { id: household.id } } }),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.response.status)).toEqual(Array(12).fill(200));
    expect(results.filter((_, i) => i % 2 === 0).map((r) => (r.data as { balance: number }).balance)).toEqual(Array(6).fill(20));

    // Every call went out with the old token and came back token_expired; one refresh; each replayed once with the new token.
    const renewed = (await client.getSession())!;
    expect(renewed.accessToken).not.toBe(old.accessToken);
    const calls401 = seen.filter((s) => s.authorization === `Bearer ${old.accessToken}` && s.status === 401);
    expect(calls401).toHaveLength(12);
    expect(calls401.every((s) => s.code === 'token_expired')).toBe(true);
    expect(requestsTo(seen, '/v1/auth/refresh').map((s) => s.status)).toEqual([200]);
    expect(seen.filter((s) => s.authorization === `Bearer ${renewed.accessToken}`).map((s) => s.status)).toEqual(Array(12).fill(200));
    expect(await refreshesServed()).toBe(servedBefore + 1);
    expect(await auditCount('auth.refreshed', clerk.id)).toBe(auditedBefore + 1);

    // The next expiry gets its own single refresh; a sale caught in it is sent again, body and key, and made once.
    expireAccessTokens(15 * 60);
    const [sale, ...again] = await Promise.all([
      client.redeem({ villageId: shop.village.id, householdId: household.id, lines: [{ itemId: item.id, quantity: 1 }] }),
      ...Array.from({ length: 5 }, () => client.GET('/v1/users/me')),
    ]);
    expect(again.map((r) => r.response.status)).toEqual(Array(5).fill(200));
    expect(sale).toMatchObject({ status: 'completed', totalPoints: 5, balanceAfter: 15 });
    expect(requestsTo(seen, '/v1/redemptions').map((s) => s.status)).toEqual([401, 201]);
    expect(unwrap(await client.GET('/v1/redemptions', { params: { query: { villageId: shop.village.id, householdId: household.id } } })).items).toHaveLength(1);
    expect(await refreshesServed()).toBe(servedBefore + 2);
    expect(await auditCount('auth.refreshed', clerk.id)).toBe(auditedBefore + 2);
  });


  it('keeps one session for two tabs sharing a storage: the refresh one tab made is used by the other, never presented again', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
    const storage = memoryStorage();
    const tabA = await sdkClient(base, user, { storage });
    const tabB = await sdkClient(base, undefined, { storage });
    expect(unwrap(await tabB.client.GET('/v1/users/me')).username).toBe(user.username);

    // Both tabs wake up after the expiry at the same moment (each may refresh; the server's grace gives both one pair) ...
    expireAccessTokens(15 * 60);
    const both = await Promise.all([tabA.client.GET('/v1/users/me'), tabB.client.GET('/v1/users/me')]);
    expect(both.map((r) => r.response.status)).toEqual([200, 200]);
    // ... and much later (past the 30 s grace) tab A refreshes alone; tab B, next, uses what A stored.
    expireAccessTokens(15 * 60);
    expect((await tabA.client.GET('/v1/users/me')).response.status).toBe(200);
    clock.advance(60_000);
    const refreshesOfB = requestsTo(tabB.seen, '/v1/auth/refresh').length;
    expect((await tabB.client.GET('/v1/users/me')).response.status).toBe(200);
    expect(requestsTo(tabB.seen, '/v1/auth/refresh')).toHaveLength(refreshesOfB);
    expect(tabB.seen.at(-1)!.authorization).toBe(`Bearer ${(await tabA.client.getSession())!.accessToken}`);

    // Presenting a used refresh token after the grace would have ended the session for both tabs.
    expect(await auditCount('auth.refresh_reuse_detected', user.id)).toBe(0);
    expect((await tabA.client.GET('/v1/users/me')).response.status).toBe(200);
  });


  it('forgets a session the server has ended (password changed on another device; logged out while expired) and calls onSessionEnd', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
    let ended = 0;
    const { client: phone } = await sdkClient(base, user, { onSessionEnd: () => ended++ });
    const { client: desk } = await sdkClient(base, user);
    const newPassword = `new-${user.password}`;
    unwrap(await desk.POST('/v1/auth/password', { body: { currentPassword: user.password, newPassword } }));
    const refused = await phone.GET('/v1/users/me');
    expect({ status: refused.response.status, code: refused.error?.code }).toEqual({ status: 401, code: 'unauthenticated' });
    expect(ended).toBe(1);
    expect(await phone.getSession()).toBeNull();
    expect((await desk.GET('/v1/users/me')).response.status).toBe(200);

    const { client: tablet, seen } = await sdkClient(base, { username: user.username, password: newPassword }, { onSessionEnd: () => ended++ });
    const { refreshToken } = (await tablet.getSession())!;
    expireAccessTokens(15 * 60);
    const logout = await fetch(`${base}/v1/auth/logout`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) });
    expect(logout.status).toBe(204);
    expect((await tablet.GET('/v1/users/me')).response.status).toBe(401);
    expect(ended).toBe(2);
    expect(await tablet.getSession()).toBeNull();
    expect(seen.filter((s) => s.status === 401).map((s) => s.code)).toEqual([expect.stringMatching(/^(token_expired|unauthenticated)$/), ...(seen.some((s) => s.path === '/v1/auth/refresh') ? ['unauthenticated'] : [])]);
  });
});
