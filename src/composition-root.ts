import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Config } from './config/config.js';
import { openDatabase, type Database } from './adapters/db/database.js';
import { migrate } from './adapters/db/migrator.js';
import { PgDocumentStore } from './adapters/db/pg-document-store.js';
import { PgEmbeddingSpace } from './adapters/db/pg-embedding-space.js';
import { PgKnowledgeBaseRepository } from './adapters/db/pg-knowledge-base-repository.js';
import { PgSearchIndex } from './adapters/db/pg-search-index.js';
import { createEmbedder } from './adapters/embedding/create-embedder.js';
import { JiebaAnalyzer } from './adapters/text/jieba-analyzer.js';
import { parseSynonyms, type SynonymTable } from './domain/synonyms.js';
import { LEXICON_DIR } from './adapters/text/lexicon-files.js';
import type { Embedder } from './ports/embedder.js';
import type { TextAnalyzer } from './ports/text-analyzer.js';
import { ensureEmbeddingSpace } from './use-cases/ensure-embedding-space.js';
import { createIngestDocument } from './use-cases/ingest-document.js';
import { createSearchKnowledge } from './use-cases/search-knowledge.js';
import { PgConversationStore } from './adapters/db/pg-conversation-store.js';
import { PromptLibrary } from './adapters/prompts/prompt-library.js';
import { createAnswering } from './adapters/answering/create-answering.js';
import { createAnswerTurn } from './use-cases/answer-turn.js';
import { createOpenConversation } from './use-cases/open-conversation.js';
import { createRetrievalEvidence } from './use-cases/retrieval-evidence.js';
import { createSentimentAnalyzer } from './adapters/sentiment/create-sentiment-analyzer.js';
import { createIntentClassifier } from './adapters/intent/create-intent-classifier.js';
import { readSkillExemplars } from './adapters/intent/skill-exemplars-file.js';
import { loadDocument } from '../ingest/loaders/load-document.js';
import { chunkMarkdown } from '../ingest/chunking/markdown-chunker.js';
import { createEventBus, createHandoffContext } from './handoff-context.js';
import { PgAnalyticsStore } from './adapters/db/pg-analytics-store.js';
import { createAnalyticsReports } from './use-cases/analytics-reports.js';
import type { Clock } from './ports/clock.js';
import type { EventBus } from './ports/event-bus.js';
import { systemClock } from './ports/clock.js';
import { PgTenantStore } from './adapters/db/pg-tenant-store.js';
import { DEFAULT_TENANT } from './domain/tenancy.js';
import { PgSelfServiceQueries } from './adapters/db/pg-self-service-queries.js';
import { writeFaqFile } from '../ingest/faq-writer.js';
import { createEditFaq } from './use-cases/edit-faq.js';
import { createHandoffQueue } from './use-cases/handoff-queue.js';
import { createPopularQuestions } from './use-cases/popular-questions.js';
import { createQueuePosition } from './use-cases/queue-position.js';

type ContextOptions = { db?: Database; embedder?: Embedder; log?: Logger; checkEmbeddingSpace?: boolean; clock?: Clock; bus?: EventBus };

/** What every tenant shares: the database, models, text analysis, prompts, the event bus. */
async function createShared(config: Config, db: Database, opts: ContextOptions) {
  const migration = await migrate(db);
  if (migration.applied.length) opts.log?.info({ applied: migration.applied, version: migration.to }, 'migrations applied');

  const analyzer: TextAnalyzer = new JiebaAnalyzer({ userDictFiles: config.lexicon.userDictFile ? [config.lexicon.userDictFile] : [] });
  const synonymText = [path.join(LEXICON_DIR, 'synonyms.txt'), ...(config.lexicon.synonymsFile ? [config.lexicon.synonymsFile] : [])]
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  const synonyms: SynonymTable = parseSynonyms(synonymText, (p) => analyzer.analyze(p).words);
  const embedder = opts.embedder ?? (await createEmbedder(config, analyzer));
  const embeddingSpace = new PgEmbeddingSpace(db);
  // `npm run reembed` opens the store precisely because the spaces differ.
  if (opts.checkEmbeddingSpace !== false) await ensureEmbeddingSpace(embeddingSpace, embedder, { vectorsNeeded: config.retrieval.weights.vector > 0 });

  // Keyed by knowledge base id: reached only with the id of a knowledge base the tenant's own
  // repository found (see createTenantScope).
  const documents = new PgDocumentStore(db);
  const index = new PgSearchIndex(db);
  const prompts = new PromptLibrary();
  const answering = createAnswering(config, prompts);
  const evidence = createRetrievalEvidence({ analyzer, synonyms, documents, index });
  const sentiment = createSentimentAnalyzer(config, prompts, opts.log);
  const skills = config.skillsFile ? createIntentClassifier(config, prompts, analyzer, readSkillExemplars(config.skillsFile, config.handoff.skills), opts.log) : undefined;
  const clock = opts.clock ?? systemClock;
  // One bus for every tenant: topics are conversation and agent ids, and a stream is only
  // opened on an id the tenant's own store found.
  const bus = opts.bus ?? createEventBus(config, db);
  return {
    config,
    db,
    analyzer,
    synonyms,
    embedder,
    embeddingSpace,
    documents,
    index,
    prompts,
    answering,
    answerer: answering.answerer,
    rewriter: answering.rewriter,
    evidence,
    sentiment,
    skills,
    clock,
    bus,
    /** Tenants, API keys and the audit log (issue 8). */
    tenants: new PgTenantStore(db),
  };
}

type Shared = Awaited<ReturnType<typeof createShared>>;

/**
 * One tenant's stores and use cases: every repository is built for that tenant and filters every
 * query by it, so a use case can only ever reach the tenant's own rows.
 */
