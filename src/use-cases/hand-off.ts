import { checkSkills } from '../domain/agents.js';
import type { Actor } from '../domain/conversation-states.js';
import { ConversationNotFound, InvalidInput } from '../domain/errors.js';
import { buildHandoffPacket } from '../domain/handoff.js';
import { conversationTopic } from '../domain/handoff-events.js';
import { urgencyOf } from '../domain/routing.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EventBus } from '../ports/event-bus.js';
import type { Handoff, HandoffStore, Ticket } from '../ports/handoff-store.js';
import type { DispatchQueue } from './dispatch-queue.js';
import { publishAll, type Clock, type HandoffSettings, type Log } from './handoff-settings.js';

export interface HandOffInput {
  /** Escalation reason code: customer_request, low_confidence, repeated_failure, negative_emotion, sensitive_intent, … */
  reason: string;
  actor: Actor;
  skill?: string;
  /** 0..1; computed from the customer's emotions when not given. */
  urgency?: number;
  /** How to reach the customer if nobody is online (merged over conversation metadata.contact). */
  contact?: Record<string, unknown>;
}

export interface HandOffResult {
  handoff: Handoff;
  /** assigned: an agent has it; queued: waiting for one; ticket: nobody online, a ticket was opened. */
  outcome: 'assigned' | 'queued' | 'ticket';
  agentId: string | null;
  ticket: Ticket | null;
  /** false when the conversation was already with humans (the widget button pressed twice). */
  created: boolean;
  /** What to tell the customer, in their language (prompts/handoff-<outcome>.*.md). */
  notice: { text: string; id: string; version: number };
}

export type RenderNotice = (
  outcome: HandOffResult['outcome'],
  language: 'zh' | 'en',
  vars: { agent?: string; ticket?: string },
) => { text: string; id: string; version: number };

/**
 * Hands a conversation from the bot to humans: bot → queued with its event, the handoff
 * packet stored, then one routing round. With no agent online a ticket (工单) with the
 * customer's contact is opened and the result says so, so the customer can be told.
 */
export function createHandOff(deps: {
  conversations: ConversationStore;
  handoffs: HandoffStore;
  dispatch: DispatchQueue;
  bus: EventBus;
  clock: Clock;
  settings: HandoffSettings;
  /** Display name of an agent, for the notice. */
  agentName: (agentId: string) => Promise<string | undefined>;
  renderNotice: RenderNotice;
  log?: Log;
}) {
  async function withNotice(r: Omit<HandOffResult, 'notice'>, language: 'zh' | 'en'): Promise<HandOffResult> {
    const vars =
      r.outcome === 'assigned'
        ? { agent: (r.agentId && (await deps.agentName(r.agentId))) || '' }
        : r.outcome === 'ticket'
          ? { ticket: r.ticket!.id.slice(0, 8).toUpperCase() }
          : {};
    return { ...r, notice: deps.renderNotice(r.outcome, language, vars) };
  }

  return async function handOff(conversationId: string, input: HandOffInput): Promise<HandOffResult> {
    if (!/^[a-z][a-z0-9_]{0,49}$/.test(input.reason))
      throw new InvalidInput('The escalation reason must be a code of lowercase letters, digits and _', { details: { field: 'reason' } });
    if (input.skill) checkSkills([input.skill], deps.settings.skills);
    if (input.urgency !== undefined && !(input.urgency >= 0 && input.urgency <= 1))
      throw new InvalidInput('Urgency must be between 0 and 1', { details: { field: 'urgency' } });
    const conversation = await deps.conversations.get(conversationId);
    if (!conversation) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
    const messages = await deps.conversations.messages(conversationId);
    const urgency = input.urgency ?? urgencyOf(messages.filter((m) => m.role === 'user').map((m) => m.sentiment), input.reason);
    const contactFromMetadata = conversation.metadata.contact;
    const contact = {
      ...(conversation.customerId ? { customerId: conversation.customerId } : {}),
      ...(contactFromMetadata && typeof contactFromMetadata === 'object' ? (contactFromMetadata as Record<string, unknown>) : {}),
      ...(input.contact ?? {}),
    };
    const now = deps.clock.now();
    const { handoff, created } = await deps.handoffs.open({
      conversationId,
      reason: input.reason,
      skill: input.skill ?? null,
      urgency,
      actor: input.actor,
      at: now,
      packet: () =>
        buildHandoffPacket({ conversation, messages, reason: input.reason, requestedBy: input.actor, skill: input.skill ?? null, urgency, contact, now }),
    });
    const language = (handoff.language ?? conversation.language ?? 'zh') === 'en' ? 'en' : 'zh';
    if (!created) {
      return withNotice({ handoff, outcome: handoff.status === 'assigned' ? 'assigned' : 'queued', agentId: handoff.agentId, ticket: null, created }, language);
    }
    await publishAll(deps.bus, [[conversationTopic(conversationId), { type: 'status', conversationId, status: 'queued' }]], deps.log);

    const made = await deps.dispatch();
    const mine = made.find((h) => h.id === handoff.id);
    if (mine) return withNotice({ handoff: mine, outcome: 'assigned', agentId: mine.agentId, ticket: null, created }, language);
    const current = (await deps.handoffs.current(conversationId)) ?? handoff;
    if (current.status === 'assigned') return withNotice({ handoff: current, outcome: 'assigned', agentId: current.agentId, ticket: null, created }, language);
    const { onlineAgents } = await deps.handoffs.routingState();
    if (onlineAgents > 0) return withNotice({ handoff: current, outcome: 'queued', agentId: null, ticket: null, created }, language);
    // Nobody online: the conversation stays queued (an agent coming online may still take it) and a ticket makes sure someone follows up.
    const ticket = await deps.handoffs.openTicket({ conversationId, handoffId: handoff.id, reason: input.reason, skill: input.skill ?? null, contact, at: now });
    return withNotice({ handoff: current, outcome: 'ticket', agentId: null, ticket, created }, language);
  };
}

export type HandOff = ReturnType<typeof createHandOff>;
