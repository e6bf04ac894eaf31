-- Human handoff (issue 5): agents, the queue of conversations waiting for one, every status
-- change of a conversation as an event, tickets when nobody is online, and CSAT ratings.

CREATE TABLE agents (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name            text NOT NULL,
  -- { "<skill>": level 1..5 }; skill names are checked against the configured catalogue
  skills          jsonb NOT NULL DEFAULT '{}',
  languages       text[] NOT NULL DEFAULT '{}',
  max_concurrent  integer NOT NULL DEFAULT 3 CHECK (max_concurrent BETWEEN 1 AND 100),
  status          text NOT NULL DEFAULT 'offline' CHECK (status IN ('online', 'busy', 'away', 'offline')),
  status_since    timestamptz NOT NULL DEFAULT now(),
  -- Conversations assigned and not yet resolved. The CHECK is the last line of defence: two
  -- instances assigning at once can never push an agent over capacity.
  active_count    integer NOT NULL DEFAULT 0,
  -- Fairness: among equal candidates the one idle longest gets the next conversation.
  last_assigned_at timestamptz,
  metadata        jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (active_count >= 0 AND active_count <= max_concurrent)
);

-- One row per status period, so idle (online) and busy time per agent can be summed later.
CREATE TABLE agent_status_changes (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  agent_id    uuid NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
  from_status text,
  to_status   text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_status_changes_agent_idx ON agent_status_changes (agent_id, at);

-- Every transition of conversations.status, written in the same transaction as the change.
CREATE TABLE conversation_events (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  type            text NOT NULL,
  from_status     text,
  to_status       text,
  actor_kind      text NOT NULL CHECK (actor_kind IN ('bot', 'customer', 'agent', 'system')),
  actor_id        text,
  reason          text,
  data            jsonb NOT NULL DEFAULT '{}',
  at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_events_conversation_idx ON conversation_events (conversation_id, id);

-- One row per handoff of a conversation to humans. At most one is open at a time.
CREATE TABLE handoffs (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  -- queued → assigned (offered; accepted_at set when the agent claims) → resolved | returned
  status          text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'assigned', 'resolved', 'returned', 'closed')),
  reason          text NOT NULL,
  skill           text,
  language        text,
  urgency         real NOT NULL DEFAULT 0 CHECK (urgency >= 0 AND urgency <= 1),
  packet          jsonb NOT NULL,
  agent_id        uuid REFERENCES agents (id) ON DELETE SET NULL,
  queued_at       timestamptz NOT NULL DEFAULT now(),
  assigned_at     timestamptz,
  accepted_at     timestamptz,
  closed_at       timestamptz,
  requeue_count   integer NOT NULL DEFAULT 0,
  csat_score      smallint CHECK (csat_score BETWEEN 1 AND 5),
  csat_comment    text,
  rated_at        timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX handoffs_one_open_idx ON handoffs (conversation_id) WHERE closed_at IS NULL;
CREATE INDEX handoffs_queue_idx ON handoffs (queued_at) WHERE status = 'queued';
CREATE INDEX handoffs_agent_idx ON handoffs (agent_id) WHERE status = 'assigned';

-- 工单: no agent was online at handoff time; someone follows up with the customer later.
CREATE TABLE tickets (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  handoff_id      uuid REFERENCES handoffs (id) ON DELETE SET NULL,
  status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done')),
  reason          text NOT NULL,
  skill           text,
  contact         jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tickets_open_idx ON tickets (created_at) WHERE status = 'open';
