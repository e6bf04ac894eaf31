import { emptyAgentCounts, type AgentCounts, type AnalyticsFilter } from '../../domain/analytics.js';
import { peopleConditions, Params } from './analytics-filter-sql.js';
import type { Database } from './database.js';

const n = (x: unknown) => (x === null || x === undefined ? 0 : Number(x));

const FIGURES = `count(*) FILTER (WHERE assigned) AS conversations,
       count(*) FILTER (WHERE assigned AND transferred) AS transferred,
       count(*) FILTER (WHERE assigned AND replied AND customer_wrote) AS effective,
       count(*) FILTER (WHERE assigned AND NOT replied) AS unreplied,
       sum(extract(epoch FROM first_reply - first_assigned) * 1000) FILTER (WHERE first_reply IS NOT NULL AND first_assigned IS NOT NULL) AS first_ms,
       count(*) FILTER (WHERE first_reply IS NOT NULL AND first_assigned IS NOT NULL) AS first_n,
       sum(response_ms) AS response_ms, sum(response_n) AS response_n, sum(hold_ms) AS hold_ms, sum(hold_n) AS hold_n,
       sum(ratings) AS ratings, sum(satisfied) AS satisfied`;

/**
 * 人工客服分析 from the (conversation, agent) and (conversation, team) rollups. With an agent
 * filter the team row is that agent's share, from the agent's own rows.
 */
async function conversationSide(db: Database, tenantId: string, f: AnalyticsFilter) {
  const p = new Params();
  const where = peopleConditions(tenantId, f, p);
  const teams = f.agentId ? `analytics_agent_rollup WHERE ${where} AND team IS NOT NULL` : `analytics_team_rollup WHERE ${where}`;
  const { rows } = await db.pool.query(
    `SELECT 0 AS by_team, agent_id, NULL AS team, ${FIGURES} FROM analytics_agent_rollup WHERE ${where} GROUP BY agent_id
     UNION ALL
     SELECT 1, NULL, team, ${FIGURES} FROM ${teams} GROUP BY team`,
    p.values,
  );
  return rows;
}

/**
 * Idle (示闲 = online) and busy (示忙) time inside [from, end), end = min(to, now). Each status
 * change records how long the status it ends had lasted, so the periods that ended in the range
 * are one sum (cut at `from` when they began before it), plus each agent's period still running
 * at `end`. No window over the periods, no sort.
 */
async function statusSide(db: Database, tenantId: string, f: AnalyticsFilter, now: Date) {
  const p = new Params();
  const from = p.add(f.from);
  const end = p.add(new Date(Math.min(f.to.getTime(), now.getTime())));
  const t = p.add(tenantId);
  const own: string[] = [`tenant_id = ${t}`];
  const current: string[] = [`a.tenant_id = ${t}`];
  if (f.agentId) {
    const a = p.add(f.agentId);
    own.push(`agent_id = ${a}::uuid`);
    current.push(`a.id = ${a}::uuid`);
  }
  if (f.team) {
    const team = p.add(f.team);
    own.push(`team = ${team}`);
    current.push(`l.team = ${team}`);
  }
  const { rows } = await db.pool.query(
    `WITH periods AS (
       SELECT agent_id, team, from_status AS status, LEAST(duration_ms, extract(epoch FROM at - ${from}::timestamptz) * 1000) AS ms
       FROM analytics_events
       WHERE type = 'agent_status' AND at >= ${from} AND at < ${end} AND duration_ms IS NOT NULL ${own.map((c) => `AND ${c}`).join(' ')}
       UNION ALL
       SELECT a.id, l.team, l.status, extract(epoch FROM ${end}::timestamptz - GREATEST(l.at, ${from}::timestamptz)) * 1000
       FROM agents a
       CROSS JOIN LATERAL (
         SELECT team, status, at FROM analytics_events e
         WHERE e.type = 'agent_status' AND e.agent_id = a.id AND e.at < ${end} ORDER BY e.at DESC, e.id DESC LIMIT 1
       ) l
       ${current.length ? `WHERE ${current.join(' AND ')}` : ''}
     )
     SELECT GROUPING(agent_id) AS by_team, agent_id, team,
       sum(ms) FILTER (WHERE status = 'online') AS idle_ms, sum(ms) FILTER (WHERE status = 'busy') AS busy_ms
     FROM periods
     GROUP BY GROUPING SETS ((agent_id), (team))
     HAVING GROUPING(agent_id) = 0 OR team IS NOT NULL`,
    p.values,
  );
  return rows;
}

export async function agentCounts(db: Database, tenantId: string, f: AnalyticsFilter, now: Date) {
  const [conv, status] = await Promise.all([conversationSide(db, tenantId, f), statusSide(db, tenantId, f, now)]);
  const agents = new Map<string, AgentCounts>();
  const teams = new Map<string, AgentCounts>();
  const slot = (byTeam: number, agentId: string, team: string) => {
    const map = byTeam ? teams : agents;
    const key = byTeam ? team : agentId;
    let c = map.get(key);
    if (!c) map.set(key, (c = emptyAgentCounts()));
    return c;
  };
  for (const r of conv) {
    const c = slot(n(r.by_team), r.agent_id, r.team);
    c.conversations = n(r.conversations);
    c.transferred = n(r.transferred);
    c.effective = n(r.effective);
    c.unreplied = n(r.unreplied);
    c.firstResponse = { ms: n(r.first_ms), n: n(r.first_n) };
    c.response = { ms: n(r.response_ms), n: n(r.response_n) };
    c.holding = { ms: n(r.hold_ms), n: n(r.hold_n) };
    c.ratings = n(r.ratings);
    c.satisfied = n(r.satisfied);
  }
  for (const r of status) {
    const c = slot(n(r.by_team), r.agent_id, r.team);
    c.idleMs = n(r.idle_ms);
    c.busyMs = n(r.busy_ms);
  }
  return { agents, teams };
}
