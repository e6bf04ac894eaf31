import type { DocumentRecord, KnowledgeBase, StoredChunk, StoredFaqEntry } from '../../domain/knowledge.js';

/* Rows come back in snake_case; the domain speaks camelCase. */

export const KB_COLUMNS = 'id, name, description, settings, created_at, updated_at, revision';
export function toKnowledgeBase(r: any): KnowledgeBase {
  return { id: r.id, name: r.name, description: r.description, settings: r.settings ?? {}, createdAt: r.created_at, updatedAt: r.updated_at, revision: Number(r.revision) };
}

export const DOCUMENT_COLUMNS =
  'id, kb_id, source_path, title, kind, mime_type, content_hash, status, version, size_bytes, chunk_count, language, metadata, error, created_at, updated_at';
export function toDocument(r: any): DocumentRecord {
  return {
    id: r.id,
    kbId: r.kb_id,
    sourcePath: r.source_path,
    title: r.title,
    kind: r.kind,
    mimeType: r.mime_type,
    contentHash: r.content_hash,
    status: r.status,
    version: r.version,
    sizeBytes: Number(r.size_bytes),
    chunkCount: r.chunk_count,
    language: r.language,
    metadata: r.metadata ?? {},
    error: r.error,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export const CHUNK_COLUMNS = 'c.id, c.document_id, c.position, c.heading_path, c.content, c.language, c.token_count, c.metadata';
export function toChunk(r: any): StoredChunk {
  return {
    id: String(r.id),
    documentId: r.document_id,
    position: r.position,
    headingPath: r.heading_path ?? [],
    content: r.content,
    language: r.language,
    tokenCount: r.token_count,
    metadata: r.metadata ?? {},
  };
}

/** An FAQ entry (alias e) with its alternative wordings, as `toFaqEntry` reads it. */
export const FAQ_ENTRY_COLUMNS = `e.id, e.document_id, e.external_id, e.question, e.answer, e.language,
  ARRAY(SELECT q.question FROM faq_questions q WHERE q.faq_id = e.id AND q.role = 'alternative' ORDER BY q.id) AS alt_questions`;
export function toFaqEntry(r: any): StoredFaqEntry {
  return {
    id: r.id,
    documentId: r.document_id,
    externalId: r.external_id,
    question: r.question,
    answer: r.answer,
    altQuestions: r.alt_questions ?? [],
    language: r.language,
  };
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
