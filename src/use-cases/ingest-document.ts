import type { AuditOf } from '../domain/tenancy.js';
import { createHash } from 'node:crypto';
import { DomainError } from '../domain/errors.js';
import { requireKnowledgeBase } from './require-knowledge-base.js';
import type { DocumentRecord, IndexedChunk, IndexedFaqEntry } from '../domain/knowledge.js';
import { detectLanguage } from '../domain/language.js';
import type { Embedder } from '../ports/embedder.js';
import type { DocumentStore, KnowledgeBaseRepository, WriteOutcome } from '../ports/knowledge-store.js';
import type { Language, TextAnalyzer } from '../ports/text-analyzer.js';
import type { LoadedDocument, LoadInput } from '../../ingest/loaded-document.js';
import type { DraftChunk } from '../../ingest/chunking/markdown-chunker.js';
import { validateSourcePath } from '../../ingest/loaders/source-path.js';


export interface IngestDeps {
  knowledgeBases: KnowledgeBaseRepository;
  documents: DocumentStore;
  analyzer: TextAnalyzer;
  embedder: Embedder;
  /** Parses bytes into Markdown or FAQ entries (ingest/loaders). */
  load: (input: LoadInput) => Promise<LoadedDocument>;
  /** Heading-aware chunking of Markdown (ingest/chunking). */
  chunk: (markdown: string) => DraftChunk[];
  /** Anything that changes the stored result for the same bytes (chunk size, embedder); part of the hash. */
  pipelineSignature: string;
  embedBatchSize: number;
  /**
   * Whether to compute and store vectors. Off when the vector channel is off (its weight 0, the
   * local embedder's default): embedding and HNSW upkeep were most of the ingestion time, for
   * a channel no search reads. `npm run reembed` fills them in before the channel is turned on.
   */
  storeVectors: boolean;
}

export interface IngestProgress {
  onParsed?(info: { sourcePath: string; chunks: number; embeddings: number }): void;
  onEmbedded?(count: number): void;
}

export interface IngestResult {
  document: DocumentRecord;
  outcome: WriteOutcome;
}

/** The text a chunk is searched and embedded by: its heading trail carries much of its meaning. */
export function indexText(headingPath: string[], content: string): string {
  return headingPath.length ? `${headingPath.join(' > ')}\n${content}` : content;
}

export function createIngestDocument(deps: IngestDeps) {
  const hashOf = (bytes: Uint8Array) => createHash('sha256').update(bytes).update(`\0${deps.pipelineSignature}`).digest('hex');

  async function embedAll(texts: string[], progress?: IngestProgress): Promise<Array<number[] | null>> {
    if (!deps.storeVectors) return texts.map(() => null);
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += deps.embedBatchSize) {
      const batch = texts.slice(i, i + deps.embedBatchSize);
      out.push(...(await deps.embedder.embedDocuments(batch)));
      progress?.onEmbedded?.(batch.length);
    }
    return out;
  }

  return async function ingestDocument(
    kbIdOrName: string,
    input: LoadInput,
    opts: { force?: boolean; progress?: IngestProgress; audit?: AuditOf } = {},
  ): Promise<IngestResult> {
    const kb = await requireKnowledgeBase(deps.knowledgeBases, kbIdOrName);
    input = { ...input, sourcePath: validateSourcePath(input.sourcePath) };
    const contentHash = hashOf(input.bytes);
    // Fast path: the same bytes through the same pipeline are already stored.
    const existing = await deps.documents.findByPath(kb.id, input.sourcePath);
    if (existing && !opts.force && existing.status === 'ready' && existing.contentHash === contentHash) {
      return { document: existing, outcome: 'unchanged' };
    }
    let loaded: LoadedDocument;
    try {
      loaded = await deps.load(input);
    } catch (err) {
      if (err instanceof DomainError) {
        await deps.documents.markFailed({
          kbId: kb.id, sourcePath: input.sourcePath, kind: 'doc', mimeType: input.contentType ?? 'application/octet-stream',
          contentHash, sizeBytes: input.bytes.byteLength, error: { code: err.code, message: err.message },
        });
      }
      throw err;
    }

    let chunks: IndexedChunk[] = [];
    let faqEntries: IndexedFaqEntry[] = [];
    let language: Language | null;
    if (loaded.kind === 'doc') {
      const drafts = deps.chunk(loaded.markdown);
      const texts = drafts.map((d) => indexText(d.headingPath, d.content));
      opts.progress?.onParsed?.({ sourcePath: input.sourcePath, chunks: drafts.length, embeddings: deps.storeVectors ? texts.length : 0 });
      const vectors = await embedAll(texts, opts.progress);
      chunks = drafts.map((d, i) => {
        // The section's own heading counts twice for BM25 (a light field boost): questions are
        // often worded like the heading that answers them.
        const a = deps.analyzer.analyze(d.headingPath.length ? `${d.headingPath.at(-1)}\n${texts[i]}` : texts[i], { phrases: true });
        return { ...d, searchTerms: a.terms, codes: a.codes, embedding: vectors[i] };
      });
      language = majorityLanguage(drafts.map((d) => d.language));
    } else {
      const questions = loaded.entries.flatMap((e) => [e.question, ...e.altQuestions]);
      opts.progress?.onParsed?.({ sourcePath: input.sourcePath, chunks: loaded.entries.length, embeddings: deps.storeVectors ? questions.length : 0 });
      const vectors = await embedAll(questions, opts.progress);
      let v = 0;
      const wording = (text: string, role: 'question' | 'alternative' | 'answer', embedding: number[] | null) => {
        const a = deps.analyzer.analyze(text, { unigrams: true });
        return { question: text, role, searchTerms: a.terms, codes: a.codes, embedding };
      };
      faqEntries = loaded.entries.map((e, position) => ({
        externalId: e.id,
        position,
        question: e.question,
        answer: e.answer,
        language: e.lang ?? detectLanguage(e.question),
        metadata: e.metadata,
        questions: [
          wording(e.question, 'question', vectors[v++]),
          ...e.altQuestions.map((q) => wording(q, 'alternative', vectors[v++])),
          // Some FAQ sources repeat the question as the answer: nothing more to index then.
          ...(e.answer.trim() !== e.question.trim() ? [wording(e.answer, 'answer', null)] : []),
        ],
      }));
      language = majorityLanguage(faqEntries.map((e) => e.language));
    }

    const { document, outcome } = await deps.documents.write(
      {
        kbId: kb.id,
        sourcePath: input.sourcePath,
        title: loaded.title,
        kind: loaded.kind,
        mimeType: loaded.mimeType,
        contentHash,
        sizeBytes: input.bytes.byteLength,
        language,
        metadata: loaded.metadata,
        chunks,
        faqEntries,
        source: { bytes: input.bytes, contentType: input.contentType },
      },
      { force: opts.force, audit: opts.audit },
    );
    return { document, outcome };
  };
}

function majorityLanguage(langs: Language[]): Language | null {
  if (!langs.length) return null;
  const zh = langs.filter((l) => l === 'zh').length;
  return zh * 2 >= langs.length ? 'zh' : 'en';
}

export type IngestDocument = ReturnType<typeof createIngestDocument>;
