import type { Agent } from '../../../src/domain/agents.js';
import type { Message, ConversationStatus } from '../../../src/domain/conversation.js';
import type { Handoff } from '../../../src/ports/handoff-store.js';
import type { QueuedConversation } from '../../../src/ports/self-service-queries.js';
import type { Wire } from '../shared/wire.js';

export type AgentView = Wire<Agent>;
export type HandoffView = Wire<Handoff>;
export type QueueItemView = Wire<QueuedConversation> & { waitingSeconds: number };
export type MessageView = Wire<Message> & { createdAt: string };
export interface ConversationView {
  id: string;
  status: ConversationStatus;
  messages: MessageView[];
}
