import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of the environment. Everything else receives the frozen `Config`
 * object, so tests can build one from a plain map without touching process.env.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (def: number, min = 0, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max).default(def);
const num = (def: number, min = 0, max = Number.MAX_VALUE) => z.coerce.number().min(min).max(max).default(def);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(3000, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  // Origins allowed to call the API from a browser (comma-separated; * = any). Empty: same origin only.
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean)),
  // Behind a reverse proxy: true, a hop count, or its addresses, so the client IP (rate limits) is the real one.
  TRUST_PROXY: optionalString,
  // Largest JSON body; uploads have their own limits below.
  BODY_LIMIT_BYTES: int(1024 * 1024, 1024),
  // Time to receive a whole request (0 = none); a slow upload beyond it is cut off.
  REQUEST_TIMEOUT_MS: int(300_000, 0),
  RATE_LIMIT_ENABLED: optionalString.pipe(bool.optional()),
  RATE_LIMIT_WINDOW_MS: int(60_000, 1000),
  // Requests per client (IP today) per window, all routes together.
  RATE_LIMIT_MAX: int(1000, 1),
  // Customer messages and chat completions per client per window: each one costs a model call.
  RATE_LIMIT_CHAT_MAX: int(120, 1),
  // Unknown URLs per client per window: a scanner guessing routes is slowed down.
  RATE_LIMIT_NOT_FOUND_MAX: int(60, 1),
  // Client IPs never limited (comma-separated), e.g. a monitoring host.
  RATE_LIMIT_ALLOW_LIST: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean)),
  RATE_LIMIT_REDIS_PREFIX: z.string().min(1).max(200).default('kefu:rate-limit:'),
  // Requests per widget key per window: a public key sits in a web page, so its budget is smaller.
  RATE_LIMIT_WIDGET_MAX: int(300, 1),

  // API keys and roles on /v1 (docs/security.md). false only behind a gateway that authenticates
  // for us: every request then acts as an admin of the default tenant.
  AUTH_ENABLED: optionalString.pipe(bool.optional()),
  // Where the first start writes the local admin key it creates (mode 0600); relative to DATA_DIR.
  ADMIN_KEY_FILE: z.string().default('admin-key'),
  // The first start also makes a public widget key for the service's own pages (the home page's
  // demo chat) and writes it here; relative to DATA_DIR. Public: it works from our own origin only.
  PAGES_WIDGET_KEY_FILE: z.string().default('widget-key'),

  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: optionalString,
  DATABASE_POOL_MAX: int(10, 1, 200),
  // Where the embedded database runs its SQL: a worker thread (the event loop keeps serving
  // while a statement runs) or the main thread.
  PGLITE_THREAD: z.enum(['worker', 'main']).default('worker'),
  // Statements the PGlite worker keeps prepared, so repeated SQL is not planned again each time
  // (src/adapters/db/pglite-statement-cache.ts); 0 turns it off.
  PGLITE_STATEMENT_CACHE: int(256, 0, 10_000),

  EMBEDDING_PROVIDER: z.enum(['local', 'openai', 'ollama', 'transformers']).default('local'),
  EMBEDDING_MODEL: optionalString,
  EMBEDDING_DIM: z.coerce.number().int().min(8).max(4000).optional(),
  EMBEDDING_BATCH_SIZE: int(64, 1, 2048),
  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString,
  OLLAMA_BASE_URL: optionalString,
  TRANSFORMERS_MODEL_PATH: optionalString,
  MODEL_TIMEOUT_MS: int(30000, 100),
  // Retries of a failed model call (rate limit, 5xx, connection), with backoff between them.
  MODEL_MAX_RETRIES: int(2, 0, 10),

  UNSTRUCTURED_API_URL: optionalString,
  UNSTRUCTURED_API_KEY: optionalString,

  CHUNK_SIZE: int(600, 100, 8000),
  CHUNK_OVERLAP: int(80, 0, 2000),
  // Files `npm run ingest` works on at once: parsing, chunking and analysis of one overlap the
  // database writes of another (each file is still its own transaction).
  INGEST_CONCURRENCY: int(4, 1, 32),
  MAX_UPLOAD_BYTES: int(50 * 1024 * 1024, 1024),
  MAX_UNZIPPED_BYTES: int(200 * 1024 * 1024, 1024),
  // One upload request: all its files together, and how many files.
  MAX_UPLOAD_REQUEST_BYTES: int(200 * 1024 * 1024, 1024),
  MAX_UPLOAD_FILES: int(50, 1, 1000),

  RETRIEVAL_TOP_K: int(8, 1, 100),
  RETRIEVAL_CANDIDATES: int(50, 5, 1000),
  RRF_K: int(60, 1, 1000),
  WEIGHT_VECTOR: z.coerce.number().min(0).max(100).optional(),
  WEIGHT_TEXT: num(1, 0, 100),
  WEIGHT_CODE: num(0.5, 0, 100),
  WEIGHT_FAQ: num(1.2, 0, 100),
  HNSW_EF_SEARCH: int(80, 1, 1000),
  QUERY_TAIL_WEIGHT: num(0.6, 0, 1),

  // Who writes answers: the offline local answerer, or a chat model through LangChain.
  ANSWERER: z.enum(['local', 'openai', 'ollama']).default('local'),
  CHAT_MODEL: optionalString,
  CHAT_TEMPERATURE: num(0.2, 0, 2),
  CHAT_MAX_TOKENS: int(800, 16, 32000),
  CHAT_HISTORY_WINDOW: int(8, 0, 100),
  CHAT_MAX_MESSAGE_CHARS: int(4000, 10, 100_000),
  CHAT_PASSAGES: int(5, 1, 20),
  CHAT_FAQ_VERBATIM_CONFIDENCE: num(0.5, 0, 1),
  CHAT_CLARIFY: optionalString.pipe(bool.optional()),
  CHAT_STALE_TURN_MS: int(120_000, 1000),
  // The chat model's streamed answers are read on a worker thread (per-token parsing off the event loop).
  CHAT_MODEL_THREAD: optionalString.pipe(bool.optional()),
  // Answers in progress in this process; beyond it a new message gets 503 + Retry-After at once
  // instead of queueing behind the others (bench:chat saw new customers starved under overload).
  CHAT_MAX_CONCURRENT_TURNS: int(256, 1, 100_000),
  SSE_HEARTBEAT_MS: int(15_000, 100),
  // After the first delta of an answer, later ones are sent at most this often (0: every token
  // as it comes). Fewer socket writes per answer (docs/benchmarks.md).
  SSE_DELTA_BATCH_MS: int(40, 0, 1000),

  // Mask phone numbers, emails, ID and bank card numbers in customer text before it is sent to
  // an external model (chat answerer, rewriter, summaries, judge, query embeddings).
  PII_MASK_MODEL_INPUT: optionalString.pipe(bool.optional()),

  // Who reads customers' mood: the offline lexicon, or a chat model (falling back to the lexicon
  // on a timeout, an error or an unreadable reply). The model call comes before the answer, so
  // it adds its latency to every turn's first token.
  SENTIMENT_ANALYZER: z.enum(['lexicon', 'llm']).default('lexicon'),
  SENTIMENT_PROVIDER: z.enum(['openai', 'ollama']).optional(),
  SENTIMENT_MODEL: optionalString,
  SENTIMENT_TIMEOUT_MS: int(3000, 100, 60_000),
  // Need analysis for handoffs: the exemplar classifier (offline), or a chat model shown each
  // skill with INTENT_PROMPT_EXEMPLARS of its exemplars (the exemplar classifier answers on a
  // timeout, an error or a reply naming no skill).
  INTENT_CLASSIFIER: z.enum(['exemplar', 'llm']).default('exemplar'),
  INTENT_PROVIDER: z.enum(['openai', 'ollama']).optional(),
  INTENT_MODEL: optionalString,
  INTENT_TIMEOUT_MS: int(5000, 100, 60_000),
  INTENT_PROMPT_EXEMPLARS: int(3, 1, 50),

  // The eval runner's answer_judge; OpenAI-compatible (OPENAI_*) or Ollama (OLLAMA_BASE_URL).
  EVAL_JUDGE_PROVIDER: z.enum(['openai', 'ollama']).default('openai'),
  EVAL_JUDGE_MODEL: optionalString,
  // QA API: suite folders runnable by name (each a suite folder or a folder of suites), and the
  // folders an uploaded suite's knowledge paths may point into.
  EVAL_SUITES_DIRS: z.string().default('evals/suites'),
  EVAL_KNOWLEDGE_DIRS: z.string().default('examples'),
  EVAL_MAX_UPLOAD_BYTES: int(20 * 1024 * 1024, 1024),
  // Cases of a sentiment or intent suite in flight at once when a model scores them
  // (SENTIMENT_ANALYZER / INTENT_CLASSIFIER=llm): the runner waits on the model, not on the CPU.
  EVAL_MODEL_CONCURRENCY: int(4, 1, 64),

  ESCALATION_ENABLED: optionalString.pipe(bool.optional()),
  ESCALATION_CONFIDENCE_THRESHOLD: num(0.4, 0, 1),
  ESCALATION_FAILED_TURNS: int(2, 1, 20),
  ESCALATION_NEGATIVE_CONFIDENCE: num(0.6, 0, 1),
  ESCALATION_SENSITIVE_INTENTS: z
    .string()
    .default('complaint,legal,account_security')
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(z.enum(['refund', 'complaint', 'legal', 'account_security']))),

  // Exemplars per skill (JSONL {"skill","text"}) for routing handed-off conversations.
  SKILLS_FILE: optionalString,

  USER_DICT_FILE: optionalString,
  SYNONYMS_FILE: optionalString,

  SAMPLE_KB_ON_START: optionalString.pipe(bool.optional()),

  // Several instances: handoff events over Redis pub/sub instead of PostgreSQL LISTEN/NOTIFY.
  REDIS_URL: optionalString,
  REDIS_EVENTS_CHANNEL: z.string().min(1).max(200).default('kefu:events'),

  // Human handoff: the skill catalogue agents and handoffs may name (comma-separated).
  HANDOFF_SKILLS: z.string().default('general,orders,logistics,refund,billing,technical,complaint,account'),
  // An agent who has not accepted an offered conversation after this long loses it (re-queued).
  HANDOFF_ACCEPT_TIMEOUT_MS: int(60_000, 1000),
  // How often each instance looks for unaccepted offers and re-runs the queue (0 = never).
  HANDOFF_SWEEP_MS: int(10_000, 0),
  // Queue order: waiting this long weighs as much as the highest urgency.
  ROUTING_URGENCY_WAIT_MS: int(300_000, 1000),
  // A conversation waits this long for an agent with its skill before any agent may take it.
  ROUTING_MISMATCH_AFTER_MS: int(60_000, 0),
});

