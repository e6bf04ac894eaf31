import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config/config.js';
import { createEmbedder } from '../src/adapters/embedding/create-embedder.js';
import { JiebaAnalyzer } from '../src/adapters/text/jieba-analyzer.js';
import { buildCorpus, describePrefix } from './bench-corpus.js';
import { freshPgliteFolder, freshServerDatabase, SERVER_DATABASES, serverVersions, type BenchDbKind } from './bench-databases.js';
import { BenchProgress } from './bench-progress.js';
import { appendReport, renderReport, type BenchReport } from './benchmark-report.js';
import { loadPgVectorStore, runLangChainBaseline, type BaselineStore } from './langchain-baseline-run.js';
import { codeVersion, machineInfo } from './machine-info.js';
import { BENCH_ENV, OUR_VARIANTS, runOurPipeline, type OurVariant, type PipelineRun } from './our-pipeline-run.js';
import { buildQueries } from './query-set.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIFY = path.resolve(ROOT, '../shared/datasets/dify-docs-kb');

const USAGE = `usage: npm run bench -- [options]
  --sizes 10000,100000       chunk counts to measure (each a prefix of the same corpus; the
                             database is filled up from one size to the next)
  --db pglite,postgres       where to run
  --queries 200              timed queries per size (after --warmup 20)
  --variants default,vectors our configurations: as shipped (vector channel off, no vectors
                             stored) and with WEIGHT_VECTOR=1 (vectors + HNSW, full hybrid)
  --no-baseline              skip the LangChain baseline
  --pglite-baseline-max N    run the LangChain baseline on PGlite only up to N chunks (it is slow there)
  --baseline-store pgvector,memory
                             LangChain stores to compare with (pgvector needs @langchain/community)
  --quick                    1.5k-chunk smoke run (30 queries); not recorded unless --append
  --no-append                print only; do not append to docs/benchmarks.md
  --pg-url URL               superuser URL of the server (default postgres://postgres@127.0.0.1:5432/postgres)
  --real-docs DIR|none       real Markdown/MDX docs mixed into the corpus (default: the Dify docs in shared/)
  --seed 42                  corpus and query seed
  --json FILE                also write the raw results as JSON
  --keep-db                  keep the PGlite folders (server databases are always kept until the next run)`;

function parseList<T extends string>(value: string, allowed: readonly T[], flag: string): T[] {
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  for (const i of items) if (!allowed.includes(i as T)) throw new Error(`${flag}: unknown value "${i}" (expected ${allowed.join(', ')})`);
  return items as T[];
}

