import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';

/** Inputs the fuzzer (test/fuzz) found answered with 500, now clear 4xx on both databases. */
describe.each(databases)('malformed input on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let kb: string;
  beforeAll(async () => {
    t = await open();
    ({ app } = await build(t));
    kb = (await app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'm' } })).json().id;
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  it('a NUL character in a JSON string or key is 400 INVALID_ENCODING, nothing stored', async () => {
    for (const payload of ['{"name":"a","description":"\\u0000"}', '{"name":"b","settings":{"k\\u0000":1}}', '{"name":"c","settings":{"k":"\\ud800"}}']) {
      const res = await app.inject({ method: 'POST', url: '/v1/knowledge-bases', headers: { 'content-type': 'application/json' }, payload });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'INVALID_ENCODING']);
    }
    expect((await app.inject({ url: '/v1/knowledge-bases' })).json().items.map((k: { name: string }) => k.name)).toEqual(['m']);
  });

  it('a %00 in the path or query is 400 INVALID_ENCODING, on any method (CORS preflight included)', async () => {
    for (const [method, url] of [['GET', '/v1/knowledge-bases/a%00b'], ['GET', `/v1/knowledge-bases/${kb}/documents?q=x%00`], ['GET', '/v1/conversations/%00'], ['OPTIONS', '/%F3%AD%A1%B4%00%04'], ['GET', '/docs/%00']] as const) {
      const res = await app.inject({ method, url });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 400, 'INVALID_ENCODING']);
    }
  });

  it('a truncated multipart upload is 400 INVALID_INPUT, not 500', async () => {
    const b = 'xBoundary';
    const payload = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="a.md"\r\nContent-Type: text/markdown\r\n\r\n# A\nbody`;
    const res = await app.inject({ method: 'POST', url: `/v1/knowledge-bases/${kb}/documents`, headers: { 'content-type': `multipart/form-data; boundary=${b}` }, payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_INPUT', details: { reason: 'malformed_multipart' } });
    expect((await app.inject({ url: `/v1/knowledge-bases/${kb}/documents` })).json().total).toBe(0);
  });
  it('a multipart body with an empty boundary is 400 on every upload route (the fuzzer found a 500 on /v1/evals)', async () => {
    const headers = { 'content-type': 'multipart/form-data; boundary=' };
    const payload = '{"answers":false,"suite":"x"}';
    for (const url of ['/v1/evals', `/v1/knowledge-bases/${kb}/documents`]) {
      const res = await app.inject({ method: 'POST', url, headers, payload });
      expect([url, res.statusCode, res.json().error.code]).toEqual([url, 400, 'INVALID_INPUT']);
    }
    expect((await app.inject({ url: '/v1/evals' })).json().total).toBe(0);
  });
});
