import { Clock } from '../src/core/time/clock';
import { Headers, givenAdmin, givenUser, login } from './support/auth';
import { givenVillage } from './support/factories';
import { TEST_CONFIG, TestApp, startTestApp } from './support/test-app';

const SECRETS = /password|passwordHash|\$argon2|jfr_|tokenHash|keyHash/;

describe('identity: login, tokens, lockout, API keys', () => {
  let t: TestApp;
  let admin: Headers;
  let clock: Clock;
  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    clock = t.app.get(Clock);
  });
  afterAll(() => t.close());

  it('bootstraps the admin, logs in, and never returns a password or hash', async () => {
    const { username, password } = TEST_CONFIG.bootstrapAdmin!;
    const res = await t.http.post('/v1/auth/login').send({ username: username.toUpperCase(), password }).expect(200);
    expect(res.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 900, refreshToken: expect.stringMatching(/^jfr_/) });
    const me = await t.http.get('/v1/users/me').set({ authorization: `Bearer ${res.body.accessToken}` }).expect(200);
    expect(me.body).toMatchObject({ username: 'root', status: 'active', roles: [{ role: 'admin', villageId: null }] });
    expect(JSON.stringify(me.body)).not.toMatch(SECRETS);
    const village = await givenVillage(t);
    const created = await t.http.post('/v1/users').set(admin).send({ username: 'Wang.Clerk', password: 'long-enough-pw', displayName: '王', roles: [{ role: 'clerk', villageId: village.id }] }).expect(201);
    expect(created.body.username).toBe('wang.clerk');
    expect(JSON.stringify(created.body)).not.toMatch(SECRETS);
    const dup = await t.http.post('/v1/users').set(admin).send({ username: 'WANG.clerk', password: 'long-enough-pw', displayName: '王', roles: [{ role: 'clerk', villageId: village.id }] });
    expect(dup.status).toBe(409);
  });

  it('refuses wrong passwords and unknown users alike with 401 invalid_credentials', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    for (const body of [{ username: user.username, password: 'wrong-password' }, { username: 'nobody-here', password: 'whatever-pw' }]) {
      const res = await t.http.post('/v1/auth/login').send(body);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('invalid_credentials');
    }
  });

  it('locks a username after 5 failures (429 with Retry-After, across API processes) and recovers after 10 minutes', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    const second = await startTestApp({ databaseUrl: t.databaseUrl });
    try {
      for (let i = 0; i < 5; i++) {
        // Alternate between two API processes sharing the database: the counter is in PostgreSQL.
        const app = i % 2 ? second : t;
        expect((await app.http.post('/v1/auth/login').send({ username: user.username, password: `wrong-${i}` })).status).toBe(401);
      }
      const locked = await second.http.post('/v1/auth/login').send({ username: user.username, password: user.password });
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('rate_limited');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(500);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(600);
      // Another user is not affected.
      await login(t, TEST_CONFIG.bootstrapAdmin!.username, TEST_CONFIG.bootstrapAdmin!.password);
      clock.advance(10 * 60 * 1000 + 1000);
      await login(t, user.username, user.password);
    } finally {
      clock.advance(-(10 * 60 * 1000 + 1000));
      await second.close();
    }
  });

  it('locks an IP after 20 failures whatever the usernames', async () => {
    const headers = { 'x-forwarded-for': '1.2.3.4' };
    // Without trustProxy every request comes from the loopback; use distinct usernames.
    const results: number[] = [];
    for (let i = 0; i < 21; i++) {
      results.push((await t.http.post('/v1/auth/login').set(headers).send({ username: `ghost${i}`, password: 'nope-nope-nope' })).status);
    }
    clock.advance(10 * 60 * 1000 + 1000);
    try {
      expect(results.slice(0, 20).every((s) => s === 401 || s === 429)).toBe(true);
      expect(results[20]).toBe(429);
    } finally {
      // the window has passed for the next tests
    }
  });

  it('rotates refresh tokens and revokes the family when an old one is reused', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    const first = await login(t, user.username, user.password);
    const second = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken }).expect(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    await t.http.get('/v1/users/me').set({ authorization: `Bearer ${second.body.accessToken}` }).expect(200);
    // Reuse of the first token past the 30 s retry grace: refused, and the second (its successor) dies with it.
    clock.advance(31_000);
    try {
      const reuse = await t.http.post('/v1/auth/refresh').send({ refreshToken: first.refreshToken });
      expect(reuse.status).toBe(401);
      expect(reuse.body.code).toBe('unauthenticated');
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: second.body.refreshToken })).status).toBe(401);
    } finally {
      clock.advance(-31_000);
    }
  });

  it('logs out, and a disabled user can neither log in nor refresh', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    const session = await login(t, user.username, user.password);
    await t.http.post('/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);

    const other = await login(t, user.username, user.password);
    await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ status: 'disabled' }).expect(200);
    expect((await t.http.post('/v1/auth/login').send({ username: user.username, password: user.password })).body.code).toBe('invalid_credentials');
    expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(401);
  });

  it('refuses expired, forged and alg:none access tokens with 401', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId: (await givenVillage(t)).id }]);
    const session = await login(t, user.username, user.password);
    // Used once first: the guard remembers a verified token, and must still refuse it once expired.
    expect((await t.http.get('/v1/users/me').set(session.headers)).status).toBe(200);
    const [h, p, s] = session.accessToken.split('.');
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const elevated = Buffer.from(JSON.stringify({ ...claims, grants: [{ role: 'admin', villageId: null }] })).toString('base64url');
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    for (const token of [`${h}.${elevated}.${s}`, `${none}.${elevated}.`, `${h}.${p}.${'A'.repeat(43)}`, 'not-a-jwt']) {
      const res = await t.http.get('/v1/users/me').set({ authorization: `Bearer ${token}` });
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('unauthenticated');
    }
    expect((await t.http.get('/v1/users/me')).status).toBe(401);
    clock.advance(15 * 60 * 1000 + 1000);
    try {
      expect((await t.http.get('/v1/users/me').set(session.headers)).status).toBe(401);
    } finally {
      clock.advance(-(15 * 60 * 1000 + 1000));
    }
  });

  it('issues API keys shown once, used through X-Api-Key, revoked at once', async () => {
    const village = await givenVillage(t);
    const created = await t.http.post('/v1/api-keys').set(admin).send({ name: '公示屏', roles: [{ role: 'auditor', villageId: village.id }] }).expect(201);
    expect(created.body.key).toMatch(/^jfk_[A-Za-z0-9_-]{43}$/);
    const key = { 'x-api-key': created.body.key };
    await t.http.get(`/v1/villages/${village.id}`).set(key).expect(200);
    expect((await t.http.post('/v1/villages').set(key).send({ code: 'NOPE', name: 'x' })).status).toBe(403);
    const listed = await t.http.get('/v1/api-keys').set(admin).expect(200);
    const mine = listed.body.items.find((k: { id: string }) => k.id === created.body.id);
    expect(mine.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed.body)).not.toContain(created.body.key);
    await t.http.delete(`/v1/api-keys/${created.body.id}`).set(admin).expect(204);
    const after = await t.http.get(`/v1/villages/${village.id}`).set(key);
    expect(after.status).toBe(401);
    expect((await t.http.get('/v1/users/me').set({ 'x-api-key': 'jfk_made-up' })).status).toBe(401);
  });

  it('scopes roles to villages: other villages look like they do not exist', async () => {
    const a = await givenVillage(t);
    const b = await givenVillage(t);
    const villageAdminA = await givenUser(t, [{ role: 'village_admin', villageId: a.id }]);
    const clerkA = await givenUser(t, [{ role: 'clerk', villageId: a.id }]);
    await t.http.get(`/v1/villages/${a.id}`).set(clerkA.headers).expect(200);
    expect((await t.http.get(`/v1/villages/${b.id}`).set(clerkA.headers)).status).toBe(404);
    expect((await t.http.patch(`/v1/villages/${b.id}`).set(villageAdminA.headers).send({ name: 'x' })).status).toBe(404);
    expect((await t.http.patch(`/v1/villages/${a.id}`).set(clerkA.headers).send({ name: 'x' })).status).toBe(403);
    const list = await t.http.get('/v1/villages').set(clerkA.headers).expect(200);
    expect(list.body.items.map((v: { id: string }) => v.id)).toEqual([a.id]);
    // A village admin creates users for their own village only, and never an admin.
    const ok = await t.http.post('/v1/users').set(villageAdminA.headers).send({ username: `c${Date.now()}`, password: 'long-enough-pw', displayName: '甲', roles: [{ role: 'clerk', villageId: a.id }] });
    expect(ok.status).toBe(201);
    expect((await t.http.post('/v1/users').set(villageAdminA.headers).send({ username: `d${Date.now()}`, password: 'long-enough-pw', displayName: '乙', roles: [{ role: 'clerk', villageId: b.id }] })).status).toBe(404);
    expect((await t.http.post('/v1/users').set(villageAdminA.headers).send({ username: `e${Date.now()}`, password: 'long-enough-pw', displayName: '丙', roles: [{ role: 'admin' }] })).status).toBe(403);
    expect((await t.http.get(`/v1/users/${clerkA.id}`).set(villageAdminA.headers)).status).toBe(200);
    const adminB = await givenUser(t, [{ role: 'village_admin', villageId: b.id }]);
    expect((await t.http.get(`/v1/users/${clerkA.id}`).set(adminB.headers)).status).toBe(404);
  });
});
