import fs from 'node:fs';
import { collectFiles } from '../ingest/collect-files.js';
import { chunkMarkdown, type ChunkOptions } from '../ingest/chunking/markdown-chunker.js';
import { isSupportedPath, loadDocument } from '../ingest/loaders/load-document.js';
import { SeededRandom } from './seeded-random.js';
import { productCatalogue, syntheticFaqFiles, syntheticPages, type Product } from './synthetic-corpus.js';

export interface CorpusFile {
  sourcePath: string;
  bytes: Uint8Array;
  origin: 'synthetic' | 'real' | 'faq';
  /** Chunks our chunker makes of it (FAQ files: entries). */
  units: number;
}

export interface BenchCorpus {
  products: Product[];
  /** Ingested before anything is timed, by both pipelines. */
  faq: CorpusFile[];
  faqEntries: number;
  /** In ingestion order; a size's documents are always a prefix. */
  docs: CorpusFile[];
  /** Number of documents needed to reach each requested chunk count. */
  prefixFor(chunks: number): { docs: number; chunks: number };
  realDocsDir?: string;
}

const encoder = new TextEncoder();

/**
 * Synthetic pages with real documentation pages (e.g. the Dify docs: MDX, front matter, JSX)
 * interleaved one per `realEvery` synthetic pages, until either runs out or `maxChunks` is reached.
 * Chunk counts come from the real loader + chunker, so "10k chunks" means 10k rows written.
 */
export async function buildCorpus(opts: {
  seed: number;
  maxChunks: number;
  chunking: ChunkOptions;
  realDocsDir?: string;
  realEvery?: number;
  faqEntriesPerFile: number;
  onProgress?: (chunks: number) => void;
}): Promise<BenchCorpus> {
  const products = productCatalogue(opts.seed);
  const loaderOpts = { maxUnzippedBytes: 200 * 1024 * 1024 };
  const countChunks = async (sourcePath: string, bytes: Uint8Array) => {
    const loaded = await loadDocument({ sourcePath, bytes }, loaderOpts);
    return loaded.kind === 'doc' ? chunkMarkdown(loaded.markdown, opts.chunking).length : loaded.entries.length;
  };

  const faq: CorpusFile[] = [];
  for (const f of syntheticFaqFiles(opts.seed, products, opts.faqEntriesPerFile)) {
    const bytes = encoder.encode(f.text);
    faq.push({ sourcePath: f.sourcePath, bytes, origin: 'faq', units: await countChunks(f.sourcePath, bytes) });
  }

  const real: Array<{ sourcePath: string; absolutePath: string }> = [];
  if (opts.realDocsDir && fs.existsSync(opts.realDocsDir)) {
    const files = await collectFiles([opts.realDocsDir], (p) => isSupportedPath(p) && /\.mdx?$/i.test(p));
    real.push(...new SeededRandom(opts.seed ^ 0xd1f7).shuffle(files).map((f) => ({ sourcePath: `real/${f.sourcePath}`, absolutePath: f.absolutePath })));
  }

  const docs: CorpusFile[] = [];
  const cumulative: number[] = [];
  let total = 0;
  let synthetic = 0;
  const pages = syntheticPages(opts.seed, products);
  const realEvery = opts.realEvery ?? 11;
  while (total < opts.maxChunks) {
    let file: CorpusFile;
    if (real.length && synthetic > 0 && synthetic % realEvery === 0 && docs.at(-1)?.origin !== 'real') {
      const r = real.shift()!;
      const bytes = new Uint8Array(fs.readFileSync(r.absolutePath));
      file = { sourcePath: r.sourcePath, bytes, origin: 'real', units: await countChunks(r.sourcePath, bytes) };
    } else {
      const page = pages.next().value!;
      const bytes = encoder.encode(page.text);
      file = { sourcePath: `shop/${page.sourcePath}`, bytes, origin: 'synthetic', units: await countChunks(page.sourcePath, bytes) };
      synthetic++;
    }
    if (!file.units) continue;
    docs.push(file);
    total += file.units;
    cumulative.push(total);
    if (docs.length % 50 === 0) opts.onProgress?.(total);
  }
  opts.onProgress?.(total);

  return {
    products,
    faq,
    faqEntries: faq.reduce((n, f) => n + f.units, 0),
    docs,
    realDocsDir: opts.realDocsDir,
    prefixFor(chunks: number) {
      const i = cumulative.findIndex((c) => c >= chunks);
      const n = i < 0 ? docs.length : i + 1;
      return { docs: n, chunks: cumulative[n - 1] ?? 0 };
    },
  };
}

/** Counts for the report: how much of a prefix is synthetic and real, its bytes and languages. */
export function describePrefix(corpus: BenchCorpus, docCount: number) {
  const slice = corpus.docs.slice(0, docCount);
  const sum = (f: (d: CorpusFile) => number, filter: (d: CorpusFile) => boolean = () => true) => slice.filter(filter).reduce((n, d) => n + f(d), 0);
  return {
    docs: slice.length,
    realDocs: slice.filter((d) => d.origin === 'real').length,
    chunks: sum((d) => d.units),
    realChunks: sum((d) => d.units, (d) => d.origin === 'real'),
    bytes: sum((d) => d.bytes.byteLength),
    zhDocs: slice.filter((d) => /^shop\/zh\//.test(d.sourcePath) || /^real\/(zh|plugin-dev-zh)/.test(d.sourcePath)).length,
    mixedDocs: slice.filter((d) => d.sourcePath.startsWith('shop/zh-en/')).length,
  };
}
