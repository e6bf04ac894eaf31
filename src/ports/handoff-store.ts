import type { Actor } from '../domain/conversation-states.js';
import type { ConversationStatus, Message, MessageSentiment } from '../domain/conversation.js';
import type { HandoffPacket } from '../domain/handoff.js';
import type { QueueItem, RoutingAgent } from '../domain/routing.js';

export type HandoffStatus = 'queued' | 'assigned' | 'resolved' | 'returned' | 'closed';

export interface Handoff {
  id: string;
  conversationId: string;
  status: HandoffStatus;
  reason: string;
  skill: string | null;
  language: string | null;
  urgency: number;
  packet: HandoffPacket;
  agentId: string | null;
  queuedAt: Date;
  assignedAt: Date | null;
  acceptedAt: Date | null;
  closedAt: Date | null;
  requeueCount: number;
  csat: { score: number; comment: string | null; ratedAt: Date } | null;
}

export interface ConversationEvent {
  id: number;
  conversationId: string;
  type: string;
  fromStatus: ConversationStatus | null;
  toStatus: ConversationStatus | null;
  actor: Actor;
  reason: string | null;
  data: Record<string, unknown>;
  at: Date;
}

export interface Ticket {
  id: string;
  conversationId: string;
  handoffId: string | null;
  status: 'open' | 'done';
  reason: string;
  skill: string | null;
  contact: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The human side of conversations. Every method that changes a conversation's status does it
 * in one transaction with its conversation_events row, under row locks, so that several
 * service instances against one server behave as one.
 */
export interface HandoffStore {
  /** bot → queued (or the open handoff, unchanged, when there already is one). */
  open(input: {
    conversationId: string;
    reason: string;
    skill: string | null;
    urgency: number;
    actor: Actor;
    at: Date;
    packet: (status: ConversationStatus) => HandoffPacket;
  }): Promise<{ handoff: Handoff; created: boolean }>;
  current(conversationId: string): Promise<Handoff | undefined>;
  /** Queued conversations and agents who could take one, for a dispatch round. */
  routingState(): Promise<{ queue: QueueItem[]; agents: RoutingAgent[]; onlineAgents: number }>;
  /** queued → assigned to `agentId` if both are still free; null when another instance got there first. */
  assign(handoffId: string, agentId: string, at: Date): Promise<Handoff | null>;
  /** An agent takes a queued conversation or accepts one offered to them; exactly one of two concurrent claims wins. */
  claim(agentId: string, conversationId: string, at: Date): Promise<Handoff>;
  /** assigned → queued; frees the agent. `onlyUnaccepted` for the accept timeout. */
  requeue(input: { conversationId: string; fromAgentId?: string; skill?: string | null; reason: string; actor: Actor; at: Date; onlyUnaccepted?: boolean }): Promise<Handoff | null>;
  /** Hands an assigned conversation straight to another agent (who must accept it). */
  transferToAgent(input: { conversationId: string; fromAgentId: string; toAgentId: string; reason: string; at: Date }): Promise<Handoff>;
  /** assigned → resolved (by its agent) or → bot / closed. */
  finish(input: { conversationId: string; agentId?: string; action: 'resolve' | 'return_to_bot' | 'close'; reason: string; actor: Actor; at: Date }): Promise<Handoff>;
  /** Stores an agent's message; refused (403) unless the conversation is assigned to that agent. */
  agentReply(agentId: string, conversationId: string, content: string, at: Date): Promise<Message>;
  /** Stores a customer message while the conversation is with humans (queued or assigned); returns who should see it. */
  customerMessage(input: { conversationId: string; content: string; sentiment?: MessageSentiment | null; at: Date }): Promise<{ message: Message; agentId: string | null }>;
  rate(conversationId: string, score: number, comment: string | null, at: Date): Promise<Handoff>;
  /** Handoffs offered longer ago than `before` and not yet accepted. */
  unaccepted(before: Date): Promise<Array<{ conversationId: string; agentId: string }>>;
  openTicket(input: { conversationId: string; handoffId: string; reason: string; skill: string | null; contact: Record<string, unknown>; at: Date }): Promise<Ticket>;
  tickets(conversationId: string): Promise<Ticket[]>;
  events(conversationId: string): Promise<ConversationEvent[]>;
  assignedTo(agentId: string): Promise<Handoff[]>;
}
