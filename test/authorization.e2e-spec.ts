/**
 * Route coverage, the authorization matrix and audit completeness, table-driven.
 * Every route the app registers must appear here: a new module adds its rows to ROUTES.
 */
import { randomBytes } from 'node:crypto';
import { SYSTEM_ACTOR } from '../src/core/identity/actor';
import { ROLES, Role, isTownshipRole } from '../src/core/identity/roles';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { LedgerPort } from '../src/ledger/ledger.port';
import { Headers, credentialsOf, givenAdmin, givenUser, passwordChanged } from './support/auth';
import { VillageFixture, givenVillage, uniqueCode } from './support/factories';
import { listRoutes } from './support/routes';
import { TestApp, startTestApp } from './support/test-app';

interface Ctx {
  t: TestApp;
  admin: Headers;
  /** The village the caller's role is in. */
  village: VillageFixture;
  /** A village the caller has no role in. */
  other: VillageFixture;
  /** The township of `village` (township roles are granted in it); `other` is in another. */
  township: { id: string };
}

interface Call {
  method: 'get' | 'post' | 'patch' | 'delete';
  path: string;
  /** A body, or one made for the caller (e.g. their own current password). */
  body?: object | ((caller: Headers) => object);
  headers?: Record<string, string>;
}

interface RouteCase {
  /** As registered: METHOD /path/:param */
  route: string;
  /**
   * Roles that may call it in their own village (admin always may; township_admin wherever
   * auditor may, in its township's villages). Empty: public.
   */
  allowed: readonly Role[] | 'public' | 'authenticated';
  /** A valid call on a resource of `village`. */
  call: (ctx: Ctx) => Promise<Call>;
  /**
   * Mutating routes: the audit events one successful call writes, exactly. One per change;
   * a change that also posts to the ledger writes the posting's own event beside it
   * (ledger verify checks that every posting has one), so those routes list both.
   */
  audit?: string | string[];
  /** Mutating routes: a call that is refused (and must write no event). */
  reject?: (ctx: Ctx) => Promise<Call>;
  /** The resource is not village-scoped (no "other village" check). */
  global?: boolean;
  /** Roles refused with 404 rather than 403: a resident asking about a household not theirs learns nothing about it. */
  notFoundFor?: readonly Role[];
}

const ALL_ROLES = ROLES.filter((r) => r !== 'admin');
const fresh = () => randomBytes(4).toString('hex');
let expiryYears = 0;

/** Roster reads: village staff, and residents (who see only their own household). */
const ROSTER_STAFF: Role[] = ['village_admin', 'clerk', 'auditor', 'panel_member'];
const ROSTER_READERS: Role[] = [...ROSTER_STAFF, 'resident'];
const CSV = { 'content-type': 'text/csv' };

async function newHousehold(ctx: Ctx): Promise<{ id: string; cardNo: string }> {
  const res = await ctx.t.http.post('/v1/households').set(ctx.admin).send({ villageId: ctx.village.id, code: uniqueCode('H'), cardNo: uniqueCode('C') });
  return res.body;
}

async function newResident(ctx: Ctx): Promise<string> {
  const res = await ctx.t.http.post('/v1/residents').set(ctx.admin).send({ villageId: ctx.village.id, householdId: (await newHousehold(ctx)).id, name: '李四' });
  return res.body.id;
}

async function newUser(ctx: Ctx): Promise<string> {
  const res = await ctx.t.http.post('/v1/users').set(ctx.admin).send({ username: `m${fresh()}`, password: 'long-enough-pw', displayName: '甲', roles: [{ role: 'clerk', villageId: ctx.village.id }] });
  return res.body.id;
}

/** A household with 1,000 points and an item with stock, in ctx.village. */
async function shopIn(ctx: Ctx): Promise<{ householdId: string; itemId: string; accountId: string }> {
  const household = await ctx.t.http.post('/v1/households').set(ctx.admin).send({ villageId: ctx.village.id, code: uniqueCode('H') });
  const system = await ctx.t.app.get(LedgerPort).systemAccountIds(ctx.t.dataSource.manager, ctx.village.id);
  await inRetryingTransaction(ctx.t.dataSource, (tx) =>
    ctx.t.app.get(LedgerPort).post(tx, {
      villageId: ctx.village.id,
      kind: 'award',
      memo: 'test',
      entries: [
        { accountId: system.issuance, amount: -1000 },
        { accountId: household.body.accountId, amount: 1000 },
      ],
      createdBy: SYSTEM_ACTOR,
    }),
  );
  const item = await ctx.t.http.post('/v1/catalogue-items').set(ctx.admin).send({ villageId: ctx.village.id, sku: uniqueCode('S'), name: '肥皂', pointsPrice: 5 });
  await ctx.t.http.post(`/v1/catalogue-items/${item.body.id}/stock-movements`).set(ctx.admin).send({ quantity: 100, reason: 'purchase' });
  return { householdId: household.body.id, itemId: item.body.id, accountId: household.body.accountId };
}

async function newSale(ctx: Ctx): Promise<string> {
  const { householdId, itemId } = await shopIn(ctx);
  const sale = await ctx.t.http.post('/v1/redemptions').set(ctx.admin).set('Idempotency-Key', fresh()).send({ villageId: ctx.village.id, householdId, lines: [{ itemId, quantity: 1 }] });
  return sale.body.id;
}

/** A manual adjustment of 5 points to a new household of ctx.village, as the posting body. */
async function adjustmentIn(ctx: Ctx, amount = 5): Promise<object> {
  const { accountId } = await shopIn(ctx);
  const system = await ctx.t.app.get(LedgerPort).systemAccountIds(ctx.t.dataSource.manager, ctx.village.id);
  return { villageId: ctx.village.id, kind: 'adjustment', memo: '更正', entries: [{ accountId: system.adjustments, amount: -amount }, { accountId, amount }] };
}

