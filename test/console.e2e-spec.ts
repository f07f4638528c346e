import { chromium, Browser } from 'playwright-core';
import { ensureChromium } from './support/chromium';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The GraphiQL console in a real browser, with every request that is not to this server blocked: county
 * networks are offline, so the console must come entirely from the project's own files.
 */
describe('GraphiQL console at /graphiql (headless Chromium, offline)', () => {
  let t: TestApp & { url?: string };
  let browser: Browser;
  const blocked: string[] = [];

  beforeAll(async () => {
    const executablePath = ensureChromium();
    t = await createTestApp({ listen: true });
    browser = await chromium.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
    });
  }, 900_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('loads with no external request, runs a query and shows the 8 townships', async () => {
    const context = await browser.newContext();
    const origin = new URL(t.url!).origin;
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
      blocked.push(url);
      return route.abort();
    });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    await page.goto(`${t.url}/graphiql`);
    await page.waitForSelector('.graphiql-container', { timeout: 30_000 });
    // signed in as a user would: the access token in the Headers editor
    await page.click('button[data-name="headers"]');
    await page.waitForSelector('button[data-name="headers"].active');
    const headers = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror');
    await headers.click();
    await page.keyboard.type(JSON.stringify({ Authorization: `Bearer ${t.office.token}` }));
    const responsePromise = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('townships'));
    await page.click('.graphiql-execute-button');
    const response = await responsePromise;
    expect(response.status()).toBe(200);
    expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
    expect(response.request().headers()['authorization']).toBe(`Bearer ${t.office.token}`);
    // the result editor (CodeMirror) renders only visible lines: read its whole text through its API
    const resultText = () =>
      page.evaluate(() => {
        const el = document.querySelector('.result-window .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null;
        return el?.CodeMirror?.getValue() ?? '';
      });
    await page.waitForFunction(() => {
      const el = document.querySelector('.result-window .CodeMirror') as (Element & { CodeMirror?: { getValue(): string } }) | null;
      return (el?.CodeMirror?.getValue() ?? '').includes('花园口镇');
    }, undefined, { timeout: 30_000 });
    const result = await resultText();
    expect(JSON.parse(result).data.townships.totalCount).toBe(8);
    for (const name of ['靖宇镇', '景山镇', '濛江乡', '三道湖镇', '龙泉镇', '那尔轰镇', '赤松镇', '花园口镇']) expect(result).toContain(name);
    expect(result).toContain('靖宇县消防工作服务指导中心');
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
