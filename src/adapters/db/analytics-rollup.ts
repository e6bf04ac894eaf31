import type pg from 'pg';
import { CONFIDENCE_BUCKETS, SATISFIED_SCORE } from '../../domain/analytics.js';
import { projectedColumns, summedColumns, SUMS } from './analytics-sums-sql.js';
import type { Database } from './database.js';

/*
 * The rollups (migrations/007) are a fold of the event log: one row per conversation, per
 * (conversation, agent) and per (conversation, team), each computed by a single GROUP BY over
 * that conversation's events, and hourly sums of the conversation rows. They are refreshed before every report from the events
 * of the transactions the last refresh did not see, so a report reflects everything committed
 * before it started.
 */

// Bot answers the customer saw; the canned "connecting you to a person" reply is not an answer.
const ANSWER = `type = 'bot_answer' AND kind <> 'handoff'`;
// real → numeric first: 0.7::real is 0.69999999 and would fall into the 0.6 bucket.
const BUCKET = `LEAST(floor(confidence::numeric * ${CONFIDENCE_BUCKETS}), ${CONFIDENCE_BUCKETS - 1})`;
// The events by which an agent stops holding a conversation; each carries how long they held it.
const HOLD_ENDS = `('resolved', 'transferred', 'requeued', 'returned_to_bot', 'closed')`;
const uuids = (col: string, where = `${col} IS NOT NULL`) => `COALESCE(array_agg(DISTINCT ${col}) FILTER (WHERE ${where}), '{}')`;

const CONVERSATION_COLUMNS = `conversation_id, opened_at, kb_id, channel, agent_ids, teams, skills, engaged, escalation_reasons,
  first_assigned, first_reply, customer_with_agent, last_activity, rating_counts, score_sum, queue_ms, queue_n, response_ms,
  response_n, answers, confidence_sum, confidence_n, confidence_buckets, unanswered, tenant_id`;

const foldConversations = (where: string) => `
  SELECT conversation_id,
    min(at) FILTER (WHERE type = 'conversation_opened'),
    (array_agg(kb_id) FILTER (WHERE type = 'conversation_opened'))[1],
    (array_agg(channel) FILTER (WHERE type = 'conversation_opened'))[1],
    ${uuids('agent_id')}, ${uuids('team')}, ${uuids('skill')},
    bool_or(type IN ('customer_message', 'escalated')),
    COALESCE(array_agg(reason ORDER BY at, id) FILTER (WHERE type = 'escalated'), '{}'),
    min(at) FILTER (WHERE type = 'assigned'),
    min(at) FILTER (WHERE type = 'agent_reply'),
    -- A customer message carries the agent who held the conversation when it was written.
    COALESCE(bool_or(type = 'customer_message' AND agent_id IS NOT NULL), false),
    max(at) FILTER (WHERE type <> 'rated'),
    ARRAY[${[1, 2, 3, 4, 5].map((s) => `count(*) FILTER (WHERE type = 'rated' AND score = ${s})`).join(', ')}]::integer[],
    COALESCE(sum(score) FILTER (WHERE type = 'rated'), 0),
    COALESCE(sum(duration_ms) FILTER (WHERE type = 'assigned'), 0), count(duration_ms) FILTER (WHERE type = 'assigned'),
    COALESCE(sum(duration_ms) FILTER (WHERE type = 'agent_reply'), 0), count(duration_ms) FILTER (WHERE type = 'agent_reply'),
    count(*) FILTER (WHERE ${ANSWER}),
    COALESCE(sum(confidence::numeric) FILTER (WHERE ${ANSWER}), 0), count(confidence) FILTER (WHERE ${ANSWER}),
    ARRAY[${Array.from({ length: CONFIDENCE_BUCKETS }, (_, i) => `count(*) FILTER (WHERE ${ANSWER} AND ${BUCKET} = ${i})`).join(', ')}]::integer[],
    COALESCE(array_agg(question ORDER BY at, id) FILTER (WHERE type = 'bot_answer' AND kind = 'no_answer' AND question <> ''), '{}'),
    (array_agg(tenant_id))[1]
  FROM analytics_events
  WHERE ${where}
  GROUP BY conversation_id
  HAVING bool_or(type = 'conversation_opened')`;

