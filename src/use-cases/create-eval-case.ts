import { caseFromTurn, type EvalCaseBody, type EvalExpectation, type Verdict } from '../domain/eval-case.js';
import { ConversationNotFound, MessageNotFound, SuiteConflict } from '../domain/errors.js';
import type { Clock } from '../ports/clock.js';
import type { ConversationStore } from '../ports/conversation-store.js';
import type { EvalSuiteStore, StoredSuite } from '../ports/eval-store.js';
import type { DocumentStore, KnowledgeBaseRepository } from '../ports/knowledge-store.js';
import { requireKnowledgeBase } from './require-knowledge-base.js';

export interface CreateEvalCaseInput {
  messageId: string;
  verdict?: Verdict;
  expect?: EvalExpectation;
  /** Default: `<knowledge base name>-regressions`. */
  suite?: string;
  id?: string;
  meta?: Record<string, unknown>;
}

/**
 * One call from a failed turn or a 👎 answer to a regression test: the turn becomes a case
 * (domain/eval-case.ts) appended to a stored suite that runs against the conversation's live
 * knowledge base, created on first use.
 */
export function createCreateEvalCase(deps: {
  conversations: ConversationStore;
  knowledgeBases: KnowledgeBaseRepository;
  documents: Pick<DocumentStore, 'faqEntries'>;
  suites: EvalSuiteStore;
  /** Names of the suites in EVAL_SUITES_DIRS: files, which the API does not write to. */
  isConfigured: (name: string) => boolean;
  clock: Clock;
}) {
  return async function createEvalCase(input: CreateEvalCaseInput): Promise<{ suite: StoredSuite; created: boolean; case: EvalCaseBody }> {
    const target = await deps.conversations.getMessage(input.messageId);
    if (!target) throw new MessageNotFound(`Message ${input.messageId} does not exist`, { details: { messageId: input.messageId } });
    const conversation = await deps.conversations.get(target.conversationId);
    if (!conversation) throw new ConversationNotFound(`Conversation ${target.conversationId} not found`);
    const kb = await requireKnowledgeBase(deps.knowledgeBases, conversation.kbId);
    const messages = await deps.conversations.messages(conversation.id);

    // An FAQ entry counts as the section its question heads: look up the questions of cited entries.
    const faqQuestions = new Map<string, string>();
    const faqDocs = new Set(messages.flatMap((m) => m.citations.filter((c) => c.type === 'faq').map((c) => c.documentId)));
    for (const documentId of faqDocs) for (const e of await deps.documents.faqEntries(kb.id, documentId)) faqQuestions.set(e.id, e.question);

    const body = caseFromTurn(
      { conversation, messages, target, faqQuestions },
      { verdict: input.verdict ?? 'wrong', expect: input.expect, id: input.id, meta: input.meta },
      deps.clock.now(),
    );
    const name = input.suite ?? `${kb.name}-regressions`;
    if (deps.isConfigured(name))
      throw new SuiteConflict(`${name} is a configured suite (a folder of EVAL_SUITES_DIRS); the API adds cases to stored suites only`, { details: { suite: name } });
    const { suite, created } = await deps.suites.appendCase(
      {
        name,
        kind: 'docs',
        lang: null,
        description: `Cases made from conversations on knowledge base ${kb.name} (POST /v1/evals/cases)`,
        knowledgeBase: kb.id,
        knowledge: [],
        skills: null,
        origin: 'cases',
      },
      body,
    );
    return { suite, created, case: body };
  };
}
