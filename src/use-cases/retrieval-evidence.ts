import { screenPassage } from '../domain/prompt-injection.js';
import { joinChunks } from '../domain/answer-composition.js';
import { confidenceFrom, termCoverage, type ConfidenceFeatures, type ConfidenceModel } from '../domain/confidence.js';
import type { Passage } from '../ports/answerer.js';
import type { DocumentStore, SearchIndex } from '../ports/knowledge-store.js';
import type { TextAnalyzer } from '../ports/text-analyzer.js';
import type { SynonymTable } from '../domain/synonyms.js';
import type { SearchHit } from './search-knowledge.js';

export interface EvidenceDeps {
  analyzer: TextAnalyzer;
  index: Pick<SearchIndex, 'termFrequencies'>;
  synonyms?: SynonymTable;
  documents: Pick<DocumentStore, 'sectionChunks'>;
  model?: ConfidenceModel;
  /** Longest section the answerer gets whole; longer ones are cut at a chunk boundary. */
  maxSectionChars?: number;
  /** How many fused hits are re-ranked by how much of the question they cover. */
  rerankDepth?: number;
}

// Question words say what kind of answer is wanted, not what it is about.
const INTERROGATIVES = new Set(['多少', '多大', '多久', '多长', '多少钱', '几', '什么', '怎么', '怎样', '如何', '吗', '哪', '哪里', '哪个', '为什么', '是否', '能否', '可以']);
const SYNONYM_CREDIT = 0.5;
const ANALYSIS_CACHE = 20_000;

/**
 * Key terms of a question, weighted: a product code counts double and once (not again as its
 * fragments "lm", "a5"), a compound counts through its parts, question words barely count.
 */
export function keyTerms(analyzer: TextAnalyzer, text: string): { terms: Map<string, number>; codes: string[] } {
  const a = analyzer.analyze(text);
  const codes = a.codes.filter((c) => !a.codes.some((o) => o !== c && o.includes(c)));
  const terms = new Map<string, number>();
  const words = a.words.filter((w) => !codes.some((c) => c.includes(w)));
  for (const w of words) {
    // jieba's search mode also yields the compound of two words it yields ("电池容量"): the parts carry it.
    if (words.some((x) => x !== w && w.startsWith(x) && words.includes(w.slice(x.length)))) continue;
    const weight = INTERROGATIVES.has(w) ? 0.3 : [...w].length === 1 && /\p{Script=Han}/u.test(w) ? 0.4 : 1;
    terms.set(w, Math.max(terms.get(w) ?? 0, weight));
  }
  for (const c of codes) terms.set(c, 2);
  return { terms, codes };
}

/** The text a hit is judged by, and the codes that say which product it is about. */
function hitText(h: SearchHit): { text: string; own: string } {
  if (h.type === 'faq') {
    // An FAQ entry is judged by its wordings: its answer may mention anything.
    const q = [h.question, ...h.altQuestions].join('\n');
    return { text: q, own: q };
  }
  const trail = [h.title ?? '', ...h.headingPath].join('\n');
  return { text: `${trail}\n${h.content}`, own: trail };
}

export interface JudgedHit {
  hit: SearchHit;
  /** Weighted share of the question's key terms (or their synonyms) the passage contains. */
  coverage: number;
  /** The passage is about another product than the one the question names. */
  conflict: boolean;
  rerank: number;
}

/**
 * What the retrieval evidence says before anything is written: the fused hits re-ranked by
 * how much of the question each covers (RRF ranks alone let a weak FAQ match outrank the
 * section that answers), a calibrated confidence that the top one answers the question, and
 * the passages for the answerer (the top chunk's whole section, re-joined from its chunks).
 */
