import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../helpers/build.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';
import { ensurePagesBuilt } from '../../web/ensure-built.js';

/**
 * The pages in a real browser against the real service, with helmet on: a customer on another
 * site (another origin, with its own strict CSP) opens the widget from one <script> tag, gets a
 * cited answer, asks for a person and waits in the queue; an agent in the console reads the
 * handoff packet, takes the conversation, replies and transfers it to a colleague, who replies
 * and resolves it; the customer (tapping on a phone) sees both live and rates; the dashboard
 * counts it and the transfer. `npm run screenshots` also saves every page in zh and en.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = process.env.SCREENSHOTS_DIR;

/** The shop's site on its own origin; its page embeds the widget with its public key once it has one. */
async function hostSite(serviceUrl: string) {
  let widgetKey = '';
  const html = () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Lumo shop</title></head>
<body><h1>Lumo 乐摩数码</h1><p>A shop page that embeds the chat with one tag.</p>
<script src="${serviceUrl}/widget.js" data-kb="demo" data-key="${widgetKey}" async></script></body></html>`;
  const server: Server = createServer((_req, res) => {
    // As strict as a careful site: no inline styles or scripts, only our service for script and frame.
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'content-security-policy': `default-src 'self'; script-src ${serviceUrl}; frame-src ${serviceUrl}; style-src 'self'`,
    });
    res.end(html());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { server, url, origin: new URL(url).origin, useKey: (key: string) => (widgetKey = key) };
}

/** WCAG 2.5.5 and Apple's guidelines: what a finger can hit reliably, in CSS pixels. */
const FINGER = 44;

/** A phone user's action: the target must be big enough for a finger, then it is tapped. */
async function tapTarget(target: Locator) {
  const box = await target.boundingBox();
  expect(box, `${target} is not on screen`).not.toBeNull();
  expect(Math.min(box!.width, box!.height), `${target} is too small to tap`).toBeGreaterThanOrEqual(FINGER);
  await target.tap();
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The page in zh, then switched to en with its own language switch (and back). */
async function shotBoth(page: Page, name: string, scope: Page | FrameLocator = page) {
  if (!SHOTS) return;
  await shot(page, `${name}-zh`);
  // A DOM click: the switch's layout is not under test here, and a toast may cover it.
  await scope.locator('.lang-switch button[data-lang="en"]').first().dispatchEvent('click');
  await shot(page, `${name}-en`);
  await scope.locator('.lang-switch button[data-lang="zh"]').first().dispatchEvent('click');
}

describe.each(databases)('pages in a browser (%s)', (dbName, open) => {
  // Screenshots once, from the embedded database run.
  const screenshots = dbName === 'pglite';
  let t: TestDatabase;
  let serviceUrl: string;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let adminKey: string;
  let host: Awaited<ReturnType<typeof hostSite>>;
  let browser: Browser;
  let customer: BrowserContext;
  let staff: BrowserContext;
  let colleague: BrowserContext;
  let colleagueId: string;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium fonts-wqy-microhei, or set CHROMIUM_PATH`);
    ensurePagesBuilt(); // normally done by test/web-global-setup.ts already
    t = await open();
    const built = await build(t, { ...SAMPLE_ENV, HANDOFF_SWEEP_MS: '1000' });
    app = built.app;
    adminKey = built.adminKey;
    await ingestSampleKb(built.ctx, 'demo');
    serviceUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    host = await hostSite(serviceUrl);
    // The shop's public key, valid from the shop's origin only (it decides who may frame the widget).
    const widget = await app.inject({ method: 'POST', url: '/v1/keys', payload: { name: 'shop widget', role: 'widget', allowedOrigins: [host.origin] } });
    expect(widget.statusCode, widget.body).toBe(201);
    host.useKey(widget.json().key);
    // The colleague the conversation is transferred to: offline until she signs in, so the queue
    // offers the customer to the first agent.
    const agent = await app.inject({ method: 'POST', url: '/v1/agents', payload: { name: '李华', languages: ['zh', 'en'] } });
    expect(agent.statusCode, agent.body).toBe(201);
    colleagueId = agent.json().id;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    // The customer is on a phone, with a touch screen; the agents and the manager at desks. Each
    // agent has a context of their own: the console remembers who is signed in.
    customer = await browser.newContext({ locale: 'zh-CN', viewport: { width: 390, height: 780 }, hasTouch: true, isMobile: true });
    staff = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
    colleague = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1360, height: 900 } });
    for (const c of [customer, staff, colleague]) {
      c.on('weberror', (e) => consoleErrors.push(e.error().message));
      c.on('console', (m) => m.type() === 'error' && consoleErrors.push(`${m.text()} ${m.location().url}`));
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => host?.server.close(resolve));
    await app?.close();
    await t?.cleanup();
  });

  it('customer, agent and manager through one conversation', async () => {
    // The agent comes in first and says who they are; busy, so the customer will wait in the queue.
    const agentPage = await staff.newPage();
    await agentPage.goto(`${serviceUrl}/console/`);
    // No key yet: the first API call is refused and the page asks for one; the key is kept for the other pages.
    const signIn = agentPage.getByTestId('key-gate');
    await signIn.waitFor();
    await signIn.locator('input[name="api-key"]').fill(adminKey);
    await signIn.getByRole('button').click();
    await agentPage.getByPlaceholder('新坐席姓名').fill('王小明');
    await agentPage.getByRole('button', { name: '新建' }).click();
    await expect.poll(() => agentPage.getByTestId('agent-name').textContent()).toBe('王小明');
    await agentPage.locator('.status-switch button[data-status="busy"]').click();
    await expect.poll(() => agentPage.locator('.status-switch button[data-status="busy"]').getAttribute('aria-checked')).toBe('true');

    // The customer's site: one script tag, another origin, a strict CSP of its own.
    const shop = await customer.newPage();
    await shop.goto(host.url);
    const launcher = shop.locator('#kefu-launcher');
    await launcher.waitFor();
    await tapTarget(launcher);
    const frameBox = await shop.locator('#kefu-widget-frame').boundingBox();
    // On a phone the chat takes the whole screen.
    expect(frameBox).toMatchObject({ x: 0, y: 0, width: 390, height: 780 });
    const widget = shop.frameLocator('#kefu-widget-frame');

    // Self-service first: popular questions, then a search over the FAQ answered in place.
    await widget.locator('.faq-list .faq-question').first().waitFor();
    if (screenshots) await shotBoth(shop, 'widget-self-service', widget);
    await widget.getByPlaceholder('搜索常见问题').fill('退货');
    // Wait for the search's results to replace the popular list before tapping one.
    const refund = widget.locator('.faq-list .faq-question', { hasText: '退' }).first();
    await refund.tap();
    await widget.locator('.faq-answer').first().waitFor();
    await widget.getByPlaceholder('搜索常见问题').fill('');

    // A question answered by streaming, with a citation that opens its snippet.
    await widget.getByPlaceholder('输入您的问题…').fill('LM-S12 支持 NFC 吗？');
    await tapTarget(widget.getByRole('button', { name: '发送' }));
    const answer = widget.locator('.bubble.bot[aria-busy="false"]').last();
    const chip = answer.locator('.source-chip').first();
    // The page's own window computes the style (this file is compiled without the DOM library).
    const chipColor = () => chip.evaluate((e) => e.ownerDocument.defaultView!.getComputedStyle(e).color);
    const closedColor = await chipColor();
    await chip.tap();
    await expect.poll(() => widget.getByTestId('citation-snippet').textContent()).toMatch(/\S{10,}/);
    expect(await answer.locator('.text').textContent()).toMatch(/NFC/i);
    if (screenshots) await shotBoth(shop, 'widget-answer', widget);
    // Tapped again it closes, and looks closed: a touch screen's :hover stays on the last tapped
    // element, so a hover style would keep it looking open.
    await chip.tap();
    await expect.poll(() => widget.getByTestId('citation-snippet').count()).toBe(0);
    expect(await chipColor()).toBe(closedColor);

    // 转人工 while the only agent is busy: the customer waits, first in the queue.
    await tapTarget(widget.getByRole('button', { name: '转人工' }));
    await expect.poll(() => widget.locator('.queue-banner').getAttribute('data-position')).toBe('1');
    expect(await widget.locator('.queue-banner').textContent()).toContain('您是下一位');
    if (screenshots) await shotBoth(shop, 'widget-queue', widget);

    // The agent sees the customer in the queue, with the handoff packet beside the full history.
    const queued = agentPage.getByTestId('queue').locator('button').first();
    await queued.waitFor({ timeout: 15_000 });
    await queued.click();
    const packet = agentPage.getByTestId('handoff-packet');
    await expect.poll(() => packet.getByTestId('packet-reason').textContent()).toBe('客户要求转人工');
    expect(await packet.locator('.attempts li').count()).toBeGreaterThan(0);
    expect(await agentPage.getByTestId('history').textContent()).toContain('LM-S12 支持 NFC 吗？');
    // Busy agents cannot take conversations: available again, the queue offers it to them (接受).
    await agentPage.locator('.status-switch button[data-status="online"]').click();
    await agentPage.locator('.conv-header button.primary', { hasText: '接受' }).click();
    const replyBox = agentPage.getByPlaceholder(/输入回复/);
    await replyBox.or(agentPage.locator('.toast')).first().waitFor();
    expect(await agentPage.locator('.toast').count(), (await agentPage.locator('.toast').allTextContents()).join()).toBe(0);
    await replyBox.waitFor();
    await expect.poll(() => widget.locator('.notice').last().textContent()).toBe('人工客服已接入，请直接回复');

    // A reply reaches the customer live, and the customer's answer reaches the agent live.
    await agentPage.getByPlaceholder(/输入回复/).fill('您好，我是王小明。LM-S12 支持 NFC，可以刷公交卡。');
    await agentPage.getByPlaceholder(/输入回复/).press('Enter');
    await expect.poll(() => widget.locator('.bubble.agent .text').last().textContent()).toContain('我是王小明');
    await widget.getByPlaceholder('输入您的问题…').fill('好的，谢谢！');
    await tapTarget(widget.getByRole('button', { name: '发送' }));
    await expect.poll(() => agentPage.getByTestId('history').locator('li.user').last().textContent()).toContain('好的，谢谢！');
    if (screenshots) {
      await shotBoth(agentPage, 'console');
      await shotBoth(shop, 'widget-agent', widget);
    }

    // A colleague signs in at her own desk (the key, then who she is) and becomes available.
    const colleaguePage = await colleague.newPage();
    await colleaguePage.goto(`${serviceUrl}/console/`);
    const colleagueSignIn = colleaguePage.getByTestId('key-gate');
    await colleagueSignIn.waitFor();
    await colleagueSignIn.locator('input[name="api-key"]').fill(adminKey);
    await colleagueSignIn.getByRole('button').click();
    await colleaguePage.locator('.agent-list button', { hasText: '李华' }).click();
    await expect.poll(() => colleaguePage.getByTestId('agent-name').textContent()).toBe('李华');
    await colleaguePage.locator('.status-switch button[data-status="online"]').click();
    await expect.poll(() => colleaguePage.locator('.status-switch button[data-status="online"]').getAttribute('aria-checked')).toBe('true');

    // The first agent transfers the conversation to her by name; it leaves his desk.
    await agentPage.locator('.conv-header button', { hasText: '转接' }).click();
    await agentPage.locator('form.transfer select').selectOption(`agent:${colleagueId}`);
    await agentPage.getByRole('button', { name: '确认转接' }).click();
    await expect.poll(() => agentPage.getByTestId('my-conversations').locator('li').count()).toBe(0);
    expect(await agentPage.locator('.toast').count(), (await agentPage.locator('.toast').allTextContents()).join()).toBe(0);

    // It reaches her live as an offer; she accepts it, with the whole history in front of her.
    const offer = colleaguePage.getByTestId('my-conversations').locator('button', { hasText: '待接入' });
    await offer.waitFor({ timeout: 15_000 });
    await offer.click();
    await colleaguePage.locator('.conv-header button.primary', { hasText: '接受' }).click();
    await expect.poll(() => colleaguePage.getByTestId('my-conversations').getByText('待接入').count()).toBe(0);
    await expect.poll(() => colleaguePage.getByTestId('history').textContent()).toContain('好的，谢谢！');
    expect(await colleaguePage.getByTestId('history').textContent()).toContain('我是王小明');
    await colleaguePage.getByPlaceholder(/输入回复/).fill('您好，我是李华，接下来由我为您服务。');
    await colleaguePage.getByPlaceholder(/输入回复/).press('Enter');
    await expect.poll(() => widget.locator('.bubble.agent .text').last().textContent()).toContain('我是李华');
    expect(await colleaguePage.locator('.toast').count(), (await colleaguePage.locator('.toast').allTextContents()).join()).toBe(0);

    // She resolves it: the customer rates.
    await colleaguePage.getByRole('button', { name: '结束会话' }).click();
    await widget.locator('.rating-card').waitFor();
    await tapTarget(widget.getByRole('radio', { name: '5 星' }));
    await widget.getByPlaceholder(/还有什么想对我们说的/).fill('很快，谢谢');
    await tapTarget(widget.getByRole('button', { name: '提交评价' }));
    await expect.poll(() => widget.locator('.rating-card.done').textContent()).toBe('感谢您的评价！');
    if (screenshots) await shotBoth(shop, 'widget-rated', widget);

    // A reload of the shop page (same tab) brings the conversation back, rated.
    await shop.reload();
    await tapTarget(shop.locator('#kefu-launcher'));
    await expect.poll(() => widget.locator('.bubble.agent .text').first().textContent()).toContain('我是王小明');
    expect(await widget.locator('.bubble.agent .text').last().textContent()).toContain('我是李华');
    await expect.poll(() => widget.locator('.rating-card.done').count()).toBe(1);

    // The manager's dashboard: the conversation, its human handling, both agents, the transfer and the rating.
    const dashboard = await staff.newPage();
    await dashboard.goto(`${serviceUrl}/dashboard/`);
    const kpi = (id: string) => dashboard.locator(`.kpi[data-kpi="${id}"] .value`).textContent();
    await expect.poll(() => kpi('conversations')).toMatch(/^[1-9]/);
    expect(await kpi('handled-by-humans')).toBe('1');
    expect(await kpi('ratings')).toBe('1');
    expect(await kpi('avg-rating')).toBe('5.00');
    const agentRow = (name: string) => dashboard.getByTestId('agent-table').locator('tbody tr', { has: dashboard.locator('td[data-metric="name"]', { hasText: name }) });
    const figure = (name: string, metric: string) => agentRow(name).locator(`td[data-metric="${metric}"]`).textContent();
    await expect.poll(() => figure('王小明', 'transferred')).toBe('1');
    expect(await figure('王小明', 'conversations')).toBe('1');
    expect(await figure('李华', 'transferred')).toBe('0');
    expect(await figure('李华', 'conversations')).toBe('1');
    expect(await dashboard.locator('.chart canvas').count()).toBeGreaterThanOrEqual(3);
    // The export is fetched with the key (a plain link cannot send it) and saved as a file.
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.getByTestId('export-conversations').click()]);
    expect(download.suggestedFilename()).toBe('conversations.csv');
    const rows = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(rows.length).toBeGreaterThan(1);
    expect(rows[0]).toContain(',');
    if (screenshots) await shotBoth(dashboard, 'dashboard');

    expect(consoleErrors).toEqual([]);
  }, 180_000);

  it('content admin: upload with progress, document list, hit test, FAQ editing, delete', async () => {
    // The home page embeds the widget too (its script is a file: the pages' CSP forbids inline ones).
    const home = await staff.newPage();
    await home.goto(`${serviceUrl}/`);
    await home.locator('#kefu-launcher').waitFor();
    expect(await home.locator('#origin').textContent()).toBe(serviceUrl);
    await home.close();

    const admin = await staff.newPage();
    admin.on('dialog', (d) => void d.accept()); // "delete …?" confirmations
    await admin.goto(`${serviceUrl}/admin/?kb=demo`);
    const docs = admin.getByTestId('documents');
    await docs.locator('tr[data-path="faq.csv"]').waitFor();

    await admin.getByTestId('upload-input').setInputFiles({ name: 'gift-card.md', mimeType: 'text/markdown', buffer: Buffer.from('# 礼品卡\n\n乐摩礼品卡有效期三年，可在官网和 App 使用，不能兑换现金。\n') });
    await expect.poll(() => admin.locator('.upload-results').textContent()).toContain('已新增');
    const row = docs.locator('tr[data-path="gift-card.md"]');
    await expect.poll(() => row.locator('.badge').textContent()).toBe('就绪');
    if (screenshots) await shotBoth(admin, 'admin-documents');

    await admin.getByRole('tab', { name: '命中测试' }).click();
    await admin.getByPlaceholder('输入一个客户可能问的问题').fill('礼品卡有效期多久');
    // Documents only: the sample FAQ's keyword hits would otherwise fill the top 8.
    await admin.getByRole('checkbox', { name: 'FAQ' }).uncheck();
    await admin.getByRole('button', { name: '测试' }).click();
    await expect.poll(() => admin.getByTestId('hits').locator('tbody tr').allTextContents()).toContainEqual(expect.stringContaining('gift-card.md'));
    if (screenshots) await shotBoth(admin, 'admin-hit-test');

    await admin.getByRole('tab', { name: 'FAQ 编辑' }).click();
    await admin.getByTestId('faq-entries').waitFor();
    await admin.getByRole('textbox', { name: '问题' }).fill('礼品卡可以转赠吗？');
    await admin.getByRole('textbox', { name: '答案' }).fill('可以，在 App 里把礼品卡转赠给好友。');
    await admin.getByRole('textbox', { name: '相似问法' }).fill('礼品卡能送人吗');
    await admin.getByRole('button', { name: '新增问答' }).click();
    await expect.poll(() => admin.getByTestId('faq-entries').textContent()).toContain('礼品卡可以转赠吗？');
    if (screenshots) await shotBoth(admin, 'admin-faq');
    // Searchable at once by the other wording.
    const hits = (await (await fetch(`${serviceUrl}/v1/knowledge-bases/demo/search`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` }, body: JSON.stringify({ query: '礼品卡能送人吗', include: ['faq'] }) })).json()) as { hits: Array<{ question: string }> };
    expect(hits.hits[0].question).toBe('礼品卡可以转赠吗？');

    await admin.getByRole('tab', { name: '文档' }).click();
    const version = Number(await row.locator('td').nth(4).textContent());
    await row.getByRole('button', { name: '重新处理' }).click();
    await expect.poll(async () => Number(await row.locator('td').nth(4).textContent())).toBe(version + 1);
    expect(await row.locator('.badge').textContent()).toBe('就绪');
    await row.getByRole('button', { name: '删除' }).click();
    await expect.poll(() => row.count()).toBe(0);
    expect(consoleErrors).toEqual([]);
  }, 120_000);
});

