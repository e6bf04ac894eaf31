import type pg from 'pg';
import { KnowledgeBaseNotFound } from '../../domain/errors.js';
import type { DocumentRecord, IndexedChunk, IndexedFaqEntry } from '../../domain/knowledge.js';
import type { DocumentStore, DocumentWrite, WriteOutcome } from '../../ports/knowledge-store.js';
import { INDEX_LOG_KEEP } from './lexical-index-sync.js';
import { withTransaction, type Database } from './database.js';
import { vectorLiteral } from './vector-literal.js';
import { CHUNK_COLUMNS, DOCUMENT_COLUMNS, toChunk, toDocument, toFaqEntry, UUID_RE } from './row-mappers.js';

const INSERT_BATCH = 400;


export class PgDocumentStore implements DocumentStore {
  private rowsSinceAnalyze = 0;
  private rowsAtLastAnalyze = 0;

  constructor(private readonly db: Database) {}

  async write(doc: DocumentWrite, opts: { force?: boolean } = {}): Promise<{ document: DocumentRecord; outcome: WriteOutcome }> {
    const result = await this.writeInTransaction(doc, opts);
    if (result.outcome !== 'unchanged') await this.maybeAnalyze(doc.chunks.length + doc.faqEntries.length);
    return result;
  }

  /**
   * PGlite runs no autovacuum, so after bulk ingestion the planner still believes a knowledge
   * base holds a handful of rows and scans instead of using HNSW. Refresh statistics whenever
   * the tables have grown by a fifth since the last time.
   */
  private async maybeAnalyze(rows: number) {
    this.rowsSinceAnalyze += rows;
    if (this.rowsSinceAnalyze < 200 || this.rowsSinceAnalyze < this.rowsAtLastAnalyze * 0.2) return;
    this.rowsAtLastAnalyze += this.rowsSinceAnalyze;
    this.rowsSinceAnalyze = 0;
    await this.db.pool.query('ANALYZE chunks, faq_questions');
  }

  private async writeInTransaction(doc: DocumentWrite, opts: { force?: boolean }) {
    return withTransaction(this.db, async (c) => {
      await lockKnowledgeBase(c, doc.kbId);
      const { rows: found } = await c.query(
        `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE kb_id = $1 AND source_path = $2 FOR UPDATE`,
        [doc.kbId, doc.sourcePath],
      );
      const existing = found[0] ? toDocument(found[0]) : undefined;
      if (existing && existing.status === 'ready' && existing.contentHash === doc.contentHash && !opts.force) {
        return { document: existing, outcome: 'unchanged' as const };
      }
      let id: string;
      if (existing) {
        await removeContent(c, existing.id);
        id = existing.id;
      } else {
        const { rows } = await c.query(
          `INSERT INTO documents (kb_id, source_path, kind, mime_type, content_hash, status) VALUES ($1, $2, $3, $4, $5, 'processing') RETURNING id`,
          [doc.kbId, doc.sourcePath, doc.kind, doc.mimeType, doc.contentHash],
        );
        id = rows[0].id;
      }
      await c.query(
        `INSERT INTO document_sources (document_id, bytes, content_type) VALUES ($1, $2, $3)
         ON CONFLICT (document_id) DO UPDATE SET bytes = EXCLUDED.bytes, content_type = EXCLUDED.content_type`,
        [id, Buffer.from(doc.source.bytes.buffer, doc.source.bytes.byteOffset, doc.source.bytes.byteLength), doc.source.contentType ?? null],
      );
      await insertChunks(c, doc.kbId, id, doc.chunks);
      await insertFaqEntries(c, doc.kbId, id, doc.faqEntries);
      const count = doc.kind === 'faq' ? doc.faqEntries.length : doc.chunks.length;
      const { rows } = await c.query(
        `UPDATE documents SET title = $2, kind = $3, mime_type = $4, content_hash = $5, status = 'ready',
           version = CASE WHEN $6 THEN version + 1 ELSE version END, size_bytes = $7, chunk_count = $8,
           language = $9, metadata = $10, error = NULL, updated_at = now()
         WHERE id = $1 RETURNING ${DOCUMENT_COLUMNS}`,
        [id, doc.title ?? null, doc.kind, doc.mimeType, doc.contentHash, !!existing, doc.sizeBytes, count, doc.language, JSON.stringify(doc.metadata)],
      );
      const missingVectors = doc.chunks.some((ch) => !ch.embedding) || doc.faqEntries.some((e) => e.questions.some((q) => q.role !== 'answer' && !q.embedding));
      await recordChange(c, doc.kbId, id, missingVectors);
      return { document: toDocument(rows[0]), outcome: existing ? ('updated' as const) : ('created' as const) };
    });
  }

