import type { RankedId, SearchIndex, WeightedTerm } from '../../ports/knowledge-store.js';
import type { Database } from './database.js';
import { CHUNK_COLUMNS, toChunk, toFaqEntry } from './row-mappers.js';
import { vectorLiteral } from './vector-literal.js';

const BM25_K1 = 1.2;
const BM25_B = 0.75;
// Terms in more than this share of a corpus do not select candidates (they still score).
const COMMON_TERM_SHARE = 0.1;
// Candidates come from the rarest query terms only: long questions would otherwise pull in
// most of the corpus, and BM25 of passages sharing none of them is low anyway.
const SELECTIVE_TERMS = 8;
const MAX_CANDIDATES = 4000;
// An FAQ entry matched through its answer's words counts for less than through a question.
const ANSWER_WEIGHT = 0.55;

const TABLES = {
  chunks: { table: 'chunks', corpus: 0 },
  faq: { table: 'faq_questions', corpus: 1 },
} as const;
type Target = keyof typeof TABLES;

/**
 * BM25 over the app-segmented tsvector, computed in SQL so it runs the same on PGlite and the
 * server: df and lengths come from kb_term_stats / kb_corpus_stats; the GIN index selects
 * candidates through the rarer query terms; unnest(tsv) yields term frequencies.
 */
// The FAQ variant materialises its candidates: the planner otherwise re-scans them once per
// query term (measured: 212 → 57 ms); for chunks materialising was slower.
function bm25Sql(target: Target, groupByFaq: boolean, commonTermShare: number, selectiveTerms: number): string {
  const { table, corpus } = TABLES[target];
  const key = groupByFaq ? 'd.faq_id' : 'd.id';
  return `
WITH stats AS (
  SELECT GREATEST(doc_count, 1)::float8 AS n, GREATEST(token_total::float8 / GREATEST(doc_count, 1), 1) AS avgdl
  FROM kb_corpus_stats WHERE kb_id = $1 AND corpus = ${corpus}
), q AS (
  SELECT qt.term, qt.w * ln(1 + (s.n - t.df + 0.5) / (t.df + 0.5)) AS idf, t.df, s.n
  FROM unnest($2::text[], $3::float8[]) AS qt(term, w)
  JOIN kb_term_stats t ON t.kb_id = $1 AND t.corpus = ${corpus} AND t.term = qt.term
  CROSS JOIN stats s
), selective AS (
  SELECT term FROM (SELECT term FROM q WHERE q.df <= GREATEST(q.n * ${commonTermShare}, 50) ORDER BY idf DESC LIMIT ${selectiveTerms}) rare
  UNION ALL
  SELECT term FROM (SELECT term FROM q ORDER BY idf DESC LIMIT 3) top
), tsq AS (
  SELECT to_tsquery('simple', string_agg(DISTINCT quote_literal(term), ' | ')) AS query FROM selective
), cand AS ${groupByFaq ? 'MATERIALIZED ' : ''}(
  SELECT d.id, d.tsv, d.token_count${groupByFaq ? ', d.faq_id, d.role' : ''}
  FROM ${table} d, tsq WHERE d.kb_id = $1 AND d.tsv @@ tsq.query
  LIMIT ${MAX_CANDIDATES}
), qterms AS (
  SELECT array_agg(term) AS terms FROM q
)
SELECT ${key}::text AS id, max(score) AS score FROM (
  SELECT d.id${groupByFaq ? ', d.faq_id' : ''},
    sum(q.idf * tf.v * ${BM25_K1 + 1} / (tf.v + ${BM25_K1} * (1 - ${BM25_B} + ${BM25_B} * d.token_count / s.avgdl)))
      ${groupByFaq ? `* CASE WHEN d.role = 'answer' THEN ${ANSWER_WEIGHT} ELSE 1 END` : ''} AS score
  FROM cand d
  CROSS JOIN qterms
  -- Keep only the query's lexemes (weight A, then filter) before unnesting: far fewer rows.
  CROSS JOIN LATERAL unnest(ts_filter(setweight(d.tsv, 'A', qterms.terms), '{a}')) u
  JOIN q ON q.term = u.lexeme
  CROSS JOIN LATERAL (SELECT cardinality(u.positions)::float8 AS v) tf
  CROSS JOIN stats s
  GROUP BY d.id${groupByFaq ? ', d.faq_id, d.role' : ''}
) d
GROUP BY ${key} ORDER BY score DESC LIMIT $4`;
}

