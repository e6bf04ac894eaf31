import type { Language } from '../ports/text-analyzer.js';

export type ConversationStatus = 'bot' | 'queued' | 'assigned' | 'resolved' | 'closed';
export type MessageRole = 'user' | 'assistant' | 'agent' | 'system';
export type MessageStatus = 'streaming' | 'complete' | 'cancelled' | 'failed';
/** What an assistant turn turned out to be. */
export type AnswerKind = 'answer' | 'faq' | 'clarification' | 'no_answer' | 'handoff';

export interface Conversation {
  id: string;
  kbId: string;
  channel: string;
  customerId: string | null;
  language: Language | null;
  status: ConversationStatus;
  summary: string;
  summaryThrough: number;
  messageCount: number;
  metadata: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
}

export interface Citation {
  /** 1-based, as the answer text refers to it ([1], [2]). */
  index: number;
  type: 'chunk' | 'faq';
  id: string;
  documentId: string;
  sourcePath: string;
  title: string | null;
  headingPath: string[];
  snippet: string;
  score: number;
  /** FAQ entries: the id in the FAQ file. */
  externalId?: string;
}

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface Message {
  id: string;
  conversationId: string;
  seq: number;
  role: MessageRole;
  content: string;
  status: MessageStatus;
  language: Language | null;
  query: string | null;
  kind: AnswerKind | null;
  citations: Citation[];
  confidence: number | null;
  usage: Usage | null;
  timings: Record<string, number> | null;
  prompt: { id: string; version: number } | null;
  error: { code: string; message: string } | null;
  /** Customer messages: what the sentiment analyzer read in them. */
  sentiment: MessageSentiment | null;
  metadata: Record<string, unknown>;
  createdAt: Date;
  completedAt: Date | null;
}

export interface MessageSentiment {
  sentiment: 'negative' | 'neutral' | 'positive';
  sentimentScore: number;
  emotion: 'angry' | 'anxious' | 'sad' | 'happy' | 'surprised' | 'neutral';
  confidence: number;
  analyzer: string;
}

/** A turn as memory and the answerers see it. */
export interface Turn {
  role: 'user' | 'assistant' | 'agent';
  content: string;
  /** The stand-alone query of a user turn, when it was rewritten. */
  query?: string | null;
  kind?: AnswerKind | null;
  metadata?: Record<string, unknown>;
}
