import { randomUUID } from 'node:crypto';
import { historyStartAt } from '../../domain/memory.js';
import type { Conversation, Message } from '../../domain/conversation.js';
import { ConversationBusy, ConversationNotFound } from '../../domain/errors.js';
import type { ConversationStore, NewConversation, TurnFinish, TurnStart } from '../../ports/conversation-store.js';

/**
 * Conversations held in process memory only. The QA API answers eval cases through the chat use
 * case on a live knowledge base; keeping those throwaway conversations here means a 10k-case run
 * writes nothing into the service's conversation history (nor its dashboards) and pages no agent.
 */
export class MemoryConversationStore implements ConversationStore {
  private readonly conversations = new Map<string, Conversation & { activeTurn: string | null }>();
  private readonly messagesOf = new Map<string, Message[]>();

  async create(input: NewConversation): Promise<Conversation> {
    const now = new Date();
    const c = {
      id: randomUUID(), kbId: input.kbId, channel: input.channel, customerId: input.customerId ?? null, language: input.language ?? null,
      status: 'bot' as const, summary: '', summaryThrough: 0, messageCount: 0, metadata: input.metadata ?? {}, createdAt: now, updatedAt: now,
      activeTurn: null,
    };
    this.conversations.set(c.id, c);
    this.messagesOf.set(c.id, []);
    return this.public(c);
  }

  async get(id: string): Promise<Conversation | undefined> {
    const c = this.conversations.get(id);
    return c && this.public(c);
  }

  async getMessage(id: string): Promise<Message | undefined> {
    for (const list of this.messagesOf.values()) {
      const m = list.find((x) => x.id === id);
      if (m) return { ...m };
    }
    return undefined;
  }

  async turnContext(id: string, opts: { tail: number }) {
    const conversation = await this.get(id);
    if (!conversation) return undefined;
    // No knowledge bases here: the caller loads it.
    return { conversation, history: await this.messages(id, { afterSeq: historyStartAt(conversation, opts.tail), brief: true }) };
  }

  async messages(conversationId: string, opts: { afterSeq?: number; limit?: number; brief?: boolean } = {}): Promise<Message[]> {
    return (this.messagesOf.get(conversationId) ?? [])
      .filter((m) => m.seq > (opts.afterSeq ?? 0))
      .slice(0, opts.limit ?? 10_000)
      .map((m) => (opts.brief ? { ...m, citations: [], usage: null, timings: null, prompt: null, error: null } : { ...m }));
  }

  async beginTurn(input: TurnStart) {
    const c = this.require(input.conversationId);
    if (c.activeTurn) throw new ConversationBusy('An answer is still being generated in this conversation');
    const user = this.push(c, { role: 'user', content: input.content, language: input.language, sentiment: input.sentiment ?? null });
    const assistant = this.push(c, { role: 'assistant', content: '', status: 'streaming', language: input.language });
    c.activeTurn = assistant.id;
    return { userMessage: { ...user }, assistantMessage: { ...assistant } };
  }

  async finishTurn(input: TurnFinish): Promise<Message> {
    const c = this.require(input.conversationId);
    const list = this.messagesOf.get(c.id)!;
    const user = list.find((m) => m.id === input.userMessageId);
    if (user) user.query = input.query;
    const m = list.find((x) => x.id === input.messageId);
    if (!m) throw new ConversationNotFound(`Message ${input.messageId} not found`);
    Object.assign(m, {
      content: input.content, status: input.status, kind: input.kind, citations: input.citations, confidence: input.confidence, usage: input.usage,
      timings: input.timings, prompt: input.prompt, error: input.error ?? null, metadata: { ...m.metadata, ...(input.metadata ?? {}) }, completedAt: new Date(),
    });
    if (c.activeTurn === input.messageId) c.activeTurn = null;
    return { ...m };
  }

  async appendHistory(conversationId: string, turns: Array<{ role: 'user' | 'assistant'; content: string }>): Promise<void> {
    const c = this.require(conversationId);
    for (const t of turns) this.push(c, { role: t.role, content: t.content, completedAt: new Date() });
  }

  async saveSummary(conversationId: string, summary: string, through: number): Promise<void> {
    const c = this.require(conversationId);
    if (c.summaryThrough < through) Object.assign(c, { summary, summaryThrough: through });
  }

  /** Forgets a conversation once its case is scored. */
  delete(id: string): void {
    this.conversations.delete(id);
    this.messagesOf.delete(id);
  }

  private require(id: string) {
    const c = this.conversations.get(id);
    if (!c) throw new ConversationNotFound(`Conversation ${id} not found`);
    return c;
  }

  private push(c: Conversation & { activeTurn: string | null }, m: Partial<Message> & Pick<Message, 'role' | 'content'>): Message {
    c.messageCount += 1;
    c.updatedAt = new Date();
    const message: Message = {
      id: randomUUID(), conversationId: c.id, seq: c.messageCount, status: 'complete', language: null, query: null, kind: null, citations: [],
      confidence: null, usage: null, timings: null, prompt: null, error: null, sentiment: null, metadata: {}, createdAt: new Date(), completedAt: null,
      ...m,
    };
    this.messagesOf.get(c.id)!.push(message);
    return message;
  }

  private public(c: Conversation & { activeTurn: string | null }): Conversation {
    const { activeTurn: _, ...rest } = c;
    return { ...rest };
  }
}
