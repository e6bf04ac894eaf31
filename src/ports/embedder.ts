/** Turns text into vectors. One embedder per deployment; `id` and `dimension` are recorded with the vectors. */
export interface Embedder {
  /** Stable identity of the vector space, e.g. `local:hashed-lexical-v1` or `openai:text-embedding-3-small`. */
  readonly id: string;
  readonly dimension: number;
  embedDocuments(texts: string[]): Promise<number[][]>;
  embedQuery(text: string): Promise<number[]>;
}
