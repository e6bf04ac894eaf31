import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/** Uploads: size-limited per file, a bounded number of parts; anything larger is a 413. */
export default fp<{ maxFileBytes: number; maxFiles: number }>(async (app, opts) => {
  await app.register(multipart, {
    // Keep "zh/faq.md" as sent so folder uploads keep their structure; the ingest use case
    // validates the path and rejects traversal ("../") with INVALID_FILENAME.
    preservePath: true,
    limits: { fileSize: opts.maxFileBytes, files: opts.maxFiles, fields: 20, fieldSize: 64 * 1024, parts: 100, headerPairs: 200 },
    throwFileSizeLimit: true,
  });
}, { name: 'multipart' });
