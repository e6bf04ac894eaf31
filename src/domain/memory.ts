import type { Message, Turn } from './conversation.js';

/**
 * Conversation memory: the last `window` messages verbatim, everything older folded into a
 * rolling summary. Only finished turns count; a cancelled answer keeps its partial text in the
 * history for people, but is not fed back to the model as if it had been said.
 */
export function toTurn(m: Message): Turn | undefined {
  if (m.role === 'system') return undefined;
  if (m.role === 'assistant' && m.status !== 'complete') return undefined;
  return { role: m.role, content: m.content, query: m.query, kind: m.kind, metadata: m.metadata };
}

export function memoryOf(messages: Message[], window: number): { recent: Turn[]; toFold: Message[] } {
  const finished = messages.filter((m) => m.status === 'complete' || m.role === 'user');
  const recent = finished.slice(-window).map(toTurn).filter((t): t is Turn => !!t);
  const toFold = finished.slice(0, Math.max(0, finished.length - window));
  return { recent, toFold };
}

/** The offline summary: the customer's earlier questions, newest kept when it grows long. */
export function extractiveSummary(previousQuestions: string[], maxChars = 600): string {
  const kept: string[] = [];
  let size = 0;
  for (let i = previousQuestions.length - 1; i >= 0; i--) {
    const q = previousQuestions[i]!.replace(/\s+/g, ' ').trim().slice(0, 160);
    if (!q) continue;
    if (size + q.length > maxChars) break;
    kept.unshift(q);
    size += q.length + 2;
  }
  return kept.join('; ');
}

/**
 * Where a turn's history starts: everything not yet folded into the summary, and at least the
 * last `tail` messages (the window, the last questions, a run of weak answers for escalation).
 * Older messages are in the summary already, so a long conversation does not load all of its
 * rows on every turn. Stores that read history in SQL apply the same rule there.
 */
export function historyStartAt(c: { summaryThrough: number; messageCount: number }, tail: number): number {
  return Math.max(0, Math.min(c.summaryThrough, c.messageCount - tail));
}

const HISTORY_TAIL = 64;
/** The tail a turn reads: the window twice over, and never fewer than 64 messages. */
export const historyTail = (window: number) => Math.max(HISTORY_TAIL, 2 * window);
