import { ModelUnavailable } from '../../domain/errors.js';
import type { Embedder } from '../../ports/embedder.js';

/** Placeholder until the transformers.js path lands: fails with a clear message instead of downloading. */
export class TransformersEmbedder {
  static async create(modelPath: string, _model: string, _dimension: number): Promise<Embedder> {
    throw new ModelUnavailable('transformers', {
      message: `EMBEDDING_PROVIDER=transformers is not available in this build (model folder ${modelPath})`,
    });
  }
}
