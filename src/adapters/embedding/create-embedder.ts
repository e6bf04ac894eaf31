import { OllamaEmbeddings } from '@langchain/ollama';
import { OpenAIEmbeddings } from '@langchain/openai';
import type { Config } from '../../config/config.js';
import type { Embedder } from '../../ports/embedder.js';
import type { TextAnalyzer } from '../../ports/text-analyzer.js';
import { HashedLexicalEmbedder } from './hashed-lexical-embedder.js';
import { LangChainEmbedder } from './langchain-embedder.js';
import { modelInputFilter } from '../answering/model-input-filter.js';

export async function createEmbedder(config: Config, analyzer: TextAnalyzer): Promise<Embedder> {
  const { provider, model, dimension, batchSize, timeoutMs, maxRetries } = config.embedding;
  const queryFilter = modelInputFilter(config.privacy.maskModelInput);
  switch (provider) {
    case 'local':
      return new HashedLexicalEmbedder(analyzer, dimension, model);
    case 'openai': {
      const client = new OpenAIEmbeddings({
        model,
        // Keys come from config only, never silently from the environment.
        apiKey: config.openai.apiKey ?? 'not-needed',
        dimensions: model.startsWith('text-embedding-3') ? dimension : undefined,
        batchSize,
        timeout: timeoutMs,
        maxRetries,
        configuration: config.openai.baseUrl ? { baseURL: config.openai.baseUrl } : undefined,
      });
      return new LangChainEmbedder(client, `openai:${model}`, dimension, 'openai', queryFilter);
    }
    case 'ollama': {
      // Without maxRetries LangChain retries 6 times with backoff: a down server takes a minute to report.
      const client = new OllamaEmbeddings({ model, baseUrl: config.ollama.baseUrl, maxRetries });
      return new LangChainEmbedder(client, `ollama:${model}`, dimension, 'ollama', queryFilter);
    }
    case 'transformers': {
      const { TransformersEmbedder } = await import('./transformers-embedder.js');
      return TransformersEmbedder.create(config.transformers.modelPath!, model, dimension, { batchSize });
    }
  }
}
