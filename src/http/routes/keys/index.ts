import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ROLES, type ApiKeyRecord } from '../../../domain/tenancy.js';
import { actorOf } from '../../actor.js';

/** An Origin header value: scheme://host[:port], nothing else (the browser sends exactly that). */
const isOrigin = (o: string) => {
  try {
    return new URL(o).origin === o;
  } catch {
    return false;
  }
};
const Origin = z.string().max(300).refine(isOrigin, 'an origin: scheme://host[:port], no path');

export const presentKey = (k: ApiKeyRecord) => ({
  id: k.id,
  name: k.name,
  role: k.role,
  prefix: k.prefix,
  allowedOrigins: k.allowedOrigins,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

/** The tenant's API keys (admin only: no roles declared). The secret is in the creation response only. */
const routes: FastifyPluginAsyncZod = async (app) => {
  app.post('/', {
    schema: {
      tags: ['keys'],
      summary: 'Create an API key; the response holds the key itself, shown this once (only its sha256 is stored)',
      body: z
        .object({
          name: z.string().trim().min(1).max(100),
          role: z.enum(ROLES),
          allowedOrigins: z.array(Origin).max(50).optional().describe('widget keys: the sites allowed to use the key (required)'),
        })
        .refine((b) => b.role !== 'widget' || (b.allowedOrigins?.length ?? 0) > 0, { message: 'a widget key needs allowedOrigins', path: ['allowedOrigins'] })
        .refine((b) => b.role === 'widget' || !b.allowedOrigins?.length, { message: 'allowedOrigins applies to widget keys only', path: ['allowedOrigins'] }),
    },
  }, async (req, reply) => {
    const { key, record } = await app.ctx.tenants.createKey(req.tenant.tenantId, req.body, actorOf(req));
    return reply.status(201).send({ ...presentKey(record), key });
  });

  app.get('/', { schema: { tags: ['keys'], summary: "The tenant's API keys (never the keys themselves)" } }, async (req) => ({
    items: (await app.ctx.tenants.listKeys(req.tenant.tenantId)).map(presentKey),
  }));

  app.delete('/:id', {
    schema: { tags: ['keys'], summary: 'Revoke an API key: refused (401) from then on; revoking twice is harmless', params: z.object({ id: z.string().min(1).max(100) }) },
  }, async (req) => {
    const record = await app.ctx.tenants.revokeKey(req.tenant.tenantId, req.params.id, actorOf(req));
    app.forgetKeys();
    return presentKey(record);
  });
};
export default routes;
