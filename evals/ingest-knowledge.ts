import fs from 'node:fs/promises';
import path from 'node:path';
import type { AppContext } from '../src/composition-root.js';
import { collectFiles } from '../ingest/collect-files.js';
import { ingestFiles } from '../ingest/ingest-folder.js';
import { isSupportedPath } from '../ingest/loaders/load-document.js';
import type { Suite } from './suite-loader.js';

let created = 0;

/** A suite's knowledge in a fresh knowledge base of `ctx`, as FORMAT.md asks; returns its id. */
export async function ingestKnowledge(ctx: AppContext, knowledge: Suite['knowledge'], onFile?: () => void): Promise<string> {
  const kb = await ctx.knowledgeBases.create({ name: `eval-${++created}-${Date.now()}` });
  for (const k of knowledge) {
    if (k.type === 'folder') {
      const files = await collectFiles([k.path], isSupportedPath);
      const report = await ingestFiles(ctx.ingestDocument, kb.id, files, { progress: { onFileDone: () => onFile?.() } });
      if (report.failed.length) console.warn(`  ${report.failed.length} files failed to ingest, e.g. ${report.failed[0].sourcePath}: ${report.failed[0].message}`);
    } else {
      const bytes = new Uint8Array(await fs.readFile(k.path));
      await ctx.ingestDocument(kb.id, { sourcePath: path.basename(k.path), bytes });
      onFile?.();
    }
  }
  return kb.id;
}
