import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntentClassifier } from '../../src/adapters/intent/create-intent-classifier.js';
import { readIntentReply } from '../../src/adapters/intent/llm-intent-classifier.js';
import { PromptLibrary } from '../../src/adapters/prompts/prompt-library.js';
import { JiebaAnalyzer } from '../../src/adapters/text/jieba-analyzer.js';
import { loadSuite } from '../../evals/suite-loader.js';
import { runSuites } from '../../evals/run-suites.js';
import type { IntentSuiteReport } from '../../evals/run-intent-suite.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import type { ChatMessage } from '../fakes/fake-chat-script.js';
import { testConfig } from '../helpers/build.js';

const FIXTURE = path.resolve(import.meta.dirname, '../fixtures/intent-suite');
const text = (m: ChatMessage) => (typeof m.content === 'string' ? m.content : m.content.map((p) => p.text ?? '').join(''));
const promptOf = (fake: FakeOpenAIServer) => text((fake.requests.at(-1)!.body as { messages: ChatMessage[] }).messages[0]!);

/** A model that routes by a few words of the fenced message, and says none otherwise. */
function routeScript(messages: ChatMessage[]): string {
  const message = messages.map(text).join('\n').match(/<customer_message>\n([\s\S]*?)\n<\/customer_message>/)?.[1] ?? '';
  if (/GARBAGE/.test(message)) return 'That is about refunds, I think.';
  if (/teleport/.test(message)) return '{"skill": "teleportation", "confidence": 0.9}';
  if (/refund|退款|money back/i.test(message)) return '{"skill": "refund", "confidence": 0.92}';
  if (/package|parcel|快递|vanished/i.test(message)) return '```json\n{"skill": "delivery", "confidence": 0.8}\n```';
  if (/password|account|密码|登录/i.test(message)) return '{"skill": "account", "confidence": 0.85}';
  return '{"skill": "none", "confidence": 0.6}';
}

describe('intent routing by a configured chat model (fake OpenAI server, real LangChain client)', () => {
  let fake: FakeOpenAIServer;
  const env = () => ({ INTENT_CLASSIFIER: 'llm', INTENT_MODEL: 'route-fake', INTENT_PROMPT_EXEMPLARS: '2', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test', MODEL_MAX_RETRIES: '0' });
  const exemplars = loadSuite(FIXTURE).skills!;
  const analyzer = new JiebaAnalyzer();

  beforeAll(async () => {
    fake = await FakeOpenAIServer.start({ apiKey: 'sk-test' });
  });
  afterAll(() => fake?.close());

  it('routes by the model, shows it a few exemplars of every skill, and ranks the rest offline', async () => {
    fake.reset();
    fake.script = routeScript;
    const c = createIntentClassifier(testConfig(env()), new PromptLibrary(), analyzer, exemplars);
    expect(c.id).toBe('llm:openai:route-fake');
    const r = await c.classify('my parcel vanished from the doorstep');
    expect(r).toMatchObject({ skill: 'delivery', confidence: 0.8 });
    expect(r.ranking[0]).toEqual({ skill: 'delivery', score: 0.8 });
    expect(r.ranking.map((x) => x.skill).sort()).toEqual(['account', 'delivery', 'refund']);
    const prompt = promptOf(fake);
    expect(prompt).toContain("route a customer's message");
    for (const skill of ['refund', 'delivery', 'account']) {
      const line = prompt.split('\n').find((l) => l.startsWith(`- ${skill}: `))!;
      expect(line.split(' | ')).toHaveLength(2);
    }
    await c.classify('退款什么时候到');
    expect(promptOf(fake)).toContain('请把客户在客服对话中发来的消息分派给处理它的技能组');
  });

  it('says none for what no skill handles, and falls back to the exemplars on an unknown skill, garbage or an error', async () => {
    fake.reset();
    fake.script = routeScript;
    const c = createIntentClassifier(testConfig(env()), new PromptLibrary(), analyzer, exemplars);
    const none = await c.classify('what is the capital of australia');
    expect(none.skill).toBeNull();
    expect(none.ranking).toHaveLength(3);
    expect((await c.classify('please teleport my order')).classifier).toBe('exemplar:v1');
    expect((await c.classify('GARBAGE refund please')).classifier).toBe('exemplar:v1');
    fake.fail(500);
    const down = await c.classify('I want my money back for the order');
    expect(down).toMatchObject({ skill: 'refund', classifier: 'exemplar:v1' });
  });

  it('is what `npm run eval` scores when configured', async () => {
    fake.reset();
    fake.script = routeScript;
    const { reports } = await runSuites([loadSuite(FIXTURE)], { config: testConfig(env()) });
    const r = reports[0] as IntentSuiteReport;
    expect(r.pipeline).toBe('llm:openai:route-fake');
    // The scripted model catches both out-of-scope messages the exemplar classifier half-missed.
    expect(r.metrics).toMatchObject({ routing_accuracy: 1, oos_recall: 1 });
    expect(fake.requests.filter((q) => q.path === '/v1/chat/completions')).toHaveLength(8);
    // Cases in flight at once (EVAL_MODEL_CONCURRENCY) change nothing but the time taken.
    const one = (await runSuites([loadSuite(FIXTURE)], { config: testConfig({ ...env(), EVAL_MODEL_CONCURRENCY: '1' }) })).reports[0] as IntentSuiteReport;
    expect(one.metrics).toEqual(r.metrics);
    expect(one.failures).toEqual(r.failures);
  });

  it('reads the skill out of fences and prose and rejects other shapes', () => {
    expect(readIntentReply('```json\n{"skill": "refund", "confidence": "0.9"}\n```')).toEqual({ skill: 'refund', confidence: 0.9 });
    expect(readIntentReply('{"skill": "none"}')).toEqual({ skill: 'none', confidence: 0.7 });
    expect(readIntentReply('{"skill": ""}')).toBeUndefined();
    expect(readIntentReply('refund')).toBeUndefined();
  });

  it('is refused at start-up without a model', () => {
    expect(() => testConfig({ INTENT_CLASSIFIER: 'llm', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' })).toThrow(/INTENT_MODEL \(or CHAT_MODEL\)/);
    expect(testConfig().intent.classifier).toBe('exemplar');
  });
});
