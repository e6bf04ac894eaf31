import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { EXAMPLES, SAMPLE_ENV, ingestSampleKb } from '../helpers/sample-kb.js';
import { evalsHelpers } from '../helpers/evals.js';
import { loadSuite } from '../../evals/suite-loader.js';

const FIXTURES = path.resolve(EXAMPLES, '../test/fixtures');

describe.each(databases)('QA API: cases from conversations on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];
  let ctx: Awaited<ReturnType<typeof build>>['ctx'];
  let h: ReturnType<typeof evalsHelpers>;

  beforeAll(async () => {
    t = await open();
    ({ app, ctx } = await build(t, { ...SAMPLE_ENV, EVAL_SUITES_DIRS: FIXTURES }));
    await ingestSampleKb(ctx, 'demo');
    h = evalsHelpers(app);
  });
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const chat = async (conversationId: string, content: string) => {
    const res = await app.inject({ method: 'POST', url: `/v1/conversations/${conversationId}/messages`, payload: { content } });
    expect(res.statusCode).toBe(200);
    return res.json();
  };
  const addCase = (body: Record<string, unknown>) => app.inject({ method: 'POST', url: '/v1/evals/cases', payload: body });
  const count = async (table: string) => Number((await t.db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n);

  it('turns real turns into cases of a suite on the live knowledge base, exports them, and runs them without touching live data', async () => {
    const conversation = (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } })).json();
    const first = await chat(conversation.id, 'LM-S12 支持 NFC 吗？');
    const second = await chat(conversation.id, '那它多少钱？');
    expect(['answer', 'faq']).toContain(second.kind);
    expect(second.citations.length).toBeGreaterThan(0);

    // A good follow-up answer, pinned as the expectation: history, language and cited sections come from the turn.
    const pinned = await addCase({ messageId: second.messageId, verdict: 'right' });
    expect(pinned.statusCode).toBe(201);
    expect(pinned.headers.location).toBe('/v1/evals/suites/demo-regressions');
    const kb = await ctx.knowledgeBases.find('demo');
    expect(pinned.json().suite).toEqual({ name: 'demo-regressions', cases: 1, knowledgeBase: kb!.id, created: true });
    const c = pinned.json().case;
    expect(c.id).toBe(`msg-${second.userMessageId}`);
    expect(c.lang).toBe('zh');
    expect(c.messages).toEqual([
      { role: 'user', content: 'LM-S12 支持 NFC 吗？' },
      { role: 'assistant', content: first.content },
      { role: 'user', content: '那它多少钱？' },
    ]);
    expect(c.expect.action).toBe('answer');
    expect(c.expect.answer).toBe(second.content);
    expect(c.expect.sources[0].path).toBe(second.citations[0].sourcePath);
    expect(c.meta).toMatchObject({ source: 'conversation', conversation_id: conversation.id, message_id: second.userMessageId, answer_message_id: second.messageId, verdict: 'right' });

    // The customer's first question, called wrong (the default): the bot answered, so it should have handed over.
    const wrong = await addCase({ messageId: first.userMessageId });
    expect(wrong.statusCode).toBe(201);
    expect(wrong.json().suite).toMatchObject({ cases: 2, created: false });
    expect(wrong.json().case).toMatchObject({ expect: { action: 'escalate' }, messages: [{ role: 'user', content: 'LM-S12 支持 NFC 吗？' }] });

    const again = await addCase({ messageId: first.userMessageId });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('EVAL_CASE_EXISTS');
    for (const messageId of ['00000000-0000-0000-0000-000000000000', 'nope']) {
      const missing = await addCase({ messageId });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('MESSAGE_NOT_FOUND');
    }
    const noSources = await addCase({ messageId: first.messageId, expect: { action: 'answer' }, id: 'x1' });
    expect(noSources.statusCode).toBe(422);
    expect(noSources.json().error).toMatchObject({ code: 'EXPECTATION_REQUIRED', details: { field: 'expect.sources' } });
    const configured = await addCase({ messageId: first.messageId, suite: 'tiny-sentiment', id: 'x2' });
    expect(configured.statusCode).toBe(409);
    expect(configured.json().error.code).toBe('SUITE_CONFLICT');

    // The export is a suite folder the CLI's loader reads.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exported-suite-'));
    try {
      fs.writeFileSync(path.join(dir, 'suite.yaml'), (await app.inject({ url: '/v1/evals/suites/demo-regressions?format=yaml' })).body);
      fs.writeFileSync(path.join(dir, 'cases.jsonl'), (await app.inject({ url: '/v1/evals/suites/demo-regressions?format=jsonl' })).body);
      const suite = loadSuite(dir);
      expect(suite).toMatchObject({ name: 'demo-regressions', kind: 'docs', knowledgeBase: kb!.id });
      expect(suite.cases.map((x) => x.id)).toEqual([c.id, wrong.json().case.id]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }

    // Run against the live knowledge base: answers by default, nothing written to conversations or handoffs.
    const before = { conversations: await count('conversations'), messages: await count('messages'), handoffs: await count('handoffs') };
    const started = await h.start({ suite: 'demo-regressions' });
    expect(started.statusCode).toBe(202);
    expect(started.json()).toMatchObject({ options: { answers: true, baseline: false }, progress: { total: 3 } });
    const run = await h.waitFor(started.json().id, ['succeeded']);
    const answerOf = (id: string) => run.results.items.find((r: { caseId: string; stage: string }) => r.caseId === id && r.stage === 'answer');
    expect(answerOf(c.id)).toMatchObject({ correct: true, got: { kind: second.kind } });
    // Still answered, so the case made from the wrong answer fails until the bot is fixed: a regression test.
    expect(answerOf(wrong.json().case.id)).toMatchObject({ correct: false, expected: { action: 'escalate' } });
    expect(run.metrics[0]).toMatchObject({ suite: 'demo-regressions', pipeline: 'ours', kind: 'docs' });
    expect(run.metrics[0].answers).toBeTruthy();
    expect({ conversations: await count('conversations'), messages: await count('messages'), handoffs: await count('handoffs') }).toEqual(before);
  });

  it('needs the expectation when the bot handed over, and pins a right escalation', async () => {
    const conversation = (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } })).json();
    const handedOver = await chat(conversation.id, '我要转人工');
    expect(handedOver.kind).toBe('handoff');
    const bare = await addCase({ messageId: handedOver.messageId, suite: 'handoffs' });
    expect(bare.statusCode).toBe(422);
    expect(bare.json().error.code).toBe('EXPECTATION_REQUIRED');
    const right = await addCase({ messageId: handedOver.messageId, suite: 'handoffs', verdict: 'right' });
    expect(right.statusCode).toBe(201);
    expect(right.json().case.expect).toEqual({ action: 'escalate' });
    const given = await addCase({
      messageId: handedOver.messageId, suite: 'handoffs', id: 'should-answer',
      expect: { sources: [{ path: 'zh/account-payment.md', heading: '联系客服' }] },
    });
    expect(given.statusCode).toBe(201);
    expect(given.json().case.expect).toEqual({ action: 'answer', sources: [{ path: 'zh/account-payment.md', heading: '联系客服' }] });
    const listed = (await app.inject({ url: '/v1/evals/suites' })).json().items;
    expect(listed).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'handoffs', origin: 'stored', createdBy: 'cases', cases: 2 })]));
    expect((await app.inject({ method: 'DELETE', url: '/v1/evals/suites/handoffs' })).statusCode).toBe(204);
    expect((await app.inject({ url: '/v1/evals/suites/handoffs' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'DELETE', url: '/v1/evals/suites/tiny-sentiment' })).statusCode).toBe(409);
  });
});
