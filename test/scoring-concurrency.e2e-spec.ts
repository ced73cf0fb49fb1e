/**
 * Scoring under races: two rounds of one period published at once cannot both use the last
 * points of a cap; ratings racing a publish are either counted or refused, never lost.
 */
import { Headers, givenAdmin } from './support/auth';
import { givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('scoring races', () => {
  let t: TestApp;
  let admin: Headers;
  let villageId: string;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await givenAdmin(t);
    villageId = (await givenVillage(t, { settings: { noticePeriodDays: 1, quorum: 1 } })).id;
  }, 120_000);
  afterAll(() => t.close());

  const openRound = async (panelId: string, start: string, end: string): Promise<string> =>
    (await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId, title: '评议', periodStart: start, periodEnd: end }).expect(201)).body.id;

  it('two rounds of one month published at once: the cap is granted once', async () => {
    const panel = await givenPanel(t, villageId, { size: 1, quorum: 1 });
    const rule = await givenRule(t, villageId, { minPoints: 1, maxPoints: 10, capPerPeriod: 10, period: 'month' });
    const household = await givenVillageHousehold(t, villageId);
    for (let attempt = 0; attempt < 5; attempt++) {
      const month = `2027-${String(attempt + 1).padStart(2, '0')}`;
      const rounds: { roundId: string; itemId: string }[] = [];
      for (const [start, end] of [[`${month}-01`, `${month}-10`], [`${month}-11`, `${month}-20`]]) {
        const roundId = await openRound(panel.id, start, end);
        const itemId = (await t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(admin).send({ householdId: household.id, ruleId: rule.id, proposedPoints: 8 }).expect(201)).body.id;
        await t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(panel.members[0].headers).send({ approve: true, points: 8 }).expect(201);
        rounds.push({ roundId, itemId });
      }
      const published = await Promise.all(rounds.map((r) => t.http.post(`/v1/scoring-rounds/${r.roundId}/publish`).set(admin)));
      expect(published.map((r) => r.status)).toEqual([200, 200]);
      const decided = await Promise.all(rounds.map(async (r) => (await t.http.get(`/v1/scoring-rounds/${r.roundId}/items/${r.itemId}`).set(admin).expect(200)).body));
      expect(decided.map((i) => i.status).sort()).toEqual(['approved', 'rejected']);
      expect(decided.find((i) => i.status === 'rejected').reason).toBe('cap_exceeded');
    }
  });

  it('ratings racing a publish are counted or refused with 409, never lost', async () => {
    const panel = await givenPanel(t, villageId, { size: 5, quorum: 1 });
    const rule = await givenRule(t, villageId, { points: 2 });
    const households = [];
    for (let i = 0; i < 4; i++) households.push(await givenVillageHousehold(t, villageId));
    const roundId = await openRound(panel.id, '2027-06-01', '2027-06-30');
    const bulk = await t.http.post(`/v1/scoring-rounds/${roundId}/items:bulk`).set(admin).send({ ruleId: rule.id, householdIds: households.map((h) => h.id) }).expect(201);
    const items: string[] = bulk.body.items.map((i: { id: string }) => i.id);
    const ratings = items.flatMap((itemId) =>
      panel.members.map((m) => t.http.post(`/v1/scoring-rounds/${roundId}/items/${itemId}/ratings`).set(m.headers).send({ approve: true }).then((r) => r.status)),
    );
    const publish = t.http.post(`/v1/scoring-rounds/${roundId}/publish`).set(admin).then((r) => r.status);
    const [statuses, published] = await Promise.all([Promise.all(ratings), publish]);
    expect(published).toBe(200);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const stored: { n: number }[] = await t.dataSource.query('SELECT count(*)::int AS n FROM score_ratings WHERE round_id = $1', [roundId]);
    expect(stored[0].n).toBe(statuses.filter((s) => s === 201).length);
    // Every accepted rating was in place when the round was decided: an item with one is approved.
    const rated: { item_id: string }[] = await t.dataSource.query('SELECT DISTINCT item_id FROM score_ratings WHERE round_id = $1', [roundId]);
    const decided = (await t.http.get(`/v1/scoring-rounds/${roundId}/items`).set(admin).expect(200)).body.items as { id: string; status: string }[];
    for (const item of decided) expect([item.id, item.status]).toEqual([item.id, rated.some((r) => r.item_id === item.id) ? 'approved' : 'no_quorum']);
  });
});
