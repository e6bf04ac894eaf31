import type { FastifyPluginAsync } from 'fastify';

const health: FastifyPluginAsync = async (app) => {
  app.get('/healthz', { schema: { tags: ['health'], summary: 'Liveness: the process answers' } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { tags: ['health'], summary: 'Readiness: the database answers' } }, async (_req, reply) => {
    try {
      await app.ctx.db.pool.query('SELECT 1');
      return { status: 'ready', database: app.ctx.db.kind, embedder: app.ctx.embedder.id };
    } catch {
      return reply.status(503).send({ status: 'unavailable', database: app.ctx.db.kind });
    }
  });
};
export default health;
