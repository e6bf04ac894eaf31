-- The QA API (issue 6): eval runs as durable background jobs, one row per scored case so quality
-- can be charted over time, and the suites QA engineers upload or grow from real conversations.
-- Suites in the configured folders (EVAL_SUITES_DIRS) stay files and are not copied here.

-- A suite stored through the API, in the shared format (../shared/evals/FORMAT.md): `knowledge`
-- as uploaded ([{ "path", "resolved", "type" }]), or `kb_id`, a live knowledge base of this
-- service the cases run against without any ingest. No foreign key on kb_id: deleting a
-- knowledge base must not delete the QA team's cases; a run on it fails and says why.
--
-- The cases are the suite's cases file itself (JSONL, one case per line, validated when stored),
-- not one row per case: a 10,000-case upload is then one value to write instead of 10,000 rows
-- (measured on PGlite: 1.1-2.2 s for the rows, which the upload request would wait for), and the
-- export is that text as it is. Cases made from conversations are appended as lines; each keeps
-- its conversation and message ids in `meta`.
CREATE TABLE eval_suites (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  -- not CHECKed: the runner's kinds grow (docs, faq, intent, sentiment, ...) and the loader validates
  kind        text NOT NULL,
  lang        text,
  description text,
  kb_id       uuid,
  knowledge   jsonb NOT NULL DEFAULT '[]',
  -- kind intent: the skills file's exemplars ([{ "skill", "text" }])
  skills      jsonb,
  -- upload | cases (created by POST /v1/evals/cases)
  origin      text NOT NULL CHECK (origin IN ('upload', 'cases')),
  cases       text NOT NULL DEFAULT '',
  case_count  integer NOT NULL DEFAULT 0,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE eval_runs (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  suites           text[] NOT NULL,
  -- { answers, baseline, limit }
  options          jsonb NOT NULL DEFAULT '{}',
  progress_done    integer NOT NULL DEFAULT 0,
  progress_total   integer NOT NULL DEFAULT 0,
  -- what the run is doing now: "ingest", "<suite> (<pipeline>)"
  phase            text,
  -- a cancel asked of a run another instance is running: that instance sees it at its next progress write
  cancel_requested boolean NOT NULL DEFAULT false,
  -- headline figures per suite and pipeline ([{ suite, kind, pipeline, cases, metrics, answers? }]), for trends
  metrics          jsonb,
  -- the whole reports, as `npm run eval -- --json` writes them
  reports          jsonb,
  skipped          jsonb,
  -- { code, message } of a failed run
  error            jsonb,
  created_at       timestamptz NOT NULL DEFAULT now(),
  started_at       timestamptz,
  finished_at      timestamptz
);
CREATE INDEX eval_runs_created_idx ON eval_runs (created_at DESC);
CREATE INDEX eval_runs_open_idx ON eval_runs (status, created_at) WHERE status IN ('queued', 'running');

-- One scored case of a run: `stage` is what was scored (retrieval, answer, sentiment, intent, ...),
-- so a docs case run with answers has two rows. `correct` is the stage's own verdict (retrieval:
-- the first hit at rank 1; answer: grounded on a passage that answers the case).
CREATE TABLE eval_results (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  run_id      uuid NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  suite       text NOT NULL,
  pipeline    text NOT NULL,
  stage       text NOT NULL,
  case_id     text NOT NULL,
  lang        text,
  question    text,
  expected    jsonb,
  got         jsonb,
  -- retrieved (or cited) sources in rank order
  sources     jsonb,
  rank        integer,
  confidence  real,
  correct     boolean NOT NULL,
  latency_ms  real,
  created_at  timestamptz NOT NULL DEFAULT now()
);
-- GET /v1/evals/:id lists a run's results failures first.
CREATE INDEX eval_results_run_idx ON eval_results (run_id, correct, id);
-- Trends: one case's verdicts across runs.
CREATE INDEX eval_results_case_idx ON eval_results (suite, case_id, created_at);
