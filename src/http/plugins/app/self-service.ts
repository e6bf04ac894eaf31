import fp from 'fastify-plugin';
import { PgSelfServiceQueries } from '../../../adapters/db/pg-self-service-queries.js';
import { createHandoffQueue } from '../../../use-cases/handoff-queue.js';
import { createPopularQuestions } from '../../../use-cases/popular-questions.js';
import { createQueuePosition } from '../../../use-cases/queue-position.js';

export interface SelfService {
  popularQuestions: ReturnType<typeof createPopularQuestions>;
  handoffQueue: ReturnType<typeof createHandoffQueue>;
  queuePosition: ReturnType<typeof createQueuePosition>;
}

declare module 'fastify' {
  interface FastifyInstance {
    selfService: SelfService;
  }
}

/**
 * Composition of the read models the pages need (widget self-service, queue views). Kept apart
 * from composition-root.ts so the pages' additions stay in their own files.
 */
export default fp(async (app) => {
  const { ctx } = app;
  const queries = new PgSelfServiceQueries(ctx.db);
  app.decorate('selfService', {
    popularQuestions: createPopularQuestions({ knowledgeBases: ctx.knowledgeBases, queries }),
    handoffQueue: createHandoffQueue({ queries, clock: ctx.clock }),
    queuePosition: createQueuePosition({ conversations: ctx.conversations, queries, clock: ctx.clock }),
  });
}, { name: 'self-service', dependencies: ['context'] });