  async markFailed(input: Parameters<DocumentStore['markFailed']>[0]): Promise<void> {
    // A failed re-ingest keeps the previous good version searchable; only new paths get a failed row.
    await this.db.pool.query(
      `INSERT INTO documents (kb_id, source_path, kind, mime_type, content_hash, status, size_bytes, error)
       VALUES ($1, $2, $3, $4, $5, 'failed', $6, $7)
       ON CONFLICT (kb_id, source_path) DO UPDATE SET error = EXCLUDED.error, updated_at = now()
         WHERE documents.status <> 'ready'`,
      [input.kbId, input.sourcePath, input.kind, input.mimeType, input.contentHash, input.sizeBytes, JSON.stringify(input.error)],
    );
  }

  async findByPath(kbId: string, sourcePath: string) {
    const { rows } = await this.db.pool.query(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE kb_id = $1 AND source_path = $2`, [kbId, sourcePath]);
    return rows[0] ? toDocument(rows[0]) : undefined;
  }

  async get(kbId: string, documentId: string) {
    if (!UUID_RE.test(documentId)) return undefined;
    const { rows } = await this.db.pool.query(`SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE kb_id = $1 AND id = $2`, [kbId, documentId]);
    return rows[0] ? toDocument(rows[0]) : undefined;
  }

  async list(kbId: string, opts: { limit: number; offset: number; status?: string; kind?: string; q?: string }) {
    const where = ['kb_id = $1'];
    const params: unknown[] = [kbId];
    if (opts.status) where.push(`status = $${params.push(opts.status)}`);
    if (opts.kind) where.push(`kind = $${params.push(opts.kind)}`);
    if (opts.q) where.push(`strpos(lower(source_path), lower($${params.push(opts.q)})) > 0`);
    const cond = where.join(' AND ');
    const [{ rows }, total] = [
      await this.db.pool.query(
        `SELECT ${DOCUMENT_COLUMNS} FROM documents WHERE ${cond} ORDER BY source_path LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, opts.limit, opts.offset],
      ),
      await this.db.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM documents WHERE ${cond}`, params),
    ];
    return { items: rows.map(toDocument), total: total.rows[0].n };
  }

  async delete(kbId: string, documentId: string): Promise<boolean> {
    if (!UUID_RE.test(documentId)) return false;
    return withTransaction(this.db, async (c) => {
      await lockKnowledgeBase(c, kbId);
      const { rows } = await c.query('SELECT id FROM documents WHERE kb_id = $1 AND id = $2 FOR UPDATE', [kbId, documentId]);
      if (!rows.length) return false;
      await removeContent(c, documentId);
      await c.query('DELETE FROM documents WHERE id = $1', [documentId]);
      await recordChange(c, kbId, documentId, false);
      return true;
    });
  }

  async chunks(kbId: string, documentId: string) {
    if (!UUID_RE.test(documentId)) return [];
    const { rows } = await this.db.pool.query(`SELECT ${CHUNK_COLUMNS} FROM chunks c WHERE c.kb_id = $1 AND c.document_id = $2 ORDER BY c.position`, [kbId, documentId]);
    return rows.map(toChunk);
  }

  async source(kbId: string, documentId: string) {
    if (!UUID_RE.test(documentId)) return undefined;
    const { rows } = await this.db.pool.query(
      `SELECT s.bytes, s.content_type FROM document_sources s JOIN documents d ON d.id = s.document_id WHERE d.kb_id = $1 AND d.id = $2`,
      [kbId, documentId],
    );
    return rows[0] ? { bytes: new Uint8Array(rows[0].bytes as Buffer), contentType: rows[0].content_type ?? undefined } : undefined;
  }

  async faqEntries(kbId: string, documentId: string) {
    if (!UUID_RE.test(documentId)) return [];
    const { rows } = await this.db.pool.query(
      `SELECT e.id, e.document_id, e.external_id, e.question, e.answer, e.language,
         ARRAY(SELECT q.question FROM faq_questions q WHERE q.faq_id = e.id AND q.role = 'alternative' ORDER BY q.id) AS alt_questions
       FROM faq_entries e WHERE e.kb_id = $1 AND e.document_id = $2 ORDER BY e.position`,
      [kbId, documentId],
    );
    return rows.map(toFaqEntry);
  }
}

/** Serialises writers per knowledge base (revisions are handed out in commit order) and fails if it is gone. */
async function lockKnowledgeBase(c: pg.PoolClient, kbId: string) {
  const { rows } = await c.query('SELECT id FROM knowledge_bases WHERE id = $1 FOR UPDATE', [kbId]);
  if (!rows.length) throw new KnowledgeBaseNotFound(`Knowledge base ${kbId} does not exist`, { details: { kbId } });
}

async function removeContent(c: pg.PoolClient, documentId: string) {
  await c.query('DELETE FROM chunks WHERE document_id = $1', [documentId]);
  await c.query('DELETE FROM faq_entries WHERE document_id = $1', [documentId]);
}

/**
 * One round trip at the end of every write/delete: bump the knowledge base's revision, log the
 * document under it for the in-memory indexes of every process (LexicalIndexSync), forget log
 * rows no reader needs any more, and note stored rows without vectors.
 */
async function recordChange(c: pg.PoolClient, kbId: string, documentId: string, missingVectors: boolean) {
  await c.query(
    `WITH k AS (UPDATE knowledge_bases SET revision = revision + 1 WHERE id = $1 RETURNING revision),
     logged AS (INSERT INTO kb_index_log (kb_id, revision, document_id) SELECT $1, k.revision, $2 FROM k),
     pruned AS (DELETE FROM kb_index_log WHERE kb_id = $1 AND revision <= (SELECT revision FROM k) - ${INDEX_LOG_KEEP}),
     vectors AS (UPDATE embedding_space SET vectors_complete = false WHERE vectors_complete AND $3::boolean)
     SELECT revision FROM k`,
    [kbId, documentId, missingVectors],
  );
}

async function insertChunks(c: pg.PoolClient, kbId: string, documentId: string, chunks: IndexedChunk[]) {
  for (let i = 0; i < chunks.length; i += INSERT_BATCH) {
    const rows = chunks.slice(i, i + INSERT_BATCH).map((ch) => ({
      position: ch.position,
      heading_path: ch.headingPath,
      content: ch.content,
      language: ch.language,
      search_text: ch.searchTerms.join(' '),
      codes: ch.codes,
      embedding: ch.embedding ? vectorLiteral(ch.embedding) : null,
      token_count: ch.searchTerms.length,
      metadata: ch.metadata ?? {},
    }));
    await c.query(
      `INSERT INTO chunks (kb_id, document_id, position, heading_path, content, language, search_text, codes, embedding, token_count, metadata)
       SELECT $1, $2, (r->>'position')::int, ARRAY(SELECT jsonb_array_elements_text(r->'heading_path')), r->>'content', r->>'language',
         r->>'search_text', ARRAY(SELECT jsonb_array_elements_text(r->'codes')), (r->>'embedding')::halfvec, (r->>'token_count')::int, r->'metadata'
       FROM jsonb_array_elements($3::jsonb) AS r`,
      [kbId, documentId, JSON.stringify(rows)],
    );
  }
}

async function insertFaqEntries(c: pg.PoolClient, kbId: string, documentId: string, entries: IndexedFaqEntry[]) {
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    const batch = entries.slice(i, i + INSERT_BATCH);
    const { rows } = await c.query<{ id: string; external_id: string }>(
      `INSERT INTO faq_entries (kb_id, document_id, external_id, position, question, answer, language, metadata)
       SELECT $1, $2, r->>'external_id', (r->>'position')::int, r->>'question', r->>'answer', r->>'language', r->'metadata'
       FROM jsonb_array_elements($3::jsonb) AS r
       RETURNING id, external_id`,
      [
        kbId,
        documentId,
        JSON.stringify(batch.map((e) => ({ external_id: e.externalId, position: e.position, question: e.question, answer: e.answer, language: e.language, metadata: e.metadata ?? {} }))),
      ],
    );
    const idByExternal = new Map(rows.map((r) => [r.external_id, r.id]));
    const questions = batch.flatMap((e) =>
      e.questions.map((q) => ({
        faq_id: idByExternal.get(e.externalId),
        is_primary: q.role === 'question',
        role: q.role,
        question: q.question,
        search_text: q.searchTerms.join(' '),
        codes: q.codes,
        token_count: q.searchTerms.length,
        embedding: q.embedding ? vectorLiteral(q.embedding) : null,
      })),
    );
    await c.query(
      `INSERT INTO faq_questions (kb_id, faq_id, is_primary, role, question, search_text, codes, token_count, embedding)
       SELECT $1, (r->>'faq_id')::uuid, (r->>'is_primary')::boolean, r->>'role', r->>'question', r->>'search_text',
         ARRAY(SELECT jsonb_array_elements_text(r->'codes')), (r->>'token_count')::int, (r->>'embedding')::halfvec
       FROM jsonb_array_elements($2::jsonb) AS r`,
      [kbId, JSON.stringify(questions)],
    );
  }
}
