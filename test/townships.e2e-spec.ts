import { SYSTEM_ACTOR } from '../src/core/identity/actor';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { Townships1795995647431 } from '../src/database/migrations/1795995647431-Townships';
import { ReportViews1796300000000 } from '../src/database/migrations/1796300000000-ReportViews';
import { LedgerPort } from '../src/ledger/ledger.port';
import { checkDigit } from '../src/residents/id-number';
import { Headers, givenAdmin, givenUser } from './support/auth';
import { givenHousehold, givenResident, givenVillage, uniqueCode } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('townships (镇) and the township roles', () => {
  let t: TestApp;
  let admin: Headers;
  const newTownship = async (name = '南林桥镇') => (await t.http.post('/v1/townships').set(admin).send({ code: uniqueCode('T'), name }).expect(201)).body as { id: string; code: string; name: string };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
  });
  afterAll(() => t.close());

  it('admin creates, lists (paginated), reads and renames townships; each change is audited; codes are unique', async () => {
    const a = await newTownship('甲镇');
    await newTownship('乙镇');
    await t.http.post('/v1/townships').set(admin).send({ code: a.code, name: '重复' }).expect(409);
    await t.http.post('/v1/townships').set(admin).send({ code: 'x', name: '' }).expect(400);
    const first = await t.http.get('/v1/townships?limit=1').set(admin).expect(200);
    expect(first.body.items).toHaveLength(1);
    const second = await t.http.get(`/v1/townships?limit=1&cursor=${first.body.nextCursor}`).set(admin).expect(200);
    expect(second.body.items[0].code > first.body.items[0].code).toBe(true);
    const renamed = await t.http.patch(`/v1/townships/${a.id}`).set(admin).send({ name: '甲镇新' }).expect(200);
    expect(renamed.body).toMatchObject({ id: a.id, code: a.code, name: '甲镇新' });
    expect((await t.http.get(`/v1/townships/${a.id}`).set(admin).expect(200)).body.name).toBe('甲镇新');
    await t.http.get('/v1/townships/00000000-0000-4000-8000-000000000000').set(admin).expect(404);
    const events = await t.dataSource.query(`SELECT action FROM audit_events WHERE entity_id = $1 ORDER BY id`, [a.id]);
    expect(events.map((e: { action: string }) => e.action)).toEqual(['township.created', 'township.updated']);
  });

  it('villages carry townshipId: set on create and by an admin on patch, filtered on the list; a village admin cannot move its village', async () => {
    const township = await newTownship();
    const village = await givenVillage(t, { townshipId: township.id });
    expect(village).toMatchObject({ townshipId: township.id, township: township.name });
    const loose = await givenVillage(t);
    expect(loose).toMatchObject({ townshipId: null });
    const moved = await t.http.patch(`/v1/villages/${loose.id}`).set(admin).send({ townshipId: township.id }).expect(200);
    expect(moved.body.townshipId).toBe(township.id);
    const listed = await t.http.get(`/v1/villages?townshipId=${township.id}`).set(admin).expect(200);
    expect(listed.body.items.map((v: { id: string }) => v.id).sort()).toEqual([village.id, loose.id].sort());
    const villageAdmin = (await givenUser(t, [{ role: 'village_admin', villageId: village.id }])).headers;
    await t.http.patch(`/v1/villages/${village.id}`).set(villageAdmin).send({ townshipId: null }).expect(403);
    await t.http.patch(`/v1/villages/${village.id}`).set(admin).send({ townshipId: '00000000-0000-4000-8000-000000000000' }).expect(404);
  });

  it('the migration makes townships from the distinct free-text names and links the villages', async () => {
    const runner = t.dataSource.createQueryRunner();
    const migration = new Townships1795995647431();
    // The report views, created later, read the columns this migration adds: they go first and come back last.
    const views = new ReportViews1796300000000();
    try {
      await runner.startTransaction();
      await views.down(runner);
      await migration.down(runner);
      const settings = JSON.stringify({ noticePeriodDays: 3, quorum: 3, timezone: 'Asia/Shanghai', pointsExpiry: { mode: 'none' } });
      for (const [code, township] of [['MA', '回填镇'], ['MB', ' 回填镇 '], ['MC', '另一镇'], ['MD', null]]) {
        await runner.query(`INSERT INTO villages (code, name, township, settings) VALUES ($1, '村', $2, $3) ON CONFLICT DO NOTHING`, [`${code}${uniqueCode('')}`, township, settings]);
      }
      await migration.up(runner);
      await views.up(runner);
      const rows: { name: string; villages: number }[] = await runner.query(
        `SELECT t.name, count(v.id)::int AS villages FROM townships t LEFT JOIN villages v ON v.township_id = t.id GROUP BY t.name ORDER BY t.name`,
      );
      expect(rows).toEqual(expect.arrayContaining([{ name: '回填镇', villages: 2 }, { name: '另一镇', villages: 1 }]));
      const unlinked = await runner.query(`SELECT count(*)::int AS n FROM villages WHERE township IS NOT NULL AND btrim(township) <> '' AND township_id IS NULL`);
      expect(unlinked[0].n).toBe(0);
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });

  describe('least privilege', () => {
    let township: { id: string };
    let other: { id: string };
    let villageA: { id: string };
    let villageB: { id: string };
    let foreign: { id: string };
    let officer: Headers;
    let townshipAdmin: Headers;
    let otherOfficer: Headers;

    beforeAll(async () => {
      township = await newTownship();
      other = await newTownship('别镇');
      villageA = await givenVillage(t, { townshipId: township.id });
      villageB = await givenVillage(t, { townshipId: township.id });
      foreign = await givenVillage(t, { townshipId: other.id });
      officer = (await givenUser(t, [{ role: 'township_officer', townshipId: township.id }])).headers;
      townshipAdmin = (await givenUser(t, [{ role: 'township_admin', townshipId: township.id }])).headers;
      otherOfficer = (await givenUser(t, [{ role: 'township_officer', townshipId: other.id }])).headers;
    });

    it("a township officer sees its township's villages and never another's", async () => {
      const mine = await t.http.get('/v1/villages').set(officer).expect(200);
      expect(mine.body.items.map((v: { id: string }) => v.id).sort()).toEqual([villageA.id, villageB.id].sort());
      await t.http.get(`/v1/villages/${foreign.id}`).set(officer).expect(404);
      await t.http.get(`/v1/villages/${foreign.id}/leaderboard?period=2026-11`).set(officer).expect(404);
      await t.http.get(`/v1/audit-events?villageId=${foreign.id}`).set(officer).expect(404);
      await t.http.get(`/v1/townships/${other.id}`).set(officer).expect(404);
      await t.http.get(`/v1/townships/${other.id}/summary`).set(officer).expect(404);
      expect((await t.http.get('/v1/townships').set(officer).expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([township.id]);
      await t.http.get(`/v1/villages/${villageA.id}/leaderboard?period=2026-11`).set(otherOfficer).expect(404);
    });

    it('a township officer reads reports, audit and verify, writes nothing, and sees no personal data (the roster is closed to it)', async () => {
      await t.http.get(`/v1/villages/${villageA.id}/summary`).set(officer).expect(200);
      await t.http.get(`/v1/villages/${villageA.id}/stars?year=2026`).set(officer).expect(200);
      await t.http.get(`/v1/audit-events?villageId=${villageA.id}`).set(officer).expect(200);
      expect((await t.http.get(`/v1/audit-events/verify?villageId=${villageA.id}`).set(officer).expect(200)).body.ok).toBe(true);
      await t.http.get(`/v1/ledger/verify?villageId=${villageA.id}`).set(officer).expect(200);
      await t.http.get(`/v1/residents?villageId=${villageA.id}`).set(officer).expect(403);
      await t.http.get(`/v1/households?villageId=${villageA.id}`).set(officer).expect(403);
      await t.http.post('/v1/households').set(officer).send({ villageId: villageA.id, code: uniqueCode('H') }).expect(403);
      await t.http.patch(`/v1/villages/${villageA.id}`).set(officer).send({ name: '改' }).expect(403);
      await t.http.post('/v1/users').set(officer).send({ username: `o${uniqueCode('')}`.toLowerCase(), password: 'long-enough-pw', displayName: '甲', roles: [{ role: 'clerk', villageId: villageA.id }] }).expect(403);
    });

    it('a township admin reads what an auditor reads, with ID numbers masked', async () => {
      const household = await givenHousehold(t, villageA.id);
      const first17 = '11010519850612103';
      const id = `${first17}${checkDigit(first17)}`;
      await givenResident(t, household, { idNumber: id, phone: '13900001111' });
      const residents = await t.http.get(`/v1/residents?villageId=${villageA.id}`).set(townshipAdmin).expect(200);
      expect(residents.body.items[0].idNumber).not.toBe(id);
      expect(residents.body.items[0].idNumber).toBe(`110105**********${id.slice(-2)}`);
      await t.http.get(`/v1/households?villageId=${foreign.id}`).set(townshipAdmin).expect(404);
    });

    it('a township admin creates villages in its township only, and manages the users of its villages without granting admin or another township', async () => {
      const created = await t.http.post('/v1/villages').set(townshipAdmin).send({ code: uniqueCode('N'), name: '新村', townshipId: township.id }).expect(201);
      expect(created.body.townshipId).toBe(township.id);
      await t.http.post('/v1/villages').set(townshipAdmin).send({ code: uniqueCode('N'), name: '新村', townshipId: other.id }).expect(404);
      await t.http.post('/v1/villages').set(townshipAdmin).send({ code: uniqueCode('N'), name: '新村' }).expect(403);
      // The new village is reached at once by the township's grants.
      await t.http.get(`/v1/villages/${created.body.id}`).set(officer).expect(200);

      const user = (roles: object[]) => ({ username: `z${uniqueCode('').toLowerCase()}`, password: 'long-enough-pw', displayName: '乙', roles });
      const clerk = await t.http.post('/v1/users').set(townshipAdmin).send(user([{ role: 'village_admin', villageId: villageB.id }])).expect(201);
      await t.http.post('/v1/users').set(townshipAdmin).send(user([{ role: 'township_officer', townshipId: township.id }])).expect(201);
      await t.http.post('/v1/users').set(townshipAdmin).send(user([{ role: 'admin' }])).expect(403);
      await t.http.post('/v1/users').set(townshipAdmin).send(user([{ role: 'township_officer', townshipId: other.id }])).expect(404);
      await t.http.post('/v1/users').set(townshipAdmin).send(user([{ role: 'clerk', villageId: foreign.id }])).expect(404);
      await t.http.patch(`/v1/users/${clerk.body.id}`).set(townshipAdmin).send({ roles: [{ role: 'admin' }] }).expect(403);
      await t.http.post('/v1/users').set(townshipAdmin).send(user([{ role: 'township_officer', villageId: villageA.id }])).expect(400);
      const listed = await t.http.get('/v1/users?limit=200').set(townshipAdmin).expect(200);
      expect(listed.body.items.map((u: { id: string }) => u.id)).toContain(clerk.body.id);
      // A user who also acts in another township is out of its reach.
      const straddler = await t.http.post('/v1/users').set(admin).send(user([{ role: 'clerk', villageId: villageA.id }, { role: 'clerk', villageId: foreign.id }])).expect(201);
      await t.http.get(`/v1/users/${straddler.body.id}`).set(townshipAdmin).expect(403);
      const stranger = await t.http.post('/v1/users').set(admin).send(user([{ role: 'township_admin', townshipId: other.id }])).expect(201);
      await t.http.get(`/v1/users/${stranger.body.id}`).set(townshipAdmin).expect(404);
      // Township grants are not for API keys.
      await t.http.post('/v1/api-keys').set(admin).send({ name: 'k', roles: [{ role: 'township_officer', townshipId: township.id }] }).expect(400);
    });

    it('access follows the grants at once: a removed township role and a village leaving the township', async () => {
      const fixture = await givenUser(t, [{ role: 'township_officer', townshipId: township.id }]);
      const leaving = await givenVillage(t, { townshipId: township.id });
      await t.http.get(`/v1/villages/${leaving.id}`).set(fixture.headers).expect(200);
      await t.http.patch(`/v1/villages/${leaving.id}`).set(admin).send({ townshipId: other.id }).expect(200);
      await t.http.get(`/v1/villages/${leaving.id}`).set(fixture.headers).expect(404);
      await t.http.patch(`/v1/users/${fixture.id}`).set(admin).send({ roles: [{ role: 'township_officer', townshipId: other.id }] }).expect(200);
      await t.http.get(`/v1/villages/${villageA.id}`).set(fixture.headers).expect(404);
      await t.http.get(`/v1/villages/${leaving.id}`).set(fixture.headers).expect(200);
    });
  });

  it('GET /v1/townships/{id}/summary: the villages side by side, as JSON and as CSV', async () => {
    const township = await newTownship('汇总镇');
    const [big, small] = [await givenVillage(t, { townshipId: township.id, code: uniqueCode('A') }), await givenVillage(t, { townshipId: township.id, code: uniqueCode('B') })];
    const ledger = t.app.get(LedgerPort);
    const households = [await givenHousehold(t, big.id), await givenHousehold(t, big.id), await givenHousehold(t, small.id)];
    const post = (villageId: string, accountId: string, kind: 'award' | 'penalty', points: number) =>
      inRetryingTransaction(t.dataSource, async (tx) => {
        const system = await ledger.systemAccountIds(tx, villageId);
        return ledger.post(tx, {
          villageId,
          kind,
          memo: kind,
          entries: [
            { accountId: system.issuance, amount: kind === 'award' ? -points : points },
            { accountId, amount: kind === 'award' ? points : -points },
          ],
          createdBy: SYSTEM_ACTOR,
        });
      });
    await post(big.id, households[0].accountId, 'award', 30);
    await post(big.id, households[0].accountId, 'penalty', 5);
    await post(small.id, households[2].accountId, 'award', 10);
    const item = await t.http.post('/v1/catalogue-items').set(admin).send({ villageId: small.id, sku: uniqueCode('S'), name: '酱油', pointsPrice: 5, lowStockThreshold: 3 }).expect(201);
    expect(item.body.id).toBeDefined();
    const officer = (await givenUser(t, [{ role: 'township_officer', townshipId: township.id }])).headers;
    const res = await t.http.get(`/v1/townships/${township.id}/summary?from=2026-01-01&to=2026-12-31`).set(officer).expect(200);
    expect(res.body).toMatchObject({ townshipId: township.id, townshipName: '汇总镇', from: '2026-01-01', to: '2026-12-31' });
    expect(res.body.villages).toEqual([
      expect.objectContaining({ villageId: big.id, households: 2, participatingHouseholds: 1, participation: 0.5, issued: 30, deducted: 5, redeemed: 0, outstanding: 25, roundsPosted: 0, objectionsRaised: 0, objectionsUpheld: 0, lowStockGoods: 0 }),
      expect.objectContaining({ villageId: small.id, households: 1, participatingHouseholds: 1, participation: 1, issued: 10, outstanding: 10, lowStockGoods: 1 }),
    ]);
    // A period that ended before the postings closes on the balances of then (the entries' own balance_after).
    const before = await t.http.get(`/v1/townships/${township.id}/summary?from=2026-01-01&to=2026-11-01`).set(officer).expect(200);
    expect(before.body.villages.map((v: { outstanding: number; issued: number }) => [v.outstanding, v.issued])).toEqual([
      [0, 0],
      [0, 0],
    ]);
    const csv = await t.http.get(`/v1/townships/${township.id}/summary?from=2026-01-01&to=2026-12-31`).set(officer).set('Accept', 'text/csv').expect(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('参与率');
    expect(lines[1]).toContain(big.code);
    await t.http.get(`/v1/townships/${township.id}/summary?from=2026-12-31&to=2026-01-01`).set(officer).expect(400);
  });
});
