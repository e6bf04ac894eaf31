import type { Language } from '../ports/text-analyzer.js';

export interface KnowledgeBase {
  id: string;
  name: string;
  description: string;
  settings: Record<string, unknown>;
  createdAt: Date;
  updatedAt: Date;
  /**
   * Bumped by every change to its documents. A search handed a knowledge base it has just read
   * need not read the revision again to know whether its in-memory index is current.
   */
  revision?: number;
}

export type DocumentKind = 'doc' | 'faq';
export type DocumentStatus = 'processing' | 'ready' | 'failed';

export interface DocumentRecord {
  id: string;
  kbId: string;
  sourcePath: string;
  title: string | null;
  kind: DocumentKind;
  mimeType: string;
  contentHash: string;
  status: DocumentStatus;
  version: number;
  sizeBytes: number;
  chunkCount: number;
  language: Language | null;
  metadata: Record<string, unknown>;
  error: { code: string; message: string } | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A chunk ready to store: text plus everything the three retrieval channels need. */
export interface IndexedChunk {
  position: number;
  headingPath: string[];
  content: string;
  language: Language;
  searchTerms: string[];
  codes: string[];
  /** null when vectors are not stored (vector channel off). */
  embedding: number[] | null;
  metadata?: Record<string, unknown>;
}

export interface IndexedFaqQuestion {
  question: string;
  role: 'question' | 'alternative' | 'answer';
  searchTerms: string[];
  codes: string[];
  /** Answers are searched by words only; null also when vectors are not stored. */
  embedding: number[] | null;
}

export interface IndexedFaqEntry {
  externalId: string;
  position: number;
  question: string;
  answer: string;
  language: Language;
  metadata?: Record<string, unknown>;
  questions: IndexedFaqQuestion[];
}

export interface StoredChunk {
  id: string;
  documentId: string;
  position: number;
  headingPath: string[];
  content: string;
  language: Language;
  tokenCount: number;
  metadata: Record<string, unknown>;
}

export interface StoredFaqEntry {
  id: string;
  documentId: string;
  externalId: string;
  question: string;
  answer: string;
  altQuestions: string[];
  language: Language;
}
