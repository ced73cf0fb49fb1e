import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type ConsoleMessage, type Page, chromium } from 'playwright-core';

/** What the functions run inside the page use of it (the test project's types have no DOM). */
declare const document: {
  querySelector(selector: string): { textContent: string | null } | null;
  activeElement: { getAttribute(name: string): string | null } | null;
  documentElement: { scrollWidth: number };
};

/** Debian's `chromium` package (what .ci/run installs), or CHROMIUM_PATH. */
const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
/** Set by .ci/run: a missing browser fails the browser suites instead of skipping them. */
export const REQUIRE_BROWSER_ENV = 'JIFEN_REQUIRE_BROWSER';

export const chromiumPath: string | undefined = CANDIDATES.find((p) => existsSync(p));

/** The one line `npm test` prints when it skips the browser suites (from the e2e global setup). */
export function browserNotice(): string | undefined {
  if (chromiumPath) return undefined;
  if (process.env[REQUIRE_BROWSER_ENV] === '1') throw new Error(`${REQUIRE_BROWSER_ENV}=1 but no Chromium at ${CANDIDATES.join(', ')}: apt-get install chromium fonts-noto-cjk`);
  return `browser suites skipped: no Chromium at ${CANDIDATES.join(' or ')} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH)`;
}

/** `describe` when a browser is there, else `describe.skip` (global setup has said why). */
export function describeInBrowser(name: string, suite: () => void): void {
  (chromiumPath ? describe : describe.skip)(name, suite);
}

/**
 * Whether the committed API document has these paths: the panel and resident screens read
 * API v1.1's /v1/me/… routes, and their suites wait (skipped, saying so) until the API has them.
 */
export function apiHas(...paths: string[]): boolean {
  const document = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
  const missing = paths.filter((p) => !(p in document.paths));
  if (missing.length) process.stdout.write(`browser suite skipped: the API does not serve ${missing.join(', ')} yet\n`);
  return missing.length === 0;
}

/** `describeInBrowser` once the API has the paths the screen reads. */
export function describeInBrowserWith(paths: string[], name: string, suite: () => void): void {
  (chromiumPath && apiHas(...paths) ? describe : describe.skip)(name, suite);
}

/** Headless Chromium for one suite; Playwright gives it a fresh temporary profile (--user-data-dir). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Sizes the screens must work at: a phone and a counter PC. */
export const PHONE = { width: 360, height: 740 };
export const COUNTER_PC = { width: 1366, height: 768 };

/** A page in a fresh context (its own storage) whose console errors and uncaught exceptions are collected. */
export async function openPage(browser: Browser, viewport = COUNTER_PC): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.setDefaultTimeout(15_000);
  return { context, page, errors };
}

/** Where screenshots go (gitignored; CI keeps the directory as an artefact). */
export const SCREENSHOT_DIR = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/** Logs in through the screen's form, by its labels. */
export async function logIn(page: Page, user: { username: string; password: string }): Promise<void> {
  await page.getByLabel('用户名').fill(user.username);
  await page.getByLabel('密码').fill(user.password);
  await page.getByRole('button', { name: '登录' }).click();
}

/** Waits until the element with this data-testid shows the text (a string it contains, or a pattern). */
export async function untilText(page: Page, testId: string, text: string | RegExp): Promise<void> {
  await page.waitForFunction(
    ([id, wanted, isPattern]) => {
      const value = document.querySelector(`[data-testid="${id}"]`)?.textContent ?? '';
      return isPattern ? new RegExp(wanted).test(value) : value.includes(wanted);
    },
    [testId, typeof text === 'string' ? text : text.source, typeof text !== 'string'] as const,
  );
}

/** Waits until the input named `name` has the focus (where a card reader or the keyboard types). */
export async function untilFocused(page: Page, name: string): Promise<void> {
  await page.waitForFunction((wanted) => document.activeElement?.getAttribute('name') === wanted, name);
}

/**
 * The console errors a test did not provoke. Chromium logs every 4xx answer and every failed
 * request as a console error of its own; a test that asks for a refusal or cuts the network
 * names what it expects, and anything else (a script error, a CSP refusal) remains.
 */
export function unexpectedErrors(errors: string[], expected: { statuses?: number[]; network?: boolean } = {}): string[] {
  return errors.filter((e) => {
    const status = /Failed to load resource: the server responded with a status of (\d{3})/.exec(e);
    if (status && expected.statuses?.includes(Number(status[1]))) return false;
    return !(expected.network && /net::ERR_(EMPTY_RESPONSE|CONNECTION_(RESET|CLOSED))/.test(e));
  });
}

/** How wide the page's content is (wider than the viewport: it scrolls sideways). */
export function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
