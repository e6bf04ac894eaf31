import type { ConversationStatus } from './conversation.js';
import { ConversationClosed, IllegalTransition } from './errors.js';

/** What can happen to a conversation on the human side. */
export type ConversationAction = 'handoff' | 'assign' | 'requeue' | 'resolve' | 'return_to_bot' | 'close';

export type ActorKind = 'bot' | 'customer' | 'agent' | 'system';
export interface Actor {
  kind: ActorKind;
  id?: string;
}

/**
 * The one table of legal moves. bot → queued → assigned → resolved/closed, and back to bot:
 * a queued customer may give up waiting, an agent may hand a conversation back, and a
 * resolved conversation returns to the bot when the customer writes again.
 */
const TRANSITIONS: Record<ConversationAction, Partial<Record<ConversationStatus, ConversationStatus>>> = {
  // A resolved conversation may be handed off again: the customer came back with a new problem.
  handoff: { bot: 'queued', resolved: 'queued' },
  assign: { queued: 'assigned' },
  // Transfer, an agent who did not accept in time, an agent going offline.
  requeue: { assigned: 'queued', queued: 'queued' },
  resolve: { assigned: 'resolved' },
  return_to_bot: { queued: 'bot', assigned: 'bot', resolved: 'bot' },
  close: { bot: 'closed', queued: 'closed', assigned: 'closed', resolved: 'closed' },
};

export function canTransition(from: ConversationStatus, action: ConversationAction): boolean {
  return TRANSITIONS[action][from] !== undefined;
}

/** The status after `action`, or a 409 error saying why the move is refused. */
export function nextStatus(from: ConversationStatus, action: ConversationAction): ConversationStatus {
  const to = TRANSITIONS[action][from];
  if (to) return to;
  if (from === 'closed') throw new ConversationClosed(`The conversation is closed: ${action} is not possible`, { details: { from, action } });
  throw new IllegalTransition(`A conversation in status '${from}' cannot ${action.replace(/_/g, ' ')}`, { details: { from, action } });
}
