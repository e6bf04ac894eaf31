import fs from 'node:fs/promises';
import path from 'node:path';
import type { FeatureExtractionPipeline } from '@huggingface/transformers';
import { EmbeddingMismatch, ModelUnavailable } from '../../domain/errors.js';
import type { Embedder } from '../../ports/embedder.js';

const PROVIDER = 'transformers';
const DEFAULT_BATCH_SIZE = 32;
/** Mixed script on purpose: the probe should go through the same tokenizer paths as real input. */
const PROBE_TEXT = 'dimension probe 维度探测';
/** transformers.js picks the file by dtype: fp32 → model.onnx, q8 → model_quantized.onnx. */
const MODEL_FILES = [
  { file: 'onnx/model.onnx', dtype: 'fp32' },
  { file: 'onnx/model_quantized.onnx', dtype: 'q8' },
] as const;

export interface TransformersEmbedderOptions {
  /** Texts per forward pass: bigger batches pad more, smaller ones pay more per-call overhead. */
  batchSize?: number;
}

/**
 * A sentence-embedding model (BERT-like ONNX export) run in-process by transformers.js and
 * onnxruntime-node, loaded only from a local folder: no network, ever. The library is imported
 * lazily so the default offline path never loads onnxruntime (~300 MB of native code).
 */
export class TransformersEmbedder implements Embedder {
  readonly id: string;
  private readonly batchSize: number;

  private constructor(
    private readonly extractor: FeatureExtractionPipeline,
    model: string,
    readonly dimension: number,
    opts: TransformersEmbedderOptions,
  ) {
    this.id = `${PROVIDER}:${model}`;
    this.batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  /**
   * Loads the model from `modelPath` and embeds a probe so that a model whose output size is
   * not `dimension` fails at start-up instead of after vectors of the wrong size are stored.
   */
  static async create(
    modelPath: string,
    model: string,
    dimension: number,
    opts: TransformersEmbedderOptions = {},
  ): Promise<TransformersEmbedder> {
    const dir = path.resolve(modelPath);
    const dtype = await checkModelFolder(dir);
    const extractor = await loadExtractor(dir, dtype);
    const embedder = new TransformersEmbedder(extractor, model, dimension, opts);
    const [probe] = await embedder.embedDocuments([PROBE_TEXT]);
    if (probe.length !== dimension) {
      await extractor.dispose().catch(() => undefined);
      throw new EmbeddingMismatch(
        `The model in ${dir} produces ${probe.length}-dimensional vectors but EMBEDDING_DIM is ${dimension}`,
        { details: { expected: dimension, got: probe.length, modelPath: dir } },
      );
    }
    return embedder;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const out: number[][] = [];
    for (let i = 0; i < texts.length; i += this.batchSize) {
      out.push(...(await this.run(texts.slice(i, i + this.batchSize))));
    }
    return out;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.run([text]);
    return vector;
  }

  /** Releases the onnxruntime session (native memory is not reclaimed by the GC on its own). */
  async dispose(): Promise<void> {
    await this.extractor.dispose();
  }

  private async run(texts: string[]): Promise<number[][]> {
    try {
      // Mean pooling over real tokens (the attention mask drops padding) + L2 norm: what
      // sentence-transformers models are trained for, and what cosine search expects.
      const tensor = await this.extractor(texts, { pooling: 'mean', normalize: true });
      return tensor.tolist() as number[][];
    } catch (cause) {
      throw new ModelUnavailable(PROVIDER, {
        cause,
        message: `${PROVIDER} inference failed: ${(cause as Error).message}`,
      });
    }
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.stat(file).then(
    () => true,
    () => false,
  );
}

/** Fails with a message naming the missing piece rather than the library's generic 404. */
async function checkModelFolder(dir: string): Promise<(typeof MODEL_FILES)[number]['dtype']> {
  const stat = await fs.stat(dir).catch((cause: unknown) => {
    throw new ModelUnavailable(PROVIDER, {
      cause,
      message: `TRANSFORMERS_MODEL_PATH ${dir} does not exist (it must be a local model folder; nothing is downloaded)`,
    });
  });
  if (!stat.isDirectory()) throw new ModelUnavailable(PROVIDER, { message: `TRANSFORMERS_MODEL_PATH ${dir} is not a folder` });
  for (const required of ['config.json', 'tokenizer.json']) {
    if (!(await exists(path.join(dir, required))))
      throw new ModelUnavailable(PROVIDER, { message: `The model folder ${dir} has no ${required}` });
  }
  for (const { file, dtype } of MODEL_FILES) if (await exists(path.join(dir, file))) return dtype;
  throw new ModelUnavailable(PROVIDER, {
    message: `The model folder ${dir} has no ONNX weights (expected ${MODEL_FILES.map((m) => m.file).join(' or ')})`,
  });
}

/**
 * The folder name when transformers.js accepts it as a model id (its REPO_ID_REGEX and the
 * "--", "..", ".git" exclusions); otherwise the absolute path, which it then reads as a path.
 */
function modelId(dir: string): string {
  const name = path.basename(dir);
  const accepted = /^\w(?:[\w.-]{0,94}\w)?$/.test(name) && !/\.\.|--|\.git$|\.ipynb$/.test(name);
  return accepted ? name : dir;
}

// `env` is a process-wide singleton inside transformers.js, read while a model loads; loads are
// chained so two embedders with different folders cannot see each other's localModelPath.
let loading: Promise<unknown> = Promise.resolve();

async function loadExtractor(dir: string, dtype: 'fp32' | 'q8'): Promise<FeatureExtractionPipeline> {
  const load = loading.then(async () => {
    const { env, pipeline } = await import('@huggingface/transformers');
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    // transformers.js resolves a model id against localModelPath, so the id is the folder name.
    env.localModelPath = path.dirname(dir);
    // The file cache is for downloads; with none allowed it would only write into node_modules.
    env.useFSCache = false;
    return pipeline('feature-extraction', modelId(dir), { local_files_only: true, dtype });
  });
  loading = load.catch(() => undefined);
  try {
    return (await load) as FeatureExtractionPipeline;
  } catch (cause) {
    throw new ModelUnavailable(PROVIDER, {
      cause,
      message: `Could not load the transformers.js model from ${dir}: ${(cause as Error).message}`,
    });
  }
}
