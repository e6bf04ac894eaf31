import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgliteDatabase, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { createJudge } from '../../src/adapters/answering/create-answering.js';
import { PromptLibrary } from '../../src/adapters/prompts/prompt-library.js';
import { loadConfig } from '../../src/config/config.js';

const PHONE = '13812345678';
const EMAIL = 'zhang.san@example.com';
const ID = '11010519491231002X';
const CARD = '6222021234567890128';
const RAW = [PHONE, EMAIL, ID, CARD];

/** What the model server received, every request's body as text. */
const received = (fake: FakeOpenAIServer) => fake.requests.map((r) => JSON.stringify(r.body)).join('\n');

describe('PII masking before text reaches an external model (fake OpenAI server)', () => {
  let t: TestDatabase;
  let fake: FakeOpenAIServer;
  const env = (mask: boolean) => ({
    ...SAMPLE_ENV,
    ANSWERER: 'openai',
    CHAT_MODEL: 'gpt-fake',
    EMBEDDING_PROVIDER: 'openai',
    EMBEDDING_MODEL: 'text-embedding-3-small',
    EMBEDDING_DIM: '64',
    OPENAI_BASE_URL: '',
    OPENAI_API_KEY: 'sk-test',
    MODEL_MAX_RETRIES: '0',
    ESCALATION_ENABLED: 'false',
    PII_MASK_MODEL_INPUT: String(mask),
  });

  beforeAll(async () => {
    fake = await FakeOpenAIServer.start({ apiKey: 'sk-test' });
    t = await pgliteDatabase();
  }, 120_000);
  afterAll(async () => {
    await t?.cleanup();
    await fake?.close();
  });

  async function conversation(mask: boolean, kbName: string) {
    const { app, ctx } = await build(t, { ...env(mask), OPENAI_BASE_URL: fake.baseUrl });
    await ingestSampleKb(ctx, kbName);
    const id = (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kbName } })).json().id;
    const say = (content: string) => app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content } });
    return { app, id, say };
  }

  it('with PII_MASK_MODEL_INPUT the model sees placeholders in the question, history and rewrite; the stored message is unchanged', async () => {
    const { app, id, say } = await conversation(true, 'masked');
    fake.reset();
    expect((await say(`我的手机是${PHONE}，邮箱 ${EMAIL}，LM-S12 支持 NFC 吗？`)).statusCode).toBe(200);
    // The follow-up goes through the rewriter with the first message in its history.
    expect((await say(`那它多少钱？身份证 ${ID}，退款到卡 ${CARD}`)).statusCode).toBe(200);

    const paths = new Set(fake.requests.map((r) => r.path));
    expect(paths).toEqual(new Set(['/v1/chat/completions', '/v1/embeddings']));
    const text = received(fake);
    for (const raw of RAW) expect(text).not.toContain(raw);
    for (const token of ['[PHONE]', '[EMAIL]', '[ID_NUMBER]', '[BANK_CARD]']) expect(text).toContain(token);
    // The rewriting prompt (history) and the answering prompt both carry the masked first message.
    const chats = fake.requests.filter((r) => r.path === '/v1/chat/completions').map((r) => JSON.stringify(r.body));
    expect(chats.filter((c) => c.includes('我的手机是[PHONE]，邮箱 [EMAIL]')).length).toBeGreaterThanOrEqual(2);
    // Passages are the company's own text and go as they are.
    expect(chats.some((c) => c.includes('<passage id=\\"1\\"'))).toBe(true);

    const stored = (await app.inject({ url: `/v1/conversations/${id}` })).json();
    const userTexts = stored.messages.filter((m: { role: string }) => m.role === 'user').map((m: { content: string }) => m.content).join('\n');
    for (const raw of RAW) expect(userTexts).toContain(raw);
    await app.close();
  });

  it('without the flag the same conversation reaches the model as typed', async () => {
    const { app, say } = await conversation(false, 'plain');
    fake.reset();
    expect((await say(`我的手机是${PHONE}，LM-S12 支持 NFC 吗？`)).statusCode).toBe(200);
    expect(received(fake)).toContain(PHONE);
    await app.close();
  });

  it('the eval judge masks what it sends too', async () => {
    const config = loadConfig({ ...env(true), OPENAI_BASE_URL: fake.baseUrl, EVAL_JUDGE_MODEL: 'gpt-judge' });
    const judge = createJudge(config, new PromptLibrary())!;
    fake.reset();
    await judge.judge({ question: `my card ${CARD} was charged twice`, reference: 'Refunds take 3 days.', answer: `Call ${PHONE}`, language: 'en' });
    const text = received(fake);
    expect(text).not.toContain(CARD);
    expect(text).not.toContain(PHONE);
    expect(text).toContain('[BANK_CARD]');
  });
});
