import fp from 'fastify-plugin';
import type { AppContext } from '../../../composition-root.js';

declare module 'fastify' {
  interface FastifyInstance {
    ctx: AppContext;
  }
}

/** Hands the composition root's use cases to the routes; closes the database with the server. */
export default fp<{ ctx: AppContext; ownsContext: boolean }>(async (app, opts) => {
  app.decorate('ctx', opts.ctx);
  if (opts.ownsContext) app.addHook('onClose', async () => opts.ctx.close());
}, { name: 'context' });
