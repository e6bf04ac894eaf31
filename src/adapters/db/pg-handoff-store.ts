import type pg from 'pg';
import { nextStatus, type Actor, type ConversationAction } from '../../domain/conversation-states.js';
import type { ConversationStatus } from '../../domain/conversation.js';
import {
  AgentAtCapacity,
  AgentNotAvailable,
  AgentNotFound,
  ConversationNotFound,
  ConversationTaken,
  IllegalTransition,
  NotAssignedAgent,
  RatingNotAllowed,
} from '../../domain/errors.js';
import type { ConversationEvent, Handoff, HandoffStore, Ticket } from '../../ports/handoff-store.js';
import { elapsedMs } from '../../domain/analytics-events.js';
import { recordAnalyticsEvent } from './analytics-event-writer.js';
import { holdMs, queueWaitMs, responseWaitMs } from './handoff-waits.js';
import { withTransaction, type Database } from './database.js';
import { MESSAGE_COLUMNS, toMessage } from './pg-conversation-store.js';
import { UUID_RE } from './row-mappers.js';

const HANDOFF_COLUMNS =
  'id, conversation_id, status, reason, skill, language, urgency, packet, agent_id, queued_at, assigned_at, accepted_at, closed_at, requeue_count, csat_score, csat_comment, rated_at';

function toHandoff(r: any): Handoff {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    status: r.status,
    reason: r.reason,
    skill: r.skill,
    language: r.language,
    urgency: Number(r.urgency),
    packet: r.packet,
    agentId: r.agent_id,
    queuedAt: r.queued_at,
    assignedAt: r.assigned_at,
    acceptedAt: r.accepted_at,
    closedAt: r.closed_at,
    requeueCount: r.requeue_count,
    csat: r.csat_score === null ? null : { score: r.csat_score, comment: r.csat_comment, ratedAt: r.rated_at },
  };
}

function toTicket(r: any): Ticket {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    handoffId: r.handoff_id,
    status: r.status,
    reason: r.reason,
    skill: r.skill,
    contact: r.contact ?? {},
    createdAt: r.created_at,
  };
}

type Client = pg.PoolClient;

/*
 * Lock order, everywhere: handoff row, then agent row(s), then conversation row. Two instances
 * taking the same locks in the same order wait for each other instead of deadlocking.
 */

