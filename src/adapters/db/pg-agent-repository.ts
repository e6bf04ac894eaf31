import { recordAudit } from './pg-tenant-store.js';
import type { AuditOf } from '../../domain/tenancy.js';
import type { Agent, AgentStatus } from '../../domain/agents.js';
import { AgentAtCapacity, AgentHasConversations, AgentNotFound } from '../../domain/errors.js';
import type { AgentRepository, NewAgent } from '../../ports/agent-repository.js';
import { elapsedMs } from '../../domain/analytics-events.js';
import { recordAnalyticsEvent } from './analytics-event-writer.js';
import { withTransaction, type Database } from './database.js';
import { UUID_RE } from './row-mappers.js';

export const AGENT_COLUMNS =
  'id, name, skills, languages, max_concurrent, team, status, status_since, active_count, last_assigned_at, metadata, created_at, updated_at';

export function toAgent(r: any): Agent {
  return {
    id: r.id,
    name: r.name,
    skills: r.skills ?? {},
    languages: r.languages ?? [],
    maxConcurrent: r.max_concurrent,
    team: r.team,
    status: r.status,
    statusSince: r.status_since,
    activeCount: r.active_count,
    lastAssignedAt: r.last_assigned_at,
    metadata: r.metadata ?? {},
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const notFound = (id: string) => new AgentNotFound(`Agent ${id} not found`);

/** One tenant's agents: an agent id of another tenant is not found. */
export class PgAgentRepository implements AgentRepository {
  constructor(
    private readonly db: Database,
    readonly tenantId: string,
  ) {}

  create(input: NewAgent, at: Date, audit?: AuditOf) {
    return withTransaction(this.db, async (c) => {
      const status = input.status ?? 'offline';
      const { rows } = await c.query(
        `INSERT INTO agents (tenant_id, name, skills, languages, max_concurrent, team, status, status_since, metadata, created_at, updated_at)
         VALUES ($9, $1, $2, $3, $4, $5, $6, $7, $8, $7, $7) RETURNING ${AGENT_COLUMNS}`,
        [input.name, input.skills, input.languages, input.maxConcurrent, input.team ?? null, status, at, input.metadata ?? {}, this.tenantId],
      );
      await c.query('INSERT INTO agent_status_changes (agent_id, from_status, to_status, at) VALUES ($1, NULL, $2, $3)', [rows[0].id, status, at]);
      await recordAnalyticsEvent(c, { type: 'agent_status', at, agentId: rows[0].id, status, fromStatus: null });
      if (audit) await recordAudit(c, audit.actor, audit.action ?? 'agent.create', rows[0].id, { name: input.name });
      return toAgent(rows[0]);
    });
  }

  async get(id: string) {
    if (!UUID_RE.test(id)) return undefined;
    const { rows } = await this.db.pool.query(`SELECT ${AGENT_COLUMNS} FROM agents WHERE id = $1 AND tenant_id = $2`, [id, this.tenantId]);
    return rows[0] ? toAgent(rows[0]) : undefined;
  }

  async list() {
    const { rows } = await this.db.pool.query(`SELECT ${AGENT_COLUMNS} FROM agents WHERE tenant_id = $1 ORDER BY created_at, id`, [this.tenantId]);
    return rows.map(toAgent);
  }

  async update(id: string, patch: Partial<Omit<NewAgent, 'status'>>, at: Date) {
    if (!UUID_RE.test(id)) throw notFound(id);
    return withTransaction(this.db, async (c) => {
      const { rows: cur } = await c.query('SELECT active_count FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [id, this.tenantId]);
      if (!cur[0]) throw notFound(id);
      if (patch.maxConcurrent !== undefined && patch.maxConcurrent < cur[0].active_count)
        throw new AgentAtCapacity(`The agent holds ${cur[0].active_count} conversations; max concurrent cannot go below that`, {
          details: { activeCount: cur[0].active_count },
        });
      const { rows } = await c.query(
        `UPDATE agents SET name = COALESCE($2, name), skills = COALESCE($3, skills), languages = COALESCE($4, languages),
           max_concurrent = COALESCE($5, max_concurrent), metadata = COALESCE($6, metadata), updated_at = $7,
           team = CASE WHEN $8::boolean THEN $9 ELSE team END
         WHERE id = $1 RETURNING ${AGENT_COLUMNS}`,
        [id, patch.name ?? null, patch.skills ?? null, patch.languages ?? null, patch.maxConcurrent ?? null, patch.metadata ?? null, at,
          patch.team !== undefined, patch.team ?? null],
      );
      return toAgent(rows[0]);
    });
  }

  async delete(id: string, audit?: AuditOf) {
    if (!UUID_RE.test(id)) throw notFound(id);
    await withTransaction(this.db, async (c) => {
      const { rows } = await c.query('SELECT active_count FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [id, this.tenantId]);
      if (!rows[0]) throw notFound(id);
      if (rows[0].active_count > 0)
        throw new AgentHasConversations('The agent still holds conversations: transfer or resolve them first', { details: { activeCount: rows[0].active_count } });
      await c.query('DELETE FROM agents WHERE id = $1', [id]);
      if (audit) await recordAudit(c, audit.actor, audit.action ?? 'agent.delete', id);
    });
  }

  async setStatus(id: string, status: AgentStatus, at: Date) {
    if (!UUID_RE.test(id)) throw notFound(id);
    return withTransaction(this.db, async (c) => {
      const { rows: cur } = await c.query('SELECT status, status_since FROM agents WHERE id = $1 AND tenant_id = $2 FOR UPDATE', [id, this.tenantId]);
      if (!cur[0]) throw notFound(id);
      const previous = cur[0].status as AgentStatus;
      if (previous === status) {
        const { rows } = await c.query(`SELECT ${AGENT_COLUMNS} FROM agents WHERE id = $1`, [id]);
        return { agent: toAgent(rows[0]), previous };
      }
      const { rows } = await c.query(
        `UPDATE agents SET status = $2, status_since = $3, updated_at = $3 WHERE id = $1 RETURNING ${AGENT_COLUMNS}`,
        [id, status, at],
      );
      await c.query('INSERT INTO agent_status_changes (agent_id, from_status, to_status, at) VALUES ($1, $2, $3, $4)', [id, previous, status, at]);
      // How long the status it ends had lasted: idle and busy time are then sums, not a walk over the periods.
      await recordAnalyticsEvent(c, { type: 'agent_status', at, agentId: id, status, fromStatus: previous, durationMs: elapsedMs(cur[0].status_since, at) });
      return { agent: toAgent(rows[0]), previous };
    });
  }

  async statusChanges(id: string) {
    const { rows } = await this.db.pool.query(
      `SELECT s.from_status, s.to_status, s.at FROM agent_status_changes s JOIN agents a ON a.id = s.agent_id
       WHERE s.agent_id = $1 AND a.tenant_id = $2 ORDER BY s.at, s.id`,
      [id, this.tenantId],
    );
    return rows.map((r) => ({ fromStatus: r.from_status, toStatus: r.to_status, at: r.at }));
  }
}
