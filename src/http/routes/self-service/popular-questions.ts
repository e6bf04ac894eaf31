import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Under /v1/knowledge-bases: what the widget shows before the customer types. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/:kb/faq/popular', { config: { roles: ['widget', 'content', 'agent'] },
    schema: {
      tags: ['self-service'],
      summary: 'Popular questions: FAQ entries most often cited by answers, entries in the given language first',
      params: z.object({ kb: z.string().min(1).max(200) }),
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(50).default(6),
        language: z.enum(['zh', 'en']).optional(),
      }),
    },
  }, async (req) => req.tenant.popularQuestions(req.params.kb, { limit: req.query.limit, language: req.query.language }));
};
export default routes;
