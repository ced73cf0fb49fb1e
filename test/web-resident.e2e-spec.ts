import type { Browser, Locator } from 'playwright-core';
import { givenUser } from './support/auth';
import { PHONE, describeInBrowser, launchBrowser, logIn, openPage, screenshot, untilText } from './support/browser';
import { givenPanel, givenRule } from './support/factories';
import { listening } from './support/sdk';
import { givenHousehold, givenShop } from './support/shop';
import { inRetryingTransaction } from '../src/core/idempotency/retrying';
import { award, ledgerOf } from './support/ledger';
import { TestApp, startTestApp } from './support/test-app';

/** The resident screen (/app/me): their own household only, and a passbook that pages. */
describeInBrowser('web: the resident screen in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    t = await startTestApp();
    base = await listening(t);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows only the own household, and the passbook pages', async () => {
    const shop = await givenShop(t);
    const own = await givenHousehold(t, shop, 0);
    const other = await givenHousehold(t, shop, 999);
    // 25 postings: two pages of the passbook (20 a page).
    for (let i = 1; i <= 25; i++) await inRetryingTransaction(t.dataSource, (tx) => award(tx, ledgerOf(t), shop, own.accountId, i));
    const resident = await givenUser(t, [{ role: 'resident', villageId: shop.village.id, householdId: own.id }]);

    const { page, errors } = await openPage(browser, PHONE);
    await page.goto(`${base}/app/me`);
    await logIn(page, resident);
    await untilText(page, 'household-code', own.code);
    await untilText(page, 'balance', String((25 * 26) / 2));
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(other.code);
    // The other household's 999 points, as a number of its own (a random household code may hold the digits 999).
    expect(text).not.toMatch(/(^|\D)999(\D|$)/);
    await screenshot(page, 'resident-phone');

    expect(await page.getByTestId('passbook').locator('li').count()).toBe(20);
    await page.getByRole('button', { name: '下一页' }).click();
    await untilText(page, 'passbook-page', '第 2 页');
    expect(await page.getByTestId('passbook').locator('li').count()).toBe(5);
    await page.getByRole('button', { name: '上一页' }).click();
    await untilText(page, 'passbook-page', '第 1 页');
    expect(errors).toEqual([]);
  });

  it('申报: a self-claim in an open round, with an evidence link, lands as the own household’s self_claim', async () => {
    const shop = await givenShop(t);
    const own = await givenHousehold(t, shop);
    const panel = await givenPanel(t, shop.village.id);
    const rule = await givenRule(t, shop.village.id, { points: 5, title: '参加志愿服务' });
    const round = await t.http.post('/v1/scoring-rounds').set(shop.admin).send({ panelId: panel.id, title: '十二月评议', periodStart: '2026-12-01', periodEnd: '2026-12-31' }).expect(201);
    const resident = await givenUser(t, [{ role: 'resident', villageId: shop.village.id, householdId: own.id }]);

    const { page, errors } = await openPage(browser, PHONE);
    await page.goto(`${base}/app/me`);
    await logIn(page, resident);
    await untilText(page, 'household-code', own.code);
    await page.locator('select[name="roundId"]').selectOption({ label: '十二月评议' });
    await page.locator('select[name="ruleId"]').selectOption(rule.id);
    await untilValue(page.locator('input[name="points"]'), '5');
    await page.locator('input[name="evidence"]').fill('https://example.org/volunteer.jpg');
    await page.locator('input[name="note"]').fill('周六打扫村道');
    await page.getByRole('button', { name: '提交申报' }).click();
    await page.getByRole('status').filter({ hasText: '已提交申报' }).waitFor();
    const items = await t.dataSource.query(`SELECT household_id, source, proposed_points, evidence, note FROM score_items WHERE round_id = $1`, [round.body.id]);
    expect(items).toEqual([{ household_id: own.id, source: 'self_claim', proposed_points: 5, evidence: ['https://example.org/volunteer.jpg'], note: '周六打扫村道' }]);
    await screenshot(page, 'resident-claim-phone');
    expect(errors).toEqual([]);
  });
});

/** Waits until an input shows the value (set by the screen, not typed). */
async function untilValue(input: Locator, value: string): Promise<void> {
  for (let i = 0; i < 50 && (await input.inputValue()) !== value; i++) await new Promise((r) => setTimeout(r, 100));
  expect(await input.inputValue()).toBe(value);
}