async function newTransaction(ctx: Ctx): Promise<string> {
  const res = await ctx.t.http.post('/v1/transactions').set(ctx.admin).set('Idempotency-Key', fresh()).send(await adjustmentIn(ctx));
  return res.body.id;
}

async function newItem(ctx: Ctx): Promise<string> {
  return (await shopIn(ctx)).itemId;
}

/** The bootstrap admin's current password (the password route below changes it). */
const rootLogin = (ctx: Ctx) => ({ username: 'root', password: credentialsOf(ctx.admin)?.password ?? 'root-password-for-tests' });

/** The caller changes their own password to a new one (alternating), and the fixtures learn it. */
const ownPasswordChange = (caller: Headers): object => {
  const current = credentialsOf(caller)?.password ?? 'unknown-password';
  const next = current.endsWith('~') ? current.slice(0, -1) : `${current}~`;
  passwordChanged(caller, next);
  return { currentPassword: current, newPassword: next };
};

async function newApiKey(ctx: Ctx): Promise<string> {
  const res = await ctx.t.http.post('/v1/api-keys').set(ctx.admin).send({ name: 'k', roles: [{ role: 'auditor', villageId: ctx.village.id }] });
  return res.body.id;
}

export const ROUTES: RouteCase[] = [
  // operations
  { route: 'GET /health/live', allowed: 'public', call: async () => ({ method: 'get', path: '/health/live' }), global: true },
  { route: 'GET /health/ready', allowed: 'public', call: async () => ({ method: 'get', path: '/health/ready' }), global: true },
  { route: 'GET /metrics', allowed: 'public', call: async () => ({ method: 'get', path: '/metrics' }), global: true },
  // auth
  {
    route: 'POST /v1/auth/login',
    allowed: 'public',
    global: true,
    call: async (ctx) => ({ method: 'post', path: '/v1/auth/login', body: rootLogin(ctx) }),
    audit: 'auth.login',
    reject: async () => ({ method: 'post', path: '/v1/auth/login', body: { username: 'root' } }),
  },
  {
    route: 'POST /v1/auth/refresh',
    allowed: 'public',
    global: true,
    call: async (ctx) => {
      const login = await ctx.t.http.post('/v1/auth/login').send(rootLogin(ctx));
      return { method: 'post', path: '/v1/auth/refresh', body: { refreshToken: login.body.refreshToken } };
    },
    audit: 'auth.refreshed',
    reject: async () => ({ method: 'post', path: '/v1/auth/refresh', body: { refreshToken: 'jfr_unknown' } }),
  },
  {
    route: 'POST /v1/auth/logout',
    allowed: 'public',
    global: true,
    call: async (ctx) => {
      // Its own session's bearer token (a caller's would end the caller's session) and refresh token.
      const login = await ctx.t.http.post('/v1/auth/login').send(rootLogin(ctx));
      return { method: 'post', path: '/v1/auth/logout', body: { refreshToken: login.body.refreshToken }, headers: { authorization: `Bearer ${login.body.accessToken}` } };
    },
    audit: 'auth.logout',
    reject: async () => ({ method: 'post', path: '/v1/auth/logout', body: { refreshToken: 'jfr_unknown' } }),
  },
  {
    route: 'POST /v1/auth/password',
    allowed: 'authenticated',
    global: true,
    call: async () => ({ method: 'post', path: '/v1/auth/password', body: ownPasswordChange }),
    audit: 'auth.password_changed',
    reject: async () => ({ method: 'post', path: '/v1/auth/password', body: { currentPassword: 'whatever-it-was', newPassword: 'short' } }),
  },
  // users
  {
    route: 'POST /v1/users',
    allowed: ['village_admin', 'township_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/users', body: { username: `n${fresh()}`, password: 'long-enough-pw', displayName: '乙', roles: [{ role: 'clerk', villageId: ctx.village.id }] } }),
    audit: 'user.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/users', body: { username: `n${fresh()}`, password: 'short', displayName: '乙', roles: [{ role: 'clerk', villageId: ctx.village.id }] } }),
  },
  { route: 'GET /v1/users/me', allowed: 'authenticated', global: true, call: async () => ({ method: 'get', path: '/v1/users/me' }) },
  // the caller's own reads: about the caller, not a village's resource (no "other village" case)
  { route: 'GET /v1/me', allowed: 'authenticated', global: true, call: async () => ({ method: 'get', path: '/v1/me' }) },
  { route: 'GET /v1/me/statement', allowed: ['resident'], global: true, call: async () => ({ method: 'get', path: '/v1/me/statement' }) },
  { route: 'GET /v1/me/redemptions', allowed: ['resident'], global: true, call: async () => ({ method: 'get', path: '/v1/me/redemptions' }) },
  { route: 'GET /v1/me/open-rounds', allowed: ['resident'], global: true, call: async () => ({ method: 'get', path: '/v1/me/open-rounds' }) },
  { route: 'GET /v1/me/rating-queue', allowed: ['panel_member'], global: true, call: async () => ({ method: 'get', path: '/v1/me/rating-queue' }) },
  { route: 'GET /v1/me/households', allowed: 'authenticated', global: true, call: async () => ({ method: 'get', path: '/v1/me/households' }) },
  { route: 'GET /v1/users', allowed: ['village_admin', 'township_admin'], call: async (ctx) => ({ method: 'get', path: `/v1/users?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/users/:id', allowed: ['village_admin', 'township_admin'], call: async (ctx) => ({ method: 'get', path: `/v1/users/${await newUser(ctx)}` }) },
  {
    route: 'PATCH /v1/users/:id',
    allowed: ['village_admin', 'township_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/users/${await newUser(ctx)}`, body: { displayName: '改名' } }),
    audit: 'user.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/users/${await newUser(ctx)}`, body: { status: 'gone' } }),
  },
  // API keys
  {
    route: 'POST /v1/api-keys',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/api-keys', body: { name: '屏', roles: [{ role: 'auditor', villageId: ctx.village.id }] } }),
    audit: 'api_key.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/api-keys', body: { name: '屏', roles: [{ role: 'resident', villageId: ctx.village.id }] } }),
  },
  { route: 'GET /v1/api-keys', allowed: ['village_admin'], global: true, call: async () => ({ method: 'get', path: '/v1/api-keys' }) },
  {
    route: 'DELETE /v1/api-keys/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'delete', path: `/v1/api-keys/${await newApiKey(ctx)}` }),
    audit: 'api_key.revoked',
    reject: async () => ({ method: 'delete', path: '/v1/api-keys/00000000-0000-4000-8000-000000000000' }),
  },
  // villages
  {
    route: 'POST /v1/villages',
    allowed: ['township_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/villages', body: { code: uniqueCode('M'), name: '新村', townshipId: ctx.township.id } }),
    audit: 'village.created',
    reject: async () => ({ method: 'post', path: '/v1/villages', body: { code: 'bad code!', name: '新村' } }),
  },
  { route: 'GET /v1/villages', allowed: ALL_ROLES, global: true, call: async () => ({ method: 'get', path: '/v1/villages' }) },
  { route: 'GET /v1/villages/:id', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/villages/${ctx.village.id}` }) },
  {
    route: 'PATCH /v1/villages/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/villages/${ctx.village.id}`, body: { name: `村${fresh()}` } }),
    audit: 'village.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/villages/${ctx.village.id}`, body: { settings: { quorum: 0 } } }),
  },
  // townships
  {
    route: 'POST /v1/townships',
    allowed: [],
    global: true,
    call: async () => ({ method: 'post', path: '/v1/townships', body: { code: uniqueCode('T'), name: '新镇' } }),
    audit: 'township.created',
    reject: async () => ({ method: 'post', path: '/v1/townships', body: { code: 'bad code!', name: '新镇' } }),
  },
  { route: 'GET /v1/townships', allowed: ['township_admin', 'township_officer'], global: true, call: async () => ({ method: 'get', path: '/v1/townships' }) },
  { route: 'GET /v1/townships/:id', allowed: ['township_admin', 'township_officer'], call: async (ctx) => ({ method: 'get', path: `/v1/townships/${ctx.township.id}` }) },
  {
    route: 'PATCH /v1/townships/:id',
    allowed: [],
    global: true,
    call: async (ctx) => ({ method: 'patch', path: `/v1/townships/${ctx.township.id}`, body: { name: `镇${fresh()}` } }),
    audit: 'township.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/townships/${ctx.township.id}`, body: { name: '' } }),
  },
  {
    route: 'GET /v1/townships/:id/summary',
    allowed: ['township_admin', 'township_officer'],
    call: async (ctx) => ({ method: 'get', path: `/v1/townships/${ctx.township.id}/summary?from=2026-01-01&to=2026-12-31` }),
  },
  // audit
  { route: 'GET /v1/audit-events', allowed: ['auditor', 'township_officer'], call: async (ctx) => ({ method: 'get', path: `/v1/audit-events?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/audit-events/verify', allowed: ['auditor', 'township_officer'], call: async (ctx) => ({ method: 'get', path: `/v1/audit-events/verify?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/audit-events/digest', allowed: ['auditor', 'township_officer'], call: async (ctx) => ({ method: 'get', path: `/v1/audit-events/digest?villageId=${ctx.village.id}` }) },
  // catalogue and stock
  {
    route: 'POST /v1/catalogue-items',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/catalogue-items', body: { villageId: ctx.village.id, sku: uniqueCode('S'), name: '毛巾', pointsPrice: 8 } }),
    audit: 'catalogue_item.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/catalogue-items', body: { villageId: ctx.village.id, sku: uniqueCode('S'), name: '毛巾', pointsPrice: 0 } }),
  },
  { route: 'GET /v1/catalogue-items', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/catalogue-items?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/catalogue-items/:id', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/catalogue-items/${await newItem(ctx)}` }) },
  {
    route: 'PATCH /v1/catalogue-items/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/catalogue-items/${await newItem(ctx)}`, body: { pointsPrice: 6 } }),
    audit: 'catalogue_item.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/catalogue-items/${await newItem(ctx)}`, body: { pointsPrice: 6 }, headers: { 'if-match': '"stale.0"' } }),
  },
  {
    route: 'POST /v1/catalogue-items/:id/stock-movements',
    allowed: ['village_admin', 'clerk'],
    call: async (ctx) => ({ method: 'post', path: `/v1/catalogue-items/${await newItem(ctx)}/stock-movements`, body: { quantity: 5, reason: 'donation', donor: '爱心企业' } }),
    audit: 'stock.moved',
    // Refused by the database's CHECK (stock below zero), after the service has run.
    reject: async (ctx) => ({ method: 'post', path: `/v1/catalogue-items/${await newItem(ctx)}/stock-movements`, body: { quantity: -1000, reason: 'adjustment', note: '盘点' } }),
  },
  { route: 'GET /v1/catalogue-items/:id/stock-movements', allowed: ['village_admin', 'clerk', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/catalogue-items/${await newItem(ctx)}/stock-movements` }) },
  // redemptions
  {
    route: 'POST /v1/redemptions',
    allowed: ['clerk'],
    call: async (ctx) => {
      const { householdId, itemId } = await shopIn(ctx);
      return { method: 'post', path: '/v1/redemptions', body: { villageId: ctx.village.id, householdId, lines: [{ itemId, quantity: 2 }] }, headers: { 'idempotency-key': fresh() } };
    },
    audit: ['ledger.transaction.redemption', 'redemption.completed'],
    // Refused after the ledger posting has been written: nothing of it may remain.
    reject: async (ctx) => {
      const { householdId, itemId } = await shopIn(ctx);
      return { method: 'post', path: '/v1/redemptions', body: { villageId: ctx.village.id, householdId, lines: [{ itemId, quantity: 201 }] }, headers: { 'idempotency-key': fresh() } };
    },
  },
  {
    route: 'POST /v1/redemptions/:id/cancel',
    allowed: ['clerk', 'village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/redemptions/${await newSale(ctx)}/cancel`, body: { reason: '退货' }, headers: { 'idempotency-key': fresh() } }),
    audit: ['ledger.transaction.refund', 'redemption.cancelled'],
    reject: async (ctx) => {
      const id = await newSale(ctx);
      await ctx.t.http.post(`/v1/redemptions/${id}/cancel`).set(ctx.admin).set('Idempotency-Key', fresh()).send({ reason: '退货' });
      return { method: 'post', path: `/v1/redemptions/${id}/cancel`, body: { reason: '又退' }, headers: { 'idempotency-key': fresh() } };
    },
  },
  { route: 'GET /v1/redemptions', allowed: ['clerk', 'village_admin', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/redemptions?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/redemptions/:id', allowed: ['clerk', 'village_admin', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/redemptions/${await newSale(ctx)}` }) },
  { route: 'GET /v1/redemptions/:id/receipt', allowed: ['clerk', 'village_admin', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/redemptions/${await newSale(ctx)}/receipt` }) },
  // households and residents
  {
    route: 'POST /v1/households',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/households', body: { villageId: ctx.village.id, code: uniqueCode('H') } }),
    audit: 'household.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/households', body: { villageId: ctx.village.id, code: 'bad code!' } }),
  },
  { route: 'GET /v1/households', allowed: ROSTER_READERS, call: async (ctx) => ({ method: 'get', path: `/v1/households?villageId=${ctx.village.id}` }) },
  {
    route: 'GET /v1/households/lookup',
    allowed: ['clerk', 'village_admin'],
    call: async (ctx) => ({ method: 'get', path: `/v1/households/lookup?villageId=${ctx.village.id}&cardNo=${(await newHousehold(ctx)).cardNo}` }),
  },
  { route: 'GET /v1/households/:id', allowed: ROSTER_STAFF, notFoundFor: ['resident'], call: async (ctx) => ({ method: 'get', path: `/v1/households/${(await newHousehold(ctx)).id}` }) },
  { route: 'GET /v1/households/:id/balance', allowed: ROSTER_STAFF, notFoundFor: ['resident'], call: async (ctx) => ({ method: 'get', path: `/v1/households/${(await newHousehold(ctx)).id}/balance` }) },
  {
    route: 'PATCH /v1/households/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/households/${(await newHousehold(ctx)).id}`, body: { address: `地址${fresh()}` } }),
    audit: 'household.updated',
    reject: async (ctx) => {
      const household = await newHousehold(ctx);
      return { method: 'patch', path: `/v1/households/${household.id}`, body: { address: '新' }, headers: { 'if-match': `"${household.id}.0"` } };
    },
  },
  {
    route: 'POST /v1/residents',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/residents', body: { villageId: ctx.village.id, householdId: (await newHousehold(ctx)).id, name: '张三' } }),
    audit: 'resident.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/residents', body: { villageId: ctx.village.id, householdId: (await newHousehold(ctx)).id, name: '张三', idNumber: '110105491231002' } }),
  },
  { route: 'GET /v1/residents', allowed: ROSTER_READERS, call: async (ctx) => ({ method: 'get', path: `/v1/residents?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/residents/:id', allowed: ROSTER_STAFF, notFoundFor: ['resident'], call: async (ctx) => ({ method: 'get', path: `/v1/residents/${await newResident(ctx)}` }) },
  {
    route: 'PATCH /v1/residents/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/residents/${await newResident(ctx)}`, body: { relation: '配偶' } }),
    audit: 'resident.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/residents/${await newResident(ctx)}`, body: { phone: '12345' } }),
  },
  {
    route: 'POST /v1/residents/import',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/residents/import?villageId=${ctx.village.id}`, body: Buffer.from(`户号,姓名\n${uniqueCode('H')},张三\n`), headers: CSV }),
    audit: 'residents.imported',
    reject: async (ctx) => ({ method: 'post', path: `/v1/residents/import?villageId=${ctx.village.id}`, body: Buffer.from(`户号,姓名\n${uniqueCode('H')},\n`), headers: CSV }),
  },
  {
    route: 'POST /v1/villages/:id/resident-logins',
    allowed: ['village_admin', 'township_admin'],
    call: async (ctx) => {
      const household = await newHousehold(ctx);
      await ctx.t.http.post('/v1/residents').set(ctx.admin).send({ villageId: ctx.village.id, householdId: household.id, name: '户主甲', isHead: true });
      return { method: 'post', path: `/v1/villages/${ctx.village.id}/resident-logins`, body: { householdIds: [household.id] } };
    },
    audit: 'user.created',
    reject: async (ctx) => ({ method: 'post', path: `/v1/villages/${ctx.village.id}/resident-logins`, body: { usernameFrom: 'email' } }),
  },
  { route: 'GET /v1/residents/export', allowed: ['village_admin'], call: async (ctx) => ({ method: 'get', path: `/v1/residents/export?villageId=${ctx.village.id}` }) },
  // Numbers registered in several villages: the deployment's admin only (audited read).
  { route: 'GET /v1/residents/duplicates', allowed: [], global: true, call: async () => ({ method: 'get', path: '/v1/residents/duplicates' }) },
  // ---- rules, panels, scoring (issue 6) ----
  {
    route: 'POST /v1/rules',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/rules', body: { villageId: ctx.village.id, code: uniqueCode('R'), category: '环境卫生', title: '庭院整洁', points: 5 } }),
    audit: 'rule.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/rules', body: { villageId: ctx.village.id, code: uniqueCode('R'), category: '环境卫生', title: '庭院整洁', points: 5, minPoints: 1, maxPoints: 3 } }),
  },
  { route: 'GET /v1/rules', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/rules?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/rules/:id', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/rules/${await scoringRule(ctx)}` }) },
  {
    route: 'PATCH /v1/rules/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/rules/${await newScoringRule(ctx)}`, body: { title: `新标题${fresh()}` } }),
    audit: 'rule.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/rules/${await newScoringRule(ctx)}`, body: { title: '新' }, headers: { 'if-match': '"stale.0"' } }),
  },
  {
    route: 'POST /v1/rules/:id/retire',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/rules/${await newScoringRule(ctx)}/retire` }),
    audit: 'rule.retired',
    reject: async (ctx) => {
      const id = await newScoringRule(ctx);
      await ctx.t.http.post(`/v1/rules/${id}/retire`).set(ctx.admin);
      return { method: 'post', path: `/v1/rules/${id}/retire` };
    },
  },
  {
    route: 'POST /v1/panels',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/panels', body: { villageId: ctx.village.id, name: '评定小组', members: await panelSeats(ctx), quorum: 1 } }),
    audit: 'panel.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/panels', body: { villageId: ctx.village.id, name: '评定小组', members: await panelSeats(ctx), quorum: 50 } }),
  },
  { route: 'GET /v1/panels', allowed: ['village_admin', 'panel_member', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/panels?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/panels/:id', allowed: ['village_admin', 'panel_member', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/panels/${await scoringPanel(ctx)}` }) },
  {
    route: 'PATCH /v1/panels/:id',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'patch', path: `/v1/panels/${await scoringPanel(ctx)}`, body: { name: `小组${fresh()}` } }),
    audit: 'panel.updated',
    reject: async (ctx) => ({ method: 'patch', path: `/v1/panels/${await scoringPanel(ctx)}`, body: { name: '新' }, headers: { 'if-match': '"stale.0"' } }),
  },
  {
    route: 'POST /v1/scoring-rounds',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/scoring-rounds', body: { panelId: await scoringPanel(ctx), title: '评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' } }),
    audit: 'scoring_round.created',
    reject: async (ctx) => ({ method: 'post', path: '/v1/scoring-rounds', body: { panelId: await scoringPanel(ctx), title: '评议', periodStart: '2026-11-30', periodEnd: '2026-11-01' } }),
  },
  { route: 'GET /v1/scoring-rounds', allowed: ['village_admin', 'panel_member', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/scoring-rounds?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/scoring-rounds/:id', allowed: ['village_admin', 'panel_member', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/scoring-rounds/${await openRound(ctx)}` }) },
  {
    // A resident may add only a self-claim for their own household: the matrix's resident has none (403).
    route: 'POST /v1/scoring-rounds/:id/items',
    allowed: ['village_admin', 'panel_member'],
    call: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await openRound(ctx)}/items`, body: { householdId: await scoringHousehold(ctx), ruleId: await scoringRule(ctx), proposedPoints: 5 } }),
    audit: 'score_item.created',
    reject: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await openRound(ctx)}/items`, body: { householdId: await scoringHousehold(ctx), ruleId: await scoringRule(ctx), proposedPoints: 11 } }),
  },
  {
    route: 'POST /v1/scoring-rounds/:id/items::bulk',
    allowed: ['village_admin', 'panel_member'],
    call: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await openRound(ctx)}/items:bulk`, body: { ruleId: await scoringRule(ctx), householdIds: [await scoringHousehold(ctx)], proposedPoints: 3 } }),
    audit: 'score_item.bulk_created',
    reject: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await openRound(ctx)}/items:bulk`, body: { ruleId: await scoringRule(ctx), householdIds: [await scoringHousehold(ctx), '00000000-0000-4000-8000-000000000000'], proposedPoints: 3 } }),
  },
  { route: 'GET /v1/scoring-rounds/:id/items', allowed: ['village_admin', 'panel_member', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/scoring-rounds/${await openRound(ctx)}/items` }) },
  {
    route: 'GET /v1/scoring-rounds/:id/items/:itemId',
    allowed: ['village_admin', 'panel_member', 'auditor'],
    call: async (ctx) => {
      const { roundId, itemId } = await roundWithItem(ctx);
      return { method: 'get', path: `/v1/scoring-rounds/${roundId}/items/${itemId}` };
    },
  },
  {
    // Members of the round's panel only: the matrix's panel_member and the admin sit on it.
    route: 'POST /v1/scoring-rounds/:id/items/:itemId/ratings',
    allowed: ['panel_member'],
    call: async (ctx) => {
      const { roundId, itemId } = await roundWithItem(ctx);
      return { method: 'post', path: `/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`, body: { approve: true, points: 4 } };
    },
    audit: 'score_rating.created',
    reject: async (ctx) => {
      const { roundId, itemId } = await roundWithItem(ctx);
      return { method: 'post', path: `/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`, body: { approve: false } };
    },
  },
  {
    route: 'POST /v1/scoring-rounds/:id/publish',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${(await roundWithItem(ctx)).roundId}/publish` }),
    audit: 'scoring_round.published',
    reject: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${(await noticeRound(ctx)).roundId}/publish` }),
  },
  {
    route: 'POST /v1/scoring-rounds/:id/cancel',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await openRound(ctx)}/cancel`, body: { reason: '重复' } }),
    audit: 'scoring_round.cancelled',
    reject: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await openRound(ctx)}/cancel`, body: {} }),
  },
  {
    // A round with no approved item: posting writes the round's event only (each ledger posting writes its own).
    route: 'POST /v1/scoring-rounds/:id/post',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${await postableRound(ctx)}/post`, headers: { 'idempotency-key': fresh() } }),
    audit: 'scoring_round.posted',
    reject: async (ctx) => ({ method: 'post', path: `/v1/scoring-rounds/${(await noticeRound(ctx)).roundId}/post`, headers: { 'idempotency-key': fresh() } }),
  },
  {
    route: 'POST /v1/scoring-rounds/:id/items/:itemId/objections',
    allowed: ['resident', 'village_admin', 'panel_member', 'clerk'],
    call: async (ctx) => {
      const { roundId, itemId } = await noticeRound(ctx);
      return { method: 'post', path: `/v1/scoring-rounds/${roundId}/items/${itemId}/objections`, body: { text: '有异议' } };
    },
    audit: 'objection.filed',
    reject: async (ctx) => {
      const { roundId, itemId } = await noticeRound(ctx);
      return { method: 'post', path: `/v1/scoring-rounds/${roundId}/items/${itemId}/objections`, body: { text: '' } };
    },
  },
  { route: 'GET /v1/objections', allowed: ['village_admin', 'panel_member', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/objections?villageId=${ctx.village.id}` }) },
  {
    route: 'POST /v1/objections/:id/resolve',
    allowed: ['village_admin', 'panel_member'],
    call: async (ctx) => ({ method: 'post', path: `/v1/objections/${await openObjection(ctx)}/resolve`, body: { outcome: 'dismissed', note: '经核实' } }),
    audit: 'objection.resolved',
    reject: async (ctx) => ({ method: 'post', path: `/v1/objections/${await openObjection(ctx)}/resolve`, body: { outcome: 'dismissed' } }),
  },
  { route: 'GET /v1/public/villages/:idOrCode/notices', allowed: 'public', call: async (ctx) => ({ method: 'get', path: `/v1/public/villages/${ctx.village.id}/notices` }) },
  // ---- end of rules, panels, scoring ----
  // reports and expiry
  { route: 'GET /v1/villages/:id/leaderboard', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/villages/${ctx.village.id}/leaderboard?period=2026-11` }) },
  { route: 'GET /v1/villages/:id/stars', allowed: ALL_ROLES, call: async (ctx) => ({ method: 'get', path: `/v1/villages/${ctx.village.id}/stars?year=2026` }) },
  { route: 'GET /v1/villages/:id/summary', allowed: ['village_admin', 'auditor', 'township_officer'], call: async (ctx) => ({ method: 'get', path: `/v1/villages/${ctx.village.id}/summary` }) },
  { route: 'GET /v1/summary', allowed: [], global: true, call: async () => ({ method: 'get', path: '/v1/summary' }) },
  { route: 'GET /v1/public/villages/:idOrCode/boards', allowed: 'public', global: true, call: async (ctx) => ({ method: 'get', path: `/v1/public/villages/${ctx.village.id}/boards` }) },
  {
    route: 'POST /v1/villages/:id/expiry-runs',
    allowed: ['village_admin'],
    call: async (ctx) => {
      await ctx.t.http.patch(`/v1/villages/${ctx.village.id}`).set(ctx.admin).send({ settings: { pointsExpiry: { mode: 'annual', resetDate: '01-01' } } });
      // A new past year each call: one run per village and year.
      return { method: 'post', path: `/v1/villages/${ctx.village.id}/expiry-runs`, body: { year: 2025 - expiryYears++ }, headers: { 'idempotency-key': fresh() } };
    },
    audit: 'expiry.run',
    reject: async (ctx) => ({ method: 'post', path: `/v1/villages/${ctx.village.id}/expiry-runs`, body: { year: 2099 }, headers: { 'idempotency-key': fresh() } }),
  },
  // ledger
  { route: 'GET /v1/accounts', allowed: ['village_admin', 'auditor', 'clerk'], call: async (ctx) => ({ method: 'get', path: `/v1/accounts?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/accounts/:id', allowed: ['village_admin', 'auditor', 'clerk'], call: async (ctx) => ({ method: 'get', path: `/v1/accounts/${(await shopIn(ctx)).accountId}` }) },
  { route: 'GET /v1/accounts/:id/balance', allowed: ['village_admin', 'auditor', 'clerk'], call: async (ctx) => ({ method: 'get', path: `/v1/accounts/${(await shopIn(ctx)).accountId}/balance` }) },
  { route: 'GET /v1/accounts/:id/entries', allowed: ['village_admin', 'auditor', 'clerk'], call: async (ctx) => ({ method: 'get', path: `/v1/accounts/${(await shopIn(ctx)).accountId}/entries` }) },
  { route: 'GET /v1/transactions', allowed: ['village_admin', 'auditor', 'clerk'], call: async (ctx) => ({ method: 'get', path: `/v1/transactions?villageId=${ctx.village.id}` }) },
  { route: 'GET /v1/transactions/:id', allowed: ['village_admin', 'auditor', 'clerk'], call: async (ctx) => ({ method: 'get', path: `/v1/transactions/${await newTransaction(ctx)}` }) },
  { route: 'GET /v1/ledger/verify', allowed: ['auditor', 'township_officer'], call: async (ctx) => ({ method: 'get', path: `/v1/ledger/verify?villageId=${ctx.village.id}` }) },
  {
    route: 'POST /v1/transactions',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: '/v1/transactions', body: await adjustmentIn(ctx), headers: { 'idempotency-key': fresh() } }),
    audit: 'ledger.transaction.adjustment',
    reject: async (ctx) => {
      const body = (await adjustmentIn(ctx)) as { entries: { amount: number }[] };
      body.entries[1].amount = 6; // unbalanced: refused by the service (and the database)
      return { method: 'post', path: '/v1/transactions', body, headers: { 'idempotency-key': fresh() } };
    },
  },
  {
    route: 'POST /v1/transactions/:id/reverse',
    allowed: ['village_admin'],
    call: async (ctx) => ({ method: 'post', path: `/v1/transactions/${await newTransaction(ctx)}/reverse`, body: { reason: '录错' }, headers: { 'idempotency-key': fresh() } }),
    audit: 'ledger.transaction.reversal',
    reject: async (ctx) => {
      const id = await newTransaction(ctx);
      await ctx.t.http.post(`/v1/transactions/${id}/reverse`).set(ctx.admin).set('Idempotency-Key', fresh()).send({ reason: '录错' });
      return { method: 'post', path: `/v1/transactions/${id}/reverse`, body: { reason: '又冲' }, headers: { 'idempotency-key': fresh() } };
    },
  },
  { route: 'GET /v1/households/:id/statement', allowed: ['village_admin', 'clerk', 'auditor'], notFoundFor: ['resident'], call: async (ctx) => ({ method: 'get', path: `/v1/households/${(await shopIn(ctx)).householdId}/statement` }) },
  { route: 'GET /v1/villages/:id/expiry-runs', allowed: ['village_admin', 'auditor'], call: async (ctx) => ({ method: 'get', path: `/v1/villages/${ctx.village.id}/expiry-runs` }) },
];

// ---- rules, panels, scoring (issue 6): fixtures in ctx.village ----

const scoringCache = new Map<string, Promise<string>>();
const once = (key: string, make: () => Promise<string>): Promise<string> => {
  if (!scoringCache.has(key)) scoringCache.set(key, make());
  return scoringCache.get(key)!;
};

async function newScoringRule(ctx: Ctx): Promise<string> {
  const res = await ctx.t.http.post('/v1/rules').set(ctx.admin).send({ villageId: ctx.village.id, code: uniqueCode('R'), category: '环境卫生', title: '庭院整洁', minPoints: 1, maxPoints: 10 });
  return res.body.id;
}

const scoringRule = (ctx: Ctx) => once(`rule:${ctx.village.id}`, () => newScoringRule(ctx));
const scoringHousehold = (ctx: Ctx) => once(`household:${ctx.village.id}`, async () => (await newHousehold(ctx)).id);

/** Every panel_member of the village, and the admin (admin holds every role in every village). */
async function panelSeats(ctx: Ctx): Promise<{ userId: string; seat: string }[]> {
  const rows: { user_id: string }[] = await ctx.t.dataSource.query(
    `SELECT DISTINCT g.user_id::text FROM role_grants g JOIN users u ON u.id = g.user_id
      WHERE (g.role = 'panel_member' AND g.village_id = $1) OR u.username = 'root' ORDER BY 1`,
    [ctx.village.id],
  );
  return rows.map((r) => ({ userId: r.user_id, seat: 'resident_rep' }));
}

const scoringPanel = (ctx: Ctx) =>
  once(`panel:${ctx.village.id}`, async () => (await ctx.t.http.post('/v1/panels').set(ctx.admin).send({ villageId: ctx.village.id, name: '矩阵小组', members: await panelSeats(ctx), quorum: 1 })).body.id);

async function openRound(ctx: Ctx): Promise<string> {
  const res = await ctx.t.http.post('/v1/scoring-rounds').set(ctx.admin).send({ panelId: await scoringPanel(ctx), title: '评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' });
  return res.body.id;
}

async function roundWithItem(ctx: Ctx): Promise<{ roundId: string; itemId: string }> {
  const roundId = await openRound(ctx);
  const item = await ctx.t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(ctx.admin).send({ householdId: await scoringHousehold(ctx), ruleId: await scoringRule(ctx), proposedPoints: 5 });
  return { roundId, itemId: item.body.id };
}

/** A published round (the village's 3-day notice running) with one approved item. */
async function noticeRound(ctx: Ctx): Promise<{ roundId: string; itemId: string }> {
  const { roundId, itemId } = await roundWithItem(ctx);
  await ctx.t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(ctx.admin).send({ approve: true, points: 5 });
  await ctx.t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(ctx.admin);
  return { roundId, itemId };
}

async function openObjection(ctx: Ctx): Promise<string> {
  const { roundId, itemId } = await noticeRound(ctx);
  return (await ctx.t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/objections`).set(ctx.admin).send({ text: '有异议' })).body.id;
}

