import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Worker } from 'node:worker_threads';
import { createChatModel } from '../../src/adapters/answering/create-answering.js';
import { LangChainAnswerer } from '../../src/adapters/answering/langchain-answerer.js';
import { ModelThreadAnswerer } from '../../src/adapters/answering/model-thread.js';
import { PromptLibrary } from '../../src/adapters/prompts/prompt-library.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { ModelUnavailable } from '../../src/domain/errors.js';
import type { AnswerChunk, AnswerRequest, Answerer } from '../../src/ports/answerer.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';

/**
 * Answers read on the model thread against the fake OpenAI server: the same chunks as the
 * main-thread answerer, aborts and early exits that stop the model's stream, model errors and a
 * dead thread turned into MODEL_UNAVAILABLE, and many answers at once each reaching its caller.
 */
const request = (question: string): AnswerRequest => ({
  question,
  query: question,
  language: 'en',
  passages: [
    { index: 1, type: 'chunk', id: 'c1', documentId: 'd1', sourcePath: 'nfc.md', title: 'NFC', headingPath: ['NFC'], content: `${question} The LM-S12 supports NFC payments. It also has Bluetooth 5.3.`, language: 'en', score: 1 },
  ],
  retrievalConfidence: 0.8,
  minConfidence: 0.3,
  tone: 'concise',
  history: [],
  summary: '',
});

async function collect(answerer: Answerer, req: AnswerRequest, signal = new AbortController().signal): Promise<AnswerChunk[]> {
  const out: AnswerChunk[] = [];
  for await (const c of answerer.answer(req, signal)) out.push(c);
  return out;
}
const textOf = (chunks: AnswerChunk[]) => chunks.map((c) => (c.type === 'delta' ? c.text : '')).join('');

describe('the model thread (CHAT_MODEL_THREAD)', () => {
  let fake: FakeOpenAIServer;
  let config: Config;
  let thread: ModelThreadAnswerer;

  beforeAll(async () => {
    fake = await FakeOpenAIServer.start({ apiKey: 'sk-test', tokenDelayMs: 5 });
    config = loadConfig({ ANSWERER: 'openai', CHAT_MODEL: 'gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test', MODEL_MAX_RETRIES: '0' });
    thread = new ModelThreadAnswerer(config, 'openai:gpt-fake');
  });
  afterAll(async () => {
    await thread?.close();
    await fake?.close();
  });
  beforeEach(() => fake.reset());

  it('yields the same deltas and final record as the answerer on the main thread', async () => {
    const main = new LangChainAnswerer(createChatModel(config), 'openai:gpt-fake', 'openai', new PromptLibrary());
    const req = request('Does the LM-S12 support NFC?');
    const [onThread, onMain] = [await collect(thread, req), await collect(main, req)];
    expect(textOf(onThread)).toBe(textOf(onMain));
    expect(textOf(onThread)).toContain('[1]');
    expect(textOf(onThread)).not.toContain('<<grounded');
    const final = onThread.at(-1)!;
    expect(final).toEqual(onMain.at(-1));
    expect(final).toMatchObject({ type: 'final', kind: 'answer', used: [1], grounding: 0.9 });
    // Streamed: more than one delta came across the thread.
    expect(onThread.filter((c) => c.type === 'delta').length).toBeGreaterThan(1);
  });

  it('stops the model stream when the turn is aborted, and ends without an error', async () => {
    fake.script = () => `${'word '.repeat(200)}[1] <<grounded:0.9>>`;
    const controller = new AbortController();
    const seen: AnswerChunk[] = [];
    for await (const c of thread.answer(request('long'), controller.signal)) {
      seen.push(c);
      if (seen.length === 2) controller.abort(new Error('client disconnected'));
    }
    expect(seen.length).toBeLessThan(20);
    await expect.poll(() => fake.abandonedStreams, { timeout: 5_000 }).toBe(1);
  });

  it('stops the model stream when the caller stops reading', async () => {
    fake.script = () => `${'word '.repeat(200)}[1] <<grounded:0.9>>`;
    for await (const c of thread.answer(request('long'), new AbortController().signal)) if (c.type === 'delta') break;
    await expect.poll(() => fake.abandonedStreams, { timeout: 5_000 }).toBe(1);
  });

  it('reports a failing model as ModelUnavailable, retryable on a 503', async () => {
    fake.fail(503);
    const err = await collect(thread, request('q')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect((err as ModelUnavailable).retryable).toBe(true);
    expect((err as Error).message).toMatch(/openai chat model failed/);
    fake.fail(400);
    const bad = await collect(thread, request('q')).catch((e: unknown) => e);
    expect((bad as ModelUnavailable).retryable).toBe(false);
  });

  it('keeps many answers apart: each caller gets its own text', async () => {
    const questions = Array.from({ length: 12 }, (_, i) => `Question number ${i}.`);
    const answers = await Promise.all(questions.map((q) => collect(thread, request(q))));
    answers.forEach((chunks, i) => expect(textOf(chunks)).toBe(`Question number ${i}. [1]`));
  });

  it('fails the answers in flight when the thread dies, then starts a new one', async () => {
    fake.script = () => `${'word '.repeat(100)}[1] <<grounded:0.9>>`;
    const pending = collect(thread, request('long')).catch((e: unknown) => e);
    await expect.poll(() => fake.requests.length).toBe(1);
    await (thread as unknown as { worker: Worker }).worker.terminate();
    const err = await pending;
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect((err as Error).message).toMatch(/model thread exited/);
    fake.reset();
    expect(textOf(await collect(thread, request('Back again.')))).toBe('Back again. [1]');
  });

  it('refuses answers once closed', async () => {
    const closing = new ModelThreadAnswerer(config, 'openai:gpt-fake');
    expect(textOf(await collect(closing, request('Hello there.')))).toBe('Hello there. [1]');
    await closing.close();
    await expect(collect(closing, request('x'))).rejects.toBeInstanceOf(ModelUnavailable);
  });
});
