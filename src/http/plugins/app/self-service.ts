import fp from 'fastify-plugin';
import type { AppContext } from '../../../composition-root.js';
import { PgSelfServiceQueries } from '../../../adapters/db/pg-self-service-queries.js';
import { writeFaqFile } from '../../../../ingest/faq-writer.js';
import { createEditFaq } from '../../../use-cases/edit-faq.js';
import { createHandoffQueue } from '../../../use-cases/handoff-queue.js';
import { createPopularQuestions } from '../../../use-cases/popular-questions.js';
import { createQueuePosition } from '../../../use-cases/queue-position.js';

export interface SelfService {
  popularQuestions: ReturnType<typeof createPopularQuestions>;
  handoffQueue: ReturnType<typeof createHandoffQueue>;
  queuePosition: ReturnType<typeof createQueuePosition>;
  editFaq: ReturnType<typeof createEditFaq>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The pages' use cases for one tenant's context (req.tenant), built once per tenant. */
    selfServiceFor(tenant: AppContext): SelfService;
  }
}

/**
 * Composition of what the pages need beside the core API (widget self-service, queue views, FAQ editing). Kept apart
 * from composition-root.ts so the pages' additions stay in their own files.
 */
export default fp(async (app) => {
  const built = new Map<string, SelfService>();
  const build = (ctx: AppContext): SelfService => {
    const queries = new PgSelfServiceQueries(ctx.db, ctx.tenantId);
    return {
      popularQuestions: createPopularQuestions({ knowledgeBases: ctx.knowledgeBases, queries }),
      handoffQueue: createHandoffQueue({ queries, clock: ctx.clock }),
      queuePosition: createQueuePosition({ conversations: ctx.conversations, queries, clock: ctx.clock }),
      editFaq: createEditFaq({ knowledgeBases: ctx.knowledgeBases, documents: ctx.documents, ingestDocument: ctx.ingestDocument, writeFaqFile }),
    };
  };
  app.decorate('selfServiceFor', (tenant: AppContext) => {
    let s = built.get(tenant.tenantId);
    if (!s) built.set(tenant.tenantId, (s = build(tenant)));
    return s;
  });
}, { name: 'self-service', dependencies: ['context'] });