const PEOPLE_COLUMNS = `conversation_id, opened_at, kb_id, channel, skills, assigned, transferred, replied, customer_wrote,
  first_assigned, first_reply, response_ms, response_n, hold_ms, hold_n, ratings, satisfied, tenant_id`;
const AGENT_COLUMNS = `agent_id, team, ${PEOPLE_COLUMNS}`;
const TEAM_COLUMNS = `team, ${PEOPLE_COLUMNS}`;

/**
 * An agent's (or a team's) part in a conversation: the assignment, replies, the customer's
 * messages while they held it, the rating of their resolution.
 */
const foldPeople = (key: 'agent_id' | 'team', where: string) => `
  SELECT ${key}, ${key === 'agent_id' ? 'max(team), ' : ''}conversation_id, min(opened_at), (array_agg(kb_id))[1], max(channel), ${uuids('skill')},
    bool_or(type = 'assigned'), bool_or(type = 'transferred'), bool_or(type = 'agent_reply'), bool_or(type = 'customer_message'),
    min(at) FILTER (WHERE type = 'assigned'), min(at) FILTER (WHERE type = 'agent_reply'),
    COALESCE(sum(duration_ms) FILTER (WHERE type = 'agent_reply'), 0), count(duration_ms) FILTER (WHERE type = 'agent_reply'),
    COALESCE(sum(duration_ms) FILTER (WHERE type IN ${HOLD_ENDS}), 0), count(duration_ms) FILTER (WHERE type IN ${HOLD_ENDS}),
    count(*) FILTER (WHERE type = 'rated'), count(*) FILTER (WHERE type = 'rated' AND score >= ${SATISFIED_SCORE}),
    (array_agg(tenant_id))[1]
  FROM analytics_events
  WHERE ${key} IS NOT NULL AND opened_at IS NOT NULL AND ${where}
  GROUP BY conversation_id, ${key}`;

const conflictUpdate = (columns: string, key: string[]) =>
  columns
    .split(',')
    .map((c) => c.trim())
    .filter((c) => !key.includes(c))
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(', ');

/** Recomputes the hourly rollup of the hours in $1 (or of every hour) from the conversation rollup. */
function rebuildHours(hours: 'all' | '$1'): string {
  const from =
    hours === 'all'
      ? 'analytics_conversation_rollup'
      : `unnest($1::timestamptz[]) AS h JOIN analytics_conversation_rollup ON opened_at >= h AND opened_at < h + interval '1 hour'`;
  const same = (a: string, b: string) =>
    `${a}.hour = ${b}.hour AND ${a}.tenant_id = ${b}.tenant_id AND ${a}.kb_id IS NOT DISTINCT FROM ${b}.kb_id AND ${a}.channel IS NOT DISTINCT FROM ${b}.channel`;
  const keyed = (array: string) =>
    `SELECT hour, tenant_id, kb_id, channel, jsonb_object_agg(k, n) AS counts FROM (
       SELECT hour, tenant_id, kb_id, channel, k, count(*) AS n FROM c, unnest(${array}) AS k GROUP BY 1, 2, 3, 4, 5) AS x GROUP BY 1, 2, 3, 4`;
  return `WITH c AS (
      SELECT date_trunc('hour', opened_at, 'UTC') AS hour, tenant_id, kb_id, channel, escalation_reasons, unanswered, ${projectedColumns} FROM ${from}
    ), s AS (
      SELECT hour, tenant_id, kb_id, channel, ${summedColumns} FROM c GROUP BY 1, 2, 3, 4
    ), r AS (${keyed('escalation_reasons')}), u AS (${keyed('unanswered')})
    INSERT INTO analytics_hourly_rollup (hour, tenant_id, kb_id, channel, ${SUMS.join(', ')}, reasons, unanswered)
    SELECT s.*, COALESCE(r.counts, '{}'), COALESCE(u.counts, '{}')
    FROM s LEFT JOIN r ON ${same('r', 's')} LEFT JOIN u ON ${same('u', 's')}`;
}

// Arbitrary constant; the second key is the schema, so test schemas on one server do not wait for each other.
const REFRESH_LOCK = 727_411_904;
// Events of transactions the last refresh did not see (committed since, or still running then).
const UNSEEN = `xid >= pg_snapshot_xmin($1::pg_snapshot) AND NOT pg_visible_in_snapshot(xid, $1::pg_snapshot)`;

