import path from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EvalRunNotFound, InvalidInput } from '../../../domain/errors.js';
import type { EvalRun } from '../../../domain/eval-run.js';
import { readMultipart } from '../../multipart-body.js';

const RunParams = z.object({ id: z.string().min(1).max(100) });
const SuiteName = z.string().min(1).max(200);
const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
const RunOptions = z.object({
  answers: flag.optional(),
  baseline: flag.optional(),
  limit: z.coerce.number().int().min(1).max(1_000_000).optional(),
});
const JsonBody = RunOptions.extend({ suite: z.union([SuiteName, z.array(SuiteName).min(1).max(20)]) }).strict();

const present = (r: EvalRun) => ({
  id: r.id,
  status: r.status,
  suites: r.suites,
  options: r.options,
  progress: r.progress,
  cancelRequested: r.cancelRequested,
  metrics: r.metrics,
  skipped: r.skipped,
  error: r.error,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
  links: { self: `/v1/evals/${r.id}`, cancel: `/v1/evals/${r.id}/cancel` },
});

const routes: FastifyPluginAsyncZod = async (app) => {
  const { maxUploadBytes } = app.ctx.config.evals;

  app.post('/', { config: { roles: ['qa'] },
    schema: {
      tags: ['evals'],
      summary: 'Start an eval run: JSON naming a stored or configured suite, or a multipart upload of a suite; runs as a background job (202)',
      consumes: ['application/json', 'multipart/form-data'],
      // Optional: a multipart upload has no JSON body to validate; it is checked below.
      body: JsonBody.nullish(),
    },
  }, async (req, reply) => {
    let run: EvalRun;
    if (req.isMultipart()) {
      const files: Array<{ name: string; bytes: Buffer }> = [];
      const fields: Record<string, string[]> = {};
      // Every part is read before anything is checked: the request stream must be drained.
      await readMultipart(req, async () => {
        for await (const part of req.parts({ limits: { fileSize: maxUploadBytes, files: 5 } })) {
          if (part.type === 'file') files.push({ name: path.basename(part.filename ?? ''), bytes: await part.toBuffer() });
          else (fields[part.fieldname] ??= []).push(String(part.value));
        }
      });
      if (!files.length) throw new InvalidInput('The upload holds no file: send suite.yaml with its cases file, or one cases .jsonl file', { details: { field: 'file' } });
      const opts = RunOptions.safeParse(Object.fromEntries(['answers', 'baseline', 'limit'].filter((k) => fields[k]).map((k) => [k, fields[k]![0]])));
      if (!opts.success) throw new InvalidInput(opts.error.issues[0]!.message, { details: { field: opts.error.issues[0]!.path.join('.') } });
      run = await app.evalsFor(req.tenant.tenantId).submit.upload(files, fields, opts.data);
    } else {
      if (!req.body) throw new InvalidInput('Send JSON { "suite": "<name>" } or a multipart upload of a suite', { details: { field: 'suite' } });
      const { suite, ...opts } = req.body;
      run = await app.evalsFor(req.tenant.tenantId).submit.byName(Array.isArray(suite) ? suite : [suite], opts);
    }
    return reply.status(202).header('location', `/v1/evals/${run.id}`).send(present(run));
  });

  app.get('/', { config: { roles: ['qa'] },
    schema: {
      tags: ['evals'],
      summary: 'Eval runs, newest first, with their headline metrics (for trends)',
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
        suite: SuiteName.optional(),
        status: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
      }),
    },
  }, async (req) => {
    const { items, total } = await app.evalsFor(req.tenant.tenantId).runs.list(req.query);
    return { items: items.map(present), total, limit: req.query.limit, offset: req.query.offset };
  });

  app.get('/:id', { config: { roles: ['qa'] },
    schema: {
      tags: ['evals'],
      summary: 'An eval run: status, progress, metrics and its per-case results, failures first',
      params: RunParams,
      querystring: z.object({
        limit: z.coerce.number().int().min(1).max(500).default(50),
        offset: z.coerce.number().int().min(0).default(0),
        failed: flag.optional(),
        include: z.enum(['reports']).optional(),
      }),
    },
  }, async (req) => {
    const run = await app.evalsFor(req.tenant.tenantId).runs.get(req.params.id);
    if (!run) throw new EvalRunNotFound(`Eval run ${req.params.id} does not exist`, { details: { id: req.params.id } });
    const { limit, offset, failed } = req.query;
    const results = await app.evalsFor(req.tenant.tenantId).runs.results(run.id, { limit, offset, failedOnly: failed });
    return {
      ...present(run),
      results: { ...results, limit, offset },
      ...(req.query.include === 'reports' ? { reports: await app.evalsFor(req.tenant.tenantId).runs.reports(run.id) } : {}),
    };
  });

  const cancel = async (tenantId: string, id: string) => present(await app.evalsFor(tenantId).queue.cancel(id));
  app.post('/:id/cancel', { config: { roles: ['qa'] }, schema: { tags: ['evals'], summary: 'Cancel a run: a queued one at once, a running one at its next case', params: RunParams } },
    async (req, reply) => reply.status(202).send(await cancel(req.tenant.tenantId, req.params.id)));
  app.delete('/:id', { config: { roles: ['qa'] }, schema: { tags: ['evals'], summary: 'Same as POST /v1/evals/:id/cancel (the run and its results are kept)', params: RunParams } },
    async (req, reply) => reply.status(202).send(await cancel(req.tenant.tenantId, req.params.id)));
};
export default routes;
