import type pg from 'pg';
import type { AnalyticsEventInput } from '../../domain/analytics-events.js';

/**
 * Appends one analytics event inside the caller's transaction, so the log never disagrees with
 * the action it records (a rolled-back claim leaves no "assigned" row). The filter columns are
 * copied from the conversation and the agent in the same statement: the knowledge base, channel
 * and opening time of the conversation, and the agent's team at this moment; the tenant from the
 * conversation, or for an agent's status change from the agent.
 */
export async function recordAnalyticsEvent(c: pg.PoolClient, e: AnalyticsEventInput): Promise<void> {
  await c.query(
    `INSERT INTO analytics_events (tenant_id, type, at, conversation_id, opened_at, kb_id, channel, agent_id, team, handoff_id, skill, reason, kind,
       status, from_status, confidence, score, duration_ms, question, data)
     SELECT COALESCE(c.tenant_id, (SELECT tenant_id FROM agents WHERE id = $4::uuid), 'default'), $1, $2, $3::uuid, c.created_at, c.kb_id, c.channel, $4::uuid, (SELECT team FROM agents WHERE id = $4::uuid), $5, $6, $7, $8,
       $9, $10, $11, $12, $13, $14, $15
     FROM (SELECT 1) AS one LEFT JOIN conversations c ON c.id = $3::uuid`,
    [
      e.type,
      e.at,
      e.conversationId ?? null,
      e.agentId ?? null,
      e.handoffId ?? null,
      e.skill ?? null,
      e.reason ?? null,
      e.kind ?? null,
      e.status ?? null,
      e.fromStatus ?? null,
      e.confidence ?? null,
      e.score ?? null,
      e.durationMs === null || e.durationMs === undefined ? null : Math.round(e.durationMs),
      e.question ?? null,
      e.data ?? null,
    ],
  );
}
