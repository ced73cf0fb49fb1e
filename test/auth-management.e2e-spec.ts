/**
 * Who may manage whom (issue 16 items 1, 3, 5a, 15): a village admin manages only users whose
 * every role they could grant; user-management events reach every affected village's
 * auditor; API keys die with their creator, expire, mint nothing above their own roles and
 * take the keys they minted with them when revoked; grants are checked against the village;
 * passwords are long and not common, and users change their own.
 */
import { randomBytes } from 'node:crypto';
import { Clock } from '../src/core/time/clock';
import { Headers, UserFixture, givenAdmin, givenUser, login } from './support/auth';
import { VillageFixture, givenVillage, givenVillageHousehold } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

const newUsername = () => `m${randomBytes(5).toString('hex')}`;
const PASSWORD = 'a-sound-password-42';

describe('user and API key management', () => {
  let t: TestApp;
  let admin: Headers;
  let a: VillageFixture;
  let b: VillageFixture;
  let adminA: UserFixture;
  let auditorA: UserFixture;
  let auditorB: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    a = await givenVillage(t);
    b = await givenVillage(t);
    adminA = await givenUser(t, [{ role: 'village_admin', villageId: a.id }]);
    auditorA = await givenUser(t, [{ role: 'auditor', villageId: a.id }]);
    auditorB = await givenUser(t, [{ role: 'auditor', villageId: b.id }]);
  });
  afterAll(() => t.close());

  const eventsOf = async (auditor: UserFixture, villageId: string, entityId: string): Promise<string[]> => {
    const res = await t.http.get(`/v1/audit-events?villageId=${villageId}&entityId=${entityId}`).set(auditor.headers).expect(200);
    return res.body.items.map((e: { action: string }) => e.action).reverse();
  };

  describe('across villages (item 1)', () => {
    it('a village admin of A cannot read, rename, reset, disable or re-role a user who also holds a role in B: 403, nothing changes', async () => {
      const straddler = await givenUser(t, [{ role: 'clerk', villageId: a.id }, { role: 'clerk', villageId: b.id }]);
      const path = `/v1/users/${straddler.id}`;
      const attempts = [
        t.http.get(path).set(adminA.headers),
        t.http.patch(path).set(adminA.headers).send({ displayName: '冒名' }),
        t.http.patch(path).set(adminA.headers).send({ password: 'taken-over-by-a-123' }),
        t.http.patch(path).set(adminA.headers).send({ status: 'disabled' }),
        t.http.patch(path).set(adminA.headers).send({ roles: [{ role: 'clerk', villageId: a.id }] }),
      ];
      for (const res of await Promise.all(attempts)) expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
      expect((await t.http.post('/v1/auth/login').send({ username: straddler.username, password: 'taken-over-by-a-123' })).status).toBe(401);
      const me = await t.http.get('/v1/users/me').set((await login(t, straddler.username, straddler.password)).headers).expect(200);
      expect(me.body).toMatchObject({ displayName: '测试用户', status: 'active' });
      expect(me.body.roles).toHaveLength(2);
      expect(me.body.roles).toEqual(expect.arrayContaining([{ role: 'clerk', villageId: a.id }, { role: 'clerk', villageId: b.id }]));
      // The admin (who may grant every role) manages them.
      await t.http.patch(path).set(admin).send({ displayName: '跨村职员' }).expect(200);
    });

    it('a user with no role in the caller\'s villages is 404; one wholly in them is managed', async () => {
      const onlyB = await givenUser(t, [{ role: 'clerk', villageId: b.id }]);
      expect((await t.http.get(`/v1/users/${onlyB.id}`).set(adminA.headers)).status).toBe(404);
      expect((await t.http.patch(`/v1/users/${onlyB.id}`).set(adminA.headers).send({ status: 'disabled' })).status).toBe(404);
      const onlyA = await givenUser(t, [{ role: 'clerk', villageId: a.id }, { role: 'auditor', villageId: a.id }]);
      await t.http.get(`/v1/users/${onlyA.id}`).set(adminA.headers).expect(200);
      await t.http.patch(`/v1/users/${onlyA.id}`).set(adminA.headers).send({ displayName: '甲村职员' }).expect(200);
    });

    it('roles: the caller must be able to grant every role of the old and of the new set', async () => {
      const onlyA = await givenUser(t, [{ role: 'clerk', villageId: a.id }]);
      const grab = await t.http.patch(`/v1/users/${onlyA.id}`).set(adminA.headers).send({ roles: [{ role: 'clerk', villageId: b.id }] });
      expect(grab.status).toBe(404);
      const promote = await t.http.patch(`/v1/users/${onlyA.id}`).set(adminA.headers).send({ roles: [{ role: 'admin' }] });
      expect(promote.status).toBe(403);
      const ok = await t.http.patch(`/v1/users/${onlyA.id}`).set(adminA.headers).send({ roles: [{ role: 'auditor', villageId: a.id }, { role: 'panel_member', villageId: a.id }] });
      expect([ok.status, ok.body.roles]).toEqual([200, [{ role: 'auditor', villageId: a.id }, { role: 'panel_member', villageId: a.id }]]);
    });

    it('user-management events reach the auditor of every village the user holds (or held) a role in, and both chains verify', async () => {
      const created = await t.http
        .post('/v1/users')
        .set(admin)
        .send({ username: newUsername(), password: PASSWORD, displayName: '两村职员', roles: [{ role: 'clerk', villageId: a.id }, { role: 'auditor', villageId: b.id }] })
        .expect(201);
      const id = created.body.id;
      await t.http.patch(`/v1/users/${id}`).set(admin).send({ password: 'a-reset-password-99' }).expect(200);
      // Moving the user out of B: B's auditor sees the move too.
      await t.http.patch(`/v1/users/${id}`).set(admin).send({ roles: [{ role: 'clerk', villageId: a.id }] }).expect(200);
      expect(await eventsOf(auditorA, a.id, id)).toEqual(['user.created', 'user.updated', 'user.updated']);
      expect(await eventsOf(auditorB, b.id, id)).toEqual(['user.created', 'user.updated', 'user.updated']);
      await t.http.patch(`/v1/users/${id}`).set(admin).send({ displayName: '甲村职员' }).expect(200);
      expect(await eventsOf(auditorB, b.id, id)).toHaveLength(3);
      expect(await eventsOf(auditorA, a.id, id)).toHaveLength(4);
      const passwordEvent = (await t.http.get(`/v1/audit-events?villageId=${b.id}&entityId=${id}&action=user.updated`).set(auditorB.headers)).body.items.at(-1);
      expect(passwordEvent.after).toMatchObject({ passwordChanged: true });
      for (const [auditor, village] of [[auditorA, a], [auditorB, b]] as const) {
        const verify = await t.http.get(`/v1/audit-events/verify?villageId=${village.id}`).set(auditor.headers).expect(200);
        expect(verify.body).toMatchObject({ ok: true, problems: [] });
      }
    });

    it('an API key with roles in A and B cannot be revoked by the admin of A alone: 403', async () => {
      const key = await t.http.post('/v1/api-keys').set(admin).send({ name: '两村', roles: [{ role: 'auditor', villageId: a.id }, { role: 'auditor', villageId: b.id }] }).expect(201);
      const res = await t.http.delete(`/v1/api-keys/${key.body.id}`).set(adminA.headers);
      expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
      await t.http.get(`/v1/villages/${b.id}`).set({ 'x-api-key': key.body.key }).expect(200);
      expect(await eventsOf(auditorB, b.id, key.body.id)).toEqual(['api_key.created']);
      expect(await eventsOf(auditorA, a.id, key.body.id)).toEqual(['api_key.created']);
    });
  });

  describe('API keys (item 3)', () => {
    it('a key stops working when the user who created it is disabled', async () => {
      const creator = await givenUser(t, [{ role: 'village_admin', villageId: a.id }]);
      const key = await t.http.post('/v1/api-keys').set(creator.headers).send({ name: '同步', roles: [{ role: 'auditor', villageId: a.id }] }).expect(201);
      await t.http.get(`/v1/villages/${a.id}`).set({ 'x-api-key': key.body.key }).expect(200);
      await t.http.patch(`/v1/users/${creator.id}`).set(admin).send({ status: 'disabled' }).expect(200);
      const res = await t.http.get(`/v1/villages/${a.id}`).set({ 'x-api-key': key.body.key });
      expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
    });

    it('a key with expiresAt works until then and answers 401 after; an expiry in the past is 400', async () => {
      const clock = t.app.get(Clock);
      const expiresAt = new Date(clock.now().getTime() + 3600_000).toISOString();
      const key = await t.http.post('/v1/api-keys').set(admin).send({ name: '临时', roles: [{ role: 'auditor', villageId: a.id }], expiresAt }).expect(201);
      expect(key.body.expiresAt).toBe(expiresAt);
      await t.http.get(`/v1/villages/${a.id}`).set({ 'x-api-key': key.body.key }).expect(200);
      clock.advance(3600_000 + 1000);
      try {
        const res = await t.http.get(`/v1/villages/${a.id}`).set({ 'x-api-key': key.body.key });
        expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
      } finally {
        clock.advance(-(3600_000 + 1000));
      }
      const past = await t.http.post('/v1/api-keys').set(admin).send({ name: '过期', roles: [{ role: 'auditor', villageId: a.id }], expiresAt: '2020-01-01T00:00:00Z' });
      expect([past.status, past.body.code]).toEqual([400, 'validation_failed']);
    });

    it('a key cannot mint keys or users with a role it does not hold itself', async () => {
      const keyAdmin = await t.http.post('/v1/api-keys').set(admin).send({ name: '管理', roles: [{ role: 'village_admin', villageId: a.id }] }).expect(201);
      const asKey = { 'x-api-key': keyAdmin.body.key };
      const clerkKey = await t.http.post('/v1/api-keys').set(asKey).send({ name: '售货', roles: [{ role: 'clerk', villageId: a.id }] });
      expect([clerkKey.status, clerkKey.body.code]).toEqual([403, 'forbidden']);
      const clerkUser = await t.http.post('/v1/users').set(asKey).send({ username: newUsername(), password: PASSWORD, displayName: '售货员', roles: [{ role: 'clerk', villageId: a.id }] });
      expect([clerkUser.status, clerkUser.body.code]).toEqual([403, 'forbidden']);
      // Within its own roles it may.
      await t.http.post('/v1/api-keys').set(asKey).send({ name: '同级', roles: [{ role: 'village_admin', villageId: a.id }] }).expect(201);
    });

    it('revoking a key revokes the keys it minted (at once), not the users it created', async () => {
      const parent = await t.http.post('/v1/api-keys').set(admin).send({ name: '上级', roles: [{ role: 'village_admin', villageId: a.id }, { role: 'clerk', villageId: a.id }] }).expect(201);
      const asParent = { 'x-api-key': parent.body.key };
      const child = await t.http.post('/v1/api-keys').set(asParent).send({ name: '下级', roles: [{ role: 'clerk', villageId: a.id }] }).expect(201);
      const username = newUsername();
      await t.http.post('/v1/users').set(asParent).send({ username, password: PASSWORD, displayName: '售货员', roles: [{ role: 'clerk', villageId: a.id }] }).expect(201);
      await t.http.get(`/v1/villages/${a.id}`).set({ 'x-api-key': child.body.key }).expect(200);
      await t.http.delete(`/v1/api-keys/${parent.body.id}`).set(adminA.headers).expect(204);
      expect((await t.http.get(`/v1/villages/${a.id}`).set({ 'x-api-key': child.body.key })).status).toBe(401);
      const listed = await t.http.get('/v1/api-keys?limit=200').set(admin).expect(200);
      expect(listed.body.items.find((k: { id: string }) => k.id === child.body.id).revokedAt).not.toBeNull();
      expect(await eventsOf(auditorA, a.id, child.body.id)).toEqual(['api_key.created', 'api_key.revoked']);
      await login(t, username, PASSWORD);
    });
  });

  describe('grants (item 5a)', () => {
    it('a resident grant\'s household must be a household of that village: 404 otherwise', async () => {
      const inA = await givenVillageHousehold(t, a.id);
      const inB = await givenVillageHousehold(t, b.id);
      const create = (householdId: string) =>
        t.http.post('/v1/users').set(admin).send({ username: newUsername(), password: PASSWORD, displayName: '村民', roles: [{ role: 'resident', villageId: a.id, householdId }] });
      for (const householdId of [inB.id, '00000000-0000-4000-8000-000000000000']) {
        const res = await create(householdId);
        expect([res.status, res.body.code]).toEqual([404, 'not_found']);
      }
      const ok = await create(inA.id);
      expect([ok.status, ok.body.roles]).toEqual([201, [{ role: 'resident', villageId: a.id, householdId: inA.id }]]);
    });

    it('a user needs at least one role: 400 validation_failed on create and on a roles change', async () => {
      const none = await t.http.post('/v1/users').set(admin).send({ username: newUsername(), password: PASSWORD, displayName: '无', roles: [] });
      expect([none.status, none.body.code, none.body.errors?.[0]?.field]).toEqual([400, 'validation_failed', 'roles']);
      const user = await givenUser(t, [{ role: 'clerk', villageId: a.id }]);
      const emptied = await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ roles: [] });
      expect([emptied.status, emptied.body.code]).toEqual([400, 'validation_failed']);
    });
  });

  describe('passwords (item 15)', () => {
    it('refuses passwords under 10 characters or on the common-password list: 400 validation_failed naming the field', async () => {
      for (const password of ['password123', '1234567890', 'QwertyUiop', 'short-pw']) {
        const res = await t.http.post('/v1/users').set(admin).send({ username: newUsername(), password, displayName: '甲', roles: [{ role: 'clerk', villageId: a.id }] });
        expect([password, res.status, res.body.code, res.body.errors?.[0]?.field]).toEqual([password, 400, 'validation_failed', 'password']);
      }
      const user = await givenUser(t, [{ role: 'clerk', villageId: a.id }]);
      const reset = await t.http.patch(`/v1/users/${user.id}`).set(admin).send({ password: 'Basketball' });
      expect([reset.status, reset.body.code]).toEqual([400, 'validation_failed']);
    });

    it('POST /v1/auth/password: a user changes their own password (204); other sessions end, this one goes on', async () => {
      const user = await givenUser(t, [{ role: 'clerk', villageId: a.id }]);
      const other = await login(t, user.username, user.password);
      const wrong = await t.http.post('/v1/auth/password').set(user.headers).send({ currentPassword: 'not-my-password', newPassword: 'my-new-password-2026' });
      expect([wrong.status, wrong.body.code]).toEqual([401, 'invalid_credentials']);
      const common = await t.http.post('/v1/auth/password').set(user.headers).send({ currentPassword: user.password, newPassword: 'qwerty123456' });
      expect([common.status, common.body.code]).toEqual([400, 'validation_failed']);
      await t.http.post('/v1/auth/password').set(user.headers).send({ currentPassword: user.password, newPassword: 'my-new-password-2026' }).expect(204);
      await t.http.get('/v1/users/me').set(user.headers).expect(200);
      expect((await t.http.get('/v1/users/me').set(other.headers)).status).toBe(401);
      expect((await t.http.post('/v1/auth/refresh').send({ refreshToken: other.refreshToken })).status).toBe(401);
      expect((await t.http.post('/v1/auth/login').send({ username: user.username, password: user.password })).status).toBe(401);
      await login(t, user.username, 'my-new-password-2026');
      const events = await t.http.get(`/v1/audit-events?villageId=${a.id}&entityId=${user.id}&action=auth.password_changed`).set(auditorA.headers).expect(200);
      expect(events.body.items).toHaveLength(1);
      expect(JSON.stringify(events.body)).not.toContain('my-new-password-2026');
    });

    it('POST /v1/auth/password is for users: an API key gets 403', async () => {
      const key = await t.http.post('/v1/api-keys').set(admin).send({ name: 'k', roles: [{ role: 'auditor', villageId: a.id }] }).expect(201);
      const res = await t.http.post('/v1/auth/password').set({ 'x-api-key': key.body.key }).send({ currentPassword: 'whatever-it-is', newPassword: 'my-new-password-2026' });
      expect([res.status, res.body.code]).toEqual([403, 'forbidden']);
    });
  });
});
