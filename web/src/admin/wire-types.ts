import type { DocumentRecord, StoredFaqEntry } from '../../../src/domain/knowledge.js';
import type { SearchResult } from '../../../src/use-cases/search-knowledge.js';
import type { Wire } from '../shared/wire.js';

export interface KnowledgeBaseView {
  id: string;
  name: string;
  description?: string | null;
}
export type DocumentView = Wire<Pick<DocumentRecord, 'id' | 'sourcePath' | 'title' | 'kind' | 'status' | 'version' | 'sizeBytes' | 'chunkCount' | 'updatedAt' | 'error'>>;
export type FaqListView = DocumentView & { entries: Wire<StoredFaqEntry>[] };
export type SearchView = Wire<SearchResult>;
export interface UploadItem {
  outcome: string;
  sourcePath?: string;
  document?: { sourcePath: string };
  error?: { message: string };
}
