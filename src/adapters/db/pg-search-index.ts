import type { LoadedChunk, LoadedFaqEntry, RankedId, SearchIndex, WeightedTerm } from '../../ports/knowledge-store.js';
import type { Database } from './database.js';
import { CHUNK_COLUMNS, FAQ_ENTRY_COLUMNS, toChunk, toFaqEntry } from './row-mappers.js';
import { vectorLiteral } from './vector-literal.js';
import type { LexicalIndexOptions } from '../../domain/lexical-index.js';
import { LexicalIndexSync } from './lexical-index-sync.js';

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
};


/**
 * Vector channels and row loading in SQL (HNSW); the BM25 text and exact-code channels in the
 * process, over indexes kept in step with the database by LexicalIndexSync (SQL BM25 over a
 * tsvector cost 70–150 ms per query at 100k chunks; the same ranking in memory takes a few ms).
 */
export class PgSearchIndex implements SearchIndex {
  readonly lexical: LexicalIndexSync;

  constructor(
    private readonly db: Database,
    opts: LexicalIndexOptions = {},
  ) {
    this.lexical = new LexicalIndexSync(db, opts);
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
  async chunksByText(kbId: string, terms: WeightedTerm[], limit: number, revision?: number) {
    if (!terms.length) return [];
    return (await this.lexical.indexes(kbId, revision)).chunks.searchText(terms, limit);
  }
  async faqByText(kbId: string, terms: WeightedTerm[], limit: number, revision?: number) {
    if (!terms.length) return [];
    return (await this.lexical.indexes(kbId, revision)).faq.searchText(terms, limit);
  }
  async chunksByCode(kbId: string, codes: string[], limit: number, revision?: number) {
    if (!codes.length) return [];
    return (await this.lexical.indexes(kbId, revision)).chunks.searchCodes(codes, limit);
  }
  async faqByCode(kbId: string, codes: string[], limit: number, revision?: number) {
    if (!codes.length) return [];
    return (await this.lexical.indexes(kbId, revision)).faq.searchCodes(codes, limit);
  }

  async warm(kbId: string) {
    await this.lexical.indexes(kbId);
  }

  async termFrequencies(kbId: string, terms: string[], revision?: number) {
    const { chunks, faq } = await this.lexical.indexes(kbId, revision);
    const a = chunks.documentFrequencies(terms);
    const b = faq.documentFrequencies(terms);
    return { entries: chunks.size + faq.size, df: a.map((x, i) => x + b[i]!) };
  }

  async loadHits(chunkIds: string[], faqIds: string[]) {
    if (!chunkIds.length && !faqIds.length) return { chunks: [], faqs: [] };
    // One statement for both: on the embedded database each round trip queues behind every
    // other turn's statements.
    const { rows } = await this.db.pool.query(
      `SELECT
         COALESCE((SELECT json_agg(x) FROM (
           SELECT ${CHUNK_COLUMNS}, d.source_path, d.title FROM chunks c JOIN documents d ON d.id = c.document_id WHERE c.id = ANY($1::bigint[])
         ) x), '[]'::json) AS chunks,
         COALESCE((SELECT json_agg(y) FROM (
           SELECT ${FAQ_ENTRY_COLUMNS}, d.source_path FROM faq_entries e JOIN documents d ON d.id = e.document_id WHERE e.id = ANY($2::uuid[])
         ) y), '[]'::json) AS faqs`,
      [chunkIds, faqIds],
    );
    const r = rows[0];
    return {
      chunks: (r.chunks as any[]).map((c): LoadedChunk => ({ ...toChunk(c), sourcePath: c.source_path as string, documentTitle: c.title as string | null })),
      faqs: (r.faqs as any[]).map((f): LoadedFaqEntry => ({ ...toFaqEntry(f), sourcePath: f.source_path as string })),
    };
  }
}
