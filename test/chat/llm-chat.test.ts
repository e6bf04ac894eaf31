import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDatabase, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { FakeOllamaServer } from '../fakes/fake-ollama-server.js';
import { readSse } from '../helpers/sse-client.js';

/**
 * The LLM answer path through the real LangChain clients against fake servers that speak the
 * OpenAI and Ollama wire protocols (streamed chunks included), over a real listening port.
 */
describe('chat through an OpenAI-compatible model', () => {
  let t: TestDatabase;
  let fake: FakeOpenAIServer;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let base: string;

  beforeAll(async () => {
    fake = await FakeOpenAIServer.start({ apiKey: 'sk-test', tokenDelayMs: 15 });
    t = await pgliteDatabase();
    let ctx;
    ({ app, ctx } = await build(t, {
      // Plain fetch over a real port; API keys are tested in test/tenancy.
      AUTH_ENABLED: 'false',
      ...SAMPLE_ENV,
      ANSWERER: 'openai',
      CHAT_MODEL: 'gpt-fake',
      OPENAI_BASE_URL: fake.baseUrl,
      OPENAI_API_KEY: 'sk-test',
      MODEL_MAX_RETRIES: '0',
      SSE_HEARTBEAT_MS: '200',
    }));
    await ingestSampleKb(ctx);
    await app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
    await fake?.close();
  });

  const open = async () => {
    const res = await fetch(`${base}/v1/conversations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ knowledgeBaseId: 'demo' }) });
    return ((await res.json()) as { id: string }).id;
  };

  it('answers from fenced passages, strips the grounding mark and keeps the usage the model reported', async () => {
    fake.reset();
    const id = await open();
    const res = await fetch(`${base}/v1/conversations/${id}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'LM-S12 支持 NFC 吗？' }),
    });
    expect(res.status).toBe(200);
    const a = (await res.json()) as any;
    expect(a.content).toMatch(/\[1\]$/);
    expect(a.content).not.toContain('grounded');
    expect(a.citations.map((c: any) => c.index)).toEqual([1]);
    expect(a.usage.promptTokens).toBeGreaterThan(100);
    expect(a.prompt).toEqual({ id: 'answer-user', version: 2 });
    const sent = fake.requests.find((r) => r.path === '/v1/chat/completions')!.body as any;
    expect(sent.model).toBe('gpt-fake');
    expect(sent.messages[0].role).toBe('system');
    expect(sent.messages[0].content).toContain('只能根据提供给你的参考资料');
    expect(sent.messages[1].content).toMatch(/<passage id="1" source="[^"<>]*LM-S12">/);
  });

  it('streams meta, deltas, citations and done over SSE', async () => {
    const id = await open();
    const events = await readSse(`${base}/v1/conversations/${id}/messages`, { content: 'How long does delivery take?' });
    const types = events.map((e) => e.event);
    expect(types[0]).toBe('meta');
    expect(types.filter((x) => x === 'delta').length).toBeGreaterThan(3);
    expect(types.slice(-2)).toEqual(['citations', 'done']);
    const text = events.filter((e) => e.event === 'delta').map((e) => e.data.text).join('');
    expect(text).not.toContain('<<');
    const done = events.at(-1)!.data;
    expect(done.confidence).toBeGreaterThan(0);
    expect(done.latencyMs).toBeGreaterThan(0);
  });

  it('stops generating when the client disconnects mid-stream and keeps the partial answer as cancelled', async () => {
    fake.reset();
    const id = await open();
    const controller = new AbortController();
    const partial = await readSse(`${base}/v1/conversations/${id}/messages`, { content: 'LM-X20 Pro 有什么功能？' }, { signal: controller.signal, stopAfter: (e) => e.event === 'delta' });
    controller.abort();
    expect(partial.some((e) => e.event === 'delta')).toBe(true);
    let messages: any[] = [];
    for (let i = 0; i < 100; i++) {
      messages = ((await (await fetch(`${base}/v1/conversations/${id}`)).json()) as any).messages;
      if (messages[1]?.status !== 'streaming') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(messages[1].status).toBe('cancelled');
    expect(messages[1].error.code).toBe('CLIENT_CLOSED');
    // The upstream model request was abandoned too: generation really stopped.
    await expect.poll(() => fake.abandonedStreams, { timeout: 5000 }).toBeGreaterThan(0);
    // And the conversation is free for the next message.
    const next = await fetch(`${base}/v1/conversations/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: '怎么查物流？' }) });
    expect(next.status).toBe(200);
  });

  it('reports a failing model as 503 MODEL_UNAVAILABLE and records the failed turn', async () => {
    fake.reset();
    const id = await open();
    fake.fail(500, 1);
    const res = await fetch(`${base}/v1/conversations/${id}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: '退款多久到账？' }) });
    expect(res.status).toBe(503);
    expect(((await res.json()) as any).error.code).toBe('MODEL_UNAVAILABLE');
    const messages = ((await (await fetch(`${base}/v1/conversations/${id}`)).json()) as any).messages;
    expect(messages.map((m: any) => m.status)).toEqual(['complete', 'failed']);
  });

  it('serves OpenAI clients: the official SDK, streaming and not, the model naming the knowledge base', async () => {
    fake.reset();
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain('demo');
    const completion = await client.chat.completions.create({
      model: 'demo',
      messages: [
        { role: 'user', content: 'LM-S12 支持 NFC 吗？' },
        { role: 'assistant', content: '支持。' },
        { role: 'user', content: '那它多少钱？' },
      ],
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toMatch(/\[1\]$/);
    expect(completion.usage!.total_tokens).toBeGreaterThan(0);
    const stream = await client.chat.completions.create({ model: 'demo', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: '怎么查物流？' }] });
    let text = '';
    let finish: string | null = null;
    let usage = 0;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      usage = chunk.usage?.total_tokens ?? usage;
    }
    expect(text.length).toBeGreaterThan(5);
    expect(finish).toBe('stop');
    expect(usage).toBeGreaterThan(0);
  });

  it('answers malformed OpenAI requests with 400 in OpenAI error shape', async () => {
    const client = new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', maxRetries: 0 });
    await expect(client.chat.completions.create({ model: 'demo', messages: [] })).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
    await expect(client.chat.completions.create({ model: 'no-such-kb', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 404, code: 'KB_NOT_FOUND' });
    const raw = await fetch(`${base}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": "demo", "messages": "hi"}' });
    expect(raw.status).toBe(400);
    expect(((await raw.json()) as any).error).toMatchObject({ type: 'invalid_request_error', param: null });
  });
});

describe('chat through Ollama', () => {
  it('answers through ChatOllama against the /api/chat NDJSON protocol', async () => {
    const fake = await FakeOllamaServer.start({ models: ['qwen-fake'] });
    const t = await pgliteDatabase();
    const { app, ctx } = await build(t, { ...SAMPLE_ENV, AUTH_ENABLED: 'false', ANSWERER: 'ollama', CHAT_MODEL: 'qwen-fake', OLLAMA_BASE_URL: fake.baseUrl, MODEL_MAX_RETRIES: '0' });
    try {
      await ingestSampleKb(ctx);
      const id = (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } })).json().id;
      const a = (await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: 'Can I pay in instalments?' } })).json();
      expect(a.content).toMatch(/\[1\]$/);
      expect(fake.requests.some((r) => r.path === '/api/chat' && (r.body as any).model === 'qwen-fake')).toBe(true);
    } finally {
      await app.close();
      await t.cleanup();
      await fake.close();
    }
  }, 120_000);
});

describe('admission limit', () => {
  it('refuses a new answer beyond CHAT_MAX_CONCURRENT_TURNS with 503 and Retry-After, and admits it again afterwards', async () => {
    const fake = await FakeOpenAIServer.start({ tokenDelayMs: 40 });
    const t = await pgliteDatabase();
    const { app, ctx } = await build(t, {
      // Plain fetch over a real port; API keys are tested in test/tenancy.
      AUTH_ENABLED: 'false',
      ...SAMPLE_ENV, ANSWERER: 'openai', CHAT_MODEL: 'gpt-fake', OPENAI_BASE_URL: fake.baseUrl, MODEL_MAX_RETRIES: '0', CHAT_MAX_CONCURRENT_TURNS: '1',
    });
    try {
      await ingestSampleKb(ctx);
      await app.listen({ port: 0, host: '127.0.0.1' });
      const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
      const open = async () => (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } })).json().id as string;
      const [a, b] = [await open(), await open()];
      const first = readSse(`${base}/v1/conversations/${a}/messages`, { content: 'LM-X20 Pro 有什么功能？' });
      await expect.poll(() => fake.requests.filter((r) => r.path === '/v1/chat/completions').length, { timeout: 10_000 }).toBeGreaterThan(0);
      const refused = await app.inject({ method: 'POST', url: `/v1/conversations/${b}/messages`, payload: { content: '怎么查物流？' } });
      expect(refused.statusCode).toBe(503);
      expect(refused.json().error.code).toBe('TOO_MANY_TURNS');
      expect(refused.headers['retry-after']).toBe('2');
      expect((await first).at(-1)!.event).toBe('done');
      const again = await app.inject({ method: 'POST', url: `/v1/conversations/${b}/messages`, payload: { content: '怎么查物流？' } });
      expect(again.statusCode).toBe(200);
      // The refused message was never stored.
      expect((await app.inject({ method: 'GET', url: `/v1/conversations/${b}` })).json().messages.filter((m: any) => m.role === 'user').length).toBe(1);
    } finally {
      await app.close();
      await t.cleanup();
      await fake.close();
    }
  }, 120_000);
});
