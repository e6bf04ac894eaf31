import type { AnswerKind, Citation, Usage } from './conversation.js';
import { DomainError } from './errors.js';

/**
 * The one union of events a turn produces. The SSE route, the OpenAI-compatible route, the
 * JSON response and the tests all consume it, so their shapes cannot drift apart.
 */
export type ChatEvent =
  | { type: 'meta'; conversationId: string; messageId: string; userMessageId: string; query: string; rewritten: boolean; language: string }
  | { type: 'delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  /** The conversation goes to people: why, and what happened (queued, assigned, ticket). */
  | { type: 'handoff'; reason: string; status: string; detail?: string; [key: string]: unknown }
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
  | { type: 'error'; code: string; message: string }
  /** The conversation is with people: the message went to them and the bot stays quiet. */
  | { type: 'relayed'; conversationId: string; userMessageId: string; status: string; deliveredTo: string | null };

export type ChatEventType = ChatEvent['type'];


/** A failure that arrived as a stream event, re-raised for a non-streaming response. */
class TurnFailed extends DomainError {
  constructor(readonly code: string, message: string) {
    super(message);
  }
}

/** Folds a turn's events into the JSON body of a non-streaming answer. */
export function collectAnswer(events: ChatEvent[]) {
  let content = '';
  let citations: Citation[] = [];
  let meta: Extract<ChatEvent, { type: 'meta' }> | undefined;
  let done: Extract<ChatEvent, { type: 'done' }> | undefined;
  let handoff: Extract<ChatEvent, { type: 'handoff' }> | undefined;
  for (const e of events) {
    if (e.type === 'error') throw new TurnFailed(e.code, e.message);
    if (e.type === 'meta') meta = e;
    else if (e.type === 'delta') content += e.text;
    else if (e.type === 'citations') citations = e.citations;
    else if (e.type === 'done') done = e;
    else if (e.type === 'handoff') handoff = e;
  }
  if (!meta || !done) throw new TurnFailed('INTERNAL', 'The answer was not completed');
  return {
    conversationId: meta.conversationId,
    messageId: done.messageId,
    userMessageId: meta.userMessageId,
    query: meta.query,
    rewritten: meta.rewritten,
    language: meta.language,
    content,
    kind: done.kind,
    citations,
    confidence: done.confidence,
    usage: done.usage,
    latencyMs: done.latencyMs,
    timings: done.timings,
    prompt: done.prompt,
    handoff: handoff ? (({ type: _, ...rest }) => rest)(handoff) : null,
  };
}

/** The relay record when the message went to the people who have the conversation. */
export function relayedOf(events: ChatEvent[]) {
  const r = events.find((e): e is Extract<ChatEvent, { type: 'relayed' }> => e.type === 'relayed');
  return r ? (({ type: _, ...rest }) => rest)(r) : undefined;
}
