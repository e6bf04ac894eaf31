import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const WIDGET_TOP_K = 10;

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/:kb/search', { config: { roles: ['content', 'widget'] },
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
  }, async (req) => {
    // A public widget key searches the FAQ only (the widget's self-service box), a few hits at a
    // time: document chunks and deep result lists stay with staff keys.
    const widget = req.principal?.role === 'widget';
    const include = widget ? (['faq'] as const) : req.body.include;
    const topK = widget ? Math.min(req.body.topK ?? WIDGET_TOP_K, WIDGET_TOP_K) : req.body.topK;
    return req.tenant.searchKnowledge(req.params.kb, req.body.query, { topK, include: include && [...include] });
  });
};
export default routes;
