import type pg from 'pg';
import { elapsedMs } from '../../domain/analytics-events.js';
import type { Handoff } from '../../ports/handoff-store.js';

/*
 * The waits an analytics event ends, measured inside the transaction that writes it (the
 * dashboard then only sums and averages them; docs/analytics.md has the definitions).
 */

type Client = pg.PoolClient;

/** How long the conversation has been waiting in the queue this time (since it last entered it from elsewhere). */
export async function queueWaitMs(c: Client, conversationId: string, at: Date): Promise<number | null> {
  const { rows } = await c.query(
    `SELECT at FROM conversation_events WHERE conversation_id = $1 AND to_status = 'queued' AND from_status IS DISTINCT FROM 'queued'
     ORDER BY id DESC LIMIT 1`,
    [conversationId],
  );
  return elapsedMs(rows[0]?.at, at);
}

/**
 * How long the customer had been waiting for this agent reply: from their earliest message
 * written after the handoff (the one asking for a person came before it, and the bot answered
 * it) not yet followed by an agent message, or from the agent's assignment if that is
 * later (the agent could not answer before having the conversation). Null when the reply
 * answers nothing (a second reply in a row).
 */
export async function responseWaitMs(c: Client, h: Handoff, at: Date): Promise<number | null> {
  const { rows } = await c.query(
    `SELECT min(created_at) AS since FROM messages
     WHERE conversation_id = $1 AND role = 'user' AND created_at > $2
       AND seq > COALESCE((SELECT max(seq) FROM messages WHERE conversation_id = $1 AND role = 'agent' AND created_at > $2), 0)`,
    [h.conversationId, h.queuedAt],
  );
  const since: Date | null = rows[0]?.since ?? null;
  if (!since) return null;
  return elapsedMs(h.assignedAt && h.assignedAt > since ? h.assignedAt : since, at);
}

/** An agent stops holding the conversation (resolved, transferred, re-queued, handed back, closed): how long they held it. */
export const holdMs = (h: Handoff, at: Date) => (h.status === 'assigned' ? elapsedMs(h.assignedAt, at) : null);
