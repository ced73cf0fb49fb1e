import { checkIdNumber } from '../src/residents/id-number';
import { DEMO_PASSWORD, DEMO_USERS, seedDemo } from '../src/demo/seed';
import { login } from './support/auth';
import { TestApp, startTestApp } from './support/test-app';

describe('demo township 南林桥镇 and village 南林桥村', () => {
  let t: TestApp;
  let villageId: string;
  let townshipId: string;
  beforeAll(async () => {
    t = await startTestApp();
    ({ villageId, townshipId } = await seedDemo(t.app));
  });
  afterAll(() => t.close());

  it('has 200 households with residents whose ID numbers are valid', async () => {
    const [{ households }] = await t.dataSource.query(`SELECT count(*)::int AS households FROM households WHERE village_id = $1`, [villageId]);
    expect(households).toBe(200);
    const admin = (await login(t, DEMO_USERS.villageAdmin, DEMO_PASSWORD)).headers;
    const residents = await t.http.get('/v1/residents').query({ villageId, limit: 50 }).set(admin).expect(200);
    expect(residents.body.items.length).toBe(50);
    for (const r of residents.body.items) {
      expect(r.name).toMatch(/^[\u4e00-\u9fa5]{2,3}$/);
      expect(checkIdNumber(r.idNumber).ok).toBe(true);
    }
  });

  it('has a rule book, two posted rounds and one under notice, goods with donations and sales, and a ledger that verifies', async () => {
    const auditor = (await login(t, DEMO_USERS.auditor, DEMO_PASSWORD)).headers;
    const rounds = await t.dataSource.query(`SELECT status, count(*)::int AS n FROM scoring_rounds WHERE village_id = $1 GROUP BY status ORDER BY status`, [villageId]);
    expect(rounds).toEqual([{ status: 'notice', n: 1 }, { status: 'posted', n: 2 }]);
    const notices = await t.http.get(`/v1/public/villages/${villageId}/notices`).expect(200);
    expect(notices.body.rounds.some((r: { status: string }) => r.status === 'notice')).toBe(true);
    const summary = await t.http.get(`/v1/villages/${villageId}/summary`).set(auditor).expect(200);
    expect(summary.body.issued).toBeGreaterThan(0);
    expect(summary.body.redeemed).toBeGreaterThan(0);
    expect(summary.body.donationsByDonor.map((d: { donor: string }) => d.donor).sort()).toEqual(['县供销社', '浙江丰收粮油有限公司']);
    expect(summary.body.pointsByCategory.length).toBeGreaterThan(2);
    const verify = await t.http.get('/v1/ledger/verify').query({ villageId }).set(auditor).expect(200);
    expect(verify.body.problems).toEqual([]);
    const audit = await t.http.get('/v1/audit-events/verify').query({ villageId }).set(auditor).expect(200);
    expect(audit.body.problems).toEqual([]);
    await expect(seedDemo(t.app)).rejects.toThrow(/empty database/);
  });

  it('sits in 南林桥镇 with two smaller villages; demo.township reads the township summary; contacts are assigned in 南林桥村', async () => {
    const officer = (await login(t, DEMO_USERS.township, DEMO_PASSWORD)).headers;
    const summary = await t.http.get(`/v1/townships/${townshipId}/summary`).set(officer).expect(200);
    expect(summary.body.townshipName).toBe('南林桥镇');
    expect(summary.body.villages.map((v: { villageName: string; households: number }) => [v.villageName, v.households])).toEqual([
      ['东港村', 40],
      ['南林桥村', 200],
      ['西塘村', 25],
    ]);
    const contact = (await login(t, DEMO_USERS.panel[1], DEMO_PASSWORD)).headers;
    const mine = await t.http.get('/v1/me/households').set(contact).expect(200);
    expect(mine.body.items).toHaveLength(12);
    expect(mine.body.items.every((h: { villageId: string }) => h.villageId === villageId)).toBe(true);
  });
});
