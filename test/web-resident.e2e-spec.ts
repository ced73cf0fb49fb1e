import type { Browser } from 'playwright-core';
import { givenUser } from './support/auth';
import { PHONE, describeInBrowserWith, launchBrowser, logIn, openPage, screenshot, untilText } from './support/browser';
import { listening } from './support/sdk';
import { givenHousehold, givenShop } from './support/shop';
import { inRetryingTransaction } from '../src/common/idempotency';
import { award, ledgerOf } from './support/ledger';
import { TestApp, startTestApp } from './support/test-app';

/** The resident screen (/app/me): their own household only, and a passbook that pages. */
describeInBrowserWith(['/v1/me', '/v1/me/statement', '/v1/me/redemptions', '/v1/me/open-rounds'], 'web: the resident screen in a browser', () => {
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
    expect(text).not.toContain('999');
    await screenshot(page, 'resident-phone');

    expect(await page.getByTestId('passbook').locator('li').count()).toBe(20);
    await page.getByRole('button', { name: '下一页' }).click();
    await untilText(page, 'passbook-page', '第 2 页');
    expect(await page.getByTestId('passbook').locator('li').count()).toBe(5);
    await page.getByRole('button', { name: '上一页' }).click();
    await untilText(page, 'passbook-page', '第 1 页');
    expect(errors).toEqual([]);
  });
});
