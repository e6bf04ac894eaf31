import type { PopularQuestion, QueuedConversation, SelfServiceQueries } from '../../ports/self-service-queries.js';
import type { Database } from './database.js';

// Citations are stored on the assistant message as JSON; counting FAQ citations per entry is
// the popularity signal (no separate click log exists). Entries never cited keep file order.
const POPULAR_SQL = `
SELECT f.id, f.question, f.answer, f.language, COALESCE(u.uses, 0)::int AS uses
FROM faq_entries f
JOIN documents d ON d.id = f.document_id AND d.status = 'ready'
LEFT JOIN (
  SELECT c->>'id' AS faq_id, count(*) AS uses
  FROM conversations cv
  JOIN messages m ON m.conversation_id = cv.id AND m.role = 'assistant'
  CROSS JOIN LATERAL jsonb_array_elements(m.citations) c
  WHERE cv.kb_id = $1 AND cv.tenant_id = $4 AND c->>'type' = 'faq'
  GROUP BY 1
) u ON u.faq_id = f.id::text
WHERE f.kb_id = $1 AND EXISTS (SELECT 1 FROM knowledge_bases k WHERE k.id = $1 AND k.tenant_id = $4)
ORDER BY (f.language = $2) DESC, uses DESC, d.created_at, f.position
LIMIT $3`;

// Queue order as served: the dispatcher takes the oldest first (urgency only breaks ties in
// routing between agents), so queued_at order is what a customer's position means.
const QUEUE_SQL = `
SELECT h.id, h.conversation_id, h.reason, h.skill, h.language, h.urgency, h.queued_at,
       row_number() OVER (ORDER BY h.queued_at, h.id)::int AS position
FROM handoffs h
JOIN conversations c ON c.id = h.conversation_id AND c.tenant_id = $2
WHERE h.status = 'queued'
ORDER BY h.queued_at, h.id
LIMIT $1`;

export class PgSelfServiceQueries implements SelfServiceQueries {
  /** Every query is the one tenant's: a queue position or a popularity count never sees another's rows. */
  constructor(
    private readonly db: Database,
    private readonly tenantId: string,
  ) {}

  async popularQuestions(kbId: string, opts: { limit: number; language?: 'zh' | 'en' }): Promise<PopularQuestion[]> {
    const { rows } = await this.db.pool.query(POPULAR_SQL, [kbId, opts.language ?? '', opts.limit, this.tenantId]);
    return rows.map((r) => ({ id: r.id, question: r.question, answer: r.answer, language: r.language, uses: Number(r.uses) }));
  }

  async queue(limit: number): Promise<QueuedConversation[]> {
    const { rows } = await this.db.pool.query(QUEUE_SQL, [limit, this.tenantId]);
    return rows.map((r) => ({
      conversationId: r.conversation_id,
      handoffId: r.id,
      position: Number(r.position),
      reason: r.reason,
      skill: r.skill,
      language: r.language,
      urgency: Number(r.urgency),
      queuedAt: r.queued_at,
    }));
  }
}
