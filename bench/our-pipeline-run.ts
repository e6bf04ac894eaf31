import { ingestFiles as ingestFolderFiles } from '../ingest/ingest-folder.js';
import { loadConfig } from '../src/config/config.js';
import { createContext, type AppContext } from '../src/composition-root.js';
import type { BenchCorpus, CorpusFile } from './bench-corpus.js';
import type { FreshDatabase } from './bench-databases.js';
import type { BenchProgress } from './bench-progress.js';
import { ChannelRecorder, explainCall, type ChannelMethod, type RecordedCall } from './channel-recorder.js';
import { TimingRecorder, type LatencySummary } from './latency-stats.js';
import type { BenchQuery } from './query-set.js';

export interface IngestPhase {
  fromChunks: number;
  toChunks: number;
  docs: number;
  bytes: number;
  /** Rows written by this pipeline (its own chunker). */
  chunks: number;
  ms: number;
}

export interface LatencyAtSize {
  chunks: number;
  total: LatencySummary;
  /** Per channel, replayed one at a time; `embed` is the query embedding inside the hybrid call. */
  channels: Record<string, LatencySummary>;
  slowest: Array<{ label: string; ms: number; query: string }>;
  /** The in-memory lexical index: first-search build time and size after warm-up. */
  lexical?: { firstSearchMs: number; entries: number; terms: number; postings: number; arrayMB: number; heapUsedMB: number; rssMB: number };
  explains: Array<{ label: string; ms: number; query: string; plan: string }>;
}

export interface PipelineRun {
  pipeline: string;
  /** Which configuration of ours (default, vector channel on); absent for baselines. */
  variant?: string;
  store: string;
  db: string;
  setup: { faqEntries: number; ms: number };
  phases: IngestPhase[];
  latency: LatencyAtSize[];
  dbBytes: number;
  versions?: { postgres: string; vector: string | null };
}

export const BENCH_ENV = { LOG_LEVEL: 'silent' } as const;

/**
 * Our pipeline runs in two configurations. `default`: as shipped with the local embedder
 * (vector channel weight 0, so no vectors are computed or stored and no vector SQL runs).
 * `vectors on`: WEIGHT_VECTOR=1, the full hybrid a neural embedder gets (vectors + HNSW on
 * every write, both vector channels on every search).
 */
export const OUR_VARIANTS = {
  default: { label: 'default (vector channel off: no vectors)', env: {} },
  vectors: { label: 'vectors on (WEIGHT_VECTOR=1: vectors + HNSW)', env: { WEIGHT_VECTOR: '1' } },
} as const;
export type OurVariant = keyof typeof OUR_VARIANTS;

const CHANNEL_LABEL: Record<ChannelMethod, string> = {
  chunksByVector: 'vector',
  chunksByText: 'text',
  chunksByCode: 'code',
  faqByVector: 'faq_vector',
  faqByText: 'faq_text',
  faqByCode: 'faq_code',
  // Passages and FAQ entries of the fused hits, one statement.
  loadHits: 'load',
};

/** As `npm run ingest` does it: the same function, `INGEST_CONCURRENCY` files at a time. */
async function ingestFiles(ctx: AppContext, kbId: string, files: CorpusFile[], onFile: (chunks: number) => void): Promise<number> {
  let chunks = 0;
  const report = await ingestFolderFiles(
    ctx.ingestDocument,
    kbId,
    files.map((f) => ({ absolutePath: f.sourcePath, sourcePath: f.sourcePath, bytes: f.bytes })),
    { concurrency: ctx.config.ingestConcurrency, progress: { onParsed: ({ chunks: n }) => onFile((chunks += n)) } },
  );
  if (report.failed.length) throw new Error(`bench corpus: ${report.failed.length} files failed, first: ${JSON.stringify(report.failed[0])}`);
  return report.chunks;
}

/**
 * Our pipeline exactly as the service runs it: `createContext` from an environment map, one
 * `ingestDocument` call (one transaction) per file, `searchKnowledge` for queries.
 */
