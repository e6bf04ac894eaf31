import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { build } from '../helpers/build.js';

describe.each(databases)('handoff routing stays inside a tenant on %s', (_name, open) => {
  let t: TestDatabase;
  let b: Awaited<ReturnType<typeof build>>;
  beforeAll(async () => {
    t = await open();
    b = await build(t, { HANDOFF_SWEEP_MS: '0' });
  }, 120_000);
  afterAll(async () => {
    await b?.app.close();
    await t?.cleanup();
  });

  it("a customer of one tenant is never offered to another tenant's online agent", async () => {
    const a = (await b.app.inject({ method: 'POST', url: '/v1/tenants', payload: { id: 'other-shop', name: 'Other' } })).json().adminKey.key;
    const asA = (opts: object) => b.rawInject({ ...opts, headers: { authorization: `Bearer ${a}` } });
    const agentA = (await asA({ method: 'POST', url: '/v1/agents', payload: { name: 'A agent', skills: { general: 3 }, languages: ['zh', 'en'], status: 'online' } })).json();
    expect(agentA.status).toBe('online');

    // The default tenant has nobody online: its customer waits or gets a ticket, never A's agent.
    const kb = (await b.app.inject({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'shop' } })).json();
    const conv = (await b.app.inject({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kb.id } })).json();
    const handoff = (await b.app.inject({ method: 'POST', url: `/v1/conversations/${conv.id}/handoff`, payload: { reason: 'customer_request' } })).json();
    expect(handoff.outcome).not.toBe('assigned');
    await b.ctx.forTenant('other-shop').requeueUnaccepted();
    await b.ctx.requeueUnaccepted();
    expect((await asA({ url: `/v1/agents/${agentA.id}/conversations` })).json().handoffs).toEqual([]);
    // A's agent cannot claim it either: the conversation does not exist in A.
    expect((await asA({ method: 'POST', url: `/v1/agents/${agentA.id}/claim`, payload: { conversationId: conv.id } })).statusCode).toBe(404);

    // A customer of A is assigned to A's agent at once.
    const kbA = (await asA({ method: 'POST', url: '/v1/knowledge-bases', payload: { name: 'shop' } })).json();
    const convA = (await asA({ method: 'POST', url: '/v1/conversations', payload: { knowledgeBaseId: kbA.id } })).json();
    const mine = (await asA({ method: 'POST', url: `/v1/conversations/${convA.id}/handoff`, payload: { reason: 'customer_request' } })).json();
    expect(mine).toMatchObject({ outcome: 'assigned', agentId: agentA.id });
  });
});
