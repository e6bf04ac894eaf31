import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TransformersEmbedder } from '../../src/adapters/embedding/transformers-embedder.js';
import { EmbeddingMismatch, ModelUnavailable } from '../../src/domain/errors.js';
import { writeTinyBertModel } from '../fixtures/tiny-bert-model.js';
import { failure } from '../helpers/failure.js';

/**
 * Start-up checks of the transformers.js embedder (the shared contract covers embedding):
 * clear errors for a missing or incomplete folder and a wrong EMBEDDING_DIM, no network,
 * and onnxruntime loaded only when this provider is chosen.
 */

let dir: string;
let modelPath: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'kefu-tiny-bert-'));
  modelPath = await writeTinyBertModel(dir, { hidden: 24 });
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});


/** Is onnxruntime's native library mapped into this process? (Linux) */
async function onnxruntimeLoaded(): Promise<boolean> {
  return (await fs.readFile('/proc/self/maps', 'utf8')).includes('libonnxruntime');
}

describe('TransformersEmbedder start-up', () => {
  it('loads a local folder without any network call', async () => {
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    try {
      const embedder = await TransformersEmbedder.create(modelPath, 'tiny-bert', 24);
      expect(embedder).toMatchObject({ id: 'transformers:tiny-bert', dimension: 24 });
      expect(await embedder.embedQuery('退款')).toHaveLength(24);
      await embedder.dispose();
      expect(fetchSpy).not.toHaveBeenCalled();
      expect(await onnxruntimeLoaded()).toBe(true);
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it('refuses a model whose output size is not EMBEDDING_DIM, saying both sizes', async () => {
    const err = await failure(TransformersEmbedder.create(modelPath, 'tiny-bert', 384));
    expect(err).toBeInstanceOf(EmbeddingMismatch);
    expect(err.message).toContain('produces 24-dimensional vectors but EMBEDDING_DIM is 384');
    expect(err.message).toContain(modelPath);
  });

  it('reports a missing folder as ModelUnavailable naming the path', async () => {
    const missing = path.join(dir, 'no-such-model');
    const err = await failure(TransformersEmbedder.create(missing, 'x', 24));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err.message).toContain(`TRANSFORMERS_MODEL_PATH ${missing} does not exist`);
    expect((err.cause as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('reports a folder without ONNX weights or tokenizer clearly', async () => {
    const noWeights = path.join(dir, 'no-weights');
    await fs.mkdir(noWeights);
    await fs.copyFile(path.join(modelPath, 'config.json'), path.join(noWeights, 'config.json'));
    expect((await failure(TransformersEmbedder.create(noWeights, 'x', 24))).message).toContain('has no tokenizer.json');
    await fs.copyFile(path.join(modelPath, 'tokenizer.json'), path.join(noWeights, 'tokenizer.json'));
    const err = await failure(TransformersEmbedder.create(noWeights, 'x', 24));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err.message).toContain('has no ONNX weights (expected onnx/model.onnx or onnx/model_quantized.onnx)');
  });

  it('wraps a corrupt model file in ModelUnavailable and keeps the onnxruntime error', async () => {
    const corrupt = await writeTinyBertModel(dir, { hidden: 24, name: 'corrupt' });
    await fs.writeFile(path.join(corrupt, 'onnx', 'model.onnx'), 'not a protobuf');
    const err = await failure(TransformersEmbedder.create(corrupt, 'x', 24));
    expect(err).toBeInstanceOf(ModelUnavailable);
    expect(err.message).toContain(`Could not load the transformers.js model from ${corrupt}`);
    expect(err.cause).toBeInstanceOf(Error);
  });

  it('loads a quantized-only folder (onnx/model_quantized.onnx) and an unusual folder name', async () => {
    const quantized = await writeTinyBertModel(dir, { hidden: 24, name: 'org--tiny bert' });
    await fs.rename(path.join(quantized, 'onnx', 'model.onnx'), path.join(quantized, 'onnx', 'model_quantized.onnx'));
    const embedder = await TransformersEmbedder.create(quantized, 'tiny-bert-q8', 24);
    expect(await embedder.embedDocuments(['物流查询', 'track my package'])).toHaveLength(2);
    await embedder.dispose();
  });
});

describe('the default offline path', () => {
  it('never loads onnxruntime', () => {
    // A fresh process: this worker has already loaded onnxruntime for the tests above.
    const script = `
      import fs from 'node:fs';
      import { createEmbedder } from './src/adapters/embedding/create-embedder.ts';
      import { JiebaAnalyzer } from './src/adapters/text/jieba-analyzer.ts';
      import { loadConfig } from './src/config/config.ts';
      const embedder = await createEmbedder(loadConfig({}), new JiebaAnalyzer());
      await embedder.embedQuery('退款');
      console.log(fs.readFileSync('/proc/self/maps', 'utf8').includes('libonnxruntime') ? 'loaded' : 'not loaded');
    `;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: path.resolve(import.meta.dirname, '../..'),
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('not loaded');
  });
});
