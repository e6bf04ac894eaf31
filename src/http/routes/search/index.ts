import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/:kb/search', { config: { roles: ['content'] },
    schema: {
      tags: ['search'],
      summary: 'Hit test: which chunks and FAQ entries a question retrieves, with fused and per-channel scores',
      params: z.object({ kb: z.string().min(1).max(200) }),
      body: z.object({
        query: z.string().min(1).max(4000),
        topK: z.number().int().min(1).max(100).optional(),
        include: z.array(z.enum(['chunk', 'faq'])).min(1).optional(),
      }),
    },
  }, async (req) => req.tenant.searchKnowledge(req.params.kb, req.body.query, { topK: req.body.topK, include: req.body.include }));
};
export default routes;
