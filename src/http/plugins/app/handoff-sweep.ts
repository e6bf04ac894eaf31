import fp from 'fastify-plugin';

/**
 * Every instance runs the sweep: it re-queues offers an agent did not accept in time and
 * re-runs the queue (waiting time raises priority and, past the mismatch delay, widens the
 * set of agents who may take a conversation). Running it on several instances at once is safe:
 * every step is a conditional update. Each tenant's queue is swept with that tenant's stores, so
 * a conversation is only ever offered to an agent of its own tenant.
 */
export default fp(async (app) => {
  const every = app.ctx.config.handoff.sweepMs;
  if (!every) return;
  let running = false;
  const sweep = async () => {
    for (const t of await app.ctx.tenants.listTenants()) await app.ctx.forTenant(t.id).requeueUnaccepted();
  };
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sweep()
      .catch((err) => app.log.warn({ err }, 'handoff sweep failed'))
      .finally(() => (running = false));
  }, every);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}, { name: 'handoff-sweep', dependencies: ['context'] });
