import { chromium, Browser, BrowserContext, Page } from 'playwright-core';
import { TOTP } from 'otpauth';
import { ensureChromium } from './support/chromium';
import { createTestApp, TestApp } from './support/test-app';

/**
 * The GraphiQL console in a real browser, with every request that is not to this server blocked: county
 * networks are offline, so the console must come entirely from the project's own files. It is driven as a newcomer
 * would, following the README: the Docs panel before and after sign-in, autocompletion, and the first sign-in of the
 * administrator through the console's ready tabs (login, password change, authenticator), then the default query.
 */
describe('GraphiQL console at /graphiql (headless Chromium, offline)', () => {
  let t: TestApp & { url?: string };
  let browser: Browser;
  const INITIAL = 'Initial-Passw0rd!';
  const NEW_PASSWORD = 'Console-Passw0rd#2026';

  beforeAll(async () => {
    const executablePath = ensureChromium();
    // the committee office must use a second factor, as by default (the test environment turns it off elsewhere)
    t = await createTestApp({ listen: true, env: { MFA_REQUIRED_ROLES: 'SYSTEM_ADMIN', ADMIN_PASSWORD: INITIAL } });
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

  /** A fresh browser profile with everything but this server blocked; what was blocked and every page error kept. */
  async function open(): Promise<{ context: BrowserContext; page: Page; blocked: string[]; pageErrors: string[] }> {
    const context = await browser.newContext();
    const origin = new URL(t.url!).origin;
    const blocked: string[] = [];
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
    return { context, page, blocked, pageErrors };
  }

  /** The whole text of a CodeMirror editor (it renders only the visible lines). */
  const editorText = (page: Page, selector: string) =>
    page.evaluate((sel) => (document.querySelector(sel) as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() ?? '', selector);
  const QUERY_EDITOR = '.graphiql-query-editor .CodeMirror';
  const RESULT = '.result-window .CodeMirror';

  /** Replaces text in the query editor, as a person editing the tab's placeholder would. */
  const edit = (page: Page, from: string, to: string) =>
    page.evaluate(([sel, a, b]) => {
      const cm = (document.querySelector(sel) as Element & { CodeMirror: { getValue(): string; setValue(v: string): void } }).CodeMirror;
      cm.setValue(cm.getValue().replace(a, b));
    }, [QUERY_EDITOR, from, to] as const);

  /** Runs the current tab with ▶ and answers the response of /graphql for that operation, parsed. */
  async function run(page: Page, operation: string): Promise<{ status: number; body: any; authorization?: string }> {
    const responsePromise = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes(`"operationName":"${operation}"`));
    await page.click('.graphiql-execute-button');
    const response = await responsePromise;
    const body = await response.json();
    await page.waitForFunction(([sel, op]) => {
      const text = (document.querySelector(sel) as (Element & { CodeMirror?: { getValue(): string } }) | null)?.CodeMirror?.getValue() ?? '';
      return text.length > 0 && (text.includes('"data"') || text.includes('"errors"')) && (op === '' || text.length > 2);
    }, [RESULT, operation] as const, { timeout: 30_000 });
    return { status: response.status(), body, authorization: response.request().headers()['authorization'] };
  }

  async function selectTab(page: Page, name: string): Promise<void> {
    await page.locator('.graphiql-tab', { hasText: name }).first().click();
    await page.waitForFunction(([sel, n]) => ((document.querySelector(sel) as any)?.CodeMirror?.getValue() ?? '').includes(n), [QUERY_EDITOR, name] as const);
  }

  /** Opens the Docs panel and answers the names of the fields it lists for Query. */
  async function docsQueryFields(page: Page): Promise<string[]> {
    const explorer = page.locator('.graphiql-doc-explorer');
    if (!(await explorer.isVisible())) await page.click('.graphiql-sidebar button[aria-label*="Documentation"]');
    await page.waitForSelector('.graphiql-doc-explorer', { timeout: 30_000 });
    // the root types, then Query's fields
    await page.locator('.graphiql-doc-explorer a.graphiql-doc-explorer-type-name', { hasText: 'Query' }).first().click();
    await page.waitForSelector('.graphiql-doc-explorer-field-name', { timeout: 30_000 });
    const names = await page.locator('.graphiql-doc-explorer-field-name').allTextContents();
    // back to the root for the next look
    const back = page.locator('.graphiql-doc-explorer-back');
    if (await back.count()) await back.first().click();
    return names;
  }

  it('shows the schema in the Docs panel and completes field names before anyone signs in, with no external request', async () => {
    const { context, page, blocked, pageErrors } = await open();
    const fields = await docsQueryFields(page);
    expect(fields).toEqual(expect.arrayContaining(['hazards', 'townships', 'guidanceCenter', 'me']));
    // autocompletion in a new tab: typing part of a field name lists the matching fields
    await page.click('.graphiql-tab-add');
    await page.click(QUERY_EDITOR);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type('{ towns');
    await page.waitForSelector('.CodeMirror-hints li', { timeout: 30_000 });
    const hints = await page.locator('.CodeMirror-hints li').allTextContents();
    expect(hints.some((h) => h.startsWith('townships'))).toBe(true);
    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });

  it('the first sign-in through the ready tabs, as the README says; then every tab is signed in and the default query shows the 8 townships', async () => {
    const { context, page, blocked, pageErrors } = await open();
    const tabs = await page.locator('.graphiql-tab').allTextContents();
    expect(tabs.join(' ')).toEqual(expect.stringContaining('Login'));
    for (const name of ['ChangePassword', 'EnrollTotp', 'ConfirmTotp', 'VerifySecondFactor', 'Organization']) expect(tabs.join(' ')).toContain(name);

    // ① login with the initial password: the answer's flags say what comes next
    await selectTab(page, 'Login');
    await edit(page, '在此填写初始密码', INITIAL);
    const login = await run(page, 'Login');
    expect(login.body.errors).toBeUndefined();
    expect(login.body.data.login).toMatchObject({ passwordChangeRequired: true, secondFactorEnrollmentRequired: true });
    expect(login.authorization).toBeUndefined();

    // ② change the password: the token of ① is sent without anyone touching the Headers editor
    await selectTab(page, 'ChangePassword');
    await edit(page, '"在此填写初始密码"', JSON.stringify(INITIAL));
    await edit(page, '"在此填写新密码"', JSON.stringify(NEW_PASSWORD));
    const changed = await run(page, 'ChangePassword');
    expect(changed.body.errors).toBeUndefined();
    expect(changed.authorization).toBe(`Bearer ${login.body.data.login.accessToken}`);

    // ③ ④ the authenticator: a code computed from the secret shown, as an authenticator app would
    await selectTab(page, 'EnrollTotp');
    const enrolled = await run(page, 'EnrollTotp');
    expect(enrolled.body.errors).toBeUndefined();
    const totp = new TOTP({ secret: enrolled.body.data.enrollTotp.secret });
    await selectTab(page, 'ConfirmTotp');
    await edit(page, '"在此填写6位动态码"', JSON.stringify(totp.generate({ timestamp: Date.now() })));
    const confirmed = await run(page, 'ConfirmTotp');
    expect(confirmed.body.errors).toBeUndefined();
    expect(confirmed.body.data.confirmTotp.recoveryCodes).toHaveLength(10);

    // the default query, signed in
    await selectTab(page, 'Organization');
    const organization = await run(page, 'Organization');
    expect(organization.status).toBe(200);
    expect(organization.body.errors).toBeUndefined();
    expect(organization.body.data.townships.totalCount).toBe(8);
    const result = await editorText(page, RESULT);
    for (const name of ['靖宇镇', '景山镇', '濛江乡', '三道湖镇', '龙泉镇', '那尔轰镇', '赤松镇', '花园口镇']) expect(result).toContain(name);
    expect(result).toContain('靖宇县消防工作服务指导中心');

    // the Docs panel after sign-in too
    expect(await docsQueryFields(page)).toEqual(expect.arrayContaining(['hazards', 'townships']));

    // ⑤ the next sign-in: login answers secondFactorRequired, verifySecondFactor gives the token every tab then uses
    await selectTab(page, 'Login');
    await edit(page, JSON.stringify(INITIAL), JSON.stringify(NEW_PASSWORD));
    const again = await run(page, 'Login');
    expect(again.body.data.login).toMatchObject({ secondFactorRequired: true, passwordChangeRequired: false });
    await selectTab(page, 'VerifySecondFactor');
    // a code of the next 30-second step: the one used by ④ may not be used twice
    await edit(page, '"在此填写6位动态码"', JSON.stringify(totp.generate({ timestamp: Date.now() + 30_000 })));
    const verified = await run(page, 'VerifySecondFactor');
    expect(verified.body.errors).toBeUndefined();
    expect(verified.authorization).toBe(`Bearer ${again.body.data.login.accessToken}`);
    await selectTab(page, 'Organization');
    const after = await run(page, 'Organization');
    expect(after.body.errors).toBeUndefined();
    expect(after.authorization).toBe(`Bearer ${verified.body.data.verifySecondFactor.accessToken}`);

    // a tab with its own Authorization header signs another account in: its token stays in that tab, the other
    // tabs keep the administrator's (and a tab's own header wins over the shared one)
    const station = await t.account({ role: 'STATION' as never, region: '景山镇' });
    await page.click('.graphiql-tab-add');
    await page.click(QUERY_EDITOR);
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.type(`mutation Other { login(input: { username: "${station.username}", password: "${station.password}" }) { accessToken } }`);
    await page.click('button[data-name="headers"]');
    await page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror').click();
    await page.keyboard.type(JSON.stringify({ Authorization: `Bearer ${station.token}` }));
    const other = await run(page, 'Other');
    expect(other.body.errors).toBeUndefined();
    expect(other.authorization).toBe(`Bearer ${station.token}`);
    await selectTab(page, 'Organization');
    const still = await run(page, 'Organization');
    expect(still.authorization).toBe(`Bearer ${verified.body.data.verifySecondFactor.accessToken}`);

    expect(blocked).toEqual([]);
    expect(pageErrors).toEqual([]);
    await context.close();
  });
});
