-- Analytics (issue 7): one append-only log of everything that happens, the single source of the
-- dashboard's metrics (docs/analytics.md). Every row is written in the same transaction as the
-- action it records (src/adapters/db/analytics-event-writer.ts).
--
-- A new table rather than more rows in conversation_events, because:
--  * conversation_events is the per-conversation audit of status transitions that
--    GET /v1/conversations/:id/events returns; messages, answers and agent status changes are
--    not status transitions and would change what that API means;
--  * agent status changes belong to no conversation (conversation_events.conversation_id is NOT NULL);
--  * the dashboard filters and groups by knowledge base, channel, agent, skill and team over a
--    million rows: those must be plain columns on the row itself (denormalized when written),
--    not a join through conversations/handoffs/agents nor keys inside a jsonb blob;
--  * no foreign keys: the history stays countable after an agent or a knowledge base is
--    deleted, and a million-row log does not pay for cascade checks on every insert.
CREATE TABLE analytics_events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- conversation_opened | customer_message | bot_answer | escalated | queued | assigned | accepted |
  -- agent_reply | transferred | requeued | resolved | returned_to_bot | closed | rated | agent_status
  type            text NOT NULL,
  at              timestamptz NOT NULL,
  conversation_id uuid,
  -- When the conversation was opened, copied onto each of its events: the dashboard's cohort is
  -- "conversations opened in the range", whenever their later events happened, so any event
  -- (an agent's reply, say) places its conversation. NULL for agent status changes.
  opened_at       timestamptz,
  kb_id           uuid,
  channel         text,
  -- The agent concerned (assigned to, replying, transferring away, rated, changing status), and
  -- for a customer message the agent holding the conversation when it was written.
  agent_id        uuid,
  -- That agent's team at the time.
  team            text,
  handoff_id      uuid,
  -- The handoff's skill at the time.
  skill           text,
  -- escalated/queued/requeued/transferred: the reason code; assigned: dispatch | claim | transfer.
  reason          text,
  -- bot_answer: answer | faq | clarification | no_answer | handoff.
  kind            text,
  -- agent_status: the new status (from_status the previous one).
  status          text,
  from_status     text,
  confidence      real CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  score           smallint CHECK (score IS NULL OR score BETWEEN 1 AND 5),
  -- The wait this event ends, measured when it was written (docs/analytics.md):
  -- assigned: time in the queue; agent_reply: how long the customer had waited for it;
  -- resolved/transferred/requeued/returned_to_bot/closed: how long the agent had held it;
  -- agent_status: how long the previous status (from_status) had lasted.
  duration_ms     bigint CHECK (duration_ms IS NULL OR duration_ms >= 0),
  -- bot_answer: the customer's question, normalized, for "top unanswered questions".
  question        text,
  data            jsonb,
  -- The writing transaction: the rollups below are brought up to date from the transactions
  -- that finished since the last refresh (xid8 never wraps around).
  xid             xid8 NOT NULL DEFAULT pg_current_xact_id()
);

-- Refreshing the rollups: what was written since, and all events of those conversations.
CREATE INDEX analytics_events_xid_idx ON analytics_events (xid);
CREATE INDEX analytics_events_conversation_idx ON analytics_events (conversation_id, at) WHERE conversation_id IS NOT NULL;
-- Idle/busy time: the status changes in a range (covering: status rows are scattered among a
-- million others, an index-only scan reads none of them), and each agent's status at its end.
CREATE INDEX analytics_events_status_at_idx ON analytics_events (at) INCLUDE (agent_id, team, from_status, duration_ms) WHERE type = 'agent_status';
CREATE INDEX analytics_events_agent_status_idx ON analytics_events (agent_id, at) WHERE type = 'agent_status';

-- Rollups: what the dashboard needs from each conversation and from each agent's (team's) part in it,
-- folded from the log by one GROUP BY each (src/adapters/db/analytics-rollup.ts), and hourly
-- sums of the former; kept up to date incrementally before every report. A 30-day report at a
-- million events then reads ~720 hourly rows instead of ~330k events (docs/benchmarks.md). They
-- hold nothing the log does not: delete the state row and the next report rebuilds them.
CREATE TABLE analytics_conversation_rollup (
  conversation_id     uuid PRIMARY KEY,
  opened_at           timestamptz NOT NULL,
  kb_id               uuid,
  channel             text,
  -- Who and what took part, for the agent, team and skill filters.
  agent_ids           uuid[] NOT NULL,
  teams               text[] NOT NULL,
  skills              text[] NOT NULL,
  -- The customer wrote or asked for a person.
  engaged             boolean NOT NULL,
  escalation_reasons  text[] NOT NULL,
  first_assigned      timestamptz,
  first_reply         timestamptz,
  customer_with_agent boolean NOT NULL,
  last_activity       timestamptz NOT NULL,
  rating_counts       integer[] NOT NULL,
  score_sum           integer NOT NULL,
  queue_ms            bigint NOT NULL,
  queue_n             integer NOT NULL,
  response_ms         bigint NOT NULL,
  response_n          integer NOT NULL,
  answers             integer NOT NULL,
  confidence_sum      numeric NOT NULL,
  confidence_n        integer NOT NULL,
  confidence_buckets  integer[] NOT NULL,
  unanswered          text[] NOT NULL
);
CREATE INDEX analytics_conversation_rollup_opened_idx ON analytics_conversation_rollup (opened_at);
-- Agent, team and skill filters (`agent_ids @> ARRAY[$1]`): the few conversations they select.
CREATE INDEX analytics_conversation_rollup_agents_idx ON analytics_conversation_rollup USING gin (agent_ids);
CREATE INDEX analytics_conversation_rollup_teams_idx ON analytics_conversation_rollup USING gin (teams);
CREATE INDEX analytics_conversation_rollup_skills_idx ON analytics_conversation_rollup USING gin (skills);