export async function runOurPipeline(opts: {
  fresh: FreshDatabase;
  corpus: BenchCorpus;
  sizes: number[];
  queries: BenchQuery[];
  warmup: BenchQuery[];
  explain: boolean;
  progress: BenchProgress;
  variant: OurVariant;
}): Promise<PipelineRun> {
  const { fresh, corpus, progress } = opts;
  const config = loadConfig({ ...BENCH_ENV, ...OUR_VARIANTS[opts.variant].env, ...fresh.env });
  progress.log(`ours/${fresh.kind} ${opts.variant}: opening a fresh database`);
  const ctx = await createContext(config);
  try {
    const { rows } = await ctx.db.pool.query(
      `SELECT current_setting('server_version') AS pg, (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS vector`,
    );
    const kb = await ctx.knowledgeBases.create({ name: 'bench' });
    const recorder = new ChannelRecorder(ctx.index);

    const setupStart = performance.now();
    await ingestFiles(ctx, kb.id, corpus.faq, () => undefined);
    const setup = { faqEntries: corpus.faqEntries, ms: performance.now() - setupStart };

    const phases: IngestPhase[] = [];
    const latency: LatencyAtSize[] = [];
    let done = 0;
    let chunksSoFar = 0;
    for (const [i, size] of opts.sizes.entries()) {
      const target = corpus.prefixFor(size);
      const files = corpus.docs.slice(done, target.docs);
      const expected = target.chunks - chunksSoFar;
      progress.phase(`ours/${fresh.kind} ingest →${size}`, expected, 'chunks');
      const started = performance.now();
      const chunks = await ingestFiles(ctx, kb.id, files, (n) => progress.update(n));
      const ms = performance.now() - started;
      progress.stop();
      phases.push({ fromChunks: chunksSoFar, toChunks: chunksSoFar + chunks, docs: files.length, bytes: files.reduce((n, f) => n + f.bytes.byteLength, 0), chunks, ms });
      done = target.docs;
      chunksSoFar += chunks;
      progress.log(`ours/${fresh.kind}: ${chunks} chunks in ${(ms / 1000).toFixed(1)} s (${Math.round(chunks / (ms / 1000))} chunks/s)`);

      // Statistics as they are right after the store's own periodic ANALYZE, the same for every run.
      await ctx.db.pool.query('ANALYZE');
      const isLast = i === opts.sizes.length - 1;
      latency.push(await measureLatency(ctx, kb.id, chunksSoFar, opts, opts.explain && isLast, recorder));
    }
    return {
      pipeline: 'ours',
      variant: OUR_VARIANTS[opts.variant].label,
      store: `${fresh.kind} (migrations/, HNSW, in-process lexical index)`,
      db: fresh.kind,
      setup,
      phases,
      latency,
      dbBytes: await fresh.sizeBytes(),
      versions: { postgres: rows[0].pg as string, vector: (rows[0].vector as string) ?? null },
    };
  } finally {
    await ctx.close();
  }
}

async function measureLatency(
  ctx: AppContext,
  kbId: string,
  chunks: number,
  opts: { queries: BenchQuery[]; warmup: BenchQuery[]; progress: BenchProgress; fresh: FreshDatabase },
  explain: boolean,
  recorder: ChannelRecorder,
): Promise<LatencyAtSize> {
  const { progress, fresh } = opts;
  // The first search builds (or patches, after more ingestion) the in-memory lexical index.
  const firstStart = performance.now();
  for (const q of opts.warmup.slice(0, 1)) await ctx.searchKnowledge(kbId, q.text);
  const firstSearchMs = performance.now() - firstStart;
  for (const q of opts.warmup.slice(1)) await ctx.searchKnowledge(kbId, q.text);
  const st = ctx.index.lexical.stats().find((x) => x.kbId === kbId);
  const mem = process.memoryUsage();
  const lexical = st && {
    firstSearchMs,
    entries: st.chunks.entries + st.faq.entries,
    terms: st.chunks.terms + st.faq.terms,
    postings: st.chunks.postings + st.faq.postings,
    arrayMB: (st.chunks.arrayBytes + st.faq.arrayBytes) / 1024 ** 2,
    heapUsedMB: mem.heapUsed / 1024 ** 2,
    rssMB: mem.rss / 1024 ** 2,
  };

  const timings = new TimingRecorder<string>();
  const perQuery: Array<{ query: string; calls: RecordedCall[] }> = [];
  progress.phase(`ours/${fresh.kind} search @${chunks}`, opts.queries.length, 'queries');
  for (const [i, q] of opts.queries.entries()) {
    const started = performance.now();
    const { result, calls } = await recorder.record(() => ctx.searchKnowledge(kbId, q.text));
    timings.add('hybrid', performance.now() - started, q.text);
    timings.add('embed', result.timings.embedMs, q.text);
    perQuery.push({ query: q.text, calls });
    progress.update(i + 1);
  }

  progress.phase(`ours/${fresh.kind} channels @${chunks}`, perQuery.length, 'queries');
  for (const [i, { query, calls }] of perQuery.entries()) {
    for (const call of calls) {
      if (!ChannelRecorder.hitsDatabase(call)) continue;
      await timings.time(CHANNEL_LABEL[call.method], query, () => recorder.replay(call));
    }
    progress.update(i + 1);
  }
  progress.stop();

  const channels: Record<string, LatencySummary> = {};
  for (const label of timings.labels()) if (label !== 'hybrid') channels[label] = timings.summary(label);
  const slowest = timings.slowest('hybrid', 3).map((s) => ({ label: 'hybrid', ms: s.ms, query: s.input }));

  const explains: LatencyAtSize['explains'] = [];
  if (explain) {
    // The slowest query of the vector channel (is HNSW used?) and of the two heaviest others,
    // re-run under EXPLAIN ANALYZE.
    // Only channels that are SQL: the text and code channels run in the process.
    const heaviest = Object.entries(channels)
      .filter(([label]) => ['faq_vector', 'load'].includes(label))
      .sort((a, b) => b[1].p95 - a[1].p95)
      .slice(0, 2);
    if (channels.vector) heaviest.unshift(['vector', channels.vector]);
    for (const [label] of heaviest) {
      const worst = timings.slowest(label, 1)[0];
      const call = perQuery.find((p) => p.query === worst.input)?.calls.find((c) => CHANNEL_LABEL[c.method] === label);
      if (!call) continue;
      const plan = await explainCall(ctx.db.pool, () => recorder.replay(call));
      if (plan) explains.push({ label, ms: worst.ms, query: worst.input, plan });
    }
  }
  return { chunks, total: timings.summary('hybrid'), channels, slowest, explains, lexical };
}
