import { actorOf } from '../../actor.js';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SuiteConflict, SuiteNotFound } from '../../../domain/errors.js';

const SuiteParams = z.object({ name: z.string().min(1).max(200) });

const Source = z.object({ path: z.string().min(1).max(1000), heading: z.string().max(1000).nullable().default(null) }).strict();
const CaseBody = z
  .object({
    messageId: z.string().min(1).max(100),
    verdict: z.enum(['wrong', 'right']).optional(),
    expect: z
      .object({
        action: z.enum(['answer', 'escalate']).optional(),
        sources: z.array(Source).max(50).optional(),
        answer: z.string().max(20_000).optional(),
      })
      .strict()
      .optional(),
    suite: z.string().regex(/^[\w.-]{1,100}$/, 'letters, digits, . _ - (at most 100)').optional(),
    id: z.string().regex(/^[\w.:-]{1,120}$/, 'letters, digits, . _ : - (at most 120)').optional(),
    meta: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

/** Suites runnable by name, their export in the shared format, and cases made from conversations. */
const routes: FastifyPluginAsyncZod = async (app) => {
  const evals = (req: FastifyRequest) => app.evalsFor(req.tenant.tenantId);

  app.get('/suites', { config: { roles: ['qa'] }, schema: { tags: ['evals'], summary: 'Suites stored through the API and those of the configured folders (EVAL_SUITES_DIRS)' } }, async (req) => ({
    items: await evals(req).catalog.list(),
  }));

  app.get('/suites/:name', { config: { roles: ['qa'] },
    schema: {
      tags: ['evals'],
      summary: 'One suite; ?format=jsonl exports its cases in the shared format, yaml its suite.yaml, skills its skills file',
      params: SuiteParams,
      querystring: z.object({ format: z.enum(['json', 'jsonl', 'yaml', 'skills']).default('json') }),
    },
  }, async (req, reply) => {
    const out = await evals(req).catalog.export(req.params.name, req.query.format);
    if ('json' in out) return out.json;
    return reply.type(out.contentType).header('content-disposition', `attachment; filename="${out.filename}"`).send(out.text);
  });

  app.delete('/suites/:name', { config: { roles: ['qa'] }, schema: { tags: ['evals'], summary: 'Delete a stored suite (its past runs and results are kept)', params: SuiteParams } }, async (req, reply) => {
    if (await evals(req).suites.delete(req.params.name, { actor: actorOf(req) })) return reply.status(204).send();
    if (evals(req).catalog.configured().some((c) => c.name === req.params.name))
      throw new SuiteConflict(`${req.params.name} is a configured suite (a folder of EVAL_SUITES_DIRS); remove its folder instead`, { details: { suite: req.params.name } });
    throw new SuiteNotFound(`No suite named ${req.params.name}`, { details: { suite: req.params.name } });
  });

  app.post('/cases', { config: { roles: ['qa'] },
    schema: {
      tags: ['evals'],
      summary: "Turn a conversation turn (a customer message, or the bot's answer to it) into a case of a stored suite on the live knowledge base",
      body: CaseBody,
    },
  }, async (req, reply) => {
    const { suite, created, case: c } = await evals(req).createEvalCase(req.body);
    const self = `/v1/evals/suites/${encodeURIComponent(suite.name)}`;
    return reply
      .status(201)
      .header('location', self)
      .send({
        suite: { name: suite.name, cases: suite.caseCount, knowledgeBase: suite.knowledgeBase, created },
        case: c,
        links: { suite: self, export: `${self}?format=jsonl`, run: '/v1/evals' },
      });
  });
};
export default routes;
