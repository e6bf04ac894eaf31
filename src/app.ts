import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { DestinationStream } from 'pino';
import type { Config } from './config/config.js';
import { loggerOptions } from './http/log-options.js';
import type { AppContext } from './composition-root.js';
import { errorHandler } from './http/error-mapper.js';
import multipart from './http/plugins/external/multipart.js';
import helmet from './http/plugins/external/helmet.js';
import cors from './http/plugins/external/cors.js';
import rateLimit from './http/plugins/external/rate-limit.js';
import swagger from './http/plugins/external/swagger.js';
import context from './http/plugins/app/context.js';
import auth from './http/plugins/app/auth.js';
import keys from './http/routes/keys/index.js';
import tenants from './http/routes/tenants/index.js';
import auditLog from './http/routes/audit-log/index.js';
import health from './http/routes/health/index.js';
import knowledgeBases from './http/routes/knowledge-bases/index.js';
import documents from './http/routes/documents/index.js';
import search from './http/routes/search/index.js';
import conversations from './http/routes/conversations/index.js';
import openai from './http/routes/openai/index.js';
import conversationHandoff from './http/routes/conversations/handoff.js';
import agents from './http/routes/agents/index.js';
import analytics from './http/routes/analytics/index.js';
import handoffSweep from './http/plugins/app/handoff-sweep.js';
import evalJobs from './http/plugins/app/eval-jobs.js';
import evalRuns from './http/routes/evals/index.js';
import evalSuites from './http/routes/evals/suites.js';
import popularQuestions from './http/routes/self-service/popular-questions.js';
import faqEntries from './http/routes/self-service/faq-entries.js';
import { conversationQueueRoutes, handoffQueueRoutes } from './http/routes/self-service/queue.js';
import webPages from './http/plugins/external/web-pages.js';
import { rejectNulInUrl, strictJsonParser } from './http/plugins/external/strict-json.js';

export interface BuildOptions {
  ctx: AppContext;
  /** Close the context (database) when the server closes. */
  ownsContext?: boolean;
  fastify?: FastifyServerOptions;
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
}

/** A hop count means "trust the nearest n proxies" (Fastify's types take it only as a function). */
function trustProxyOption(v: Config['http']['trustProxy']) {
  return typeof v === 'number' ? (_address: string, hop: number) => hop < v : v;
}

/** The root plugin: external plugins, then the app context, then routes; one error handler. */
export async function buildApp(config: Config, opts: BuildOptions) {
  const app = Fastify({
    logger: loggerOptions(config.server.logLevel, opts.logStream),
    bodyLimit: config.http.bodyLimitBytes,
    requestTimeout: config.http.requestTimeoutMs,
    trustProxy: trustProxyOption(config.http.trustProxy),
    ...opts.fastify,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, strictJsonParser);
  app.setSerializerCompiler(serializerCompiler);
  // First, so that routes registered by plugins (CORS preflight, /docs) answer errors the same way.
  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', rejectNulInUrl);

  await app.register(helmet);
  await app.register(cors, { origins: config.http.corsOrigins });
  await app.register(rateLimit, { config: config.rateLimit, redisUrl: config.redis?.url });
  await app.register(multipart, { maxFileBytes: config.limits.maxUploadBytes, maxFiles: config.limits.maxUploadFiles });
  await app.register(swagger);
  await app.register(context, { ctx: opts.ctx, ownsContext: opts.ownsContext ?? false });
  // Before every route: it records each /v1 route's roles as the route is added.
  await app.register(auth, { enabled: config.auth.enabled });
  await app.register(handoffSweep);
  await app.register(evalJobs);

  // Rate-limited on its own, smaller budget: a scanner guessing URLs only ever gets 404s.
  app.setNotFoundHandler({ preHandler: config.rateLimit.enabled ? app.rateLimit(app.rateLimits.notFound) : undefined }, (req, reply) =>
    reply.status(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}` } }),
  );

  await app.register(health);
  await app.register(knowledgeBases, { prefix: '/v1/knowledge-bases' });
  await app.register(documents, { prefix: '/v1/knowledge-bases' });
  await app.register(search, { prefix: '/v1/knowledge-bases' });
  await app.register(conversations, { prefix: '/v1/conversations' });
  await app.register(openai, { prefix: '/v1' });
  await app.register(conversationHandoff, { prefix: '/v1/conversations' });
  await app.register(agents, { prefix: '/v1/agents' });
  await app.register(analytics, { prefix: '/v1/analytics' });
  await app.register(evalRuns, { prefix: '/v1/evals' });
  await app.register(evalSuites, { prefix: '/v1/evals' });
  // The pages' own read models (widget self-service, queue views) and the built pages.
  await app.register(popularQuestions, { prefix: '/v1/knowledge-bases' });
  await app.register(faqEntries, { prefix: '/v1/knowledge-bases' });
  await app.register(handoffQueueRoutes, { prefix: '/v1/handoffs' });
  await app.register(conversationQueueRoutes, { prefix: '/v1/conversations' });
  await app.register(webPages, { pagesWidgetKeyFile: config.auth.pagesWidgetKeyFile });
  await app.register(keys, { prefix: '/v1/keys' });
  await app.register(tenants, { prefix: '/v1/tenants' });
  await app.register(auditLog, { prefix: '/v1/audit-log' });
  return app;
}
