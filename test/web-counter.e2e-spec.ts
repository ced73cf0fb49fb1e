import { unwrap } from '@jifen/sdk';
import type { Browser, Page } from 'playwright-core';
import { UserFixture, givenUser } from './support/auth';
import { COUNTER_PC, contentWidth, PHONE, describeInBrowser, launchBrowser, logIn, openPage, screenshot, unexpectedErrors, untilFocused, untilText } from './support/browser';
import { givenResident } from './support/factories';
import { listening, sdkClient } from './support/sdk';
import { HouseholdFixture, Shop, givenHousehold, givenItem, givenShop } from './support/shop';
import { TcpProxy } from './support/tcp-proxy';
import { TestApp, startTestApp } from './support/test-app';

/**
 * The counter screen (/app/counter) in Chromium against the real API: a clerk logs in, a card
 * reader types the card number and Enter, two goods go into the basket, 结算 makes the sale
 * and shows its receipt. The page is loaded through a TCP proxy that can lose an answer.
 */
describeInBrowser('web: the counter in a browser', () => {
  let t: TestApp;
  let front: TcpProxy;
  let viaFront: string;
  let browser: Browser;
  let shop: Shop;
  let clerk: UserFixture;

  beforeAll(async () => {
    t = await startTestApp();
    const base = await listening(t);
    front = new TcpProxy('127.0.0.1', Number(new URL(base).port));
    await front.listen();
    viaFront = `http://127.0.0.1:${front.port}`;
    browser = await launchBrowser();
    shop = await givenShop(t);
    clerk = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
  });
  afterAll(async () => {
    await browser?.close();
    await front?.cut();
    await t?.close();
  });

  async function customer(balance: number, head = '王建国'): Promise<HouseholdFixture> {
    const household = await givenHousehold(t, shop, balance);
    await givenResident(t, { id: household.id, villageId: shop.village.id }, { name: head, isHead: true });
    return household;
  }

  /** The counter, logged in, with the card read: the reader types into the focused 卡号 field and presses Enter. */
  async function atCounter(household: HouseholdFixture, viewport = COUNTER_PC): Promise<{ page: Page; errors: string[] }> {
    const { page, errors } = await openPage(browser, viewport);
    await page.goto(`${viaFront}/app/counter`);
    await logIn(page, clerk);
    await untilFocused(page, 'cardNo');
    await page.keyboard.type(household.cardNo);
    await page.keyboard.press('Enter');
    await page.getByTestId('head-name').waitFor();
    return { page, errors };
  }

  const salesOf = async (household: HouseholdFixture) => {
    const { client } = await sdkClient(viaFront, clerk);
    return unwrap(await client.GET('/v1/redemptions', { params: { query: { villageId: shop.village.id, householdId: household.id } } })).items;
  };

  it('sells two goods to the household of a card: the receipt shows 合计积分 and the new balance', async () => {
    const household = await customer(100, '李秀英');
    await givenItem(t, shop, { name: '大米 5kg', price: 30, stock: 10 });
    await givenItem(t, shop, { name: '食用油 1L', price: 25, stock: 10 });
    const { page, errors } = await atCounter(household);
    await untilText(page, 'head-name', '李秀英');
    await untilText(page, 'balance', '100');
    await page.getByRole('button', { name: '加入 大米 5kg' }).first().click();
    await page.getByRole('button', { name: '加入 食用油 1L' }).first().click();
    await untilText(page, 'basket-total', '55');
    await page.getByRole('button', { name: '结算' }).click();

    await untilText(page, 'receipt', '合计积分');
    const receipt = await page.getByTestId('receipt').textContent();
    expect(receipt).toMatch(/合计积分\s+55/);
    expect(receipt).toMatch(/兑换后余额\s+45/);
    await untilText(page, 'balance', '45');
    await screenshot(page, 'counter-receipt');
    expect(await salesOf(household)).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('loses the answer to 结算 on the network: 网络中断，正在重试, then one sale only', async () => {
    const household = await customer(100);
    await givenItem(t, shop, { name: '洗衣粉', price: 20, stock: 10 });
    const { page, errors } = await atCounter(household);
    await page.getByRole('button', { name: '加入 洗衣粉' }).first().click();
    // On a new connection, so that the page's script sees the failure (not Chromium's own resend).
    front.closeConnections();
    front.dropNextResponse();
    await page.getByRole('button', { name: '结算' }).click();
    await page.getByText('网络中断，正在重试').waitFor();
    await screenshot(page, 'counter-network-retry');
    await untilText(page, 'receipt', '合计积分');
    await untilText(page, 'balance', '80');
    const sales = await salesOf(household);
    expect(sales.map((s) => s.totalPoints)).toEqual([20]);
    // The lost answer is logged by the browser itself; nothing else may be.
    expect(errors.some((e) => /net::ERR_/.test(e))).toBe(true);
    expect(unexpectedErrors(errors, { network: true })).toEqual([]);
  });

  it('refuses a sale over the balance and shows the balance, at 360 px wide', async () => {
    const household = await customer(5);
    await givenItem(t, shop, { name: '酱油', price: 30, stock: 10 });
    const { page, errors } = await atCounter(household, PHONE);
    await page.getByRole('button', { name: '加入 酱油' }).first().click();
    await page.getByRole('button', { name: '结算' }).click();
    await untilText(page, 'error', '积分不足：余额 5 分，本单需要 30 分');
    await untilText(page, 'balance', '5');
    expect(await contentWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'counter-insufficient-phone');
    expect(await salesOf(household)).toEqual([]);
    expect(unexpectedErrors(errors, { statuses: [422] })).toEqual([]);
  });

  it('cancels a sale of today with a reason (撤销): the balance is restored', async () => {
    const household = await customer(100);
    await givenItem(t, shop, { name: '毛巾', price: 15, stock: 10 });
    const { page, errors } = await atCounter(household);
    await page.getByRole('button', { name: '加入 毛巾' }).first().click();
    await page.getByRole('button', { name: '结算' }).click();
    await untilText(page, 'balance', '85');
    const [sale] = await salesOf(household);
    const row = page.locator(`[data-sale-id="${sale.id}"]`);
    await row.getByRole('button', { name: /^撤销/ }).click();
    await row.getByLabel('撤销原因').fill('扫错了户');
    await row.getByRole('button', { name: '确认撤销' }).click();
    await untilText(page, 'balance', '100');
    await row.getByText('已撤销').waitFor();
    await screenshot(page, 'counter-cancelled');
    expect((await salesOf(household))[0]).toMatchObject({ status: 'cancelled', cancelReason: '扫错了户' });
    expect(errors).toEqual([]);
  });
});
