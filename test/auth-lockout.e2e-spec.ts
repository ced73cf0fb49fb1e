/**
 * Lockout is not a weapon (issue 16 item 4): failures count per username and client address,
 * so guessing from one address does not lock the user out from another; the per-address limit
 * stays; behind a reverse proxy (TRUST_PROXY) the address comes from X-Forwarded-For; old
 * failure rows are purged.
 */
import { Clock } from '../src/core/time/clock';
import { givenUser, login } from './support/auth';
import { givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const from = (address: string) => ({ 'x-forwarded-for': address });

describe('login lockout per username and client address', () => {
  let t: TestApp;
  let proxied: TestApp;
  let villageId: string;

  beforeAll(async () => {
    t = await startTestApp();
    proxied = await startTestApp({ databaseUrl: t.databaseUrl, config: { trustProxy: true } });
    villageId = (await givenVillage(t)).id;
  });
  afterAll(async () => {
    await proxied?.close();
    await t?.close();
  });

  it('behind a trusted proxy, five failures from one address lock that address out, not the user\'s own', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId }]);
    for (let i = 0; i < 5; i++) {
      expect((await proxied.http.post('/v1/auth/login').set(from('203.0.113.9')).send({ username: user.username, password: `guess-${i}-guess` })).status).toBe(401);
    }
    const attacker = await proxied.http.post('/v1/auth/login').set(from('203.0.113.9')).send({ username: user.username, password: user.password });
    expect([attacker.status, attacker.body.code]).toEqual([429, 'rate_limited']);
    const owner = await proxied.http.post('/v1/auth/login').set(from('198.51.100.7')).send({ username: user.username, password: user.password });
    expect(owner.status).toBe(200);
    const recorded = await t.dataSource.query(`SELECT DISTINCT ip FROM login_failures WHERE username = $1`, [user.username]);
    expect(recorded).toEqual([{ ip: '203.0.113.9' }]);
  });

  it('behind a trusted proxy, an X-Forwarded-For that is no address counts as the proxy\'s (no 500 on a long one)', async () => {
    const res = await proxied.http.post('/v1/auth/login').set(from('x'.repeat(200))).send({ username: 'not-a-user-here', password: 'no-such-password' });
    expect([res.status, res.body.code]).toEqual([401, 'invalid_credentials']);
    const [row] = await t.dataSource.query(`SELECT ip FROM login_failures WHERE username = 'not-a-user-here'`);
    expect(row.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
  });

  it('without TRUST_PROXY, X-Forwarded-For is not believed: every request is from the socket address', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId }]);
    for (let i = 0; i < 5; i++) {
      await t.http.post('/v1/auth/login').set(from(`192.0.2.${i}`)).send({ username: user.username, password: `guess-${i}-guess` }).expect(401);
    }
    const res = await t.http.post('/v1/auth/login').set(from('192.0.2.200')).send({ username: user.username, password: user.password });
    expect(res.status).toBe(429);
    t.app.get(Clock).advance(10 * 60 * 1000 + 1000);
    try {
      await login(t, user.username, user.password);
    } finally {
      t.app.get(Clock).advance(-(10 * 60 * 1000 + 1000));
    }
  });

  it('keeps the per-address limit: 20 failures from one address lock it for every username', async () => {
    const user = await givenUser(t, [{ role: 'clerk', villageId }]);
    for (let i = 0; i < 20; i++) {
      await proxied.http.post('/v1/auth/login').set(from('203.0.113.50')).send({ username: `nobody${i}`, password: 'no-such-user-pw' }).expect(401);
    }
    const locked = await proxied.http.post('/v1/auth/login').set(from('203.0.113.50')).send({ username: user.username, password: user.password });
    expect(locked.status).toBe(429);
    await proxied.http.post('/v1/auth/login').set(from('203.0.113.51')).send({ username: user.username, password: user.password }).expect(200);
  });

  it('purges failure rows once they are older than the lockout window', async () => {
    await t.dataSource.query(
      `INSERT INTO login_failures (username, ip, attempted_at) SELECT 'old' || n, '10.9.9.9', now() - interval '11 minutes' FROM generate_series(1, 50) n`,
    );
    await t.http.post('/v1/auth/login').send({ username: 'someone-else', password: 'wrong-password-1' }).expect(401);
    const [{ old, fresh }] = await t.dataSource.query(
      `SELECT count(*) FILTER (WHERE attempted_at < now() - interval '10 minutes')::int AS old, count(*) FILTER (WHERE username = 'someone-else')::int AS fresh FROM login_failures`,
    );
    expect([old, fresh]).toEqual([0, 1]);
  });
});
