/**
 * BM25 statistics (document frequency per term, corpus size and length) kept in step with the
 * rows: `add` after a document's rows are inserted, `remove` before they are deleted, in the same
 * transaction. Corpus 0 = chunks, 1 = FAQ question wordings.
 */
const SOURCES = {
  0: `SELECT c.tsv, c.token_count FROM chunks c WHERE c.document_id = $2`,
  1: `SELECT q.tsv, q.token_count FROM faq_questions q JOIN faq_entries e ON e.id = q.faq_id WHERE e.document_id = $2`,
} as const;

export type Corpus = keyof typeof SOURCES;

export function addStatsSql(corpus: Corpus): string[] {
  return [
    `INSERT INTO kb_term_stats (kb_id, corpus, term, df)
     SELECT $1, ${corpus}, u.lexeme, count(*) FROM (${SOURCES[corpus]}) s, unnest(s.tsv) u
     GROUP BY u.lexeme ORDER BY u.lexeme
     ON CONFLICT (kb_id, corpus, term) DO UPDATE SET df = kb_term_stats.df + EXCLUDED.df`,
    `INSERT INTO kb_corpus_stats (kb_id, corpus, doc_count, token_total)
     SELECT $1, ${corpus}, count(*), COALESCE(sum(s.token_count), 0) FROM (${SOURCES[corpus]}) s
     ON CONFLICT (kb_id, corpus) DO UPDATE SET doc_count = kb_corpus_stats.doc_count + EXCLUDED.doc_count,
       token_total = kb_corpus_stats.token_total + EXCLUDED.token_total`,
  ];
}

export function removeStatsSql(corpus: Corpus): string[] {
  return [
    `UPDATE kb_term_stats t SET df = t.df - d.n
     FROM (SELECT u.lexeme, count(*) AS n FROM (${SOURCES[corpus]}) s, unnest(s.tsv) u GROUP BY u.lexeme) d
     WHERE t.kb_id = $1 AND t.corpus = ${corpus} AND t.term = d.lexeme`,
    `DELETE FROM kb_term_stats WHERE kb_id = $1 AND corpus = ${corpus} AND df <= 0 AND $2::uuid IS NOT NULL`,
    `UPDATE kb_corpus_stats k SET doc_count = k.doc_count - d.n, token_total = k.token_total - d.t
     FROM (SELECT count(*) AS n, COALESCE(sum(s.token_count), 0) AS t FROM (${SOURCES[corpus]}) s) d
     WHERE k.kb_id = $1 AND k.corpus = ${corpus}`,
  ];
}
