import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Embedder } from '../../ports/embedder.js';
import type { TextAnalyzer } from '../../ports/text-analyzer.js';
import { addHashed, l2normalize } from './feature-hashing.js';

const WORD_WEIGHT = 1;
const BIGRAM_WEIGHT = 0.45;
const CODE_WEIGHT = 1.6;

/**
 * The offline default. No npm package ships neural weights, so meaning comes from words:
 * jieba words and stemmed English words weighted by a general-language IDF prior (jieba's
 * idf table for Chinese), Chinese character bigrams for segmentation mismatches, and codes.
 * Stateless and deterministic, so vectors never go stale when the knowledge base grows.
 */
export class HashedLexicalEmbedder implements Embedder {
  readonly id: string;
  private readonly idf: Map<string, number>;
  private readonly idfMedian: number;

  constructor(
    private readonly analyzer: TextAnalyzer,
    readonly dimension = 512,
    readonly model = 'hashed-lexical-v1',
  ) {
    this.id = `local:${model}`;
    this.idf = loadJiebaIdf();
    this.idfMedian = 11.7;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  embed(text: string): number[] {
    const { terms, words, codes } = this.analyzer.analyze(text);
    const tf = new Map<string, number>();
    const wordSet = new Set(words);
    const codeSet = new Set(codes);
    for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
    const vec = new Float64Array(this.dimension);
    for (const [term, n] of tf) {
      const kind = codeSet.has(term) ? CODE_WEIGHT : wordSet.has(term) ? WORD_WEIGHT : BIGRAM_WEIGHT;
      addHashed(vec, term, kind * (1 + Math.log(n)) * this.prior(term));
    }
    return l2normalize(vec);
  }

  /** General-language rarity, centred on 1: common words count less than rare ones. */
  private prior(term: string): number {
    const idf = this.idf.get(term);
    if (idf === undefined) return 1;
    return Math.min(1.4, Math.max(0.35, idf / this.idfMedian));
  }
}

let cachedIdf: Map<string, number> | undefined;
function loadJiebaIdf(): Map<string, number> {
  if (cachedIdf) return cachedIdf;
  const require = createRequire(import.meta.url);
  const file = require.resolve('@node-rs/jieba/idf.txt');
  const map = new Map<string, number>();
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const sp = line.indexOf(' ');
    if (sp > 0) map.set(line.slice(0, sp), Number(line.slice(sp + 1)));
  }
  cachedIdf = map;
  return map;
}
