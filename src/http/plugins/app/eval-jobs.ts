import fp from 'fastify-plugin';
import { createEvalContext, type EvalContext } from '../../../eval-context.js';
import { DEFAULT_TENANT } from '../../../domain/tenancy.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The default tenant's QA context (tests and benchmarks). */
    evals: EvalContext;
    /** A tenant's QA context: its suites, runs and job queue. */
    evalsFor(tenantId: string): EvalContext;
  }
}

/**
 * The QA API's job queues live as long as the server, one per tenant so that a run always runs
 * with its own tenant's knowledge bases: on start each fails the runs a dead process left running
 * and takes up the queued ones; on close (before the database closes) the run in progress stops at
 * its next case and is recorded as interrupted.
 */
export default fp(async (app) => {
  const contexts = new Map<string, EvalContext>();
  let ready = false;
  const evalsFor = (tenantId: string) => {
    let evals = contexts.get(tenantId);
    if (!evals) {
      evals = createEvalContext(app.ctx.forTenant(tenantId), { log: app.log });
      contexts.set(tenantId, evals);
      // A tenant first seen after start-up (created since): its queue starts now.
      if (ready) void evals.queue.start().catch((err) => app.log.error({ err, tenant: tenantId }, 'eval queue failed to start'));
    }
    return evals;
  };
  app.decorate('evals', evalsFor(DEFAULT_TENANT));
  app.decorate('evalsFor', evalsFor);
  app.addHook('onReady', async () => {
    for (const t of await app.ctx.tenants.listTenants()) evalsFor(t.id);
    ready = true;
    await Promise.all([...contexts.values()].map((e) => e.queue.start()));
  });
  app.addHook('preClose', async () => {
    await Promise.all([...contexts.values()].map((e) => e.queue.stop()));
  });
}, { name: 'eval-jobs', dependencies: ['context'] });
