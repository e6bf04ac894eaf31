import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createEmbedder } from '../../src/adapters/embedding/create-embedder.js';
import { JiebaAnalyzer } from '../../src/adapters/text/jieba-analyzer.js';
import { loadConfig, type Env } from '../../src/config/config.js';
import { FakeOllamaServer } from '../fakes/fake-ollama-server.js';
import { FakeOpenAIServer } from '../fakes/fake-openai-server.js';
import { writeTinyBertModel } from '../fixtures/tiny-bert-model.js';
import { embedderContract } from './embedder-contract.js';

/**
 * Every embedder the factory can build passes the same contract: the offline default, the
 * LangChain clients against fakes that speak OpenAI's and Ollama's wire protocols, and
 * transformers.js running a tiny generated BERT-shaped ONNX model through onnxruntime-node.
 */

const analyzer = new JiebaAnalyzer();
let openai: FakeOpenAIServer;
let ollama: FakeOllamaServer;
let modelsDir: string;
let modelPath: string;

beforeAll(async () => {
  openai = await FakeOpenAIServer.start({ apiKey: 'sk-test' });
  ollama = await FakeOllamaServer.start({ dimension: 384, models: ['nomic-embed-text'] });
  modelsDir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-models-'));
  modelPath = await writeTinyBertModel(modelsDir, { hidden: 32 });
});

afterAll(async () => {
  await openai?.close();
  await ollama?.close();
  if (modelsDir) await fs.rm(modelsDir, { recursive: true, force: true });
});

// Small batches so the 70-text contract case spans several requests / forward passes.
const build = (env: Env) => createEmbedder(loadConfig({ EMBEDDING_BATCH_SIZE: '16', MODEL_MAX_RETRIES: '0', ...env }), analyzer);

embedderContract('hashed lexical (local)', () => build({ EMBEDDING_PROVIDER: 'local' }));

embedderContract(
  'OpenAI text-embedding-3 via @langchain/openai (fake server)',
  () =>
    build({
      EMBEDDING_PROVIDER: 'openai',
      EMBEDDING_MODEL: 'text-embedding-3-small',
      EMBEDDING_DIM: '256',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseUrl,
    }),
  // Vectors travel as float32, so the same text decodes to exactly the same numbers.
  { tolerance: 0 },
);

embedderContract(
  'OpenAI-compatible server without `dimensions` via @langchain/openai (fake server)',
  () =>
    build({
      EMBEDDING_PROVIDER: 'openai',
      EMBEDDING_MODEL: 'text-embedding-ada-002',
      EMBEDDING_DIM: '1536',
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: openai.baseUrl,
    }),
);

embedderContract('Ollama via @langchain/ollama (fake server)', () =>
  build({
    EMBEDDING_PROVIDER: 'ollama',
    EMBEDDING_MODEL: 'nomic-embed-text',
    EMBEDDING_DIM: '384',
    OLLAMA_BASE_URL: ollama.baseUrl,
  }),
);

embedderContract(
  'transformers.js (tiny generated BERT, onnxruntime-node)',
  () =>
    build({
      EMBEDDING_PROVIDER: 'transformers',
      EMBEDDING_MODEL: 'tiny-bert',
      EMBEDDING_DIM: '32',
      TRANSFORMERS_MODEL_PATH: modelPath,
    }),
  // Padding changes the shape of the batched matmul, which may round differently in float32.
  { tolerance: 1e-5 },
);
