import { recordAudit } from './pg-tenant-store.js';
import type { AuditOf } from '../../domain/tenancy.js';
import type pg from 'pg';
import { KnowledgeBaseNotFound } from '../../domain/errors.js';
import type { DocumentRecord, StoredChunk } from '../../domain/knowledge.js';
import type { DocumentStore, DocumentWrite, WriteOutcome } from '../../ports/knowledge-store.js';
import { INDEX_LOG_KEEP } from './lexical-index-sync.js';
import { withTransaction, type Database } from './database.js';
import { vectorLiteral } from './vector-literal.js';
import { CHUNK_COLUMNS, DOCUMENT_COLUMNS, FAQ_ENTRY_COLUMNS, toChunk, toDocument, toFaqEntry, UUID_RE } from './row-mappers.js';



export class PgDocumentStore implements DocumentStore {
  private rowsSinceAnalyze = 0;
  private rowsAtLastAnalyze = 0;

  constructor(private readonly db: Database) {}

  async write(doc: DocumentWrite, opts: { force?: boolean; audit?: AuditOf } = {}): Promise<{ document: DocumentRecord; outcome: WriteOutcome }> {
    const created = opts.audit ? await this.createIfNewAudited(doc, opts.audit) : await this.createIfNew(doc);
    const result = created ? { document: created, outcome: 'created' as const } : await this.writeInTransaction(doc, opts);
    if (result.outcome !== 'unchanged') await this.maybeAnalyze(doc.chunks.length + doc.faqEntries.length);
    return result;
  }

  /**
   * PGlite runs no autovacuum, so after bulk ingestion the planner still believes a knowledge
   * base holds a handful of rows and scans instead of using HNSW. Refresh statistics whenever
   * the tables have doubled since the last time: estimates stay within 2×, and loading 100k
   * chunks analyzes 7 times instead of about 35 (each ANALYZE samples up to 30k rows of both
   * tables while the writer waits).
   */
  private async maybeAnalyze(rows: number) {
    this.rowsSinceAnalyze += rows;
    if (this.rowsSinceAnalyze < 1000 || this.rowsSinceAnalyze < this.rowsAtLastAnalyze) return;
    this.rowsAtLastAnalyze += this.rowsSinceAnalyze;
    this.rowsSinceAnalyze = 0;
    await this.db.pool.query('ANALYZE chunks, faq_questions');
  }

  /**
   * The common case when loading a knowledge base, a path not stored yet, is one statement in
   * autocommit (atomic on its own): under CPU contention every round trip cost 2–3 ms, more
   * than the rows. Returns undefined, having written nothing, when the path exists (or the
   * knowledge base does not); the transaction below then decides.
   */
  private async createIfNew(doc: DocumentWrite): Promise<DocumentRecord | undefined> {
    const client = await this.db.pool.connect();
    try {
      return await writeContent(client, doc, 'if-new');
    } finally {
      client.release();
    }
  }

  /** The same through the API: the audit row in the write's own transaction. */
  private async createIfNewAudited(doc: DocumentWrite, audit: AuditOf): Promise<DocumentRecord | undefined> {
    return withTransaction(this.db, async (c) => {
      const document = await writeContent(c, doc, 'if-new');
      if (document) await recordAudit(c, audit.actor, audit.action ?? 'document.create', document.id, { kbId: doc.kbId, sourcePath: doc.sourcePath });
      return document;
    });
  }

