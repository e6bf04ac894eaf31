import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDatabase, type TestDatabase } from '../helpers/databases.js';
import { build, multipart } from '../helpers/build.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
type App = Awaited<ReturnType<typeof build>>['app'];

describe('HTTP hardening', () => {
  let t: TestDatabase;
  const apps: App[] = [];
  beforeAll(async () => {
    t = await pgliteDatabase();
  });
  afterAll(async () => {
    for (const a of apps) await a.close();
    await t?.cleanup();
  });
  const built: Array<Awaited<ReturnType<typeof build>>> = [];
  const app = async (env: Record<string, string> = {}) => {
    const b = await build(t, env);
    apps.push(b.app);
    built.push(b);
    return b.app;
  };

  describe('rate limits', () => {
    it('answers 429 RATE_LIMITED with Retry-After once a client spends its budget, per client', async () => {
      const a = await app({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
      for (let i = 0; i < 3; i++) {
        const ok = await a.inject({ url: '/v1/knowledge-bases' });
        expect(ok.statusCode).toBe(200);
        expect(ok.headers['x-ratelimit-remaining']).toBe(String(2 - i));
      }
      const limited = await a.inject({ url: '/v1/knowledge-bases' });
      expect(limited.statusCode).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 3, windowSeconds: 60 } });
      expect(limited.json().error.details.retryAfterSeconds).toBeGreaterThan(0);
      // Another API key has its own budget (an authenticated client is its key, not its IP);
      // health probes are never limited.
      const other = await built.at(-1)!.ctx.tenants.createKey('default', { name: 'other', role: 'admin' }, null);
      expect((await a.inject({ url: '/v1/knowledge-bases', headers: { 'x-api-key': other.key } })).statusCode).toBe(200);
      // Without a key the client is its IP, and a refused request still spends that IP's budget.
      for (let i = 0; i < 3; i++) expect((await a.inject({ url: '/v1/knowledge-bases', remoteAddress: '10.9.9.9', headers: { authorization: '' } })).statusCode).toBe(401);
      expect((await a.inject({ url: '/v1/knowledge-bases', remoteAddress: '10.9.9.9', headers: { authorization: '' } })).statusCode).toBe(429);
      expect((await a.inject({ url: '/healthz' })).statusCode).toBe(200);
      // The OpenAI-compatible route speaks OpenAI's error envelope, with the same code.
      const oai = await a.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'x', messages: [{ role: 'user', content: 'hi' }] } });
      expect(oai.statusCode).not.toBe(429); // chat has its own budget
    });

    it('each chat route has its own, smaller budget', async () => {
      const a = await app({ RATE_LIMIT_CHAT_MAX: '2', ESCALATION_ENABLED: 'false' });
      const kb = await a.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: `rl-${randomBytes(3).toString('hex')}` } });
      const conv = await a.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kb.json().id } });
      const send = () => a.inject({ method: 'POST', url: `/v1/conversations/${conv.json().id}/messages`, payload: { content: 'hello' } });
      expect((await send()).statusCode).toBe(200);
      expect((await send()).statusCode).toBe(200);
      const limited = await send();
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      const complete = () => a.inject({ method: 'POST', url: '/v1/chat/completions', payload: { model: 'x', messages: [{ role: 'user', content: 'hi' }] } });
      expect((await complete()).statusCode).toBe(404); // no such knowledge base, but counted
      await complete();
      const oai = await complete();
      expect(oai.statusCode).toBe(429);
      expect(oai.json().error).toMatchObject({ code: 'RATE_LIMITED', type: 'invalid_request_error' });
      expect(oai.headers['retry-after']).toBeDefined();
      // Other routes still answer.
      expect((await a.inject({ url: '/v1/knowledge-bases' })).statusCode).toBe(200);
    });

    it('unknown URLs are limited sooner (route guessing)', async () => {
      const a = await app({ RATE_LIMIT_NOT_FOUND_MAX: '2' });
      expect((await a.inject({ url: '/phpmyadmin' })).statusCode).toBe(404);
      expect((await a.inject({ url: '/.env' })).statusCode).toBe(404);
      const limited = await a.inject({ url: '/wp-login.php' });
      expect(limited.statusCode).toBe(429);
      expect(limited.json().error.code).toBe('RATE_LIMITED');
      expect((await a.inject({ url: '/v1/knowledge-bases' })).statusCode).toBe(200);
    });

    it('with REDIS_URL, instances share one budget per client', async () => {
      const env = { REDIS_URL, RATE_LIMIT_MAX: '4', RATE_LIMIT_REDIS_PREFIX: `test-rl-${randomBytes(4).toString('hex')}:` };
      const [a, b] = [await app(env), await app(env)];
      // One client (one API key) calling both instances.
      const headers = { 'x-api-key': built.at(-1)!.adminKey };
      for (const x of [a, b, a, b]) expect((await x.inject({ url: '/v1/knowledge-bases', headers })).statusCode).toBe(200);
      const limited = await b.inject({ url: '/v1/knowledge-bases', headers });
      expect(limited.statusCode).toBe(429);
      expect((await a.inject({ url: '/v1/knowledge-bases', headers })).statusCode).toBe(429);
    });

    it('an unreachable Redis lets requests through instead of failing them', async () => {
      const a = await app({ REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_MAX: '1' });
      for (let i = 0; i < 3; i++) expect((await a.inject({ url: '/v1/knowledge-bases' })).statusCode).toBe(200);
    });
  });

  describe('CORS', () => {
    const preflight = (a: App, origin: string) =>
      a.inject({
        method: 'OPTIONS',
        url: '/v1/conversations',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });

    it('allows the configured origins and no others', async () => {
      const a = await app({ CORS_ORIGINS: 'https://shop.example.com, https://m.shop.example.com' });
      const ok = await preflight(a, 'https://shop.example.com');
      expect(ok.statusCode).toBe(204);
      expect(ok.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      expect(String(ok.headers['access-control-allow-methods'])).toContain('POST');
      const denied = await preflight(a, 'https://evil.example.net');
      expect(denied.headers['access-control-allow-origin']).toBeUndefined();
      const get = await a.inject({ url: '/v1/knowledge-bases', headers: { origin: 'https://m.shop.example.com' } });
      expect(get.headers['access-control-allow-origin']).toBe('https://m.shop.example.com');
      expect(String(get.headers['access-control-expose-headers'])).toContain('retry-after');
    });

    it('allows no cross-origin call when none is configured, any with *', async () => {
      const none = await app();
      expect((await preflight(none, 'https://shop.example.com')).headers['access-control-allow-origin']).toBeUndefined();
      const any = await app({ CORS_ORIGINS: '*' });
      expect((await preflight(any, 'https://anything.example')).headers['access-control-allow-origin']).toBe('https://anything.example');
    });

    it('an SSE answer carries the CORS header too (the widget streams from another origin)', async () => {
      const a = await app({ CORS_ORIGINS: 'https://shop.example.com' });
      const kb = await a.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: `cors-${randomBytes(3).toString('hex')}` } });
      const conv = await a.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kb.json().id } });
      const res = await a.inject({
        method: 'POST',
        url: `/v1/conversations/${conv.json().id}/messages`,
        headers: { accept: 'text/event-stream', origin: 'https://shop.example.com' },
        payload: { content: 'hello' },
      });
      expect(res.headers['content-type']).toContain('text/event-stream');
      expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });
  });

  it('sets security headers on answers and errors', async () => {
    const a = await app();
    for (const res of [await a.inject({ url: '/v1/knowledge-bases' }), await a.inject({ url: '/v1/knowledge-bases/nope' })]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['strict-transport-security']).toContain('max-age=');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
    // The OpenAPI page still loads its scripts under the CSP: they are files, not inline.
    const docs = await a.inject({ url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toMatch(/<script>(?!\s*<\/script>)/);
  });

  describe('body and upload limits', () => {
    it('413 BODY_TOO_LARGE on an oversized JSON body, on every JSON route', async () => {
      const a = await app({ BODY_LIMIT_BYTES: '2048' });
      const big = JSON.stringify({ name: 'x'.repeat(4096) });
      for (const url of ['/v1/knowledge-bases', '/v1/conversations', '/v1/chat/completions', '/v1/knowledge-bases/any/search']) {
        const res = await a.inject({ method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: big });
        expect({ url, status: res.statusCode, code: res.json().error.code }).toEqual({ url, status: 413, code: 'BODY_TOO_LARGE' });
      }
    });

    it('413 on an upload over the per-file, per-request or file-count limit', async () => {
      const a = await app({ MAX_UPLOAD_BYTES: '4096', MAX_UPLOAD_REQUEST_BYTES: '10000', MAX_UPLOAD_FILES: '3' });
      const kb = (await a.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: `up-${randomBytes(3).toString('hex')}` } })).json().id;
      const up = (files: Parameters<typeof multipart>[0]) => {
        const m = multipart(files);
        return a.inject({ method: 'POST', url: `/v1/knowledge-bases/${kb}/documents`, ...m });
      };
      const doc = (i: number, size: number) => ({ name: `d${i}.md`, content: `# Doc ${i}\n\n${'word '.repeat(size / 5)}` });
      const oneBig = await up([doc(0, 5000)]);
      expect([oneBig.statusCode, oneBig.json().error.code]).toEqual([413, 'FILE_TOO_LARGE']);
      const tooMuch = await up([doc(1, 3500), doc(2, 3500), doc(3, 3500)]);
      expect([tooMuch.statusCode, tooMuch.json().error.code]).toEqual([413, 'UPLOAD_TOO_LARGE']);
      const tooMany = await up([doc(4, 100), doc(5, 100), doc(6, 100), doc(7, 100)]);
      expect([tooMany.statusCode, tooMany.json().error.code]).toEqual([413, 'TOO_MANY_FILES']);
      // Nothing of the refused uploads was stored; a fitting one still goes through.
      expect((await a.inject({ url: `/v1/knowledge-bases/${kb}/documents` })).json().total).toBe(0);
      expect((await up([doc(8, 1000), doc(9, 1000)])).statusCode).toBe(201);
    });
  });
});
