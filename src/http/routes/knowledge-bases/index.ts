import { actorOf } from '../../actor.js';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireKnowledgeBase } from '../../../use-cases/require-knowledge-base.js';
import type { KnowledgeBase } from '../../../domain/knowledge.js';

const Name = z.string().trim().min(1).max(100).regex(/^[^/\\\u0000-\u001f]+$/, 'no slashes or control characters');
const KbParams = z.object({ kb: z.string().min(1).max(200) });

export const present = (kb: KnowledgeBase) => ({
  id: kb.id,
  name: kb.name,
  description: kb.description,
  settings: kb.settings,
  createdAt: kb.createdAt,
  updatedAt: kb.updatedAt,
});

const routes: FastifyPluginAsyncZod = async (app) => {

  app.post('/', { config: { roles: ['content'] },
    schema: {
      tags: ['knowledge-bases'],
      summary: 'Create a knowledge base',
      body: z.object({ name: Name, description: z.string().max(2000).optional(), settings: z.record(z.string(), z.unknown()).optional() }),
    },
  }, async (req, reply) => reply.status(201).send(present(await req.tenant.knowledgeBases.create(req.body, { actor: actorOf(req) }))));

  app.get('/', { config: { roles: ['content'] }, schema: { tags: ['knowledge-bases'], summary: 'List knowledge bases' } }, async (req) => ({
    items: (await req.tenant.knowledgeBases.list()).map(present),
  }));

  app.get('/:kb', { config: { roles: ['content'] }, schema: { tags: ['knowledge-bases'], summary: 'Get a knowledge base by id or name', params: KbParams } }, async (req) =>
    present(await requireKnowledgeBase(req.tenant.knowledgeBases, req.params.kb)),
  );

  app.patch('/:kb', { config: { roles: ['content'] },
    schema: {
      tags: ['knowledge-bases'],
      params: KbParams,
      body: z.object({ name: Name.optional(), description: z.string().max(2000).optional(), settings: z.record(z.string(), z.unknown()).optional() }),
    },
  }, async (req) => {
    const kb = await requireKnowledgeBase(req.tenant.knowledgeBases, req.params.kb);
    return present((await req.tenant.knowledgeBases.update(kb.id, req.body, { actor: actorOf(req) }))!);
  });

  app.delete('/:kb', { config: { roles: ['content'] }, schema: { tags: ['knowledge-bases'], summary: 'Delete a knowledge base and all its documents', params: KbParams } }, async (req, reply) => {
    const kb = await requireKnowledgeBase(req.tenant.knowledgeBases, req.params.kb);
    await req.tenant.knowledgeBases.delete(kb.id, { actor: actorOf(req) });
    return reply.status(204).send();
  });
};
export default routes;
