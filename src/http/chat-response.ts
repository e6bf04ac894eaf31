import type { ChatEvent } from '../domain/chat-events.js';
import { DomainError } from '../domain/errors.js';
import type { Citation } from '../domain/conversation.js';

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
  for (const e of events) {
    if (e.type === 'error') throw new TurnFailed(e.code, e.message);
    if (e.type === 'meta') meta = e;
    else if (e.type === 'delta') content += e.text;
    else if (e.type === 'citations') citations = e.citations;
    else if (e.type === 'done') done = e;
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
  };
}
