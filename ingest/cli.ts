import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { loadConfig } from '../src/config/config.js';
import { createContext } from '../src/composition-root.js';
import { collectFiles } from './collect-files.js';
import { ingestFiles } from './ingest-folder.js';
import { isSupportedPath } from './loaders/load-document.js';
import { DomainError } from '../src/domain/errors.js';

const USAGE = 'usage: npm run ingest -- <file-or-folder>... [--kb NAME] [--force] [--quiet] [--log]  (--log: one line per file instead of progress bars)';

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { kb: { type: 'string', default: 'default' }, force: { type: 'boolean', default: false }, quiet: { type: 'boolean', default: false }, log: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || !positionals.length) {
    console.log(USAGE);
    process.exit(values.help ? 0 : 2);
  }
  const config = loadConfig();
  const files = await collectFiles(positionals, isSupportedPath);
  if (!files.length) {
    console.error(`No supported files under ${positionals.join(', ')}`);
    process.exit(2);
  }
  const ctx = await createContext(config);
  try {
    const kb = (await ctx.knowledgeBases.find(values.kb!)) ?? (await ctx.knowledgeBases.create({ name: values.kb! }));
    const bars = new cliProgress.MultiBar(
      { format: ' {label} |{bar}| {value}/{total} {detail}', hideCursor: true, clearOnComplete: false, noTTYOutput: !values.quiet && !values.log, notTTYSchedule: 5000 },
      cliProgress.Presets.shades_classic,
    );
    const pad = (s: string) => s.padEnd(10);
    const fileBar = bars.create(files.length, 0, { label: pad('files'), detail: '' });
    const chunkBar = bars.create(0, 0, { label: pad('chunks'), detail: '' });
    const embedBar = bars.create(0, 0, { label: pad('embeddings'), detail: '' });
    let chunkTotal = 0;
    let embedTotal = 0;
    const report = await ingestFiles(ctx.ingestDocument, kb.id, files, {
      force: values.force,
      concurrency: config.ingestConcurrency,
      progress: {
        onParsed: ({ chunks, embeddings }) => {
          chunkBar.setTotal((chunkTotal += chunks));
          chunkBar.increment(chunks);
          embedBar.setTotal((embedTotal += embeddings));
        },
        onEmbedded: (n) => embedBar.increment(n),
        onFileDone: (f, outcome) => {
          if (values.log) console.log(`${outcome} ${f.sourcePath}`);
          fileBar.increment(1, { detail: `${outcome} ${f.sourcePath}` });
        },
      },
    });
    bars.stop();
    console.log(
      `\nKnowledge base "${kb.name}" (${kb.id}): ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ` +
        `${report.failed.length} failed; ${report.chunks} chunks in ${(report.ms / 1000).toFixed(1)} s`,
    );
    for (const f of report.failed) console.log(`  ✗ ${f.sourcePath}: ${f.code} ${f.message}`);
    process.exitCode = report.failed.length ? 1 : 0;
  } finally {
    await ctx.close();
  }
}

main().catch((err) => {
  // DATABASE_LOCKED: … names the process holding the embedded database.
  console.error(err instanceof DomainError ? `${err.code}: ${err.message}` : err instanceof Error ? `${err.name}: ${err.message}` : err);
  process.exit(1);
});
