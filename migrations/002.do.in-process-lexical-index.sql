-- BM25 and exact-code matching moved into the service process (src/domain/lexical-index.ts,
-- loaded from search_text / codes / token_count). SQL BM25 at 100k chunks cost 70–150 ms per
-- query, and keeping its statistics cost more than half of every document write.

-- Every write or delete of a document bumps its knowledge base's revision and logs the
-- document under the new revision, in the same transaction. A process holding an in-memory
-- index compares revisions on each search and reloads only the logged documents, so replicas
-- and the ingest CLI writing beside a running service stay in step.
ALTER TABLE knowledge_bases ADD COLUMN revision bigint NOT NULL DEFAULT 0;
CREATE TABLE kb_index_log (
  kb_id       uuid NOT NULL REFERENCES knowledge_bases (id) ON DELETE CASCADE,
  revision    bigint NOT NULL,
  document_id uuid NOT NULL,
  PRIMARY KEY (kb_id, revision, document_id)
);

-- No longer read by anything: statistics, the generated tsvector and the GIN indexes.
DROP TABLE kb_term_stats;
DROP TABLE kb_corpus_stats;
DROP INDEX chunks_tsv_idx;
DROP INDEX chunks_codes_idx;
ALTER TABLE chunks DROP COLUMN tsv;
DROP INDEX faq_questions_tsv_idx;
DROP INDEX faq_questions_codes_idx;
ALTER TABLE faq_questions DROP COLUMN tsv;

-- The index loads a knowledge base in id order, page by page.
DROP INDEX chunks_kb_idx;
CREATE INDEX chunks_kb_id_idx ON chunks (kb_id, id);
DROP INDEX faq_questions_kb_idx;
CREATE INDEX faq_questions_kb_id_idx ON faq_questions (kb_id, id);

-- With the vector channel off (the local embedder's default) documents are stored without
-- vectors. false = some rows lack one: turning the channel on then needs `npm run reembed`.
ALTER TABLE embedding_space ADD COLUMN vectors_complete boolean NOT NULL DEFAULT true;

-- kb_id on chunks and FAQ rows is a copy of their document's knowledge base, kept for
-- filtering. Its foreign key checked the knowledge-base row once per inserted row (a third of
-- the insert time, measured with EXPLAIN ANALYZE) and adds nothing: deleting a knowledge base
-- already removes these rows through documents (ON DELETE CASCADE), and the app writes kb_id
-- from the document it inserts in the same statement.
ALTER TABLE chunks DROP CONSTRAINT chunks_kb_id_fkey;
ALTER TABLE faq_entries DROP CONSTRAINT faq_entries_kb_id_fkey;
ALTER TABLE faq_questions DROP CONSTRAINT faq_questions_kb_id_fkey;