function createTenantScope(tenantId: string, shared: Shared, log?: Logger) {
  const { config, db, analyzer, synonyms, embedder, documents, index, prompts, answering, evidence, sentiment, skills, clock, bus } = shared;
  const knowledgeBases = new PgKnowledgeBaseRepository(db, tenantId);
  const chunking = config.chunking;
  const ingestDocument = createIngestDocument({
    knowledgeBases,
    documents,
    analyzer,
    embedder,
    load: (input) => loadDocument(input, { maxUnzippedBytes: config.limits.maxUnzippedBytes, unstructured: config.unstructured }),
    chunk: (markdown) => chunkMarkdown(markdown, chunking),
    pipelineSignature: `chunk:${chunking.size}/${chunking.overlap};embed:${embedder.id}/${embedder.dimension};parser:${config.unstructured ? 'unstructured' : 'builtin'}`,
    embedBatchSize: config.embedding.batchSize,
    storeVectors: config.retrieval.weights.vector > 0,
  });
  const searchKnowledge = createSearchKnowledge({ knowledgeBases, index, embedder, analyzer, synonyms, settings: config.retrieval });
  const conversations = new PgConversationStore(db, tenantId);
  // Human handoff: ctx.handOff, agents, routing (issue 5).
  const handoff = createHandoffContext(config, { tenantId, db, conversations, prompts, clock, bus, log });
  const answerTurn = createAnswerTurn({
    handOff: async (conversationId, request) => {
      const r = await handoff.handOff(conversationId, request);
      return { status: r.outcome, handoffId: r.handoff.id, agentId: r.agentId, ticket: r.ticket?.id ?? null, notice: r.notice.text, created: r.created };
    },
    relay: async (conversationId, content, sentiment) => {
      const r = await handoff.relayCustomerMessage(conversationId, content, { sentiment });
      return { messageId: r.message.id, deliveredTo: r.deliveredTo };
    },
    conversations,
    knowledgeBases,
    sentiment,
    escalation: config.escalation,
    renderHandoffReply: (language) => prompts.render('local-handoff', language),
    classifyNeed: skills ? async (text, language) => (await skills.classify(text, { language })).skill : undefined,
    searchKnowledge,
    evidence,
    ...answering,
    renderClarification: (language, options) =>
      prompts.render('local-clarify', language, { options: options.join(language === 'zh' ? '、' : ', ') }),
    settings: config.chat,
    clock: handoff.clock,
    log,
  });
  const openConversation = createOpenConversation({ knowledgeBases, conversations, clock: handoff.clock });
  // The dashboard (issue 7): metrics over the tenant's part of the analytics event log.
  const analytics = createAnalyticsReports({
    store: new PgAnalyticsStore(db, tenantId),
    agents: handoff.agents,
    clock: handoff.clock,
  });
  // What the pages need beside the core API: widget self-service, queue views, FAQ editing.
  const selfService = new PgSelfServiceQueries(db, tenantId);
  return {
    tenantId,
    popularQuestions: createPopularQuestions({ knowledgeBases, queries: selfService }),
    handoffQueue: createHandoffQueue({ queries: selfService, clock: handoff.clock }),
    queuePosition: createQueuePosition({ conversations, queries: selfService, clock: handoff.clock }),
    editFaq: createEditFaq({ knowledgeBases, documents, ingestDocument, writeFaqFile }),
    knowledgeBases,
    conversations,
    ingestDocument,
    searchKnowledge,
    answerTurn,
    openConversation,
    analytics,
    ...handoff,
  };
}

/** A tenant's whole context: what is shared plus the tenant's own stores and use cases. */
export type AppContext = Shared &
  ReturnType<typeof createTenantScope> & {
    /** The same context for another tenant (built once, then cached). */
    forTenant(tenantId: string): AppContext;
    warmSearch(): Promise<number>;
    close(): Promise<void>;
  };

/**
 * Builds every adapter once and hands them to the use cases. Shared by the HTTP service, the
 * ingest CLI and the eval runner, so all three run exactly the same pipeline. The context itself
 * is the built-in default tenant's; `forTenant` gives any other tenant's.
 */
export async function createContext(config: Config, opts: ContextOptions = {}): Promise<AppContext> {
  const db =
    opts.db ??
    (await openDatabase(
      config.database.kind === 'pglite' ? config.database : { kind: 'postgres', url: config.database.url, poolMax: config.database.poolMax },
      { efSearch: config.retrieval.efSearch },
    ));
  try {
    const shared = await createShared(config, db, opts);
    const scopes = new Map<string, AppContext>();
    const common = {
      forTenant(tenantId: string): AppContext {
        let scoped = scopes.get(tenantId);
        if (!scoped) {
          scoped = { ...shared, ...createTenantScope(tenantId, shared, opts.log), ...common };
          scopes.set(tenantId, scoped);
        }
        return scoped;
      },
      /**
       * Builds every knowledge base's lexical index before the service takes traffic: at 100k
       * chunks the build takes seconds (measured 6 s on the server, 18 s on PGlite), which the
       * first customer would otherwise wait through.
       */
      async warmSearch() {
        const started = performance.now();
        let n = 0;
        for (const t of await shared.tenants.listTenants()) {
          const kbs = await common.forTenant(t.id).knowledgeBases.list();
          for (const kb of kbs) await shared.index.warm(kb.id);
          n += kbs.length;
        }
        opts.log?.info({ knowledgeBases: n, ms: Math.round(performance.now() - started) }, 'search indexes ready');
        return n;
      },
      async close() {
        await shared.bus.close().catch(() => undefined);
        await shared.answering.close().catch(() => undefined);
        await db.close();
      },
    };
    return common.forTenant(DEFAULT_TENANT);
  } catch (err) {
    if (!opts.db) await db.close();
    throw err;
  }
}
