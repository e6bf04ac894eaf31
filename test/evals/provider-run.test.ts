import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../../evals/suite-loader.js';
import { runSuites, type RetrievalReport } from '../../evals/run-suites.js';
import type { ToneSuiteReport } from '../../evals/run-tone-suite.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { FakeOllamaServer } from '../fakes/fake-ollama-server.js';
import { testConfig } from '../helpers/build.js';
import { EXAMPLES } from '../helpers/sample-kb.js';

/**
 * `npm run eval` with a configured chat model: the same suites answered by it (ours and the
 * LangChain baseline alike), `answer_judge` graded by the configured judge model. The model is the
 * fake OpenAI server on a local port, so the real LangChain client speaks the real wire protocol.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'provider-run-'));
let fake: FakeOpenAIServer;
let ollama: FakeOllamaServer;
beforeAll(async () => {
  fake = await FakeOpenAIServer.start();
  ollama = await FakeOllamaServer.start();
});
afterAll(async () => {
  await fake?.close();
  await ollama?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function writeSuite(name: string, kind: string, cases: unknown[]) {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'suite.yaml'), `name: ${name}\nkind: ${kind}\nknowledge:\n  - path: ${path.join(EXAMPLES, 'sample-kb')}\ncases: cases.jsonl\n`);
  fs.writeFileSync(path.join(dir, 'cases.jsonl'), cases.map((c) => JSON.stringify({ meta: {}, ...(c as object) })).join('\n') + '\n');
  return loadSuite(dir);
}

const chatCalls = (model: string) =>
  fake.requests.filter((r) => r.path === '/v1/chat/completions' && (r.body as { model?: string }).model === model);

describe('eval runs through a configured chat model', () => {
  it('answers every suite with the configured model and grades with the configured judge', async () => {
    const docs = writeSuite('shop-docs', 'docs', [
      { id: 'd1', lang: 'zh', messages: [{ role: 'user', content: '退款多久能到账？' }],
        expect: { action: 'answer', sources: [{ path: 'zh/returns-warranty.md', heading: '退款说明' }], answer: '退款原路退回：支付宝、微信支付 1–2 个工作日，银行卡和信用卡 3–7 个工作日。' } },
      { id: 'd2', lang: 'en', messages: [{ role: 'user', content: 'Does the LM-A5 have NFC?' }],
        expect: { action: 'answer', sources: [{ path: 'en/products.md', heading: 'LM-A5' }], answer: 'No, the LM-A5 has no NFC.' } },
    ]);
    const tone = writeSuite('shop-tone', 'tone', [
      { id: 't1', lang: 'en', messages: [{ role: 'user', content: 'I am furious, my refund still has not arrived. How long do refunds take?' }], expect: { tone: 'calm-apologetic' } },
    ]);
    const config = {
      ...testConfig({ ANSWERER: 'openai', CHAT_MODEL: 'fake-chat', OPENAI_BASE_URL: fake.baseUrl, EVAL_JUDGE_MODEL: 'fake-judge' }),
      database: { kind: 'pglite' as const, dataDir: 'memory://' },
    };
    const { reports } = await runSuites([docs, tone], { config, answers: true, baseline: true });

    const answered = reports.filter((r): r is RetrievalReport => r.kind === 'docs');
    expect(answered.map((r) => r.pipeline)).toEqual(['ours', 'langchain-baseline']);
    for (const r of answered) {
      // Both pipelines' answers were graded by the judge model (the fake says CORRECT when the reference's words are in the answer).
      expect(r.answers!.answers.answer_judge).not.toBeNull();
      expect(r.answers!.records.every((x) => x.judged !== undefined)).toBe(true);
      expect(r.answers!.answers.answer_f1).toBeGreaterThan(0);
    }
    // Two docs cases answered by each pipeline, one tone case: five answers from the chat model,
    // plus any follow-up rewrites (none here: no history); four judgements (two per pipeline).
    expect(chatCalls('fake-chat').length).toBe(5);
    expect(chatCalls('fake-judge').length).toBe(4);
    const judged = chatCalls('fake-judge').map((r) => JSON.stringify(r.body));
    expect(judged.every((b) => /CORRECT/.test(b))).toBe(true);

    const t = reports.find((r): r is ToneSuiteReport => r.kind === 'tone')!;
    expect(t.answerer).toBe('openai:fake-chat');
    // The fake model quotes passage 1 with its citation marker; the local answerer never writes one.
    expect(t.records[0]!.text).toMatch(/\[1\]/);
    expect(t.records[0]!.chosen).toBe('calm-apologetic');
    // The tone's instructions went to the model in the system prompt.
    const toneCall = chatCalls('fake-chat').find((r) => JSON.stringify(r.body).includes('furious'))!;
    expect(JSON.stringify(toneCall.body)).toContain('The customer is angry');
  }, 480_000);

  it('does the same with an Ollama chat model and an Ollama judge', async () => {
    const docs = writeSuite('shop-docs-ollama', 'docs', [
      { id: 'o1', lang: 'en', messages: [{ role: 'user', content: 'Do you ship to Hong Kong?' }],
        expect: { action: 'answer', sources: [{ path: 'en/shipping.md', heading: 'Carrier and shipping fees' }], answer: 'Not yet. We deliver to mainland China only.' } },
    ]);
    const config = {
      ...testConfig({ ANSWERER: 'ollama', CHAT_MODEL: 'qwen-fake', OLLAMA_BASE_URL: ollama.http.url, EVAL_JUDGE_PROVIDER: 'ollama', EVAL_JUDGE_MODEL: 'judge-fake' }),
      database: { kind: 'pglite' as const, dataDir: 'memory://' },
    };
    const { reports } = await runSuites([docs], { config, answers: true });
    const calls = (model: string) => ollama.http.requests.filter((r) => r.path === '/api/chat' && (r.body as { model?: string }).model === model);
    expect(calls('qwen-fake').length).toBe(1);
    expect(calls('judge-fake').length).toBe(1);
    const r = reports[0] as RetrievalReport;
    expect(r.answers!.records[0]!.judged).toBeDefined();
    expect(r.answers!.answers.answer_judge).not.toBeNull();
  }, 480_000);
});
