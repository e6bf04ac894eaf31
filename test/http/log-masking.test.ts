import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDatabase, type TestDatabase } from '../helpers/databases.js';
import { testConfig, withAdminKey } from '../helpers/build.js';
import { buildApp } from '../../src/app.js';
import { createContext } from '../../src/composition-root.js';

/** The service's own logger (app.ts settings) writing into memory. */
describe('log masking', () => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof buildApp>>;
  const lines: string[] = [];
  beforeAll(async () => {
    t = await pgliteDatabase();
    const config = testConfig({ LOG_LEVEL: 'info' });
    const ctx = await createContext(config, { db: t.db });
    const logStream = new Writable({
      write(chunk, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    app = await buildApp(config, { ctx, logStream });
    await app.ready();
    await withAdminKey(app, ctx);
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });
  const logged = () => lines.join('\n');

  it('masks personal data in request URLs (searches and filters in the query string)', async () => {
    await app.inject({ url: '/v1/knowledge-bases/none/documents?q=13812345678&email=li.si%40example.com' });
    const request = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'incoming request' && l.req?.url?.includes('/documents'));
    expect(request.req.url).toBe('/v1/knowledge-bases/none/documents?q=138****5678&email=li.si%40example.com');
    expect(logged()).not.toContain('13812345678');
  });

  it('masks message text in fields, in the message and in errors; drops secrets', async () => {
    app.log.info(
      { content: '我的身份证是11010519491231002X，手机 13912345678', headers: { authorization: 'Bearer sk-secret' }, nested: { text: ['card 4111 1111 1111 1111'] } },
      'customer wrote zhang@example.com',
    );
    app.log.error({ err: new Error('model rejected "call +1 (415) 555-2671"') }, 'turn failed');
    const text = logged();
    for (const raw of ['11010519491231002X', '13912345678', 'sk-secret', '4111 1111 1111 1111', 'zhang@example.com', '555-2671']) expect(text).not.toContain(raw);
    const [info, error] = lines.slice(-2).map((l) => JSON.parse(l));
    expect(info.content).toBe('我的身份证是**************002X，手机 139****5678');
    expect(info.headers.authorization).toBe('[REDACTED]');
    expect(info.nested.text[0]).toBe('card ************1111');
    expect(info.msg).toBe('customer wrote z***@example.com');
    expect(error.err.message).toBe('model rejected "call *******2671"');
    expect(error.err.stack).not.toContain('555-2671');
  });
});
