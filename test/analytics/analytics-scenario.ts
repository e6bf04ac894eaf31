import { expect } from 'vitest';
import type { AnswerKind } from '../../src/domain/conversation.js';
import type { buildHandoffApp } from '../handoff/handoff-helpers.js';

type App = Awaited<ReturnType<typeof buildHandoffApp>>;

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const minute = (m: number) => new Date(T0 + m * 60_000);

/**
 * One morning of a shop's service, driven through the HTTP API and the real use cases with a
 * clock the test moves. The expected figures in analytics-api.test.ts are worked out by hand from
 * this timeline (minutes after 09:00 UTC):
 *
 *  agents  A 张三 (售后组, refund)   offline 0–6, online 6–14, busy 14–50, online 50–58, busy 58–
 *          B 李四 (售后组, refund/orders)  offline 0–15, online 15–46, away 46–
 *          C Amy (team set by PATCH: English, orders)  offline 0–24, online 24–47, offline 47–
 *  conv1   web/shop  open 1; bot .85 at 2, no_answer .05 "退款多久到账？" at 3; handoff low_confidence/refund at 4
 *          (nobody online: ticket); A online at 6 gets it (waited 120 s); customer 7; A replies 8, 9, 10.5;
 *          customer 10; A resolves 12; rated 5 at 13
 *  conv2   app/shop  open 20; "转人工" at 21 → dispatched to B at once; customer 22; B replies 23;
 *          B transfers to C at 25; C accepts 26 (B's claim at 27 refused); customer 30; C resolves 33; rated 2 at 34
 *  conv3   web/shop  open 40; clarification .35 at 41, no_answer .08 "发票抬头能改吗" at 42
 *  (a report at 35 folds conv1 and conv2 into the rollups; the rest is folded in incrementally)
 *  conv4   web/shop  open 45, nothing else
 *  conv5   web/other open 50; no_answer 0 "退款多久到账" at 51; handoff negative_emotion/orders at 52 (A online
 *          but without the skill: stays queued); A claims 55 (waited 180 s); A replies 56 (nothing to answer);
 *          A hands it back to the bot 57
 *  conv6   app/shop  open 60; handoff at 61 (nobody online: ticket); the customer cancels at 63
 *  now     70
 */
