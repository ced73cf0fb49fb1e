import type { Browser } from 'playwright-core';
import { UserFixture, givenAdmin, givenUser } from './support/auth';
import { PHONE, describeInBrowserWith, launchBrowser, logIn, openPage, screenshot, untilText } from './support/browser';
import { VillageFixture, givenRule, givenVillage, givenVillageHousehold, uniqueCode } from './support/factories';
import { listening } from './support/sdk';
import { TestApp, startTestApp } from './support/test-app';

/** The scoring panel screen (/app/panel) on a phone: a member works through the rating queue. */
describeInBrowserWith(['/v1/me/rating-queue'], 'web: the panel screen in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let village: VillageFixture;
  let member: UserFixture;
  let roundId: string;

  beforeAll(async () => {
    t = await startTestApp();
    base = await listening(t);
    browser = await launchBrowser();
    village = await givenVillage(t);
    const admin = await givenAdmin(t);
    const members: UserFixture[] = [];
    for (let i = 0; i < 3; i++) members.push(await givenUser(t, [{ role: 'panel_member', villageId: village.id }]));
    member = members[0];
    const panel = await t.http
      .post('/v1/panels')
      .set(admin)
      .send({ villageId: village.id, name: uniqueCode('评定小组'), members: members.map((m, i) => ({ userId: m.id, seat: ['cadre', 'party_member', 'resident_rep'][i] })), quorum: 2, decision: 'majority' })
      .expect(201);
    const round = await t.http.post('/v1/scoring-rounds').set(admin).send({ panelId: panel.body.id, title: '十一月评议', periodStart: '2026-11-01', periodEnd: '2026-11-30' }).expect(201);
    roundId = round.body.id;
    const rule = await givenRule(t, village.id);
    for (let i = 0; i < 5; i++) {
      const household = await givenVillageHousehold(t, village.id, { head: `户主${i}` });
      await t.http.post(`/v1/scoring-rounds/${roundId}/items`).set(admin).send({ householdId: household.id, ruleId: rule.id, proposedPoints: 5, evidence: ['https://example.org/photo.jpg'] }).expect(201);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('rates 5 queued items at 360×740: each leaves the queue, the progress counts them', async () => {
    const { page, errors } = await openPage(browser, PHONE);
    await page.goto(`${base}/app/panel`);
    await logIn(page, member);
    await untilText(page, 'progress', '待评 5 项');
    await screenshot(page, 'panel-queue-phone');
    for (let i = 0; i < 5; i++) {
      const card = page.getByTestId('queue-item').first();
      if (i === 4) {
        await card.getByLabel('意见').fill('证据不足');
        await card.getByRole('button', { name: '不同意' }).click();
      } else {
        await card.getByRole('button', { name: '同意' }).click();
      }
      await untilText(page, 'progress', `已评 ${i + 1} 项，待评 ${4 - i} 项`);
    }
    await page.getByTestId('queue-empty').waitFor();
    await screenshot(page, 'panel-done-phone');
    const queue = await t.http.get('/v1/me/rating-queue').set(member.headers).expect(200);
    expect(queue.body.items).toEqual([]);
    const ratings = await t.http.get(`/v1/scoring-rounds/${roundId}`).set(member.headers).expect(200);
    expect(ratings.body).toBeDefined();
    expect(errors).toEqual([]);
  });
});
