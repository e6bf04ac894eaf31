import type { FastifyPluginAsync } from 'fastify';

// Probes are never rate-limited: an orchestrator polling from one address must not see 429.
const probe = { rateLimit: false } as const;

const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { config: probe, schema: { tags: ['health'], summary: 'Liveness: the process answers' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: probe, schema: { tags: ['health'], summary: 'Readiness: the database answers' } }, async (_req, reply) => {
    try {
      await app.ctx.db.pool.query('SELECT 1');
      // `auth` tells the pages whether to ask for an API key before their first call.
      return { status: 'ready', database: app.ctx.db.kind, embedder: app.ctx.embedder.id, auth: app.ctx.config.auth.enabled ? 'api-key' : 'off' };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: app.ctx.db.kind });
    }
  });
};
export default health;