export async function playScenario(h: App) {
  const { app, ctx, clock } = h;
  const at = (m: number) => clock.advance(minute(m).getTime() - clock.now().getTime());
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object, status?: number) => {
    const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    if (status) expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    else expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  const agentStatus = (id: string, status: string) => call('PUT', `/v1/agents/${id}/status`, { status });
  const open = async (kb: string, channel: string) => (await call('POST', '/v1/conversations', { knowledgeBaseId: kb, channel, language: 'zh' })).id as string;
  // A bot turn with a chosen confidence, through the same store calls the chat turn makes.
  const botTurn = async (conversationId: string, question: string, kind: AnswerKind, confidence: number) => {
    const { userMessage, assistantMessage } = await ctx.conversations.beginTurn({ conversationId, content: question, language: 'zh', staleAfterMs: 60_000, at: clock.now() });
    await ctx.conversations.finishTurn({
      messageId: assistantMessage.id, conversationId, userMessageId: userMessage.id, query: question, status: 'complete', content: '…',
      kind, citations: [], confidence, usage: null, timings: {}, prompt: null, at: clock.now(),
    });
  };
  const customerSays = (conversationId: string, content: string) => call('POST', `/v1/conversations/${conversationId}/messages`, { content });
  const reply = (agent: string, conversationId: string, content: string) => call('POST', `/v1/agents/${agent}/conversations/${conversationId}/messages`, { content }, 201);

  await ctx.knowledgeBases.create({ name: 'shop' });
  const other = await ctx.knowledgeBases.create({ name: 'other' });

  at(0);
  const A = (await call('POST', '/v1/agents', { name: '张三', team: '售后组', skills: { refund: 5 } }, 201)).id as string;
  const B = (await call('POST', '/v1/agents', { name: '李四', team: '售后组', skills: { refund: 3, orders: 4 } }, 201)).id as string;
  const C = (await call('POST', '/v1/agents', { name: 'Amy', skills: { orders: 5 } }, 201)).id as string;
  expect((await call('PATCH', `/v1/agents/${C}`, { team: 'English' })).team).toBe('English');

  at(1);
  const conv1 = await open('shop', 'web');
  at(2);
  await botTurn(conv1, 'LM-X20 多少钱', 'answer', 0.85);
  at(3);
  await botTurn(conv1, '退款多久到账？', 'no_answer', 0.05);
  at(4);
  expect((await call('POST', `/v1/conversations/${conv1}/handoff`, { reason: 'low_confidence', skill: 'refund' }, 201)).outcome).toBe('ticket');
  at(6);
  await agentStatus(A, 'online');
  expect((await ctx.handoffs.current(conv1))!.agentId).toBe(A);
  at(7);
  expect((await customerSays(conv1, '我的订单退款还没到')).relayed).toBe(true);
  at(8);
  await reply(A, conv1, '您好，我来帮您查一下');
  at(9);
  await reply(A, conv1, '请提供订单号');
  at(10);
  await customerSays(conv1, '订单号 20260302001');
  clock.advance(30_000);
  await reply(A, conv1, '已为您加急处理');
  at(12);
  await call('POST', `/v1/agents/${A}/conversations/${conv1}/resolve`, {});
  at(13);
  await call('POST', `/v1/conversations/${conv1}/rating`, { score: 5 });

  at(14);
  await agentStatus(A, 'busy');
  at(15);
  await agentStatus(B, 'online');
  at(20);
  const conv2 = await open('shop', 'app');
  at(21);
  const handed = await call('POST', `/v1/conversations/${conv2}/messages`, { content: '转人工' });
  expect(handed.handoff).toMatchObject({ reason: 'customer_request', status: 'assigned', agentId: B });
  at(22);
  await customerSays(conv2, '我要改收货地址');
  at(23);
  await reply(B, conv2, '好的，请稍等');
  at(24);
  await agentStatus(C, 'online');
  at(25);
  await call('POST', `/v1/agents/${B}/conversations/${conv2}/transfer`, { toAgentId: C });
  at(26);
  await call('POST', `/v1/agents/${C}/claim`, { conversationId: conv2 });
  at(27);
  // Refused: the claim's transaction rolls back with its analytics event.
  await call('POST', `/v1/agents/${B}/claim`, { conversationId: conv2 }, 409);
  at(30);
  await customerSays(conv2, '还在吗？');
  at(33);
  await call('POST', `/v1/agents/${C}/conversations/${conv2}/resolve`, {});
  at(34);
  await call('POST', `/v1/conversations/${conv2}/rating`, { score: 2 });

  at(35);
  const sofar = await call('GET', `/v1/analytics/conversations?from=${minute(0).toISOString()}&to=${minute(120).toISOString()}`);
  expect(sofar.totals).toMatchObject({ conversations: 2, handledByHumans: 2, ratings: 2 });

  at(40);
  const conv3 = await open('shop', 'web');
  at(41);
  await botTurn(conv3, '怎么开发票', 'clarification', 0.35);
  at(42);
  await botTurn(conv3, '发票抬头能改吗', 'no_answer', 0.08);
  at(45);
  const conv4 = await open('shop', 'web');

  at(46);
  await agentStatus(B, 'away');
  at(47);
  await agentStatus(C, 'offline');
  at(50);
  await agentStatus(A, 'online');
  const conv5 = await open(other.id, 'web');
  at(51);
  await botTurn(conv5, '退款多久到账', 'no_answer', 0);
  at(52);
  expect((await call('POST', `/v1/conversations/${conv5}/handoff`, { reason: 'negative_emotion', skill: 'orders' }, 201)).outcome).toBe('queued');
  at(55);
  await call('POST', `/v1/agents/${A}/claim`, { conversationId: conv5 });
  at(56);
  await reply(A, conv5, '您好');
  at(57);
  await call('POST', `/v1/agents/${A}/conversations/${conv5}/resolve`, { toBot: true });

  at(58);
  await agentStatus(A, 'busy');
  at(60);
  const conv6 = await open('shop', 'app');
  at(61);
  expect((await call('POST', `/v1/conversations/${conv6}/handoff`, {}, 201)).outcome).toBe('ticket');
  at(63);
  await call('POST', `/v1/conversations/${conv6}/handoff/cancel`);
  at(70);

  return { A, B, C, kbOther: other.id, conversations: [conv1, conv2, conv3, conv4, conv5, conv6] };
}
