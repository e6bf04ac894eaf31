import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Queue views: the agent console's list (/v1/handoffs/queue) and a customer's place in it. */
export const handoffQueueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/queue', { config: { roles: ['agent'] },
    schema: { tags: ['handoff'], summary: 'Conversations waiting for a person, in serving order, with their waiting time' },
  }, async (req) => req.tenant.handoffQueue());
};

export const conversationQueueRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/:id/queue', { config: { roles: ['widget', 'agent'] },
    schema: {
      tags: ['handoff'],
      summary: "The customer's place in the queue (position 1 = next); null fields when the conversation is not queued",
      params: z.object({ id: z.string().min(1).max(100) }),
    },
  }, async (req) => req.tenant.queuePosition(req.params.id));
};
