import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { Forbidden } from '../../../domain/errors.js';
import { DEFAULT_TENANT } from '../../../domain/tenancy.js';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../actor.js';
import { presentKey } from '../keys/index.js';

/** Creating workspaces is the operator's: an admin of the built-in default tenant. */
const requireOperator = (req: FastifyRequest) => {
  if (req.tenant.tenantId !== DEFAULT_TENANT) throw new Forbidden('Only an admin of the default tenant may manage tenants');
};

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/', {
    schema: {
      tags: ['tenants'],
      summary: "Create a tenant (workspace) and its first admin key, shown this once (the default tenant's admins only)",
      body: z.object({
        id: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'lowercase letters, digits, - and _'),
        name: z.string().trim().min(1).max(200),
        adminKeyName: z.string().trim().min(1).max(100).optional(),
      }),
    },
  }, async (req, reply) => {
    requireOperator(req);
    const { tenant, key, keyRecord } = await app.ctx.tenants.createTenant(req.body, actorOf(req));
    return reply.status(201).send({ tenant, adminKey: { ...presentKey(keyRecord), key } });
  });

  app.get('/', { schema: { tags: ['tenants'], summary: "All tenants (the default tenant's admins only)" } }, async (req) => {
    requireOperator(req);
    return { items: await app.ctx.tenants.listTenants() };
  });
};
export default routes;
