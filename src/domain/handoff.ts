import type { AnswerKind, Conversation, Message, MessageSentiment } from './conversation.js';
import type { Actor } from './conversation-states.js';

/** Everything an agent needs to pick up a conversation without asking the customer again. */
export interface HandoffPacket {
  conversationId: string;
  reason: string;
  requestedBy: Actor;
  skill: string | null;
  language: string | null;
  urgency: number;
  /** The rolling summary of older turns, then the last messages in a line each. */
  summary: string;
  history: Array<{ seq: number; role: Message['role']; content: string; at: string }>;
  sentimentTrajectory: Array<{ seq: number } & MessageSentiment>;
  /** What the bot already tried: each answer with its kind, confidence and cited passages. */
  attempts: Array<{
    seq: number;
    question: string | null;
    answer: string;
    kind: AnswerKind | null;
    confidence: number | null;
    passages: Array<{ type: string; id: string; sourcePath: string; title: string | null; snippet: string; score: number }>;
  }>;
  contact: Record<string, unknown>;
  createdAt: string;
}

const SUMMARY_LAST_MESSAGES = 4;
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s);

export function buildHandoffPacket(input: {
  conversation: Conversation;
  messages: readonly Message[];
  reason: string;
  requestedBy: Actor;
  skill: string | null;
  urgency: number;
  contact: Record<string, unknown>;
  now: Date;
}): HandoffPacket {
  const { conversation, messages } = input;
  // Half-written or failed answers are noise for the agent; cancelled ones keep what was shown.
  const shown = messages.filter((m) => m.status !== 'streaming' && !(m.status === 'failed' && !m.content));
  const last = shown.slice(-SUMMARY_LAST_MESSAGES).map((m) => `${m.role}: ${clip(m.content.replace(/\s+/g, ' '), 200)}`);
  const summary = [conversation.summary.trim(), ...last].filter(Boolean).join('\n');
  const attempts: HandoffPacket['attempts'] = [];
  shown.forEach((m, i) => {
    if (m.role !== 'assistant') return;
    const question = [...shown.slice(0, i)].reverse().find((p) => p.role === 'user');
    attempts.push({
      seq: m.seq,
      question: question ? (question.query ?? question.content) : null,
      answer: m.content,
      kind: m.kind,
      confidence: m.confidence,
      passages: m.citations.map((c) => ({ type: c.type, id: c.id, sourcePath: c.sourcePath, title: c.title, snippet: c.snippet, score: c.score })),
    });
  });
  return {
    conversationId: conversation.id,
    reason: input.reason,
    requestedBy: input.requestedBy,
    skill: input.skill,
    language: conversation.language ?? shown.find((m) => m.role === 'user' && m.language)?.language ?? null,
    urgency: input.urgency,
    summary,
    history: shown.map((m) => ({ seq: m.seq, role: m.role, content: m.content, at: m.createdAt.toISOString() })),
    sentimentTrajectory: shown.filter((m) => m.role === 'user' && m.sentiment).map((m) => ({ seq: m.seq, ...m.sentiment! })),
    attempts,
    contact: input.contact,
    createdAt: input.now.toISOString(),
  };
}