CREATE TABLE analytics_agent_rollup (
  conversation_id uuid NOT NULL,
  agent_id        uuid NOT NULL,
  team            text,
  opened_at       timestamptz NOT NULL,
  kb_id           uuid,
  channel         text,
  skills          text[] NOT NULL,
  assigned        boolean NOT NULL,
  transferred     boolean NOT NULL,
  replied         boolean NOT NULL,
  customer_wrote  boolean NOT NULL,
  first_assigned  timestamptz,
  first_reply     timestamptz,
  response_ms     bigint NOT NULL,
  response_n      integer NOT NULL,
  hold_ms         bigint NOT NULL,
  hold_n          integer NOT NULL,
  ratings         integer NOT NULL,
  satisfied       integer NOT NULL,
  PRIMARY KEY (conversation_id, agent_id)
);
CREATE INDEX analytics_agent_rollup_opened_idx ON analytics_agent_rollup (opened_at);

-- The same per (conversation, team): a conversation two agents of one team shared counts once.
CREATE TABLE analytics_team_rollup (
  conversation_id uuid NOT NULL,
  team            text NOT NULL,
  opened_at       timestamptz NOT NULL,
  kb_id           uuid,
  channel         text,
  skills          text[] NOT NULL,
  assigned        boolean NOT NULL,
  transferred     boolean NOT NULL,
  replied         boolean NOT NULL,
  customer_wrote  boolean NOT NULL,
  first_assigned  timestamptz,
  first_reply     timestamptz,
  response_ms     bigint NOT NULL,
  response_n      integer NOT NULL,
  hold_ms         bigint NOT NULL,
  hold_n          integer NOT NULL,
  ratings         integer NOT NULL,
  satisfied       integer NOT NULL,
  PRIMARY KEY (conversation_id, team)
);
CREATE INDEX analytics_team_rollup_opened_idx ON analytics_team_rollup (opened_at);

-- The conversation rollup summed per opening hour (UTC), knowledge base and channel. A report
-- without agent, team or skill filters takes its whole hours from here and only the conversations
-- of its partial first and last hour from the conversation rollup.
CREATE TABLE analytics_hourly_rollup (
  hour           timestamptz NOT NULL,
  kb_id          uuid,
  channel        text,
  conversations  integer NOT NULL,
  handled        integer NOT NULL,
  effective      integer NOT NULL,
  engaged        integer NOT NULL,
  escalated      integer NOT NULL,
  escalations    integer NOT NULL,
  r1             integer NOT NULL,
  r2             integer NOT NULL,
  r3             integer NOT NULL,
  r4             integer NOT NULL,
  r5             integer NOT NULL,
  score_sum      integer NOT NULL,
  queue_ms       bigint NOT NULL,
  queue_n        integer NOT NULL,
  response_ms    bigint NOT NULL,
  response_n     integer NOT NULL,
  duration_ms    bigint NOT NULL,
  duration_n     integer NOT NULL,
  first_ms       bigint NOT NULL,
  first_n        integer NOT NULL,
  answers        integer NOT NULL,
  b0             integer NOT NULL,
  b1             integer NOT NULL,
  b2             integer NOT NULL,
  b3             integer NOT NULL,
  b4             integer NOT NULL,
  b5             integer NOT NULL,
  b6             integer NOT NULL,
  b7             integer NOT NULL,
  b8             integer NOT NULL,
  b9             integer NOT NULL,
  confidence_sum numeric NOT NULL,
  confidence_n   integer NOT NULL,
  -- { "<reason>": n } and { "<normalized question>": n }
  reasons        jsonb NOT NULL,
  unanswered     jsonb NOT NULL
);
CREATE INDEX analytics_hourly_rollup_hour_idx ON analytics_hourly_rollup (hour);

-- The snapshot of the last refresh: the events of every transaction it saw are folded in; the
-- next refresh folds those of the transactions it did not see (committed since, or running then).
CREATE TABLE analytics_rollup_state (
  id       boolean PRIMARY KEY DEFAULT true CHECK (id),
  snapshot pg_snapshot NOT NULL
);

-- Agents belong to a team (班组) for the per-team figures.
ALTER TABLE agents ADD COLUMN team text;
