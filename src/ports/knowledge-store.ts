import type {
  DocumentKind,
  DocumentRecord,
  IndexedChunk,
  IndexedFaqEntry,
  KnowledgeBase,
  StoredChunk,
  StoredFaqEntry,
} from '../domain/knowledge.js';
import type { Language } from './text-analyzer.js';
import type { AuditOf } from '../domain/tenancy.js';

export interface KnowledgeBaseRepository {
  create(input: { name: string; description?: string; settings?: Record<string, unknown> }, audit?: AuditOf): Promise<KnowledgeBase>;
  /** By id (uuid) or by name. */
  find(idOrName: string): Promise<KnowledgeBase | undefined>;
  list(): Promise<KnowledgeBase[]>;
  update(id: string, patch: { name?: string; description?: string; settings?: Record<string, unknown> }, audit?: AuditOf): Promise<KnowledgeBase | undefined>;
  delete(id: string, audit?: AuditOf): Promise<boolean>;
}

export interface DocumentWrite {
  kbId: string;
  sourcePath: string;
  title?: string;
  kind: DocumentKind;
  mimeType: string;
  contentHash: string;
  sizeBytes: number;
  language: Language | null;
  metadata: Record<string, unknown>;
  chunks: IndexedChunk[];
  faqEntries: IndexedFaqEntry[];
  /** The original upload, kept for re-ingestion. */
  source: { bytes: Uint8Array; contentType?: string };
}

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface DocumentStore {
  /** Creates or atomically replaces the document at (kb, sourcePath); a no-op when its hash is unchanged. */
  write(doc: DocumentWrite, opts?: { force?: boolean; audit?: AuditOf }): Promise<{ document: DocumentRecord; outcome: WriteOutcome }>;
  findByPath(kbId: string, sourcePath: string): Promise<DocumentRecord | undefined>;
  get(kbId: string, documentId: string): Promise<DocumentRecord | undefined>;
  list(kbId: string, opts: { limit: number; offset: number; status?: string; kind?: DocumentKind; q?: string }): Promise<{ items: DocumentRecord[]; total: number }>;
  delete(kbId: string, documentId: string, audit?: AuditOf): Promise<boolean>;
  chunks(kbId: string, documentId: string): Promise<StoredChunk[]>;
  /**
   * The chunks of each section (same heading trail), in order: what an answer quotes whole.
   * One list per key, in the keys' order; all in one round trip.
   */
  sectionChunks(kbId: string, sections: Array<{ documentId: string; headingPath: string[] }>): Promise<StoredChunk[][]>;
  source(kbId: string, documentId: string): Promise<{ bytes: Uint8Array; contentType?: string } | undefined>;
  faqEntries(kbId: string, documentId: string): Promise<StoredFaqEntry[]>;
  /** Records a failed ingest attempt without touching an existing good version. */
  markFailed(input: { kbId: string; sourcePath: string; kind: DocumentKind; mimeType: string; contentHash: string; sizeBytes: number; error: { code: string; message: string } }): Promise<void>;
}

export interface RankedId {
  id: string;
  score: number;
}

export type { WeightedTerm } from '../domain/query-terms.js';
import type { WeightedTerm } from '../domain/query-terms.js';

/**
 * The three retrieval channels, each returning ids ranked by its own score.
 *
 * `revision`, where a method takes it: the knowledge base's revision as the caller has just read
 * it (KnowledgeBase.revision). In-memory state at least that current is used as it is; without
 * it the index reads the revision itself.
 */
export interface SearchIndex {
  chunksByVector(kbId: string, vector: number[], limit: number): Promise<RankedId[]>;
  chunksByText(kbId: string, terms: WeightedTerm[], limit: number, revision?: number): Promise<RankedId[]>;
  chunksByCode(kbId: string, codes: string[], limit: number, revision?: number): Promise<RankedId[]>;
  /** FAQ channels rank entries (id = faq entry id), best wording per entry. */
  faqByVector(kbId: string, vector: number[], limit: number): Promise<RankedId[]>;
  faqByText(kbId: string, terms: WeightedTerm[], limit: number, revision?: number): Promise<RankedId[]>;
  faqByCode(kbId: string, codes: string[], limit: number, revision?: number): Promise<RankedId[]>;
  /** Builds (or brings up to date) whatever in-memory state searching a knowledge base needs. */
  warm(kbId: string): Promise<void>;
  /** Passages and FAQ wordings of the knowledge base containing each term, and how many there are. */
  termFrequencies(kbId: string, terms: string[], revision?: number): Promise<{ entries: number; df: number[] }>;
  /** The passages and FAQ entries a search returns, in one round trip. */
  loadHits(chunkIds: string[], faqIds: string[]): Promise<{ chunks: LoadedChunk[]; faqs: LoadedFaqEntry[] }>;
}

export type LoadedChunk = StoredChunk & { sourcePath: string; documentTitle: string | null };
export type LoadedFaqEntry = StoredFaqEntry & { sourcePath: string };

export interface EmbeddingSpaceStore {
  /** vectorsComplete: false when some rows were stored without a vector (vector channel off). */
  get(): Promise<{ embedder: string; dimension: number; vectorsComplete: boolean } | undefined>;
  /** Records the embedder on an empty store, fixing the vector dimension. */
  initialise(embedder: string, dimension: number): Promise<void>;
  /**
   * Moves every stored vector to another embedder in one transaction: readers see either the
   * old space or the new one, never a mix.
   */
  replaceAll(
    embedder: string,
    dimension: number,
    embed: (items: Array<{ kind: 'chunk' | 'faq'; headingPath: string[]; text: string }>) => Promise<number[][]>,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ chunks: number; faqQuestions: number }>;
}
