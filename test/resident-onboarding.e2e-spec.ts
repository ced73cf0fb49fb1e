/** Resident onboarding: logins for many household heads at once, one-time passwords, first-login password change. */
import { ROLES, isTownshipRole } from '../src/core/identity/roles';
import { Headers, givenAdmin, login } from './support/auth';
import { VillageFixture, givenVillage, uniqueCode } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('resident onboarding (POST /v1/villages/{id}/resident-logins)', () => {
  let t: TestApp;
  let admin: Headers;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  /** A village whose roster (households with heads) came in by CSV import. */
  async function givenRoster(households: number, options: { phones?: boolean; withoutHead?: number } = {}): Promise<{ village: VillageFixture; codes: string[] }> {
    const village = await givenVillage(t, { code: uniqueCode('V') });
    const codes = Array.from({ length: households }, (_, i) => `A-${String(i + 1).padStart(4, '0')}`);
    const lines = codes.map((code, i) => {
      const head = i >= households - (options.withoutHead ?? 0) ? '否' : '是';
      return `${code},户主${i},${options.phones ? `139${String(10000000 + i).slice(-8)}` : ''},${head}`;
    });
    const csv = `户号,姓名,手机,户主\n${lines.join('\n')}\n`;
    await t.http.post(`/v1/residents/import?villageId=${village.id}`).set(admin).set('Content-Type', 'text/csv').send(Buffer.from(csv)).expect(200);
    return { village, codes };
  }

  it('creates 500 logins in one request in under 5 s; each initial password works once, then must be changed', async () => {
    const { village, codes } = await givenRoster(500);
    const villageAdmin = (await t.http.post('/v1/users').set(admin).send({ username: uniqueCode('va').toLowerCase(), password: 'village-admin-pw', displayName: '村管理员', roles: [{ role: 'village_admin', villageId: village.id }] }).expect(201)).body;
    const headers = (await login(t, villageAdmin.username, 'village-admin-pw')).headers;
    const started = Date.now();
    const res = await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(headers).send({}).expect(201);
    const elapsed = Date.now() - started;
    process.stdout.write(`500 resident logins: ${elapsed} ms\n`);
    expect(elapsed).toBeLessThan(5_000);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body.skipped).toEqual([]);
    expect(res.body.created).toHaveLength(500);
    const first = res.body.created[0];
    expect(first).toEqual({
      userId: expect.any(String),
      householdId: expect.any(String),
      householdCode: codes[0],
      headName: '户主0',
      username: `${village.code.toLowerCase()}-a-0001`,
      initialPassword: expect.stringMatching(/^[a-z2-9]{12}$/),
    });
    expect(new Set(res.body.created.map((l: { initialPassword: string }) => l.initialPassword)).size).toBe(500);
    // One audit event per login, in the village's chain.
    const [{ count }] = await t.dataSource.query(`SELECT count(*)::int AS count FROM audit_events WHERE village_id = $1 AND action = 'user.created'`, [village.id]);
    expect(count).toBe(501);

    // First login: only the password change (and GET /v1/me) are open.
    const resident = await login(t, first.username, first.initialPassword);
    const refused = await t.http.get('/v1/me/statement').set(resident.headers).expect(403);
    expect(refused.body.code).toBe('password_change_required');
    expect((await t.http.get('/v1/users/me').set(resident.headers)).body.code).toBe('password_change_required');
    const me = (await t.http.get('/v1/me').set(resident.headers).expect(200)).body;
    expect(me).toMatchObject({ passwordChangeRequired: true, household: { id: first.householdId, code: codes[0], balance: 0 } });
    await t.http.post('/v1/auth/password').set(resident.headers).send({ currentPassword: first.initialPassword, newPassword: 'my-own-secret-42' }).expect(204);
    expect((await t.http.get('/v1/me').set(resident.headers).expect(200)).body.passwordChangeRequired).toBe(false);
    await t.http.get('/v1/me/statement').set(resident.headers).expect(200);
    // The initial password worked once: it is gone now.
    expect((await t.http.post('/v1/auth/login').send({ username: first.username, password: first.initialPassword })).status).toBe(401);
    await login(t, first.username, 'my-own-secret-42');

    // Running it again creates nothing: every household has its login.
    const again = (await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(headers).send({}).expect(201)).body;
    expect(again).toEqual({ created: [], skipped: [] });
    const named = (await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(headers).send({ householdIds: [first.householdId] }).expect(201)).body;
    expect(named.skipped).toEqual([{ householdId: first.householdId, householdCode: codes[0], reason: 'has_login' }]);
  });

  it('CSV slips for printing; usernames from the head’s phone; households without a head or a phone are skipped', async () => {
    const { village } = await givenRoster(3, { phones: true, withoutHead: 1 });
    const csv = await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(admin).set('Accept', 'text/csv').send({ usernameFrom: 'phone' }).expect(201);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(rows[0]).toBe('户号,户主,用户名,初始密码');
    expect(rows.slice(1).map((r) => r.split(',').slice(0, 3))).toEqual([
      ['A-0001', '户主0', '13910000000'],
      ['A-0002', '户主1', '13910000001'],
    ]);
    const password = rows[1].split(',')[3];
    const session = await login(t, '13910000000', password);
    expect((await t.http.get('/v1/households').query({ villageId: village.id }).set(session.headers)).body.code).toBe('password_change_required');
  });

  it('refuses other roles and other villages, bad bodies, and reports unknown households', async () => {
    const { village } = await givenRoster(2);
    const township = (await t.http.post('/v1/townships').set(admin).send({ code: uniqueCode('T'), name: '镇' }).expect(201)).body;
    await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ townshipId: township.id }).expect(200);
    const as = async (grant: object) => {
      const user = await t.http.post('/v1/users').set(admin).send({ username: uniqueCode('r').toLowerCase(), password: 'long-enough-pw', displayName: '甲', roles: [grant] }).expect(201);
      return (await login(t, user.body.username, 'long-enough-pw')).headers;
    };
    for (const role of ROLES.filter((r) => r !== 'admin' && r !== 'village_admin' && r !== 'township_admin')) {
      const headers = await as(isTownshipRole(role) ? { role, townshipId: township.id } : { role, villageId: village.id });
      expect([role, (await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(headers).send({})).status]).toEqual([role, 403]);
    }
    // A township admin grants the village roles of its villages, resident included.
    const townshipAdmin = await as({ role: 'township_admin', townshipId: township.id });
    const byTownship = (await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(townshipAdmin).send({}).expect(201)).body;
    expect(byTownship.created).toHaveLength(2);
    const other = await givenVillage(t);
    const otherAdmin = await t.http.post('/v1/users').set(admin).send({ username: uniqueCode('oa').toLowerCase(), password: 'long-enough-pw', displayName: '乙', roles: [{ role: 'village_admin', villageId: other.id }] }).expect(201);
    const outsider = (await login(t, otherAdmin.body.username, 'long-enough-pw')).headers;
    expect((await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(outsider).send({})).status).toBe(404);
    expect((await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(admin).send({ householdIds: [] })).status).toBe(400);
    expect((await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(admin).send({ usernameFrom: 'email' })).status).toBe(400);
    const unknown = '4f0c5e2a-0000-4000-8000-000000000001';
    const res = (await t.http.post(`/v1/villages/${village.id}/resident-logins`).set(admin).send({ householdIds: [unknown] }).expect(201)).body;
    expect(res).toEqual({ created: [], skipped: [{ householdId: unknown, householdCode: null, reason: 'not_found' }] });
  });
});