  /**
   * Two statements between BEGIN and COMMIT (three when replacing), whatever the document's size: round trips, not
   * row work, dominated the write once BM25 statistics and GIN upkeep were gone.
   */
  private async writeInTransaction(doc: DocumentWrite, opts: { force?: boolean; audit?: AuditOf }) {
    try {
      return await withTransaction(this.db, async (c) => {
        // Locks the knowledge base (writers of one knowledge base take revisions in commit
        // order) and finds the current version of the document.
        const { rows: found } = await c.query(
          `WITH k AS (UPDATE knowledge_bases SET revision = revision + 1 WHERE id = $1 RETURNING revision)
           SELECT k.revision, ${DOCUMENT_COLUMNS.split(', ').map((col) => `d.${col}`).join(', ')}
           FROM k LEFT JOIN documents d ON d.kb_id = $1 AND d.source_path = $2`,
          [doc.kbId, doc.sourcePath],
        );
        if (!found.length) throw new KnowledgeBaseNotFound(`Knowledge base ${doc.kbId} does not exist`, { details: { kbId: doc.kbId } });
        const revision = Number(found[0].revision);
        const existing = found[0].id ? toDocument(found[0]) : undefined;
        if (existing && existing.status === 'ready' && existing.contentHash === doc.contentHash && !opts.force) throw new Unchanged(existing);
        if (existing) {
          await c.query('WITH gone AS (DELETE FROM chunks WHERE document_id = $1) DELETE FROM faq_entries WHERE document_id = $1', [existing.id]);
        }
        const document = (await writeContent(c, doc, revision))!;
        if (opts.audit)
          await recordAudit(c, opts.audit.actor, opts.audit.action ?? (existing ? 'document.update' : 'document.create'), document.id, {
            kbId: doc.kbId,
            sourcePath: doc.sourcePath,
          });
        return { document, outcome: existing ? ('updated' as const) : ('created' as const) };
      });
    } catch (err) {
      // Rolled back: an unchanged document leaves no revision behind.
      if (err instanceof Unchanged) return { document: err.document!, outcome: 'unchanged' as const };
      throw err;
    }
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

  async delete(kbId: string, documentId: string, audit?: AuditOf): Promise<boolean> {
    if (!UUID_RE.test(documentId)) return false;
    try {
      return await withTransaction(this.db, async (c) => {
        const { rows: kb } = await c.query('UPDATE knowledge_bases SET revision = revision + 1 WHERE id = $1 RETURNING revision', [kbId]);
        if (!kb.length) throw new KnowledgeBaseNotFound(`Knowledge base ${kbId} does not exist`, { details: { kbId } });
        // Chunks, FAQ entries and the stored original go with it (ON DELETE CASCADE).
        const { rows } = await c.query(
          `WITH d AS (DELETE FROM documents WHERE kb_id = $1 AND id = $2 RETURNING id),
           logged AS (INSERT INTO kb_index_log (kb_id, revision, document_id) SELECT $1, $3, id FROM d)
           SELECT count(*)::int AS n FROM d`,
          [kbId, documentId, kb[0].revision],
        );
        if (!rows[0].n) throw new Unchanged(undefined);
        if (audit) await recordAudit(c, audit.actor, audit.action ?? 'document.delete', documentId, { kbId });
        return true;
      });
    } catch (err) {
      if (err instanceof Unchanged) return false;
      throw err;
    }
  }

  async chunks(kbId: string, documentId: string) {
    if (!UUID_RE.test(documentId)) return [];
    const { rows } = await this.db.pool.query(`SELECT ${CHUNK_COLUMNS} FROM chunks c WHERE c.kb_id = $1 AND c.document_id = $2 ORDER BY c.position`, [kbId, documentId]);
    return rows.map(toChunk);
  }

  async sectionChunks(kbId: string, sections: Array<{ documentId: string; headingPath: string[] }>) {
    const out: StoredChunk[][] = sections.map(() => []);
    const valid = sections.map((k, i) => ({ i, d: k.documentId, h: k.headingPath })).filter((k) => UUID_RE.test(k.d));
    if (!valid.length) return out;
    // One statement for every section: on the embedded database each round trip queues behind
    // every other turn's statements.
    const { rows } = await this.db.pool.query(
      `SELECT (s.x->>'i')::int AS section, ${CHUNK_COLUMNS}
       FROM jsonb_array_elements($2::jsonb) AS s(x)
       JOIN chunks c ON c.kb_id = $1 AND c.document_id = (s.x->>'d')::uuid
         AND c.heading_path = ARRAY(SELECT jsonb_array_elements_text(s.x->'h'))
       ORDER BY section, c.position`,
      [kbId, JSON.stringify(valid)],
    );
    for (const r of rows) out[r.section as number]!.push(toChunk(r));
    return out;
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
      `SELECT ${FAQ_ENTRY_COLUMNS}
       FROM faq_entries e WHERE e.kb_id = $1 AND e.document_id = $2 ORDER BY e.position`,
      [kbId, documentId],
    );
    return rows.map(toFaqEntry);
  }
}

/** Ends a transaction early with a rollback: nothing to write. */
class Unchanged extends Error {
  constructor(readonly document: DocumentRecord | undefined) {
    super('unchanged');
  }
}

/**
 * The document row (created, or replaced with a new version), its chunks or FAQ entries, its
 * original bytes and its change-log entry in one statement: every
 * process's in-memory index reloads the logged documents when it sees the new revision
 * (LexicalIndexSync). Also prunes log rows no reader needs and notes rows stored without
 * vectors. FAQ wordings join their entries through the RETURNING of the same statement.
 */