export function createRetrievalEvidence(deps: EvidenceDeps) {
  const maxSection = deps.maxSectionChars ?? 2400;
  const depth = deps.rerankDepth ?? 24;

  // Judging segments up to 24 passages per turn; the same passages come back turn after turn,
  // so their word sets are kept (keyed by id and text, so a re-ingested chunk is analysed anew).
  const analysed = new Map<string, { present: Set<string>; ownCodes: string[] }>();
  function analysis(hit: SearchHit) {
    const { text, own } = hitText(hit);
    const key = `${hit.type}:${hit.id}:${text.length}:${own.length}`;
    let a = analysed.get(key);
    if (!a) {
      const t = deps.analyzer.analyze(text);
      a = { present: new Set<string>([...t.words, ...t.codes]), ownCodes: own === text ? t.codes : deps.analyzer.analyze(own).codes };
      if (analysed.size >= ANALYSIS_CACHE) analysed.delete(analysed.keys().next().value!);
      analysed.set(key, a);
    }
    return a;
  }

  function credit(terms: Map<string, number>, hit: SearchHit): Map<string, number> {
    const { present } = analysis(hit);
    const credited = new Map<string, number>();
    for (const [t, w] of terms) {
      if (present.has(t)) credited.set(t, w);
      else if (deps.synonyms?.synonymsOf(t).some((s) => present.has(s))) credited.set(t, w * SYNONYM_CREDIT);
    }
    return credited;
  }

  type KeyTerms = ReturnType<typeof keyTerms>;

  function judge({ terms, codes }: KeyTerms, hits: SearchHit[]): JudgedHit[] {
    const top = hits[0]?.score ?? 1;
    const judged = hits.slice(0, depth).map((hit) => {
      // A synonym in the passage counts for half the term itself ("多少钱" answered by "售价").
      const credited = credit(terms, hit);
      const { ownCodes } = analysis(hit);
      const conflict = codes.length > 0 && ownCodes.length > 0 && !ownCodes.some((c) => codes.includes(c));
      const coverage = termCoverage(terms, credited);
      // Coverage decides among passages retrieval found comparably good; the square makes a passage
      // that misses the question's intent words lose to one that has them.
      const rerank = Math.sqrt(hit.score / top) * (0.2 + coverage) ** 2 * (conflict ? 0.5 : 1);
      return { hit, coverage, conflict, rerank };
    });
    // Among FAQ entries the fused order stands: their channels were tuned on paraphrase suites
    // and a plain overlap count picks the lexical hard negative (measured on atec-zh: 0.27 → 0.22
    // at rank 1). FAQ entries keep their scores as a set, handed out in fused order.
    const faqScores = judged.filter((j) => j.hit.type === 'faq').map((j) => j.rerank).sort((x, y) => y - x);
    let next = 0;
    for (const j of judged) if (j.hit.type === 'faq') j.rerank = faqScores[next++]!;
    return judged.sort((x, y) => y.rerank - x.rerank);
  }

  /** Rarity of the question's key terms in this knowledge base. */
  async function rarity(kbId: string, { terms }: KeyTerms, revision: number | undefined) {
    const list = [...terms.keys()];
    const { entries, df } = await deps.index.termFrequencies(kbId, list, revision);
    const maxIdf = Math.log(1 + (entries + 1) / 0.5);
    let total = 0;
    let known = 0;
    const idf = new Map<string, number>();
    list.forEach((t, i) => {
      const w = terms.get(t)!;
      total += w;
      if (df[i]! > 0) known += w;
      idf.set(t, w * (Math.log(1 + (entries + 1) / (df[i]! + 0.5)) / maxIdf));
    });
    return { known: total ? known / total : 0, idf };
  }

  function features(judged: JudgedHit[], r: { known: number; idf: Map<string, number> }): ConfidenceFeatures {
    const [top, second] = judged;
    if (!top) return { coverage: 0, margin: 0, agreement: 0, strength: 0, faq: 0, known: r.known, idfCoverage: 0 };
    const channels = Object.values(top.hit.channels);
    return {
      known: r.known,
      idfCoverage: termCoverage(r.idf, credit(r.idf, top.hit)),
      coverage: top.coverage,
      margin: second ? Math.max(0, (top.rerank - second.rerank) / top.rerank) : 0.5,
      agreement: channels.length ? channels.filter((c) => c.rank <= 2).length / channels.length : 0,
      strength: Math.min(1, channels.length / 3),
      faq: top.hit.type === 'faq' ? 1 : 0,
    };
  }

  return {
    /**
     * Re-ranked hits with the evidence features and confidence of the top one. `revision`: the
     * knowledge base's, as the caller has just read it (spares a round trip).
     */
    async assess(kbId: string, query: string, hits: SearchHit[], revision?: number) {
      const key = keyTerms(deps.analyzer, query);
      const judged = judge(key, hits);
      const f = features(judged, await rarity(kbId, key, revision));
      return { hits: [...judged.map((j) => j.hit), ...hits.slice(depth)], judged, features: f, confidence: hits.length ? confidenceFrom(f, deps.model) : 0 };
    },

    async passages(kbId: string, hits: SearchHit[]): Promise<Passage[]> {
      const out: Passage[] = [];
      const seenSections = new Set<string>();
      const sectionOf = (h: Extract<SearchHit, { type: 'chunk' }>) => `${h.documentId}\u0000${h.headingPath.join('\u0000')}`;
      // The sections that can be widened (the first three passages) are asked for in one round
      // trip; one dropped below is still fetched when its turn comes.
      const leading: Array<Extract<SearchHit, { type: 'chunk' }>> = [];
      for (const h of hits.slice(0, 3)) if (h.type === 'chunk' && !leading.some((l) => sectionOf(l) === sectionOf(h))) leading.push(h);
      const fetched = leading.length ? await deps.documents.sectionChunks(kbId, leading.map((h) => ({ documentId: h.documentId, headingPath: h.headingPath }))) : [];
      const sections = new Map(leading.map((h, i) => [sectionOf(h), fetched[i]!]));
      for (const h of hits) {
        const index = out.length + 1;
        if (h.type === 'faq') {
          const answer = screenPassage(h.answer).text;
          if (!answer.trim()) continue;
          out.push({
            index, type: 'faq', id: h.id, documentId: h.documentId, sourcePath: h.sourcePath, title: null, headingPath: [],
            content: answer, language: h.language, score: h.score, question: h.question, externalId: h.externalId,
          });
          continue;
        }
        const section = sectionOf(h);
        if (seenSections.has(section)) continue;
        seenSections.add(section);
        let content = h.content;
        // Only the leading passages are widened to their section: they are what gets answered.
        if (out.length < 3) {
          const siblings = sections.get(section) ?? (await deps.documents.sectionChunks(kbId, [{ documentId: h.documentId, headingPath: h.headingPath }]))[0]!;
          const start = siblings.findIndex((c) => c.position === h.position);
          if (start >= 0) {
            // Grow around the hit, keeping it inside the window.
            let lo = start;
            let hi = start;
            let size = siblings[start]!.content.length;
            while (size < maxSection && (lo > 0 || hi < siblings.length - 1)) {
              if (lo > 0 && (hi >= siblings.length - 1 || start - lo <= hi - start)) size += siblings[--lo]!.content.length;
              else size += siblings[++hi]!.content.length;
            }
            content = joinChunks(siblings.slice(lo, hi + 1).map((c) => c.content));
          }
        }
        // Instructions planted in a document (prompt injection) reach neither answerer nor customer.
        content = screenPassage(content).text;
        if (!content.trim()) continue;
        out.push({
          index, type: 'chunk', id: h.id, documentId: h.documentId, sourcePath: h.sourcePath, title: h.title, headingPath: h.headingPath,
          content, language: h.language, score: h.score,
        });
      }
      return out;
    },
  };
}

export type RetrievalEvidence = ReturnType<typeof createRetrievalEvidence>;
