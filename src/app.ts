import Fastify, { type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from './config/config.js';
import type { AppContext } from './composition-root.js';
import { errorHandler } from './http/error-mapper.js';
import multipart from './http/plugins/external/multipart.js';
import swagger from './http/plugins/external/swagger.js';
import context from './http/plugins/app/context.js';
import health from './http/routes/health/index.js';
import knowledgeBases from './http/routes/knowledge-bases/index.js';
import documents from './http/routes/documents/index.js';
import search from './http/routes/search/index.js';
import conversations from './http/routes/conversations/index.js';
import openai from './http/routes/openai/index.js';
import conversationHandoff from './http/routes/conversations/handoff.js';
import agents from './http/routes/agents/index.js';
import handoffSweep from './http/plugins/app/handoff-sweep.js';
import evalJobs from './http/plugins/app/eval-jobs.js';
import evalRuns from './http/routes/evals/index.js';
import evalSuites from './http/routes/evals/suites.js';
import { strictJsonParser } from './http/plugins/external/strict-json.js';

export interface BuildOptions {
  ctx: AppContext;
  /** Close the context (database) when the server closes. */
  ownsContext?: boolean;
  fastify?: FastifyServerOptions;
}

/** The root plugin: external plugins, then the app context, then routes; one error handler. */
export async function buildApp(config: Config, opts: BuildOptions) {
  const app = Fastify({
    logger: { level: config.server.logLevel, redact: ['req.headers.authorization', 'req.headers["x-api-key"]'] },
    bodyLimit: 1024 * 1024,
    ...opts.fastify,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, strictJsonParser);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(multipart, { maxFileBytes: config.limits.maxUploadBytes });
  await app.register(swagger);
  await app.register(context, { ctx: opts.ctx, ownsContext: opts.ownsContext ?? false });
  await app.register(handoffSweep);
  await app.register(evalJobs);

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) =>
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
  await app.register(evalRuns, { prefix: '/v1/evals' });
  await app.register(evalSuites, { prefix: '/v1/evals' });
  return app;
}
