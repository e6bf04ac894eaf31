import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDatabase, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';

describe('rate limits per API key', () => {
  let t: TestDatabase;
  let b: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    t = await pgliteDatabase();
    b = await build(t, { RATE_LIMIT_MAX: '4', RATE_LIMIT_WIDGET_MAX: '2' });
  });
  afterAll(async () => {
    await b?.app.close();
    await t?.cleanup();
  });

  it('counts each key on its own budget, a widget key on the smaller one, whatever the IP', async () => {
    const origin = 'https://shop.example.com';
    const widget = (await b.ctx.tenants.createKey('default', { name: 'w', role: 'widget', allowedOrigins: [origin] }, null)).key;
    const other = (await b.ctx.tenants.createKey('default', { name: 'o', role: 'content' }, null)).key;
    const get = (key: string, remoteAddress: string, extra: Record<string, string> = {}) =>
      b.rawInject({ url: '/v1/conversations/00000000-0000-4000-8000-000000000000', remoteAddress, headers: { 'x-api-key': key, ...extra } });
    // A widget key: 2 per window, even from different addresses.
    expect((await get(widget, '10.0.0.1', { origin })).statusCode).toBe(404);
    expect((await get(widget, '10.0.0.2', { origin })).statusCode).toBe(404);
    const limited = await get(widget, '10.0.0.3', { origin });
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.details.limit).toBe(2);
    // A secret key from the same address has its own budget of 4.
    for (let i = 0; i < 4; i++) expect((await get(b.adminKey, '10.0.0.1')).statusCode).toBe(404);
    expect((await get(b.adminKey, '10.0.0.1')).statusCode).toBe(429);
    expect((await get(other, '10.0.0.1')).statusCode).toBe(403); // content may not read conversations; not limited
  });
});