/** An empty round published under a notice period of 0 days (the setting is restored at once). */
async function postableRound(ctx: Ctx): Promise<string> {
  const roundId = await openRound(ctx);
  await ctx.t.http.patch(`/v1/villages/${ctx.village.id}`).set(ctx.admin).send({ settings: { noticePeriodDays: 0 } });
  await ctx.t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(ctx.admin);
  await ctx.t.http.patch(`/v1/villages/${ctx.village.id}`).set(ctx.admin).send({ settings: { noticePeriodDays: 3 } });
  return roundId;
}

describe('authorization and audit coverage of every route', () => {
  let t: TestApp;
  let ctx: Ctx;
  const callers = new Map<Role, Headers>();
  const outsiders = new Map<Role, Headers>();

  beforeAll(async () => {
    t = await startTestApp();
    const admin = await givenAdmin(t);
    const township = (await t.http.post('/v1/townships').set(admin).send({ code: uniqueCode('T'), name: '南林桥镇' }).expect(201)).body;
    const otherTownship = (await t.http.post('/v1/townships').set(admin).send({ code: uniqueCode('T'), name: '别镇' }).expect(201)).body;
    ctx = { t, admin, village: await givenVillage(t, { townshipId: township.id }), other: await givenVillage(t, { townshipId: otherTownship.id }), township };
    for (const role of ALL_ROLES) {
      const [mine, theirs] = isTownshipRole(role) ? [{ townshipId: township.id }, { townshipId: otherTownship.id }] : [{ villageId: ctx.village.id }, { villageId: ctx.other.id }];
      callers.set(role, (await givenUser(t, [{ role, ...mine }])).headers);
      outsiders.set(role, (await givenUser(t, [{ role, ...theirs }])).headers);
    }
    callers.set('admin', admin);
  });
  afterAll(() => t.close());

  const send = (call: Call, headers: Headers = {}) => {
    const req = t.http[call.method](call.path).set({ ...headers, ...call.headers });
    const body = typeof call.body === 'function' ? call.body(headers) : call.body;
    return body === undefined ? req : req.send(body);
  };

  it('every route has @Roles or @Public, and every route is in the table', () => {
    const routes = listRoutes(t.app);
    expect(routes.length).toBeGreaterThan(10);
    const unguarded = routes.filter((r) => !r.isPublic && r.roles === undefined).map((r) => `${r.method} ${r.path}`);
    expect(unguarded).toEqual([]);
    const registered = routes.map((r) => `${r.method} ${r.path}`).sort();
    expect(registered).toEqual(ROUTES.map((r) => r.route).sort());
    const publicRoutes = routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`).sort();
    expect(publicRoutes).toEqual(ROUTES.filter((r) => r.allowed === 'public').map((r) => r.route).sort());
  });

  it('answers 401 without credentials on every non-public route', async () => {
    for (const row of ROUTES.filter((r) => r.allowed !== 'public')) {
      const res = await send(await row.call(ctx));
      expect([row.route, res.status]).toEqual([row.route, 401]);
    }
  });

  it('lets each role do exactly what the matrix says, and shows other villages as 404', async () => {
    for (const row of ROUTES.filter((r) => r.allowed !== 'public')) {
      for (const role of ROLES) {
        const listed = row.allowed as readonly Role[];
        const allowed = row.allowed === 'authenticated' || role === 'admin' || listed.includes(role) || (role === 'township_admin' && listed.includes('auditor'));
        const res = await send(await row.call(ctx), callers.get(role));
        if (allowed) {
          expect([row.route, role, res.status < 300]).toEqual([row.route, role, true]);
        } else {
          expect([row.route, role, res.status]).toEqual([row.route, role, row.notFoundFor?.includes(role) ? 404 : 403]);
        }
        if (allowed && role !== 'admin' && !row.global) {
          const outsider = await send(await row.call(ctx), outsiders.get(role));
          expect([row.route, role, 'other village', outsider.status]).toEqual([row.route, role, 'other village', 404]);
        }
      }
    }
  });

  it('user management across villages: only a caller who could grant every role of a user or key manages it (403), one with no role in its villages gets 404', async () => {
    const villageAdmin = callers.get('village_admin')!;
    const createUser = async (roles: object[]) =>
      (await t.http.post('/v1/users').set(ctx.admin).send({ username: `x${fresh()}`, password: 'long-enough-pw', displayName: '丙', roles }).expect(201)).body.id as string;
    const createKey = async (roles: object[]) => (await t.http.post('/v1/api-keys').set(ctx.admin).send({ name: '跨村', roles }).expect(201)).body.id as string;
    const here = { role: 'clerk', villageId: ctx.village.id };
    const there = { role: 'clerk', villageId: ctx.other.id };
    const manage = (id: string): Call[] => [
      { method: 'get', path: `/v1/users/${id}` },
      { method: 'patch', path: `/v1/users/${id}`, body: { displayName: '改名' } },
      { method: 'patch', path: `/v1/users/${id}`, body: { password: 'taken-over-password' } },
      { method: 'patch', path: `/v1/users/${id}`, body: { roles: [here] } },
      { method: 'patch', path: `/v1/users/${id}`, body: { status: 'disabled' } },
    ];
    const cases: [string, string[], number][] = [
      ['user in both villages', [await createUser([here, there])], 403],
      ['user in the other village only', [await createUser([there])], 404],
      ['user in the caller\'s village only', [await createUser([here])], 200],
    ];
    for (const [what, [id], status] of cases) {
      for (const call of manage(id)) {
        const res = await send(call, villageAdmin);
        expect([what, call.method, JSON.stringify(call.body ?? {}), res.status]).toEqual([what, call.method, JSON.stringify(call.body ?? {}), status]);
      }
    }
    expect((await send({ method: 'delete', path: `/v1/api-keys/${await createKey([{ role: 'auditor', villageId: ctx.village.id }, { role: 'auditor', villageId: ctx.other.id }])}` }, villageAdmin)).status).toBe(403);
    expect((await send({ method: 'delete', path: `/v1/api-keys/${await createKey([{ role: 'auditor', villageId: ctx.other.id }])}` }, villageAdmin)).status).toBe(404);
    // The events of a user in both villages are in both villages' chains.
    const straddler = cases[0][1][0];
    await t.http.patch(`/v1/users/${straddler}`).set(ctx.admin).send({ displayName: '两村' }).expect(200);
    const villages = await t.dataSource.query(`SELECT action, array_agg(village_id::text ORDER BY village_id) AS villages FROM audit_events WHERE entity_id = $1 GROUP BY action ORDER BY action`, [straddler]);
    const both = [ctx.village.id, ctx.other.id].sort();
    expect(villages).toEqual([{ action: 'user.created', villages: both }, { action: 'user.updated', villages: both }]);
  });

  it('writes exactly the audit events of each successful change and none per refused one', async () => {
    const mutating = listRoutes(t.app).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    const covered = ROUTES.filter((r) => r.audit).map((r) => r.route);
    expect(mutating.sort()).toEqual(covered.sort());
    const lastId = async (): Promise<string> => (await t.dataSource.query('SELECT coalesce(max(id), 0)::text AS id FROM audit_events'))[0].id;
    const actionsSince = async (id: string): Promise<string[]> =>
      (await t.dataSource.query('SELECT action FROM audit_events WHERE id > $1 ORDER BY action', [id])).map((r: { action: string }) => r.action);
    for (const row of ROUTES.filter((r) => r.audit)) {
      const call = await row.call(ctx);
      const before = await lastId();
      const ok = await send(call, ctx.admin);
      expect([row.route, ok.status < 300]).toEqual([row.route, true]);
      expect([row.route, await actionsSince(before)]).toEqual([row.route, [row.audit!].flat().sort()]);
      const rejected = await row.reject!(ctx);
      const beforeReject = await lastId();
      const refused = await send(rejected, ctx.admin);
      expect([row.route, refused.status >= 400]).toEqual([row.route, true]);
      expect([row.route, await actionsSince(beforeReject)]).toEqual([row.route, []]);
    }
  });
});
