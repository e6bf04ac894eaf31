import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import type { VectorStore } from '@langchain/core/vectorstores';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { openDatabase, type Database } from '../src/adapters/db/database.js';
import type { Embedder } from '../src/ports/embedder.js';
import { PortEmbeddings } from '../src/adapters/embedding/langchain-embeddings-bridge.js';
import { loadDocument } from '../ingest/loaders/load-document.js';
import type { BenchCorpus, CorpusFile } from './bench-corpus.js';
import type { FreshDatabase } from './bench-databases.js';
import type { BenchProgress } from './bench-progress.js';
import { TimingRecorder } from './latency-stats.js';
import type { IngestPhase, LatencyAtSize, PipelineRun } from './our-pipeline-run.js';
import type { BenchQuery } from './query-set.js';
import { packageVersion } from './machine-info.js';

export type BaselineStore = 'pgvector' | 'memory';

// Optional: @langchain/community is not a project dependency (it only serves this comparison),
// so it is loaded by name at run time and the benchmark says when it is missing.
const PGVECTOR_MODULE = '@langchain/community/vectorstores/pgvector';

interface PgVectorStoreLike extends VectorStore {
  ensureTableInDatabase(dimensions?: number): Promise<void>;
  createHnswIndex(config: { dimensions: number }): Promise<void>;
}
type PgVectorStoreCtor = new (embeddings: Embeddings, config: Record<string, unknown>) => PgVectorStoreLike;

export async function loadPgVectorStore(): Promise<{ ctor: PgVectorStoreCtor; version: string } | { error: string }> {
  try {
    const mod = (await import(PGVECTOR_MODULE)) as { PGVectorStore: PgVectorStoreCtor };
    return { ctor: mod.PGVectorStore, version: packageVersion('@langchain/community') };
  } catch (err) {
    return { error: (err as Error).message.split('\n')[0] };
  }
}

// The baseline gets the favourable bulk path: one addDocuments call (PGVectorStore: multi-row
// INSERTs of 500) per this many files, where our service writes one transaction per document.
const FILES_PER_BATCH = 50;
const TOP_K = 8;

/**
 * The plain LangChain pipeline the issue compares against: same loaders (so parsing costs the
 * same), RecursiveCharacterTextSplitter with the same size/overlap, the same embedder, a LangChain
 * vector store, vector-only top-k.
 */
export async function runLangChainBaseline(opts: {
  store: BaselineStore;
  fresh?: FreshDatabase;
  pgVectorStore?: PgVectorStoreCtor;
  communityVersion?: string;
  embedder: Embedder;
  chunking: { size: number; overlap: number };
  efSearch: number;
  corpus: BenchCorpus;
  sizes: number[];
  queries: BenchQuery[];
  warmup: BenchQuery[];
  progress: BenchProgress;
}): Promise<PipelineRun> {
  const { corpus, progress } = opts;
  const where = opts.store === 'memory' ? 'memory' : opts.fresh!.kind;
  const label = `langchain/${where}`;
  const embeddings = new PortEmbeddings(opts.embedder);
  const splitter = new RecursiveCharacterTextSplitter({ chunkSize: opts.chunking.size, chunkOverlap: opts.chunking.overlap });
  const loaderOpts = { maxUnzippedBytes: 200 * 1024 * 1024 };

  let db: Database | undefined;
  let store: VectorStore;
  let storeName: string;
  if (opts.store === 'pgvector') {
    progress.log(`${label}: opening a fresh database`);
    const target = opts.fresh!.target;
    // Same driver and session settings (ef_search) as ours, so the comparison is the pipeline.
    db = await openDatabase(target.kind === 'pglite' ? target : { kind: 'postgres', url: target.url, poolMax: 10 }, { efSearch: opts.efSearch });
    // Not PGVectorStore.initialize(): it checks a client out of the pool and keeps it, which
    // deadlocks PGlite's single-connection pool.
    const pgStore = new opts.pgVectorStore!(embeddings, { pool: db.pool, tableName: 'langchain_pg_embedding', distanceStrategy: 'cosine' });
    await pgStore.ensureTableInDatabase(opts.embedder.dimension);
    // Created before loading, like our schema's index, so both pay the incremental HNSW cost.
    await pgStore.createHnswIndex({ dimensions: opts.embedder.dimension });
    store = pgStore;
    storeName = `PGVectorStore (@langchain/community ${opts.communityVersion}, HNSW) on ${where}`;
  } else {
    store = new MemoryVectorStore(embeddings);
    storeName = 'MemoryVectorStore (@langchain/classic, in-process, not persisted)';
  }

  const splitFile = async (f: CorpusFile): Promise<Document[]> => {
    const loaded = await loadDocument({ sourcePath: f.sourcePath, bytes: f.bytes }, loaderOpts);
    if (loaded.kind === 'doc') return splitter.createDocuments([loaded.markdown], [{ sourcePath: f.sourcePath }]);
    return loaded.entries.flatMap((e) => [e.question, ...e.altQuestions].map((q) => new Document({ pageContent: q, metadata: { faqId: e.id } })));
  };

  try {
    const setupStart = performance.now();
    for (const f of corpus.faq) await store.addDocuments(await splitFile(f));
    const setup = { faqEntries: corpus.faqEntries, ms: performance.now() - setupStart };

    const phases: IngestPhase[] = [];
    const latency: LatencyAtSize[] = [];
    let done = 0;
    let ourChunksSoFar = 0;
    for (const size of opts.sizes) {
      const target = corpus.prefixFor(size);
      const files = corpus.docs.slice(done, target.docs);
      progress.phase(`${label} ingest →${size}`, files.length, 'files');
      const started = performance.now();
      let rows = 0;
      for (let i = 0; i < files.length; i += FILES_PER_BATCH) {
        const batch = files.slice(i, i + FILES_PER_BATCH);
        const docs: Document[] = [];
        for (const f of batch) docs.push(...(await splitFile(f)));
        await store.addDocuments(docs);
        rows += docs.length;
        progress.update(i + batch.length);
      }
      const ms = performance.now() - started;
      progress.stop();
      phases.push({ fromChunks: ourChunksSoFar, toChunks: target.chunks, docs: files.length, bytes: files.reduce((n, f) => n + f.bytes.byteLength, 0), chunks: rows, ms });
      progress.log(`${label}: ${rows} chunks in ${(ms / 1000).toFixed(1)} s (${Math.round(rows / (ms / 1000))} chunks/s)`);
      done = target.docs;
      ourChunksSoFar = target.chunks;

      if (db) await db.pool.query('ANALYZE');
      for (const q of opts.warmup) await store.similaritySearch(q.text, TOP_K);
      const timings = new TimingRecorder<string>();
      progress.phase(`${label} search @${target.chunks}`, opts.queries.length, 'queries');
      for (const [i, q] of opts.queries.entries()) {
        await timings.time('vector_topk', q.text, () => store.similaritySearch(q.text, TOP_K));
        progress.update(i + 1);
      }
      progress.stop();
      latency.push({
        chunks: target.chunks,
        total: timings.summary('vector_topk'),
        channels: {},
        slowest: timings.slowest('vector_topk', 3).map((s) => ({ label: 'vector_topk', ms: s.ms, query: s.input })),
        explains: [],
      });
    }
    return {
      pipeline: 'langchain',
      store: storeName,
      db: where,
      setup,
      phases,
      latency,
      dbBytes: opts.fresh && db ? await opts.fresh.sizeBytes() : 0,
    };
  } finally {
    await db?.close();
  }
}
