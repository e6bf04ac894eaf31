import path from 'node:path';
import { fileURLToPath } from 'node:url';
import closeWithGrace from 'close-with-grace';
import { buildApp } from '../app.js';
import { loadConfig } from '../config/config.js';
import { createContext } from '../composition-root.js';
import { exitOnStartupFailure } from './startup-failure.js';
import { firstRunAdminKey } from './first-run-key.js';
import { collectFiles } from '../../ingest/collect-files.js';
import { ingestFiles } from '../../ingest/ingest-folder.js';
import { isSupportedPath } from '../../ingest/loaders/load-document.js';

/**
 * The README's first command: migrate the embedded database, ingest the bilingual sample
 * knowledge base (a no-op when unchanged) and serve, all in one process because a PGlite
 * folder admits one process at a time.
 */
const EXAMPLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../examples');
const SAMPLE = path.join(EXAMPLES, 'sample-kb');

const config = loadConfig(undefined, {
  USER_DICT_FILE: path.join(EXAMPLES, 'user-dict.txt'),
  SYNONYMS_FILE: path.join(EXAMPLES, 'synonyms.txt'),
});
const ctx = await createContext(config).catch(exitOnStartupFailure);
const app = await buildApp(config, { ctx, ownsContext: true });
await firstRunAdminKey(config, ctx, app.log);
const kb = (await ctx.knowledgeBases.find('demo')) ?? (await ctx.knowledgeBases.create({ name: 'demo', description: 'Lumo 乐摩数码 sample shop' }));
const report = await ingestFiles(ctx.ingestDocument, kb.id, await collectFiles([SAMPLE], isSupportedPath));
app.log.info(
  { kb: kb.name, kbId: kb.id, created: report.created, updated: report.updated, unchanged: report.unchanged, failed: report.failed },
  'sample knowledge base ready',
);
await ctx.warmSearch();
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'closing after error');
  await app.close();
});
await app.listen({ host: config.server.host, port: config.server.port });
app.log.info(
  `try: curl -s localhost:${config.server.port}/v1/knowledge-bases/demo/search -H "Authorization: Bearer $(cat ${config.auth.adminKeyFile})" -H 'content-type: application/json' -d '{"query":"LM-X20 Pro 多少钱"}'`,
);
