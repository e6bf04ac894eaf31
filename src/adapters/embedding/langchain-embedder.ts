import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { EmbeddingMismatch, ModelUnavailable } from '../../domain/errors.js';
import type { Embedder } from '../../ports/embedder.js';
import { unfiltered, type ModelInputFilter } from '../answering/model-input-filter.js';

/**
 * Any LangChain embeddings client (OpenAI-compatible, Ollama) behind our port. Vendor errors
 * become ModelUnavailable with the cause kept; a model that answers with another size than
 * configured is refused rather than stored.
 */
export class LangChainEmbedder implements Embedder {
  constructor(
    private readonly client: EmbeddingsInterface,
    readonly id: string,
    readonly dimension: number,
    private readonly provider: string,
    /** Queries are customer text; documents are the company's own and are not filtered. */
    private readonly queryFilter: ModelInputFilter = unfiltered,
  ) {}

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (!texts.length) return [];
    const vectors = await this.call(() => this.client.embedDocuments(texts));
    vectors.forEach((v) => this.check(v));
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.check(await this.call(() => this.client.embedQuery(this.queryFilter(text))));
  }

  private check(v: number[]): number[] {
    if (v.length !== this.dimension)
      throw new EmbeddingMismatch(
        `${this.id} returned ${v.length}-dimensional vectors but EMBEDDING_DIM is ${this.dimension}`,
        { details: { expected: this.dimension, got: v.length } },
      );
    return v;
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (cause) {
      // openai reports `status`, the ollama client `status_code`.
      const status = (cause as { status?: number }).status ?? (cause as { status_code?: number }).status_code;
      throw new ModelUnavailable(this.provider, {
        cause,
        retryable: status === undefined || status === 429 || status >= 500,
        message: `${this.provider} embeddings failed: ${(cause as Error).message}`,
      });
    }
  }
}
