import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmbedder } from '../../src/adapters/embedding/create-embedder.js';
import { JiebaAnalyzer } from '../../src/adapters/text/jieba-analyzer.js';
import { loadConfig, type Env } from '../../src/config/config.js';
import { EmbeddingMismatch, ModelUnavailable } from '../../src/domain/errors.js';
import { FakeOllamaServer } from '../fakes/fake-ollama-server.js';
import { closedPortUrl } from '../fakes/http-fake.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { failure } from '../helpers/failure.js';

/**
 * Remote embedders translate vendor failures at the boundary: callers see ModelUnavailable
 * (with `retryable` and the vendor error as `cause`) or EmbeddingMismatch, never an SDK type.
 */

const analyzer = new JiebaAnalyzer();
let openai: FakeOpenAIServer;
let ollama: FakeOllamaServer;

beforeAll(async () => {
  openai = await FakeOpenAIServer.start({ apiKey: 'sk-test' });
  ollama = await FakeOllamaServer.start({ dimension: 64 });
});
afterAll(async () => {
  await openai?.close();
  await ollama?.close();
});
beforeEach(() => {
  openai.reset();
  ollama.reset();
});

const openaiEmbedder = (env: Env = {}) =>
  createEmbedder(
    loadConfig({
      EMBEDDING_PROVIDER: 'openai',
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIM: '64',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseUrl,
      MODEL_MAX_RETRIES: '0',
      MODEL_TIMEOUT_MS: '2000',
      ...env,
    }),
    analyzer,
  );

const ollamaEmbedder = (env: Env = {}) =>
  createEmbedder(
    loadConfig({ EMBEDDING_PROVIDER: 'ollama', EMBEDDING_DIM: '64', OLLAMA_BASE_URL: ollama.baseUrl, MODEL_MAX_RETRIES: '0', ...env }),
    analyzer,
  );


describe('OpenAI embeddings over the wire', () => {
  it('sends the model, the key, base64 encoding and the configured dimensions', async () => {
    const embedder = await openaiEmbedder({ EMBEDDING_BATCH_SIZE: '2' });
    await embedder.embedDocuments(['退货', 'refund', '发票']);
    expect(openai.requests).toHaveLength(2);
    const [first] = openai.requests;
    expect(first).toMatchObject({ method: 'POST', path: '/v1/embeddings' });
    expect(first.headers.authorization).toBe('Bearer sk-test');
    expect(first.body).toMatchObject({ model: 'text-embedding-3-small', input: ['退货', 'refund'], encoding_format: 'base64', dimensions: 64 });
  });

  it('turns a 429 into a retryable ModelUnavailable that keeps the cause', async () => {
    openai.fail(429);
    const err = await failure((await openaiEmbedder()).embedQuery('物流查询'));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err).toMatchObject({ code: 'MODEL_UNAVAILABLE', provider: 'openai', retryable: true });
    expect((err.cause as { status?: number }).status).toBe(429);
  });

  it('turns a 500 into a retryable ModelUnavailable that keeps the cause', async () => {
    openai.fail(500);
    const err = await failure((await openaiEmbedder()).embedDocuments(['a', 'b']));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err).toMatchObject({ retryable: true });
    expect((err.cause as { status?: number }).status).toBe(500);
    expect(openai.requests).toHaveLength(1);
  });

  it('retries as configured, so one 503 is absorbed', async () => {
    openai.fail(503);
    const [v] = await (await openaiEmbedder({ MODEL_MAX_RETRIES: '1' })).embedDocuments(['快递到哪了']);
    expect(v).toHaveLength(64);
    expect(openai.requests).toHaveLength(2);
  });

  it('turns a 401 into a ModelUnavailable that is not retryable', async () => {
    const err = await failure((await openaiEmbedder({ OPENAI_API_KEY: 'sk-wrong' })).embedQuery('hi'));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err).toMatchObject({ retryable: false });
    expect((err.cause as { status?: number }).status).toBe(401);
  });

  it('refuses vectors of another size than EMBEDDING_DIM with EmbeddingMismatch', async () => {
    openai.forcedDimension = 63;
    const embedder = await openaiEmbedder();
    const err = await failure(embedder.embedDocuments(['退款']));
    expect(err).toBeInstanceOf(EmbeddingMismatch);
    expect(err.message).toMatch(/63-dimensional.*EMBEDDING_DIM is 64/);
    expect(await failure(embedder.embedQuery('退款'))).toBeInstanceOf(EmbeddingMismatch);
  });

  it('reports a closed port as a retryable ModelUnavailable with the connection error as cause', async () => {
    const err = await failure((await openaiEmbedder({ OPENAI_BASE_URL: `${await closedPortUrl()}/v1` })).embedQuery('hi'));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err).toMatchObject({ retryable: true });
    expect(err.cause).toBeInstanceOf(Error);
  });
});

describe('Ollama embeddings over the wire', () => {
  it('posts { model, input } to /api/embed', async () => {
    await (await ollamaEmbedder()).embedDocuments(['退货', 'refund']);
    expect(ollama.requests).toHaveLength(1);
    expect(ollama.requests[0]).toMatchObject({ path: '/api/embed', body: { model: 'nomic-embed-text', input: ['退货', 'refund'] } });
  });

  it('turns a 500 into a retryable ModelUnavailable that keeps the cause', async () => {
    ollama.fail(500);
    const err = await failure((await ollamaEmbedder()).embedQuery('退款'));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err).toMatchObject({ provider: 'ollama', retryable: true });
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('refuses vectors of another size than EMBEDDING_DIM with EmbeddingMismatch', async () => {
    ollama.forcedDimension = 65;
    expect(await failure((await ollamaEmbedder()).embedQuery('退款'))).toBeInstanceOf(EmbeddingMismatch);
  });

  it('reports a closed port as ModelUnavailable', async () => {
    const err = await failure((await ollamaEmbedder({ OLLAMA_BASE_URL: await closedPortUrl() })).embedQuery('hi'));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err.cause).toBeInstanceOf(Error);
  });
});
