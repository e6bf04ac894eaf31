import fp from 'fastify-plugin';
import multipart from '@fastify/multipart';

/** Uploads: size-limited per file, few files per request; anything larger is a 413. */
export default fp<{ maxFileBytes: number }>(async (app, opts) => {
  await app.register(multipart, {
    limits: { fileSize: opts.maxFileBytes, files: 50, fields: 20, fieldSize: 64 * 1024, parts: 100, headerPairs: 200 },
    throwFileSizeLimit: true,
  });
}, { name: 'multipart' });
