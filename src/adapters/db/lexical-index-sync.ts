import { LexicalIndex, type LexicalEntry, type LexicalIndexOptions } from '../../domain/lexical-index.js';
import type { Database } from './database.js';

// An FAQ entry matched through its answer's words counts for less than through a question.
const ANSWER_WEIGHT = 0.55;
const PAGE = 5000;
// The log keeps this many revisions per knowledge base; a process further behind reloads fully.
export const INDEX_LOG_KEEP = 10_000;

// Equal BM25 scores mostly mean duplicated text. Passages: the same page stored under two paths,
// and the most recently stored copy ranks first (as the SQL ranking happened to do; on the
// dify-docs suite the other way cost 10 of 109 top-1 hits). FAQ entries: the one listed first.
const newIndexes = (opts: LexicalIndexOptions) => ({
  chunks: new LexicalIndex({ textTies: 'newer', ...opts }),
  faq: new LexicalIndex({ textTies: 'older', ...opts }),
});

export interface KbLexicalIndexes {
  chunks: LexicalIndex;
  faq: LexicalIndex;
}

interface KbState extends KbLexicalIndexes {
  revision: number;
  documents: number;
}

interface Row {
  id: string;
  document_id: string;
  search_text: string;
  codes: string[];
  token_count: number;
  faq_id?: string;
  role?: string;
}

const SELECT = {
  chunks: `SELECT c.id::text AS id, c.document_id, c.search_text, c.codes, c.token_count FROM chunks c`,
  faq: `SELECT q.id::text AS id, e.document_id, q.search_text, q.codes, q.token_count, q.faq_id, q.role
        FROM faq_questions q JOIN faq_entries e ON e.id = q.faq_id`,
};
const ALIAS = { chunks: 'c', faq: 'q' } as const;

const toEntry = (r: Row): LexicalEntry => ({
  key: r.id,
  rollup: r.faq_id,
  terms: r.search_text ? r.search_text.split(' ') : [],
  length: r.token_count,
  // A code in an FAQ answer ("choose the LM-S12 instead") does not make the entry about it.
  codes: r.role === 'answer' ? [] : r.codes,
  weight: r.role === 'answer' ? ANSWER_WEIGHT : 1,
});

/**
 * Keeps one in-memory lexical index per knowledge base in step with the database.
 *
 * Built on the first search of a knowledge base from the stored columns; afterwards every
 * search first reads the knowledge base's revision (one indexed row) and, if another
 * transaction — in this process or another one — committed since, reloads only the documents
 * logged in kb_index_log after the revision it holds. Reloading a document replaces all of
 * its entries, so reading rows newer than the revision read is harmless: the next check
 * reloads them again. Concurrent searches share one sync.
 */
export class LexicalIndexSync {
  private readonly states = new Map<string, KbState>();
  private readonly syncing = new Map<string, Promise<KbLexicalIndexes>>();

  constructor(
    private readonly db: Database,
    private readonly opts: LexicalIndexOptions = {},
  ) {}

  /**
   * The indexes of a knowledge base, current as of this call; or, given the revision the caller
   * has just read, as of that read (no round trip when they are at least that current).
   */
  indexes(kbId: string, revision?: number): Promise<KbLexicalIndexes> {
    if (revision !== undefined) {
      const state = this.states.get(kbId);
      if (state && state.revision >= revision) return Promise.resolve(state);
    }
    let p = this.syncing.get(kbId);
    if (!p) {
      p = this.sync(kbId).finally(() => this.syncing.delete(kbId));
      this.syncing.set(kbId, p);
    }
    return p;
  }

  /** Memory held, for the benchmark and operators. */
  stats() {
    return [...this.states].map(([kbId, s]) => ({ kbId, revision: s.revision, chunks: s.chunks.stats(), faq: s.faq.stats() }));
  }

  private async sync(kbId: string): Promise<KbLexicalIndexes> {
    const { rows } = await this.db.pool.query<{ revision: string }>('SELECT revision FROM knowledge_bases WHERE id = $1', [kbId]);
    if (!rows.length) {
      this.states.delete(kbId);
      return newIndexes(this.opts);
    }
    const revision = Number(rows[0].revision);
    const state = this.states.get(kbId);
    if (state && state.revision === revision) return state;
    if (!state || revision - state.revision > INDEX_LOG_KEEP) return this.fullLoad(kbId, revision);

    const changed = await this.db.pool.query<{ document_id: string }>(
      'SELECT DISTINCT document_id FROM kb_index_log WHERE kb_id = $1 AND revision > $2 AND revision <= $3',
      [kbId, state.revision, revision],
    );
    const docs = changed.rows.map((r) => r.document_id);
    // Reloading most of a knowledge base row by row is slower than one pass over it.
    if (docs.length > Math.max(1000, state.documents)) return this.fullLoad(kbId, revision);
    for (const d of docs) {
      state.chunks.removeGroup(d);
      state.faq.removeGroup(d);
    }
    for (let i = 0; i < docs.length; i += PAGE) {
      const ids = docs.slice(i, i + PAGE);
      for (const corpus of ['chunks', 'faq'] as const) {
        const a = ALIAS[corpus];
        const { rows: found } = await this.db.pool.query<Row>(
          `${SELECT[corpus]} WHERE ${a}.kb_id = $1 AND ${corpus === 'chunks' ? 'c' : 'e'}.document_id = ANY($2::uuid[]) ORDER BY ${a}.id`,
          [kbId, ids],
        );
        append(state[corpus], found);
      }
    }
    state.documents = Math.max(state.chunks.groupCount, state.faq.groupCount);
    state.revision = revision;
    return state;
  }

  private async fullLoad(kbId: string, revision: number): Promise<KbState> {
    const state: KbState = { ...newIndexes(this.opts), revision, documents: 0 };
    for (const corpus of ['chunks', 'faq'] as const) {
      const a = ALIAS[corpus];
      let after = '0';
      for (;;) {
        const { rows } = await this.db.pool.query<Row>(`${SELECT[corpus]} WHERE ${a}.kb_id = $1 AND ${a}.id > $2 ORDER BY ${a}.id LIMIT ${PAGE}`, [
          kbId,
          after,
        ]);
        append(state[corpus], rows);
        if (rows.length < PAGE) break;
        after = rows[rows.length - 1].id;
      }
      state[corpus].merge();
    }
    state.documents = state.chunks.groupCount + state.faq.groupCount;
    this.states.set(kbId, state);
    return state;
  }
}

/** Adds rows (in id order) to their documents' entries. */
function append(index: LexicalIndex, rows: Row[]) {
  let start = 0;
  for (let i = 1; i <= rows.length; i++) {
    if (i === rows.length || rows[i].document_id !== rows[start].document_id) {
      index.appendToGroup(rows[start].document_id, rows.slice(start, i).map(toEntry));
      start = i;
    }
  }
}
