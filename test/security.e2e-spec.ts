/**
 * Security checks as tests (issue 9, part 6): secrets never leave the API, forged and expired
 * tokens are refused, bodies cannot set fields the server owns, and another village's ids
 * answer 404. The contract fuzzer (test/fuzz.e2e-spec.ts) scans every one of its responses
 * with the same `leaks` check; here a role-focused fuzz pass and the normal flows are scanned.
 */
import fc from 'fast-check';
import { createHmac, randomUUID } from 'node:crypto';
import { signAccessToken } from '../src/auth/jwt';
import { Headers, givenAdmin, login } from './support/auth';
import { uniqueCode } from './support/factories';
import { API_KEY, PASSWORD_HASH, REFRESH_TOKEN, leaks, responseProblems } from './support/fuzz/checks';
import { loadContract } from './support/fuzz/contract';
import { Caller, requestsFor } from './support/fuzz/requests';
import { send } from './support/fuzz/send';
import { FuzzVillage, givenFuzzVillage } from './support/fuzz/village';
import { TEST_CONFIG, TestApp, startTestApp } from './support/test-app';

const MASKED_ROLES = ['clerk', 'auditor', 'panel_member', 'resident'] as const;

describe('security', () => {
  let t: TestApp;
  let admin: Headers;
  let village: FuzzVillage;
  let other: FuzzVillage;
  let callers: Record<Caller, Headers>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    village = await givenFuzzVillage(t);
    other = await givenFuzzVillage(t, { households: 1 });
    callers = { admin, none: {}, ...Object.fromEntries(Object.entries(village.callers).map(([role, user]) => [role, user.headers])) } as Record<Caller, Headers>;
  });
  afterAll(() => t?.close());

  describe('no response leaks a secret', () => {
    it('hands out refresh tokens and API keys once, and no later response carries them or a password hash', async () => {
      const clerk = village.callers.clerk;
      const first = await login(t, clerk.username, clerk.password);
      const refreshed = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
      expect(refreshed.body.refreshToken).toMatch(/^jfr_/);
      const created = await t.http.post('/v1/api-keys').set(admin).send({ name: '监督屏', roles: [{ role: 'auditor', villageId: village.villageId }] }).expect(201);
      expect(created.body.key).toMatch(/^jfk_/);
      const user = await t.http.post('/v1/users').set(admin).send({ username: `s${uniqueCode('u')}`.toLowerCase(), password: 'a-long-password-1', displayName: '新用户', roles: [{ role: 'clerk', villageId: village.villageId }] }).expect(201);
      const secrets = [first.refreshToken, refreshed.body.refreshToken, created.body.key, 'a-long-password-1', clerk.password];

      const reads: [string, Headers][] = [
        ['/v1/users/me', clerk.headers],
        [`/v1/users/${user.body.id}`, admin],
        [`/v1/users?villageId=${village.villageId}&limit=200`, admin],
        ['/v1/users?limit=200', admin],
        ['/v1/api-keys?limit=200', admin],
        [`/v1/audit-events?limit=200`, admin],
        [`/v1/audit-events?villageId=${village.villageId}&limit=200`, village.callers.auditor.headers],
        [`/v1/audit-events?entityType=user&limit=200`, admin],
        [`/v1/audit-events?entityType=api_key&limit=200`, admin],
        [`/v1/audit-events?action=auth.login&limit=200`, admin],
      ];
      for (const [path, headers] of reads) {
        const res = await t.http.get(path).set(headers);
        expect([path, res.status]).toEqual([path, 200]);
        for (const secret of secrets) expect([path, res.text.includes(secret)]).toEqual([path, false]);
        expect([path, PASSWORD_HASH.test(res.text), REFRESH_TOKEN.test(res.text), API_KEY.test(res.text)]).toEqual([path, false, false, false]);
      }
      // The key works, by its header only, and its listing shows no key.
      const viaKey = await t.http.get('/v1/ledger/verify').query({ villageId: village.villageId }).set('x-api-key', created.body.key).expect(200);
      expect(viaKey.body.ok).toBe(true);
    });

    it('shows ID numbers and phones masked to clerk, auditor, panel_member and resident, in clear to the village_admin', async () => {
      const [householdId] = village.pools.households;
      const residentId = village.pools.residents[0];
      const paths = [
        `/v1/residents?villageId=${village.villageId}&limit=200`,
        `/v1/residents?villageId=${village.villageId}&householdId=${householdId}`,
        `/v1/residents/${residentId}`,
        `/v1/households/lookup?villageId=${village.villageId}&cardNo=${village.households[0].cardNo}`,
        `/v1/audit-events?villageId=${village.villageId}&entityType=resident&limit=200`,
        `/v1/public/villages/${village.villageId}/notices`,
        `/v1/residents/export?villageId=${village.villageId}`,
      ];
      let readable = 0;
      for (const role of MASKED_ROLES) {
        for (const path of paths) {
          const res = await t.http.get(path).set(village.callers[role].headers);
          if (res.status === 200) readable++;
          expect(res.status).toBeLessThan(500);
          expect([role, path, leaks({ op: path, caller: role }, res.status, res.text, village.secrets)]).toEqual([role, path, []]);
        }
      }
      expect(readable).toBeGreaterThan(6); // the scan read real rows, not only refusals
      const own = await t.http.get(`/v1/residents/${residentId}`).set(village.callers.village_admin.headers).expect(200);
      expect(own.body.idNumber).toBe(village.secrets.idNumbers[0]);
      const masked = await t.http.get(`/v1/residents/${residentId}`).set(village.callers.clerk.headers).expect(200);
      expect(masked.body.idNumber).toBe(`${village.secrets.idNumbers[0].slice(0, 6)}**********${village.secrets.idNumbers[0].slice(-2)}`);
      expect(masked.body.phone).toBe(`${village.secrets.phones[0].slice(0, 3)}****${village.secrets.phones[0].slice(-4)}`);
    });

    it('leaks nothing to any role in a fuzz pass over every operation', async () => {
      const contract = loadContract();
      const seed = Number(process.env.FUZZ_SEED ?? 20_261_129);
      let requests = 0;
      for (const op of contract.operations) {
        const samples = fc.sample(requestsFor(contract, op, village.pools), { numRuns: 2, seed });
        for (const [i, sample] of samples.entries()) {
          const req = { ...sample, caller: sample.headers.authorization ? sample.caller : MASKED_ROLES[(requests + i) % MASKED_ROLES.length] };
          const res = await send(t, req, callers);
          requests++;
          expect([req.op, req.url.slice(0, 200), req.caller, leaks(req, res.status, res.text, village.secrets), responseProblems(res, req)]).toEqual([req.op, req.url.slice(0, 200), req.caller, [], []]);
        }
      }
      expect(requests).toBe(contract.operations.length * 2);
    });
  });

  describe('tokens', () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = () => Math.floor(Date.now() / 1000);
    /** The session id inside a caller's real access token: forged tokens name a live session, so only the token itself is wrong. */
    const sessionOf = (headers: Headers) => JSON.parse(Buffer.from(headers.authorization.split('.')[1], 'base64url').toString()).sid as string;
    const claims = (overrides: object = {}) =>
      ({ sub: village.callers.village_admin.id, sid: sessionOf(village.callers.village_admin.headers), name: 'x', grants: [{ role: 'admin' as const, villageId: null }], iat: now(), exp: now() + 600, ...overrides }) as unknown as Parameters<typeof signAccessToken>[1];
    const hs256 = (secret: string, header: object, payload: object) => {
      const data = `${b64(header)}.${b64(payload)}`;
      return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
    };

    it.each([
      ['alg none, no signature', () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`],
      ['alg none with the right signature', () => hs256(TEST_CONFIG.jwtSecret, { alg: 'none', typ: 'JWT' }, claims())],
      ['alg NONE', () => `${b64({ alg: 'NONE' })}.${b64(claims())}.`],
      ['HS512 header', () => hs256(TEST_CONFIG.jwtSecret, { alg: 'HS512', typ: 'JWT' }, claims())],
      ['wrong secret', () => signAccessToken('another-secret-another-secret-0123456789', claims())],
      ['tampered payload (admin grant) under a real signature', () => {
        const real = signAccessToken(TEST_CONFIG.jwtSecret, claims({ grants: [{ role: 'clerk', villageId: village.villageId }] }));
        const [h, , s] = real.split('.');
        return `${h}.${b64(claims())}.${s}`;
      }],
      ['exp as a string', () => signAccessToken(TEST_CONFIG.jwtSecret, claims({ exp: String(now() + 600) }) as never)],
      ['no exp', () => hs256(TEST_CONFIG.jwtSecret, { alg: 'HS256', typ: 'JWT' }, { ...claims(), exp: undefined })],
      ['signature stripped', () => signAccessToken(TEST_CONFIG.jwtSecret, claims()).replace(/\.[^.]+$/, '.')],
      ['a refresh token as bearer', () => 'jfr_notanaccesstoken'],
    ])('refuses a token with %s: 401 unauthenticated, nothing done', async (_what, token) => {
      const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM villages`))[0].n;
      const write = await t.http.post('/v1/villages').set('authorization', `Bearer ${token()}`).send({ code: uniqueCode('X'), name: '伪造村' });
      expect([write.status, write.body.code, write.headers['content-type']]).toEqual([401, 'unauthenticated', 'application/problem+json; charset=utf-8']);
      const read = await t.http.get('/v1/users/me').set('authorization', `Bearer ${token()}`);
      expect([read.status, read.body.code]).toEqual([401, 'unauthenticated']);
      expect((await t.dataSource.query(`SELECT count(*)::int AS n FROM villages`))[0].n).toBe(before);
    });

    it.each([
      ['expired a second ago', () => signAccessToken(TEST_CONFIG.jwtSecret, claims({ iat: now() - 901, exp: now() - 1 }))],
      ['expiring now', () => signAccessToken(TEST_CONFIG.jwtSecret, claims({ exp: now() }))],
    ])('refuses a genuine token %s: 401 token_expired, nothing done', async (_what, token) => {
      const write = await t.http.post('/v1/villages').set('authorization', `Bearer ${token()}`).send({ code: uniqueCode('X'), name: '伪造村' });
      expect([write.status, write.body.code]).toEqual([401, 'token_expired']);
      const read = await t.http.get('/v1/users/me').set('authorization', `Bearer ${token()}`);
      expect([read.status, read.body.code]).toEqual([401, 'token_expired']);
    });

    it('accepts the same claims when signed properly (the refusals above are about the token, not the claims)', async () => {
      const token = signAccessToken(TEST_CONFIG.jwtSecret, { sub: village.callers.clerk.id, sid: sessionOf(village.callers.clerk.headers), name: 'clerk', iat: now(), exp: now() + 600 });
      await t.http.get('/v1/users/me').set('authorization', `Bearer ${token}`).expect(200);
    });

    it('refuses a revoked API key and a made-up one', async () => {
      const created = await t.http.post('/v1/api-keys').set(admin).send({ name: 'k', roles: [{ role: 'auditor', villageId: village.villageId }] }).expect(201);
      const verify = `/v1/ledger/verify?villageId=${village.villageId}`;
      await t.http.get(verify).set('x-api-key', created.body.key).expect(200);
      await t.http.delete(`/v1/api-keys/${created.body.id}`).set(admin).expect((r) => expect(r.status).toBeLessThan(300));
      for (const key of [created.body.key, `${created.body.key}x`, 'jfk_madeup']) {
        const res = await t.http.get(verify).set('x-api-key', key);
        expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
      }
    });
  });

  describe('mass assignment', () => {
    it('refuses server-owned fields in create and update bodies with 400, and changes nothing', async () => {
      const [householdId] = village.pools.households;
      const [itemId] = village.pools.items;
      const villageAdmin = village.callers.village_admin.headers;
      const snapshot = async () => ({
        household: (await t.http.get(`/v1/households/${householdId}`).set(admin)).body,
        balance: (await t.http.get(`/v1/households/${householdId}/balance`).set(admin)).body.balance,
        item: (await t.http.get(`/v1/catalogue-items/${itemId}`).set(admin)).body,
        village: (await t.http.get(`/v1/villages/${village.villageId}`).set(admin)).body,
        user: (await t.http.get(`/v1/users/${village.pools.users[0]}`).set(admin)).body,
        counts: (await t.dataSource.query(`SELECT (SELECT count(*) FROM households)::int AS h, (SELECT count(*) FROM catalogue_items)::int AS c, (SELECT count(*) FROM residents)::int AS r, (SELECT count(*) FROM redemptions)::int AS s, (SELECT count(*) FROM villages)::int AS v, (SELECT count(*) FROM scoring_rounds)::int AS sr, (SELECT count(*) FROM ledger_transactions)::int AS t`))[0],
      });
      const before = await snapshot();
      const cases: [string, string, object, Headers?, Record<string, string>?][] = [
        ['post', '/v1/households', { villageId: village.villageId, code: uniqueCode('H'), balance: 1_000_000 }],
        ['post', '/v1/households', { villageId: village.villageId, code: uniqueCode('H'), accountId: village.pools.accounts[0] }],
        ['post', '/v1/households', { villageId: village.villageId, code: uniqueCode('H'), status: 'closed' }],
        ['patch', `/v1/households/${householdId}`, { villageId: other.villageId }],
        ['patch', `/v1/households/${householdId}`, { accountId: village.pools.accounts[0] }],
        ['patch', `/v1/households/${householdId}`, { balance: 1_000_000 }],
        ['post', '/v1/catalogue-items', { villageId: village.villageId, sku: uniqueCode('S'), name: '米', pointsPrice: 1, stockOnHand: 1000 }],
        ['patch', `/v1/catalogue-items/${itemId}`, { stockOnHand: 100_000 }],
        ['patch', `/v1/catalogue-items/${itemId}`, { villageId: other.villageId }],
        ['patch', `/v1/catalogue-items/${itemId}`, { sku: 'NEW-SKU', version: 99 }],
        ['post', '/v1/residents', { villageId: village.villageId, householdId, name: '李四', status: 'deceased' }],
        ['post', '/v1/redemptions', { villageId: village.villageId, householdId, lines: [{ itemId, quantity: 1 }], status: 'cancelled' }, village.callers.clerk.headers, { 'idempotency-key': randomUUID() }],
        ['post', '/v1/redemptions', { villageId: village.villageId, householdId, lines: [{ itemId, quantity: 1, unitPoints: 0 }] }, village.callers.clerk.headers, { 'idempotency-key': randomUUID() }],
        ['post', '/v1/redemptions', { villageId: village.villageId, householdId, lines: [{ itemId, quantity: 1 }], totalPoints: 0 }, village.callers.clerk.headers, { 'idempotency-key': randomUUID() }],
        ['post', '/v1/transactions', { villageId: village.villageId, kind: 'adjustment', memo: 'x', entries: [{ accountId: village.pools.accounts[0], amount: 1, balance: 5 }, { accountId: village.pools.accounts[1], amount: -1 }] }, villageAdmin, { 'idempotency-key': randomUUID() }],
        ['post', '/v1/transactions', { villageId: village.villageId, kind: 'award', memo: 'x', entries: [{ accountId: village.households[0].accountId, amount: 5 }, { accountId: village.pools.accounts[0], amount: -5 }] }, villageAdmin, { 'idempotency-key': randomUUID() }],
        ['patch', `/v1/villages/${village.villageId}`, { code: 'HIJACK' }],
        ['patch', `/v1/villages/${village.villageId}`, { id: randomUUID() }],
        ['post', '/v1/villages', { code: uniqueCode('V'), name: '村', id: randomUUID() }],
        // (roles are no longer server-owned here: PATCH /v1/users/{id} replaces them, checked by the grant rules)
        ['patch', `/v1/users/${village.pools.users[0]}`, { passwordChangedAt: '2000-01-01T00:00:00Z' }],
        ['patch', `/v1/users/${village.pools.users[0]}`, { passwordHash: '$argon2id$v=19$m=1,t=1,p=1$x$y' }],
        ['patch', `/v1/users/${village.pools.users[0]}`, { username: 'root' }],
        ['post', '/v1/scoring-rounds', { panelId: village.pools.panels[0], title: 't', periodStart: '2026-11-01', periodEnd: '2026-11-30', status: 'posted' }],
        ['patch', `/v1/rules/${village.pools.rules[0]}`, { villageId: other.villageId }],
        ['patch', `/v1/rules/${village.pools.rules[0]}`, { status: 'retired' }],
        ['post', `/v1/catalogue-items/${itemId}/stock-movements`, { quantity: 5, reason: 'purchase', stockAfter: 100_000 }],
      ];
      for (const [method, path, body, headers = admin, extra = {}] of cases) {
        const res = await t.http[method as 'post'](path).set(headers).set(extra).send(body);
        expect([method, path, Object.keys(body).join(','), res.status, res.body.code]).toEqual([method, path, Object.keys(body).join(','), res.status === 422 ? 422 : 400, res.status === 422 ? res.body.code : 'validation_failed']);
      }
      expect(await snapshot()).toEqual(before);
    });
  });

  describe('another village', () => {
    it('answers 404 for its ids on a sample of routes of every module, and changes nothing', async () => {
      const staff = village.callers.village_admin.headers;
      const [hB] = other.pools.households;
      const [roundB, itemB] = other.pools.roundItems[1];
      const calls: [string, string, object?, Record<string, string>?][] = [
        ['get', `/v1/villages/${other.villageId}`],
        ['patch', `/v1/villages/${other.villageId}`, { name: '改名' }],
        ['get', `/v1/households/${hB}`],
        ['get', `/v1/households/${hB}/balance`],
        ['patch', `/v1/households/${hB}`, { address: 'x' }],
        ['get', `/v1/households?villageId=${other.villageId}`],
        ['get', `/v1/households/lookup?villageId=${other.villageId}&cardNo=${other.households[0].cardNo}`],
        ['get', `/v1/residents/${other.pools.residents[0]}`],
        ['patch', `/v1/residents/${other.pools.residents[0]}`, { name: '改名' }],
        ['post', '/v1/residents', { villageId: other.villageId, householdId: hB, name: '闯入' }],
        ['get', `/v1/accounts/${other.households[0].accountId}`],
        ['get', `/v1/accounts/${other.households[0].accountId}/entries`],
        ['get', `/v1/transactions/${other.pools.transactions[0]}`],
        ['post', `/v1/transactions/${other.pools.transactions[0]}/reverse`, { reason: '冲正' }, { 'idempotency-key': randomUUID() }],
        ['get', `/v1/ledger/verify?villageId=${other.villageId}`, undefined, village.callers.auditor.headers],
        ['get', `/v1/catalogue-items/${other.pools.items[0]}`],
        ['patch', `/v1/catalogue-items/${other.pools.items[0]}`, { name: '改名' }],
        ['post', `/v1/catalogue-items/${other.pools.items[0]}/stock-movements`, { quantity: 1, reason: 'purchase' }],
        ['get', `/v1/redemptions/${other.pools.redemptions[0]}`],
        ['get', `/v1/redemptions/${other.pools.redemptions[0]}/receipt`],
        ['post', `/v1/redemptions/${other.pools.redemptions[0]}/cancel`, { reason: '退货' }, { 'idempotency-key': randomUUID() }],
        ['post', '/v1/redemptions', { villageId: village.villageId, householdId: hB, lines: [{ itemId: village.pools.items[0], quantity: 1 }] }, { ...village.callers.clerk.headers, 'idempotency-key': randomUUID() }],
        ['get', `/v1/rules/${other.pools.rules[0]}`],
        ['post', `/v1/rules/${other.pools.rules[0]}/retire`],
        ['get', `/v1/panels/${other.pools.panels[0]}`],
        ['get', `/v1/scoring-rounds/${roundB}`],
        ['get', `/v1/scoring-rounds/${roundB}/items/${itemB}`],
        ['post', `/v1/scoring-rounds/${roundB}/items/${itemB}/objections`, { text: '异议' }],
        ['post', `/v1/objections/${other.pools.objections[0]}/resolve`, { outcome: 'dismissed', note: 'x' }],
        ['post', `/v1/scoring-rounds/${roundB}/post`, undefined, { 'idempotency-key': randomUUID() }],
        ['get', `/v1/audit-events?villageId=${other.villageId}`, undefined, village.callers.auditor.headers],
        ['get', `/v1/villages/${other.villageId}/summary`],
        ['get', `/v1/villages/${other.villageId}/leaderboard?period=2026`],
        ['get', `/v1/users/${other.callers.clerk.id}`],
      ];
      const state = async () => (await t.dataSource.query(`SELECT (SELECT count(*) FROM ledger_transactions)::int AS t, (SELECT count(*) FROM residents)::int AS r, (SELECT count(*) FROM objections)::int AS o, (SELECT sum(stock_on_hand)::int FROM catalogue_items) AS stock, (SELECT count(*) FROM audit_events WHERE village_id = $1)::int AS events, (SELECT string_agg(v.name, ',' ORDER BY v.id) FROM villages v) AS villages, (SELECT string_agg(coalesce(h.address, ''), ',' ORDER BY h.id) FROM households h) AS addresses`, [other.villageId]))[0];
      const before = await state();
      const wrong: string[] = [];
      for (const [method, path, body, extra = {}] of calls) {
        const res = await t.http[method as 'get'](path).set(staff).set(extra).send(body as object);
        if (res.status !== 404 || res.body.code !== 'not_found') wrong.push(`${method.toUpperCase()} ${path} → ${res.status} ${res.body.code}`);
      }
      expect(wrong).toEqual([]);
      expect(await state()).toEqual(before);
      // (extra headers may replace the caller: ledger and audit reads are the auditor's, sales the clerk's)
      // The same ids work for the other village's own staff: the 404s are about the caller.
      await t.http.get(`/v1/households/${hB}`).set(other.callers.village_admin.headers).expect(200);
    });
  });

  describe('security headers', () => {
    it('every response carries the helmet headers and the CSP: success, problem, 404, HTML page and the docs', async () => {
      const responses = [
        await t.http.get('/health/live').expect(200),
        await t.http.get(`/v1/villages/${village.villageId}`).set(admin).expect(200),
        await t.http.post('/v1/transactions').set(admin).send({}).expect(400),
        await t.http.get('/v1/no-such-route').expect(404),
        await t.http.get('/v1/villages').expect(401),
        await t.http.get('/docs/').redirects(1),
      ];
      for (const res of responses) {
        expect(res.headers['content-security-policy']).toContain("default-src 'self'");
        expect(res.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
        expect(res.headers['content-security-policy']).toContain("img-src 'self' data:");
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
        expect(res.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
        expect(res.headers['referrer-policy']).toBe('no-referrer');
        expect(res.headers['x-powered-by']).toBeUndefined();
        expect(res.headers['x-request-id']).toBeTruthy();
      }
    });
  });
});
