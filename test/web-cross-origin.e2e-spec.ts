import type { Browser } from 'playwright-core';
import { UserFixture, givenUser } from './support/auth';
import { describeInBrowser, launchBrowser, logIn, openPage, screenshot, untilFocused, untilText } from './support/browser';
import { givenResident } from './support/factories';
import { listening } from './support/sdk';
import { Shop, givenHousehold, givenItem, givenShop } from './support/shop';
import { TestApp, startTestApp } from './support/test-app';
import { ViteDev, startViteDev } from './support/vite-dev';

/**
 * `npm run dev:web`: the counter served by Vite on its own origin calls the API on another,
 * allowed by CORS_ORIGINS: login, look-up, a sale (a preflighted POST with Idempotency-Key)
 * and its receipt all pass the browser's CORS checks.
 */
describeInBrowser('web: the Vite-served app on another origin (CORS)', () => {
  let t: TestApp;
  let vite: ViteDev;
  let browser: Browser;
  let shop: Shop;
  let clerk: UserFixture;

  beforeAll(async () => {
    // The Vite origin is known once Vite runs; the app reads CORS_ORIGINS at creation.
    const probe = await startTestApp();
    const apiBase = await listening(probe);
    vite = await startViteDev(apiBase);
    await probe.app.close();
    t = await startTestApp({ databaseUrl: probe.databaseUrl, config: { corsOrigins: [vite.origin] } });
    await t.app.listen({ port: Number(new URL(apiBase).port), host: '127.0.0.1' });
    browser = await launchBrowser();
    shop = await givenShop(t);
    clerk = await givenUser(t, [{ role: 'clerk', villageId: shop.village.id }]);
  });
  afterAll(async () => {
    await browser?.close();
    await vite?.stop();
    await t?.close();
  });

  it('logs in, reads a card and sells from the Vite origin', async () => {
    const household = await givenHousehold(t, shop, 50);
    await givenResident(t, { id: household.id, villageId: shop.village.id }, { name: '陈桂兰', isHead: true });
    await givenItem(t, shop, { name: '香皂', price: 12, stock: 3 });
    const { page, errors } = await openPage(browser);
    await page.goto(`${vite.origin}/app/counter`);
    await logIn(page, clerk);
    await untilFocused(page, 'cardNo');
    await page.keyboard.type(household.cardNo);
    await page.keyboard.press('Enter');
    await untilText(page, 'head-name', '陈桂兰');
    await page.getByRole('button', { name: '加入 香皂' }).click();
    await page.getByRole('button', { name: '结算' }).click();
    await untilText(page, 'receipt', '合计积分');
    await untilText(page, 'balance', '38');
    await screenshot(page, 'counter-vite-cross-origin');
    expect(errors).toEqual([]);
  });
});
