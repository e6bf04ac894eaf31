import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';
import { EXAMPLES, ingestSampleKb, SAMPLE_ENV } from '../helpers/sample-kb.js';

/** Escalation in the chat turn reaches the human side: routed by skill, then messages go to the agent. */
describe.each(databases)('chat turn hands off to agents on %s', (_name, open) => {
  let t: TestDatabase;
  let app: Awaited<ReturnType<typeof build>>['app'];

  beforeAll(async () => {
    t = await open();
    let ctx;
    ({ app, ctx } = await build(t, { ...SAMPLE_ENV, SKILLS_FILE: path.join(EXAMPLES, 'skills.jsonl') }));
    await ingestSampleKb(ctx);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await t?.cleanup();
  });

  const agent = async (name: string, skills: Record<string, number>) => {
    const a = await app.inject({ method: 'POST', url: '/v1/agents', payload: { name, skills, languages: ['zh', 'en'], maxConcurrent: 2, status: 'online' } });
    expect(a.statusCode).toBe(201);
    return a.json().id as string;
  };

  it('routes a customer who asks for a person to the agent with the matching skill, then relays their messages', async () => {
    const billing = await agent('账单组 小王', { billing: 4 });
    const refunds = await agent('售后组 小李', { refund: 5 });
    const id = (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo' } })).json().id;
    const first = (await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: '我买的手机不想要了，可以七天无理由退货吗？' } })).json();
    expect(['answer', 'faq']).toContain(first.kind);
    expect(first.handoff).toBeNull();
    const a = (await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: '转人工' } })).json();
    expect(a.kind).toBe('handoff');
    expect(a.handoff).toMatchObject({ reason: 'customer_request', skill: 'refund', status: 'assigned', agentId: refunds });
    expect(a.handoff.agentId).not.toBe(billing);
    expect(a.handoff.notice).toEqual(expect.any(String));

    const relayed = await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: '订单号 20251125001' } });
    expect(relayed.statusCode).toBe(202);
    expect(relayed.json()).toMatchObject({ relayed: true, deliveredTo: refunds });
    const conversation = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}` })).json();
    expect(conversation.status).toBe('assigned');
    // The bot stayed quiet: no assistant message after the handoff reply.
    expect(conversation.messages.at(-1)).toMatchObject({ role: 'user', content: '订单号 20251125001' });
    const packet = (await app.inject({ method: 'GET', url: `/v1/conversations/${id}/handoff` })).json();
    expect(JSON.stringify(packet)).toContain('七天无理由退货');
  });

  it('hands off after a low-confidence answer with the reason', async () => {
    const id = (await app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: 'demo', language: 'en' } })).json().id;
    const a = (await app.inject({ method: 'POST', url: `/v1/conversations/${id}/messages`, payload: { content: 'Do you repair washing machines at home?' } })).json();
    expect(a.kind).toBe('no_answer');
    expect(a.handoff).toMatchObject({ reason: 'low_confidence' });
    expect(['assigned', 'queued', 'ticket']).toContain(a.handoff.status);
  });
});
