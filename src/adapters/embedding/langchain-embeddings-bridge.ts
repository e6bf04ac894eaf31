import { Embeddings } from '@langchain/core/embeddings';
import type { Embedder } from '../../ports/embedder.js';

/**
 * Our Embedder seen through LangChain's `Embeddings` interface, so a LangChain pipeline (the
 * baselines in evals/ and bench/) runs on exactly the vectors ours does.
 */
export class PortEmbeddings extends Embeddings {
  constructor(private readonly embedder: Embedder) {
    super({});
  }
  embedDocuments(texts: string[]) {
    return this.embedder.embedDocuments(texts);
  }
  embedQuery(text: string) {
    return this.embedder.embedQuery(text);
  }
}
