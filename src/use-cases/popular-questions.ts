import type { KnowledgeBaseRepository } from '../ports/knowledge-store.js';
import type { SelfServiceQueries } from '../ports/self-service-queries.js';
import { requireKnowledgeBase } from './require-knowledge-base.js';

/** The widget's self-service start: the FAQ entries customers are most often answered with. */
export function createPopularQuestions(deps: { knowledgeBases: KnowledgeBaseRepository; queries: SelfServiceQueries }) {
  return async (kbIdOrName: string, opts: { limit: number; language?: 'zh' | 'en' }) => {
    const kb = await requireKnowledgeBase(deps.knowledgeBases, kbIdOrName);
    return { knowledgeBaseId: kb.id, items: await deps.queries.popularQuestions(kb.id, opts) };
  };
}
