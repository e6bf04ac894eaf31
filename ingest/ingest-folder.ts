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

/**
 * Ingests files, `concurrency` at a time (1: one after another, in order); each file is its own
 * transaction, and a bad file is reported and skipped, never aborts the rest.
 */
export async function ingestFiles(
  ingest: IngestDocument,
  kb: string,
  files: FileToIngest[],
  opts: { force?: boolean; concurrency?: number; progress?: IngestProgress & { onFileDone?(f: FileToIngest, outcome: string): void } } = {},
): Promise<FolderIngestReport> {
  const started = performance.now();
  const report: FolderIngestReport = { created: 0, updated: 0, unchanged: 0, failed: [], chunks: 0, ms: 0 };
  let next = 0;
  // Not a bad file but a broken service (database gone, bug): the others stop taking files,
  // the ones in flight finish, then it is thrown.
  let fatal: { error: unknown } | undefined;
  const worker = async () => {
    while (next < files.length && !fatal) await one(files[next++]!);
  };
  const one = async (f: FileToIngest) => {
    let outcome = 'failed';
    try {
      const bytes = f.bytes ?? new Uint8Array(await fs.readFile(f.absolutePath));
      const r = await ingest(kb, { sourcePath: f.sourcePath, bytes }, { force: opts.force, progress: opts.progress });
      report[r.outcome]++;
      outcome = r.outcome;
      if (r.outcome !== 'unchanged') report.chunks += r.document.chunkCount;
    } catch (err) {
      if (!(err instanceof DomainError)) {
        fatal ??= { error: err };
        return;
      }
      report.failed.push({ sourcePath: f.sourcePath, code: err.code, message: err.message });
    }
    opts.progress?.onFileDone?.(f, outcome);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(opts.concurrency ?? 1, files.length)) }, worker));
  if (fatal) throw fatal.error;
  report.ms = performance.now() - started;
  return report;
}
