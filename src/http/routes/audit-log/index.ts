import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** The tenant's audit log, newest first (admin only), paginated by id: ?before=<id of the last row seen>. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get('/', {
    schema: {
      tags: ['audit'],
      summary: 'Who did what: admin and content actions of this tenant, newest first',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        before: z.coerce.number().int().min(1).optional(),
      }),
    },
  }, async (req) => {
    const items = await app.ctx.tenants.audit(req.tenant.tenantId, req.query);
    return { items, nextBefore: items.length === req.query.limit ? items[items.length - 1]!.id : null };
  });
};
export default routes;