function options() {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      db: { type: 'string', default: 'pglite,postgres' },
      queries: { type: 'string' },
      warmup: { type: 'string' },
      'no-baseline': { type: 'boolean', default: false },
      variants: { type: 'string', default: 'default,vectors' },
      'pglite-baseline-max': { type: 'string' },
      'baseline-store': { type: 'string', default: 'pgvector,memory' },
      quick: { type: 'boolean', default: false },
      append: { type: 'boolean', default: false },
      'no-append': { type: 'boolean', default: false },
      'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
      'real-docs': { type: 'string', default: path.join(DIFY, 'kb') },
      seed: { type: 'string', default: '42' },
      json: { type: 'string' },
      'keep-db': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick;
  const positiveInt = (v: string, flag: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag}: expected a positive integer, got "${v}"`);
    return n;
  };
  const sizes = (values.sizes ?? (quick ? '1500' : '10000,100000')).split(',').map((s) => positiveInt(s.trim(), '--sizes'));
  if (sizes.some((s, i) => i > 0 && s <= sizes[i - 1])) throw new Error('--sizes must increase');
  return {
    quick,
    sizes,
    dbs: parseList<BenchDbKind>(values.db, ['pglite', 'postgres'], '--db'),
    variants: parseList<OurVariant>(values.variants, Object.keys(OUR_VARIANTS) as OurVariant[], '--variants'),
    queries: positiveInt(values.queries ?? (quick ? '30' : '200'), '--queries'),
    warmup: positiveInt(values.warmup ?? (quick ? '5' : '20'), '--warmup'),
    pgliteBaselineMax: values['pglite-baseline-max'] ? positiveInt(values['pglite-baseline-max'], '--pglite-baseline-max') : Infinity,
    baselineStores: values['no-baseline'] ? [] : parseList<BaselineStore>(values['baseline-store'], ['pgvector', 'memory'], '--baseline-store'),
    append: values['no-append'] ? false : quick ? values.append : true,
    pgUrl: values['pg-url'],
    realDocs: values['real-docs'] === 'none' ? undefined : path.resolve(values['real-docs']),
    seed: positiveInt(values.seed, '--seed'),
    json: values.json,
    keepDb: values['keep-db'],
  };
}

async function main() {
  const opts = options();
  const startedAt = new Date();
  const machine = machineInfo();
  const code = codeVersion();
  const progress = new BenchProgress();
  const notes: string[] = [];
  const config = loadConfig({ ...BENCH_ENV });

  const server = opts.dbs.includes('postgres') ? await serverVersions(opts.pgUrl) : undefined;

  let pgVectorStore: Awaited<ReturnType<typeof loadPgVectorStore>> | undefined;
  let baselineStores = opts.baselineStores;
  if (baselineStores.includes('pgvector')) {
    pgVectorStore = await loadPgVectorStore();
    if ('error' in pgVectorStore) {
      baselineStores = baselineStores.filter((s) => s !== 'pgvector');
      if (!baselineStores.includes('memory')) baselineStores.push('memory');
      const msg = `LangChain PGVectorStore unavailable (${pgVectorStore.error}); install it with \`npm install --no-save --legacy-peer-deps @langchain/community\`. Baseline: MemoryVectorStore only.`;
      notes.push(msg);
      progress.log(msg);
    }
  }

  const maxChunks = opts.sizes.at(-1)!;
  progress.phase('building corpus', maxChunks, 'chunks');
  const corpus = await buildCorpus({
    seed: opts.seed,
    maxChunks,
    chunking: config.chunking,
    realDocsDir: opts.realDocs,
    faqEntriesPerFile: opts.quick ? 50 : 200,
    onProgress: (n) => progress.update(Math.min(n, maxChunks)),
  });
  progress.stop();
  const realQuestions = path.join(DIFY, 'faq_questions.jsonl');
  const queries = buildQueries({ seed: opts.seed, products: corpus.products, count: opts.queries, realQuestionsFile: opts.realDocs ? realQuestions : undefined });
  const warmup = buildQueries({ seed: opts.seed + 1, products: corpus.products, count: opts.warmup });

  const analyzer = new JiebaAnalyzer();
  const embedder = await createEmbedder(config, analyzer);

  const runs: PipelineRun[] = [];
  for (const db of opts.dbs) {
    for (const variant of opts.variants) {
      const fresh = db === 'pglite' ? freshPgliteFolder('ours', opts.keepDb) : await freshServerDatabase(opts.pgUrl, SERVER_DATABASES.ours);
      try {
        runs.push(await runOurPipeline({ fresh, corpus, sizes: opts.sizes, queries, warmup, explain: true, progress, variant }));
      } finally {
        await fresh.dispose();
      }
    }
    const baselineSizes = db === 'pglite' ? opts.sizes.filter((s) => s <= opts.pgliteBaselineMax) : opts.sizes;
    if (baselineSizes.length < opts.sizes.length) notes.push(`LangChain PGVectorStore on PGlite measured up to ${opts.pgliteBaselineMax} chunks only (--pglite-baseline-max): it is the slowest part of a full run.`);
    if (baselineStores.includes('pgvector') && pgVectorStore && 'ctor' in pgVectorStore && baselineSizes.length) {
      const freshBase = db === 'pglite' ? freshPgliteFolder('langchain', opts.keepDb) : await freshServerDatabase(opts.pgUrl, SERVER_DATABASES.baseline);
      try {
        runs.push(
          await runLangChainBaseline({
            store: 'pgvector', fresh: freshBase, pgVectorStore: pgVectorStore.ctor, communityVersion: pgVectorStore.version, embedder,
            chunking: config.chunking, efSearch: config.retrieval.efSearch, corpus, sizes: baselineSizes, queries, warmup, progress,
          }),
        );
      } finally {
        await freshBase.dispose();
      }
    }
  }
  if (baselineStores.includes('memory')) {
    runs.push(
      await runLangChainBaseline({
        store: 'memory', embedder, chunking: config.chunking, efSearch: config.retrieval.efSearch, corpus, sizes: opts.sizes, queries, warmup, progress,
      }),
    );
  }
  progress.stop();

  const largest = describePrefix(corpus, corpus.prefixFor(maxChunks).docs);
  const real = largest.realDocs ? `, of which ${largest.realDocs} real documentation pages (${largest.realChunks} chunks) from ${path.relative(ROOT, corpus.realDocsDir!)}` : '';
  const report: BenchReport = {
    startedAt,
    finishedAt: new Date(),
    mode: opts.quick ? 'quick' : 'full',
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    machine,
    loadAverageEnd: os.loadavg(),
    code,
    server,
    settings:
      `embedder ${embedder.id} (${embedder.dimension}-d), chunk ${config.chunking.size}/${config.chunking.overlap} chars, ` +
      `topK ${config.retrieval.topK}, ${config.retrieval.candidates} candidates per channel, channel weights ${JSON.stringify(config.retrieval.weights)} as shipped (vector 1 in the "vectors on" runs), hnsw.ef_search ${config.retrieval.efSearch}, ` +
      `server pool ${config.database.kind === 'postgres' ? config.database.poolMax : 10} connections, PGlite single connection`,
    corpus:
      `seed ${opts.seed}; ${largest.docs} Markdown files, ${(largest.bytes / 1024 ** 2).toFixed(1)} MB, ${largest.chunks} chunks at the largest size` +
      `${real}; synthetic shop help-centre pages (product guides with spec tables, steps and troubleshooting; policy pages with fee tables; ` +
      `${corpus.products.length} product codes such as ${corpus.products[0].code}), ${largest.zhDocs} Chinese / ${largest.mixedDocs} Chinese with English passages / ` +
      `rest English; plus ${corpus.faq.length} FAQ JSONL files with ${corpus.faqEntries} entries (2–4 wordings each)`,
    queries:
      `${queries.length} timed (${queries.filter((q) => q.lang === 'zh').length} zh, ${queries.filter((q) => q.lang === 'en').length} en, ` +
      `${queries.filter((q) => q.hasCode).length} with a product/error code, ${queries.filter((q) => q.origin === 'real').length} real questions from the Dify FAQ pages), ` +
      `${warmup.length} different warm-up queries first; one at a time`,
    notes,
    runs,
  };
  const markdown = renderReport(report);
  console.log(`\n${markdown}`);
  if (opts.append) {
    const file = path.join(ROOT, 'docs/benchmarks.md');
    appendReport(file, markdown);
    progress.log(`appended to ${path.relative(process.cwd(), file)}`);
  } else {
    progress.log('not appended to docs/benchmarks.md (quick run or --no-append; pass --append to record)');
  }
  if (opts.json) {
    fs.writeFileSync(opts.json, JSON.stringify({ ...report, queriesUsed: queries }, null, 2));
    progress.log(`raw results: ${opts.json}`);
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
