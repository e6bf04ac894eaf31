import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { firstRunAdminKey } from '../../src/cli/first-run-key.js';
import { createContext } from '../../src/composition-root.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePagesBuilt, WEB_DIST } from '../../web/ensure-built.js';
import { build, testConfig } from '../helpers/build.js';
import { pgliteDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * The headers that decide whether the widget works on another site at all (the launcher never
 * appeared last time helmet was turned on), and that the API keeps helmet's strict defaults.
 */
describe('web pages: security headers per path', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let adminKey: string;
  let asset: string;

  beforeAll(async () => {
    ensurePagesBuilt();
    asset = `/assets/${readdirSync(path.join(WEB_DIST, 'assets')).find((f) => f.startsWith('widget-') && f.endsWith('.js'))}`;
    t = await pgliteDatabase();
    ({ app, adminKey } = await build(t));
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it("widget page: framed only by its key's origins, no X-Frame-Options, scripts from itself only", async () => {
    const key = (await app.inject({ method: 'POST', url: '/v1/keys', payload: { name: 'shop', role: 'widget', allowedOrigins: ['https://shop.example.com'] } })).json();
    const r = await app.inject(`/widget/?kb=demo&key=${key.key}`);
    expect(r.statusCode).toBe(200);
    expect(r.headers['x-frame-options']).toBeUndefined();
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'self' https://shop.example.com");
    expect(csp).toContain("script-src 'self'");
    expect(r.headers['cross-origin-resource-policy']).toBe('cross-origin');
    // No inline script in the built page: every <script> has a src.
    expect(r.body.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    // No key, an unknown one or a secret one: no other site may frame it.
    for (const q of ['', '&key=kf_pub_nope', `&key=${adminKey}`]) {
      const other = await app.inject(`/widget/?kb=demo${q}`);
      expect(String(other.headers['content-security-policy']), q).toContain("frame-ancestors 'self';");
    }
  });

  it("the widget page's own API calls pass with its key; another site's need to be among the key's origins", async () => {
    const key = (await app.inject({ method: 'POST', url: '/v1/keys', payload: { name: 'shop2', role: 'widget', allowedOrigins: ['https://shop.example.com'] } })).json().key;
    const open = (headers: Record<string, string>) =>
      app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'x-api-key': key, ...headers }, payload: { channel: 'web' } });
    const own = await open({ 'sec-fetch-site': 'same-origin' });
    expect(own.statusCode, own.body).not.toBe(403);
    expect((await open({ origin: 'https://shop.example.com' })).statusCode).not.toBe(403);
    const evil = await open({ origin: 'https://evil.example.com', 'sec-fetch-site': 'cross-site' });
    expect([evil.statusCode, evil.json().error.code]).toEqual([403, 'ORIGIN_NOT_ALLOWED']);
  });

  it('loader and assets: loadable cross-origin; assets cached for good, the loader revalidated', async () => {
    const loader = await app.inject('/widget.js');
    expect(loader.statusCode).toBe(200);
    expect(loader.headers['content-type']).toMatch(/javascript/);
    expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(loader.headers['cache-control']).toBe('no-cache');
    const a = await app.inject(asset);
    expect(a.headers['cross-origin-resource-policy']).toBe('cross-origin');
    expect(a.headers['cache-control']).toContain('immutable');
  });

  it('staff pages: same-origin frames only, no upgrade-insecure-requests, no inline scripts', async () => {
    for (const page of ['/', '/console/', '/admin/', '/dashboard/']) {
      const r = await app.inject(page);
      expect(r.statusCode, page).toBe(200);
      expect(r.headers['x-frame-options'], page).toBe('SAMEORIGIN');
      const csp = String(r.headers['content-security-policy']);
      expect(csp, page).toContain("frame-ancestors 'self'");
      expect(csp, page).not.toContain('upgrade-insecure-requests');
      expect(r.headers['cross-origin-resource-policy'], page).toBe('same-origin');
      expect(r.body.match(/<script(?![^>]*\bsrc=)[^>]*>/g), page).toBeNull();
    }
    expect((await app.inject('/console')).headers.location).toBe('/console/');
  });

  it('the API keeps helmet defaults, and unknown URLs still get the JSON 404', async () => {
    const api = await app.inject('/v1/handoffs/queue');
    expect(api.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(api.headers['cross-origin-resource-policy']).toBe('same-origin');
    expect(String(api.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
    const missing = await app.inject('/no/such/page');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('web pages: the home page demo chat', () => {
  it('the first start makes a public widget key for our own pages, the home page gets it, and it works from our pages only', async () => {
    const t = await pgliteDatabase();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pages-key-'));
    try {
      const config = testConfig({ DATA_DIR: dir });
      const ctx = await createContext(config, { db: t.db });
      await firstRunAdminKey(config, ctx, pino({ level: 'silent' }));
      const key = readFileSync(path.join(dir, 'widget-key'), 'utf8').trim();
      expect(key).toMatch(/^kf_pub_/);
      const app = await buildApp(config, { ctx });
      try {
        expect((await app.inject('/pages-config.json')).json()).toEqual({ demoWidget: { knowledgeBase: 'demo', key } });
        const open = (headers: Record<string, string>) =>
          app.inject({ method: 'POST', url: '/v1/conversations', headers: { 'x-api-key': key, ...headers }, payload: { knowledgeBaseId: 'demo' } });
        expect((await open({ 'sec-fetch-site': 'same-origin' })).statusCode).toBe(404); // past auth: no demo KB in this database
        expect((await open({ origin: 'https://elsewhere.example.com', 'sec-fetch-site': 'cross-site' })).json().error.code).toBe('ORIGIN_NOT_ALLOWED');
      } finally {
        await app.close();
      }
    } finally {
      await t.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
