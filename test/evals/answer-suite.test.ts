import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOurPipeline } from '../../evals/our-pipeline.js';
import { runAnswerSuite } from '../../evals/run-answer-suite.js';
import { loadSuite } from '../../evals/suite-loader.js';
import { createJudge } from '../../src/adapters/answering/create-answering.js';
import { PromptLibrary } from '../../src/adapters/prompts/prompt-library.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { testConfig } from '../helpers/build.js';
import { EXAMPLES, SAMPLE_ENV } from '../helpers/sample-kb.js';

/** A small docs suite over the sample shop, answered through the chat use case and scored. */
const CASES = [
  {
    id: 'a1', lang: 'zh', messages: [{ role: 'user', content: '退款多久能到账？' }],
    expect: { action: 'answer', sources: [{ path: 'zh/returns-warranty.md', heading: null }, { path: 'faq.csv', heading: null }],
      answer: '退款原路退回：支付宝、微信支付 1–2 个工作日，银行卡和信用卡 3–7 个工作日；花呗分期会退回花呗额度，未还的分期自动取消。' },
  },
  {
    id: 'a2', lang: 'en', messages: [{ role: 'user', content: 'Does the LM-A5 support NFC?' }],
    expect: { action: 'answer', sources: [{ path: 'en/products.md', heading: 'LM-A5' }, { path: 'faq-en.yaml', heading: null }], answer: 'No. The LM-A5 has no NFC.' },
  },
  { id: 'e1', lang: 'en', messages: [{ role: 'user', content: 'Can you recommend a good recipe for dumplings?' }], expect: { action: 'escalate' } },
  {
    id: 'm1', lang: 'zh',
    messages: [{ role: 'user', content: 'LM-S12 支持 NFC 吗？' }, { role: 'assistant', content: '支持。' }, { role: 'user', content: '那它多少钱？' }],
    expect: { action: 'answer', sources: [{ path: 'zh/products.md', heading: '在售手机一览' }, { path: 'en/products.md', heading: 'Phones on sale' }] },
  },
];

describe('answer scoring through the chat use case', () => {
  let dir: string;
  let fake: FakeOpenAIServer;
  beforeAll(async () => {
    fake = await FakeOpenAIServer.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'answer-suite-'));
    fs.writeFileSync(path.join(dir, 'suite.yaml'), `name: tiny-shop\nkind: docs\nlang: mixed\nknowledge:\n  - path: ${path.join(EXAMPLES, 'sample-kb')}\ncases: cases.jsonl\n`);
    fs.writeFileSync(path.join(dir, 'cases.jsonl'), CASES.map((c) => JSON.stringify({ ...c, meta: {} })).join('\n'));
  });
  afterAll(async () => {
    await fake?.close();
  });

  it('reports answer_f1, answer_judge, grounding, escalation and per-case records', async () => {
    const config = testConfig({ ...SAMPLE_ENV, EVAL_JUDGE_MODEL: 'judge-fake', OPENAI_BASE_URL: fake.baseUrl });
    const pipeline = await createOurPipeline({ ...config, database: { kind: 'pglite', dataDir: 'memory://' } });
    try {
      const suite = loadSuite(dir);
      const kb = await pipeline.prepare(suite.knowledge);
      const judge = createJudge(config, new PromptLibrary())!;
      const report = (await runAnswerSuite(suite, pipeline, kb, { judge }))!;
      const byId = Object.fromEntries(report.records.map((r) => [r.id, r]));
      expect(byId.a1).toMatchObject({ correct: true, escalated: false, judged: true });
      expect(byId.a1!.f1).toBeGreaterThan(0.9);
      expect(byId.a2!.correct).toBe(true);
      expect(byId.e1).toMatchObject({ escalated: true, kind: 'no_answer', correct: true });
      // The follow-up is answered from the price table once rewritten with the earlier topic.
      expect(byId.m1).toMatchObject({ correct: true });
      expect(byId.m1!.query).toContain('LM-S12');
      expect(report.escalation).toMatchObject({ tp: 1, fn: 0 });
      expect(report.answers.answer_judge).toBeGreaterThan(0);
      expect(report.answers.cases).toBe(3);
      expect(fake.requests.filter((r) => r.path === '/v1/chat/completions').length).toBe(2);
    } finally {
      await pipeline.close();
    }
  }, 120_000);
});