export type Env = Record<string, string | undefined>;

export type EmbeddingProvider = z.infer<typeof EnvSchema>['EMBEDDING_PROVIDER'];

/** Default dimension per provider when EMBEDDING_DIM is not set. */
const DEFAULT_DIM: Record<EmbeddingProvider, number | undefined> = {
  local: 512,
  openai: 1536,
  ollama: undefined,
  transformers: undefined,
};
const DEFAULT_MODEL: Record<EmbeddingProvider, string | undefined> = {
  local: 'hashed-lexical-v1',
  openai: 'text-embedding-3-small',
  ollama: 'nomic-embed-text',
  transformers: undefined,
};

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n  - ${issues.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

function build(e: z.infer<typeof EnvSchema>) {
  const issues: string[] = [];
  const provider = e.EMBEDDING_PROVIDER;
  const model = e.EMBEDDING_MODEL ?? DEFAULT_MODEL[provider];
  const dimension = e.EMBEDDING_DIM ?? DEFAULT_DIM[provider];
  if (provider === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL)
    issues.push('EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a keyless compatible server)');
  if (provider === 'ollama' && !e.OLLAMA_BASE_URL) issues.push('EMBEDDING_PROVIDER=ollama needs OLLAMA_BASE_URL');
  if (provider === 'transformers' && !e.TRANSFORMERS_MODEL_PATH)
    issues.push('EMBEDDING_PROVIDER=transformers needs TRANSFORMERS_MODEL_PATH (a local model folder)');
  if (!model) issues.push(`EMBEDDING_MODEL is required for EMBEDDING_PROVIDER=${provider}`);
  if (!dimension) issues.push(`EMBEDDING_DIM is required for EMBEDDING_PROVIDER=${provider} (the model's output size)`);
  if (e.ANSWERER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL)
    issues.push('ANSWERER=openai needs OPENAI_API_KEY (or OPENAI_BASE_URL for a keyless compatible server)');
  if (e.ANSWERER === 'ollama' && !e.OLLAMA_BASE_URL) issues.push('ANSWERER=ollama needs OLLAMA_BASE_URL');
  if (e.ANSWERER !== 'local' && !e.CHAT_MODEL) issues.push(`ANSWERER=${e.ANSWERER} needs CHAT_MODEL (the chat model's name)`);
  if (e.EVAL_JUDGE_MODEL && e.EVAL_JUDGE_PROVIDER === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL)
    issues.push('EVAL_JUDGE_MODEL with EVAL_JUDGE_PROVIDER=openai needs OPENAI_API_KEY or OPENAI_BASE_URL');
  if (e.EVAL_JUDGE_MODEL && e.EVAL_JUDGE_PROVIDER === 'ollama' && !e.OLLAMA_BASE_URL) issues.push('EVAL_JUDGE_PROVIDER=ollama needs OLLAMA_BASE_URL');
  // The sentiment and intent models default to the answering model's provider and name.
  const helperModel = (use: boolean, setting: string, provider: 'openai' | 'ollama' | undefined, model: string | undefined) => {
    const p = provider ?? (e.ANSWERER === 'local' ? 'openai' : e.ANSWERER);
    const m = model ?? e.CHAT_MODEL;
    if (use) {
      if (!m) issues.push(`${setting}=llm needs ${setting.split('_')[0]}_MODEL (or CHAT_MODEL)`);
      if (p === 'openai' && !e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) issues.push(`${setting}=llm with provider openai needs OPENAI_API_KEY or OPENAI_BASE_URL`);
      if (p === 'ollama' && !e.OLLAMA_BASE_URL) issues.push(`${setting}=llm with provider ollama needs OLLAMA_BASE_URL`);
    }
    return { provider: p, model: m };
  };
  const sentimentModel = helperModel(e.SENTIMENT_ANALYZER === 'llm', 'SENTIMENT_ANALYZER', e.SENTIMENT_PROVIDER, e.SENTIMENT_MODEL);
  const intentModel = helperModel(e.INTENT_CLASSIFIER === 'llm', 'INTENT_CLASSIFIER', e.INTENT_PROVIDER, e.INTENT_MODEL);
  if (e.CHUNK_OVERLAP >= e.CHUNK_SIZE) issues.push('CHUNK_OVERLAP must be smaller than CHUNK_SIZE');
  const skills = [...new Set(e.HANDOFF_SKILLS.split(',').map((s) => s.trim()).filter(Boolean))];
  if (!skills.length) issues.push('HANDOFF_SKILLS must name at least one skill');
  if (skills.some((s) => !/^[a-z0-9][a-z0-9_-]{0,49}$/.test(s))) issues.push('HANDOFF_SKILLS: skill names are lowercase letters, digits, _ and -');

  const trustProxy = parseTrustProxy(e.TRUST_PROXY);
  if (trustProxy === undefined) issues.push('TRUST_PROXY: true, false, a hop count, or comma-separated addresses/CIDRs');
  if (issues.length) throw new ConfigError(issues);

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    env: e.NODE_ENV,
    server: { host: e.HOST, port: e.PORT, logLevel: e.LOG_LEVEL },
    http: {
      corsOrigins: e.CORS_ORIGINS,
      trustProxy: trustProxy!,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    },
    rateLimit: {
      enabled: e.RATE_LIMIT_ENABLED ?? true,
      windowMs: e.RATE_LIMIT_WINDOW_MS,
      max: e.RATE_LIMIT_MAX,
      chatMax: e.RATE_LIMIT_CHAT_MAX,
      notFoundMax: e.RATE_LIMIT_NOT_FOUND_MAX,
      allowList: e.RATE_LIMIT_ALLOW_LIST,
      redisPrefix: e.RATE_LIMIT_REDIS_PREFIX,
      widgetMax: e.RATE_LIMIT_WIDGET_MAX,
    },
    auth: {
      enabled: e.AUTH_ENABLED ?? true,
      adminKeyFile: path.resolve(dataDir, e.ADMIN_KEY_FILE),
      pagesWidgetKeyFile: path.resolve(dataDir, e.PAGES_WIDGET_KEY_FILE),
    },
    database: (e.DATABASE_URL
      ? { kind: 'postgres', url: e.DATABASE_URL, poolMax: e.DATABASE_POOL_MAX }
      : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite'), thread: e.PGLITE_THREAD, statementCache: e.PGLITE_STATEMENT_CACHE }) as
      | { readonly kind: 'postgres'; readonly url: string; readonly poolMax: number }
      | { readonly kind: 'pglite'; readonly dataDir: string; readonly thread?: 'worker' | 'main'; readonly statementCache?: number },
    dataDir,
    embedding: {
      provider,
      model: model!,
      dimension: dimension!,
      batchSize: e.EMBEDDING_BATCH_SIZE,
      timeoutMs: e.MODEL_TIMEOUT_MS,
      maxRetries: e.MODEL_MAX_RETRIES,
    },
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL },
    ollama: { baseUrl: e.OLLAMA_BASE_URL },
    transformers: { modelPath: e.TRANSFORMERS_MODEL_PATH },
    unstructured: e.UNSTRUCTURED_API_URL ? { url: e.UNSTRUCTURED_API_URL, apiKey: e.UNSTRUCTURED_API_KEY } : undefined,
    chunking: { size: e.CHUNK_SIZE, overlap: e.CHUNK_OVERLAP },
    ingestConcurrency: e.INGEST_CONCURRENCY,
    limits: {
      maxUploadBytes: e.MAX_UPLOAD_BYTES,
      maxUploadRequestBytes: Math.max(e.MAX_UPLOAD_REQUEST_BYTES, e.MAX_UPLOAD_BYTES),
      maxUploadFiles: e.MAX_UPLOAD_FILES,
      maxUnzippedBytes: e.MAX_UNZIPPED_BYTES,
    },
    retrieval: {
      topK: e.RETRIEVAL_TOP_K,
      candidates: e.RETRIEVAL_CANDIDATES,
      rrfK: e.RRF_K,
      // The local embedder hashes the same words BM25 already ranks: fused at full weight it only
      // adds noise (measured on the shared suites), so its vector channel is off unless asked for.
      weights: { vector: e.WEIGHT_VECTOR ?? (provider === 'local' ? 0 : 1), text: e.WEIGHT_TEXT, code: e.WEIGHT_CODE, faq: e.WEIGHT_FAQ },
      efSearch: e.HNSW_EF_SEARCH,
      tailWeight: e.QUERY_TAIL_WEIGHT,
    },
    chat: {
      answerer: e.ANSWERER,
      model: e.CHAT_MODEL,
      temperature: e.CHAT_TEMPERATURE,
      maxTokens: e.CHAT_MAX_TOKENS,
      historyWindow: e.CHAT_HISTORY_WINDOW,
      maxMessageChars: e.CHAT_MAX_MESSAGE_CHARS,
      passages: e.CHAT_PASSAGES,
      faqVerbatimConfidence: e.CHAT_FAQ_VERBATIM_CONFIDENCE,
      clarify: e.CHAT_CLARIFY ?? true,
      modelThread: e.CHAT_MODEL_THREAD ?? true,
      staleTurnMs: e.CHAT_STALE_TURN_MS,
      maxConcurrentTurns: e.CHAT_MAX_CONCURRENT_TURNS,
      heartbeatMs: e.SSE_HEARTBEAT_MS,
      deltaBatchMs: e.SSE_DELTA_BATCH_MS,
    },
    sentiment: { analyzer: e.SENTIMENT_ANALYZER, ...sentimentModel, timeoutMs: e.SENTIMENT_TIMEOUT_MS },
    intent: { classifier: e.INTENT_CLASSIFIER, ...intentModel, timeoutMs: e.INTENT_TIMEOUT_MS, exemplarsPerSkill: e.INTENT_PROMPT_EXEMPLARS },
    evalJudge: { provider: e.EVAL_JUDGE_PROVIDER, model: e.EVAL_JUDGE_MODEL },
    privacy: { maskModelInput: e.PII_MASK_MODEL_INPUT ?? false },
    evals: {
      suitesDirs: pathList(e.EVAL_SUITES_DIRS),
      knowledgeDirs: pathList(e.EVAL_KNOWLEDGE_DIRS),
      maxUploadBytes: e.EVAL_MAX_UPLOAD_BYTES,
      modelConcurrency: e.EVAL_MODEL_CONCURRENCY,
    },
    redis: e.REDIS_URL ? { url: e.REDIS_URL, eventsChannel: e.REDIS_EVENTS_CHANNEL } : undefined,
    escalation: {
      enabled: e.ESCALATION_ENABLED ?? true,
      confidenceThreshold: e.ESCALATION_CONFIDENCE_THRESHOLD,
      failedTurns: e.ESCALATION_FAILED_TURNS,
      negativeConfidence: e.ESCALATION_NEGATIVE_CONFIDENCE,
      sensitiveIntents: e.ESCALATION_SENSITIVE_INTENTS,
    },
    skillsFile: e.SKILLS_FILE ? path.resolve(e.SKILLS_FILE) : undefined,
    lexicon: {
      userDictFile: e.USER_DICT_FILE ? path.resolve(e.USER_DICT_FILE) : undefined,
      synonymsFile: e.SYNONYMS_FILE ? path.resolve(e.SYNONYMS_FILE) : undefined,
    },
    sampleKbOnStart: e.SAMPLE_KB_ON_START ?? false,
    handoff: {
      skills: skills,
      acceptTimeoutMs: e.HANDOFF_ACCEPT_TIMEOUT_MS,
      sweepMs: e.HANDOFF_SWEEP_MS,
      routing: { urgencyWaitMs: e.ROUTING_URGENCY_WAIT_MS, mismatchAfterMs: e.ROUTING_MISMATCH_AFTER_MS },
    },
  };
}

/** Fastify's `trustProxy`: a boolean, a hop count, or addresses; undefined when malformed. */
function parseTrustProxy(v: string | undefined): boolean | number | string[] | undefined {
  if (v === undefined || /^(false|0|no)$/i.test(v)) return false;
  if (/^(true|yes)$/i.test(v)) return true;
  if (/^\d+$/.test(v)) return Number(v);
  const list = v.split(',').map((x) => x.trim()).filter(Boolean);
  return list.every((x) => /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(x)) && list.length ? list : undefined;
}

export type Config = ReturnType<typeof build>;

const pathList = (v: string) => v.split(',').map((x) => x.trim()).filter(Boolean).map((x) => path.resolve(x));

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

/**
 * Parses the environment once; reports every problem together. `defaults` fill in what the
 * environment leaves unset (the quickstart points the lexicon at the sample knowledge base).
 */
export function loadConfig(env: Env = process.env, defaults: Env = {}): Config {
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) };
  const parsed = EnvSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return deepFreeze(build(parsed.data));
}
