import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectFiles } from '../../ingest/collect-files.js';
import { ingestFiles } from '../../ingest/ingest-folder.js';
import { isSupportedPath } from '../../ingest/loaders/load-document.js';
import type { AppContext } from '../../src/composition-root.js';

export const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');

/** Config the quickstart uses: the sample shop's dictionary and synonyms. */
export const SAMPLE_ENV = {
  USER_DICT_FILE: path.join(EXAMPLES, 'user-dict.txt'),
  SYNONYMS_FILE: path.join(EXAMPLES, 'synonyms.txt'),
};

/** The bilingual sample shop (Lumo 乐摩数码) ingested into a new knowledge base. */
export async function ingestSampleKb(ctx: AppContext, name = 'demo') {
  const kb = await ctx.knowledgeBases.create({ name });
  const report = await ingestFiles(ctx.ingestDocument, kb.id, await collectFiles([path.join(EXAMPLES, 'sample-kb')], isSupportedPath));
  if (report.failed.length) throw new Error(`sample KB failed: ${JSON.stringify(report.failed)}`);
  return kb;
}
