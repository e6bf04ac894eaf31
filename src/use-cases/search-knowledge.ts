import { InvalidInput } from '../domain/errors.js';
import { requireKnowledgeBase } from './require-knowledge-base.js';
import { weightQueryTerms, type TermWeights, type WeightedTerm } from '../domain/query-terms.js';
import { reciprocalRankFusion, type ChannelResult } from '../domain/retrieval-fusion.js';
import type { SynonymTable } from '../domain/synonyms.js';
import type { KnowledgeBase } from '../domain/knowledge.js';
import type { Embedder } from '../ports/embedder.js';
import type { KnowledgeBaseRepository, SearchIndex } from '../ports/knowledge-store.js';
import type { AnalyzedText, TextAnalyzer } from '../ports/text-analyzer.js';

export interface RetrievalSettings {
  topK: number;
  candidates: number;
  rrfK: number;
  weights: { vector: number; text: number; code: number; faq: number };
  termWeights?: TermWeights;
  /** Weight of terms found only after the first line of a multi-line question. */
  tailWeight?: number;
}

/**
 * A long message usually states its point first (a subject line, then details and logs), so
 * terms that appear only in the details count for less.
 */
function emphasiseFirstLine(text: string, terms: WeightedTerm[], tailWeight: number, analyzer: TextAnalyzer): WeightedTerm[] {
  const nl = text.indexOf('\n');
  if (tailWeight === 1 || nl < 0) return terms;
  const head = new Set(analyzer.analyze(text.slice(0, nl), { phrases: true }).terms);
  if (!head.size) return terms;
  return terms.map((t) => (head.has(t.term) ? t : { term: t.term, weight: t.weight * tailWeight }));
}

export type SearchHit =
  | {
      type: 'chunk';
      id: string;
      score: number;
      documentId: string;
      sourcePath: string;
      title: string | null;
      headingPath: string[];
      position: number;
      content: string;
      language: string;
      channels: Record<string, { rank: number; score: number }>;
    }
  | {
      type: 'faq';
      id: string;
      score: number;
      documentId: string;
      sourcePath: string;
      externalId: string;
      question: string;
      answer: string;
      altQuestions: string[];
      language: string;
      channels: Record<string, { rank: number; score: number }>;
    };

export interface SearchResult {
  query: string;
  hits: SearchHit[];
  timings: { totalMs: number; embedMs: number };
}

export interface SearchDeps {
  knowledgeBases: KnowledgeBaseRepository;
  index: SearchIndex;
  embedder: Embedder;
  analyzer: TextAnalyzer;
  synonyms: SynonymTable;
  settings: RetrievalSettings;
}

/** Hybrid retrieval: vector, BM25 and exact-code channels over chunks and FAQ wordings, fused by RRF. */
export function createSearchKnowledge(deps: SearchDeps) {
  return async function searchKnowledge(
    /** An id or name, or the knowledge base itself when the caller has just loaded it. */
    kbIdOrName: string | KnowledgeBase,
    query: string,
    opts: { topK?: number; include?: Array<'chunk' | 'faq'> } = {},
  ): Promise<SearchResult> {
    const started = performance.now();
    const text = query.trim();
    if (!text) throw new InvalidInput('The query is empty');
    if (text.length > 4000) throw new InvalidInput('The query is longer than 4000 characters');
    const kb = typeof kbIdOrName === 'string' ? await requireKnowledgeBase(deps.knowledgeBases, kbIdOrName) : kbIdOrName;
    const { weights, candidates, rrfK } = deps.settings;
    const topK = opts.topK ?? deps.settings.topK;
    const include = new Set(opts.include ?? ['chunk', 'faq']);

    // Passages are indexed with phrases, FAQ wordings with single Han characters instead.
    const analyzed = deps.analyzer.analyze(text, { phrases: true });
    const queryTerms = (a: AnalyzedText) =>
      emphasiseFirstLine(text, weightQueryTerms(a, deps.synonyms.synonymsOf, deps.settings.termWeights), deps.settings.tailWeight ?? 1, deps.analyzer);
    const terms = queryTerms(analyzed);
    const faqTerms = include.has('faq') ? queryTerms(deps.analyzer.analyze(text, { unigrams: true })) : [];
    const embedStart = performance.now();
    const vector = weights.vector > 0 ? await deps.embedder.embedQuery(text) : [];
    const embedMs = performance.now() - embedStart;

    const channels: Array<Promise<ChannelResult>> = [];
    // A channel weighted 0 is not queried at all (on PGlite every query waits for the one connection).
    const run = (channel: string, weight: number, query: () => Promise<Array<{ id: string; score: number }>>, prefix: string) => {
      if (weight > 0)
        channels.push(query().then((ranked) => ({ channel, weight, ranked: ranked.map((r) => ({ id: prefix + r.id, score: r.score })) })));
    };
    if (include.has('chunk')) {
      run('vector', weights.vector, () => deps.index.chunksByVector(kb.id, vector, candidates), 'c:');
      run('text', weights.text, () => deps.index.chunksByText(kb.id, terms, candidates, kb.revision), 'c:');
      run('code', weights.code, () => deps.index.chunksByCode(kb.id, analyzed.codes, candidates, kb.revision), 'c:');
    }
    if (include.has('faq')) {
      run('faq_vector', weights.vector * weights.faq, () => deps.index.faqByVector(kb.id, vector, candidates), 'f:');
      run('faq_text', weights.text * weights.faq, () => deps.index.faqByText(kb.id, faqTerms, candidates, kb.revision), 'f:');
      run('faq_code', weights.code * weights.faq, () => deps.index.faqByCode(kb.id, analyzed.codes, candidates, kb.revision), 'f:');
    }
    const fused = reciprocalRankFusion(await Promise.all(channels), rrfK).slice(0, topK);

    const chunkIds = fused.filter((h) => h.id.startsWith('c:')).map((h) => h.id.slice(2));
    const faqIds = fused.filter((h) => h.id.startsWith('f:')).map((h) => h.id.slice(2));
    const { chunks, faqs } = await deps.index.loadHits(chunkIds, faqIds);
    const chunkById = new Map(chunks.map((c) => [c.id, c]));
    const faqById = new Map(faqs.map((f) => [f.id, f]));

    const hits: SearchHit[] = [];
    for (const h of fused) {
      const id = h.id.slice(2);
      if (h.id.startsWith('c:')) {
        const c = chunkById.get(id);
        if (c)
          hits.push({
            type: 'chunk', id, score: h.score, documentId: c.documentId, sourcePath: c.sourcePath, title: c.documentTitle,
            headingPath: c.headingPath, position: c.position, content: c.content, language: c.language, channels: h.channels,
          });
      } else {
        const f = faqById.get(id);
        if (f)
          hits.push({
            type: 'faq', id, score: h.score, documentId: f.documentId, sourcePath: f.sourcePath, externalId: f.externalId,
            question: f.question, answer: f.answer, altQuestions: f.altQuestions, language: f.language, channels: h.channels,
          });
      }
    }
    return { query: text, hits, timings: { totalMs: performance.now() - started, embedMs } };
  };
}

export type SearchKnowledge = ReturnType<typeof createSearchKnowledge>;
