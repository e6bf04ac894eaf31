import type { Message } from './conversation.js';

/**
 * What travels between service instances on the human side: an agent's stream gets
 * assignments and customer messages, a conversation's stream gets agent replies and status
 * changes. Defined once; the EventBus adapters, the SSE routes and the tests share it.
 */
export type HandoffEvent =
  | { type: 'assignment'; agentId: string; conversationId: string; handoffId: string; skill: string | null; urgency: number; accepted: boolean }
  | { type: 'unassigned'; agentId: string; conversationId: string; reason: string }
  | { type: 'customer_message'; conversationId: string; message: Pick<Message, 'id' | 'seq' | 'content'> }
  | { type: 'agent_message'; conversationId: string; agentId: string; message: Pick<Message, 'id' | 'seq' | 'content'> }
  | { type: 'status'; conversationId: string; status: string; agentId?: string | null };

export const agentTopic = (agentId: string) => `agent:${agentId}`;
export const conversationTopic = (conversationId: string) => `conversation:${conversationId}`;
