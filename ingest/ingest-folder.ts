import fs from 'node:fs/promises';
import type { IngestDocument, IngestProgress } from '../src/use-cases/ingest-document.js';
import { DomainError } from '../src/domain/errors.js';
import type { FileToIngest } from './collect-files.js';

export interface FolderIngestReport {
  created: number;
  updated: number;
  unchanged: number;
  failed: Array<{ sourcePath: string; code: string; message: string }>;
  chunks: number;
  ms: number;
}

/** Ingests files one after another; a bad file is reported and skipped, never aborts the rest. */
export async function ingestFiles(
  ingest: IngestDocument,
  kb: string,
  files: FileToIngest[],
  opts: { force?: boolean; progress?: IngestProgress & { onFileDone?(f: FileToIngest, outcome: string): void } } = {},
): Promise<FolderIngestReport> {
  const started = performance.now();
  const report: FolderIngestReport = { created: 0, updated: 0, unchanged: 0, failed: [], chunks: 0, ms: 0 };
  for (const f of files) {
    let outcome = 'failed';
    try {
      const bytes = new Uint8Array(await fs.readFile(f.absolutePath));
      const r = await ingest(kb, { sourcePath: f.sourcePath, bytes }, { force: opts.force, progress: opts.progress });
      report[r.outcome]++;
      outcome = r.outcome;
      if (r.outcome !== 'unchanged') report.chunks += r.document.chunkCount;
    } catch (err) {
      if (!(err instanceof DomainError)) throw err;
      report.failed.push({ sourcePath: f.sourcePath, code: err.code, message: err.message });
    }
    opts.progress?.onFileDone?.(f, outcome);
  }
  report.ms = performance.now() - started;
  return report;
}
