import type { AnswerKind, Citation, Conversation, Message, MessageSentiment, MessageStatus, Usage } from '../domain/conversation.js';
import type { KnowledgeBase } from '../domain/knowledge.js';
import type { Language } from './text-analyzer.js';

export interface NewConversation {
  kbId: string;
  channel: string;
  customerId?: string | null;
  language?: Language | null;
  metadata?: Record<string, unknown>;
  /** When it was opened (the service's clock); the database's clock when absent. */
  at?: Date;
}

export interface TurnStart {
  conversationId: string;
  content: string;
  language: Language;
  /** A turn started longer ago than this no longer blocks (its process died). */
  staleAfterMs: number;
  sentiment?: MessageSentiment | null;
  /** When the customer's message arrived (the service's clock); the database's clock when absent. */
  at?: Date;
}

export interface TurnFinish {
  messageId: string;
  conversationId: string;
  status: Exclude<MessageStatus, 'streaming'>;
  content: string;
  kind: AnswerKind | null;
  citations: Citation[];
  confidence: number | null;
  usage: Usage | null;
  timings: Record<string, number>;
  prompt: { id: string; version: number } | null;
  error?: { code: string; message: string } | null;
  metadata?: Record<string, unknown>;
  /** The stand-alone query retrieval ran with, stored on the user message. */
  userMessageId: string;
  query: string;
  /** When the answer was complete (the service's clock); the database's clock when absent. */
  at?: Date;
}

export interface ConversationStore {
  /** Also records the analytics event, in the same transaction. */
  create(input: NewConversation): Promise<Conversation>;
  get(id: string): Promise<Conversation | undefined>;
  /** One message by id, whatever its conversation (the QA API turns a message into an eval case). */
  getMessage(id: string): Promise<Message | undefined>;
  /**
   * `brief`: what answering a turn reads of the history, without each answer's citations, usage,
   * timings, prompt and error (empty or null), which are most of a long conversation's bytes.
   */
  messages(conversationId: string, opts?: { afterSeq?: number; limit?: number; brief?: boolean }): Promise<Message[]>;
  /**
   * What answering a turn reads first, in one round trip where the store can: the conversation,
   * its brief history from `historyStartAt` (what the summary does not hold yet, and at least the
   * last `tail` messages), and, where the store reaches it, its knowledge base.
   */
  turnContext(
    id: string,
    opts: { tail: number },
  ): Promise<{ conversation: Conversation; history: Message[]; knowledgeBase?: KnowledgeBase | null } | undefined>;
  /**
   * Atomically: refuses (CONVERSATION_BUSY) while another answer is being generated,
   * stores the user message and an empty assistant message marked 'streaming', and records the
   * customer message for analytics.
   */
  beginTurn(input: TurnStart): Promise<{ userMessage: Message; assistantMessage: Message }>;
  /** Completes (or cancels / fails) the assistant message and frees the conversation; a complete answer is recorded for analytics. */
  finishTurn(input: TurnFinish): Promise<Message>;
  /** Stores turns that happened elsewhere (an OpenAI-style request carries its whole history). */
  appendHistory(conversationId: string, turns: Array<{ role: 'user' | 'assistant'; content: string }>): Promise<void>;
  /** Folds older turns into the rolling summary. */
  saveSummary(conversationId: string, summary: string, through: number): Promise<void>;
}
