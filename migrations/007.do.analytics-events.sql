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
  -- "conversations opened in the range", and this lets one index range scan find all their
  -- events, whenever they happened. NULL for agent status changes.
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
  -- resolved/transferred/requeued/returned_to_bot/closed: how long the agent had held it.
  duration_ms     bigint CHECK (duration_ms IS NULL OR duration_ms >= 0),
  -- bot_answer: the customer's question, normalized, for "top unanswered questions".
  question        text,
  data            jsonb
);

-- The conversation cohort of every dashboard query: all events of the conversations opened in a range.
CREATE INDEX analytics_events_opened_idx ON analytics_events (opened_at) WHERE opened_at IS NOT NULL;
-- Idle/busy time: each agent's status periods, and the status in effect when a range starts.
CREATE INDEX analytics_events_agent_status_idx ON analytics_events (agent_id, at) WHERE type = 'agent_status';

-- Agents belong to a team (班组) for the per-team figures.
ALTER TABLE agents ADD COLUMN team text;