/**
 * Folds the events the last refresh did not see into the rollups. A cheap check first: with
 * nothing new (a dashboard reloading), no lock and no transaction. Refreshes are serialized by
 * an advisory lock taken before the transaction's snapshot, so one never writes an older view
 * over a newer one.
 */
export async function refreshRollups(db: Database): Promise<{ conversations: number }> {
  const c = await db.pool.connect();
  try {
    const { rows } = await c.query(`SELECT snapshot::text AS last FROM analytics_rollup_state`);
    if (rows[0]) {
      const { rows: fresh } = await c.query(`SELECT NOT EXISTS (SELECT 1 FROM analytics_events WHERE ${UNSEEN}) AS none`, [rows[0].last]);
      if (fresh[0].none) return { conversations: 0 };
    }
    await c.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [REFRESH_LOCK]);
    try {
      await c.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      try {
        const n = await fold(c);
        await c.query('COMMIT');
        return { conversations: n };
      } catch (err) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      await c.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [REFRESH_LOCK]).catch(() => undefined);
    }
  } finally {
    c.release();
  }
}

async function fold(c: pg.PoolClient): Promise<number> {
  const { rows } = await c.query(`SELECT pg_current_snapshot()::text AS now, (SELECT snapshot::text FROM analytics_rollup_state) AS last`);
  const { now, last } = rows[0] as { now: string; last: string | null };
  let folded: number;
  if (last === null) {
    // First refresh (or after the state row was deleted): rebuild from the whole log.
    await c.query('DELETE FROM analytics_conversation_rollup');
    await c.query('DELETE FROM analytics_agent_rollup');
    await c.query('DELETE FROM analytics_hourly_rollup');
    const r = await c.query(`INSERT INTO analytics_conversation_rollup (${CONVERSATION_COLUMNS}) ${foldConversations('conversation_id IS NOT NULL')}`);
    await c.query('DELETE FROM analytics_team_rollup');
    await c.query(`INSERT INTO analytics_agent_rollup (${AGENT_COLUMNS}) ${foldPeople('agent_id', 'true')}`);
    await c.query(`INSERT INTO analytics_team_rollup (${TEAM_COLUMNS}) ${foldPeople('team', 'true')}`);
    await c.query(rebuildHours('all'));
    folded = r.rowCount ?? 0;
  } else {
    const { rows: touched } = await c.query(
      `SELECT array_agg(DISTINCT conversation_id) AS ids FROM analytics_events WHERE ${UNSEEN} AND conversation_id IS NOT NULL`,
      [last],
    );
    const ids: string[] | null = touched[0].ids;
    folded = ids?.length ?? 0;
    if (ids?.length) {
      await c.query(
        `INSERT INTO analytics_conversation_rollup (${CONVERSATION_COLUMNS}) ${foldConversations('conversation_id = ANY($1::uuid[])')}
         ON CONFLICT (conversation_id) DO UPDATE SET ${conflictUpdate(CONVERSATION_COLUMNS, ['conversation_id'])}`,
        [ids],
      );
      for (const [table, key, columns] of [
        ['analytics_agent_rollup', 'agent_id', AGENT_COLUMNS],
        ['analytics_team_rollup', 'team', TEAM_COLUMNS],
      ] as const)
        await c.query(
          `INSERT INTO ${table} (${columns}) ${foldPeople(key, 'conversation_id = ANY($1::uuid[])')}
           ON CONFLICT (conversation_id, ${key}) DO UPDATE SET ${conflictUpdate(columns, ['conversation_id', key])}`,
          [ids],
        );
      const { rows: h } = await c.query(
        `SELECT array_agg(DISTINCT date_trunc('hour', opened_at, 'UTC')) AS hours FROM analytics_conversation_rollup WHERE conversation_id = ANY($1::uuid[])`,
        [ids],
      );
      if (h[0].hours) {
        await c.query('DELETE FROM analytics_hourly_rollup WHERE hour = ANY($1::timestamptz[])', [h[0].hours]);
        await c.query(rebuildHours('$1'), [h[0].hours]);
      }
    }
  }
  await c.query(
    `INSERT INTO analytics_rollup_state (id, snapshot) VALUES (true, $1::pg_snapshot) ON CONFLICT (id) DO UPDATE SET snapshot = EXCLUDED.snapshot`,
    [now],
  );
  return folded;
}
