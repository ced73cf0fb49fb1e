import { givenAdmin } from './support/auth';
import { PanelFixture, VillageFixture, givenPanel, givenRule, givenVillage, givenVillageHousehold } from './support/factories';
import { TestApp, startTestApp } from './support/test-app';

describe('public red and black boards (红黑榜)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const month = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 7);

  /** Scores households through a whole round (notice period 0) and posts it to the ledger. */
  async function postRound(village: VillageFixture, panel: PanelFixture, items: { householdId: string; ruleId: string; points: number }[]): Promise<void> {
    const admin = await givenAdmin(t);
    const today = new Date().toISOString().slice(0, 10);
    const round = await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.id, title: '十一月评议', periodStart: today, periodEnd: today }).expect(201);
    for (const item of items) {
      const created = await t.http.post(`/v1/scoring-rounds/${round.body.id}/items`).set(admin).send({ householdId: item.householdId, ruleId: item.ruleId, proposedPoints: item.points }).expect(201);
      for (const member of panel.members) {
        await t.http.post(`/v1/scoring-rounds/${round.body.id}/items/${created.body.id}/ratings`).set(member.headers).send({ approve: true, points: item.points }).expect(201);
      }
    }
    await t.http.post(`/v1/scoring-rounds/${round.body.id}/publish`).set(admin).send({}).expect(200);
    await t.http.post(`/v1/scoring-rounds/${round.body.id}/post`).set(admin).set('Idempotency-Key', `post-${round.body.id}`).send({}).expect(200);
  }

  it('shows top earners and deductions without login, names masked, as JSON and a printable page', async () => {
    const village = await givenVillage(t, { settings: { noticePeriodDays: 0 } });
    const [zhang, li, wang] = await Promise.all([
      givenVillageHousehold(t, village.id, { head: '张三明' }),
      givenVillageHousehold(t, village.id, { head: '李四' }),
      givenVillageHousehold(t, village.id, { head: '王小二' }),
    ]);
    const good = await givenRule(t, village.id, { minPoints: 1, maxPoints: 10 });
    const bad = await givenRule(t, village.id, { category: '遵纪守法', title: '违反村规民约', minPoints: -10, maxPoints: -1 });
    const panel = await givenPanel(t, village.id);
    await postRound(village, panel, [
      { householdId: zhang.id, ruleId: good.id, points: 8 },
      { householdId: li.id, ruleId: good.id, points: 5 },
      { householdId: wang.id, ruleId: bad.id, points: -6 },
    ]);

    const res = await t.http.get(`/v1/public/villages/${village.id}/boards`).query({ period: month() }).expect(200);
    expect(res.body.topEarners).toEqual([
      { rank: 1, householdCode: zhang.code, headName: '张*明', points: 8 },
      { rank: 2, householdCode: li.code, headName: '李*', points: 5 },
    ]);
    expect(res.body.deductions).toEqual([{ householdCode: wang.code, headName: '王*二', rule: '违反村规民约', category: '遵纪守法', points: -6, date: expect.any(String) }]);
    expect(JSON.stringify(res.body)).not.toMatch(/张三明|李四|王小二/);

    const page = await t.http.get(`/v1/public/villages/${village.id}/boards`).set('Accept', 'text/html').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('红榜');
    expect(page.text).toContain('张*明');
    expect(page.text).not.toMatch(/<script/i);

    // A village that withholds names on the black list.
    await t.http.patch(`/v1/villages/${village.id}`).set(await givenAdmin(t)).send({ settings: { showDeductionNames: false } }).expect(200);
    const withheld = await t.http.get(`/v1/public/villages/${village.id}/boards`).query({ period: month() }).expect(200);
    expect(withheld.body.deductions[0]).toMatchObject({ householdCode: null, headName: null, points: -6 });
    expect(withheld.body.topEarners[0].headName).toBe('张*明');
  });

  it('answers 404 for an unknown village and 400 for a bad period', async () => {
    expect((await t.http.get('/v1/public/villages/8d9e4c7e-3b43-4b71-9d35-3c1f6f0b7a11/boards')).status).toBe(404);
    const village = await givenVillage(t);
    expect((await t.http.get(`/v1/public/villages/${village.id}/boards`).query({ period: 'soon' })).status).toBe(400);
  });
});
