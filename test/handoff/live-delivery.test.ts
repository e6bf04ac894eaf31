import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/database.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { buildHandoffApp } from './handoff-helpers.js';

interface Received {
  event: string;
  data: any;
}

/** Opens a GET event stream and collects events until `until` matches or the timeout. */
function listen(url: string) {
  const controller = new AbortController();
  const events: Received[] = [];
  const waiters: Array<{ match: (e: Received) => boolean; resolve: (e: Received) => void }> = [];
  const ready = (async () => {
    const res = await fetch(url, { headers: { accept: 'text/event-stream' }, signal: controller.signal });
    if (!res.ok) throw new Error(`stream ${res.status}`);
    return res;
  })();
  const pump = ready.then(async (res) => {
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = block.match(/^event: (.*)$/m)?.[1] ?? 'message';
          const data = block.match(/^data: (.*)$/m)?.[1];
          if (data === undefined) continue;
          const e = { event, data: JSON.parse(data) };
          events.push(e);
          for (const w of [...waiters]) if (w.match(e)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(e); }
        }
      }
    } catch {
      /* aborted */
    }
  });
  return {
    events,
    next(match: (e: Received) => boolean, timeoutMs = 10_000): Promise<Received> {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event; got ${JSON.stringify(events)}`)), timeoutMs);
        waiters.push({ match, resolve: (e) => { clearTimeout(timer); resolve(e); } });
      });
    },
    async close() {
      controller.abort();
      await pump.catch(() => undefined);
    },
  };
}

// The server twice: instances talking over LISTEN/NOTIFY, and over Redis pub/sub (REDIS_URL).
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const variants: Array<[string, () => Promise<TestDatabase>, Record<string, string>]> = [
  ...databases.map(([n, o]): [string, () => Promise<TestDatabase>, Record<string, string>] => [n, o, {}]),
  ['postgres+redis', databases.find(([n]) => n === 'postgres')![1], { REDIS_URL, REDIS_EVENTS_CHANNEL: `kefu:test:${process.pid}:${Date.now()}` }],
];

describe.each(variants)('live delivery on %s', (name, open, env) => {
  let t: TestDatabase;
  let a: Awaited<ReturnType<typeof buildHandoffApp>>;
  let b: Awaited<ReturnType<typeof buildHandoffApp>> | undefined;
  let second: Database | undefined;
  let baseA: string;
  let baseB: string;
  let kbId: string;

  beforeAll(async () => {
    t = await open();
    // Plain fetch over real ports; API keys are tested in test/tenancy.
    a = await buildHandoffApp(t.db, { ...env, AUTH_ENABLED: 'false' });
    baseA = await a.app.listen({ port: 0, host: '127.0.0.1' });
    // On the server a second instance with its own pool; PGlite is one process, so the "second" is the same.
    if (name.startsWith('postgres')) {
      second = await openDatabase({ kind: 'postgres', url: t.url!, searchPath: t.searchPath, poolMax: 4 });
      b = await buildHandoffApp(second, { ...env, AUTH_ENABLED: 'false' });
      baseB = await b.app.listen({ port: 0, host: '127.0.0.1' });
    } else baseB = baseA;
    kbId = (await a.ctx.knowledgeBases.create({ name: 'live' })).id;
  }, 120_000);
  afterAll(async () => {
    await b?.app.close();
    await b?.ctx.bus.close();
    await second?.close();
    await a?.app.close();
    await a?.ctx.bus.close();
    await t?.cleanup();
  });

  it('an assignment reaches the agent stream and the agent reply the customer stream, across instances', async () => {
    const agent = (await fetch(`${baseA}/v1/agents`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '客服小张', skills: { orders: 4 }, languages: ['zh'], status: 'online' }),
    }).then((r) => r.json())) as { id: string };
    const conversation = await a.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });

    // The agent's console is connected to instance B, the customer's widget to instance A.
    const agentStream = listen(`${baseB}/v1/agents/${agent.id}/stream`);
    const customerStream = listen(`${baseA}/v1/conversations/${conversation.id}/stream`);
    try {
      await agentStream.next((e) => e.event === 'ready');
      await customerStream.next((e) => e.event === 'status');

      const handoff = await fetch(`${baseA}/v1/conversations/${conversation.id}/handoff`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ skill: 'orders' }),
      }).then((r) => r.json() as Promise<any>);
      expect(handoff.outcome, JSON.stringify(handoff)).toBe('assigned');
      const assignment = await agentStream.next((e) => e.event === 'assignment');
      expect(assignment.data).toMatchObject({ agentId: agent.id, conversationId: conversation.id, skill: 'orders', accepted: false });
      await customerStream.next((e) => e.event === 'status' && e.data.status === 'assigned');

      const reply = await fetch(`${baseB}/v1/agents/${agent.id}/conversations/${conversation.id}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ content: '您好，我来帮您查订单。' }),
      });
      expect(reply.status).toBe(201);
      const message = await customerStream.next((e) => e.event === 'agent_message');
      expect(message.data).toMatchObject({ conversationId: conversation.id, agentId: agent.id, message: { content: '您好，我来帮您查订单。', seq: 1 } });

      // The customer writes back while with the agent: stored, no bot answer, on the agent's stream.
      const relayed = await a.ctx.relayCustomerMessage(conversation.id, '订单号 LM20260301');
      expect(relayed.deliveredTo).toBe(agent.id);
      const incoming = await agentStream.next((e) => e.event === 'customer_message');
      expect(incoming.data).toMatchObject({ conversationId: conversation.id, message: { content: '订单号 LM20260301', seq: 2 } });
      const history = await a.ctx.conversations.messages(conversation.id);
      expect(history.map((m) => m.role)).toEqual(['agent', 'user']);
      const bot = await a.ctx.conversations.create({ kbId, channel: 'web' });
      await expect(a.ctx.relayCustomerMessage(bot.id, 'hi')).rejects.toMatchObject({ code: 'ILLEGAL_TRANSITION' });
    } finally {
      await agentStream.close();
      await customerStream.close();
    }
  });

  it.runIf(name === 'postgres')('two buses on one server: a publish on one reaches subscribers of the other, and not other schemas', async () => {
    const got: unknown[] = [];
    const unsubscribe = await b!.ctx.bus.subscribe('agent:x', (e) => got.push(e));
    try {
      await a.ctx.bus.publish('agent:x', { type: 'unassigned', agentId: 'x', conversationId: 'c', reason: 'test' });
      await a.ctx.bus.publish('agent:y', { type: 'unassigned', agentId: 'y', conversationId: 'c', reason: 'test' });
      const long = 'é'.repeat(6000);
      await a.ctx.bus.publish('agent:x', { type: 'customer_message', conversationId: 'c', message: { id: 'm', seq: 1, content: long } });
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
      expect(got[0]).toEqual({ type: 'unassigned', agentId: 'x', conversationId: 'c', reason: 'test' });
      expect(got[1]).toMatchObject({ type: 'customer_message', message: { truncated: true } });
      expect(got).toHaveLength(2);
    } finally {
      unsubscribe();
    }
  });
});