async function writeContent(c: pg.PoolClient, doc: DocumentWrite, revision: number | 'if-new'): Promise<DocumentRecord | undefined> {
  const missingVectors =
    doc.chunks.some((ch) => !ch.embedding) || doc.faqEntries.some((e) => e.questions.some((q) => q.role !== 'answer' && !q.embedding));
  const chunks = doc.chunks.map((ch) => ({
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
  const entries = doc.faqEntries.map((e) => ({
    external_id: e.externalId, position: e.position, question: e.question, answer: e.answer, language: e.language, metadata: e.metadata ?? {},
  }));
  const questions = doc.faqEntries.flatMap((e) =>
    e.questions.map((q) => ({
      external_id: e.externalId,
      is_primary: q.role === 'question',
      role: q.role,
      question: q.question,
      search_text: q.searchTerms.join(' '),
      codes: q.codes,
      token_count: q.searchTerms.length,
      embedding: q.embedding ? vectorLiteral(q.embedding) : null,
    })),
  );
  const bytes = Buffer.from(doc.source.bytes.buffer, doc.source.bytes.byteOffset, doc.source.bytes.byteLength);
  const count = doc.kind === 'faq' ? doc.faqEntries.length : doc.chunks.length;
  const { rows } = await c.query(
    `WITH k AS (
       ${
         revision === 'if-new'
           ? // Takes the knowledge base's row lock and the next revision, only for a new path.
             `UPDATE knowledge_bases SET revision = revision + 1
              WHERE id = $1 AND $5::bigint IS NULL AND NOT EXISTS (SELECT 1 FROM documents WHERE kb_id = $1 AND source_path = $2) RETURNING revision`
           : 'SELECT $5::bigint AS revision'
       }
     ), d AS (
       INSERT INTO documents (kb_id, source_path, title, kind, mime_type, content_hash, status, size_bytes, chunk_count, language, metadata)
       SELECT $1, $2, $10, $11, $12, $13, 'ready', $14, $15, $16, $17 FROM k
       ON CONFLICT (kb_id, source_path) DO ${
         revision === 'if-new'
           ? 'NOTHING' // created concurrently: the transaction path decides
           : `UPDATE SET title = EXCLUDED.title, kind = EXCLUDED.kind, mime_type = EXCLUDED.mime_type,
         content_hash = EXCLUDED.content_hash, status = 'ready', version = documents.version + 1, size_bytes = EXCLUDED.size_bytes,
         chunk_count = EXCLUDED.chunk_count, language = EXCLUDED.language, metadata = EXCLUDED.metadata, error = NULL, updated_at = now()`
       }
       RETURNING ${DOCUMENT_COLUMNS}
     ), src AS (
       INSERT INTO document_sources (document_id, bytes, content_type) SELECT d.id, $3, $4 FROM d
       ON CONFLICT (document_id) DO UPDATE SET bytes = EXCLUDED.bytes, content_type = EXCLUDED.content_type
     ), logged AS (
       INSERT INTO kb_index_log (kb_id, revision, document_id) SELECT $1, k.revision, d.id FROM k, d
     ), pruned AS (
       DELETE FROM kb_index_log WHERE kb_id = $1 AND revision <= (SELECT revision FROM k) - ${INDEX_LOG_KEEP} AND EXISTS (SELECT 1 FROM d)
     ), vectors AS (
       UPDATE embedding_space SET vectors_complete = false WHERE vectors_complete AND $6::boolean AND EXISTS (SELECT 1 FROM d)
     ), entries AS (
       INSERT INTO faq_entries (kb_id, document_id, external_id, position, question, answer, language, metadata)
       SELECT $1, d.id, r->>'external_id', (r->>'position')::int, r->>'question', r->>'answer', r->>'language', r->'metadata'
       FROM d, jsonb_array_elements($8::jsonb) AS r
       RETURNING id, external_id
     ), wordings AS (
       INSERT INTO faq_questions (kb_id, faq_id, is_primary, role, question, search_text, codes, token_count, embedding)
       SELECT $1, e.id, (r->>'is_primary')::boolean, r->>'role', r->>'question', r->>'search_text',
         ARRAY(SELECT jsonb_array_elements_text(r->'codes')), (r->>'token_count')::int, (r->>'embedding')::halfvec
       FROM jsonb_array_elements($9::jsonb) WITH ORDINALITY AS q(r, n) JOIN entries e ON e.external_id = r->>'external_id'
       ORDER BY q.n
     ), passages AS (
       INSERT INTO chunks (kb_id, document_id, position, heading_path, content, language, search_text, codes, embedding, token_count, metadata)
       SELECT $1, d.id, (r->>'position')::int, ARRAY(SELECT jsonb_array_elements_text(r->'heading_path')), r->>'content', r->>'language',
         r->>'search_text', ARRAY(SELECT jsonb_array_elements_text(r->'codes')), (r->>'embedding')::halfvec, (r->>'token_count')::int, r->'metadata'
       FROM d, jsonb_array_elements($7::jsonb) WITH ORDINALITY AS q(r, n)
       ORDER BY q.n
     )
     SELECT * FROM d`,
    [
      doc.kbId, doc.sourcePath, bytes, doc.source.contentType ?? null, revision === 'if-new' ? null : revision, missingVectors, JSON.stringify(chunks), JSON.stringify(entries), JSON.stringify(questions),
      doc.title ?? null, doc.kind, doc.mimeType, doc.contentHash, doc.sizeBytes, count, doc.language, JSON.stringify(doc.metadata),
    ],
  );
  return rows[0] ? toDocument(rows[0]) : undefined;
}
