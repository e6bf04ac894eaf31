export interface LoaderOptions {
  /** Upper bound on the total uncompressed size of a DOCX/XLSX archive (zip-bomb guard). */
  maxUnzippedBytes: number;
  /** When set, PDF, DOCX and HTML are partitioned by an Unstructured API server instead. */
  unstructured?: { url: string; apiKey?: string; timeoutMs?: number };
}

/** What every format loader receives: the validated path and the raw bytes. */
export interface LoaderContext {
  sourcePath: string;
  bytes: Uint8Array;
  contentType?: string;
  opts: LoaderOptions;
}

export function fileName(sourcePath: string): string {
  return sourcePath.slice(sourcePath.lastIndexOf('/') + 1);
}
