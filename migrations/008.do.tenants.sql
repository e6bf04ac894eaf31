-- Tenants (workspaces), API keys with roles, and the audit log (issue 8; docs/security.md).
--
-- Every root table gets tenant_id; child tables (documents, chunks, FAQ entries, messages,
-- handoffs, tickets, conversation events, eval results, ...) belong to a tenant through their
-- parent, and every query reaches them through it. The column defaults to the built-in
-- 'default' tenant this migration inserts, so data written before tenants existed belongs to it
-- and existing installations keep working unchanged.

CREATE TABLE tenants (
  -- A short slug (also what the CLI's --tenant takes).
  id         text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9_-]{0,62}$'),
  name       text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO tenants (id, name) VALUES ('default', 'Default workspace');

CREATE TABLE api_keys (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant_id       text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name            text NOT NULL,
  role            text NOT NULL CHECK (role IN ('admin', 'content', 'agent', 'qa', 'analyst', 'widget')),
  -- The first characters of the key (kf_live_ab12…), so a person can tell keys apart; not secret.
  prefix          text NOT NULL,
  -- sha256 of the whole key, hex. The key itself is shown once at creation and never stored:
  -- the keys are long random strings, so a fast hash is enough (no password stretching needed).
  hash            text NOT NULL UNIQUE,
  -- Widget keys only: the sites (Origin header values) allowed to use the key.
  allowed_origins text[] NOT NULL DEFAULT '{}',
  created_at      timestamptz NOT NULL DEFAULT now(),
  last_used_at    timestamptz,
  revoked_at      timestamptz
);
CREATE INDEX api_keys_tenant_idx ON api_keys (tenant_id, created_at);

-- Who did what: admin and content actions, written in the transaction of the action itself.
CREATE TABLE audit_log (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  tenant_id  text NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  -- NULL for actions of the CLI or of the service itself (the first-run admin key).
  key_id     uuid,
  action     text NOT NULL,
  target     text,
  details    jsonb NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, id DESC);

-- Root tables.
ALTER TABLE knowledge_bases ADD COLUMN tenant_id text NOT NULL DEFAULT 'default' REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE knowledge_bases DROP CONSTRAINT knowledge_bases_name_key;
ALTER TABLE knowledge_bases ADD CONSTRAINT knowledge_bases_tenant_name_key UNIQUE (tenant_id, name);

ALTER TABLE conversations ADD COLUMN tenant_id text NOT NULL DEFAULT 'default' REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX conversations_tenant_idx ON conversations (tenant_id, created_at DESC);

ALTER TABLE agents ADD COLUMN tenant_id text NOT NULL DEFAULT 'default' REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX agents_tenant_idx ON agents (tenant_id);

ALTER TABLE eval_suites ADD COLUMN tenant_id text NOT NULL DEFAULT 'default' REFERENCES tenants (id) ON DELETE CASCADE;
ALTER TABLE eval_suites DROP CONSTRAINT eval_suites_name_key;
ALTER TABLE eval_suites ADD CONSTRAINT eval_suites_tenant_name_key UNIQUE (tenant_id, name);

ALTER TABLE eval_runs ADD COLUMN tenant_id text NOT NULL DEFAULT 'default' REFERENCES tenants (id) ON DELETE CASCADE;
CREATE INDEX eval_runs_tenant_idx ON eval_runs (tenant_id, created_at DESC);

-- Analytics: no foreign key, like the rest of the log (history outlives what it describes).
ALTER TABLE analytics_events ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE analytics_conversation_rollup ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE analytics_agent_rollup ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE analytics_team_rollup ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE analytics_hourly_rollup ADD COLUMN tenant_id text NOT NULL DEFAULT 'default';
CREATE INDEX analytics_conversation_rollup_tenant_idx ON analytics_conversation_rollup (tenant_id, opened_at);
CREATE INDEX analytics_hourly_rollup_tenant_idx ON analytics_hourly_rollup (tenant_id, hour);
