import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../../composition-root.js';

const Draft = {
  question: z.string().trim().min(1).max(1000),
  answer: z.string().trim().min(1).max(20_000),
  altQuestions: z.array(z.string().trim().min(1).max(1000)).max(50).default([]),
};
const Version = z.coerce.number().int().min(1).optional().describe("The list's version the edit was made on; a newer one gives 409 FAQ_VERSION_CONFLICT");
const EntryParams = z.object({ kb: z.string().min(1).max(200), documentId: z.string().min(1).max(100), externalId: z.string().min(1).max(200) });

/** Under /v1/knowledge-bases: the admin page's FAQ editor. Each edit re-ingests the list. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const answer = (r: Awaited<ReturnType<AppContext['editFaq']['add']>>) => ({
    outcome: r.outcome,
    document: { id: r.document.id, sourcePath: r.document.sourcePath, version: r.document.version, chunkCount: r.document.chunkCount },
  });

  app.post('/:kb/faq/entries', { config: { roles: ['content'] },
    schema: {
      tags: ['documents'],
      summary: 'Add a FAQ entry to a list (documentId), or to faq.csv (created if missing)',
      params: z.object({ kb: z.string().min(1).max(200) }),
      body: z.object({ ...Draft, documentId: z.string().min(1).max(100).optional(), version: Version }),
    },
  }, async (req, reply) => reply.status(201).send(answer(await req.tenant.editFaq.add(req.params.kb, req.body, { actor: actorOf(req) }))));

  app.patch('/:kb/documents/:documentId/faq-entries/:externalId', { config: { roles: ['content'] },
    schema: { tags: ['documents'], summary: 'Edit a FAQ entry (question, answer, other wordings)', params: EntryParams, body: z.object({ ...Draft, version: Version }) },
  }, async (req) => answer(await req.tenant.editFaq.update(req.params.kb, req.params.documentId, req.params.externalId, req.body, { actor: actorOf(req) })));

  app.delete('/:kb/documents/:documentId/faq-entries/:externalId', { config: { roles: ['content'] },
    schema: { tags: ['documents'], summary: 'Remove a FAQ entry from its list', params: EntryParams, querystring: z.object({ version: Version }) },
  }, async (req) => answer(await req.tenant.editFaq.remove(req.params.kb, req.params.documentId, req.params.externalId, req.query.version, { actor: actorOf(req) })));
};
export default routes;
