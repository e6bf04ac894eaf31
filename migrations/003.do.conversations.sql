-- Conversations and their messages (issue 4). Every message is persisted, including an
-- assistant answer that was cut off (status 'cancelled' keeps the partial text).
CREATE TABLE conversations (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kb_id           uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  channel         text NOT NULL DEFAULT 'api',
  customer_id     text,
  -- NULL = detect per message
  language        text CHECK (language IN ('zh', 'en')),
  status          text NOT NULL DEFAULT 'bot' CHECK (status IN ('bot', 'queued', 'assigned', 'resolved', 'closed')),
  -- Rolling summary of the turns older than the memory window, and the last seq folded into it.
  summary         text NOT NULL DEFAULT '',
  summary_through integer NOT NULL DEFAULT 0,
  -- The answer being generated: a second message meanwhile is refused (409) rather than
  -- interleaved. A turn older than the stale limit (a crashed process) no longer blocks.
  active_turn     uuid,
  active_since    timestamptz,
  message_count   integer NOT NULL DEFAULT 0,
  metadata        jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_kb_created_idx ON conversations (kb_id, created_at DESC);
CREATE INDEX conversations_customer_idx ON conversations (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE messages (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  seq             integer NOT NULL,
  role            text NOT NULL CHECK (role IN ('user', 'assistant', 'agent', 'system')),
  content         text NOT NULL,
  status          text NOT NULL DEFAULT 'complete' CHECK (status IN ('streaming', 'complete', 'cancelled', 'failed')),
  language        text,
  -- user messages: the stand-alone query retrieval ran with (after rewriting a follow-up)
  query           text,
  -- assistant messages: answer | faq | clarification | no_answer
  kind            text,
  citations       jsonb NOT NULL DEFAULT '[]',
  confidence      real CHECK (confidence IS NULL OR (confidence >= 0 AND confidence <= 1)),
  usage           jsonb,
  timings         jsonb,
  prompt          jsonb,
  error           jsonb,
  metadata        jsonb NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  completed_at    timestamptz,
  UNIQUE (conversation_id, seq)
);
