import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/adapters/db/database.js';
import { createContext } from '../../src/composition-root.js';
import { databases, type TestDatabase } from '../helpers/databases.js';
import { testConfig } from '../helpers/build.js';
import { buildHandoffApp, conversationWithHistory } from './handoff-helpers.js';

describe.each(databases)('human handoff on %s', (name, open) => {
  let t: TestDatabase;
  let h: Awaited<ReturnType<typeof buildHandoffApp>>;
  let kbId: string;

  beforeAll(async () => {
    t = await open();
    h = await buildHandoffApp(t.db);
    kbId = (await h.ctx.knowledgeBases.create({ name: 'shop' })).id;
  }, 120_000);
  afterAll(async () => {
    await h?.app.close();
    await h?.ctx.bus.close();
    await t?.cleanup();
  });

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    h.app.inject({ method, url, ...(payload === undefined ? {} : { payload: payload as object }) });
  const createAgent = async (body: Record<string, unknown>) => {
    const res = await inject('POST', '/v1/agents', { maxConcurrent: 2, languages: ['zh'], ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; name: string };
  };
  const setStatus = (id: string, status: string) => inject('PUT', `/v1/agents/${id}/status`, { status });
  // Each test routes among its own agents and conversations: earlier ones are closed and offline.
  const everyoneOffline = async () => {
    await t.db.pool.query(`UPDATE conversations SET status = 'closed' WHERE status IN ('queued', 'assigned')`);
    await t.db.pool.query(`UPDATE handoffs SET status = 'closed', closed_at = now() WHERE closed_at IS NULL`);
    await t.db.pool.query(`UPDATE agents SET active_count = 0`);
    for (const a of (await inject('GET', '/v1/agents')).json().agents) await setStatus(a.id, 'offline');
  };

  it('with nobody online: queued, a ticket with the contact, and the full packet for the agent', async () => {
    await everyoneOffline();
    const c = await conversationWithHistory(h.ctx, kbId);
    const res = await inject('POST', `/v1/conversations/${c.id}/handoff`, { contact: { email: 'li@example.com' } });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    expect(r.outcome).toBe('ticket');
    expect(r.status).toBe('queued');
    expect(r.ticket.contact).toEqual({ customerId: 'cust-1', phone: '13800000000', email: 'li@example.com' });
    expect(r.urgency).toBeGreaterThan(0.5); // the last message is angry
    expect(r.notice).toContain(`工单 ${r.ticket.id.slice(0, 8).toUpperCase()}`);

    const again = await inject('POST', `/v1/conversations/${c.id}/handoff`, {});
    expect([again.statusCode, again.json().handoffId]).toEqual([200, r.handoffId]);

    const packet = (await inject('GET', `/v1/conversations/${c.id}/handoff`)).json();
    expect(packet.status).toBe('queued');
    expect(packet.tickets).toHaveLength(1);
    const p = packet.packet;
    expect(p.reason).toBe('customer_request');
    expect(p.requestedBy).toEqual({ kind: 'customer' });
    expect(p.history.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(p.summary).toContain('我要投诉');
    expect(p.sentimentTrajectory.map((s: any) => s.emotion)).toEqual(['neutral', 'angry']);
    expect(p.attempts).toHaveLength(2);
    expect(p.attempts[1]).toMatchObject({ question: '已经两周了！太离谱了，我要投诉', kind: 'no_answer' });
    expect(p.attempts[0].passages[0]).toMatchObject({ sourcePath: 'zh/refund.md', snippet: expect.stringContaining('原路退回') });
    expect(p.language).toBe('zh');

    const conv = (await inject('GET', `/v1/conversations/${c.id}`)).json();
    expect(conv.status).toBe('queued');

    // The customer gives up waiting: back to the bot; cancelling twice is refused.
    const cancel = await inject('POST', `/v1/conversations/${c.id}/handoff/cancel`);
    expect([cancel.statusCode, cancel.json().status]).toEqual([200, 'returned']);
    expect((await h.ctx.conversations.get(c.id))!.status).toBe('bot');
    const again2 = await inject('POST', `/v1/conversations/${c.id}/handoff/cancel`);
    expect([again2.statusCode, again2.json().error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    const events = (await inject('GET', `/v1/conversations/${c.id}/events`)).json().events;
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: 'handoff', fromStatus: 'bot', toStatus: 'queued', actor: { kind: 'customer' }, reason: 'customer_request' });
    expect(events[1]).toMatchObject({ type: 'returned_to_bot', fromStatus: 'queued', toStatus: 'bot', actor: { kind: 'customer' }, reason: 'customer_cancelled' });
  });

  it('routes by skill and language to the least loaded agent; claim, reply, transfer, resolve, rate', async () => {
    await everyoneOffline();
    const billing = await createAgent({ name: '王芳', skills: { billing: 5, refund: 4 }, status: 'online' });
    const tech = await createAgent({ name: '李强', skills: { technical: 5 }, status: 'online' });
    const english = await createAgent({ name: 'Amy', skills: { refund: 5 }, languages: ['en'], status: 'online' });

    const c = await conversationWithHistory(h.ctx, kbId);
    const r = await h.ctx.handOff(c.id, { reason: 'negative_emotion', actor: { kind: 'bot' }, skill: 'refund' });
    // Amy has the higher refund level but does not speak Chinese.
    expect([r.outcome, r.agentId]).toEqual(['assigned', billing.id]);
    expect(r.notice.text).toBe('已为您转接人工客服王芳，请稍候，客服马上回复您。');
    expect(r.handoff.acceptedAt).toBeNull();
    expect((await h.ctx.conversations.get(c.id))!.status).toBe('assigned');

    const stranger = await inject('POST', `/v1/agents/${tech.id}/conversations/${c.id}/messages`, { content: '您好' });
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([403, 'NOT_ASSIGNED_AGENT']);
    const stolen = await inject('POST', `/v1/agents/${tech.id}/claim`, { conversationId: c.id });
    expect([stolen.statusCode, stolen.json().error.code]).toEqual([409, 'CONVERSATION_TAKEN']);

    const claim = await inject('POST', `/v1/agents/${billing.id}/claim`, { conversationId: c.id });
    expect(claim.statusCode, claim.body).toBe(200);
    expect(claim.json().acceptedAt).not.toBeNull();
    const reply = await inject('POST', `/v1/agents/${billing.id}/conversations/${c.id}/messages`, { content: '您好，我是王芳，马上为您查询退款。' });
    expect(reply.statusCode, reply.body).toBe(201);
    const history = (await inject('GET', `/v1/conversations/${c.id}`)).json();
    expect(history.messages.at(-1)).toMatchObject({ role: 'agent', seq: 5, content: '您好，我是王芳，马上为您查询退款。', metadata: { agentId: billing.id } });

    const badSkill = await inject('POST', `/v1/agents/${billing.id}/conversations/${c.id}/transfer`, { skill: 'astrology' });
    expect([badSkill.statusCode, badSkill.json().error.code]).toEqual([422, 'UNKNOWN_SKILL']);
    const transfer = await inject('POST', `/v1/agents/${billing.id}/conversations/${c.id}/transfer`, { skill: 'technical', note: 'app crash' });
    expect(transfer.statusCode, transfer.body).toBe(200);
    expect(transfer.json()).toMatchObject({ status: 'assigned', agentId: tech.id, skill: 'technical', requeueCount: 1 });

    const notYours = await inject('POST', `/v1/agents/${billing.id}/conversations/${c.id}/resolve`, {});
    expect([notYours.statusCode, notYours.json().error.code]).toEqual([403, 'NOT_ASSIGNED_AGENT']);
    const early = await inject('POST', `/v1/conversations/${c.id}/rating`, { score: 5 });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'RATING_NOT_ALLOWED']);
    const resolved = await inject('POST', `/v1/agents/${tech.id}/conversations/${c.id}/resolve`, { note: 'reinstalled the app' });
    expect([resolved.statusCode, resolved.json().status]).toEqual([200, 'resolved']);
    expect((await h.ctx.conversations.get(c.id))!.status).toBe('resolved');

    const badScore = await inject('POST', `/v1/conversations/${c.id}/rating`, { score: 6 });
    expect(badScore.statusCode).toBe(400);
    const rating = await inject('POST', `/v1/conversations/${c.id}/rating`, { score: 4, comment: '解决了，但等得有点久' });
    expect([rating.statusCode, rating.json().score]).toEqual([201, 4]);
    const twice = await inject('POST', `/v1/conversations/${c.id}/rating`, { score: 1 });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'RATING_NOT_ALLOWED']);

    const events = (await inject('GET', `/v1/conversations/${c.id}/events`)).json().events;
    expect(events.map((e: any) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['handoff', 'bot', 'queued'],
      ['assigned', 'queued', 'assigned'],
      ['accepted', 'assigned', 'assigned'],
      ['requeued', 'assigned', 'queued'],
      ['assigned', 'queued', 'assigned'],
      ['resolved', 'assigned', 'resolved'],
      ['rated', null, null],
    ]);
    expect(events[5].actor).toEqual({ kind: 'agent', id: tech.id });

    const agents = (await inject('GET', '/v1/agents')).json().agents;
    for (const a of agents) expect(a.activeCount).toBe(0);
    expect(english.id).toBeTruthy();
  });

  it('refuses bad input with codes', async () => {
    const unknownSkill = await inject('POST', '/v1/agents', { name: 'x', skills: { astrology: 3 } });
    expect([unknownSkill.statusCode, unknownSkill.json().error.code]).toEqual([422, 'UNKNOWN_SKILL']);
    const badLevel = await inject('POST', '/v1/agents', { name: 'x', skills: { billing: 6 } });
    expect(badLevel.statusCode).toBe(400);
    const missing = await setStatus('00000000-0000-0000-0000-000000000000', 'online');
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'AGENT_NOT_FOUND']);
    const badStatus = await inject('PUT', `/v1/agents/00000000-0000-0000-0000-000000000000/status`, { status: 'sleeping' });
    expect(badStatus.statusCode).toBe(400);

    const c = await h.ctx.conversations.create({ kbId, channel: 'web' });
    const badHandoffSkill = await inject('POST', `/v1/conversations/${c.id}/handoff`, { skill: 'astrology' });
    expect([badHandoffSkill.statusCode, badHandoffSkill.json().error.code]).toEqual([422, 'UNKNOWN_SKILL']);
    expect((await h.ctx.conversations.get(c.id))!.status).toBe('bot');
    const noHandoff = await inject('GET', `/v1/conversations/${c.id}/handoff`);
    expect([noHandoff.statusCode, noHandoff.json().error.code]).toEqual([404, 'HANDOFF_NOT_FOUND']);
    const notFound = await inject('POST', '/v1/conversations/00000000-0000-0000-0000-000000000000/handoff', {});
    expect([notFound.statusCode, notFound.json().error.code]).toEqual([404, 'CONVERSATION_NOT_FOUND']);

    await t.db.pool.query(`UPDATE conversations SET status = 'closed' WHERE id = $1`, [c.id]);
    const closed = await inject('POST', `/v1/conversations/${c.id}/handoff`, {});
    expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'CONVERSATION_CLOSED']);
    expect((await inject('GET', `/v1/conversations/${c.id}/events`)).json().events).toEqual([]);

    // An agent at capacity cannot take one more.
    await everyoneOffline();
    const solo = await createAgent({ name: 'solo', skills: { general: 3 }, maxConcurrent: 1, status: 'online' });
    const c1 = await h.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });
    const c2 = await h.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });
    expect((await h.ctx.handOff(c1.id, { reason: 'customer_request', actor: { kind: 'customer' }, skill: 'general' })).agentId).toBe(solo.id);
    const r2 = await h.ctx.handOff(c2.id, { reason: 'customer_request', actor: { kind: 'customer' }, skill: 'general' });
    expect(r2.outcome).toBe('queued');
    const over = await inject('POST', `/v1/agents/${solo.id}/claim`, { conversationId: c2.id });
    expect([over.statusCode, over.json().error.code]).toEqual([409, 'AGENT_AT_CAPACITY']);
    const shrink = await inject('PATCH', `/v1/agents/${solo.id}`, { maxConcurrent: 1, skills: { general: 3, billing: 2 } });
    expect(shrink.statusCode).toBe(200);
    const busyDelete = await inject('DELETE', `/v1/agents/${solo.id}`);
    expect([busyDelete.statusCode, busyDelete.json().error.code]).toEqual([409, 'AGENT_HAS_CONVERSATIONS']);
    const offline = await createAgent({ name: 'off', skills: { general: 3 } });
    const offClaim = await inject('POST', `/v1/agents/${offline.id}/claim`, { conversationId: c2.id });
    expect([offClaim.statusCode, offClaim.json().error.code]).toEqual([409, 'AGENT_NOT_AVAILABLE']);
    const bot = await h.ctx.conversations.create({ kbId, channel: 'web' });
    const notQueued = await inject('POST', `/v1/agents/${solo.id}/claim`, { conversationId: bot.id });
    expect([notQueued.statusCode, notQueued.json().error.code]).toEqual([409, 'ILLEGAL_TRANSITION']);
    // Resolving frees the slot and the queue moves on by itself.
    await h.ctx.claimConversation(solo.id, c1.id);
    await h.ctx.resolveConversation(solo.id, c1.id);
    expect((await h.ctx.handoffs.current(c2.id))!.agentId).toBe(solo.id);
  });

  it('re-queues an offer not accepted in time and gives it to the next agent', async () => {
    await everyoneOffline();
    const slow = await createAgent({ name: 'slow', skills: { orders: 3 }, status: 'online' });
    const c = await h.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });
    const r = await h.ctx.handOff(c.id, { reason: 'low_confidence', actor: { kind: 'bot' }, skill: 'orders' });
    expect(r.agentId).toBe(slow.id);
    const quick = await createAgent({ name: 'quick', skills: { orders: 2 }, status: 'online' });

    h.clock.advance(h.config.handoff.acceptTimeoutMs - 1000);
    expect((await h.ctx.requeueUnaccepted()).requeued).toEqual([]);
    h.clock.advance(2000);
    const sweep = await h.ctx.requeueUnaccepted();
    expect(sweep.requeued).toEqual([c.id]);
    const now = await h.ctx.handoffs.current(c.id);
    expect([now!.status, now!.agentId, now!.requeueCount]).toEqual(['assigned', quick.id, 1]);
    const slowNow = (await inject('GET', `/v1/agents/${slow.id}`)).json();
    expect([slowNow.status, slowNow.activeCount]).toEqual(['away', 0]);
    expect(slowNow.idleMs).toBe(h.config.handoff.acceptTimeoutMs + 1000);
    const types = (await h.ctx.handoffs.events(c.id)).map((e) => [e.type, e.reason ?? null]);
    expect(types).toEqual([['handoff', 'low_confidence'], ['assigned', null], ['requeued', 'accept_timeout'], ['assigned', null]]);
  });

  it('two agents claiming one conversation at once: exactly one wins; capacity holds under concurrent claims', async () => {
    await everyoneOffline();
    // On the server, a second pool stands in for a second service instance.
    let other: Database | undefined;
    let otherCtx: Awaited<ReturnType<typeof createContext>> | undefined;
    if (name === 'postgres') {
      other = await openDatabase({ kind: 'postgres', url: t.url!, searchPath: t.searchPath, poolMax: 4 });
      otherCtx = await createContext(testConfig(), { db: other, clock: h.clock });
    }
    try {
      const ctxs = [h.ctx, otherCtx ?? h.ctx];
      const agents = [];
      for (let i = 0; i < 6; i++) agents.push(await createAgent({ name: `racer ${i}`, skills: { general: 3 }, maxConcurrent: 5 }));
      for (const a of agents) await setStatus(a.id, 'online');
      // Queued without dispatch (nobody had the skill), so the claims race on a queued conversation.
      for (let round = 0; round < 3; round++) {
        const c = await h.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });
        await h.ctx.handoffs.open({
          conversationId: c.id, reason: 'customer_request', skill: 'general', urgency: 0.5, actor: { kind: 'customer' }, at: h.clock.now(),
          packet: () => ({}) as any,
        });
        const results = await Promise.allSettled(agents.map((a, i) => ctxs[i % 2]!.claimConversation(a.id, c.id)));
        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((r) => r.reason.code)).toEqual(Array(5).fill('CONVERSATION_TAKEN'));
        const winner = (won[0] as PromiseFulfilledResult<any>).value.agentId;
        const { rows } = await t.db.pool.query('SELECT sum(active_count)::int AS n FROM agents');
        expect(rows[0].n).toBe(round + 1);
        expect((await h.ctx.handoffs.current(c.id))!.agentId).toBe(winner);
      }

      // One agent with one free slot, many conversations claimed at once from both instances.
      const one = await createAgent({ name: 'one slot', skills: { general: 3 }, maxConcurrent: 2 });
      await setStatus(one.id, 'online');
      const convs = [];
      for (let i = 0; i < 6; i++) {
        const c = await h.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });
        await h.ctx.handoffs.open({ conversationId: c.id, reason: 'customer_request', skill: 'general', urgency: 0.5, actor: { kind: 'customer' }, at: h.clock.now(), packet: () => ({}) as any });
        convs.push(c);
      }
      const results = await Promise.allSettled(convs.map((c, i) => ctxs[i % 2]!.claimConversation(one.id, c.id)));
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(Array(4).fill('AGENT_AT_CAPACITY'));
      const { rows } = await t.db.pool.query('SELECT active_count FROM agents WHERE id = $1', [one.id]);
      expect(rows[0].active_count).toBe(2);

      // Concurrent dispatch rounds from both instances never over-assign either.
      const many = await createAgent({ name: 'dispatch target', skills: { general: 3 }, maxConcurrent: 3 });
      for (const a of [...agents, one]) await setStatus(a.id, 'offline');
      await setStatus(many.id, 'online'); // takes up to 3 of the 4 still queued
      const extra = [];
      for (let i = 0; i < 4; i++) {
        const c = await h.ctx.conversations.create({ kbId, channel: 'web', language: 'zh' });
        await h.ctx.handoffs.open({ conversationId: c.id, reason: 'customer_request', skill: 'general', urgency: 0.5, actor: { kind: 'customer' }, at: h.clock.now(), packet: () => ({}) as any });
        extra.push(c);
      }
      await Promise.all([h.ctx.dispatchQueue(), ctxs[1]!.dispatchQueue(), h.ctx.dispatchQueue()]);
      const { rows: m } = await t.db.pool.query('SELECT active_count FROM agents WHERE id = $1', [many.id]);
      expect(m[0].active_count).toBe(3);
      const { rows: assigned } = await t.db.pool.query(`SELECT count(*)::int AS n FROM handoffs WHERE agent_id = $1 AND status = 'assigned'`, [many.id]);
      expect(assigned[0].n).toBe(3);
    } finally {
      await otherCtx?.bus.close();
      await other?.close();
    }
  });
});
