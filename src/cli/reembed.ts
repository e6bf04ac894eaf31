import cliProgress from 'cli-progress';
import { loadConfig } from '../config/config.js';
import { createContext } from '../composition-root.js';
import { indexText } from '../use-cases/ingest-document.js';
import { exitOnStartupFailure } from './startup-failure.js';

/** `npm run reembed`: re-computes every vector with the configured embedder, atomically. */
const config = loadConfig();
const ctx = await createContext(config, { checkEmbeddingSpace: false }).catch(exitOnStartupFailure);
try {
  const before = await ctx.embeddingSpace.get();
  if (before && before.vectorsComplete && before.embedder === ctx.embedder.id && before.dimension === ctx.embedder.dimension && !process.argv.includes('--force')) {
    console.log(`Vectors already come from ${before.embedder} (${before.dimension} dimensions); nothing to do (--force to redo).`);
  } else {
    const bar = new cliProgress.SingleBar({ format: ' re-embedding |{bar}| {value}/{total}' }, cliProgress.Presets.shades_classic);
    bar.start(1, 0);
    const r = await ctx.embeddingSpace.replaceAll(
      ctx.embedder.id,
      ctx.embedder.dimension,
      (items) => ctx.embedder.embedDocuments(items.map((i) => (i.kind === 'chunk' ? indexText(i.headingPath, i.text) : i.text))),
      (done, total) => {
        bar.setTotal(total);
        bar.update(done);
      },
    );
    bar.stop();
    console.log(`Re-embedded ${r.chunks} chunks and ${r.faqQuestions} FAQ questions: ${before?.embedder ?? '(none)'} → ${ctx.embedder.id} (${ctx.embedder.dimension} dimensions).`);
  }
} finally {
  await ctx.close();
}
