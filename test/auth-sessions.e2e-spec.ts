/**
 * Sessions end when access is taken away (issue 16 item 2, issue 17 item 6): a disabled user,
 * a logged-out session, a password change and a role change take effect at the next request
 * in the API process that made the change, and in every other process on the database as soon
 * as PostgreSQL's notification reaches it (milliseconds; those checks allow 500 ms). Refresh
 * reuse within 30 s is a retry, later it is theft; an expired access token says so.
 */
import { Clock } from '../src/core/time/clock';
import { Headers, givenAdmin, givenUser, login } from './support/auth';
import { givenVillage } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const bearer = (accessToken: string): Headers => ({ authorization: `Bearer ${accessToken}` });

/** The answer of another API process once the change's notification has reached it: polls for at most 500 ms. */
async function soon(request: () => Promise<{ status: number; body: { code?: string } }>, status: number): Promise<[number, string | undefined]> {
  const deadline = Date.now() + 500;
  for (;;) {
    const res = await request();
    if (res.status === status || Date.now() > deadline) return [res.status, res.body.code];
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('sessions: revocation at the next request, refresh grace, logout, expiry', () => {
  let t: TestApp;
  let second: TestApp;
  let admin: Headers;
  let clock: Clock;
  let villageId: string;

  beforeAll(async () => {
    t = await startTestApp();
    // A second API process on the same database: revocation must reach it too.
    second = await startTestApp({ databaseUrl: t.databaseUrl });
    admin = await givenAdmin(t);
    clock = t.app.get(Clock);
    villageId = (await givenVillage(t)).id;
  });
  afterAll(async () => {
    await second?.close();
    await t?.close();
  });

  const clerk = () => givenUser(t, [{ role: 'clerk', villageId }]);

  it('a disabled user loses access at the next request, in every API process', async () => {
    const user = await clerk();
    await t.http.get('/v1/users/me').set(user.headers).expect(200);
    await second.http.get('/v1/users/me').set(user.headers).expect(200);
    await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ status: 'disabled' }).expect(200);
    const res = await t.http.get('/v1/users/me').set(user.headers);
    expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
    expect(await soon(() => second.http.get('/v1/users/me').set(user.headers), 401)).toEqual([401, 'unauthenticated']);
    // Enabled again: the old session stays ended (disabling ended it), a new login works.
    await second.http.patch(`/v1/users/${user.id}`).set(admin).send({ status: 'active' }).expect(200);
    expect((await t.http.get('/v1/users/me').set(user.headers)).status).toBe(401);
    const again = await login(t, user.username, user.password);
    await second.http.get('/v1/users/me').set(again.headers).expect(200);
  });

  it('logout with only the bearer token: 204, that session ends at once (both processes), other sessions go on; a second logout is 204', async () => {
    const user = await clerk();
    const phone = await login(t, user.username, user.password);
    const desk = await login(t, user.username, user.password);
    for (const app of [t, second]) for (const session of [phone, desk]) await app.http.get('/v1/users/me').set(session.headers).expect(200);
    await second.http.post('/v1/auth/logout').set(phone.headers).expect(204);
    expect((await second.http.get('/v1/users/me').set(phone.headers)).status).toBe(401);
    expect(await soon(() => t.http.get('/v1/users/me').set(phone.headers), 401)).toEqual([401, 'unauthenticated']);
    expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: phone.refreshToken })).status).toBe(401);
    await t.http.post('/v1/auth/logout').set(phone.headers).expect(204);
    await t.http.get('/v1/users/me').set(desk.headers).expect(200);
    // The refresh token in the body is still accepted, and ends that session's access token too.
    await t.http.post('/v1/auth/logout').send({ refreshToken: desk.refreshToken }).expect(204);
    expect((await t.http.get('/v1/users/me').set(desk.headers)).status).toBe(401);
    expect(await soon(() => second.http.get('/v1/users/me').set(desk.headers), 401)).toEqual([401, 'unauthenticated']);
    const events = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'auth.logout' AND actor_id = $1`, [user.id]);
    expect(events[0].n).toBe(2);
  });

  it('logout without any credential is 401, with a forged bearer token too', async () => {
    expect((await t.http.post('/v1/auth/logout')).status).toBe(401);
    const res = await t.http.post('/v1/auth/logout').set({ authorization: 'Bearer a.b.c' });
    expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
  });

  it('logout with a null refresh token beside the bearer token ends that session (a null answered 500)', async () => {
    const user = await clerk();
    const session = await login(t, user.username, user.password);
    await t.http.post('/v1/auth/logout').set(session.headers).send({ refreshToken: null }).expect(204);
    expect((await t.http.get('/v1/users/me').set(session.headers)).status).toBe(401);
    const alone = await t.http.post('/v1/auth/logout').send({ refreshToken: null });
    expect([alone.status, alone.body.code]).toEqual([401, 'unauthenticated']);
  });

  it('a password reset by an admin ends every session of the user at once', async () => {
    const user = await clerk();
    const other = await login(t, user.username, user.password);
    for (const app of [t, second]) for (const headers of [user.headers, other.headers]) await app.http.get('/v1/users/me').set(headers).expect(200);
    await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ password: 'reset-by-the-admin-7' }).expect(200);
    for (const headers of [user.headers, other.headers]) {
      expect((await t.http.get('/v1/users/me').set(headers)).status).toBe(401);
      expect(await soon(() => second.http.get('/v1/users/me').set(headers), 401)).toEqual([401, 'unauthenticated']);
    }
    await login(t, user.username, 'reset-by-the-admin-7');
  });

  it('a password reset by staff must be replaced by the user’s own at the next login (township grants too); a user changing their own by PATCH need not', async () => {
    const township = (await t.http.post('/v1/townships').set(admin).send({ code: `T${Date.now().toString(36).toUpperCase()}`, name: '镇' }).expect(201)).body;
    const officer = await givenUser(t, [{ role: 'township_admin', townshipId: township.id }]);
    const clerkUser = await clerk();
    const villageAdmin = await givenUser(t, [{ role: 'village_admin', villageId }]);
    for (const [user, by] of [[officer, admin], [clerkUser, villageAdmin.headers]] as const) {
      await t.http.patch(`/v1/users/${user.id}`).set(by).send({ password: 'reset-by-staff-1234' }).expect(200);
      const session = await login(t, user.username, 'reset-by-staff-1234');
      const refused = await t.http.get('/v1/users/me').set(session.headers).expect(403);
      expect(refused.body.code).toBe('password_change_required');
      expect(await soon(() => second.http.get('/v1/users/me').set(session.headers), 403)).toEqual([403, 'password_change_required']);
      expect((await t.http.get('/v1/me').set(session.headers).expect(200)).body.passwordChangeRequired).toBe(true);
      await t.http.post('/v1/auth/password').set(session.headers).send({ currentPassword: 'reset-by-staff-1234', newPassword: 'chosen-by-myself-99' }).expect(204);
      const mine = await login(t, user.username, 'chosen-by-myself-99');
      expect((await t.http.get('/v1/me').set(mine.headers).expect(200)).body.passwordChangeRequired).toBe(false);
    }
    await t.http.get(`/v1/townships/${township.id}`).set((await login(t, officer.username, 'chosen-by-myself-99')).headers).expect(200);
    // Their own password, set through PATCH on themselves: nothing to replace.
    await t.http.patch(`/v1/users/${villageAdmin.id}`).set(villageAdmin.headers).send({ password: 'my-new-own-password-5' }).expect(200);
    const own = await login(t, villageAdmin.username, 'my-new-own-password-5');
    expect((await t.http.get('/v1/me').set(own.headers).expect(200)).body.passwordChangeRequired).toBe(false);
  });

  it('a role change applies at the next request: a removed role answers 403, the new one works (both processes)', async () => {
    const household = await t.http.post('/v1/households').set(admin).send({ villageId, code: `H${Date.now()}`, cardNo: `C${Date.now()}` }).expect(201);
    const lookup = `/v1/households/lookup?villageId=${villageId}&cardNo=${household.body.cardNo}`;
    const auditTrail = `/v1/audit-events?villageId=${villageId}`;
    const user = await givenUser(t, [{ role: 'auditor', villageId }]);
    await t.http.get(auditTrail).set(user.headers).expect(200);
    await second.http.get(auditTrail).set(user.headers).expect(200);
    expect((await t.http.get(lookup).set(user.headers)).status).toBe(403);
    const changed = await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ roles: [{ role: 'clerk', villageId }] });
    expect([changed.status, changed.body.roles]).toEqual([200, [{ role: 'clerk', villageId }]]);
    const removed = await t.http.get(auditTrail).set(user.headers);
    expect([removed.status, removed.body.code]).toEqual([403, 'forbidden']);
    await t.http.get(lookup).set(user.headers).expect(200);
    expect(await soon(() => second.http.get(auditTrail).set(user.headers), 403)).toEqual([403, 'forbidden']);
    await second.http.get(lookup).set(user.headers).expect(200);
    const me = await second.http.get('/v1/users/me').set(user.headers).expect(200);
    expect(me.body.roles).toEqual([{ role: 'clerk', villageId }]);
  });

  it('five parallel refreshes with one token all get the same working pair', async () => {
    const user = await clerk();
    const session = await login(t, user.username, user.password);
    const answers = await Promise.all(
      [t, second, t, second, t].map((app) => app.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken })),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const pairs = new Set(answers.map((r) => `${r.body.accessToken} ${r.body.refreshToken}`));
    expect(pairs.size).toBe(1);
    const [{ body: pair }] = answers;
    await t.http.get('/v1/users/me').set(bearer(pair.accessToken)).expect(200);
    const next = await second.http.post('/v1/auth/refresh').send({ refreshToken: pair.refreshToken }).expect(200);
    await t.http.get('/v1/users/me').set(bearer(next.body.accessToken)).expect(200);
  });

  it('a refresh token presented again more than 30 s after its use is theft: the session ends, its access tokens too', async () => {
    const user = await clerk();
    const session = await login(t, user.username, user.password);
    const rotated = await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken }).expect(200);
    for (const app of [t, second]) await app.http.get('/v1/users/me').set(bearer(rotated.body.accessToken)).expect(200);
    clock.advance(31_000);
    try {
      const reuse = await t.http.post('/v1/auth/refresh').send({ refreshToken: session.refreshToken });
      expect([reuse.status, reuse.body.code]).toEqual([401, 'unauthenticated']);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: rotated.body.refreshToken })).status).toBe(401);
      expect((await t.http.get('/v1/users/me').set(bearer(rotated.body.accessToken))).status).toBe(401);
      expect(await soon(() => second.http.get('/v1/users/me').set(bearer(rotated.body.accessToken)), 401)).toEqual([401, 'unauthenticated']);
    } finally {
      clock.advance(-31_000);
    }
  });

  it('an expired access token: 401 token_expired with WWW-Authenticate; a forged one: 401 unauthenticated', async () => {
    const user = await clerk();
    const session = await login(t, user.username, user.password);
    await t.http.get('/v1/users/me').set(session.headers).expect(200);
    clock.advance(15 * 60 * 1000 + 1000);
    try {
      const expired = await t.http.get('/v1/users/me').set(session.headers);
      expect([expired.status, expired.body.code]).toEqual([401, 'token_expired']);
      expect(expired.headers['www-authenticate']).toMatch(/^Bearer .*error="invalid_token"/);
    } finally {
      clock.advance(-(15 * 60 * 1000 + 1000));
    }
    const [h, p] = session.accessToken.split('.');
    const forged = await t.http.get('/v1/users/me').set(bearer(`${h}.${p}.${'A'.repeat(43)}`));
    expect([forged.status, forged.body.code]).toEqual([401, 'unauthenticated']);
  });
});
