import { KnowledgeBaseNotFound } from '../domain/errors.js';
import type { KnowledgeBase } from '../domain/knowledge.js';
import type { KnowledgeBaseRepository } from '../ports/knowledge-store.js';

/** The knowledge base named by id or name, or KB_NOT_FOUND. */
export async function requireKnowledgeBase(repo: KnowledgeBaseRepository, idOrName: string): Promise<KnowledgeBase> {
  const kb = await repo.find(idOrName);
  if (!kb) throw new KnowledgeBaseNotFound(`Knowledge base ${idOrName} does not exist`, { details: { kb: idOrName } });
  return kb;
}