const SQL = {
  chunksByVector: `
SELECT id::text AS id, 1 - (embedding <=> $2::halfvec) AS score FROM chunks
WHERE kb_id = $1 AND embedding IS NOT NULL ORDER BY embedding <=> $2::halfvec LIMIT $3`,
  // Over-fetch wordings, then keep the best one per entry.
  faqByVector: `
SELECT faq_id::text AS id, max(score) AS score FROM (
  SELECT faq_id, 1 - (embedding <=> $2::halfvec) AS score FROM faq_questions
  WHERE kb_id = $1 AND embedding IS NOT NULL ORDER BY embedding <=> $2::halfvec LIMIT $3 * 4
) w GROUP BY faq_id ORDER BY score DESC LIMIT $3`,
  chunksByCode: `
SELECT id::text AS id, cardinality(ARRAY(SELECT unnest(codes) INTERSECT SELECT unnest($2::text[])))::float8 AS score
FROM chunks WHERE kb_id = $1 AND codes && $2::text[] ORDER BY score DESC, id LIMIT $3`,
  faqByCode: `
SELECT faq_id::text AS id, max(cardinality(ARRAY(SELECT unnest(codes) INTERSECT SELECT unnest($2::text[]))))::float8 AS score
FROM faq_questions WHERE kb_id = $1 AND role <> 'answer' AND codes && $2::text[] GROUP BY faq_id ORDER BY score DESC LIMIT $3`,
};


export class PgSearchIndex implements SearchIndex {
  private readonly textSql: { chunks: string; faq: string };

  constructor(
    private readonly db: Database,
    opts: { commonTermShare?: number; selectiveTerms?: number } = {},
  ) {
    const share = opts.commonTermShare ?? COMMON_TERM_SHARE;
    const k = opts.selectiveTerms ?? SELECTIVE_TERMS;
    this.textSql = { chunks: bm25Sql('chunks', false, share, k), faq: bm25Sql('faq', true, share, k) };
  }

  private async ranked(sql: string, params: unknown[]): Promise<RankedId[]> {
    const { rows } = await this.db.pool.query<{ id: string; score: number }>(sql, params);
    return rows.map((r) => ({ id: r.id, score: Number(r.score) }));
  }

  chunksByVector(kbId: string, vector: number[], limit: number) {
    return this.ranked(SQL.chunksByVector, [kbId, vectorLiteral(vector), limit]);
  }
  faqByVector(kbId: string, vector: number[], limit: number) {
    return this.ranked(SQL.faqByVector, [kbId, vectorLiteral(vector), limit]);
  }
  chunksByText(kbId: string, terms: WeightedTerm[], limit: number) {
    if (!terms.length) return Promise.resolve([]);
    return this.ranked(this.textSql.chunks, [kbId, terms.map((t) => t.term), terms.map((t) => t.weight), limit]);
  }
  faqByText(kbId: string, terms: WeightedTerm[], limit: number) {
    if (!terms.length) return Promise.resolve([]);
    return this.ranked(this.textSql.faq, [kbId, terms.map((t) => t.term), terms.map((t) => t.weight), limit]);
  }
  chunksByCode(kbId: string, codes: string[], limit: number) {
    if (!codes.length) return Promise.resolve([]);
    return this.ranked(SQL.chunksByCode, [kbId, codes, limit]);
  }
  faqByCode(kbId: string, codes: string[], limit: number) {
    if (!codes.length) return Promise.resolve([]);
    return this.ranked(SQL.faqByCode, [kbId, codes, limit]);
  }

  async loadChunks(ids: string[]) {
    if (!ids.length) return [];
    const { rows } = await this.db.pool.query(
      `SELECT ${CHUNK_COLUMNS}, d.source_path, d.title FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ANY($1::bigint[])`,
      [ids],
    );
    return rows.map((r) => ({ ...toChunk(r), sourcePath: r.source_path as string, documentTitle: r.title as string | null }));
  }

  async loadFaqEntries(ids: string[]) {
    if (!ids.length) return [];
    const { rows } = await this.db.pool.query(
      `SELECT e.id, e.document_id, e.external_id, e.question, e.answer, e.language, d.source_path,
         ARRAY(SELECT q.question FROM faq_questions q WHERE q.faq_id = e.id AND q.role = 'alternative' ORDER BY q.id) AS alt_questions
       FROM faq_entries e JOIN documents d ON d.id = e.document_id WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    return rows.map((r) => ({ ...toFaqEntry(r), sourcePath: r.source_path as string }));
  }
}
