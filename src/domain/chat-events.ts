import type { AnswerKind, Citation, Usage } from './conversation.js';

/**
 * The one union of events a turn produces. The SSE route, the OpenAI-compatible route, the
 * JSON response and the tests all consume it, so their shapes cannot drift apart.
 */
export type ChatEvent =
  | { type: 'meta'; conversationId: string; messageId: string; userMessageId: string; query: string; rewritten: boolean; language: string }
  | { type: 'delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | {
      type: 'done';
      messageId: string;
      kind: AnswerKind;
      confidence: number;
      usage: Usage;
      latencyMs: number;
      timings: Record<string, number>;
      prompt: { id: string; version: number } | null;
    }
  | { type: 'error'; code: string; message: string };

export type ChatEventType = ChatEvent['type'];
