import { ConversationBusy, ConversationNotFound } from '../../domain/errors.js';
import type { Conversation, Message } from '../../domain/conversation.js';
import type { ConversationStore, NewConversation, TurnFinish, TurnStart } from '../../ports/conversation-store.js';
import { normalizeQuestion } from '../../domain/analytics-events.js';
import { withTransaction, type Database } from './database.js';
import { KB_COLUMNS, toKnowledgeBase } from './row-mappers.js';

export const CONVERSATION_COLUMNS =
  'id, kb_id, channel, customer_id, language, status, summary, summary_through, message_count, metadata, created_at, updated_at';
/** MESSAGE_COLUMNS without the answer's evidence and bookkeeping (ConversationStore.messages `brief`). */
const BRIEF_MESSAGE_COLUMNS =
  'id, conversation_id, seq, role, content, status, language, query, kind, NULL AS citations, confidence, NULL AS usage, NULL AS timings, NULL AS prompt, NULL AS error, sentiment, metadata, created_at, completed_at';
export const MESSAGE_COLUMNS =
  'id, conversation_id, seq, role, content, status, language, query, kind, citations, confidence, usage, timings, prompt, error, sentiment, metadata, created_at, completed_at';

export function toConversation(r: any): Conversation {
  return {
    id: r.id,
    kbId: r.kb_id,
    channel: r.channel,
    customerId: r.customer_id,
    language: r.language,
    status: r.status,
    summary: r.summary,
    summaryThrough: r.summary_through,
    messageCount: r.message_count,
    metadata: r.metadata ?? {},
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function toMessage(r: any): Message {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    seq: r.seq,
    role: r.role,
    content: r.content,
    status: r.status,
    language: r.language,
    query: r.query,
    kind: r.kind,
    citations: r.citations ?? [],
    confidence: r.confidence === null ? null : Number(r.confidence),
    usage: r.usage,
    timings: r.timings,
    prompt: r.prompt,
    error: r.error,
    sentiment: r.sentiment,
    metadata: r.metadata ?? {},
    createdAt: r.created_at,
    completedAt: r.completed_at,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * One tenant's conversations. A conversation is reached by id only through `get`/`getMessage`,
 * which filter by tenant; the other methods take the id of a conversation the caller already
 * found that way, and the reading ones check the tenant again in the query.
 */
export class PgConversationStore implements ConversationStore {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
  ) {}

  /** One statement (atomic, one round trip), for the same reason as beginTurn. */
  async create(input: NewConversation): Promise<Conversation> {
    const { rows } = await this.db.pool.query(
      `WITH c AS (
         INSERT INTO conversations (tenant_id, kb_id, channel, customer_id, language, metadata, created_at, updated_at)
         VALUES ($7, $1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()), COALESCE($6::timestamptz, now()))
         RETURNING ${CONVERSATION_COLUMNS}, tenant_id
       ), ev AS (
         -- conversation_opened for analytics, in the same statement (see analytics-event-writer.ts).
         INSERT INTO analytics_events (tenant_id, type, at, conversation_id, opened_at, kb_id, channel)
         SELECT c.tenant_id, 'conversation_opened', c.created_at, c.id, c.created_at, c.kb_id, c.channel FROM c
       )
       SELECT * FROM c`,
      [input.kbId, input.channel, input.customerId ?? null, input.language ?? null, input.metadata ?? {}, input.at ?? null, this.tenantId],
    );
    return toConversation(rows[0]);
  }

  async get(id: string): Promise<Conversation | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.pool.query(`SELECT ${CONVERSATION_COLUMNS} FROM conversations WHERE id = $1 AND tenant_id = $2`, [id, this.tenantId]);
    return rows[0] ? toConversation(rows[0]) : undefined;
  }

  /**
   * The conversation, its brief history (historyStartAt's rule, in SQL) and its knowledge base in
   * one statement: on PGlite every round trip queues for the one backend behind other turns.
   */
  async turnContext(id: string, opts: { tail: number }) {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.pool.query(
      `SELECT ${CONVERSATION_COLUMNS.split(', ').map((col) => `c.${col}`).join(', ')},
         (SELECT row_to_json(k) FROM (SELECT ${KB_COLUMNS} FROM knowledge_bases WHERE id = c.kb_id) k) AS kb,
         COALESCE((SELECT json_agg(m ORDER BY m.seq) FROM (
           SELECT ${BRIEF_MESSAGE_COLUMNS} FROM messages
           WHERE conversation_id = c.id AND seq > GREATEST(0, LEAST(c.summary_through, c.message_count - $3::int))
         ) m), '[]'::json) AS history
       FROM conversations c WHERE c.id = $1 AND c.tenant_id = $2`,
      [id, this.tenantId, opts.tail],
    );
    const r = rows[0];
    if (!r) return undefined;
    // json_agg and row_to_json give timestamps as text.
    const at = (v: string | null) => (v === null ? null : new Date(v));
    return {
      conversation: toConversation(r),
      history: (r.history as any[]).map((m) => toMessage({ ...m, created_at: at(m.created_at), completed_at: at(m.completed_at) })),
      knowledgeBase: r.kb ? toKnowledgeBase({ ...r.kb, created_at: at(r.kb.created_at), updated_at: at(r.kb.updated_at) }) : null,
    };
  }

  async getMessage(id: string): Promise<Message | undefined> {
    if (!UUID.test(id)) return undefined;
    const { rows } = await this.db.pool.query(
      `SELECT ${MESSAGE_COLUMNS} FROM messages m WHERE id = $1 AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = m.conversation_id AND c.tenant_id = $2)`,
      [id, this.tenantId],
    );
    return rows[0] ? toMessage(rows[0]) : undefined;
  }

  async messages(conversationId: string, opts: { afterSeq?: number; limit?: number; brief?: boolean } = {}): Promise<Message[]> {
    const { rows } = await this.db.pool.query(
      `SELECT ${opts.brief ? BRIEF_MESSAGE_COLUMNS : MESSAGE_COLUMNS} FROM messages
       WHERE conversation_id = $1 AND seq > $2 AND EXISTS (SELECT 1 FROM conversations c WHERE c.id = $1 AND c.tenant_id = $4)
       ORDER BY seq LIMIT $3`,
      [conversationId, opts.afterSeq ?? 0, opts.limit ?? 10_000, this.tenantId],
    );
    return rows.map(toMessage);
  }

  /**
   * One statement, so atomic without a transaction, and one round trip: on the embedded
   * database a transaction holds the one backend across every statement's round trip through
   * the event loop, which under load stalls every other turn behind it.
   */
  async beginTurn(input: TurnStart) {
    const { rows } = await this.db.pool.query(
      // The row lock serialises turns of one conversation (a second one waits, then sees the
      // first as busy); seq numbers come from the same row. A turn whose process died is closed
      // out as failed, so history shows what happened. Data-modifying CTEs run whether or not
      // the final SELECT reads them.
      `WITH c AS (
         SELECT id, active_turn, message_count,
           (active_turn IS NOT NULL AND active_since > now() - make_interval(secs => $2::float8 / 1000)) AS busy
         FROM conversations WHERE id = $1 FOR UPDATE
       ), stale AS (
         UPDATE messages m SET status = 'failed', error = $6, completed_at = now()
         FROM c WHERE NOT c.busy AND m.id = c.active_turn AND m.status = 'streaming'
       ), u AS (
         INSERT INTO messages (conversation_id, seq, role, content, language, sentiment, created_at)
         SELECT c.id, c.message_count + 1, 'user', $3, $4, $5, COALESCE($7::timestamptz, now()) FROM c WHERE NOT c.busy
         RETURNING ${MESSAGE_COLUMNS}
       ), a AS (
         INSERT INTO messages (conversation_id, seq, role, content, status, language, created_at)
         SELECT c.id, c.message_count + 2, 'assistant', '', 'streaming', $4, COALESCE($7::timestamptz, now()) FROM c WHERE NOT c.busy
         RETURNING ${MESSAGE_COLUMNS}
       ), turn AS (
         UPDATE conversations SET active_turn = a.id, active_since = now(), message_count = a.seq, updated_at = now()
         FROM a WHERE conversations.id = a.conversation_id
       ), ev AS (
         -- The customer message for analytics, in the same statement (see analytics-event-writer.ts).
         INSERT INTO analytics_events (tenant_id, type, at, conversation_id, opened_at, kb_id, channel)
         SELECT cv.tenant_id, 'customer_message', u.created_at, cv.id, cv.created_at, cv.kb_id, cv.channel
         FROM u JOIN conversations cv ON cv.id = u.conversation_id
       )
       SELECT c.busy, m.* FROM c LEFT JOIN (SELECT 1 AS k, * FROM u UNION ALL SELECT 2 AS k, * FROM a) m ON true ORDER BY m.k`,
      [
        input.conversationId,
        input.staleAfterMs,
        input.content,
        input.language,
        input.sentiment ?? null,
        { code: 'INTERRUPTED', message: 'The answer was interrupted' },
        input.at ?? null,
      ],
    );
    if (!rows[0]) throw new ConversationNotFound(`Conversation ${input.conversationId} not found`);
    if (rows[0].busy) throw new ConversationBusy('An answer is still being generated in this conversation; wait for it to finish or cancel it');
    return { userMessage: toMessage(rows[0]), assistantMessage: toMessage(rows[1]) };
  }

  /** One statement (atomic, one round trip), for the same reason as beginTurn. */
  async finishTurn(input: TurnFinish) {
    const { rows } = await this.db.pool.query(
      `WITH q AS (
         UPDATE messages SET query = $13 WHERE id = $12
       ), free AS (
         UPDATE conversations SET active_turn = NULL, active_since = NULL, updated_at = now() WHERE id = $14 AND active_turn = $1
       ), ev AS (
         -- Only answers the customer saw in full count; a cut-off or failed one is in the history, not in the figures.
         INSERT INTO analytics_events (tenant_id, type, at, conversation_id, opened_at, kb_id, channel, kind, confidence, question)
         SELECT cv.tenant_id, 'bot_answer', COALESCE($15::timestamptz, now()), cv.id, cv.created_at, cv.kb_id, cv.channel, $4::text, $6::real, $16::text
         FROM conversations cv WHERE cv.id = $14 AND $3::text = 'complete'
       )
       UPDATE messages SET content = $2, status = $3, kind = $4, citations = $5, confidence = $6, usage = $7, timings = $8,
         prompt = $9, error = $10, metadata = metadata || $11, completed_at = COALESCE($15::timestamptz, now())
       WHERE id = $1 RETURNING ${MESSAGE_COLUMNS}`,
      [
        input.messageId,
        input.content,
        input.status,
        input.kind,
        JSON.stringify(input.citations),
        input.confidence,
        input.usage,
        input.timings,
        input.prompt,
        input.error ?? null,
        input.metadata ?? {},
        input.userMessageId,
        input.query,
        input.conversationId,
        input.at ?? null,
        normalizeQuestion(input.query),
      ],
    );
    return toMessage(rows[0]);
  }

  appendHistory(conversationId: string, turns: Array<{ role: 'user' | 'assistant'; content: string }>) {
    return withTransaction(this.db, async (c) => {
      const { rows } = await c.query('SELECT message_count FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
      if (!rows[0]) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
      const start = Number(rows[0].message_count) + 1;
      await c.query(
        `INSERT INTO messages (conversation_id, seq, role, content, completed_at)
         SELECT $1, $2 + ord - 1, role, content, now() FROM unnest($3::text[], $4::text[]) WITH ORDINALITY AS t(role, content, ord)`,
        [conversationId, start, turns.map((t) => t.role), turns.map((t) => t.content)],
      );
      await c.query('UPDATE conversations SET message_count = $2, updated_at = now() WHERE id = $1', [conversationId, start + turns.length - 1]);
    });
  }

  async saveSummary(conversationId: string, summary: string, through: number): Promise<void> {
    // Never move the summary backwards if two writers race.
    await this.db.pool.query(
      `UPDATE conversations SET summary = $2, summary_through = $3 WHERE id = $1 AND summary_through < $3`,
      [conversationId, summary, through],
    );
  }
}
