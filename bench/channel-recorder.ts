import type pg from 'pg';
import type { SearchIndex } from '../src/ports/knowledge-store.js';

/** The SearchIndex methods searchKnowledge calls; each is one SQL query. */
export const CHANNEL_METHODS = ['chunksByVector', 'chunksByText', 'chunksByCode', 'faqByVector', 'faqByText', 'faqByCode', 'loadHits'] as const;
export type ChannelMethod = (typeof CHANNEL_METHODS)[number];

export interface RecordedCall {
  method: ChannelMethod;
  args: unknown[];
}

type AnyFn = (...args: unknown[]) => Promise<unknown>;

/**
 * Wraps the live index so every channel call searchKnowledge makes is recorded with its exact
 * arguments. Replaying them one at a time gives per-channel latency without re-implementing the
 * query analysis (term weights, synonyms) that the use case owns: if that changes, the breakdown
 * follows. Inside the hybrid call the channels overlap (server) or queue (PGlite), so their
 * in-flight times would not say which one is slow.
 */
export class ChannelRecorder {
  private readonly originals = new Map<ChannelMethod, AnyFn>();
  private current: RecordedCall[] | undefined;

  constructor(private readonly index: SearchIndex) {
    const target = index as unknown as Record<string, AnyFn>;
    for (const m of CHANNEL_METHODS) {
      const original = target[m];
      if (typeof original !== 'function') continue;
      const bound = original.bind(index);
      this.originals.set(m, bound);
      target[m] = (...args: unknown[]) => {
        this.current?.push({ method: m, args });
        return bound(...args);
      };
    }
  }

  async record<T>(fn: () => Promise<T>): Promise<{ result: T; calls: RecordedCall[] }> {
    const calls: RecordedCall[] = [];
    this.current = calls;
    try {
      return { result: await fn(), calls };
    } finally {
      this.current = undefined;
    }
  }

  /** Runs one recorded call again, unwrapped. */
  replay(call: RecordedCall): Promise<unknown> {
    return this.originals.get(call.method)!(...call.args);
  }

  /** False for calls the adapter answers without SQL (no codes in the query, no ids to load). */
  static hitsDatabase(call: RecordedCall): boolean {
    const list = call.method.startsWith('load') ? call.args[0] : call.args[1];
    return !Array.isArray(list) || list.length > 0;
  }
}

/** Runs `fn` while capturing the first SQL statement sent through the pool, then EXPLAINs it. */
export async function explainCall(pool: pg.Pool, fn: () => Promise<unknown>): Promise<string | undefined> {
  const hadOwn = Object.hasOwn(pool, 'query');
  const own = (pool as unknown as { query: unknown }).query;
  const original = pool.query.bind(pool) as unknown as (text: string, values?: unknown[]) => Promise<pg.QueryResult>;
  let captured: { text: string; values?: unknown[] } | undefined;
  (pool as unknown as { query: unknown }).query = (text: unknown, values?: unknown[]) => {
    if (!captured && typeof text === 'string') captured = { text, values };
    return original(text as string, values);
  };
  try {
    await fn();
  } finally {
    if (hadOwn) (pool as unknown as { query: unknown }).query = own;
    else delete (pool as unknown as { query?: unknown }).query;
  }
  if (!captured) return undefined;
  const { rows } = await original(`EXPLAIN (ANALYZE, BUFFERS) ${captured.text}`, captured.values);
  return rows.map((r) => r['QUERY PLAN'] as string).join('\n');
}
