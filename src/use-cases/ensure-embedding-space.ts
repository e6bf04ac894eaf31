import { EmbeddingMismatch } from '../domain/errors.js';
import type { Embedder } from '../ports/embedder.js';
import type { EmbeddingSpaceStore } from '../ports/knowledge-store.js';

/**
 * Start-up check: vectors from two embedders are not comparable, so the store records which
 * one produced its vectors and the service refuses to start with another one configured.
 */
export async function ensureEmbeddingSpace(space: EmbeddingSpaceStore, embedder: Embedder, opts: { vectorsNeeded: boolean }): Promise<void> {
  const current = await space.get();
  if (!current) {
    await space.initialise(embedder.id, embedder.dimension);
    return;
  }
  if (current.embedder !== embedder.id || current.dimension !== embedder.dimension) {
    throw new EmbeddingMismatch(
      `The database holds vectors from ${current.embedder} (${current.dimension} dimensions) but the configured embedder is ` +
        `${embedder.id} (${embedder.dimension} dimensions). Run \`npm run reembed\` to move the knowledge to the new embedder, ` +
        'or restore the previous EMBEDDING_PROVIDER / EMBEDDING_MODEL / EMBEDDING_DIM.',
      { details: { stored: current, configured: { embedder: embedder.id, dimension: embedder.dimension } } },
    );
  }
  // Documents ingested while the vector channel was off have no vectors: searching them by
  // vector would silently skip them.
  if (opts.vectorsNeeded && !current.vectorsComplete) {
    throw new EmbeddingMismatch(
      'Some documents were stored without vectors (ingested while the vector channel was off, WEIGHT_VECTOR=0). ' +
        'Run `npm run reembed` to compute them before turning the vector channel on, or set WEIGHT_VECTOR=0.',
      { details: { stored: current, configured: { embedder: embedder.id, dimension: embedder.dimension } } },
    );
  }
}
