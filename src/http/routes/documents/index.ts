import { actorOf } from '../../actor.js';
import type { AppContext } from '../../../composition-root.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DocumentNotFound, DomainError, InvalidInput, UploadTooLarge } from '../../../domain/errors.js';
import { requireKnowledgeBase } from '../../../use-cases/require-knowledge-base.js';
import type { DocumentRecord } from '../../../domain/knowledge.js';
import { toHttpError } from '../../error-mapper.js';
import { readMultipart } from '../../multipart-body.js';

const KbParams = z.object({ kb: z.string().min(1).max(200) });
const DocParams = KbParams.extend({ id: z.string().min(1).max(100) });

const present = (d: DocumentRecord) => ({
  id: d.id,
  sourcePath: d.sourcePath,
  title: d.title,
  kind: d.kind,
  mimeType: d.mimeType,
  status: d.status,
  version: d.version,
  sizeBytes: d.sizeBytes,
  chunkCount: d.chunkCount,
  language: d.language,
  contentHash: d.contentHash,
  metadata: d.metadata,
  error: d.error,
  createdAt: d.createdAt,
  updatedAt: d.updatedAt,
});

const routes: FastifyPluginAsyncZod = async (app) => {
  // The knowledge base is looked up in the caller's tenant first: documents are reached only through it.
  const findKb = (ctx: AppContext, kb: string) => requireKnowledgeBase(ctx.knowledgeBases, kb);
  const findDoc = async (ctx: AppContext, kbId: string, id: string) => {
    const doc = await ctx.documents.get(kbId, id);
    if (!doc) throw new DocumentNotFound(`Document ${id} does not exist in this knowledge base`, { details: { id } });
    return doc;
  };

  app.post('/:kb/documents', { config: { roles: ['content'] },
    schema: {
      tags: ['documents'],
      summary: 'Upload one or more files (multipart/form-data); unchanged files are a no-op',
      consumes: ['multipart/form-data'],
      params: KbParams,
      querystring: z.object({
        force: z.enum(['true', 'false']).optional().transform((v) => v === 'true'),
        path: z.string().max(1024).optional(),
      }),
    },
  }, async (req, reply) => {
    const kb = await findKb(req.tenant, req.params.kb);
    if (!req.isMultipart()) throw new InvalidInput('Upload files as multipart/form-data', { details: { contentType: req.headers['content-type'] } });
    // Buffer every part first: the request stream must be drained even if one file is rejected.
    const files: Array<{ sourcePath: string; bytes: Uint8Array; contentType: string }> = [];
    // Each file is capped by the multipart limits; the request as a whole by this sum, so that
    // many files just under the cap cannot hold gigabytes in memory.
    const { maxUploadRequestBytes } = app.ctx.config.limits;
    let total = 0;
    await readMultipart(req, async () => {
      for await (const part of req.parts()) {
        if (part.type !== 'file') continue;
        const bytes = await part.toBuffer();
        total += bytes.length;
        if (total > maxUploadRequestBytes)
          throw new UploadTooLarge(`The upload is larger than ${maxUploadRequestBytes} bytes in total; send the files in several requests`, {
            details: { maxBytes: maxUploadRequestBytes },
          });
        files.push({ sourcePath: req.query.path && files.length === 0 ? req.query.path : part.filename, bytes, contentType: part.mimetype });
      }
    });
    if (!files.length) throw new InvalidInput('The upload holds no file part', { details: { field: 'file' } });
    if (req.query.path && files.length > 1) throw new InvalidInput('?path names one file; upload several files without it');

    if (files.length === 1) {
      const { document, outcome } = await req.tenant.ingestDocument(kb.id, files[0], { force: req.query.force, audit: { actor: actorOf(req) } });
      return reply.status(outcome === 'created' ? 201 : 200).send({ items: [{ outcome, document: present(document) }] });
    }
    const items = [];
    let failed = 0;
    for (const f of files) {
      try {
        const { document, outcome } = await req.tenant.ingestDocument(kb.id, f, { force: req.query.force, audit: { actor: actorOf(req) } });
        items.push({ outcome, document: present(document) });
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        failed++;
        const { status, body } = toHttpError(err);
        items.push({ outcome: 'failed', sourcePath: f.sourcePath, status, error: body.error });
      }
    }
    if (failed === files.length) {
      const first = items[0] as { status: number; error: unknown };
      return reply.status(first.status).send({ error: first.error, items });
    }
    return reply.status(failed ? 207 : 201).send({ items });
  });

  app.get('/:kb/documents', { config: { roles: ['content'] },
    schema: {
      tags: ['documents'],
      params: KbParams,
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
        status: z.enum(['processing', 'ready', 'failed']).optional(),
        kind: z.enum(['doc', 'faq']).optional(),
        q: z.string().max(200).optional(),
      }),
    },
  }, async (req) => {
    const kb = await findKb(req.tenant, req.params.kb);
    const { items, total } = await req.tenant.documents.list(kb.id, req.query);
    return { items: items.map(present), total, limit: req.query.limit, offset: req.query.offset };
  });

  app.get('/:kb/documents/:id', { config: { roles: ['content'] },
    schema: {
      tags: ['documents'],
      summary: 'A document with its chunks (documents) or entries (FAQ lists)',
      params: DocParams,
      querystring: z.object({ include: z.enum(['none', 'content']).default('content') }),
    },
  }, async (req) => {
    const kb = await findKb(req.tenant, req.params.kb);
    const doc = await findDoc(req.tenant, kb.id, req.params.id);
    if (req.query.include === 'none') return present(doc);
    if (doc.kind === 'faq') return { ...present(doc), entries: await req.tenant.documents.faqEntries(kb.id, doc.id) };
    return { ...present(doc), chunks: await req.tenant.documents.chunks(kb.id, doc.id) };
  });

  app.delete('/:kb/documents/:id', { config: { roles: ['content'] }, schema: { tags: ['documents'], params: DocParams } }, async (req, reply) => {
    const kb = await findKb(req.tenant, req.params.kb);
    if (!(await req.tenant.documents.delete(kb.id, req.params.id, { actor: actorOf(req) })))
      throw new DocumentNotFound(`Document ${req.params.id} does not exist in this knowledge base`, { details: { id: req.params.id } });
    return reply.status(204).send();
  });

  app.post('/:kb/documents/:id/reingest', { config: { roles: ['content'] },
    schema: { tags: ['documents'], summary: 'Parse, chunk and embed the stored original again', params: DocParams },
  }, async (req) => {
    const kb = await findKb(req.tenant, req.params.kb);
    const doc = await findDoc(req.tenant, kb.id, req.params.id);
    const source = await req.tenant.documents.source(kb.id, doc.id);
    if (!source) throw new DocumentNotFound(`Document ${doc.id} has no stored original to re-ingest`, { details: { id: doc.id } });
    const { document, outcome } = await req.tenant.ingestDocument(kb.id, { sourcePath: doc.sourcePath, bytes: source.bytes, contentType: source.contentType }, { force: true, audit: { actor: actorOf(req), action: 'document.reingest' } });
    return { outcome, document: present(document) };
  });
};
export default routes;