/** Every operation starts here or at lockOpenHandoff: a conversation of another tenant is not found. */
async function lockConversation(c: Client, tenantId: string, id: string): Promise<{ status: ConversationStatus; language: string | null }> {
  if (!UUID_RE.test(id)) throw new ConversationNotFound(`Conversation ${id} not found`);
  const { rows } = await c.query('SELECT status, language FROM conversations WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [id, tenantId]);
  if (!rows[0]) throw new ConversationNotFound(`Conversation ${id} not found`);
  return rows[0];
}

/** Moves the conversation per the domain's transition table and records the event, in `c`'s transaction. */
async function transition(
  c: Client,
  tenantId: string,
  conversationId: string,
  action: ConversationAction,
  e: { type: string; actor: Actor; reason?: string | null; data?: Record<string, unknown>; at: Date },
): Promise<ConversationStatus> {
  const { status: from } = await lockConversation(c, tenantId, conversationId);
  const to = nextStatus(from, action);
  await c.query('UPDATE conversations SET status = $2, updated_at = $3 WHERE id = $1', [conversationId, to, e.at]);
  await recordEvent(c, conversationId, { ...e, from, to });
  return to;
}

async function recordEvent(
  c: Client,
  conversationId: string,
  e: { type: string; from: ConversationStatus | null; to: ConversationStatus | null; actor: Actor; reason?: string | null; data?: Record<string, unknown>; at: Date },
) {
  await c.query(
    `INSERT INTO conversation_events (conversation_id, type, from_status, to_status, actor_kind, actor_id, reason, data, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [conversationId, e.type, e.from, e.to, e.actor.kind, e.actor.id ?? null, e.reason ?? null, e.data ?? {}, e.at],
  );
}

/** The open handoff of a conversation, locked; ConversationNotFound / IllegalTransition when there is none. */
async function lockOpenHandoff(c: Client, tenantId: string, conversationId: string): Promise<Handoff> {
  if (!UUID_RE.test(conversationId)) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
  const { rows } = await c.query(
    `SELECT ${HANDOFF_COLUMNS} FROM handoffs h WHERE conversation_id = $1 AND closed_at IS NULL
       AND EXISTS (SELECT 1 FROM conversations cv WHERE cv.id = h.conversation_id AND cv.tenant_id = $2) FOR UPDATE`,
    [conversationId, tenantId],
  );
  if (rows[0]) return toHandoff(rows[0]);
  const { rows: conv } = await c.query('SELECT status FROM conversations WHERE id = $1 AND tenant_id = $2', [conversationId, tenantId]);
  if (!conv[0]) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
  throw new IllegalTransition(`Conversation ${conversationId} is not waiting for or with an agent (status '${conv[0].status}')`, {
    details: { status: conv[0].status },
  });
}

/** Takes one slot of an agent's capacity, or says why not. Conditional, so two takers cannot both get the last slot. */
async function takeSlot(c: Client, tenantId: string, agentId: string, at: Date): Promise<void> {
  if (!UUID_RE.test(agentId)) throw new AgentNotFound(`Agent ${agentId} not found`);
  const { rows } = await c.query(
    `UPDATE agents SET active_count = active_count + 1, last_assigned_at = $2, updated_at = $2
     WHERE id = $1 AND tenant_id = $3 AND status = 'online' AND active_count < max_concurrent RETURNING id`,
    [agentId, at, tenantId],
  );
  if (rows[0]) return;
  const { rows: a } = await c.query('SELECT status, active_count, max_concurrent FROM agents WHERE id = $1 AND tenant_id = $2', [agentId, tenantId]);
  if (!a[0]) throw new AgentNotFound(`Agent ${agentId} not found`);
  if (a[0].status !== 'online') throw new AgentNotAvailable(`Agent ${agentId} is ${a[0].status}`, { details: { status: a[0].status } });
  throw new AgentAtCapacity(`Agent ${agentId} already holds ${a[0].active_count} of ${a[0].max_concurrent} conversations`, {
    details: { activeCount: a[0].active_count, maxConcurrent: a[0].max_concurrent },
  });
}

async function freeSlot(c: Client, agentId: string, at: Date) {
  await c.query('UPDATE agents SET active_count = GREATEST(active_count - 1, 0), updated_at = $2 WHERE id = $1', [agentId, at]);
}


/**
 * One tenant's handoffs, reached through their conversation (and agents) of that tenant: a
 * conversation or agent id of another tenant is not found.
 */
export class PgHandoffStore implements HandoffStore {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
  ) {}

  open(input: Parameters<HandoffStore['open']>[0]) {
    return withTransaction(this.db, async (c) => {
      const { status, language } = await lockConversation(c, this.tenantId, input.conversationId);
      if (status === 'queued' || status === 'assigned') {
        const { rows } = await c.query(`SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE conversation_id = $1 AND closed_at IS NULL`, [input.conversationId]);
        if (rows[0]) return { handoff: toHandoff(rows[0]), created: false };
      }
      const to = nextStatus(status, 'handoff');
      const packet = input.packet(status);
      const { rows } = await c.query(
        `INSERT INTO handoffs (conversation_id, reason, skill, language, urgency, packet, queued_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING ${HANDOFF_COLUMNS}`,
        [input.conversationId, input.reason, input.skill, packet.language ?? language, input.urgency, packet, input.at],
      );
      await c.query('UPDATE conversations SET status = $2, updated_at = $3 WHERE id = $1', [input.conversationId, to, input.at]);
      await recordEvent(c, input.conversationId, {
        type: 'handoff',
        from: status,
        to,
        actor: input.actor,
        reason: input.reason,
        data: { handoffId: rows[0].id, skill: input.skill, urgency: input.urgency },
        at: input.at,
      });
      const common = { at: input.at, conversationId: input.conversationId, handoffId: rows[0].id, skill: input.skill, reason: input.reason };
      await recordAnalyticsEvent(c, { type: 'escalated', ...common, data: { actor: input.actor.kind, urgency: input.urgency } });
      await recordAnalyticsEvent(c, { type: 'queued', ...common });
      return { handoff: toHandoff(rows[0]), created: true };
    });
  }

  async current(conversationId: string) {
    if (!UUID_RE.test(conversationId)) return undefined;
    const { rows } = await this.db.pool.query(
      `SELECT ${HANDOFF_COLUMNS} FROM handoffs h WHERE conversation_id = $1
         AND EXISTS (SELECT 1 FROM conversations cv WHERE cv.id = h.conversation_id AND cv.tenant_id = $2)
       ORDER BY (closed_at IS NULL) DESC, created_at DESC LIMIT 1`,
      [conversationId, this.tenantId],
    );
    return rows[0] ? toHandoff(rows[0]) : undefined;
  }

  async routingState() {
    const q = await this.db.pool.query(
      `SELECT h.id, h.skill, h.language, h.urgency, h.queued_at FROM handoffs h JOIN conversations cv ON cv.id = h.conversation_id
       WHERE h.status = 'queued' AND cv.tenant_id = $1 ORDER BY h.queued_at LIMIT 1000`,
      [this.tenantId],
    );
    const a = await this.db.pool.query(
      `SELECT id, skills, languages, max_concurrent, active_count, status, last_assigned_at FROM agents WHERE status = 'online' AND tenant_id = $1`,
      [this.tenantId],
    );
    return {
      queue: q.rows.map((r) => ({ id: r.id, skill: r.skill, language: r.language, urgency: Number(r.urgency), queuedAt: r.queued_at.getTime() })),
      agents: a.rows.map((r) => ({
        id: r.id,
        skills: r.skills ?? {},
        languages: r.languages ?? [],
        maxConcurrent: r.max_concurrent,
        active: r.active_count,
        online: true,
        lastAssignedAt: r.last_assigned_at ? r.last_assigned_at.getTime() : null,
      })),
      onlineAgents: a.rows.length,
    };
  }

  async assign(handoffId: string, agentId: string, at: Date) {
    try {
      return await withTransaction(this.db, async (c) => {
        const { rows } = await c.query(`SELECT conversation_id FROM handoffs WHERE id = $1 AND status = 'queued' FOR UPDATE`, [handoffId]);
        if (!rows[0]) return null;
        await takeSlot(c, this.tenantId, agentId, at);
        const { rows: h } = await c.query(
          `UPDATE handoffs SET status = 'assigned', agent_id = $2, assigned_at = $3, accepted_at = NULL WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`,
          [handoffId, agentId, at],
        );
        const handoff = toHandoff(h[0]);
        const waited = await queueWaitMs(c, handoff.conversationId, at);
        await transition(c, this.tenantId, rows[0].conversation_id, 'assign', { type: 'assigned', actor: { kind: 'system' }, data: { agentId, handoffId }, at });
        await recordAnalyticsEvent(c, {
          type: 'assigned', at, conversationId: handoff.conversationId, agentId, handoffId, skill: handoff.skill, reason: 'dispatch', durationMs: waited,
        });
        return handoff;
      });
    } catch (err) {
      // The plan was made from a snapshot: the agent filled up or left meanwhile. The next round retries.
      if (err instanceof AgentAtCapacity || err instanceof AgentNotAvailable || err instanceof AgentNotFound) return null;
      throw err;
    }
  }

  claim(agentId: string, conversationId: string, at: Date) {
    return withTransaction(this.db, async (c) => {
      const h = await lockOpenHandoff(c, this.tenantId, conversationId);
      if (h.status === 'assigned') {
        if (h.agentId !== agentId) throw new ConversationTaken(`Conversation ${conversationId} is already assigned to another agent`);
        if (h.acceptedAt) return h;
        const { rows } = await c.query(`UPDATE handoffs SET accepted_at = $2 WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`, [h.id, at]);
        const { status } = await lockConversation(c, this.tenantId, conversationId);
        await recordEvent(c, conversationId, { type: 'accepted', from: status, to: status, actor: { kind: 'agent', id: agentId }, at });
        await recordAnalyticsEvent(c, { type: 'accepted', at, conversationId, agentId, handoffId: h.id, skill: h.skill, durationMs: elapsedMs(h.assignedAt, at) });
        return toHandoff(rows[0]);
      }
      await takeSlot(c, this.tenantId, agentId, at);
      const { rows } = await c.query(
        `UPDATE handoffs SET status = 'assigned', agent_id = $2, assigned_at = $3, accepted_at = $3 WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`,
        [h.id, agentId, at],
      );
      const waited = await queueWaitMs(c, conversationId, at);
      await transition(c, this.tenantId, conversationId, 'assign', { type: 'claimed', actor: { kind: 'agent', id: agentId }, data: { handoffId: h.id }, at });
      await recordAnalyticsEvent(c, { type: 'assigned', at, conversationId, agentId, handoffId: h.id, skill: h.skill, reason: 'claim', durationMs: waited });
      return toHandoff(rows[0]);
    });
  }

  requeue(input: Parameters<HandoffStore['requeue']>[0]) {
    return withTransaction(this.db, async (c) => {
      const h = await lockOpenHandoff(c, this.tenantId, input.conversationId);
      if (input.fromAgentId && (h.status !== 'assigned' || h.agentId !== input.fromAgentId))
        throw new NotAssignedAgent(`Conversation ${input.conversationId} is not assigned to agent ${input.fromAgentId}`);
      if (input.onlyUnaccepted && (h.status !== 'assigned' || h.acceptedAt)) return null;
      if (h.agentId && h.status === 'assigned') await freeSlot(c, h.agentId, input.at);
      const { rows } = await c.query(
        `UPDATE handoffs SET status = 'queued', agent_id = NULL, assigned_at = NULL, accepted_at = NULL, requeue_count = requeue_count + 1,
           skill = CASE WHEN $2::boolean THEN $3 ELSE skill END
         WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`,
        [h.id, input.skill !== undefined, input.skill ?? null],
      );
      await transition(c, this.tenantId, input.conversationId, 'requeue', {
        type: 'requeued',
        actor: input.actor,
        reason: input.reason,
        data: { handoffId: h.id, previousAgentId: h.agentId, ...(input.skill !== undefined ? { skill: input.skill } : {}) },
        at: input.at,
      });
      const requeued = toHandoff(rows[0]);
      if (h.status === 'assigned') {
        // An agent sending it back to the queue is a transfer (to a skill); otherwise the agent lost it (accept timeout, went away).
        await recordAnalyticsEvent(c, {
          type: input.actor.kind === 'agent' ? 'transferred' : 'requeued',
          at: input.at,
          conversationId: input.conversationId,
          agentId: h.agentId,
          handoffId: h.id,
          skill: h.skill,
          reason: input.reason,
          durationMs: holdMs(h, input.at),
          data: input.skill !== undefined ? { toSkill: input.skill } : null,
        });
        await recordAnalyticsEvent(c, { type: 'queued', at: input.at, conversationId: input.conversationId, handoffId: h.id, skill: requeued.skill, reason: input.reason });
      }
      return requeued;
    });
  }

  transferToAgent(input: Parameters<HandoffStore['transferToAgent']>[0]) {
    return withTransaction(this.db, async (c) => {
      const h = await lockOpenHandoff(c, this.tenantId, input.conversationId);
      if (h.status !== 'assigned' || h.agentId !== input.fromAgentId)
        throw new NotAssignedAgent(`Conversation ${input.conversationId} is not assigned to agent ${input.fromAgentId}`);
      await takeSlot(c, this.tenantId, input.toAgentId, input.at);
      await freeSlot(c, input.fromAgentId, input.at);
      const { rows } = await c.query(
        `UPDATE handoffs SET agent_id = $2, assigned_at = $3, accepted_at = NULL WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`,
        [h.id, input.toAgentId, input.at],
      );
      const { status } = await lockConversation(c, this.tenantId, input.conversationId);
      await recordEvent(c, input.conversationId, {
        type: 'transferred',
        from: status,
        to: status,
        actor: { kind: 'agent', id: input.fromAgentId },
        reason: input.reason,
        data: { handoffId: h.id, toAgentId: input.toAgentId },
        at: input.at,
      });
      const common = { at: input.at, conversationId: input.conversationId, handoffId: h.id, skill: h.skill };
      await recordAnalyticsEvent(c, {
        type: 'transferred', ...common, agentId: input.fromAgentId, reason: input.reason, durationMs: holdMs(h, input.at), data: { toAgentId: input.toAgentId },
      });
      await recordAnalyticsEvent(c, { type: 'assigned', ...common, agentId: input.toAgentId, reason: 'transfer' });
      return toHandoff(rows[0]);
    });
  }

  finish(input: Parameters<HandoffStore['finish']>[0]) {
    return withTransaction(this.db, async (c) => {
      const h = await lockOpenHandoff(c, this.tenantId, input.conversationId);
      if (input.agentId && (h.status !== 'assigned' || h.agentId !== input.agentId))
        throw new NotAssignedAgent(`Conversation ${input.conversationId} is not assigned to agent ${input.agentId}`);
      const handoffStatus = input.action === 'resolve' ? 'resolved' : input.action === 'return_to_bot' ? 'returned' : 'closed';
      if (h.status === 'assigned' && h.agentId) await freeSlot(c, h.agentId, input.at);
      const { rows } = await c.query(`UPDATE handoffs SET status = $2, closed_at = $3 WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`, [
        h.id,
        handoffStatus,
        input.at,
      ]);
      const type = input.action === 'resolve' ? 'resolved' : input.action === 'close' ? 'closed' : 'returned_to_bot';
      await transition(c, this.tenantId, input.conversationId, input.action, {
        type,
        actor: input.actor,
        reason: input.reason,
        data: { handoffId: h.id, agentId: h.agentId },
        at: input.at,
      });
      await recordAnalyticsEvent(c, {
        type,
        at: input.at,
        conversationId: input.conversationId,
        // Only the agent who held it: a customer leaving the queue concerns no agent.
        agentId: h.status === 'assigned' ? h.agentId : null,
        handoffId: h.id,
        skill: h.skill,
        reason: input.reason,
        durationMs: holdMs(h, input.at),
        data: { actor: input.actor.kind },
      });
      return toHandoff(rows[0]);
    });
  }

  agentReply(agentId: string, conversationId: string, content: string, at: Date) {
    return withTransaction(this.db, async (c) => {
      const h = await lockOpenHandoff(c, this.tenantId, conversationId).catch((err) => {
        if (err instanceof IllegalTransition) throw new NotAssignedAgent(`Conversation ${conversationId} is not assigned to agent ${agentId}`);
        throw err;
      });
      if (h.status !== 'assigned' || h.agentId !== agentId)
        throw new NotAssignedAgent(`Conversation ${conversationId} is not assigned to agent ${agentId}`);
      // Replying is accepting: the accept timer must not take the conversation away now.
      if (!h.acceptedAt) await c.query('UPDATE handoffs SET accepted_at = $2 WHERE id = $1', [h.id, at]);
      const { rows: conv } = await c.query('SELECT message_count, language FROM conversations WHERE id = $1 FOR UPDATE', [conversationId]);
      const waited = await responseWaitMs(c, h, at);
      const seq = Number(conv[0].message_count) + 1;
      const { rows } = await c.query(
        `INSERT INTO messages (conversation_id, seq, role, content, language, metadata, created_at, completed_at)
         VALUES ($1, $2, 'agent', $3, $4, $5, $6, $6) RETURNING ${MESSAGE_COLUMNS}`,
        [conversationId, seq, content, conv[0].language, { agentId }, at],
      );
      await c.query('UPDATE conversations SET message_count = $2, updated_at = $3 WHERE id = $1', [conversationId, seq, at]);
      await recordAnalyticsEvent(c, { type: 'agent_reply', at, conversationId, agentId, handoffId: h.id, skill: h.skill, durationMs: waited });
      return toMessage(rows[0]);
    });
  }

  customerMessage(input: Parameters<HandoffStore['customerMessage']>[0]) {
    return withTransaction(this.db, async (c) => {
      const h = await lockOpenHandoff(c, this.tenantId, input.conversationId);
      const { rows: conv } = await c.query('SELECT message_count, language FROM conversations WHERE id = $1 FOR UPDATE', [input.conversationId]);
      const seq = Number(conv[0].message_count) + 1;
      const { rows } = await c.query(
        `INSERT INTO messages (conversation_id, seq, role, content, language, sentiment, metadata, created_at, completed_at)
         VALUES ($1, $2, 'user', $3, $4, $5, $6, $7, $7) RETURNING ${MESSAGE_COLUMNS}`,
        [input.conversationId, seq, input.content, conv[0].language, input.sentiment ?? null, { handoffId: h.id }, input.at],
      );
      await c.query('UPDATE conversations SET message_count = $2, updated_at = $3 WHERE id = $1', [input.conversationId, seq, input.at]);
      const holder = h.status === 'assigned' ? h.agentId : null;
      await recordAnalyticsEvent(c, { type: 'customer_message', at: input.at, conversationId: input.conversationId, agentId: holder, handoffId: h.id, skill: h.skill });
      return { message: toMessage(rows[0]), agentId: holder };
    });
  }

  rate(conversationId: string, score: number, comment: string | null, at: Date) {
    return withTransaction(this.db, async (c) => {
      if (!UUID_RE.test(conversationId)) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
      const { rows: conv } = await c.query('SELECT id FROM conversations WHERE id = $1 AND tenant_id = $2', [conversationId, this.tenantId]);
      if (!conv[0]) throw new ConversationNotFound(`Conversation ${conversationId} not found`);
      const { rows } = await c.query(
        `SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
        [conversationId],
      );
      const h = rows[0] ? toHandoff(rows[0]) : undefined;
      if (!h || h.status !== 'resolved') throw new RatingNotAllowed('Only a conversation resolved by an agent can be rated');
      if (h.csat) throw new RatingNotAllowed('This conversation has already been rated', { details: { score: h.csat.score } });
      const { rows: u } = await c.query(
        `UPDATE handoffs SET csat_score = $2, csat_comment = $3, rated_at = $4 WHERE id = $1 RETURNING ${HANDOFF_COLUMNS}`,
        [h.id, score, comment, at],
      );
      await recordEvent(c, conversationId, { type: 'rated', from: null, to: null, actor: { kind: 'customer' }, data: { handoffId: h.id, score }, at });
      // Credited to the agent who resolved it.
      await recordAnalyticsEvent(c, { type: 'rated', at, conversationId, agentId: h.agentId, handoffId: h.id, skill: h.skill, score });
      return toHandoff(u[0]);
    });
  }

  async unaccepted(before: Date) {
    const { rows } = await this.db.pool.query(
      `SELECT conversation_id, agent_id FROM handoffs h WHERE status = 'assigned' AND accepted_at IS NULL AND assigned_at < $1
         AND EXISTS (SELECT 1 FROM conversations cv WHERE cv.id = h.conversation_id AND cv.tenant_id = $2) ORDER BY assigned_at`,
      [before, this.tenantId],
    );
    return rows.map((r) => ({ conversationId: r.conversation_id, agentId: r.agent_id }));
  }

  async openTicket(input: Parameters<HandoffStore['openTicket']>[0]) {
    const { rows } = await this.db.pool.query(
      `INSERT INTO tickets (conversation_id, handoff_id, reason, skill, contact, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
      [input.conversationId, input.handoffId, input.reason, input.skill, input.contact, input.at],
    );
    return toTicket(rows[0]);
  }

  async tickets(conversationId: string) {
    if (!UUID_RE.test(conversationId)) return [];
    const { rows } = await this.db.pool.query(
      'SELECT t.* FROM tickets t JOIN conversations cv ON cv.id = t.conversation_id WHERE t.conversation_id = $1 AND cv.tenant_id = $2 ORDER BY t.created_at',
      [conversationId, this.tenantId],
    );
    return rows.map(toTicket);
  }

  async events(conversationId: string): Promise<ConversationEvent[]> {
    if (!UUID_RE.test(conversationId)) return [];
    const { rows } = await this.db.pool.query(
      'SELECT e.* FROM conversation_events e JOIN conversations cv ON cv.id = e.conversation_id WHERE e.conversation_id = $1 AND cv.tenant_id = $2 ORDER BY e.id',
      [conversationId, this.tenantId],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      conversationId: r.conversation_id,
      type: r.type,
      fromStatus: r.from_status,
      toStatus: r.to_status,
      actor: { kind: r.actor_kind, ...(r.actor_id ? { id: r.actor_id } : {}) },
      reason: r.reason,
      data: r.data ?? {},
      at: r.at,
    }));
  }

  async assignedTo(agentId: string) {
    if (!UUID_RE.test(agentId)) return [];
    const { rows } = await this.db.pool.query(
      `SELECT ${HANDOFF_COLUMNS} FROM handoffs h WHERE agent_id = $1 AND status = 'assigned'
         AND EXISTS (SELECT 1 FROM agents a WHERE a.id = h.agent_id AND a.tenant_id = $2) ORDER BY assigned_at`,
      [agentId, this.tenantId],
    );
    return rows.map(toHandoff);
  }
}
