import fp from 'fastify-plugin';
import { createEvalContext, type EvalContext } from '../../../eval-context.js';

declare module 'fastify' {
  interface FastifyInstance {
    evals: EvalContext;
  }
}

/**
 * The QA API's job queue lives as long as the server: on start it fails the runs a dead process
 * left running and takes up the queued ones; on close (before the database closes) the run in
 * progress stops at its next case and is recorded as interrupted.
 */
export default fp(async (app) => {
  const evals = createEvalContext(app.ctx, { log: app.log });
  app.decorate('evals', evals);
  app.addHook('onReady', async () => evals.queue.start());
  app.addHook('preClose', async () => evals.queue.stop());
}, { name: 'eval-jobs', dependencies: ['context'] });
