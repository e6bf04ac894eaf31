import { describe, expect, it } from 'vitest';
import { DEFAULT_ROUTING, orderQueue, planAssignments, rankAgents, urgencyOf, type QueueItem, type RoutingAgent } from '../../src/domain/routing.js';
import { canTransition, nextStatus } from '../../src/domain/conversation-states.js';
import { timeInStatus } from '../../src/domain/agents.js';

const agent = (id: string, over: Partial<RoutingAgent> = {}): RoutingAgent => ({
  id, skills: {}, languages: ['zh'], maxConcurrent: 2, active: 0, online: true, lastAssignedAt: null, ...over,
});
const item = (id: string, over: Partial<QueueItem> = {}): QueueItem => ({ id, skill: 'refund', language: 'zh', urgency: 0.2, queuedAt: 0, ...over });

describe('routing', () => {
  it('prefers the skill, then the least loaded, then the higher level, then the one idle longest', () => {
    const agents = [
      agent('no-skill'),
      agent('expert-busy', { skills: { refund: 5 }, active: 1 }),
      agent('good', { skills: { refund: 3 } }),
      agent('good-recent', { skills: { refund: 3 }, lastAssignedAt: 5 }),
      agent('english', { skills: { refund: 5 }, languages: ['en'] }),
      agent('full', { skills: { refund: 5 }, active: 2 }),
      agent('offline', { skills: { refund: 5 }, online: false }),
    ];
    expect(rankAgents(item('c'), agents, 1000, DEFAULT_ROUTING).map((c) => c.agent.id)).toEqual(['good', 'good-recent', 'expert-busy']);
    // Past the mismatch delay an agent without the skill qualifies, last.
    expect(rankAgents(item('c'), agents, DEFAULT_ROUTING.mismatchAfterMs, DEFAULT_ROUTING).map((c) => c.agent.id).at(-1)).toBe('no-skill');
  });

  it('orders the queue by urgency plus waiting time, so nobody starves', () => {
    const calmOld = item('calm-old', { urgency: 0.1, queuedAt: 0 });
    const angryNew = item('angry-new', { urgency: 0.8, queuedAt: 200_000 });
    expect(orderQueue([calmOld, angryNew], 200_000, DEFAULT_ROUTING).map((i) => i.id)).toEqual(['angry-new', 'calm-old']);
    // A conversation that has waited 5 min longer than a newcomer goes first, however angry the newcomer.
    const angryLate = item('angry-late', { urgency: 1, queuedAt: 400_000 });
    expect(orderQueue([calmOld, angryLate], 400_000, DEFAULT_ROUTING).map((i) => i.id)).toEqual(['calm-old', 'angry-late']);
  });

  it('plans within capacity and keeps specialists for matching work before fallbacks', () => {
    const agents = [agent('refunds', { skills: { refund: 4 }, maxConcurrent: 1 }), agent('generalist', { skills: { orders: 3 }, maxConcurrent: 1 })];
    // The urgent billing item has waited long enough for any agent, but must not take the refund specialist from the refund item.
    const queue = [item('billing-urgent', { skill: 'billing', urgency: 1, queuedAt: 0 }), item('refund', { urgency: 0, queuedAt: 0 })];
    const plan = planAssignments(queue, agents, 120_000, DEFAULT_ROUTING);
    expect(plan).toEqual([
      { itemId: 'refund', agentId: 'refunds', mismatch: false },
      { itemId: 'billing-urgent', agentId: 'generalist', mismatch: true },
    ]);
    const crowd = Array.from({ length: 5 }, (_, i) => item(`r${i}`));
    expect(planAssignments(crowd, [agent('a', { skills: { refund: 2 }, maxConcurrent: 3 })], 0, DEFAULT_ROUTING)).toHaveLength(3);
  });

  it('derives urgency from recent emotions and the reason', () => {
    const s = (emotion: any, confidence = 0.9) => ({ sentiment: 'negative' as const, sentimentScore: -0.5, emotion, confidence, analyzer: 't' });
    expect(urgencyOf([])).toBe(0.1);
    expect(urgencyOf([s('happy'), s('angry')])).toBeGreaterThan(urgencyOf([s('angry'), s('happy')]));
    expect(urgencyOf([s('angry'), null, s('angry')], 'sensitive_intent')).toBe(1);
  });
});

describe('conversation states', () => {
  it('allows bot → queued → assigned → resolved and back to bot, and refuses the rest with codes', () => {
    expect(nextStatus('bot', 'handoff')).toBe('queued');
    expect(nextStatus('queued', 'assign')).toBe('assigned');
    expect(nextStatus('assigned', 'requeue')).toBe('queued');
    expect(nextStatus('assigned', 'resolve')).toBe('resolved');
    expect(nextStatus('resolved', 'return_to_bot')).toBe('bot');
    expect(canTransition('bot', 'resolve')).toBe(false);
    expect(() => nextStatus('closed', 'handoff')).toThrow(expect.objectContaining({ code: 'CONVERSATION_CLOSED' }));
    expect(() => nextStatus('bot', 'assign')).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
    expect(() => nextStatus('queued', 'resolve')).toThrow(expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }));
  });

  it('sums idle and busy time from status changes', () => {
    const at = (m: number) => new Date(m * 60_000);
    const t = timeInStatus([{ toStatus: 'offline', at: at(0) }, { toStatus: 'online', at: at(10) }, { toStatus: 'busy', at: at(40) }, { toStatus: 'online', at: at(45) }], at(60));
    expect(t).toEqual({ offline: 600_000, online: 45 * 60_000, busy: 5 * 60_000, away: 0 });
  });
});
