-- Knowledge bases, documents, chunks and FAQ entries.
-- Runs unchanged on PGlite (PG 18 + pgvector 0.8.7) and PostgreSQL >= 15 + pgvector >= 0.8.
CREATE EXTENSION IF NOT EXISTS vector;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE knowledge_bases (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL UNIQUE,
  description text NOT NULL DEFAULT '',
  settings    jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE documents (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kb_id        uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  source_path  text NOT NULL,
  title        text,
  kind         text NOT NULL CHECK (kind IN ('doc', 'faq')),
  mime_type    text NOT NULL,
  content_hash text NOT NULL,
  status       text NOT NULL CHECK (status IN ('processing', 'ready', 'failed')),
  version      integer NOT NULL DEFAULT 1,
  size_bytes   bigint NOT NULL DEFAULT 0,
  chunk_count  integer NOT NULL DEFAULT 0,
  language     text,
  metadata     jsonb NOT NULL DEFAULT '{}',
  error        jsonb,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  -- one row per source path: concurrent uploads of the same file converge on one document
  UNIQUE (kb_id, source_path)
);

-- The uploaded bytes, kept so a document can be re-ingested (new chunking, parser or embedder)
-- without the content team uploading it again. Written in the same transaction as its chunks.
CREATE TABLE document_sources (
  document_id  uuid PRIMARY KEY REFERENCES documents (id) ON DELETE CASCADE,
  bytes        bytea NOT NULL,
  content_type text
);

-- search_text is the app-segmented text (jieba words, bigrams, normalised codes) so that the
-- 'simple' configuration tokenises Chinese properly on both databases.
CREATE TABLE chunks (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kb_id         uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  document_id   uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  position      integer NOT NULL,
  heading_path  text[] NOT NULL DEFAULT '{}',
  content       text NOT NULL,
  language      text NOT NULL,
  search_text   text NOT NULL,
  tsv           tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
  codes         text[] NOT NULL DEFAULT '{}',
  embedding     halfvec,
  token_count   integer NOT NULL DEFAULT 0,
  metadata      jsonb NOT NULL DEFAULT '{}',
  UNIQUE (document_id, position)
);
CREATE INDEX chunks_kb_idx ON chunks (kb_id);
CREATE INDEX chunks_tsv_idx ON chunks USING gin (tsv);
CREATE INDEX chunks_codes_idx ON chunks USING gin (codes);

CREATE TABLE faq_entries (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  kb_id        uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  document_id  uuid NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
  external_id  text NOT NULL,
  position     integer NOT NULL,
  question     text NOT NULL,
  answer       text NOT NULL,
  language     text NOT NULL,
  metadata     jsonb NOT NULL DEFAULT '{}',
  UNIQUE (document_id, external_id)
);
CREATE INDEX faq_entries_kb_idx ON faq_entries (kb_id);

-- Every wording of a question (the main one and its alternatives) is indexed on its own and
-- matched question-to-question; hits roll up to their entry. The answer is indexed too (role
-- 'answer', no vector) as weaker evidence: users often ask in the answer's words.
CREATE TABLE faq_questions (
  id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kb_id        uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  faq_id       uuid NOT NULL REFERENCES faq_entries (id) ON DELETE CASCADE,
  is_primary   boolean NOT NULL,
  role         text NOT NULL DEFAULT 'question' CHECK (role IN ('question', 'alternative', 'answer')),
  question     text NOT NULL,
  search_text  text NOT NULL,
  tsv          tsvector GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED,
  codes        text[] NOT NULL DEFAULT '{}',
  token_count  integer NOT NULL DEFAULT 0,
  embedding    halfvec
);
CREATE INDEX faq_questions_kb_idx ON faq_questions (kb_id);
CREATE INDEX faq_questions_faq_idx ON faq_questions (faq_id);
CREATE INDEX faq_questions_tsv_idx ON faq_questions USING gin (tsv);
CREATE INDEX faq_questions_codes_idx ON faq_questions USING gin (codes);

-- BM25 needs document frequencies and lengths, which PostgreSQL full-text search does not
-- keep. They are maintained in the same transaction that writes or deletes a document.
-- corpus: 0 = document chunks, 1 = FAQ questions.
CREATE TABLE kb_corpus_stats (
  kb_id       uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  corpus      smallint NOT NULL,
  doc_count   integer NOT NULL DEFAULT 0,
  token_total bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (kb_id, corpus)
);
CREATE TABLE kb_term_stats (
  kb_id  uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  corpus smallint NOT NULL,
  term   text NOT NULL,
  df     integer NOT NULL,
  PRIMARY KEY (kb_id, corpus, term)
);

-- The embedder that produced every stored vector. One per deployment: start-up compares it
-- with the configured embedder and refuses to mix spaces.
CREATE TABLE embedding_space (
  singleton  boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  embedder   text NOT NULL,
  dimension  integer NOT NULL CHECK (dimension > 0),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Vectors are stored as halfvec: half the size keeps a 512-d vector inside its row (a 2 KB
-- vector is TOASTed and every read pays for it), HNSW goes up to 4000 dimensions, and half
-- precision does not change cosine rankings measurably.
-- Fixing the vector dimension is schema work, so it lives here and not in application code:
-- the app calls this function when it first records the embedder and when `npm run reembed`
-- moves to another one (inside the re-embedding transaction). Clears existing vectors.
CREATE FUNCTION set_embedding_dimension(dim integer) RETURNS void
LANGUAGE plpgsql AS $fn$
BEGIN
  IF dim IS NULL OR dim < 1 OR dim > 4000 THEN
    RAISE EXCEPTION 'embedding dimension % out of range 1..4000 (HNSW limit for halfvec)', dim;
  END IF;
  DROP INDEX IF EXISTS chunks_embedding_hnsw;
  DROP INDEX IF EXISTS faq_questions_embedding_hnsw;
  UPDATE chunks SET embedding = NULL WHERE embedding IS NOT NULL;
  UPDATE faq_questions SET embedding = NULL WHERE embedding IS NOT NULL;
  EXECUTE format('ALTER TABLE chunks ALTER COLUMN embedding TYPE halfvec(%s) USING NULL', dim);
  EXECUTE format('ALTER TABLE faq_questions ALTER COLUMN embedding TYPE halfvec(%s) USING NULL', dim);
  CREATE INDEX chunks_embedding_hnsw ON chunks USING hnsw (embedding halfvec_cosine_ops);
  CREATE INDEX faq_questions_embedding_hnsw ON faq_questions USING hnsw (embedding halfvec_cosine_ops);
END
$fn$;
